"""``matrix``: themes by contracts."""

import sys
from typing import Annotated

import typer

from cppsctl.cli.common import (
    ArrondissementOption,
    BomOption,
    DataOption,
    FormatOption,
    KindOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    chosen_contracts,
    load_dataset,
)
from cppsctl.output.formats import OutputFormat

# The comparison modules are imported inside the commands that use them: the
# other commands start without paying for them.


def matrix_command(
    ctx: typer.Context,
    contract: Annotated[
        list[str] | None,
        typer.Option("--contract", "-c", help="Only this contract id; repeatable.", show_default=False),
    ] = None,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Themes as rows, contracts as columns: how many actions of each contract carry each theme.

    Themes no chosen contract has are left out. On a terminal, the shade of a
    cell is its share of the contract's actions.
    """
    from cppsctl.analysis.timeline import matrix
    from cppsctl.output.records_compare import MATRIX_FIELDS, matrix_records

    dataset = load_dataset(data, no_cache)
    table = matrix(dataset, chosen_contracts(dataset, kind, arrondissement, contract))
    out = Output(format, bom=bom, raw_cells=raw_cells)
    if format is OutputFormat.table:
        from cppsctl.output.terminal_compare import print_matrix

        print_matrix(table, out.options(ctx), sys.stdout)
        return
    out.emit(ctx, matrix_records(table), available=MATRIX_FIELDS, table_columns=MATRIX_FIELDS)
