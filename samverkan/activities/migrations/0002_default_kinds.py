from django.db import migrations

# Every arena's kinds; an arena adds its own in the administration.
KINDS = [
    ("municipal-visit", "Kommunbesök", "Municipal visit", True),
    ("workshop", "Workshop", "Workshop", False),
    ("network-meeting", "Nätverksträff", "Network meeting", False),
    ("seminar", "Seminarium eller konferens", "Seminar or conference", False),
    ("partner-group-meeting", "Partnergruppsmöte", "Partner group meeting", False),
    ("steering-group-meeting", "Styrgruppsmöte", "Steering group meeting", False),
    ("other", "Annat", "Other", False),
]


def add_kinds(apps, schema_editor):
    kind = apps.get_model("activities", "ActivityKind")
    for position, (slug, name_sv, name_en, is_visit) in enumerate(KINDS):
        kind.objects.update_or_create(
            slug=slug,
            arena=None,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "is_visit": is_visit,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
