"""``list``: the contracts, one row each."""

import typer

from cppsctl.cli.common import (
    ActiveInOption,
    ArrondissementOption,
    BomOption,
    CertainOption,
    FieldsOption,
    FormatOption,
    KindOption,
    LimitOption,
    NoHeadersOption,
    RawCellsOption,
    SortOption,
    chosen_contracts,
    load_dataset,
    output,
)
from cppsctl.cli.emit import emit
from cppsctl.output.formats import OutputFormat
from cppsctl.output.views import contract_list


def list_contracts(
    ctx: typer.Context,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    active_in: ActiveInOption = None,
    certain: CertainOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """List the contracts: id, kind, scope, period, signature date, priorities and actions.

    --active-in YEAR keeps every contract that was in force that year, certainly (in_force
    "yes": within its known period or its signature year) or possibly (in_force "possibly":
    a bound is inferred, derived or unknown); --certain keeps only the first. A period's
    marks: 2016? inferred, ≤2009 at the latest (the next contract of the scope starts),
    ≥2015 at the earliest, ? unknown.

    Examples:

    \b
    $ cppsctl list -k CPSA -a 11
    $ cppsctl list --active-in 2018 --format json
    $ cppsctl list --fields id,period,completeness --format csv
    """
    dataset = load_dataset(ctx)
    contracts = chosen_contracts(dataset, kind, arrondissement, active_in=active_in, certain=certain)
    emit(
        ctx,
        contract_list(dataset, contracts, active_in),
        output(format, fields, sort, limit, bom, raw_cells, no_headers),
    )
