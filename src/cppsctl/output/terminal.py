"""Terminal rendering with rich: tables and trees. Imported only for ``--format table``.

Data is always passed to rich as plain ``Text`` (never markup), and control
characters are shown escaped, so a title can neither inject rich markup nor
terminal escape sequences. Cells fold instead of being cut: nothing is hidden
on a narrow terminal or in a pipe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cppsctl.model import Contract, Dataset
from cppsctl.output.formats import OutputOptions, cell
from cppsctl.output.records import Record

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def escape_control(text: str) -> str:
    """Show control and bidi characters as escapes instead of letting the terminal act on them."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def plain(value: object, style: str = "") -> Text:
    return Text(escape_control(cell(value)), style=style)


READABLE_COLUMN = 12
"""Narrowest a column may get before a table is printed as ``field: value`` records instead."""

PIPE_WIDTH = 100_000
"""Width of a table written to a pipe or file: wide enough that no cell ever wraps."""


def make_console(stream: IO[str], options: OutputOptions) -> Console:
    isatty = getattr(stream, "isatty", None)
    to_terminal = bool(isatty and isatty())
    width = None if to_terminal or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(
        file=stream,
        width=width,
        color_system="auto" if options.color else None,
        no_color=True if not options.color else None,  # None: rich honours NO_COLOR and TERM=dumb
        highlight=False,
        markup=False,
        emoji=False,
    )


def print_table(rows: Sequence[Record], columns: Sequence[str], options: OutputOptions, stream: IO[str]) -> None:
    console = make_console(stream, options)
    if _too_narrow(rows, columns, console.width):
        _print_vertical(console, rows, columns, options)
        return
    table = _table(rows, columns, options)
    # Measuring a table costs as much as printing it: only when it may not fit whole.
    if (
        _frame(len(columns)) + sum(_natural_widths(rows, columns)) > console.width
        and table.__rich_measure__(console, console.options).minimum > console.width
    ):
        # Some word must fold. Fold headers (priority_count) rather than ids, which are copied
        # and pasted; when even that does not fit, let rich fold everything, ids included.
        widths = _widths_keeping_ids_whole(rows, columns, console.width)
        table = (
            _table(rows, columns, options, widths=widths) if widths else _table(rows, columns, options, ids_whole=False)
        )
    console.print(table, crop=False)


def _frame(count: int) -> int:
    """The width a table's borders and padding take: the left border, then 2 + 1 per column."""
    return 1 + 3 * count


def _natural_widths(rows: Sequence[Record], columns: Sequence[str]) -> list[int]:
    """Each column's width with no cell folded, its header included."""
    from rich.cells import cell_len

    return [max(cell_len(text) for text in [column, *_texts(rows, column)]) for column in columns]


def _texts(rows: Sequence[Record], column: str) -> list[str]:
    return [escape_control(cell(r.get(column))) for r in rows]


def _widths_keeping_ids_whole(rows: Sequence[Record], columns: Sequence[str], width: int) -> list[int] | None:
    """Column widths within ``width`` that fold no id and no word of data, only headers; None if none fit.

    The id column keeps its longest id; every other column can shrink to its
    longest word. The room is taken from the widest columns first.
    """
    from rich.cells import cell_len

    widths = _natural_widths(rows, columns)
    least = [
        max((cell_len(t) for t in texts), default=1)
        if column == "id"
        else max((cell_len(w) for t in texts for w in t.split()), default=1)
        for column, texts in ((c, _texts(rows, c)) for c in columns)
    ]
    room = width - _frame(len(columns))
    if sum(least) > room:
        return None
    while sum(widths) > room:
        widest = max((i for i, w in enumerate(widths) if w > least[i]), key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _too_narrow(rows: Sequence[Record], columns: Sequence[str], width: int) -> bool:
    """Whether a table would squeeze its columns below readability (then print records one by one)."""
    needed = 1
    for column in columns:
        longest = max((len(cell(r.get(column))) for r in rows), default=0)
        needed += min(max(longest, 4), READABLE_COLUMN) + 3
    return needed > width


def _print_vertical(console: Console, rows: Sequence[Record], columns: Sequence[str], options: OutputOptions) -> None:
    if options.title:
        console.print(Text(escape_control(options.title), style="bold"), crop=False)
    for index, row in enumerate(rows):
        if index:
            console.print("", crop=False)
        for column in columns:
            line = Text(column + ": ", style="bold")
            line.append(escape_control(cell(row.get(column))), style="cyan" if column == "id" else "")
            console.print(line, crop=False)


def _table(
    rows: Sequence[Record],
    columns: Sequence[str],
    options: OutputOptions,
    *,
    ids_whole: bool = True,
    widths: Sequence[int] | None = None,
) -> Table:
    """The table; ``widths``: fixed column widths, else rich sizes the columns (ids whole if it can)."""
    table = Table(title=options.title, header_style="bold", expand=False)
    for index, column in enumerate(columns):
        values = [r.get(column) for r in rows if r.get(column) is not None]
        numeric = bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        longest = max((len(cell(v)) for v in values), default=0)
        table.add_column(
            column,
            overflow="fold",
            width=None if widths is None else widths[index],
            min_width=longest if ids_whole and column == "id" else None,
            style="cyan" if column == "id" else None,
            justify="right" if numeric else "left",
        )
    for row in rows:
        table.add_row(*(plain(row.get(c)) for c in columns))
    return table


def print_contract_tree(dataset: Dataset, contract: Contract, options: OutputOptions, stream: IO[str]) -> None:
    """``show CONTRACT`` on a terminal: the contract as a tree."""
    from rich.tree import Tree

    console = make_console(stream, options)
    head = Text.assemble(
        (escape_control(contract.id), "bold"),
        f"  {contract.kind} · {contract.scope} · {contract.period} · {contract.completeness}",
    )
    tree = Tree(head)
    tree.add(plain(contract.name))
    facts = tree.add(Text("facts", style="bold"))
    facts.add(plain(f"signed on: {contract.signed_on or 'unknown'}"))
    if contract.declared_action_count is not None:
        facts.add(plain(f"declared actions: {contract.declared_action_count}"))
    for label, people in (("partners", contract.partners), ("signatories", contract.signatories)):
        if people:
            facts.add(plain(f"{label}: " + "; ".join(people)))
    if contract.events:
        events = tree.add(Text("events", style="bold"))
        for event in contract.events:
            events.add(plain(f"{event.date}  {event.label}"))
    for priority in contract.priorities:
        status = ""
        if priority.declared_action_count is not None and not contract.complete:
            known = len(priority.actions)
            status = "  (complete)" if priority.complete else f"  ({known} of {priority.declared_action_count} known)"
        elif not contract.complete and priority.declared_action_count is None:
            status = f"  ({len(priority.actions)} known)"
        branch = tree.add(Text.assemble((f"{priority.number}. ", "bold"), escape_control(priority.title), status))
        for action in priority.actions:
            line = Text.assemble((f"{action.id.split('/', 1)[1]}  ", "cyan"), escape_control(action.title))
            line.append(f"  [{', '.join(action.themes)}]", style="dim")
            node = branch.add(line)
            for link in action.declines:
                node.add(plain(f"declines {link}", "dim"))
            for link in action.continues:
                node.add(plain(f"continues {link}", "dim"))
    if contract.errata:
        errata = tree.add(Text("errata (as published → as recorded)", style="bold"))
        for e in contract.errata:
            where = e.target.split("/", 1)[1] if "/" in e.target else "contract"
            node = errata.add(plain(f"{where} {e.field}: {e.original!r} → {e.corrected!r}"))
            if e.note:
                node.add(plain(e.note, "dim"))
    if contract.discrepancies:
        disc = tree.add(Text("discrepancies between sources", style="bold"))
        for d in contract.discrepancies:
            src = f" ({d.source})" if d.source else ""
            node = disc.add(plain(f"{d.field}: recorded {d.value!r}; other source{src}: {d.alternative!r}"))
            if d.note:
                node.add(plain(d.note, "dim"))
    if contract.inferences:
        inf = tree.add(Text("inferred values", style="bold"))
        for i in contract.inferences:
            inf.add(plain(f"{i.field}: {i.note}"))
    sources = tree.add(Text("sources", style="bold"))
    for source_id in contract.sources:
        source = dataset.source(source_id)
        if source is not None:
            updated = f" (updated {source.updated_on})" if source.updated_on else ""
            sources.add(plain(f"{source.kind}: {source.url}{updated}"))
    console.print(tree, crop=False)


def print_record(record: Record, options: OutputOptions, stream: IO[str]) -> None:
    """A single record as ``field  value`` lines (lists one item a line, nested records inline)."""
    console = make_console(stream, options)
    width = max((len(k) for k in record), default=0)
    for key, value in record.items():
        items = value if isinstance(value, list) else [value]
        if not items:
            items = [""]
        for index, item in enumerate(items):
            if isinstance(item, dict):
                item = " · ".join(cell(v) for v in item.values() if v is not None)
            label = key if index == 0 else ""
            line = Text(label.ljust(width + 2), style="bold")
            line.append(escape_control(cell(item)))
            console.print(line, crop=False)
