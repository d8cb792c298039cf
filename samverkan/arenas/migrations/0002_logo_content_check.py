import django.core.validators
from django.db import migrations, models

import samverkan.arenas.images


class Migration(migrations.Migration):
    dependencies = [("arenas", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="arena",
            name="logo",
            field=models.FileField(
                blank=True,
                upload_to="arenas/logos/",
                validators=[
                    django.core.validators.FileExtensionValidator(["png", "jpg", "jpeg", "webp"]),
                    samverkan.arenas.images.validate_logo,
                ],
                verbose_name="logo",
            ),
        ),
    ]
