"""Ranked search over contract names, priority titles and action titles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from cppsctl.errors import UsageError
from cppsctl.model import Dataset
from cppsctl.text import match_keys, words


def matches(query_words: Sequence[str], title: str) -> bool:
    """Whether every query word occurs in the folded title."""
    folded = " ".join(words(title))
    return all(word in folded for word in query_words)


SearchKind = Literal["contract", "priority", "action"]


class Hit(NamedTuple):
    """One search result: what was found, where, and how well it matched.

    A named tuple, not a dataclass: see :class:`cppsctl.errors.Problem`.
    """

    kind: SearchKind
    id: str
    contract_id: str
    title: str
    score: float


def _score(query: Sequence[str], phrase: str, title: str) -> float:
    title_words = words(title)
    folded = " ".join(title_words)
    if not all(word in folded for word in query):
        return 0.0
    score = 0.0
    for word in query:
        if word in title_words:
            score += 3
        elif any(w.startswith(word) for w in title_words):
            score += 2
        else:
            score += 1
    if len(query) > 1 and phrase in folded:
        score += 2
    return round(score / (len(query) * 3 + (2 if len(query) > 1 else 0)), 3)


def search(dataset: Dataset, text: str, *, kinds: Iterable[SearchKind] = ()) -> list[Hit]:
    """Ranked search over contract names, priority titles and action titles.

    Case, accents, ligatures, apostrophe styles and kinds of space never
    matter, and every word of ``text`` must match. Best first; ties keep
    dataset order.
    """
    query = words(text)
    if not query:
        raise UsageError("empty search: give at least one word")
    wanted = set(kinds) or {"contract", "priority", "action"}
    phrase = " ".join(query)
    candidates: list[tuple[SearchKind, str, str, str]] = []  # kind, id, contract id, title; in dataset order
    for contract in dataset.contracts:
        if "contract" in wanted:
            candidates.append(("contract", contract.id, contract.id, f"{contract.name} {contract.period}"))
        for priority in contract.priorities:
            if "priority" in wanted:
                candidates.append(("priority", priority.id, contract.id, priority.title))
            if "action" in wanted:
                candidates.extend(("action", a.id, contract.id, a.title) for a in priority.actions)
    keys = match_keys([title for _, _, _, title in candidates])  # a fast first cut; _score checks again
    hits: list[Hit] = []
    for (kind, ident, contract_id, title), key in zip(candidates, keys, strict=True):
        if all(word in key for word in query) and (score := _score(query, phrase, title)):
            hits.append(Hit(kind=kind, id=ident, contract_id=contract_id, title=title, score=score))
    hits.sort(key=lambda h: -h.score)
    return hits
