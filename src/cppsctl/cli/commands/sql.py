"""``sql``: read-only SQL over the dataset."""

import sys
from typing import Annotated, Any, cast

import typer

from cppsctl.cli.common import (
    BomOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    NoHeadersOption,
    RawCellsOption,
    SortOption,
    output,
)
from cppsctl.cli.emit import emit
from cppsctl.cli.state import state
from cppsctl.errors import UsageError
from cppsctl.output.formats import OutputFormat
from cppsctl.output.views import sql_view

MAX_QUERY_BYTES = 1_000_000
"""Longest query read from standard input (``cppsctl sql -``): a stream that never ends is refused, not read."""

_PAIR: Any = (str, str)
"""The type of ``-p NAME VALUE``: Click turns a tuple of types into its two-value type (Typer passes it on)."""


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
    param: Annotated[
        list[Any] | None,  # of (name, value) pairs: Typer has no annotation for a repeated pair
        typer.Option(
            "--param",
            "-p",
            metavar="NAME VALUE",
            click_type=cast(Any, _PAIR),
            help="Give the query's parameter :NAME this value (a string); repeatable.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0,
            metavar="SECONDS",
            help="Stop the query after this many seconds (exit 1); 0: never.",
        ),
    ] = 10.0,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Run a read-only SQL query over the dataset (the tables of 'export --format sqlite').

    Named parameters (:NAME) take their values from -p NAME VALUE. A query that runs longer than
    --timeout, needs more than 256 MiB of memory or returns more than 128 MiB of rows is stopped
    with one error line and exit code 1 (add a LIMIT).

    Examples:

    \b
    $ cppsctl sql "SELECT kind, count(*) AS n FROM contracts GROUP BY kind"
    $ cppsctl sql "SELECT id, title FROM actions WHERE title LIKE '%jeunes%'" --format csv
    $ cppsctl sql "SELECT id, title FROM actions WHERE contract_id = :c" -p c cpsa-11-2022-2026 --timeout 2
    """
    from cppsctl.sql.database import Database
    from cppsctl.sql.sandbox import MissingParameterError

    text = _query_text(query)
    values = dict(param or ())
    options = state(ctx)
    with Database(options.data, cache=not options.no_cache) as database:  # the cached file, read-only
        try:
            # Without --sort, reading stops after --limit rows (so that a query that never ends can still be cut).
            columns, records = database.query_records(
                text, params=values, max_rows=limit or None if sort is None else None, timeout=timeout
            )
        except MissingParameterError as error:
            raise UsageError(f"{error} (give it with -p {error.name} VALUE)") from None
    emit(ctx, sql_view(columns, records), output(format, fields, sort, limit, bom, raw_cells, no_headers))


def _query_text(query: str) -> str:
    """The query: the argument, or standard input for ``-``; UTF-8 text (a leading BOM is dropped) or a usage error."""
    if query == "-":
        stream = sys.stdin
        if stream is None:
            raise UsageError("no query to read: standard input is closed")
        source = getattr(stream, "buffer", None)
        try:
            raw = source.read(MAX_QUERY_BYTES + 1) if source is not None else stream.read(MAX_QUERY_BYTES + 1)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise UsageError(f"cannot read the query from standard input: {reason}") from None
        if len(raw) > MAX_QUERY_BYTES:
            raise UsageError(f"the query on standard input is longer than {MAX_QUERY_BYTES:,} bytes")
        if isinstance(raw, bytes):
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                byte = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
                raise UsageError(f"the query is not UTF-8 text: {byte}") from None
        query = raw
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes that are not UTF-8 in the arguments come as lone surrogates
        raise UsageError(f"the query is not UTF-8 text: at character {exc.start + 1}") from None
    return query
