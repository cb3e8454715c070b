"""Terminal rendering with rich: tables, trees and labelled records, as text. Imported only for ``table``.

A table in a pipe is drawn without rich when it can be (:mod:`cppsctl.output.grid`).

Data is always passed to rich as plain ``Text`` (never markup), and control
characters are shown escaped (:func:`cppsctl.text.escape_control`), so a title
can neither inject rich markup nor terminal escape sequences. Cells fold
instead of being cut: nothing is hidden on a narrow terminal or in a pipe,
but for a cell longer than :data:`~cppsctl.output.grid.MAX_CELL_CHARS`, which is cut with a marker
(the data formats never cut anything).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cppsctl.analysis.known import null_text
from cppsctl.model import Contract, Dataset
from cppsctl.output.formats import OutputOptions, Record, cell, flatten, table_cell
from cppsctl.output.grid import PIPE_WIDTH, READABLE_COLUMN, id_width, right_aligned, shown


def plain(value: object, style: str = "") -> Text:
    return Text(shown(cell(value)), style=style)


def make_console(options: OutputOptions) -> tuple[Console, io.StringIO]:
    """A console that writes into a buffer, as wide and as colourful as ``options`` say."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width or PIPE_WIDTH,
        force_terminal=True if options.terminal else None,  # None: rich honours FORCE_COLOR
        color_system="auto" if options.color else None,
        no_color=True if not options.color else None,  # None: rich honours NO_COLOR and TERM=dumb
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    return console, buffer


def table_text(
    rows: Sequence[Record], columns: Sequence[str], title: str | None, options: OutputOptions, legend: str | None = None
) -> str:
    """Records as a table (or, on a terminal too narrow for one, as ``field: value`` records), then the legend."""
    console, buffer = make_console(options)
    rows = [flatten(r) for r in rows]
    _print_table(console, rows, columns, title, options)
    if legend and rows:
        console.print(Text(legend, style="dim"), crop=False)
    return buffer.getvalue()


def _print_table(
    console: Console, rows: Sequence[Record], columns: Sequence[str], title: str | None, options: OutputOptions
) -> None:
    if _too_narrow(rows, columns, console.width):
        _print_vertical(console, rows, columns, title)
        return
    table = _table(rows, columns, options, title=title)
    # Measuring a table costs as much as printing it: only when it may not fit whole.
    if (
        _frame(len(columns)) + sum(_natural_widths(rows, columns)) > console.width
        and table.__rich_measure__(console, console.options).minimum > console.width
    ):
        # Some word must fold. Shorten the long headers (priority_count: "priorities") and keep ids, which
        # are copied and pasted, and words whole; when even that does not fit, let rich fold everything.
        headers = [HEADER_LABELS.get(c, c) for c in columns]
        widths = _widths_keeping_ids_whole(rows, columns, console.width, headers)
        table = (
            _table(rows, columns, options, title=title, widths=widths, headers=headers)
            if widths
            else _table(rows, columns, options, title=title, ids_whole=False, headers=headers)
        )
    console.print(table, crop=False)


HEADER_LABELS = {
    "priority_count": "axes",  # the sources' word for priorities: "priorities" would not fit 80 columns
    "action_count": "fiches",  # the sources' word (fiches-actions): "actions" would not fit 80 columns
    "declared_action_count": "declared",
    "signed_on": "signed",
    "completeness": "known",
    "arrondissement": "arr.",
    "in_force": "in force",
    "contract_id": "contract",
    "contract_kind": "kind",
    "priority_title": "priority title",
    "original_title": "as published",
    "start_year": "start",
    "end_year": "end",
    "earliest_start": "earliest",
    "latest_end": "latest",
    "signature_confirmed": "signature confirmed",
    "label_en": "label",
    "label_fr": "libellé",
    "updated_on": "updated",
    "published_on": "published",
    "left_priority": "left priority",
    "right_priority": "right priority",
    "left_title": "left title",
    "right_title": "right title",
    "bar_start": "from",
    "bar_end": "to",
    "certain_start": "surely from",
    "certain_end": "surely to",
    "start_status": "start is",
    "end_status": "end is",
}
"""Shorter headers, of whole words, for a table too wide for the terminal with the field names."""


def _frame(count: int) -> int:
    """The width a table's borders and padding take: the left border, then 2 + 1 per column."""
    return 1 + 3 * count


def _natural_widths(rows: Sequence[Record], columns: Sequence[str], headers: Sequence[str] | None = None) -> list[int]:
    """Each column's width with no cell folded, its header included."""
    from rich.cells import cell_len

    shown_headers = headers if headers is not None else columns
    return [
        max(cell_len(text) for text in [header, *_texts(rows, column)])
        for column, header in zip(columns, shown_headers, strict=True)
    ]


def _texts(rows: Sequence[Record], column: str) -> list[str]:
    return [shown(table_cell(r.get(column), column)) for r in rows]


def _widths_keeping_ids_whole(
    rows: Sequence[Record], columns: Sequence[str], width: int, headers: Sequence[str] | None = None
) -> list[int] | None:
    """Column widths within ``width`` that fold no id and no word of data; None if none fit.

    The id column keeps its longest id; every other column can shrink to its
    longest word, of its data and, when ``headers`` are given, of its header
    too (without them, the field names may fold). The room is taken from the
    widest columns first.
    """
    from rich.cells import cell_len

    widths = _natural_widths(rows, columns, headers)
    least = [
        max((cell_len(t) for t in texts), default=1)
        if column == "id"
        else max((cell_len(w) for t in texts for w in t.split()), default=1)
        for column, texts in ((c, _texts(rows, c)) for c in columns)
    ]
    if headers is not None:
        least = [max(n, *(cell_len(w) for w in h.split())) for n, h in zip(least, headers, strict=True)]
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
        longest = max((len(table_cell(r.get(column), column)) for r in rows), default=0)
        needed += min(max(longest, 4), READABLE_COLUMN) + 3
    return needed > width


def _print_vertical(console: Console, rows: Sequence[Record], columns: Sequence[str], title: str | None) -> None:
    if title:
        console.print(Text(shown(title), style="bold"), crop=False)
    for index, row in enumerate(rows):
        if index:
            console.print("", crop=False)
        for column in columns:
            line = Text(column + ": ", style="bold")
            line.append(shown(table_cell(row.get(column), column)), style="cyan" if column == "id" else "")
            console.print(line, crop=False)


def _table(
    rows: Sequence[Record],
    columns: Sequence[str],
    options: OutputOptions,
    *,
    title: str | None = None,
    ids_whole: bool = True,
    widths: Sequence[int] | None = None,
    headers: Sequence[str] | None = None,
) -> Table:
    """The table; ``widths``: fixed column widths, else rich sizes the columns (ids whole if it can)."""
    table = Table(
        title=None if title is None else shown(title), header_style="bold", expand=False, show_header=options.headers
    )
    for index, column in enumerate(columns):
        values = [r.get(column) for r in rows]
        table.add_column(
            column if headers is None else headers[index],
            overflow="fold",
            width=None if widths is None else widths[index],
            min_width=id_width(values, column) if ids_whole and column == "id" else None,
            style="cyan" if column == "id" else None,
            justify="right" if right_aligned(values) else "left",
        )
    for row in rows:
        table.add_row(*(Text(shown(table_cell(row.get(c), c))) for c in columns))
    return table


def contract_tree_text(dataset: Dataset, contract: Contract, options: OutputOptions) -> str:
    """``show CONTRACT`` on a terminal: the contract as a tree."""
    from rich.tree import Tree

    console, buffer = make_console(options)
    head = Text.assemble(
        (shown(contract.id), "bold"),
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
        branch = tree.add(Text.assemble((f"{priority.number}. ", "bold"), shown(priority.title), status))
        for action in priority.actions:
            line = Text.assemble((f"{action.id.split('/', 1)[1]}  ", "cyan"), shown(action.title))
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
    return buffer.getvalue()


HIDDEN_FIELDS = frozenset({"schema_version"})
"""Fields of a record that only machines need: the labelled view leaves them out."""

NULL_MEANS = {
    "original_title": "— (as published)",
    "arrondissement": "— (Paris-wide)",
    "in_force": "— (no year asked)",
    "change": "— (continues none)",
}
"""What a null says in the labelled view where it means "none" (see :data:`~cppsctl.analysis.known.NULL_MEANS_NONE`)."""


def _null_text(field: str) -> str:
    return "unknown" if null_text(field) == "?" else NULL_MEANS.get(field, "—")


def _item_text(item: object) -> str:
    """One value of a labelled record: a nested record as ``key: value`` pairs, labels included."""
    if isinstance(item, Mapping):
        return "; ".join(f"{k}: {cell(v, k)}" for k, v in item.items() if v is not None and v != [])
    return cell(item)


def record_text(record: Record, options: OutputOptions) -> str:
    """One record as labelled lines: ``field  value``, a list one item a line, a nested record indented.

    Values wrap in their own column; a null reads ``unknown``, or what it means
    where it means "none"; an empty list reads ``none``.
    """
    console, buffer = make_console(options)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def add(label: str, field: str, value: object) -> None:
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items or ["none"]):
            text = _null_text(field) if item is None else _item_text(item)
            grid.add_row(label if index == 0 else "", Text(shown(text)))

    for key in (k for k in record if k not in HIDDEN_FIELDS):
        value = record[key]
        if isinstance(value, Mapping):
            grid.add_row(key, "")
            for sub, item in value.items():
                if sub not in HIDDEN_FIELDS:
                    add(f"  {sub}", sub, item)
        else:
            add(key, key, value)
    console.print(grid, crop=False)
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())  # no cell padding at the end


def validation_text(problems: Sequence[Record], verdicts: Sequence[str], options: OutputOptions) -> str:
    """``validate`` on a terminal: each problem as ``file:line:column: where: message``, then the verdicts."""
    console, buffer = make_console(options)
    for p in problems:
        place = str(p["path"]) + (f":{p['line']}:{p['column'] or 1}" if p.get("line") is not None else "")
        where = f"{p['where']}: " if p.get("where") else ""
        console.print(Text(shown(f"{place}: {where}{p['message']}")), crop=False, soft_wrap=True)
    for verdict in verdicts:
        console.print(Text(shown(verdict)), crop=False, soft_wrap=True)
    return buffer.getvalue()
