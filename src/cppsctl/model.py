"""The domain: frozen dataclasses for contracts, priorities, actions and their context.

Everything here is immutable and free of I/O; loading and validation live in
:mod:`cppsctl.dataset.load`, queries in :mod:`cppsctl.analysis.filters`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["CPPS", "CPSA", "CPS", "CLS", "CSA"]
KINDS: tuple[Kind, ...] = ("CPPS", "CPSA", "CPS", "CLS", "CSA")

INFERABLE_FIELDS = frozenset(
    {"kind", "name", "arrondissement", "start_year", "end_year", "signed_on", "declared_action_count", "partners",
     "signatories"}
)  # fmt: skip
"""Contract fields whose value an inference can mark: the inference's ``field`` is the field's name.

An inference with another ``field`` (``"events: CICA"``, ``"declines"``) is a note on something else.
"""

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")  # with match: the whole text, ASCII digits


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year (ISO 8601, reduced).

    Not ordered: whether ``2016`` comes before or after ``2016-05`` is not a fact.
    ``str(date)`` sorts as ISO 8601 text, the less precise first.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        m = _DATE.match(text)
        if not m:
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"not a date: {text!r} (month {month} out of range)")
        if day is not None:
            import datetime

            try:
                datetime.date(year, month or 1, day)
            except ValueError as exc:
                raise ValueError(f"not a date: {text!r} ({exc})") from None
        return cls(year, month, day)

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """An entry of the theme vocabulary that tags actions."""

    id: str
    label_fr: str
    label_en: str
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document the facts come from."""

    id: str
    url: str
    kind: str
    title: str | None = None
    updated_on: PartialDate | None = None
    published_on: PartialDate | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A dated step in a contract's life: presentation, signature, renegotiation."""

    date: PartialDate
    label: str
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Erratum:
    """A slip of a source: what was published and what the dataset records instead."""

    target: str  # full id of the contract, priority (``<contract>/P``) or action
    field: str
    original: str
    corrected: str
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Discrepancy:
    """Two sources disagree: the recorded value and the other one."""

    field: str
    value: str
    alternative: str
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Inference:
    """A value that is inferred rather than read in a source."""

    field: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """A fiche-action: ``<contract id>/<priority>.<position>``."""

    id: str
    contract_id: str
    priority: int
    position: int
    title: str
    themes: tuple[str, ...]
    declines: tuple[str, ...] = ()
    continues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Priority:
    """A numbered priority (axe) of a contract and its actions."""

    id: str  # ``<contract id>/<number>``
    contract_id: str
    number: int
    title: str
    declared_action_count: int | None = None
    actions: tuple[Action, ...] = ()

    @property
    def complete(self) -> bool | None:
        """Whether every action is known; None when no count was declared."""
        if self.declared_action_count is None:
            return None
        return len(self.actions) >= self.declared_action_count


@dataclass(frozen=True, slots=True, kw_only=True)
class Contract:
    """A prevention and security contract (CPPS, CPSA, ...) and its priorities."""

    id: str
    kind: Kind
    name: str
    arrondissement: int | None = None  # None: Paris-wide
    start_year: int | None = None
    end_year: int | None = None
    signed_on: PartialDate | None = None
    declared_action_count: int | None = None
    complete: bool = True
    signature_confirmed: bool = True  # False: announced for signature, but no source confirms it was signed
    partners: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    errata: tuple[Erratum, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    inferences: tuple[Inference, ...] = ()
    priorities: tuple[Priority, ...] = ()

    @property
    def actions(self) -> Iterator[Action]:
        for priority in self.priorities:
            yield from priority.actions

    @property
    def action_count(self) -> int:
        return sum(len(p.actions) for p in self.priorities)

    @property
    def priority_count(self) -> int:
        return len(self.priorities)

    @property
    def scope(self) -> str:
        """``Paris`` or the arrondissement as ``11e`` (``1er`` for the first)."""
        if self.arrondissement is None:
            return "Paris"
        return "1er" if self.arrondissement == 1 else f"{self.arrondissement}e"

    @property
    def period(self) -> str:
        start = "?" if self.start_year is None else str(self.start_year)
        end = "?" if self.end_year is None else str(self.end_year)
        return start if start == end else f"{start}-{end}"

    @property
    def completeness(self) -> str:
        """``"9 actions"``, or ``"7 of 31 actions known"`` for a partially known contract."""
        listed = self.action_count
        if self.complete:
            return f"{listed} action{'s' if listed != 1 else ''}"
        declared = "?" if self.declared_action_count is None else str(self.declared_action_count)
        return f"{listed} of {declared} actions known"


@dataclass(frozen=True, slots=True)
class Dataset:
    """Contracts with the themes and sources they refer to, and indexes over them."""

    contracts: tuple[Contract, ...] = ()
    themes: tuple[Theme, ...] = ()
    sources: tuple[Source, ...] = ()
    _contracts: dict[str, Contract] = field(init=False, repr=False, compare=False)
    _actions: dict[str, Action] = field(init=False, repr=False, compare=False)
    _priorities: dict[str, Priority] = field(init=False, repr=False, compare=False)
    _themes: dict[str, Theme] = field(init=False, repr=False, compare=False)
    _sources: dict[str, Source] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_contracts", {c.id: c for c in self.contracts})
        object.__setattr__(self, "_priorities", {p.id: p for c in self.contracts for p in c.priorities})
        object.__setattr__(self, "_actions", {a.id: a for c in self.contracts for a in c.actions})
        object.__setattr__(self, "_themes", {t.id: t for t in self.themes})
        object.__setattr__(self, "_sources", {s.id: s for s in self.sources})

    @property
    def actions(self) -> Iterator[Action]:
        for contract in self.contracts:
            yield from contract.actions

    def find_contract(self, contract_id: str) -> Contract | None:
        return self._contracts.get(contract_id)

    def find_action(self, action_id: str) -> Action | None:
        return self._actions.get(action_id)

    def find_priority(self, priority_id: str) -> Priority | None:
        return self._priorities.get(priority_id)

    def priority_of(self, action: Action) -> Priority:
        return self._priorities[f"{action.contract_id}/{action.priority}"]

    def contract_of(self, action: Action) -> Contract:
        return self._contracts[action.contract_id]

    def contract_ids(self) -> list[str]:
        return list(self._contracts)

    def action_ids(self) -> list[str]:
        return list(self._actions)

    def theme(self, theme_id: str) -> Theme | None:
        return self._themes.get(theme_id)

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def original_title(self, target_id: str) -> str | None:
        """The title as published, where the dataset corrected it."""
        contract = self._contracts.get(target_id.split("/", 1)[0])
        if contract is None:
            return None
        for erratum in contract.errata:
            if erratum.target == target_id and erratum.field == "title":
                return erratum.original
        return None
