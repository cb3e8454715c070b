"""``export`` and ``sql``: the dataset as a SQLite database file, and read-only SQL over it."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cppsctl.cli.common import (
    BomOption,
    DataOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    SortOption,
    info,
    load_dataset,
)
from cppsctl.output import OutputFormat, select, write


class ExportFormat(str, Enum):
    sqlite = "sqlite"


def export(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="Database file to write.", dir_okay=False, show_default=False),
    ],
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="File format.", show_default=False),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE (and METADATA) if they exist.")] = False,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="METADATA",
            help="Also write Datasette metadata (titles, descriptions, source) here: datasette FILE -m METADATA.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the dataset as a SQLite database: tables with keys and indexes, full-text search on the titles."""
    from cppsctl import sqlite
    from cppsctl.files import check_target

    dataset = load_dataset(data, no_cache)
    if metadata is not None:
        check_target(metadata, force)  # before the database, so that nothing is half done
    result = sqlite.export(dataset, file, force=force)
    if metadata is not None:
        sqlite.write_datasette_metadata(metadata, file.stem, force=force)
    for note in result.notes:
        info(f"cppsctl: note: {note}")
    counts = result.counts
    info(
        f"wrote {file}: {counts['contracts']} contracts, {counts['priorities']} priorities,"
        f" {counts['actions']} actions, {counts['themes']} themes"
        + (f"; Datasette metadata in {metadata}" if metadata is not None else "")
    )


def sql(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="One SELECT statement, or '-' to read it from standard input.",
            show_default=False,
        ),
    ],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Run a read-only SQL query over the dataset (the tables of 'export --format sqlite', in memory)."""
    from cppsctl import sqlite

    text = sys.stdin.read() if query == "-" else query
    dataset = load_dataset(data, no_cache)
    # Without --sort, reading stops after --limit rows (so that a query that never ends can still be cut).
    columns, records = sqlite.query_records(dataset, text, max_rows=limit if sort is None else None)
    out = Output(format, fields, sort, limit, bom, raw_cells)
    chosen, shown = select(records, fields=fields, sort=sort, limit=limit, available=columns)
    write(chosen, shown if shown is not None else columns, out.options(ctx), sys.stdout, table_columns=columns)
