"""``sql``: read-only SQL over the dataset."""

import sys
from typing import Annotated

import typer

from cppsctl.cli.common import (
    BomOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    NoHeadersOption,
    RawCellsOption,
    SortOption,
    load_dataset,
    output,
)
from cppsctl.cli.emit import emit
from cppsctl.output.formats import OutputFormat
from cppsctl.output.views import sql_view


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
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Run a read-only SQL query over the dataset (the tables of 'export --format sqlite', in memory).

    Examples:

    $ cppsctl sql "SELECT kind, count(*) AS n FROM contracts GROUP BY kind"

    $ cppsctl sql "SELECT id, title FROM actions WHERE title LIKE '%jeunes%'" --format csv
    """
    from cppsctl.sql.sandbox import query_records

    text = sys.stdin.read() if query == "-" else query
    dataset = load_dataset(ctx)
    # Without --sort, reading stops after --limit rows (so that a query that never ends can still be cut).
    columns, records = query_records(dataset, text, max_rows=limit or None if sort is None else None)
    emit(ctx, sql_view(columns, records), output(format, fields, sort, limit, bom, raw_cells, no_headers))
