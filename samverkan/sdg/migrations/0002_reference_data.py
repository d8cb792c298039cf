from django.db import migrations

from samverkan.sdg.reference import load_goals


class Migration(migrations.Migration):
    dependencies = [("sdg", "0001_initial")]

    operations = [migrations.RunPython(load_goals, migrations.RunPython.noop, elidable=False)]
