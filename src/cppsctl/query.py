"""Pure query functions over a :class:`Dataset`: filter, search, count."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Literal, NamedTuple

from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.models import KINDS, Action, Contract, Dataset
from cppsctl.text import fold, match_keys, words

PARIS = "paris"
"""The arrondissement filter value that selects Paris-wide contracts."""


def parse_scope(value: str) -> int | None:
    """``"11"``, ``"11e"`` -> 11; ``"paris"`` -> None (Paris-wide)."""
    text = value.strip().lower()
    if text in (PARIS, "paris-wide", "0"):
        return None
    text = text.removesuffix("er").removesuffix("e")
    if text.isdigit() and 1 <= int(text) <= 20:
        return int(text)
    raise UsageError(f"invalid arrondissement {value!r}: expected 1 to 20, or 'paris' for Paris-wide")


def get_contract(dataset: Dataset, contract_id: str) -> Contract:
    contract = dataset.find_contract(contract_id)
    if contract is None:
        raise UnknownIdError("contract", contract_id, dataset.contract_ids())
    return contract


def get_action(dataset: Dataset, action_id: str) -> Action:
    action = dataset.find_action(action_id)
    if action is None:
        raise UnknownIdError("action", action_id, dataset.action_ids())
    return action


def filter_contracts(
    dataset: Dataset,
    *,
    kinds: Collection[str] = (),
    arrondissements: Collection[int | None] = (),
    active_in: int | None = None,
    ids: Collection[str] = (),
) -> list[Contract]:
    """Contracts matching every given criterion (an empty collection does not filter)."""
    for kind in kinds:
        if kind not in KINDS:
            raise UnknownIdError("kind", kind, KINDS)
    for contract_id in ids:
        get_contract(dataset, contract_id)
    return [
        c
        for c in dataset.contracts
        if (not kinds or c.kind in kinds)
        and (not arrondissements or c.arrondissement in arrondissements)
        and (active_in is None or c.active_in(active_in))
        and (not ids or c.id in ids)
    ]


def filter_actions(
    dataset: Dataset,
    *,
    contracts: Collection[str] = (),
    priorities: Collection[int] = (),
    themes: Collection[str] = (),
    arrondissements: Collection[int | None] = (),
    kinds: Collection[str] = (),
    active_in: int | None = None,
    text: str | None = None,
) -> list[Action]:
    """Actions matching every given criterion, in dataset order.

    ``themes`` matches actions carrying any of the themes; ``text`` requires
    every word to occur in the title (see :func:`matches`).
    """
    theme_ids = {t.id for t in dataset.themes}
    for theme in themes:
        if theme not in theme_ids:
            raise UnknownIdError("theme", theme, sorted(theme_ids))
    chosen = filter_contracts(dataset, kinds=kinds, arrondissements=arrondissements, active_in=active_in, ids=contracts)
    found = [
        action
        for contract in chosen
        for action in contract.actions
        if (not priorities or action.priority in priorities) and (not themes or any(t in themes for t in action.themes))
    ]
    query = words(text) if text else []
    if query:
        keys = match_keys([action.title for action in found])
        found = [action for action, key in zip(found, keys, strict=True) if all(word in key for word in query)]
    return found


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


def theme_counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """For each theme id, the number of actions carrying it in each contract (dataset order)."""
    counts: dict[str, dict[str, int]] = {t.id: {c.id: 0 for c in dataset.contracts} for t in dataset.themes}
    for action in dataset.actions:
        for theme in action.themes:
            counts[theme][action.contract_id] += 1
    return counts


__all__ = [
    "PARIS",
    "Hit",
    "filter_actions",
    "filter_contracts",
    "fold",
    "get_action",
    "get_contract",
    "matches",
    "parse_scope",
    "search",
    "theme_counts",
]
