"""The one codec between the model and data: the file shape of a dataset, and its positional form.

The **file shape** is what ``tomllib`` reads from a dataset file: tables with
the keys of ``data/contracts.schema.json``. :func:`decode` turns validated
file-shape data into the frozen model and :func:`encode` turns the model back
into it (``decode([encode(d)]) == d`` for every valid dataset, a property test).

The **positional form** is the same data with each table written as a list of
its values in a fixed order, for the dataset cache: smaller and faster to read.
Its layouts are generated from :data:`FIELDS`, and :func:`unpack` checks the
type of every value, since a cache file is read back without the schema check.

:data:`FIELDS` is the single list of what the codec does with each field of
each model class: the file key that holds it, or :data:`DERIVED` for a field
computed from its place (an action's id, contract and priority). A model
field missing from it fails a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

from cppsctl.model import (
    KINDS,
    Action,
    Contract,
    Dataset,
    Discrepancy,
    Erratum,
    Event,
    Inference,
    PartialDate,
    Priority,
    Source,
    Theme,
)

FORMAT_VERSION = 1
"""The dataset files' ``format_version``."""

DERIVED: Final = None
"""In :data:`FIELDS`: the field is not stored; the codec computes it from where the record is."""

FIELDS: dict[type, dict[str, str | None]] = {
    Theme: {"id": "id", "label_fr": "label_fr", "label_en": "label_en", "description": "description"},
    Source: {
        "id": "id", "url": "url", "kind": "kind", "title": "title", "updated_on": "updated_on",
        "published_on": "published_on", "note": "note",
    },
    Event: {"date": "date", "label": "label", "source": "source"},
    # target: stored relative to its contract ("1.2", "2" or none), held in full ("cpps-2015-2020/1.2").
    Erratum: {
        "target": "target", "field": "field", "original": "original", "corrected": "corrected", "note": "note",
        "source": "source",
    },
    Discrepancy: {"field": "field", "value": "value", "alternative": "alternative", "source": "source", "note": "note"},
    Inference: {"field": "field", "note": "note"},
    Action: {
        "id": DERIVED, "contract_id": DERIVED, "priority": DERIVED,
        "position": "position",  # in a file: only where it is not the previous position + 1
        "title": "title", "themes": "themes", "declines": "declines", "continues": "continues",
    },
    Priority: {
        "id": DERIVED, "contract_id": DERIVED, "number": "number", "title": "title",
        "declared_action_count": "declared_action_count", "actions": "actions",
    },
    Contract: {
        "id": "id", "kind": "kind", "name": "name", "arrondissement": "arrondissement", "start_year": "start_year",
        "end_year": "end_year", "signed_on": "signed_on", "declared_action_count": "declared_action_count",
        "complete": "complete", "signature_confirmed": "signature_confirmed", "partners": "partners",
        "signatories": "signatories", "sources": "sources", "events": "events", "errata": "errata",
        "discrepancies": "discrepancies", "inferences": "inferences", "priorities": "priorities",
    },
    Dataset: {"contracts": "contracts", "themes": "themes", "sources": "sources"},
}  # fmt: skip


def layout(cls: type) -> tuple[str, ...]:
    """The stored keys of a class, in order: the order of a file's keys and of the positional form."""
    return tuple(key for key in FIELDS[cls].values() if key is not None)


# --- file shape -> model --------------------------------------------------------------------------


def _date(value: str | None) -> PartialDate | None:
    return None if value is None else PartialDate.parse(value)


def action_positions(priority: Mapping[str, Any]) -> list[tuple[int, dict[str, Any], int]]:
    """``(index, action, position)`` for each action table of a priority; a position defaults to previous + 1.

    Tolerant of wrong types (the checks call it on data that may not pass the schema).
    """
    out = []
    previous = 0
    actions = priority.get("actions")
    for index, action in enumerate(actions if isinstance(actions, list) else []):
        if not isinstance(action, dict):
            continue
        position = action.get("position")
        if not isinstance(position, int) or isinstance(position, bool):
            position = previous + 1
        out.append((index, action, position))
        previous = position
    return out


def _decode_contract(raw: Mapping[str, Any]) -> Contract:
    cid: str = raw["id"]
    priorities = []
    for p in raw.get("priorities", ()):
        number = p["number"]
        actions = tuple(
            Action(
                id=f"{cid}/{number}.{position}",
                contract_id=cid,
                priority=number,
                position=position,
                title=a["title"],
                themes=tuple(a["themes"]),
                declines=tuple(a.get("declines", ())),
                continues=tuple(a.get("continues", ())),
            )
            for _, a, position in action_positions(p)
        )
        priorities.append(
            Priority(
                id=f"{cid}/{number}",
                contract_id=cid,
                number=number,
                title=p["title"],
                declared_action_count=p.get("declared_action_count"),
                actions=actions,
            )
        )
    return Contract(
        id=cid,
        kind=raw["kind"],
        name=raw["name"],
        arrondissement=raw.get("arrondissement"),
        start_year=raw.get("start_year"),
        end_year=raw.get("end_year"),
        signed_on=_date(raw.get("signed_on")),
        declared_action_count=raw.get("declared_action_count"),
        complete=raw.get("complete", True),
        signature_confirmed=raw.get("signature_confirmed", True),
        partners=tuple(raw.get("partners", ())),
        signatories=tuple(raw.get("signatories", ())),
        sources=tuple(raw["sources"]),
        events=tuple(
            Event(date=PartialDate.parse(e["date"]), label=e["label"], source=e.get("source"))
            for e in raw.get("events", ())
        ),
        errata=tuple(
            Erratum(
                target=_full_target(cid, e.get("target")),
                field=e["field"],
                original=e["original"],
                corrected=e["corrected"],
                note=e.get("note"),
                source=e.get("source"),
            )
            for e in raw.get("errata", ())
        ),
        discrepancies=tuple(
            Discrepancy(
                field=d["field"],
                value=d["value"],
                alternative=d["alternative"],
                source=d.get("source"),
                note=d.get("note"),
            )
            for d in raw.get("discrepancies", ())
        ),
        inferences=tuple(Inference(field=i["field"], note=i["note"]) for i in raw.get("inferences", ())),
        priorities=tuple(priorities),
    )


def _full_target(contract_id: str, relative: str | None) -> str:
    return contract_id + (f"/{relative}" if relative else "")


def _relative_target(target: str) -> str | None:
    return target.split("/", 1)[1] if "/" in target else None


def decode(documents: Iterable[Mapping[str, Any]]) -> Dataset:
    """The dataset of validated file-shape documents (a theme or source defined twice is taken once)."""
    themes: dict[str, Theme] = {}
    sources: dict[str, Source] = {}
    contracts: list[Contract] = []
    for data in documents:
        for t in data.get("themes", ()):
            theme = Theme(id=t["id"], label_fr=t["label_fr"], label_en=t["label_en"], description=t.get("description"))
            themes.setdefault(theme.id, theme)
        for s in data.get("sources", ()):
            source = Source(
                id=s["id"],
                url=s["url"],
                kind=s["kind"],
                title=s.get("title"),
                updated_on=_date(s.get("updated_on")),
                published_on=_date(s.get("published_on")),
                note=s.get("note"),
            )
            sources.setdefault(source.id, source)
        contracts.extend(_decode_contract(c) for c in data.get("contracts", ()))
    return Dataset(contracts=tuple(contracts), themes=tuple(themes.values()), sources=tuple(sources.values()))


# --- model -> file shape --------------------------------------------------------------------------


def _table(item: object, overrides: Mapping[str, object] = {}) -> dict[str, Any]:  # read only
    """A record as a file table: its stored keys in layout order, absent values (None, empty) left out.

    Values are made plain: a date as its ISO text, a tuple as a list. ``overrides``
    replaces the value of some keys (nested records, relative targets).
    """
    table: dict[str, Any] = {}
    for attr, key in FIELDS[type(item)].items():
        if key is None:
            continue
        value = overrides[key] if key in overrides else getattr(item, attr)
        if value is None or value == () or value == []:
            continue
        if isinstance(value, PartialDate):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        table[key] = value
    return table


def _encode_priority(priority: Priority) -> dict[str, Any]:
    actions = []
    previous = 0
    for action in priority.actions:
        position = None if action.position == previous + 1 else action.position
        actions.append(_table(action, {"position": position}))
        previous = action.position
    return _table(priority, {"actions": actions})


def _encode_contract(contract: Contract) -> dict[str, Any]:
    return _table(
        contract,
        {
            "complete": None if contract.complete else False,  # true is the default: left out
            "signature_confirmed": None if contract.signature_confirmed else False,
            "events": [_table(e) for e in contract.events],
            "errata": [_table(e, {"target": _relative_target(e.target)}) for e in contract.errata],
            "discrepancies": [_table(d) for d in contract.discrepancies],
            "inferences": [_table(i) for i in contract.inferences],
            "priorities": [_encode_priority(p) for p in contract.priorities],
        },
    )


def encode(dataset: Dataset) -> dict[str, Any]:
    """The dataset as the plain structure of a dataset file (what ``tomllib`` would read)."""
    data: dict[str, Any] = {"format_version": FORMAT_VERSION}
    data.update(
        _table(
            dataset,
            {
                "themes": [_table(t) for t in dataset.themes],
                "sources": [_table(s) for s in dataset.sources],
                "contracts": [_encode_contract(c) for c in dataset.contracts],
            },
        )
    )
    return data


# --- the positional form (the cache) --------------------------------------------------------------
# Each record is the list of its stored values in layout order, None for an absent one; every
# position is stored, but for an action's trailing empty lists of links (most actions have none:
# two lists fewer to decode per action). Reading checks every value's exact type (a bool is not an
# int here).

T = TypeVar("T")


def _row(item: object, overrides: Mapping[str, object] = {}) -> list[Any]:  # read only
    row: list[Any] = []
    for attr, key in FIELDS[type(item)].items():
        if key is None:
            continue
        value = overrides[key] if key in overrides else getattr(item, attr)
        if isinstance(value, PartialDate):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        row.append(value)
    return row


def _action_row(action: Action) -> list[Any]:
    """An action's row without its trailing empty lists of links: [position, title, themes, declines, continues]."""
    row = _row(action)
    while len(row) > _ACTION_ROW_MIN and row[-1] == []:
        row.pop()
    return row


_ACTION_ROW_MIN = 3
"""The shortest row of an action: position, title, themes; declines and continues when not empty."""

_NO_LINKS: list[str] = []
"""What an action row's omitted list of links stands for (never changed: only ever copied into a tuple)."""


def pack(dataset: Dataset) -> list[Any]:
    """The dataset in positional form, JSON-ready; :func:`unpack` reverses it."""
    return _row(
        dataset,
        {
            "themes": [_row(t) for t in dataset.themes],
            "sources": [_row(s) for s in dataset.sources],
            "contracts": [
                _row(
                    c,
                    {
                        "events": [_row(e) for e in c.events],
                        "errata": [_row(e, {"target": _relative_target(e.target)}) for e in c.errata],
                        "discrepancies": [_row(d) for d in c.discrepancies],
                        "inferences": [_row(i) for i in c.inferences],
                        "priorities": [_row(p, {"actions": [_action_row(a) for a in p.actions]}) for p in c.priorities],
                    },
                )
                for c in dataset.contracts
            ],
        },
    )


def _is(kind: type[T]) -> Callable[[object], T]:
    def check(value: object) -> T:
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return check


def _opt(check: Callable[[object], T]) -> Callable[[object], T | None]:
    def optional(value: object) -> T | None:
        return None if value is None else check(value)

    return optional


_str, _int, _bool = _is(str), _is(int), _is(bool)
_opt_str, _opt_int = _opt(_str), _opt(_int)


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _strs(value: object) -> tuple[str, ...]:
    if value == []:  # most lists of links are empty
        return ()
    items = _list(value)
    for item in items:
        if type(item) is not str:
            raise TypeError(f"expected a string, got {type(item).__name__}")
    return tuple(items)


def _a_date(value: object) -> PartialDate:
    return PartialDate.parse(_str(value))


def _opt_date(value: object) -> PartialDate | None:
    return None if value is None else _a_date(value)


def _kind(value: object) -> Any:
    if value not in KINDS:
        raise ValueError(f"unknown kind {value!r}")
    return value


_STORED = {cls: tuple(attr for attr, key in table.items() if key is not None) for cls, table in FIELDS.items()}
"""Each class's stored fields, in layout order."""


def _fields(cls: type, row: object, checks: Sequence[Callable[[object], object]]) -> dict[str, Any]:
    """The stored fields of one positional record, each checked; raises on a wrong length or type."""
    values = _list(row)
    names = _STORED[cls]
    if len(values) != len(names) or len(checks) != len(names):
        raise ValueError(f"a {cls.__name__} record has {len(values)} values, expected {len(names)}")
    return {name: check(value) for name, check, value in zip(names, checks, values, strict=True)}


_THEME = (_str, _str, _str, _opt_str)
_SOURCE = (_str, _str, _str, _opt_str, _opt_date, _opt_date, _opt_str)
_EVENT = (_a_date, _str, _opt_str)
_ERRATUM = (_opt_str, _str, _str, _str, _opt_str, _opt_str)
_DISCREPANCY = (_str, _str, _str, _opt_str, _opt_str)
_INFERENCE = (_str, _str)


def _slot_setters(cls: type, names: Sequence[str]) -> tuple[Callable[[object, object], None], ...]:
    """Each slot's own setter: how :func:`_unpack_actions` fills a frozen instance without its ``__init__``."""
    return tuple(getattr(cls, name).__set__ for name in names)


_ACTION_SLOTS = ("id", "contract_id", "priority", "position", "title", "themes", "declines", "continues")
"""Every field of :class:`Action`, in the order :func:`_unpack_actions` sets them (tests/test_codec.py checks it)."""

_new_action = Action.__new__
_set_id, _set_contract, _set_priority, _set_position, _set_title, _set_themes, _set_declines, _set_continues = (
    _slot_setters(Action, _ACTION_SLOTS)
)


def _unpack_actions(cid: str, number: int, rows: object) -> tuple[Action, ...]:
    """The actions of priority ``number`` of contract ``cid`` from their cache rows, each one's slots set one by one.

    Not ``Action(...)``: a keyword call and eight ``object.__setattr__`` per
    action were a fifth of reading a cache entry of 200,000 actions (0.8 of
    2.5 microseconds each); the values are the ones ``__init__`` would get.
    The setters are bound to locals and the ids' common prefix is made once:
    this loop runs once per action of the dataset.
    """
    new, action_class = _new_action, Action
    set_id, set_contract, set_priority, set_position = _set_id, _set_contract, _set_priority, _set_position
    set_title, set_themes, set_declines, set_continues = _set_title, _set_themes, _set_declines, _set_continues
    prefix = f"{cid}/{number}."
    actions = []
    for row in _list(rows):
        length = len(row) if type(row) is list else 0
        if length == 3:  # no links, the common case
            position, title, themes = row
            declines = continues = None
        elif length == 5:
            position, title, themes, declines, continues = row
        elif length == 4:
            position, title, themes, declines = row
            continues = _NO_LINKS
        else:
            raise ValueError("an Action record must be a list of 3 to 5 values")
        if type(position) is not int or type(title) is not str or type(themes) is not list:
            raise TypeError("an action's position, title and themes must be an integer, a string and a list")
        action = new(action_class)
        set_id(action, f"{prefix}{position}")
        set_contract(action, cid)
        set_priority(action, number)
        set_position(action, position)
        set_title(action, title)
        # The items of its lists are not checked one by one here: _check_references requires every theme to be
        # in the vocabulary and every link to be an action's id, so anything but a string is rejected there.
        set_themes(action, tuple(themes))
        if declines is None:
            set_declines(action, ())
            set_continues(action, ())
        elif type(declines) is not list or type(continues) is not list:
            raise TypeError("an action's links must be lists")
        else:
            set_declines(action, tuple(declines))
            set_continues(action, tuple(continues))
        actions.append(action)
    return tuple(actions)


def _unpack_priority(cid: str, row: object) -> Priority:
    values = _list(row)
    if len(values) != 4:
        raise ValueError(f"a Priority record has {len(values)} values, expected 4")
    number, title, declared, actions = values
    number = _int(number)
    return Priority(
        id=f"{cid}/{number}",
        contract_id=cid,
        number=number,
        title=_str(title),
        declared_action_count=_opt_int(declared),
        actions=_unpack_actions(cid, number, actions),
    )


def _unpack_contract(row: object) -> Contract:
    values = _list(row)
    if len(values) != len(_STORED[Contract]):
        raise ValueError(f"a Contract record has {len(values)} values, expected {len(_STORED[Contract])}")
    (
        cid, kind, name, arrondissement, start_year, end_year, signed_on, declared, complete, confirmed, partners,
        signatories, sources, events, errata, discrepancies, inferences, priorities,
    ) = values  # fmt: skip  # the order of FIELDS[Contract]: tests/test_codec.py checks it
    cid = _str(cid)
    return Contract(
        id=cid,
        kind=_kind(kind),
        name=_str(name),
        arrondissement=_opt_int(arrondissement),
        start_year=_opt_int(start_year),
        end_year=_opt_int(end_year),
        signed_on=_opt_date(signed_on),
        declared_action_count=_opt_int(declared),
        complete=_bool(complete),
        signature_confirmed=_bool(confirmed),
        partners=_strs(partners),
        signatories=_strs(signatories),
        sources=_strs(sources),
        events=tuple(Event(**_fields(Event, e, _EVENT)) for e in _list(events)),
        errata=tuple(_unpack_erratum(cid, e) for e in _list(errata)),
        discrepancies=tuple(Discrepancy(**_fields(Discrepancy, d, _DISCREPANCY)) for d in _list(discrepancies)),
        inferences=tuple(Inference(**_fields(Inference, i, _INFERENCE)) for i in _list(inferences)),
        priorities=tuple(_unpack_priority(cid, p) for p in _list(priorities)),
    )


def _unpack_erratum(cid: str, row: object) -> Erratum:
    fields = _fields(Erratum, row, _ERRATUM)
    return Erratum(**{**fields, "target": _full_target(cid, fields["target"])})


def unpack(data: object) -> Dataset:
    """Rebuild a dataset from :func:`pack`'s output, checking every value's type.

    Raises ValueError, TypeError, KeyError or IndexError on anything else.
    """
    values = _list(data)
    if len(values) != 3:
        raise ValueError(f"a dataset record has {len(values)} values, expected 3")
    contracts, themes, sources = values
    dataset = Dataset(
        contracts=tuple(_unpack_contract(c) for c in _list(contracts)),
        themes=tuple(Theme(**_fields(Theme, t, _THEME)) for t in _list(themes)),
        sources=tuple(Source(**_fields(Source, s, _SOURCE)) for s in _list(sources)),
    )
    _check_references(dataset)
    return dataset


def _check_references(dataset: Dataset) -> None:
    """Raise ValueError unless every id is unique and every reference resolves, as in a dataset that was checked.

    :func:`pack` only ever writes datasets that passed every check; data that
    breaks these is not its output, whatever its types (a forged cache entry).
    The commands rely on them: a theme of an action is in the vocabulary, a
    link leads to an action, a source cited is listed.
    """
    if len(dataset._themes) != len(dataset.themes) or len(dataset._sources) != len(dataset.sources):
        raise ValueError("duplicate theme or source id")
    if len(dataset._contracts) != len(dataset.contracts):
        raise ValueError("duplicate contract id")
    if len(dataset._actions) != sum(len(p.actions) for c in dataset.contracts for p in c.priorities):
        raise ValueError("duplicate action id")
    themes, sources, actions = dataset._themes, dataset._sources, dataset._actions
    for contract in dataset.contracts:
        cited = [
            *contract.sources,
            *(e.source for e in contract.events),
            *(e.source for e in contract.errata),
            *(d.source for d in contract.discrepancies),
        ]
        if any(s is not None and s not in sources for s in cited):
            raise ValueError(f"{contract.id} cites an unknown source")
        if len({p.number for p in contract.priorities}) != len(contract.priorities):
            raise ValueError(f"{contract.id} has a duplicate priority number")
        for erratum in contract.errata:
            if (
                erratum.target != contract.id
                and erratum.target not in dataset._priorities
                and erratum.target not in actions
            ):
                raise ValueError(f"{contract.id} has an erratum on nothing")
        # One set per contract, not one test per action: the common case is every reference known.
        # set().union over the tuples runs in C; most actions have no link, and are skipped before any tuple is made.
        own = [a for p in contract.priorities for a in p.actions]
        if not set().union(*[a.themes for a in own]) <= themes.keys():
            bad = next(a for a in own if any(t not in themes for t in a.themes))
            raise ValueError(f"{bad.id} has an unknown theme")
        linked = [a for a in own if a.declines or a.continues]
        if not set().union(*[a.declines for a in linked], *[a.continues for a in linked]) <= actions.keys():
            bad = next(a for a in own if any(link not in actions for link in (*a.declines, *a.continues)))
            raise ValueError(f"{bad.id} links to an unknown action")
