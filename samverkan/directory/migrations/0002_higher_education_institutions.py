from django.db import migrations

from samverkan.directory.reference import load_institutions


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial"), ("places", "0002_reference_data")]

    operations = [
        migrations.RunPython(load_institutions, migrations.RunPython.noop, elidable=False)
    ]
