"""``sql``: read-only SQL over the dataset."""

import sys
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
    load_dataset,
)
from cppsctl.output.formats import OutputFormat, select, write


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
    from cppsctl.sql.sandbox import query_records

    text = sys.stdin.read() if query == "-" else query
    dataset = load_dataset(data, no_cache)
    # Without --sort, reading stops after --limit rows (so that a query that never ends can still be cut).
    columns, records = query_records(dataset, text, max_rows=limit if sort is None else None)
    out = Output(format, fields, sort, limit, bom, raw_cells)
    chosen, shown = select(records, fields=fields, sort=sort, limit=limit, available=columns)
    write(chosen, shown if shown is not None else columns, out.options(ctx), sys.stdout, table_columns=columns)
