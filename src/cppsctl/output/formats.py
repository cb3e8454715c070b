"""One output path for every command that prints records.

``select`` applies ``--fields``, ``--sort`` and ``--limit``; ``write``
dispatches on ``--format``. Machine formats never import rich; only the
``table`` format does, lazily, in :mod:`cppsctl.output.terminal`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from typing import IO, Any, NamedTuple, NoReturn

from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.output.records import Record


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


MACHINE_FORMATS = frozenset({OutputFormat.json, OutputFormat.jsonl, OutputFormat.csv, OutputFormat.tsv})

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts that make a spreadsheet run the cell as a formula."""


class OutputOptions(NamedTuple):
    """How to render: the format and the knobs some formats take.

    A named tuple, not a dataclass: see :class:`cppsctl.errors.Problem`.
    """

    format: OutputFormat = OutputFormat.table
    color: bool = True
    bom: bool = False
    raw_cells: bool = False  # csv/tsv: write formula-like cells as they are
    title: str | None = None  # table caption


def flatten(record: Record) -> Record:
    """Expand nested objects into ``parent.child`` columns (for tabular formats)."""
    flat: Record = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for sub, item in flatten(value).items():
                flat[f"{key}.{sub}"] = item
        else:
            flat[key] = value
    return flat


def parse_fields(fields: str | None, available: Sequence[str]) -> list[str] | None:
    """``"id,title"`` -> ``["id", "title"]``; an unknown field is an error naming the valid ones."""
    if fields is None:
        return None
    chosen = [f.strip() for f in fields.split(",") if f.strip()]
    if not chosen:
        raise UsageError("--fields: give at least one field name")
    for name in chosen:
        if name not in available:
            error = UnknownIdError("field", name, available)
            raise UsageError(f"{error}; valid fields: {', '.join(available)}")
    return chosen


def _sort_key(value: object) -> tuple[int, Any]:
    if value is None:
        return (1, "")
    if isinstance(value, bool | int | float):
        return (0, (0, value, ""))
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    from cppsctl.text import fold

    return (0, (1, 0, fold(str(value))))


def select(
    records: list[Record],
    *,
    fields: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
    available: Sequence[str] | None = None,
) -> tuple[list[Record], list[str] | None]:
    """Sort, cut and project records; return them and the chosen columns (None: all)."""
    names = list(available) if available is not None else (list(records[0]) if records else [])
    chosen = parse_fields(fields, names)
    if sort:
        descending = sort.startswith("-")
        key = sort.removeprefix("-")
        if key not in names:
            error = UnknownIdError("sort field", key, names)
            raise UsageError(f"{error}; valid fields: {', '.join(names)}")
        present = [r for r in records if r.get(key) is not None]
        missing = [r for r in records if r.get(key) is None]
        present.sort(key=lambda r: _sort_key(r.get(key)), reverse=descending)
        records = present + missing  # unknown values last, whatever the direction
    if limit is not None:
        if limit < 0:
            raise UsageError("--limit must be 0 or more")
        records = records[:limit]
    if chosen is not None:
        records = [{k: r.get(k) for k in chosen} for r in records]
    return records, chosen


def cell(value: object) -> str:
    """A value as text in a tabular format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    return str(value)


def neutralise(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: prefix a quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _tsv_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def to_text(
    records: list[Record], columns: list[str] | None, options: OutputOptions, *, document: Record | None = None
) -> str:
    """Render records in a machine or markdown format.

    ``document``: a JSON object that holds the records (and a summary, say);
    ``json`` prints it whole, the other formats print its records, one a row.
    """
    fmt = options.format
    if fmt is OutputFormat.json:
        return json.dumps(records if document is None else document, ensure_ascii=False, indent=2) + "\n"
    if fmt is OutputFormat.jsonl:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    rows = [flatten(r) for r in records]
    header = columns if columns is not None else _columns(rows)
    safe = (lambda t: t) if options.raw_cells else neutralise
    if fmt is OutputFormat.csv:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe(cell(row.get(c))) for c in header])
        text = buffer.getvalue()
    elif fmt is OutputFormat.tsv:
        lines = ["\t".join(header)]
        lines += ["\t".join(_tsv_escape(safe(cell(row.get(c)))) for c in header) for row in rows]
        text = "\n".join(lines) + "\n"
    elif fmt is OutputFormat.markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(_md_escape(cell(row.get(c))) for c in header) + " |" for row in rows]
        text = "\n".join(lines) + "\n"
    else:  # pragma: no cover - table is rendered by cppsctl.output.terminal
        _never(fmt)
    if options.bom and fmt in (OutputFormat.csv, OutputFormat.tsv):
        text = "\ufeff" + text
    return text


def _columns(rows: list[Record]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def _never(value: object) -> NoReturn:
    raise AssertionError(f"unhandled format {value!r}")


def write(
    records: list[Record],
    columns: list[str] | None,
    options: OutputOptions,
    stream: IO[str],
    *,
    table_columns: Sequence[str] | None = None,
    document: Record | None = None,
) -> None:
    """Write records to ``stream`` in the chosen format.

    ``table_columns`` are the columns a table shows when no ``--fields`` was
    given (the machine formats always carry every field). ``document``: see
    :func:`to_text`.
    """
    if options.format is OutputFormat.table:
        from cppsctl.output.terminal import print_table

        shown = columns if columns is not None else list(table_columns or _columns([flatten(r) for r in records]))
        print_table([flatten(r) for r in records], shown, options, stream)
        return
    stream.write(to_text(records, columns, options, document=document))
