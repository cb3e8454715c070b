"""``timeline``: the contracts on a year axis."""

import sys

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


def timeline_command(
    ctx: typer.Context,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """The contracts as bars on a year axis, Paris-wide first, with their signature dates.

    A bound the dataset lacks is inferred and drawn dotted: see the README.
    """
    from cppsctl.analysis.timeline import timeline
    from cppsctl.output.records_compare import TIMELINE_FIELDS, bar_record

    dataset = load_dataset(data, no_cache)
    bars = timeline(dataset, chosen_contracts(dataset, kind, arrondissement))
    out = Output(format, bom=bom, raw_cells=raw_cells)
    if format is OutputFormat.table:
        from cppsctl.output.terminal_compare import print_timeline

        print_timeline(bars, out.options(ctx), sys.stdout)
        return
    out.emit(ctx, [bar_record(dataset, b) for b in bars], available=TIMELINE_FIELDS, table_columns=TIMELINE_FIELDS)
