from django.db import migrations

from samverkan.catalogue.reference import load_forms


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load_forms, migrations.RunPython.noop, elidable=False)]
