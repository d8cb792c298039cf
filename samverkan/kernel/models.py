"""The toolkit's one table: which periodic job was enqueued for which period."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One row per periodic job and period. The unique pair is what makes two schedulers running
    at once enqueue a job only once: the second insert fails and enqueues nothing."""

    job = models.CharField(_("job"), max_length=100)
    period = models.DateTimeField(_("period"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="kernel_periodic_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period:%Y-%m-%d %H:%M}"
