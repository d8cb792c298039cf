from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PeriodicRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("job", models.CharField(max_length=100, verbose_name="job")),
                ("period", models.DateTimeField(verbose_name="period")),
                (
                    "enqueued_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="enqueued at"),
                ),
            ],
            options={
                "verbose_name": "periodic run",
                "verbose_name_plural": "periodic runs",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("job", "period"), name="kernel_periodic_run_once"
                    )
                ],
            },
        ),
    ]
