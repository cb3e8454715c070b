"""``compare``, ``timeline`` and ``matrix`` on a terminal, with rich. Imported only for ``--format table``.

As in :mod:`cppsctl.output.terminal`, data reaches rich only as ``Text``, with control
characters escaped. Without colour (``--no-color``, a pipe), title diffs are
marked wdiff style, ``[-removed-]`` and ``{+added+}``, so nothing depends on
colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from cppsctl.analysis.compare import STATUSES, Comparison, Pair, Side, Status
from cppsctl.analysis.timeline import Bar, Matrix
from cppsctl.model import Action, Contract
from cppsctl.output.formats import OutputOptions
from cppsctl.output.terminal import make_console, plain, shown

STATUS_STYLES: dict[Status, str] = {
    "kept": "green",
    "reworded": "yellow",
    "merged": "magenta",
    "split": "magenta",
    "added": "cyan",
    "removed": "red",
    "unknown": "dim",
}
DELETED_STYLE = "red strike"
INSERTED_STYLE = "bold green"


def _short(action: Action) -> str:
    """``3.2`` for ``cpsa-11-2022-2026/3.2``: the contract is in the column header."""
    return action.id.split("/", 1)[1]


def _side_cell(pair: Pair, side: Side, marked: bool) -> Text:
    cell = Text()
    diff = pair.diff
    for index, action in enumerate(pair.side(side)):
        if index:
            cell.append("\n")
        cell.append(_short(action) + "  ", style="bold")
        if diff is None:
            cell.append(shown(action.title))
            continue
        wanted = "delete" if side == "left" else "insert"
        style = DELETED_STYLE if side == "left" else INSERTED_STYLE
        marks = ("[-", "-]") if side == "left" else ("{+", "+}")
        parts: list[tuple[str, str]] = []
        for segment in diff:
            words = segment.old if side == "left" else segment.new
            if segment.op == "equal":
                parts.append((words, ""))
            elif segment.op == wanted:
                parts.append((f"{marks[0]}{words}{marks[1]}" if marked else words, style))
        for number, (text, text_style) in enumerate(parts):
            cell.append((" " if number else "") + shown(text), style=text_style)
    return cell


def _match_cell(pair: Pair) -> Text:
    if pair.method is None:
        return Text("")
    if pair.method == "similarity" and pair.score is not None:
        return Text(f"similarity {pair.score:.2f}")
    cell = Text(pair.method)
    for step in pair.via:
        cell.append(f"\nvia {shown(step)}", style="dim")
    return cell


def _status_cell(pair: Pair) -> Text:
    cell = Text(pair.status, style=STATUS_STYLES[pair.status])
    if pair.moved:
        cell.append("\nmoved", style="bold")
    return cell


def comparison_text(comparison: Comparison, only: Collection[Status], options: OutputOptions) -> str:
    """The pairs side by side, then the counts per class and per priority, then the coverage if any."""
    console, buffer = make_console(options)
    fill = options.width is not None  # on a terminal the two sides share its width; in a pipe, what they need
    marked = console.color_system is None
    left, right = comparison.left, comparison.right
    table = Table(title=f"{left.id} → {right.id}", header_style="bold", expand=False, show_lines=True)
    table.add_column("class", no_wrap=True)
    table.add_column(left.id, overflow="fold", ratio=1 if fill else None)
    table.add_column(right.id, overflow="fold", ratio=1 if fill else None)
    table.add_column("matched by", overflow="fold")
    for pair in comparison.only(only):
        table.add_row(
            _status_cell(pair), _side_cell(pair, "left", marked), _side_cell(pair, "right", marked), _match_cell(pair)
        )
    if table.row_count:
        console.print(table, crop=False)
    else:
        console.print(Text(f"no pair in the class{'es' if len(only) > 1 else ''} {', '.join(only)}"), crop=False)
    console.print(_summary_line(comparison), crop=False)
    console.print(_priority_table(comparison), crop=False)
    if comparison.coverage is not None:
        console.print(_coverage_table(comparison), crop=False)
    return buffer.getvalue()


def _summary_line(comparison: Comparison) -> Text:
    counts = comparison.counts()
    line = Text(f"{len(comparison.pairs)} pairs: ", style="bold")
    for index, status in enumerate(STATUSES):
        line.append(", " if index else "")
        line.append(f"{counts[status]} {status}", style=STATUS_STYLES[status] if counts[status] else "dim")
    line.append(f"; {comparison.moved_count} moved")
    return line


def _priority_table(comparison: Comparison) -> Table:
    """Actions per class in each priority of each side (classes that occur only)."""
    sides: list[tuple[Contract, Side]] = [(comparison.left, "left"), (comparison.right, "right")]
    per_side = {side: comparison.priority_counts(side) for _, side in sides}
    shown = [s for s in STATUSES if any(p.counts[s] for rows in per_side.values() for p in rows)]
    table = Table(title="Actions per priority", header_style="bold", expand=False)
    table.add_column("contract", no_wrap=True)
    table.add_column("priority", justify="right")
    table.add_column("actions", justify="right")
    for status in shown:
        table.add_column(status, justify="right", header_style=f"bold {STATUS_STYLES[status]}")
    for contract, side in sides:
        for index, row in enumerate(per_side[side]):
            table.add_row(
                plain(contract.id if index == 0 else ""),
                plain(row.number),
                plain(sum(row.counts.values())),
                *(plain(row.counts[s] or "·") for s in shown),
                end_section=index == len(per_side[side]) - 1,
            )
    return table


def _coverage_table(comparison: Comparison) -> Table:
    coverage = comparison.coverage
    assert coverage is not None
    known = "" if coverage.complete else " (of its known actions)"
    table = Table(title=f"{coverage.paris_wide} actions declined by {coverage.local}{known}", header_style="bold")
    table.add_column("priority", overflow="fold")
    table.add_column("actions", justify="right")
    table.add_column("declined", justify="right")
    table.add_column("%", justify="right")
    table.add_column("which", overflow="fold")
    for row in coverage.priorities:
        which = ", ".join(i.split("/", 1)[1] for i in row.declined)
        table.add_row(
            plain(f"{row.number}. {row.title}"),
            plain(len(row.actions)),
            plain(len(row.declined)),
            plain("" if row.percent is None else f"{row.percent:.1f}"),
            plain(which),
        )
    percent = coverage.percent
    table.add_row(
        Text("total", style="bold"),
        plain(coverage.action_count),
        plain(coverage.declined_count),
        plain("" if percent is None else f"{percent:.1f}"),
        plain(""),
    )
    return table


# --- timeline ------------------------------------------------------------------------------------

CERTAIN = "━"
UNCERTAIN = "┄"
SIGNED_DAY = "◆"
SIGNED_ROUGHLY = "◇"
LEGEND = (
    f"{CERTAIN} in force (years given)  {UNCERTAIN} inferred  "
    f"{SIGNED_DAY} signed (date known)  {SIGNED_ROUGHLY} signed (month or year known)"
)


def _certain_years(contract: Contract) -> tuple[int | None, int | None]:
    """The years a contract is surely in force: between its given bounds, else around its signature."""
    signed = contract.signed_on.year if contract.signed_on is not None else None
    starts = [y for y in (signed, contract.end_year) if y is not None]
    ends = [y for y in (contract.start_year, signed) if y is not None]
    start = contract.start_year if contract.start_year is not None else (min(starts) if starts else None)
    end = contract.end_year if contract.end_year is not None else (max(ends) if ends else None)
    return start, end


def timeline_text(bars: Sequence[Bar], options: OutputOptions) -> str:
    console, buffer = make_console(options)
    years = [
        y
        for bar in bars
        for y in (bar.start, bar.end, bar.contract.signed_on.year if bar.contract.signed_on else None)
        if y is not None
    ]
    label_width = max((len(bar.contract.id) for bar in bars), default=0)
    if not years:
        for bar in bars:
            console.print(Text(shown(bar.contract.id.ljust(label_width)) + "  period unknown"), crop=False)
        return buffer.getvalue()
    first, last = min(years), max(years)
    span = last - first + 1
    cell = max(1, min(4, (console.width - label_width - 26) // span))
    console.print(Text(" " * (label_width + 2) + _axis(first, span, cell), style="bold"), crop=False)
    for bar in bars:
        line = Text(shown(bar.contract.id.ljust(label_width)) + "  ")
        line.append_text(_bar(bar, first, span, cell))
        line.append(f"  {bar.contract.period}", style="dim")
        console.print(line, crop=False)
    console.print(Text(LEGEND, style="dim"), crop=False)
    return buffer.getvalue()


def _axis(first: int, span: int, cell: int) -> str:
    """Year labels over the bars, as often as they fit with a space between them."""
    step = next(s for s in (1, 2, 5, 10, 20, 50) if s * cell >= 5)
    axis = ""
    for offset in range(span):
        year, at = first + offset, offset * cell
        if year % step == 0 and (not axis or len(axis) < at):
            axis = axis.ljust(at) + str(year)
    return axis


def _bar(bar: Bar, first: int, span: int, cell: int) -> Text:
    contract = bar.contract
    style = "bold blue" if contract.arrondissement is None else "bold green"
    certain_start, certain_end = _certain_years(contract)
    signed = contract.signed_on
    text = Text()
    for offset in range(span):
        year = first + offset
        if bar.start is None or bar.end is None or not bar.start <= year <= bar.end:
            chunk, chunk_style = " " * cell, ""
        elif certain_start is not None and certain_end is not None and certain_start <= year <= certain_end:
            chunk, chunk_style = CERTAIN * cell, style
        else:
            chunk, chunk_style = UNCERTAIN * cell, "dim"
        if signed is not None and signed.year == year:
            mark = SIGNED_DAY if signed.precision == "day" else SIGNED_ROUGHLY
            middle = (cell - 1) // 2
            chunk = chunk[:middle] + mark + chunk[middle + 1 :]
            chunk_style = chunk_style or "bold"
        text.append(chunk, style=chunk_style)
    text.rstrip()
    return text


# --- matrix --------------------------------------------------------------------------------------

SHADES = ("", "on grey23", "on grey35", "on grey50", "black on grey70")
"""Cell backgrounds, from no action to the largest share of a contract's actions in the matrix."""


FULL_HEADER_WIDTH = 8
"""Columns a contract takes with its scope, kind and period as header (then numbered columns and a legend)."""


def _header(contract: Contract) -> Text:
    mark = "" if contract.complete else "*"
    lines = [contract.scope, contract.kind + mark, *contract.period.replace("-", "-\n", 1).split("\n")]
    return Text(shown("\n".join(lines)))


def _cell(content: Text, style: str = "") -> Padding:
    """A cell with its one-space margins in its own shade (the table itself has no padding)."""
    return Padding(content, (0, 1), style=style)


def matrix_text(table_data: Matrix, options: OutputOptions) -> str:
    """Counts of actions per theme and contract; the shade is the cell's share of its contract's actions.

    When the contracts do not fit side by side with their scope and period as
    headers, the columns are numbered and a legend follows the table.
    """
    console, buffer = make_console(options)
    contracts = table_data.contracts
    numbered = len(contracts) * FULL_HEADER_WIDTH + 24 > console.width
    table = Table(title="Actions per theme and contract", header_style="bold", expand=False, padding=0)
    table.add_column(_cell(Text("theme")), min_width=14)
    for number, contract in enumerate(contracts, start=1):
        table.add_column(_cell(Text(str(number)) if numbered else _header(contract)), justify="right")
    shares = [table_data.share(row, i) for row in table_data.rows for i in range(len(contracts))]
    top = max(shares, default=0.0) or 1.0
    for row in table_data.rows:
        cells = []
        for index, count in enumerate(row.counts):
            if count:
                level = math.ceil((len(SHADES) - 1) * table_data.share(row, index) / top)
                cells.append(_cell(Text(str(count), justify="right"), SHADES[level]))
            else:
                cells.append(_cell(Text("·", style="dim", justify="right")))
        table.add_row(_cell(Text(shown(row.theme.label_en), overflow="fold")), *cells)
    console.print(table, crop=False)
    if numbered:
        legend = Text()
        for number, contract in enumerate(contracts, start=1):
            mark = "" if contract.complete else "*"
            legend.append(f"{'  ' if number > 1 else ''}{number} ", style="bold")
            legend.append(shown(f"{contract.id}{mark}"))
        console.print(legend)
    notes = ["shade: the share of the contract's actions that carry the theme"]
    if any(not c.complete for c in contracts):
        notes.append("* partly known: the counts are of the known actions")
    for note in notes:
        console.print(Text(note, style="dim"), crop=False)
    return buffer.getvalue()
