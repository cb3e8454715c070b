"""A table written to a pipe or a file, drawn without rich: the same characters, byte for byte.

``import rich.console, rich.table`` costs about 20 ms, more than ``cppsctl list``
spends on anything else, and rich measures every cell of a big table several times.
In a pipe a table is never wrapped (:data:`PIPE_WIDTH`) nor coloured, so rich draws a
plain grid that a few string operations draw too:

* the heavy-head box: ``┏━┳┓`` above the header, ``┃`` between its cells, ``┡━╇┩``
  under it, ``│`` between the cells of a row, ``└─┴┘`` at the bottom; without the
  header, the square box (``┌─┬┐`` above);
* each cell padded with one space each side and justified in its column, which is
  as wide as its longest text (the header's included when shown); a column of
  numbers is right-aligned (its header then loses its trailing spaces, as in rich);
  the id column is at least as wide as its longest id before the cut of
  :data:`MAX_CELL_CHARS`;
* the title above, centred on the table's width: the extra space of an odd margin
  goes on the right, the margins are written out, trailing spaces of the title are
  dropped first;
* the legend on its own line when there are rows; every line ends with ``\\n``.

:func:`grid_text` draws only what it is sure rich would draw so; otherwise it returns
None and rich draws the table (:func:`cppsctl.output.terminal.table_text`):

* not a pipe: a terminal, a width (``$COLUMNS``), or a setting that makes rich see a
  terminal in its buffer (``FORCE_COLOR``, ``TTY_COMPATIBLE``, set to anything) or
  draw for a notebook (IPython's ``get_ipython``);
* a text (title, header, cell, legend) with a character outside :data:`GRID_SAFE`,
  whose width on a terminal is not plainly one cell: wide East Asian, combining,
  zero-width, tab, line break, control...;
* a title wider than the table (rich folds it), a table or a legend wider than
  :data:`PIPE_WIDTH`, so many columns that rich would print ``field: value`` records,
  no column, or neither a header nor a row (rich then draws a table as wide as the pipe).

``tests/test_grid.py`` draws random tables both ways and compares the text.
"""

from __future__ import annotations

import builtins
import os
import re
from collections.abc import Iterable, Sequence

from cppsctl.output.formats import OutputOptions, Record, cell, flatten, table_cell
from cppsctl.text import escape_control

MAX_CELL_CHARS = 2000
"""Longest text a table cell, a tree line or a record line shows; the rest is cut, with a marker saying how much.

A 10 MB title once took 90 s to print as a table: rich measures every word of
a cell, more than linearly. Nobody reads 2,000 characters in a cell; the data
formats (json, csv, ...) carry the whole text.
"""

PIPE_WIDTH = 100_000
"""Width of a table written to a pipe or file: wide enough that no cell ever wraps."""

READABLE_COLUMN = 12
"""Narrowest a column may get before a table is printed as ``field: value`` records instead."""

GRID_SAFE = (
    "\x20-\x7e"  # printable ASCII
    "\xa0-\xac\xae-\u024f"  # Latin-1 (no soft hyphen), Latin Extended-A and -B: French, all of Western Europe
    "\u2010-\u2027"  # dashes, quotation marks, daggers, bullets, ellipsis
    "\u2030-\u205e"  # per mille, primes, single guillemets, other punctuation
    "\u20ac\u2190-\u2193\u2212\u2260\u2264\u2265"  # euro, arrows, minus, not equal, at most, at least
)
"""Characters one terminal cell wide for rich and for every terminal, which rich writes as they are.

Precomposed letters only: a combining accent, a wide or zero-width character makes
rich draw the table. ``tests/test_grid.py`` checks each of them against rich's own
measure.
"""

_UNSAFE = f"[^{GRID_SAFE}]"  # compiled by re at the first table drawn, not when JSON is


def shown(text: str) -> str:
    """Text as a terminal shows it: escaped, and cut after :data:`MAX_CELL_CHARS` characters."""
    if len(text) > MAX_CELL_CHARS:
        cut = len(text) - MAX_CELL_CHARS
        text = text[:MAX_CELL_CHARS] + f"… [{cut} more characters: see the json or csv output]"
    return escape_control(text)


def right_aligned(values: Iterable[object]) -> bool:
    """Whether a column is right-aligned: it has a known value and every one is a number (a boolean is not)."""
    known = [v for v in values if v is not None]
    return bool(known) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in known)


def id_width(values: Iterable[object], column: str) -> int:
    """The least width of an id column: its longest id stays whole (measured before escaping and the cut)."""
    return max((len(cell(v, column)) for v in values if v is not None), default=0)


def rich_may_see_a_terminal() -> bool:
    """Whether rich could take its text buffer for a terminal (colours, a dumb terminal's 80 columns) or a notebook.

    Rich reads ``TTY_COMPATIBLE`` and ``FORCE_COLOR`` (https://force-color.org/) for
    that; any value of either, even one that says no, sends the table to rich.
    """
    return "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ or hasattr(builtins, "get_ipython")


def _plain(texts: Iterable[str]) -> bool:
    return re.search(_UNSAFE, "".join(texts)) is None


def grid_text(
    rows: Sequence[Record], columns: Sequence[str], title: str | None, options: OutputOptions, legend: str | None = None
) -> str | None:
    """The text :func:`~cppsctl.output.terminal.table_text` prints in a pipe, or None when rich must draw it."""
    if options.terminal or options.width is not None or not columns or not (rows or options.headers):
        return None
    if 1 + (READABLE_COLUMN + 3) * len(columns) > PIPE_WIDTH or rich_may_see_a_terminal():
        return None  # ``field: value`` records, or rich's own choices
    flat = [flatten(r) for r in rows]
    padded: list[list[str]] = []
    heads: list[str] = []
    widths: list[int] = []
    for column in columns:
        values = [r.get(column) for r in flat]
        texts = [shown(table_cell(v, column)) for v in values]
        if not _plain(texts) or not _plain([column]):
            return None
        measured = [*texts, column] if options.headers else texts
        width = max(map(len, measured), default=0)
        if column == "id":
            width = max(width, id_width(values, column))
        if right_aligned(values):  # rich strips a right-aligned text's trailing spaces (a number has none)
            padded.append([t.rjust(width) for t in texts])
            heads.append(column.rstrip().rjust(width))
        else:
            padded.append([t.ljust(width) for t in texts])
            heads.append(column.ljust(width))
        widths.append(width)
    table_width = 1 + sum(w + 3 for w in widths)
    if table_width > PIPE_WIDTH:
        return None
    lines: list[str] = []
    if title:
        text = shown(title)
        if len(text) > table_width or not _plain([text]):
            return None
        text = text.rstrip()
        left = (table_width - len(text)) // 2
        lines.append(" " * left + text + " " * (table_width - len(text) - left))
    bars = ["━" * (w + 2) for w in widths]
    rules = ["─" * (w + 2) for w in widths]
    if options.headers:
        lines.append("┏" + "┳".join(bars) + "┓")
        lines.append("┃ " + " ┃ ".join(heads) + " ┃")
        lines.append("┡" + "╇".join(bars) + "┩")
    else:
        lines.append("┌" + "┬".join(rules) + "┐")
    lines.extend("│ " + " │ ".join(row) + " │" for row in zip(*padded, strict=True))
    lines.append("└" + "┴".join(rules) + "┘")
    if legend and rows:
        if len(legend) > PIPE_WIDTH or not _plain([legend]):
            return None
        lines.append(legend)
    return "\n".join(lines) + "\n"
