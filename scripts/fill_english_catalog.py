"""Make the English catalogue complete: the source texts are English, so each msgstr is its msgid.

Usage: python scripts/fill_english_catalog.py samverkan/locale/en/LC_MESSAGES/django.po
Entries that already have an English text (an improved wording) are kept.
"""

import re
import sys
from pathlib import Path

ENTRY = re.compile(
    r'(?P<id>msgid (?:"(?:[^"\\]|\\.)*"\n)+)'
    r'(?P<plural>msgid_plural (?:"(?:[^"\\]|\\.)*"\n)+)?'
    r'(?P<strs>(?:msgstr(?:\[\d\])? (?:"(?:[^"\\]|\\.)*"\n)+)+)'
)


HEADER = {
    "Project-Id-Version": "Samverkan",
    "PO-Revision-Date": "2026-11-24 00:00+0100",
    "Last-Translator": "Samverkan contributors",
    "Language-Team": "English",
    "Language": "en",
}


def text_of(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def fill(match: re.Match[str]) -> str:
    msgid, plural, strs = match["id"], match["plural"], match["strs"]
    if not text_of(msgid) or text_of(strs):
        return match[0]
    body = msgid.split(" ", 1)[1]
    if plural:
        plural_body = plural.split(" ", 1)[1]
        return f"{msgid}{plural}msgstr[0] {body}msgstr[1] {plural_body}"
    return f"{msgid}msgstr {body}"


def main(path: str) -> None:
    catalogue = Path(path)
    text = catalogue.read_text(encoding="utf-8")
    text = text.replace("#, fuzzy\n", "")
    for field, value in HEADER.items():
        line = f'"{field}: {value}' + '\\n"'
        text = re.sub(rf'"{field}: [^"\n]*"', lambda _match, line=line: line, text, count=1)
    catalogue.write_text(ENTRY.sub(fill, text), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
