"""What an object contributes to the index: text fields, filters and who may find it.

Each kind's search source (:mod:`samverkan.matching.registry`) turns its objects into
:class:`Source` records; this module holds the record and the text helpers the sources share.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from samverkan.kernel.richtext import plain_text
from samverkan.kernel.text import guess_language

from .models import Audience

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"'(])|\s*\n\s*")
MAX_SENTENCES = 12


@dataclass
class Source:
    """The indexable content of one object."""

    kind: str
    object_id: int
    title: str
    body: str
    external_id: str = ""
    heading: str = ""
    subtitle: str = ""
    keywords: str = ""
    goals: list[int] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    speaks: list[str] = field(default_factory=list)
    audience: int = Audience.EVERYONE

    @property
    def language(self) -> str:
        return guess_language(f"{self.title} {self.body}")

    @property
    def full_text(self) -> str:
        """The text embedded as a whole: the heading (a person's title rather than their name),
        keywords, then the body."""
        parts = (self.heading or self.title, self.keywords, self.body)
        return ". ".join(part for part in parts if part)

    @property
    def sentences(self) -> list[str]:
        """The body's sentences (the first few), embedded one by one to find the closest one."""
        return [s.strip() for s in SENTENCE_END.split(self.body) if len(s.strip()) > 20][
            :MAX_SENTENCES
        ]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def both(sv: str, en: str) -> str:
    """Swedish and English versions of a text (rich text as plain), once each, so either language
    finds it."""
    parts = (plain_text(part) for part in (sv, en))
    return "\n".join(dict.fromkeys(part for part in parts if part))
