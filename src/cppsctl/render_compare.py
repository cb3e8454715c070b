"""``compare`` on a terminal, with rich. Imported only for ``--format table``.

As in :mod:`cppsctl.render`, data reaches rich only as ``Text``, with control
characters escaped. Without colour (``--no-color``, a pipe), title diffs are
marked wdiff style, ``[-removed-]`` and ``{+added+}``, so nothing depends on
colour alone.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import IO

from rich.table import Table
from rich.text import Text

from cppsctl.compare import STATUSES, Comparison, Pair, Side, Status
from cppsctl.models import Action, Contract
from cppsctl.output import OutputOptions
from cppsctl.render import escape_control, make_console, plain

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
            cell.append(escape_control(action.title))
            continue
        shown = "delete" if side == "left" else "insert"
        style = DELETED_STYLE if side == "left" else INSERTED_STYLE
        marks = ("[-", "-]") if side == "left" else ("{+", "+}")
        parts: list[tuple[str, str]] = []
        for segment in diff:
            words = segment.old if side == "left" else segment.new
            if segment.op == "equal":
                parts.append((words, ""))
            elif segment.op == shown:
                parts.append((f"{marks[0]}{words}{marks[1]}" if marked else words, style))
        for number, (text, text_style) in enumerate(parts):
            cell.append((" " if number else "") + escape_control(text), style=text_style)
    return cell


def _match_cell(pair: Pair) -> Text:
    if pair.method is None:
        return Text("")
    if pair.method == "similarity" and pair.score is not None:
        return Text(f"similarity {pair.score:.2f}")
    cell = Text(pair.method)
    for step in pair.via:
        cell.append(f"\nvia {escape_control(step)}", style="dim")
    return cell


def _status_cell(pair: Pair) -> Text:
    cell = Text(pair.status, style=STATUS_STYLES[pair.status])
    if pair.moved:
        cell.append("\nmoved", style="bold")
    return cell


def print_comparison(comparison: Comparison, only: Collection[Status], options: OutputOptions, stream: IO[str]) -> None:
    """The pairs side by side, then the counts per class and per priority, then the coverage if any."""
    console = make_console(stream, options)
    marked = console.color_system is None
    left, right = comparison.left, comparison.right
    table = Table(title=f"{left.id} → {right.id}", header_style="bold", expand=False, show_lines=True)
    table.add_column("class", no_wrap=True)
    table.add_column(left.id, overflow="fold", ratio=1)
    table.add_column(right.id, overflow="fold", ratio=1)
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
