"""Consistency checks across dataset files: ids, counts, themes, sources and links.

These run on the raw TOML data after the schema check and guard every access,
so that a file with schema problems still gets its other problems reported.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cppsctl.dataset.codec import action_positions
from cppsctl.dataset.locate import PathKey
from cppsctl.dataset.read import Document
from cppsctl.dataset.schema import check as schema_check
from cppsctl.errors import Problem, did_you_mean
from cppsctl.model import INFERABLE_FIELDS, PartialDate

PARIS_WIDE_KINDS = {"CPPS", "CPS"}
PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z")
"""The form of a partial date, the schema's; with ``match``, the whole text (``$`` would allow a final newline)."""
LOCAL_KINDS = {"CPSA", "CSA"}


@dataclass
class Entry:
    """An item of a top-level list, with the file and path it was read from."""

    doc: Document
    path: PathKey
    item: dict[str, Any]

    def problem(self, message: str, *sub: str | int) -> Problem:
        return self.doc.problem((*self.path, *sub), message)


def _entries(documents: list[Document], key: str) -> list[Entry]:
    out: list[Entry] = []
    for doc in documents:
        items = doc.data.get(key)
        if isinstance(items, list):
            out.extend(Entry(doc, (key, i), item) for i, item in enumerate(items) if isinstance(item, dict))
    return out


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _str_items(value: object) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str)]


MAX_PROBLEMS = 1000
"""Most problems one check collects; past them it stops, with a last problem that says so.

A file within every bound of :mod:`cppsctl.dataset.bounds` can still hold two
million unknown keys: reporting each took 1.8 GB and 114 s. Nobody fixes a
thousand problems before checking again; the first thousand, in file order, come
in a second or two.
"""


def check_documents(documents: list[Document]) -> list[Problem]:
    """The schema and consistency problems of the documents, as one dataset: all of them, up to :data:`MAX_PROBLEMS`."""
    problems: list[Problem] = []
    for doc in documents:
        budget = MAX_PROBLEMS + 1 - len(problems)
        problems.extend(doc.problem(path, message) for path, message in schema_check(doc.data, limit=budget))
        if len(problems) > MAX_PROBLEMS:
            # Consistency checks assume a schema-valid shape where they can; past the cap, stop here.
            return _capped(problems, documents)
    problems.extend(itertools.islice(_check_consistency(documents), MAX_PROBLEMS + 1 - len(problems)))
    problems.extend(itertools.islice(_check_dates(documents), MAX_PROBLEMS + 1 - len(problems)))
    if len(problems) > MAX_PROBLEMS:
        return _capped(problems, documents)
    return _in_file_order(problems, documents)


def _capped(problems: list[Problem], documents: list[Document]) -> list[Problem]:
    kept = _in_file_order(problems[:MAX_PROBLEMS], documents)
    stop = Problem(kept[-1].path, f"more problems; the check stopped after the first {MAX_PROBLEMS:,}")
    return [*kept, stop]


def _in_file_order(problems: list[Problem], documents: list[Document]) -> list[Problem]:
    order = {doc.path: index for index, doc in enumerate(documents)}
    problems.sort(key=lambda p: (order.get(p.path, -1), p.line or 0, p.column or 0))
    return problems


def _check_dates(documents: list[Document]) -> Iterator[Problem]:
    """Dates that have the right form but do not exist (``2031-13``, ``2023-02-30``)."""
    for doc in documents:
        places: list[tuple[PathKey, object]] = []
        for s_index, source in enumerate(_list(doc.data.get("sources"))):
            if isinstance(source, dict):
                places += [(("sources", s_index, k), source.get(k)) for k in ("updated_on", "published_on")]
        for c_index, contract in enumerate(_list(doc.data.get("contracts"))):
            if not isinstance(contract, dict):
                continue
            places.append((("contracts", c_index, "signed_on"), contract.get("signed_on")))
            for e_index, event in enumerate(_list(contract.get("events"))):
                if isinstance(event, dict):
                    places.append((("contracts", c_index, "events", e_index, "date"), event.get("date")))
        for where, value in places:
            if isinstance(value, str) and PARTIAL_DATE.match(value):
                try:
                    PartialDate.parse(value)
                except ValueError as exc:
                    yield doc.problem(where, str(exc))


def _unique(entries: list[Entry], what: str) -> Iterator[Problem]:
    seen: dict[str, Entry] = {}
    for entry in entries:
        ident = entry.item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = seen[ident]
            if what in ("theme", "source") and first.item == entry.item:
                continue  # the same definition repeated in several files is harmless
            line = first.doc.locator.find(first.path)
            at = f"{first.doc.path}:{line[0]}" if line else first.doc.path
            yield entry.problem(f"duplicate {what} id {ident!r} (first defined at {at})", "id")
        else:
            seen[ident] = entry


def _check_consistency(documents: list[Document]) -> Iterator[Problem]:
    themes = _entries(documents, "themes")
    sources = _entries(documents, "sources")
    contracts = _entries(documents, "contracts")
    yield from _unique(themes, "theme")
    yield from _unique(sources, "source")
    yield from _unique(contracts, "contract")
    theme_ids = {e.item["id"] for e in themes if isinstance(e.item.get("id"), str)}
    source_ids = {e.item["id"] for e in sources if isinstance(e.item.get("id"), str)}

    # Index every action: id -> (contract entry, scope).
    scope_of: dict[str, object] = {}
    start_of: dict[str, object] = {}
    action_ids: set[str] = set()
    for entry in contracts:
        cid = entry.item.get("id")
        if not isinstance(cid, str):
            continue
        scope_of[cid] = entry.item.get("arrondissement")
        start_of[cid] = entry.item.get("start_year")
        for priority in _list(entry.item.get("priorities")):
            if isinstance(priority, dict) and isinstance(priority.get("number"), int):
                for _, _, position in action_positions(priority):
                    action_ids.add(f"{cid}/{priority['number']}.{position}")

    for entry in contracts:
        yield from _check_contract(entry, theme_ids, source_ids, action_ids, scope_of, start_of)


def _check_contract(
    entry: Entry,
    theme_ids: set[str],
    source_ids: set[str],
    action_ids: set[str],
    scope_of: dict[str, object],
    start_of: dict[str, object],
) -> Iterator[Problem]:
    c = entry.item
    cid = str(c["id"]) if isinstance(c.get("id"), str) else "?"
    kind = c.get("kind") if isinstance(c.get("kind"), str) else None
    arrondissement = c.get("arrondissement")
    if kind in PARIS_WIDE_KINDS and arrondissement is not None:
        yield entry.problem(f"a {kind} is Paris-wide and has no arrondissement", "arrondissement")
    if kind in LOCAL_KINDS and arrondissement is None:
        yield entry.problem(f"a {kind} needs its arrondissement", "kind")
    start, end = c.get("start_year"), c.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        yield entry.problem(f"end_year {end} is before start_year {start}", "end_year")
    for index, inference in enumerate(_list(c.get("inferences"))):
        field = inference.get("field") if isinstance(inference, dict) else None
        if isinstance(field, str) and field in INFERABLE_FIELDS and c.get(field) in (None, "", []):
            yield entry.problem(
                f"inference on {field!r}, which has no value: give the value inferred, or name what the note is"
                " about otherwise (e.g. 'events: ...')",
                "inferences",
                index,
                "field",
            )

    for index, sid in enumerate(_list(c.get("sources"))):
        if isinstance(sid, str) and sid not in source_ids:
            yield entry.problem(_unknown("source", sid, source_ids), "sources", index)
    for key in ("events", "errata", "discrepancies"):
        for index, item in enumerate(_list(c.get(key))):
            sid = item.get("source") if isinstance(item, dict) else None
            if isinstance(sid, str) and sid not in source_ids:
                yield entry.problem(_unknown("source", sid, source_ids), key, index, "source")

    complete = c.get("complete", True) is not False
    numbers: set[int] = set()
    listed_total = 0
    declared_sum: int | None = 0
    local_targets: dict[str, str] = {"": str(c.get("name", ""))}
    for p_index, priority in enumerate(_list(c.get("priorities"))):
        if not isinstance(priority, dict):
            continue
        number = priority.get("number")
        if isinstance(number, int):
            if number in numbers:
                yield entry.problem(f"duplicate priority number {number}", "priorities", p_index, "number")
            numbers.add(number)
            local_targets[str(number)] = str(priority.get("title", ""))
        positions = action_positions(priority)
        listed = len(positions)
        listed_total += listed
        declared = priority.get("declared_action_count")
        if isinstance(declared, int) and not isinstance(declared, bool):
            if declared_sum is not None:
                declared_sum += declared
            if complete and listed != declared:
                yield entry.problem(
                    f"priority {number} declares {declared} actions but lists {listed}"
                    " (set complete = false on the contract if only part is known)",
                    "priorities",
                    p_index,
                    "declared_action_count",
                )
            elif listed > declared:
                yield entry.problem(
                    f"priority {number} declares {declared} actions but lists more ({listed})",
                    "priorities",
                    p_index,
                    "declared_action_count",
                )
        else:
            declared_sum = None
        seen_positions: set[int] = set()
        last = 0
        for a_index, action, position in positions:
            where = ("priorities", p_index, "actions", a_index)
            if position in seen_positions or position <= last:
                yield entry.problem(
                    f"action position {position} is not after the previous one ({last})", *where, "position"
                )
            seen_positions.add(position)
            last = max(last, position)
            if isinstance(number, int):
                local_targets[f"{number}.{position}"] = str(action.get("title", ""))
            for t_index, theme in enumerate(_list(action.get("themes"))):
                if isinstance(theme, str) and theme not in theme_ids:
                    yield entry.problem(_unknown("theme", theme, theme_ids), *where, "themes", t_index)
            own_id = f"{cid}/{number}.{position}"
            yield from _check_links(entry, where, action, own_id, cid, action_ids, scope_of, start_of)

    declared_total = c.get("declared_action_count")
    if isinstance(declared_total, int) and not isinstance(declared_total, bool):
        if complete and listed_total != declared_total:
            yield entry.problem(
                f"declares {declared_total} actions but lists {listed_total}"
                " (set complete = false if only part is known)",
                "declared_action_count",
            )
        elif listed_total > declared_total:
            yield entry.problem(
                f"declares {declared_total} actions but lists more ({listed_total})", "declared_action_count"
            )
        elif declared_sum is not None and numbers and complete and declared_sum != declared_total:
            yield entry.problem(
                f"declares {declared_total} actions but its priorities declare {declared_sum}",
                "declared_action_count",
            )
    elif complete and "priorities" not in c:
        yield entry.problem("a complete contract lists its priorities (or set complete = false)", "complete")

    for index, erratum in enumerate(_list(c.get("errata"))):
        if not isinstance(erratum, dict):
            continue
        target = erratum.get("target", "")
        if not isinstance(target, str):
            continue
        if target not in local_targets:
            yield entry.problem(
                _unknown("erratum target", target, [t for t in local_targets if t]), "errata", index, "target"
            )
        elif erratum.get("field") == "title" and target and erratum.get("corrected") != local_targets[target]:
            yield entry.problem(
                f"erratum on the title of {target}: 'corrected' differs from the title recorded",
                "errata",
                index,
                "corrected",
            )


def _check_links(
    entry: Entry,
    where: PathKey,
    action: dict[str, Any],
    own_id: str,
    cid: str,
    action_ids: set[str],
    scope_of: dict[str, object],
    start_of: dict[str, object],
) -> Iterator[Problem]:
    for key in ("declines", "continues"):
        for index, link in enumerate(_str_items(action.get(key))):
            at = (*where, key, index)
            if link not in action_ids:
                yield entry.problem(_unknown("action", link, action_ids), *at)
                continue
            target_contract = link.split("/", 1)[0]
            if link == own_id or target_contract == cid:
                yield entry.problem(f"{key} {link!r}: an action cannot link to its own contract", *at)
            elif key == "declines" and scope_of.get(target_contract) is not None:
                yield entry.problem(f"declines {link!r}: only a Paris-wide action can be declined", *at)
            elif key == "continues":
                if scope_of.get(target_contract) != scope_of.get(cid):
                    yield entry.problem(f"continues {link!r}: the predecessor must have the same scope", *at)
                else:
                    before, after = start_of.get(target_contract), start_of.get(cid)
                    if isinstance(before, int) and isinstance(after, int) and before >= after:
                        yield entry.problem(f"continues {link!r}: the predecessor must be an earlier contract", *at)


def _unknown(what: str, value: str, known: set[str] | list[str]) -> str:
    hint = did_you_mean(value, sorted(known))
    extra = f" (did you mean {hint[0]!r}?)" if hint else ""
    return f"unknown {what} {value!r}{extra}"
