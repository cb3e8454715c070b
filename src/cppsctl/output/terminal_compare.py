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

from cppsctl.analysis.compare import Comparison, Pair, Side, Status
from cppsctl.analysis.known import MARKS_LEGEND
from cppsctl.analysis.timeline import Bar, Matrix, axis
from cppsctl.model import Action, Contract
from cppsctl.output.formats import OutputOptions
from cppsctl.output.grid import shown
from cppsctl.output.terminal import make_console, plain
from cppsctl.output.wording import JOINS, count_of, share_text

STATUS_STYLES: dict[Status, str] = {
    "kept": "green",
    "reworded": "yellow",
    "merged": "magenta",
    "split": "magenta",
    "added": "cyan",
    "removed": "red",
    "declined": "green",
    "own": "cyan",
    "not_declined": "red",
    "shared": "green",
    "only_left": "yellow",
    "only_right": "cyan",
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
    title = f"{left.id} {JOINS[comparison.relation]} {right.id} ({comparison.relation.replace('_', ' ')})"
    table = Table(title=title, header_style="bold", expand=False, show_lines=True)
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
        coverage = comparison.coverage
        partial = "" if coverage.complete else " (a range: a side is partly known)"
        heading = f"{coverage.paris_wide} actions declined by {coverage.local}{partial}"
        console.print(Text(shown(heading), style="bold"), crop=False)
        console.print(_coverage_table(comparison), crop=False)
    return buffer.getvalue()


def _summary_line(comparison: Comparison) -> Text:
    counts = comparison.counts()
    line = Text(f"{len(comparison.pairs)} pairs: ", style="bold")
    for index, status in enumerate(comparison.classes):
        line.append(", " if index else "")
        line.append(f"{counts[status]} {status}", style=STATUS_STYLES[status] if counts[status] else "dim")
    line.append(f"; {comparison.moved_count} moved")
    return line


def _priority_table(comparison: Comparison) -> Table:
    """Actions per class in each priority of each side, as words that fold at any width."""
    sides: list[tuple[Contract, Side]] = [(comparison.left, "left"), (comparison.right, "right")]
    table = Table(title="Actions per priority", header_style="bold", expand=False)
    table.add_column("contract", no_wrap=True)
    table.add_column("priority", justify="right")
    table.add_column("actions", justify="right")
    table.add_column("classes", overflow="fold")
    for contract, side in sides:
        rows = comparison.priority_counts(side)
        for index, row in enumerate(rows):
            classes = Text()
            for status in comparison.classes:
                if row.counts[status]:
                    classes.append(" · " if classes else "")
                    classes.append(f"{row.counts[status]} {status}", style=STATUS_STYLES[status])
            table.add_row(
                plain(contract.id if index == 0 else ""),
                plain(row.number),
                plain(sum(row.counts.values())),
                classes,
                end_section=index == len(rows) - 1,
            )
    return table


def _coverage_table(comparison: Comparison) -> Table:
    coverage = comparison.coverage
    assert coverage is not None
    table = Table(header_style="bold")
    table.add_column("priority", overflow="fold")
    table.add_column("actions", justify="right")
    table.add_column("declined", justify="right")
    table.add_column("share", justify="right")
    table.add_column("which", overflow="fold")
    for row in coverage.priorities:
        which = ", ".join(i.split("/", 1)[1] for i in row.declined)
        table.add_row(
            plain(f"{row.number}. {row.title}"),
            plain(count_of(row.total, len(row.actions))),
            plain(len(row.declined)),
            plain(share_text(row.percent, row.at_least, row.at_most)),
            plain(which),
        )
    table.add_row(
        Text("total", style="bold"),
        plain(count_of(coverage.total, coverage.action_count)),
        plain(coverage.declined_count),
        plain(share_text(coverage.percent, coverage.at_least, coverage.at_most)),
        plain(""),
    )
    return table


# --- timeline ------------------------------------------------------------------------------------

CERTAIN = "━"
UNCERTAIN = "┄"
SIGNED_DAY = "◆"
SIGNED_ROUGHLY = "◇"
LEGEND = (
    f"{CERTAIN} in force  {UNCERTAIN} possibly in force (a bound inferred, derived or unknown)  "
    f"{SIGNED_DAY} signed (date known)  {SIGNED_ROUGHLY} signed (month or year known)"
)


def timeline_text(bars: Sequence[Bar], options: OutputOptions) -> str:
    console, buffer = make_console(options)
    years = axis(bars)
    label_width = max((len(bar.contract.id) for bar in bars), default=0)
    if years is None:
        for bar in bars:
            console.print(
                Text(shown(bar.contract.id.ljust(label_width)) + "  period unknown: possibly in force any year"),
                crop=False,
            )
        return buffer.getvalue()
    first, last = years
    span = last - first + 1
    cell = max(1, min(4, (console.width - label_width - 26) // span))
    console.print(Text(" " * (label_width + 2) + _axis(first, span, cell), style="bold"), crop=False)
    for bar in bars:
        line = Text(shown(bar.contract.id.ljust(label_width)) + "  ")
        line.append_text(_bar(bar, first, span, cell))
        line.append(f"  {bar.facts.period_text}", style="dim")
        console.print(line, crop=False)
    console.print(Text(LEGEND, style="dim"), crop=False)
    console.print(Text(MARKS_LEGEND, style="dim"), crop=False)
    return buffer.getvalue()


def _axis(first: int, span: int, cell: int) -> str:
    """Year labels over the bars, as often as they fit with a space between them."""
    step = next(s for s in (1, 2, 5, 10, 20, 50) if s * cell >= 5)
    labels = ""
    for offset in range(span):
        year, at = first + offset, offset * cell
        if year % step == 0 and (not labels or len(labels) < at):
            labels = labels.ljust(at) + str(year)
    return labels


def _bar(bar: Bar, first: int, span: int, cell: int) -> Text:
    contract = bar.contract
    style = "bold blue" if contract.arrondissement is None else "bold green"
    signed = contract.signed_on
    text = Text()
    for offset in range(span):
        year = first + offset
        state = bar.state(year)
        if state == "yes":
            chunk, chunk_style = CERTAIN * cell, style
        elif state == "possibly":
            chunk, chunk_style = UNCERTAIN * cell, "dim"
        else:
            chunk, chunk_style = " " * cell, ""
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
"""Cell backgrounds, from one action to the largest count in the matrix: a count means the same in every column."""

FULL_HEADER_WIDTH = 8
"""Columns a contract takes with its scope, kind and period as header (then numbered columns and a legend)."""

THEME_COLUMN = 24
"""Widest the theme column gets; a longer label folds at its words."""


def _header(contract: Contract, period: str) -> Text:
    mark = "" if contract.complete else "*"
    lines = [contract.scope, contract.kind + mark, *period.replace("-", "-\n", 1).split("\n")]
    return Text(shown("\n".join(lines)))


def _cell(content: Text, style: str = "") -> Padding:
    """A cell with its one-space margins in its own shade (the table itself has no padding)."""
    return Padding(content, (0, 1), style=style)


def _count_cell(count: int | None, complete: bool, top: int) -> Padding:
    if count is None:
        return _cell(Text("?", style="dim", justify="right"))
    if count == 0:
        return _cell(Text("·", style="dim", justify="right"))
    level = math.ceil((len(SHADES) - 1) * count / (top or 1))
    return _cell(Text(f"{count}" if complete else f"{count}+", justify="right"), SHADES[level])


def matrix_text(table_data: Matrix, options: OutputOptions) -> str:
    """Counts of actions per theme and contract, shaded by the count.

    When the contracts do not fit side by side with their scope and period as
    headers, the columns are numbered and a legend follows; when even numbered
    columns do not fit, the matrix is printed in several tables, each of the
    columns that fit, with the theme column repeated.
    """
    console, buffer = make_console(options)
    contracts = table_data.contracts
    numbered = len(contracts) * FULL_HEADER_WIDTH + THEME_COLUMN + 3 > console.width
    widest_label = max((len(r.theme.label_en) for r in table_data.rows), default=5)
    theme_width = min(THEME_COLUMN, max(widest_label, 5))
    cell_width = max((len(f"{n}+") for r in table_data.rows for n in r.counts if n), default=1) + 2
    cell_width = max(cell_width, len(str(len(contracts))) + 2)
    per_table = len(contracts) if not numbered else max(1, (console.width - theme_width - 3) // (cell_width + 1))
    for first in range(0, max(len(contracts), 1), per_table):
        chunk = list(enumerate(contracts, start=1))[first : first + per_table]
        table = Table(
            title="Actions per theme and contract" if first == 0 else None, header_style="bold", expand=False, padding=0
        )
        table.add_column(_cell(Text("theme")), max_width=theme_width + 2, overflow="fold")
        for number, contract in chunk:
            header = Text(str(number)) if numbered else _header(contract, table_data.periods[number - 1])
            table.add_column(_cell(header), justify="right")
        for row in table_data.rows:
            cells = [_count_cell(row.counts[n - 1], c.complete, table_data.top) for n, c in chunk]
            table.add_row(_cell(Text(shown(row.theme.label_en), overflow="fold")), *cells)
        console.print(table, crop=False)
    if numbered:
        legend = Text()
        for number, contract in enumerate(contracts, start=1):
            mark = "" if contract.complete else "*"
            legend.append(f"{'  ' if number > 1 else ''}{number} ", style="bold")
            legend.append(shown(f"{contract.id}{mark}"))
        console.print(legend)
    notes = ["shade: the number of actions (the same scale in every column); · none"]
    if any(not c.complete for c in contracts):
        notes.append("* partly known: 2+ at least two actions, ? unknown (none of its known actions)")
    for note in notes:
        console.print(Text(note, style="dim"), crop=False)
    return buffer.getvalue()
