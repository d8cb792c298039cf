"""Periodic jobs: domain apps register them in ``AppConfig.ready()``, ``samverkan schedule``
enqueues the ones that are due.

A job is due once per period (every day, every hour ...). ``run_due`` claims the period by
inserting a :class:`PeriodicRun` row and enqueues the job in the same transaction, so however
many schedulers run at the same moment, each period's job is enqueued exactly once. A period
missed while no scheduler ran is not made up for: the next run enqueues the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from .models import PeriodicRun

EPOCH = datetime(2000, 1, 3)  # a Monday at midnight, so weekly periods start on Mondays


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    every: timedelta
    offset: timedelta = timedelta(0)

    def period(self, now: datetime) -> datetime:
        """The start of the period ``now`` falls in, counted in local time from ``offset`` past
        midnight (a daily job with offset 17 h runs once a day, from 17:00 on)."""
        local = timezone.localtime(now).replace(tzinfo=None)
        count = (local - EPOCH - self.offset) // self.every
        start = EPOCH + self.offset + count * self.every
        return timezone.make_aware(start)


_registry: dict[str, Periodic] = {}


def register(name: str, task: Task, every: timedelta, offset: timedelta = timedelta(0)) -> Periodic:
    """Make ``task`` (which takes no arguments) run once per ``every``; call from ``ready()``."""
    periodic = Periodic(name, task, every, offset)
    _registry[name] = periodic
    return periodic


def registered() -> dict[str, Periodic]:
    return dict(_registry)


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue every registered job whose current period has not been claimed; returns their
    names."""
    now = now or timezone.now()
    enqueued = []
    for periodic in _registry.values():
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=periodic.name, period=periodic.period(now))
                periodic.task.enqueue()
        except IntegrityError:
            continue
        enqueued.append(periodic.name)
    return enqueued
