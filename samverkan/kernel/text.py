"""Text helpers that know Swedish."""

import re
import unicodedata


def fold(text: str) -> str:
    """Without diacritics ("Äldreomsorg" becomes "Aldreomsorg"), so that text typed without å/ä/ö
    meets text written with them. Letters that are not a base letter with a mark (æ, ø, ß) and
    other scripts stay as they are. The one folding of the product: search terms, slugs and name
    keys all go through it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def ascii_fold(text: str) -> str:
    """Fold to ASCII ("Borås" becomes "Boras") for slugs and e-mail domains, never for display."""
    return fold(text).encode("ascii", "ignore").decode()


def has_every_word(words: list[str], texts: list[str | None]) -> bool:
    """Whether each of ``words`` occurs in one of ``texts``, with case and å/ä/ö folded on both
    sides: a short list typed into a filter box ("goteborg", "ÄLDREOMSORG") finds its rows on
    every database. ``words`` come folded from :func:`folded_words`."""
    haystack = [fold(text or "").casefold() for text in texts]
    return all(any(word in text for text in haystack) for word in words)


def folded_words(query: str, limit: int = 8) -> list[str]:
    """The words of a filter box's text, folded for :func:`has_every_word`."""
    return re.findall(r"\w+", fold(query).casefold())[:limit]


def normalised_name(name: str) -> str:
    """Fold a name for comparison: "Anna-Karin  Öberg" and "anna karin oberg" are equal."""
    return re.sub(r"[^a-z0-9]+", " ", ascii_fold(name).casefold()).strip()


SWEDISH_MARKERS = frozenset(
    "och att det som är för med till har inte om jag vi kan inom samt hur vid där också".split()
)
ENGLISH_MARKERS = frozenset(
    "and the of to is for with that this are have not we can within how where also".split()
)


def guess_language(text: str) -> str:
    """Guess "sv" or "en" for a free text of unknown language from its common function words."""
    tokens = text.casefold().split()
    swedish = sum(token in SWEDISH_MARKERS for token in tokens) + 3 * sum(
        ch in "åäö" for ch in text.casefold()
    ) / max(len(tokens), 1)
    english = sum(token in ENGLISH_MARKERS for token in tokens)
    return "en" if english > swedish else "sv"
