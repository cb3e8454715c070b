"""The domain: frozen dataclasses for contracts, priorities, actions and their context.

Everything here is immutable and free of I/O; loading and validation live in
:mod:`cppsctl.dataset.load`, queries in :mod:`cppsctl.analysis.filters`.

Each class is a dataclass (``dataclasses.fields`` lists its fields) with
slots, keyword-only, frozen and compared by value, as
``@dataclass(frozen=True, slots=True, kw_only=True)`` would make it; but its
``__init__`` is written out, its equality, hash, repr and frozenness come
from one base class, :class:`Frozen`, and its slots from :func:`model`,
instead of being generated: the decorator compiled six methods per class at
every start, 4 ms of each command's start-up, and with them gone, importing
:mod:`dataclasses` and running it still cost 1.8 ms (docs/performance.md).
What :mod:`dataclasses` knows of a class (its ``__dataclass_fields__``) is
made by it on first use. A test checks that the classes behave as the
generated ones did.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform  # typing's own from Python 3.11
else:

    def dataclass_transform(**_: object) -> Any:
        """Tells type checkers that :func:`model` makes dataclasses; nothing at run time."""
        return lambda decorator: decorator


Kind = Literal["CPPS", "CPSA", "CPS", "CLS", "CSA"]
KINDS: tuple[Kind, ...] = ("CPPS", "CPSA", "CPS", "CLS", "CSA")

INFERABLE_FIELDS = frozenset(
    {"kind", "name", "arrondissement", "start_year", "end_year", "signed_on", "declared_action_count", "partners",
     "signatories"}
)  # fmt: skip
"""Contract fields whose value an inference can mark: the inference's ``field`` is the field's name.

An inference with another ``field`` (``"events: CICA"``, ``"declines"``) is a note on something else.
"""

T = TypeVar("T")


class Frozen:
    """What the model's classes share: immutable, compared and hashed by the values of their fields."""

    __slots__ = ()
    _compared: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compared)
        return f"{type(self).__name__}({values})"


class _Index:
    """The default of an index that ``__init__`` builds: no parameter, left out of repr and comparisons.

    What ``dataclasses.field(init=False, repr=False, compare=False)`` says, without importing
    :mod:`dataclasses` to say it.
    """

    def __repr__(self) -> str:
        return "INDEX"


INDEX: Any = _Index()
"""Marks a field as an index (:class:`_Index`): ``_actions: dict[str, Action] = INDEX``."""


@dataclass_transform(frozen_default=True, eq_default=True, kw_only_default=True, field_specifiers=())
def model(cls: type[T]) -> type[T]:
    """``cls`` as a frozen, slotted dataclass whose methods come from :class:`Frozen` and ``__init__`` from itself.

    The class is made again with a slot for each annotated field (a class
    attribute cannot share a slot's name, so the defaults leave its body), as
    ``dataclass(slots=True)`` does; ``__dataclass_fields__`` and
    ``__dataclass_params__`` are :class:`_Described`, made by :mod:`dataclasses`
    on first use.
    """
    own = vars(cls)
    annotations: dict[str, str] = dict(own.get("__annotations__", {}))  # strings: annotations are postponed here
    names = tuple(name for name, kind in annotations.items() if not kind.startswith(("ClassVar", "typing.ClassVar")))
    defaults = {name: own[name] for name in names if name in own}
    body = {key: value for key, value in own.items() if key not in defaults and key not in ("__dict__", "__weakref__")}
    body["__slots__"] = names
    body["_compared"] = tuple(name for name in names if defaults.get(name) is not INDEX)
    for attribute in _DESCRIBED:
        body[attribute] = _Described(annotations, defaults)
    made: type[T] = type(cls.__name__, cls.__bases__, body)
    return made


_DESCRIBED = ("__dataclass_fields__", "__dataclass_params__")
"""The attributes by which :mod:`dataclasses` knows a dataclass: :class:`_Described` until first asked."""


class _Described:
    """A model class's ``__dataclass_fields__`` and ``__dataclass_params__``, made by :mod:`dataclasses` when asked.

    ``dataclasses.fields``, ``is_dataclass``, ``replace`` and ``asdict`` read
    these two attributes. At first use, the decorator the model's classes once
    had, ``dataclass(init=False, repr=False, eq=False, slots=True,
    match_args=False)``, runs on a copy of the class's annotations and
    defaults, and what it made replaces this stand-in on the class.
    """

    def __init__(self, annotations: dict[str, str], defaults: dict[str, object]) -> None:
        self.annotations = annotations
        self.defaults = defaults

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> object:
        import dataclasses

        body: dict[str, object] = {"__annotations__": dict(self.annotations), "__module__": owner.__module__}
        for name, default in self.defaults.items():
            body[name] = dataclasses.field(init=False, repr=False, compare=False) if default is INDEX else default
        described: type = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True, match_args=False)(
            type(owner.__name__, (), body)
        )
        for attribute in _DESCRIBED:
            type.__setattr__(owner, attribute, getattr(described, attribute))
        return getattr(owner, self.name)


_set = object.__setattr__
"""How an ``__init__`` of the model sets a field of its frozen instance."""


@model
class PartialDate(Frozen):
    """A date known to the day, the month or only the year (ISO 8601, reduced).

    Not ordered: whether ``2016`` comes before or after ``2016-05`` is not a fact.
    ``str(date)`` sorts as ISO 8601 text, the less precise first.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        _set(self, "year", year)
        _set(self, "month", month)
        _set(self, "day", day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        # Without a regular expression: compiling one took 0.4 ms of every start (reading the cache parses dates).
        parts = text.split("-") if text.isascii() else []  # in ASCII, 0-9 are the only digits
        if not (
            1 <= len(parts) <= 3
            and len(parts[0]) == 4
            and all(len(part) == 2 for part in parts[1:])
            and all(part.isdigit() for part in parts)
        ):
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
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


@model
class Theme(Frozen):
    """An entry of the theme vocabulary that tags actions."""

    id: str
    label_fr: str
    label_en: str
    description: str | None = None

    def __init__(self, *, id: str, label_fr: str, label_en: str, description: str | None = None) -> None:
        _set(self, "id", id)
        _set(self, "label_fr", label_fr)
        _set(self, "label_en", label_en)
        _set(self, "description", description)


@model
class Source(Frozen):
    """A document the facts come from."""

    id: str
    url: str
    kind: str
    title: str | None = None
    updated_on: PartialDate | None = None
    published_on: PartialDate | None = None
    note: str | None = None

    def __init__(
        self,
        *,
        id: str,
        url: str,
        kind: str,
        title: str | None = None,
        updated_on: PartialDate | None = None,
        published_on: PartialDate | None = None,
        note: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "url", url)
        _set(self, "kind", kind)
        _set(self, "title", title)
        _set(self, "updated_on", updated_on)
        _set(self, "published_on", published_on)
        _set(self, "note", note)


@model
class Event(Frozen):
    """A dated step in a contract's life: presentation, signature, renegotiation."""

    date: PartialDate
    label: str
    source: str | None = None

    def __init__(self, *, date: PartialDate, label: str, source: str | None = None) -> None:
        _set(self, "date", date)
        _set(self, "label", label)
        _set(self, "source", source)


@model
class Erratum(Frozen):
    """A slip of a source: what was published and what the dataset records instead."""

    target: str  # full id of the contract, priority (``<contract>/P``) or action
    field: str
    original: str
    corrected: str
    note: str | None = None
    source: str | None = None

    def __init__(
        self,
        *,
        target: str,
        field: str,
        original: str,
        corrected: str,
        note: str | None = None,
        source: str | None = None,
    ) -> None:
        _set(self, "target", target)
        _set(self, "field", field)
        _set(self, "original", original)
        _set(self, "corrected", corrected)
        _set(self, "note", note)
        _set(self, "source", source)


@model
class Discrepancy(Frozen):
    """Two sources disagree: the recorded value and the other one."""

    field: str
    value: str
    alternative: str
    source: str | None = None
    note: str | None = None

    def __init__(
        self, *, field: str, value: str, alternative: str, source: str | None = None, note: str | None = None
    ) -> None:
        _set(self, "field", field)
        _set(self, "value", value)
        _set(self, "alternative", alternative)
        _set(self, "source", source)
        _set(self, "note", note)


@model
class Inference(Frozen):
    """A value that is inferred rather than read in a source."""

    field: str
    note: str

    def __init__(self, *, field: str, note: str) -> None:
        _set(self, "field", field)
        _set(self, "note", note)


@model
class Action(Frozen):
    """A fiche-action: ``<contract id>/<priority>.<position>``."""

    id: str
    contract_id: str
    priority: int
    position: int
    title: str
    themes: tuple[str, ...]
    declines: tuple[str, ...] = ()
    continues: tuple[str, ...] = ()

    def __init__(
        self,
        *,
        id: str,
        contract_id: str,
        priority: int,
        position: int,
        title: str,
        themes: tuple[str, ...],
        declines: tuple[str, ...] = (),
        continues: tuple[str, ...] = (),
    ) -> None:
        _set(self, "id", id)
        _set(self, "contract_id", contract_id)
        _set(self, "priority", priority)
        _set(self, "position", position)
        _set(self, "title", title)
        _set(self, "themes", themes)
        _set(self, "declines", declines)
        _set(self, "continues", continues)


@model
class Priority(Frozen):
    """A numbered priority (axe) of a contract and its actions."""

    id: str  # ``<contract id>/<number>``
    contract_id: str
    number: int
    title: str
    declared_action_count: int | None = None
    actions: tuple[Action, ...] = ()

    def __init__(
        self,
        *,
        id: str,
        contract_id: str,
        number: int,
        title: str,
        declared_action_count: int | None = None,
        actions: tuple[Action, ...] = (),
    ) -> None:
        _set(self, "id", id)
        _set(self, "contract_id", contract_id)
        _set(self, "number", number)
        _set(self, "title", title)
        _set(self, "declared_action_count", declared_action_count)
        _set(self, "actions", actions)

    @property
    def complete(self) -> bool | None:
        """Whether every action is known; None when no count was declared."""
        if self.declared_action_count is None:
            return None
        return len(self.actions) >= self.declared_action_count


@model
class Contract(Frozen):
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

    def __init__(
        self,
        *,
        id: str,
        kind: Kind,
        name: str,
        arrondissement: int | None = None,
        start_year: int | None = None,
        end_year: int | None = None,
        signed_on: PartialDate | None = None,
        declared_action_count: int | None = None,
        complete: bool = True,
        signature_confirmed: bool = True,
        partners: tuple[str, ...] = (),
        signatories: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
        events: tuple[Event, ...] = (),
        errata: tuple[Erratum, ...] = (),
        discrepancies: tuple[Discrepancy, ...] = (),
        inferences: tuple[Inference, ...] = (),
        priorities: tuple[Priority, ...] = (),
    ) -> None:
        _set(self, "id", id)
        _set(self, "kind", kind)
        _set(self, "name", name)
        _set(self, "arrondissement", arrondissement)
        _set(self, "start_year", start_year)
        _set(self, "end_year", end_year)
        _set(self, "signed_on", signed_on)
        _set(self, "declared_action_count", declared_action_count)
        _set(self, "complete", complete)
        _set(self, "signature_confirmed", signature_confirmed)
        _set(self, "partners", partners)
        _set(self, "signatories", signatories)
        _set(self, "sources", sources)
        _set(self, "events", events)
        _set(self, "errata", errata)
        _set(self, "discrepancies", discrepancies)
        _set(self, "inferences", inferences)
        _set(self, "priorities", priorities)

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


@model
class Dataset(Frozen):
    """Contracts with the themes and sources they refer to, and indexes over them."""

    contracts: tuple[Contract, ...] = ()
    themes: tuple[Theme, ...] = ()
    sources: tuple[Source, ...] = ()
    _contracts: dict[str, Contract] = INDEX
    _actions: dict[str, Action] = INDEX
    _priorities: dict[str, Priority] = INDEX
    _themes: dict[str, Theme] = INDEX
    _sources: dict[str, Source] = INDEX

    def __init__(
        self, contracts: tuple[Contract, ...] = (), themes: tuple[Theme, ...] = (), sources: tuple[Source, ...] = ()
    ) -> None:
        _set(self, "contracts", contracts)
        _set(self, "themes", themes)
        _set(self, "sources", sources)
        _set(self, "_contracts", {c.id: c for c in contracts})
        _set(self, "_priorities", {p.id: p for c in contracts for p in c.priorities})
        _set(self, "_actions", {a.id: a for c in contracts for p in c.priorities for a in p.actions})
        _set(self, "_themes", {t.id: t for t in themes})
        _set(self, "_sources", {s.id: s for s in sources})

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
