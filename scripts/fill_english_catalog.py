"""Make the English catalogue complete: the source texts are English, so every msgstr is its msgid.

Usage: python scripts/fill_english_catalog.py samverkan/locale/en/LC_MESSAGES/django.po

msgmerge's fuzzy guesses (a translation borrowed from a similar text) are always replaced, so the
catalogue never shows another text's words.
"""

import re
import sys
from pathlib import Path

STRING = r'"(?:[^"\\]|\\.)*"\n'
ENTRY = re.compile(
    rf"(?P<id>msgid (?:{STRING})+)"
    rf"(?P<plural>msgid_plural (?:{STRING})+)?"
    rf"(?P<strs>(?:msgstr(?:\[\d\])? (?:{STRING})+)+)"
)
HEADER = {
    "Project-Id-Version": "Samverkan",
    "PO-Revision-Date": "2026-11-24 00:00+0100",
    "Last-Translator": "Samverkan contributors",
    "Language-Team": "English",
    "Language": "en",
}


def fill(match: re.Match[str]) -> str:
    msgid, plural = match["id"], match["plural"]
    body = msgid.split(" ", 1)[1]
    if body == '""\n' and not plural:
        return match[0]  # the header
    if plural:
        plural_body = plural.split(" ", 1)[1]
        return f"{msgid}{plural}msgstr[0] {body}msgstr[1] {plural_body}"
    return f"{msgid}msgstr {body}"


def main(path: str) -> None:
    catalogue = Path(path)
    text = catalogue.read_text(encoding="utf-8")
    text = re.sub(r"^#\| .*\n", "", text, flags=re.M)
    text = re.sub(r"^#, fuzzy, ", "#, ", text, flags=re.M)
    text = re.sub(r"^#, fuzzy\n", "", text, flags=re.M)
    for field, value in HEADER.items():
        line = f'"{field}: {value}' + '\\n"'
        text = re.sub(rf'"{field}: [^"\n]*"', lambda _match, line=line: line, text, count=1)
    catalogue.write_text(ENTRY.sub(fill, text), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
