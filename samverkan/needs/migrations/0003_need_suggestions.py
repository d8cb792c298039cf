from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0002_default_states"),
    ]

    operations = [
        migrations.AddField(
            model_name="need",
            name="suggestions",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
    ]
