"""``themes``: the theme vocabulary and its counts."""

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
from cppsctl.output.formats import OutputFormat
from cppsctl.output.records import THEME_FIELDS, theme_records


def themes(
    ctx: typer.Context,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """The theme vocabulary, with the number of actions per theme in each contract."""
    dataset = load_dataset(data, no_cache)
    records = theme_records(dataset)
    columns = ["id", "label_en", "action_count", *(f"counts.{c.id}" for c in dataset.contracts)]
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, records, available=THEME_FIELDS, table_columns=columns
    )
