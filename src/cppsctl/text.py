"""Text folding for search: case, accents, ligatures, apostrophes and spaces never matter."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form: ``"L’Œuvre  «\\u00a0été\\u00a0»"`` -> ``"l'oeuvre « ete »"``."""
    text = text.translate(_LIGATURES).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def words(text: str) -> list[str]:
    """The folded words of ``text``: letters and digits only, punctuation dropped."""
    return _WORD.findall(fold(text))


def normalise_title(text: str) -> str:
    """A title with its typography normalised, for comparing two titles."""
    return " ".join(words(text))


_REPLACED = (*_LIGATURES.items(), *_APOSTROPHES.items())


def match_keys(texts: Sequence[str]) -> list[str]:
    """For each text, a folded form in which a word of :func:`words` occurs iff it occurs in ``words(text)``.

    That is :func:`fold` without its spacing rule, computed for many texts at
    once, which is several times faster than folding them one by one. A word
    (letters and digits) cannot span the spaces and punctuation that ``fold``
    and ``words`` normalise, so ``word in match_keys([t])[0]`` exactly when
    ``word in " ".join(words(t))``.
    """
    keys: list[str] = []
    for start in range(0, len(texts), _BATCH):
        keys.extend(_match_keys(texts[start : start + _BATCH]))
    return keys


_BATCH = 2000
"""Texts folded together: enough to make the per-call costs vanish, few enough to keep the copies small."""


def _match_keys(texts: Sequence[str]) -> list[str]:
    joined = "\n".join(t.replace("\n", " ") for t in texts)  # no line break is a word character
    for code, replacement in _REPLACED:
        char = chr(code)
        if char in joined:
            joined = joined.replace(char, replacement)
    joined = unicodedata.normalize("NFKD", joined)
    if not joined.isascii():
        marks = "".join(ch for ch in set(joined) if unicodedata.combining(ch))
        if marks:
            joined = re.sub(f"[{re.escape(marks)}]", "", joined)
    return joined.casefold().split("\n")
