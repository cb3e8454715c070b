"""Write a dataset back out: the TOML structure as plain data, as JSON, or as TOML text.

``to_data`` is the inverse of loading: ``load.from_data(to_data(d)) == d`` for
every valid dataset, and the same through ``to_json`` and ``to_toml`` (the
round trip is a property test). Nothing is dropped: errata, discrepancies,
inferences, events, sources and lineage all come back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cppsctl.model import Action, Contract, Dataset, PartialDate, Priority, Source, Theme

FORMAT_VERSION = 1


def _put(table: dict[str, Any], key: str, value: object) -> None:
    """Set ``key`` unless the value is absent (None or an empty list), as the file format omits it."""
    if value is None or value == [] or value == ():
        return
    table[key] = str(value) if isinstance(value, PartialDate) else value


def _theme(theme: Theme) -> dict[str, Any]:
    table: dict[str, Any] = {"id": theme.id, "label_fr": theme.label_fr, "label_en": theme.label_en}
    _put(table, "description", theme.description)
    return table


def _source(source: Source) -> dict[str, Any]:
    table: dict[str, Any] = {"id": source.id, "url": source.url, "kind": source.kind}
    for key in ("title", "updated_on", "published_on", "note"):
        _put(table, key, getattr(source, key))
    return table


def _action(action: Action, previous: int) -> dict[str, Any]:
    table: dict[str, Any] = {}
    if action.position != previous + 1:
        table["position"] = action.position
    table["title"] = action.title
    table["themes"] = list(action.themes)
    _put(table, "declines", list(action.declines))
    _put(table, "continues", list(action.continues))
    return table


def _priority(priority: Priority) -> dict[str, Any]:
    table: dict[str, Any] = {"number": priority.number, "title": priority.title}
    _put(table, "declared_action_count", priority.declared_action_count)
    actions = []
    previous = 0
    for action in priority.actions:
        actions.append(_action(action, previous))
        previous = action.position
    _put(table, "actions", actions)
    return table


def _contract(contract: Contract) -> dict[str, Any]:
    table: dict[str, Any] = {"id": contract.id, "kind": contract.kind, "name": contract.name}
    for key in ("arrondissement", "start_year", "end_year", "signed_on", "declared_action_count"):
        _put(table, key, getattr(contract, key))
    if not contract.complete:
        table["complete"] = False
    if not contract.signature_confirmed:
        table["signature_confirmed"] = False
    for key in ("partners", "signatories", "sources"):
        _put(table, key, list(getattr(contract, key)))
    events = []
    for ev in contract.events:
        event: dict[str, Any] = {"date": str(ev.date), "label": ev.label}
        _put(event, "source", ev.source)
        events.append(event)
    _put(table, "events", events)
    errata = []
    for e in contract.errata:
        erratum: dict[str, Any] = {}
        target = e.target.split("/", 1)[1] if "/" in e.target else ""
        _put(erratum, "target", target or None)
        erratum.update(field=e.field, original=e.original, corrected=e.corrected)
        _put(erratum, "note", e.note)
        _put(erratum, "source", e.source)
        errata.append(erratum)
    _put(table, "errata", errata)
    discrepancies = []
    for d in contract.discrepancies:
        item: dict[str, Any] = {"field": d.field, "value": d.value, "alternative": d.alternative}
        _put(item, "source", d.source)
        _put(item, "note", d.note)
        discrepancies.append(item)
    _put(table, "discrepancies", discrepancies)
    _put(table, "inferences", [{"field": i.field, "note": i.note} for i in contract.inferences])
    _put(table, "priorities", [_priority(p) for p in contract.priorities])
    return table


def to_data(dataset: Dataset) -> dict[str, Any]:
    """The dataset as the plain structure of a dataset file (what ``tomllib`` would read)."""
    data: dict[str, Any] = {"format_version": FORMAT_VERSION}
    _put(data, "themes", [_theme(t) for t in dataset.themes])
    _put(data, "sources", [_source(s) for s in dataset.sources])
    _put(data, "contracts", [_contract(c) for c in dataset.contracts])
    return data


def to_json(dataset: Dataset) -> str:
    """The dataset file structure as JSON (UTF-8 text, non-ASCII kept)."""
    return json.dumps(to_data(dataset), ensure_ascii=False, indent=2) + "\n"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # with fullmatch: "a\n" is quoted


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\u00a0" or 0x80 <= ord(ch) < 0xA0:
            out.append(f"\\u{ord(ch):04X}")  # control characters and non-breaking spaces stay visible
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_table(lines: list[str], header: str | None, table: dict[str, Any], path: str) -> None:
    if header is not None:
        lines.append("")
        lines.append(header)
    nested: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, items in nested:
        full = f"{path}.{_toml_key(key)}" if path else _toml_key(key)
        for item in items:
            _toml_table(lines, f"[[{full}]]", item, full)


def to_toml(dataset: Dataset) -> str:
    """The dataset as a TOML dataset file, in the layout of ``data/contracts.toml``."""
    lines = ["#:schema ./contracts.schema.json"]
    _toml_table(lines, None, to_data(dataset), "")
    return "\n".join(lines) + "\n"
