"""``list``: the contracts, one row each."""

import typer

from cppsctl.cli.common import (
    ActiveInOption,
    ArrondissementOption,
    BomOption,
    DataOption,
    FieldsOption,
    FormatOption,
    KindOption,
    LimitOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    SortOption,
    chosen_contracts,
    load_dataset,
)
from cppsctl.output.formats import OutputFormat
from cppsctl.output.records import (
    CONTRACT_FIELDS,
    contract_record,
)

LIST_TABLE_COLUMNS = ("id", "kind", "scope", "period", "signed_on", "priority_count", "completeness")


def list_contracts(
    ctx: typer.Context,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    active_in: ActiveInOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """List the contracts: id, kind, scope, period, signature date, priorities and actions."""
    dataset = load_dataset(data, no_cache)
    contracts = chosen_contracts(dataset, kind, arrondissement, active_in=active_in)
    records = [contract_record(dataset, c) for c in contracts]
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, records, available=CONTRACT_FIELDS, table_columns=LIST_TABLE_COLUMNS
    )
