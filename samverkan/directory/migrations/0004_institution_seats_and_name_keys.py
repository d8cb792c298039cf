from typing import Any

from django.db import migrations

from samverkan.directory.reference import set_institution_seats
from samverkan.kernel.text import normalised_name


def fill_name_keys(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("directory", "Person")
    people = list(Person.objects.all())
    for person in people:
        person.name_key = normalised_name(f"{person.first_name} {person.last_name}")
    Person.objects.bulk_update(people, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_profiles_contacts_search")]

    operations = [
        migrations.RunPython(set_institution_seats, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
