"""The piped table drawn without rich is rich's own table, byte for byte, or rich draws it (output.grid)."""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cppsctl.analysis.known import MARKS_LEGEND, UNKNOWN_LEGEND
from cppsctl.output import grid
from cppsctl.output.formats import OutputOptions
from cppsctl.output.grid import GRID_SAFE, MAX_CELL_CHARS, grid_text
from cppsctl.output.terminal import table_text
from tests.conftest import Invoke
from tests.test_golden import CASES

SAFE = re.compile(f"[{GRID_SAFE}]")
SAFE_CHARACTERS = [chr(code) for code in range(0x3000) if SAFE.fullmatch(chr(code))]

FRENCH = "abcdeéèêàâçôûœæ’'«»ÉÈÇŒ -:;,.()/?!0123456789—–…·≤≥€→"
UNSURE = "日本語😀\u0301\u200b\u200d\x1b\x07\n\t\r\u2028\u00ad\ufe0f\u3000"  # wide, combining, zero-width, controls
safe_texts = st.one_of(
    st.text(alphabet=FRENCH, max_size=30),
    st.text(alphabet=FRENCH + "  \u00a0", max_size=12),  # runs of spaces, a non-breaking one, at either end
    st.builds(lambda n, c: c * n, st.integers(MAX_CELL_CHARS - 2, MAX_CELL_CHARS + 300), st.sampled_from("aé")),
)
texts = st.one_of(
    safe_texts,
    st.text(alphabet=FRENCH + UNSURE, max_size=12),
    st.text(max_size=8),  # anything at all
    st.builds(lambda n: "日" * n, st.integers(MAX_CELL_CHARS - 2, MAX_CELL_CHARS + 2)),
)


def values(text: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        text,
        st.lists(st.text(alphabet=FRENCH, max_size=6), max_size=3),
        st.dictionaries(st.sampled_from(["x", "y"]), st.integers(0, 9) | st.none(), max_size=2),
    )


KNOWN_COLUMNS = ["id", "title", "n", "arrondissement", "in_force", "period", "action_count", "x", "count  ", " n "]


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[str], str | None, OutputOptions, str | None]:
    # Most tables hold only characters the grid is sure of, so that it draws them; the others test the fallback.
    text = draw(st.sampled_from([safe_texts, safe_texts, safe_texts, texts]))
    columns = draw(
        st.lists(
            st.sampled_from(KNOWN_COLUMNS) | text.filter(lambda t: len(t) < 40), min_size=1, max_size=6, unique=True
        )
    )
    # Columns of one kind (numbers, or text) more often than not, so that both justifications occur.
    kinds = {c: draw(st.sampled_from(["number", "text", "any"])) for c in columns}
    kind_values = {
        "number": st.none() | st.integers(-999, 10**6) | st.floats(-1e6, 1e6),
        "text": text,
        "any": values(text),
    }
    rows = draw(
        st.lists(
            st.fixed_dictionaries({c: kind_values[kinds[c]] for c in columns}),
            max_size=8,
        )
    )
    title = draw(st.none() | text | st.sampled_from(["Contracts", "  Actions  ", "a", "a wide title, wider than most"]))
    legend = draw(st.none() | st.sampled_from([UNKNOWN_LEGEND, MARKS_LEGEND]) | text)
    options = OutputOptions(color=draw(st.booleans()), headers=draw(st.booleans()))
    return rows, columns, title, options, legend


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tables())
def test_the_grid_is_what_rich_prints(
    table: tuple[list[dict[str, Any]], list[str], str | None, OutputOptions, str | None],
) -> None:
    rows, columns, title, options, legend = table
    drawn = grid_text(rows, columns, title, options, legend)
    if drawn is not None:
        assert drawn == table_text(rows, columns, title, options, legend)  # rich, called directly


PLAIN_TABLES = [
    ([{"id": "cps-2000", "n": 3, "title": "Prévention"}, {"id": "c", "n": None, "title": "L’été « x »"}], "Contracts"),
    ([{"id": "a", "n": 1.5, "title": "  padded  "}], "  centred  "),
    ([{"id": "a", "count  ": 1, "title": "x"}, {"id": "b", "count  ": 22, "title": None}], None),
    ([{"id": "x" * (MAX_CELL_CHARS + 200), "n": True, "title": ""}], None),  # the id column as wide as the whole id
    ([], "Nothing"),
]


@pytest.mark.parametrize("headers", [True, False])
@pytest.mark.parametrize(("rows", "title"), PLAIN_TABLES)
def test_plain_tables_are_drawn_without_rich(rows: list[dict[str, Any]], title: str | None, headers: bool) -> None:
    options = OutputOptions(headers=headers)
    columns = list(rows[0]) if rows else ["id", "n", "title"]
    if not rows and not headers:
        assert grid_text(rows, columns, title, options, UNKNOWN_LEGEND) is None  # rich: as wide as a pipe
        return
    drawn = grid_text(rows, columns, title, options, UNKNOWN_LEGEND)
    assert drawn is not None
    assert drawn == table_text(rows, columns, title, options, UNKNOWN_LEGEND)


def test_the_grid_by_hand() -> None:
    rows: list[dict[str, object]] = [{"id": "a", "n": 1}, {"id": "bbbb", "n": None}]
    lines = [
        "     T      ",  # centred on the table's 12 columns: 5 spaces before, 6 after
        "┏━━━━━━┳━━━┓",
        "┃ id   ┃ n ┃",
        "┡━━━━━━╇━━━┩",
        "│ a    │ 1 │",
        "│ bbbb │ ? │",
        "└──────┴───┘",
        "? unknown",
    ]
    assert grid_text(rows, ["id", "n"], "T", OutputOptions(), "? unknown") == "\n".join(lines) + "\n"
    plain = ["┌──────┬───┐", "│ a    │ 1 │", "│ bbbb │ ? │", "└──────┴───┘"]
    assert grid_text(rows, ["id", "n"], None, OutputOptions(headers=False)) == "\n".join(plain) + "\n"


@pytest.mark.parametrize(
    ("rows", "columns", "title", "options"),
    [
        ([{"t": "日本"}], ["t"], None, OutputOptions()),  # two cells wide each
        ([{"t": "e\u0301"}], ["t"], None, OutputOptions()),  # a combining accent
        ([{"t": "a\nb"}], ["t"], None, OutputOptions()),  # two lines
        ([{"t": "a\tb"}], ["t"], None, OutputOptions()),
        ([{"t": "a"}], ["t\u200b"], None, OutputOptions()),  # a header is not escaped
        ([{"t": "a"}], ["t"], "a title wider than its table", OutputOptions()),  # rich folds it
        ([{"t": "a"}], ["t"], None, OutputOptions(width=100)),  # $COLUMNS
        ([{"t": "a"}], ["t"], None, OutputOptions(terminal=True, width=100)),
        ([{"t": "a"}], [], None, OutputOptions()),
        ([], ["t"], None, OutputOptions(headers=False)),
        ([{"t": "x" * 1000} for _ in range(2)], [f"c{i}" for i in range(6667)], None, OutputOptions()),  # records
        ([{f"c{i}": "x" * 1000 for i in range(101)}], [f"c{i}" for i in range(101)], None, OutputOptions()),  # wide
    ],
)
def test_rich_draws_what_the_grid_is_not_sure_of(
    rows: list[dict[str, Any]], columns: list[str], title: str | None, options: OutputOptions
) -> None:
    assert grid_text(rows, columns, title, options) is None


@pytest.mark.parametrize(("name", "value"), [("FORCE_COLOR", "1"), ("FORCE_COLOR", ""), ("TTY_COMPATIBLE", "0")])
def test_rich_draws_when_it_may_see_a_terminal(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    assert grid_text([{"t": "a"}], ["t"], None, OutputOptions()) is None


def test_a_legend_rich_would_fold_is_left_to_rich() -> None:
    assert grid_text([{"t": "a"}], ["t"], None, OutputOptions(), "l" * (grid.PIPE_WIDTH + 1)) is None
    assert grid_text([{"t": "a"}], ["t"], None, OutputOptions(), "l\u0301") is None


def test_every_safe_character_is_one_cell_that_rich_and_the_escaping_leave_alone() -> None:
    assert len(SAFE_CHARACTERS) > 600  # ASCII, Latin, punctuation
    assert SAFE.fullmatch(chr(0x3000)) is None and all(SAFE.fullmatch(chr(c)) is None for c in range(0x3000, 0x10000))
    for char in SAFE_CHARACTERS:
        assert cell_len(char) == 1, hex(ord(char))
        assert unicodedata.east_asian_width(char) not in ("W", "F"), hex(ord(char))
        assert unicodedata.category(char)[0] not in ("M", "C") and unicodedata.category(char) not in ("Zl", "Zp")
        assert grid.shown(char) == char and char.splitlines() == [char], hex(ord(char))
    drawn = grid_text([{"t": "".join(SAFE_CHARACTERS)}], ["t"], "".join(SAFE_CHARACTERS[:50]), OutputOptions())
    assert drawn is not None
    assert drawn == table_text([{"t": "".join(SAFE_CHARACTERS)}], ["t"], "".join(SAFE_CHARACTERS[:50]), OutputOptions())


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("extra", [[], ["--no-color"], ["--no-headers"], ["--limit", "3"]])  # --limit: records
def test_every_command_prints_in_a_pipe_what_rich_printed(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, case: str, extra: list[str]
) -> None:
    """The golden cases, piped (no $COLUMNS): drawn without rich, then by rich (which TTY_COMPATIBLE=0 sends to)."""
    monkeypatch.delenv("COLUMNS")
    args = [*CASES[case], *extra]
    without = invoke(*args)
    assert without.exit_code == 0, without.stderr
    with_rich = invoke(*args, env={"TTY_COMPATIBLE": "0"})  # rich: not a terminal; the grid: not sure, rich draws
    assert (with_rich.exit_code, with_rich.stdout, with_rich.stderr) == (0, without.stdout, without.stderr)


def test_the_grid_module_does_not_import_rich() -> None:
    import subprocess

    code = (
        "import sys, cppsctl.output.grid, cppsctl.output.render; print(sorted(m for m in sys.modules if 'rich' in m))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"
