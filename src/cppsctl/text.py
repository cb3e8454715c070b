"""Text folding for search: case, accents, ligatures, apostrophes and spaces never matter."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i", "ø": "o", "đ": "d", "ł": "l"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
_REPLACED = tuple((chr(code), text) for code, text in {**_LIGATURES, **_APOSTROPHES}.items())
_WORD = r"[^\W_]+(?:'[^\W_]+)*"  # elisions stay whole: l'espace, d'usage
# The patterns of this module are compiled on first use, by re's own cache: not every command needs them.


def _fold_characters(text: str) -> str:
    """What :func:`fold` does to each character: accents, case, then ligatures and apostrophes.

    Written with whole-string operations (one NFKD, one regular expression for
    the combining marks present, ``str.replace``) so that it is as fast on many
    titles joined in one string as on one. The replacements come after
    ``casefold`` so that they also apply to what casefolding produces.
    """
    import unicodedata  # here: only search and filters fold text, and list needs neither

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
    return re.findall(_WORD, fold(text))


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
    return re.findall(_WORD, key)


_BATCH = 2000
"""Texts folded together: enough to make the per-call costs vanish, few enough to keep the copies small."""


# --- showing untrusted text -------------------------------------------------------------------------

UNSAFE_CHARACTERS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls but tab and line feed (ESC, CR, CSI, OSC...)
    "\u00ad\u061c\u180e"  # soft hyphen, Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"  # zero-width, line/paragraph separators, bidi, invisible operators
    "\ufeff\ufff9-\ufffb"  # byte order mark, interlinear annotations
)
"""Characters a terminal, a spreadsheet or an editor acts on or hides: shown as escapes, never written raw."""

_UNSAFE = f"[{UNSAFE_CHARACTERS}]"
_UNSAFE_OR_BREAK = f"[{UNSAFE_CHARACTERS}\t\n]"


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def escape_control(text: str, *, breaks: bool = False) -> str:
    """``text`` with every character of :data:`UNSAFE_CHARACTERS` shown as an escape (``\\x1b``, ``\\u202e``).

    The one escaping function of every terminal and stderr path: tables, trees,
    titles, messages, completions. Tab and line feed stay as they are unless
    ``breaks`` (then ``\\t`` and ``\\n``), for one-line places such as a message.
    """
    pattern = _unsafe(breaks)
    return pattern.sub(_escaped, text) if pattern.search(text) else text


def json_safe(text: str) -> str:
    """JSON text with the characters of :data:`UNSAFE_CHARACTERS` written as ``\\uXXXX`` escapes: the same data."""
    pattern = _unsafe(False)
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if pattern.search(text) else text


@lru_cache(maxsize=2)
def _unsafe(breaks: bool) -> re.Pattern[str]:
    """The pattern of the unsafe characters (and tab and line feed with ``breaks``), compiled on first use.

    Not at import: not every command shows text. Not from re's own cache at
    each call either: its lookup was a microsecond per JSON record.
    """
    return re.compile(_UNSAFE_OR_BREAK if breaks else _UNSAFE)
