"""The terminal renderer's own arithmetic, checked against rich's measurement of the same table."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from cppsctl.output import OutputFormat, OutputOptions
from cppsctl.records import Record
from cppsctl.render import _table, _widest

ROWS: list[list[Record]] = [
    [{"id": "cpsa-11-2022-2026/3.2", "title": "Lutter contre les trafics de stupéfiants", "n": 3}],
    [{"id": "a", "title": "東京 wide characters", "n": None}, {"id": "b\x1b[31m", "title": "control\u202e", "n": 12}],
    [{"id": "x", "title": "", "n": 1}],  # the header is the widest cell
    [],
]


@pytest.mark.parametrize("rows", ROWS)
def test_widest_is_the_width_rich_gives_the_unfolded_table(rows: list[Record]) -> None:
    columns = ["id", "title", "n"]
    console = Console(file=io.StringIO(), width=500)
    table = _table(rows, columns, OutputOptions(format=OutputFormat.table), keep_ids_whole=True)
    measured = table.__rich_measure__(console, console.options)
    assert _widest(rows, columns) == measured.maximum >= measured.minimum
