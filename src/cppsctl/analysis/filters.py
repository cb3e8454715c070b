"""Pure query functions over a :class:`Dataset`: look up, filter, count."""

from __future__ import annotations

from collections.abc import Collection

from cppsctl.errors import UnknownIdError
from cppsctl.model import KINDS, Action, Contract, Dataset
from cppsctl.text import match_keys, words


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
    every word to match a word of the title by the rule of
    :func:`cppsctl.analysis.search.search` (stems, prefixes), so that both
    find the same actions.
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
    if text and words(text):
        from cppsctl.analysis.search import Query

        keys = match_keys([action.title for action in found])
        found = [found[i] for i in Query(text).select(keys)]
    return found


def theme_counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """For each theme id, the number of actions carrying it in each contract (dataset order)."""
    counts: dict[str, dict[str, int]] = {t.id: {c.id: 0 for c in dataset.contracts} for t in dataset.themes}
    for action in dataset.actions:
        for theme in action.themes:
            counts[theme][action.contract_id] += 1
    return counts
