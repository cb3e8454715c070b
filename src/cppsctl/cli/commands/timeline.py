"""``timeline``: the contracts on a year axis."""

import typer

from cppsctl.cli.common import (
    ArrondissementOption,
    BomOption,
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


def timeline_command(
    ctx: typer.Context,
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
    """The contracts as bars on a year axis, Paris-wide first, with their signature dates.

    Solid (━) where the contract was in force, dotted (┄) where it possibly was: a bound the sources
    do not give (inferred, derived from the next contract of its scope, or unknown). See docs/compare.md.

    Examples:

    \b
    $ cppsctl timeline
    $ cppsctl timeline -a 11,paris --format csv
    """
    from cppsctl.analysis.timeline import timeline
    from cppsctl.output.views import timeline_view

    dataset = load_dataset(ctx)
    bars = timeline(dataset, chosen_contracts(dataset, kind, arrondissement))
    emit(ctx, timeline_view(dataset, bars), output(format, fields, sort, limit, bom, raw_cells, no_headers))
