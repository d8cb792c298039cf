"""E-mail as a background job: the web request only records it, a worker talks to the SMTP server.

``send_email.enqueue(subject, body, [address])`` inside the transaction that caused the message:
the message is sent if and only if that transaction commits, and an SMTP server that is down is
tried again with a growing delay before the job is marked failed.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import TaskContext, task

from .tasks import retry_transient


def retry_policy() -> tuple[int, timedelta]:
    """Attempts and the first wait: with the defaults, six tries over about half an hour."""
    return (
        settings.SAMVERKAN_MAIL_ATTEMPTS,
        timedelta(seconds=settings.SAMVERKAN_MAIL_RETRY_SECONDS),
    )


#: Files sent with a message, as ``[filename, text, mimetype]``: plain JSON, so that the job
#: queue can store them with the message.
Attachments = list[list[str]]


@task(takes_context=True)
@retry_transient(smtplib.SMTPException, OSError, policy=retry_policy)
def send_email(
    context: TaskContext,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    attachments: Attachments | None = None,
) -> int:
    """Send one plain-text message, with ``attachments`` if any; ``from_email`` None means
    ``DEFAULT_FROM_EMAIL``."""
    message = EmailMessage(subject, body, from_email, to)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=False)


def absolute(path: str) -> str:
    """A link for an e-mail: the site's address (``SAMVERKAN_SITE_URL``) and ``path``."""
    return settings.SAMVERKAN_SITE_URL.rstrip("/") + path


_silent: ContextVar[bool] = ContextVar("mail_silent", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No e-mail while loading demo data or history: the workflows run, nobody is written to."""
    token = _silent.set(True)
    try:
        yield
    finally:
        _silent.reset(token)


def send_templated(
    template: str,
    to: str,
    context: dict,
    language: str = "sv",
    attachments: Attachments | None = None,
) -> None:
    """Enqueue the message of ``<template>_subject.txt`` and ``<template>.txt``, written in the
    recipient's ``language``, with ``attachments`` if any; nothing while :func:`silenced`."""
    if _silent.get():
        return
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    send_email.enqueue(subject, body, [to], attachments=attachments)
