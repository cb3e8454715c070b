"""Word-level diff of two titles: what a rewording changed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cppsctl.text import fold, normalise_title

DiffOp = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words of a title diff: in both titles (``equal``), only in the old one, or only in the new one."""

    op: DiffOp
    old: str  # the words as the old title writes them ("" for an insertion)
    new: str  # the words as the new title writes them ("" for a deletion)


def title_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level diff of two titles; words equal once folded (case, accents, apostrophes) are equal."""
    a, b = old.split(), new.split()

    def key(word: str) -> str:
        return normalise_title(word) or fold(word)

    matcher = difflib.SequenceMatcher(None, [key(w) for w in a], [key(w) for w in b], autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", " ".join(a[i1:i2]), " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", " ".join(a[i1:i2]), ""))
        if j2 > j1:
            segments.append(Segment("insert", "", " ".join(b[j1:j2])))
    return tuple(segments)


def diff_text(segments: Iterable[Segment]) -> str:
    """A diff as one line, wdiff style: ``Lutter contre [-les ventes-] {+la vente+} à la sauvette``."""
    parts = []
    for segment in segments:
        if segment.op == "equal":
            parts.append(segment.new)
        elif segment.op == "delete":
            parts.append(f"[-{segment.old}-]")
        else:
            parts.append(f"{{+{segment.new}+}}")
    return " ".join(parts)
