"""The output formats and their options, choosing records (fields, sort, limit), and the text formats.

Machine formats (json, jsonl, csv, tsv) and markdown are written here, as
chunks of text produced while the records are encoded, so that a large result
streams; only the ``table`` format needs rich (:mod:`cppsctl.output.terminal`), and in a pipe
not even it (:mod:`cppsctl.output.grid`).

Cells of csv, tsv and markdown follow two rules:

* **Formulas.** A text cell that a spreadsheet would run as a formula (it
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
  leading ``'``, as OWASP advises for CSV injection
  (https://owasp.org/www-community/attacks/CSV_Injection). A number is never
  changed: ``-20`` stays a number.
* **Controls.** Control, bidi and invisible characters are shown as escapes
  (``\\x1b``, ``\\u202e``), as tables show them, so that ``cat file.csv``
  cannot act on a terminal.

``raw_cells`` turns both off. JSON keeps the data exact, with those characters
written as ``\\u`` escapes.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, NamedTuple

from cppsctl.analysis.known import null_text
from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.text import escape_control, fold, json_safe

try:
    from _json import encode_basestring as _string  # the string escaper of json.dumps(ensure_ascii=False), in C
except ImportError:  # an interpreter without json's C accelerator
    from json.encoder import py_encode_basestring as _string

Record = Mapping[str, Any]
"""Any record: what the output formats take (the shapes are in :mod:`cppsctl.output.records`)."""


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


MACHINE_FORMATS = frozenset({OutputFormat.json, OutputFormat.jsonl, OutputFormat.csv, OutputFormat.tsv})
TABULAR_FORMATS = frozenset({OutputFormat.csv, OutputFormat.tsv, OutputFormat.markdown})

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts that make a spreadsheet run the cell as a formula."""

TEXT_LIST_FIELDS = frozenset({"left_title", "right_title"})
"""List fields whose items are free text: in csv, tsv and markdown a JSON array, since "; " may occur in them.

A list of objects (a search hit's ``matched``) is a JSON array too; every other
list holds ids, numbers or labels, joined by ``"; "``.
"""


class OutputOptions(NamedTuple):
    """How to render a view: the format, which records and fields, and the knobs some formats take."""

    format: OutputFormat = OutputFormat.table
    fields: tuple[str, ...] | None = None  # None: every field (machine formats) or the view's table columns
    sort: str | None = None  # a field, "-field" for descending
    limit: int | None = None  # at most this many records; None: all
    color: bool = True
    bom: bool = False  # csv/tsv: begin with a UTF-8 byte order mark
    raw_cells: bool = False  # csv/tsv/markdown: no formula guard, control characters as they are
    headers: bool = True  # table/csv/tsv/markdown: the header line
    width: int | None = None  # the terminal's width; None: not a terminal (a table is as wide as its data)
    terminal: bool = False  # writing to a terminal (colours, the table row cap)

    @property
    def chooses(self) -> bool:
        """Whether the records are chosen or ordered (then a picture prints as a table of its records)."""
        return self.fields is not None or self.sort is not None or self.limit is not None


def flatten(record: Record) -> dict[str, Any]:
    """Expand nested objects into ``parent.child`` columns (for tabular formats)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Mapping):
            for sub, item in flatten(value).items():
                flat[f"{key}.{sub}"] = item
        else:
            flat[key] = value
    return flat


def check_fields(fields: Sequence[str], available: Sequence[str]) -> None:
    """Raise :class:`UnknownIdError` for the first field that is not one of ``available``."""
    for name in fields:
        if name not in available:
            raise UnknownIdError("field", name, available, listed="valid fields")


def _sort_key(value: object) -> tuple[int, Any]:
    if isinstance(value, bool | int | float):
        return (0, (0, value, ""))
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return (0, (1, 0, fold(str(value))))


def select(records: Sequence[Record], available: Sequence[str], options: OutputOptions) -> Sequence[Record]:
    """The records that ``options`` choose: sorted (unknown values last), cut, projected on the chosen fields."""
    if options.fields is not None:
        check_fields(options.fields, available)
    chosen = records
    if options.sort:
        key = options.sort.removeprefix("-")
        if key not in available:
            raise UnknownIdError("sort field", key, available, listed="valid fields")
        present = [r for r in chosen if r.get(key) is not None]
        missing = [r for r in chosen if r.get(key) is None]
        present.sort(key=lambda r: _sort_key(r.get(key)), reverse=options.sort.startswith("-"))
        chosen = present + missing  # unknown values last, whatever the direction
    if options.limit is not None:
        if options.limit < 0:
            raise UsageError("the record limit must be 0 or more")
        chosen = chosen[: options.limit]
    if options.fields is not None:
        fields = options.fields
        chosen = _Projected(chosen, fields)
    return chosen


class _Projected(Sequence[Record]):
    """Records projected on some fields, made as they are read."""

    def __init__(self, records: Sequence[Record], fields: Sequence[str]) -> None:
        self._records = records
        self._fields = fields

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return _Projected(self._records[index], self._fields)
        record = self._records[index]
        return {k: record.get(k) for k in self._fields}

    def __iter__(self) -> Iterator[Record]:
        fields = self._fields
        for record in self._records:
            yield {k: record.get(k) for k in fields}


def cell(value: object, field: str = "") -> str:
    """A value as text in a tabular format: null empty, booleans lower case, lists joined (see TEXT_LIST_FIELDS)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if field.rsplit(".", 1)[-1] in TEXT_LIST_FIELDS or any(isinstance(v, Mapping) for v in value):
            import json  # here: only such a cell needs it, and its import is a few per cent of a start-up

            return json.dumps(value, ensure_ascii=False)
        return "; ".join(cell(v) for v in value)
    return str(value)


def table_cell(value: object, field: str = "") -> str:
    """A value as a table for people shows it (terminal, markdown): as :func:`cell`, but an unknown null is ``?``."""
    if value is None:
        return null_text(field)
    return cell(value, field)


def shows_unknown(rows: Sequence[Record], columns: Sequence[str]) -> bool:
    """Whether a table of ``rows`` shows an unknown null as ``?`` in one of ``columns``."""
    unknown = [c for c in columns if null_text(c) == "?"]
    return bool(unknown) and any(flat.get(c, "") is None for flat in map(flatten, rows) for c in unknown)


def neutralise(value: object, text: str) -> str:
    """Keep a spreadsheet from running a text cell as a formula (prefix a quote); numbers are left alone."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _safe_cell(value: object, field: str, raw: bool) -> str:
    text = cell(value, field)
    if raw:
        return text
    return neutralise(value, escape_control(text))


# --- the formats ----------------------------------------------------------------------------------


def json_text(value: object, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, its lines indented ``level`` more.

    The same characters, written in about half the time and without
    importing :mod:`json`: json's indented encoder is pure Python, a chain of
    generators yielding every comma and key, and its import costs a few per
    cent of a command's start-up. Strings are escaped by the very function
    ``json.dumps`` uses (``_json``'s C one where the interpreter has it).
    Values as json takes them: strings, numbers, booleans, None, lists and
    tuples, dicts (keys: str, int, float, bool or None); anything else is the
    same TypeError. Not for cycles: records are trees (json raises ValueError
    on one, this RecursionError). tests/test_formats.py holds it to json.dumps.
    """
    out: list[str] = []
    _encode(value, "\n" + _INDENT * level, out)
    return "".join(out)


_INDENT = "  "


def _encode(value: object, newline: str, out: list[str]) -> None:
    """Append ``value``'s text to ``out``; ``newline``: a line break and the indentation of its level."""
    if isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict):
        _object(value, newline, out)
    elif isinstance(value, list | tuple):
        _array(value, newline, out)
    elif (text := _scalar(value)) is not None:
        out.append(text)
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _object(value: dict[object, object], newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + _INDENT
    separator = "{" + inner
    for key, item in value.items():
        name = _string(key if isinstance(key, str) else _key(key))
        if type(item) is str:  # the common cases without a call
            out.append(f"{separator}{name}: {_string(item)}")
        elif item is None:
            out.append(f"{separator}{name}: null")
        elif type(item) is int:
            out.append(f"{separator}{name}: {int.__repr__(item)}")
        elif item is True or item is False:
            out.append(f"{separator}{name}: {'true' if item else 'false'}")
        elif type(item) is list:
            out.append(f"{separator}{name}: ")
            _array(item, inner, out)
        else:
            out.append(f"{separator}{name}: ")
            _encode(item, inner, out)
        separator = "," + inner
    out.append(newline + "}")


def _array(value: Sequence[Any], newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + _INDENT
    if all(type(item) is str for item in value):  # ids, themes, names: the array in one piece
        out.append(f"[{inner}{(',' + inner).join(map(_string, value))}{newline}]")
        return
    separator = "[" + inner
    for item in value:
        if type(item) is str:
            out.append(separator + _string(item))
        else:
            out.append(separator)
            _encode(item, inner, out)
        separator = "," + inner
    out.append(newline + "]")


def _scalar(value: object) -> str | None:
    """None, a boolean, an integer or a float as json writes it, as a value or as a key; None for anything else."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == _INFINITY:
            return "Infinity"
        if value == -_INFINITY:
            return "-Infinity"
        return float.__repr__(value)
    return None


_INFINITY = float("inf")


def _key(key: object) -> str:
    """A dict key that is not a string, as json writes it."""
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
    return text


def json_chunks(records: Iterable[Record]) -> Iterator[str]:
    """A JSON array of the records, indented by 2, one record at a time: the text of ``json.dumps(..., indent=2)``."""
    first = True
    for record in records:
        yield ("[\n  " if first else ",\n  ") + json_safe(json_text(record, 1))
        first = False
    yield "[]\n" if first else "\n]\n"


def json_document(document: object) -> Iterator[str]:
    yield json_safe(json_text(document)) + "\n"


def jsonl_chunks(records: Iterable[Record]) -> Iterator[str]:
    import json  # json's C encoder writes compact JSON fastest; imported only by the formats that need it

    dumps = json.dumps
    for record in records:
        yield json_safe(dumps(record, ensure_ascii=False)) + "\n"


def _columns(rows: Iterable[Mapping[str, object]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def header_columns(records: Sequence[Record], fields: Sequence[str]) -> list[str]:
    """The columns of a tabular format: the fields, nested objects flattened to the keys the records have."""
    if not any(isinstance(r.get(f), Mapping) for r in records[:1] for f in fields):
        return list(fields)
    columns: list[str] = []
    for field in fields:
        nested = [r.get(field) for r in records if isinstance(r.get(field), Mapping)]
        if nested:
            columns += [f"{field}.{k}" for k in _columns(flatten(n) for n in nested if isinstance(n, Mapping))]
        else:
            columns.append(field)
    return columns


def csv_chunks(records: Sequence[Record], fields: Sequence[str], options: OutputOptions) -> Iterator[str]:
    """RFC 4180 quoting; lines end with ``\\n``; a cell holding a carriage return is quoted too."""
    import csv
    import io

    buffer = io.StringIO()
    minimal = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    header = header_columns(records, fields)

    def line(cells: list[str]) -> str:
        (quoted if any("\r" in c for c in cells) else minimal).writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    if options.bom:
        yield "\ufeff"
    if options.headers:
        yield line(header)
    for record in records:
        row = flatten(record)
        yield line([_safe_cell(row.get(c), c, options.raw_cells) for c in header])


def _tsv_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv_chunks(records: Sequence[Record], fields: Sequence[str], options: OutputOptions) -> Iterator[str]:
    """Tab-separated: tab, line feed, carriage return and backslash written as ``\\t``, ``\\n``, ``\\r``, ``\\\\``."""
    header = header_columns(records, fields)
    if options.bom:
        yield "\ufeff"
    if options.headers:
        yield "\t".join(header) + "\n"
    for record in records:
        row = flatten(record)
        yield "\t".join(_tsv_escape(_safe_cell(row.get(c), c, options.raw_cells)) for c in header) + "\n"


def _md_escape(text: str, raw: bool) -> str:
    if not raw:
        text = escape_control(text.replace("\r\n", "\n"))
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def markdown_chunks(
    records: Sequence[Record], fields: Sequence[str], options: OutputOptions, legend: str | None = None
) -> Iterator[str]:
    """A GitHub-flavoured markdown table (always with its header), then the ``legend`` of its marks, if any.

    The records are those a table shows (marks, ``2 of 31``, ``?`` for an unknown): markdown is read by people.
    HTML and control characters are escaped.
    """
    header = header_columns(records, fields)
    yield "| " + " | ".join(_md_escape(h, False) for h in header) + " |\n"  # a markdown table needs its header
    yield "|" + "|".join("---" for _ in header) + "|\n"
    for record in records:
        row = flatten(record)
        yield "| " + " | ".join(_md_escape(table_cell(row.get(c), c), options.raw_cells) for c in header) + " |\n"
    if legend is not None:
        yield "\n" + _md_escape(legend, False) + "\n"
