"""The terminal renderer's own arithmetic, checked against rich's measurement and output of the same table."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import cppsctl
from cppsctl.output.formats import OutputFormat, OutputOptions, Record, flatten
from cppsctl.output.records import contract_record
from cppsctl.output.terminal import _frame, _natural_widths, _table, _widths_keeping_ids_whole, table_text

TABLE = OutputOptions(format=OutputFormat.table, color=False)
ROWS: list[list[Record]] = [
    [{"id": "cpsa-11-2022-2026/3.2", "title": "Lutter contre les trafics de stupéfiants", "n": 3}],
    [{"id": "a", "title": "東京 wide characters", "n": None}, {"id": "b\x1b[31m", "title": "control\u202e", "n": 12}],
    [{"id": "x", "title": "", "n": 1}],  # the header is the widest cell
    [],
]
LIST_COLUMNS = ["id", "kind", "scope", "period", "signed_on", "priority_count", "completeness"]


@pytest.mark.parametrize("rows", ROWS)
def test_natural_width_is_the_width_rich_gives_the_unfolded_table(rows: list[Record]) -> None:
    columns = ["id", "title", "n"]
    console = Console(file=io.StringIO(), width=500)
    measured = _table(rows, columns, TABLE).__rich_measure__(console, console.options)
    assert _frame(len(columns)) + sum(_natural_widths(rows, columns)) == measured.maximum >= measured.minimum


def contract_rows() -> list[Record]:
    dataset = cppsctl.load()
    return [flatten(contract_record(dataset, c)) for c in dataset.contracts]


def printed(rows: list[Record], columns: list[str], width: int) -> list[str]:
    stream = io.StringIO()
    console = Console(file=stream, width=width)
    console.print(_table(rows, columns, TABLE, widths=_widths_keeping_ids_whole(rows, columns, width)), crop=False)
    return stream.getvalue().splitlines()


@pytest.mark.parametrize("width", [76, 80, 90])
def test_headers_fold_before_ids_and_words(width: int) -> None:
    rows = contract_rows()
    widths = _widths_keeping_ids_whole(rows, LIST_COLUMNS, width)
    assert widths is not None
    assert _frame(len(widths)) + sum(widths) <= width
    assert widths[0] == max(len(r["id"]) for r in rows)  # every id whole
    for column, size in zip(LIST_COLUMNS, widths, strict=True):
        assert all(len(word) <= size for r in rows for word in str(r[column] or "").split()), column
    lines = printed(rows, LIST_COLUMNS, width)
    assert max(len(line) for line in lines) <= width
    first_cells = {line.split("│")[1].strip() for line in lines if line.startswith("│")}
    assert {r["id"] for r in rows} <= first_cells
    header = [line.split("┃")[1:-1] for line in lines if line.startswith("┃")]
    assert ["".join(cell.strip() for cell in cells) for cells in zip(*header, strict=True)] == LIST_COLUMNS


def test_no_widths_when_even_the_words_do_not_fit() -> None:
    rows = contract_rows()
    assert _widths_keeping_ids_whole(rows, LIST_COLUMNS, 60) is None


@pytest.mark.parametrize("width", [78, 80, 120])
def test_print_table_keeps_the_ids_of_the_list_whole(width: int) -> None:
    rows = contract_rows()  # from 78 columns on, list is a table (below, field: value records)
    lines = table_text(rows, LIST_COLUMNS, None, TABLE._replace(width=width)).splitlines()
    assert max(len(line) for line in lines) <= width
    assert [line.split("│")[1].strip() for line in lines if line.startswith("│ c")] == [r["id"] for r in rows]


def test_print_table_folds_ids_only_when_nothing_else_fits() -> None:
    rows: list[Record] = [{"id": f"{n}-" + "x" * 50, "title": "mot " * 20} for n in range(3)]
    assert _widths_keeping_ids_whole(rows, ["id", "title"], 50) is None
    lines = table_text(rows, ["id", "title"], None, TABLE._replace(width=50)).splitlines()
    assert max(len(line) for line in lines) <= 50
    cells = ["".join(line.split("│")[1].split()) for line in lines if line.startswith("│")]
    assert "".join(cells) == "".join(r["id"] for r in rows)  # folded, in order, none lost
