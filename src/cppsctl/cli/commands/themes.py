"""``themes``: the theme vocabulary and its counts."""

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
from cppsctl.output.views import theme_list


def themes(
    ctx: typer.Context,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """The theme vocabulary, with the number of actions per theme in each contract.

    Examples:

    \b
    $ cppsctl themes
    $ cppsctl themes --sort -action_count --fields id,label_fr,action_count
    """
    dataset = load_dataset(ctx)
    emit(ctx, theme_list(dataset), output(format, fields, sort, limit, bom, raw_cells, no_headers))
