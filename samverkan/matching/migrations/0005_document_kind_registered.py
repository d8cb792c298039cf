"""A document's kind is whatever kind a domain app registers, not a fixed list (no change in the
database: choices are not stored there)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_pgvector")]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(max_length=20),
        ),
    ]
