from django.db import migrations

from samverkan.places.reference import load_places


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load_places, migrations.RunPython.noop, elidable=False)]
