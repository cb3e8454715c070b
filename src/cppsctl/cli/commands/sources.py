"""``sources``: the pages and documents the dataset's facts come from."""

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
from cppsctl.output.records import SOURCE_FIELDS, source_record

SOURCE_TABLE_COLUMNS = ("id", "kind", "updated_on", "contracts", "url")


def sources(
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
    """List the sources: id, kind, URL, title, 'Mise à jour' date and the contracts citing each."""
    dataset = load_dataset(data, no_cache)
    records = [source_record(dataset, s) for s in dataset.sources]
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, records, available=SOURCE_FIELDS, table_columns=SOURCE_TABLE_COLUMNS
    )
