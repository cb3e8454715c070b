"""Text folding for search: case, accents, ligatures, apostrophes and spaces never matter."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i", "ø": "o", "đ": "d", "ł": "l"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
_REPLACED = tuple((chr(code), text) for code, text in {**_LIGATURES, **_APOSTROPHES}.items())
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")  # elisions stay whole: l'espace, d'usage


def _fold_characters(text: str) -> str:
    """What :func:`fold` does to each character: accents, case, then ligatures and apostrophes.

    Written with whole-string operations (one NFKD, one regular expression for
    the combining marks present, ``str.replace``) so that it is as fast on many
    titles joined in one string as on one. The replacements come after
    ``casefold`` so that they also apply to what casefolding produces.
    """
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        marks = "".join(ch for ch in set(text) if unicodedata.combining(ch))
        if marks:
            text = re.sub(f"[{re.escape(marks)}]", "", text)
    text = text.casefold()
    for char, replacement in _REPLACED:
        if char in text:
            text = text.replace(char, replacement)
    return text


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form: ``"L’Œuvre  «\\u00a0été\\u00a0»"`` -> ``"l'oeuvre « ete »"``."""
    return " ".join(_fold_characters(text).split())


def words(text: str) -> list[str]:
    """The folded words of ``text``: letters and digits (with elisions kept whole), punctuation dropped."""
    return _WORD.findall(fold(text))


def normalise_title(text: str) -> str:
    """A title with its typography normalised, for comparing two titles."""
    return " ".join(words(text))


def match_keys(texts: Sequence[str]) -> list[str]:
    """For each text, a folded form in which a word of :func:`words` occurs iff it occurs in ``words(text)``.

    That is :func:`fold` without its spacing rule, computed for many texts at
    once, which is several times faster than folding them one by one. A word
    cannot span the spaces and punctuation that ``fold`` and ``words``
    normalise, so ``word in match_keys([t])[0]`` exactly when ``word in
    " ".join(words(t))``.
    """
    keys: list[str] = []
    for start in range(0, len(texts), _BATCH):
        batch = texts[start : start + _BATCH]
        if batch:
            joined = "\n".join(t.replace("\n", " ") for t in batch)  # no line break is a word character
            keys.extend(_fold_characters(joined).split("\n"))
    return keys


def key_words(key: str) -> list[str]:
    """The words of a key of :func:`match_keys`: ``key_words(match_keys([t])[0]) == words(t)``.

    For words of many titles at once without folding each again.
    """
    return _WORD.findall(key)


_BATCH = 2000
"""Texts folded together: enough to make the per-call costs vanish, few enough to keep the copies small."""
