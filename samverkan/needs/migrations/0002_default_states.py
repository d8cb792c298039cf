"""Every existing arena gets the default need workflow."""

from django.db import migrations

from samverkan.needs.workflow import DEFAULT_STATES


def add_default_states(apps, schema_editor):
    Arena = apps.get_model("arenas", "Arena")
    NeedState = apps.get_model("needs", "NeedState")
    for arena in Arena.objects.all():
        if NeedState.objects.filter(arena=arena).exists():
            continue
        NeedState.objects.bulk_create(
            NeedState(
                arena=arena,
                name_sv=sv,
                name_en=en,
                colour=colour,
                position=(index + 1) * 10,
                is_public=public,
                is_terminal=terminal,
                outcome=outcome,
            )
            for index, (sv, en, colour, public, terminal, outcome, *_later) in enumerate(
                DEFAULT_STATES
            )
        )


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial"), ("arenas", "0001_initial")]

    operations = [migrations.RunPython(add_default_states, migrations.RunPython.noop)]
