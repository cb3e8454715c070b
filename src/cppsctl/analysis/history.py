"""The story of one action, or of one theme, across the contract periods.

An action's history is its whole lineage:

* its lineage in its own scope: every action joined to it by ``continues``
  links, in either direction and through merges and splits (``continues``);
* up: the Paris-wide actions those decline, with their own lineage across the
  Paris-wide periods (``declines``);
* down, from a Paris-wide action: the local actions that decline it or its
  lineage, with their own lineage across the local periods (``declined by``):
  from a CPPS action to the CPSA action that declines it and to the next
  CPSA's action that continues that one.

A theme's history is every action carrying the theme. Both come period by period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cppsctl.analysis.compare import Status
from cppsctl.analysis.filters import resolve_theme
from cppsctl.analysis.lineage import Lineage
from cppsctl.analysis.timeline import by_period
from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.model import Action, Contract, Dataset, Theme

Via = Literal["self", "continues", "declines", "declined by", "theme"]
"""How a step joined the history: the action asked for, its lineage, a declination link, or the theme."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    action: Action
    contract: Contract
    via: Via
    # Against the actions it continues: kept, reworded, merged or split; None when it continues none.
    change: Status | None


@dataclass(frozen=True, slots=True, kw_only=True)
class History:
    subject: str  # the action id or the theme id
    kind: Literal["action", "theme"]
    label: str  # the action's title or the theme's English label
    steps: tuple[Step, ...]


def find_theme(dataset: Dataset, text: str) -> Theme | None:
    """A theme by id or label, folded like search (:func:`cppsctl.analysis.filters.resolve_theme`); None if none."""
    try:
        return resolve_theme(dataset, text)
    except UnknownIdError:
        return None


def history(dataset: Dataset, subject: str) -> History:
    """The history of an action id or a theme (id or label); a usage error for anything else."""
    lineage = Lineage(dataset)
    action = dataset.find_action(subject)
    if action is not None:
        steps: dict[str, Via] = {}
        chain = lineage.scope_chain(action)
        for member in chain:
            steps[member.id] = "self" if member.id == action.id else "continues"
        for member in chain:
            for target_id in member.declines:
                target = dataset.find_action(target_id)
                for step in lineage.scope_chain(target) if target is not None else ():
                    steps.setdefault(step.id, "declines")
            for local in lineage.declined_by[member.id]:
                for step in lineage.scope_chain(local):
                    steps.setdefault(step.id, "declined by")
        return History(subject=action.id, kind="action", label=action.title, steps=_steps(dataset, lineage, steps))
    theme = find_theme(dataset, subject)
    if theme is not None:
        tagged: dict[str, Via] = {a.id: "theme" for a in dataset.actions if theme.id in a.themes}
        return History(subject=theme.id, kind="theme", label=theme.label_en, steps=_steps(dataset, lineage, tagged))
    if dataset.find_contract(subject) is not None:
        raise UsageError(
            f"{subject!r} is a contract: history follows an action or a theme"
            " (to set two contracts side by side, use 'cppsctl compare')"
        )
    raise UnknownIdError("action or theme", subject, [*(t.id for t in dataset.themes), *dataset.action_ids()])


def _steps(dataset: Dataset, lineage: Lineage, via: dict[str, Via]) -> tuple[Step, ...]:
    """The steps in period order, then by scope, priority and position."""
    actions = [a for i in via if (a := dataset.find_action(i)) is not None]
    contracts = {a.contract_id: dataset.contract_of(a) for a in actions}
    rank = {c.id: n for n, c in enumerate(by_period(list(contracts.values())))}
    actions.sort(key=lambda a: (rank[a.contract_id], a.priority, a.position))
    return tuple(
        Step(action=a, contract=dataset.contract_of(a), via=via[a.id], change=lineage.change(a)) for a in actions
    )
