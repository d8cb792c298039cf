"""A suggestion's subtitle in English too, as the index had it when the suggestion was stored."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("needs", "0005_match_reasons")]

    operations = [
        migrations.AddField(
            model_name="needmatch",
            name="subtitle_en",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
    ]
