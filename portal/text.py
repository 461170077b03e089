"""Folding French text for matching, and slugs for addresses."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, punctuation as single spaces: "L'Aigle" -> "l aigle"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def slugify(text: str, max_length: int = 80) -> str:
    """ "EHPAD Les Tilleuls — Flers" -> "ehpad-les-tilleuls-flers"."""
    return fold(text).replace(" ", "-")[:max_length].strip("-") or "page"
