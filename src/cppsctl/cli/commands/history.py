"""``history``: an action or a theme across the periods."""

from typing import Annotated

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

# The comparison modules are imported inside the commands that use them: the
# other commands start without paying for them.

ACTION_HISTORY_COLUMNS = ("period", "scope", "id", "title", "via", "change")


THEME_HISTORY_COLUMNS = ("period", "scope", "id", "title", "change", "declines")


def history_command(
    ctx: typer.Context,
    subject: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-THEME",
            help="An action id (cpsa-11-2022-2026/3.2) or a theme id or label (cenomed, night-life).",
        ),
    ],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Follow an action through the periods of its scope, or list a theme's actions period by period.

    An action brings its whole 'continues' lineage, the Paris-wide actions it
    declines and, for a Paris-wide action, the local actions that decline it.
    """
    from cppsctl.analysis.history import history
    from cppsctl.output.records_compare import HISTORY_FIELDS, history_records

    dataset = load_dataset(data, no_cache)
    story = history(dataset, subject)
    if story.kind == "action":
        title, columns = f"History of {story.subject}", ACTION_HISTORY_COLUMNS
    else:
        title, columns = f"Theme {story.subject} ({story.label}), period by period", THEME_HISTORY_COLUMNS
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, history_records(story), available=HISTORY_FIELDS, table_columns=columns, title=title
    )
