from django.db import migrations

from samverkan.catalogue.reference import load_guides


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_offerings")]

    operations = [migrations.RunPython(load_guides, migrations.RunPython.noop, elidable=False)]
