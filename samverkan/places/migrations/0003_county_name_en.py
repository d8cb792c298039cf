from django.db import migrations, models

from samverkan.places.reference import set_county_english_names


class Migration(migrations.Migration):
    dependencies = [("places", "0002_reference_data")]

    operations = [
        migrations.AddField(
            model_name="county",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (English)"),
        ),
        migrations.RunPython(set_county_english_names, migrations.RunPython.noop, elidable=False),
    ]
