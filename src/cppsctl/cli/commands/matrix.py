"""``matrix``: themes by contracts."""

import typer

from cppsctl.cli.common import (
    ArrondissementOption,
    BomOption,
    ContractOption,
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


def matrix_command(
    ctx: typer.Context,
    contract: ContractOption = None,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Themes as rows, contracts as columns: how many actions of each contract carry each theme.

    Themes no chosen contract has are left out. On a terminal, the shade of a
    cell is its share of the contract's actions.

    Examples:

    \b
    $ cppsctl matrix -a 11
    $ cppsctl matrix -c cpps-2015-2020,cpsa-11-2016-2020 --format json
    """
    from cppsctl.analysis.timeline import matrix
    from cppsctl.output.views import matrix_view

    dataset = load_dataset(ctx)
    table = matrix(dataset, chosen_contracts(dataset, kind, arrondissement, contract))
    emit(ctx, matrix_view(table), output(format, fields, sort, limit, bom, raw_cells, no_headers))
