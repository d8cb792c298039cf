"""Text helpers that know Swedish."""

import unicodedata


def ascii_fold(text: str) -> str:
    """Fold to ASCII ("Borås" becomes "Boras") for slugs and e-mail domains, never for display."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
