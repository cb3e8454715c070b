"""Text folding for search: case, accents, ligatures, apostrophes and spaces never matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i", "ø": "o", "đ": "d", "ł": "l"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")  # elisions stay whole: l'espace, d'usage


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form: ``"L’Œuvre  «\\u00a0été\\u00a0»"`` -> ``"l'oeuvre « ete »"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().translate(_LIGATURES).translate(_APOSTROPHES).split())


def words(text: str) -> list[str]:
    """The folded words of ``text``: letters and digits (with elisions kept whole), punctuation dropped."""
    return _WORD.findall(fold(text))


def normalise_title(text: str) -> str:
    """A title with its typography normalised, for comparing two titles."""
    return " ".join(words(text))
