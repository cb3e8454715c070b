"""``sources``: the pages and documents the dataset's facts come from."""

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
from cppsctl.output.views import source_list


def sources(
    ctx: typer.Context,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """List the sources: id, kind, URL, title, 'Mise à jour' date and the contracts citing each.

    Examples:

    \b
    $ cppsctl sources
    $ cppsctl sources --sort -updated_on --fields id,updated_on,url --format csv
    """
    dataset = load_dataset(ctx)
    emit(ctx, source_list(dataset), output(format, fields, sort, limit, bom, raw_cells, no_headers))
