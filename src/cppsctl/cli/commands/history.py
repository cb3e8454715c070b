"""``history``: an action or a theme across the periods."""

from typing import Annotated

import typer

from cppsctl.cli import complete
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


def history_command(
    ctx: typer.Context,
    subject: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-THEME",
            help="An action id (cpsa-11-2022-2026/3.2) or a theme id or label (cenomed, night-life, 'Vie nocturne').",
            autocompletion=complete.actions_and_themes,
        ),
    ],
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Follow an action through the periods of its scope, or list a theme's actions period by period.

    An action brings its whole 'continues' lineage, the Paris-wide actions it
    declines and, for a Paris-wide action, the local actions that decline it.

    Examples:

    \b
    $ cppsctl history cpsa-11-2022-2026/3.2
    $ cppsctl history "Vie nocturne" --format csv
    """
    from cppsctl.analysis.history import history
    from cppsctl.output.views import history_view

    dataset = load_dataset(ctx)
    emit(
        ctx,
        history_view(dataset, history(dataset, subject)),
        output(format, fields, sort, limit, bom, raw_cells, no_headers),
    )
