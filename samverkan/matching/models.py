"""The search index: one row per searchable object, with its text, filters and vectors."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.searchable import Audience


class Document(models.Model):
    """What the matching engine knows of one object, rebuilt whenever the object changes.

    ``vectors`` holds float16 unit vectors: row 0 embeds the whole text, the following rows its
    sentences (``sentences``). ``content_hash`` covers everything that is embedded, so an
    unchanged object is never embedded again. ``title_terms`` and ``body_terms`` are the analysed
    terms the lexical score counts (see :mod:`samverkan.matching.lexical`); on SQLite an FTS5
    table follows them through triggers, on PostgreSQL a generated ``search_terms`` tsvector.
    Both live outside Django's model: a migration that rebuilds this table on SQLite must
    create them again (``lexical.INDEX_SQL``). So does the ``embedding`` column that PostgreSQL
    with pgvector adds (:mod:`samverkan.matching.vectorindex`).
    """

    # A kind registered by a domain app (:mod:`samverkan.kernel.searchable`).
    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    external_id = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=300)
    heading = models.CharField(max_length=300, blank=True)
    # In Swedish and in English (empty: the Swedish one serves both); results show the reader's.
    subtitle = models.CharField(max_length=300, blank=True)
    subtitle_en = models.CharField(max_length=300, blank=True, default="")
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=2, default="sv")
    goals = models.JSONField(default=list)
    forms = models.JSONField(default=list)
    counties = models.JSONField(default=list)
    speaks = models.JSONField(default=list)
    audience = models.PositiveSmallIntegerField(choices=Audience.choices, default=0)
    sentences = models.JSONField(default=list)
    vectors = models.BinaryField(null=True, blank=True)
    title_terms = models.TextField(blank=True, default="")
    body_terms = models.TextField(blank=True, default="")
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="document_unique_object")
        ]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class IndexVersion(models.Model):
    """A token replaced on every index change, so each process knows when to reload. A random
    token rather than a counter: a rolled-back change can never leave two different indexes
    with the same version."""

    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> str:
        return cls.objects.filter(pk=1).values_list("token", flat=True).first() or ""

    @classmethod
    def bump(cls) -> None:
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(token=token):
            cls.objects.update_or_create(pk=1, defaults={"token": token})
