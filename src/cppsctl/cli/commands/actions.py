"""``actions``: the fiches-actions, filtered."""

from typing import Annotated

import typer

from cppsctl.analysis.filters import filter_actions
from cppsctl.cli import complete
from cppsctl.cli.common import (
    ActiveInOption,
    ArrondissementOption,
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
    parse_scope,
)
from cppsctl.output.formats import OutputFormat
from cppsctl.output.records import ACTION_FIELDS, action_record

ACTION_TABLE_COLUMNS = ("id", "title", "themes")


def actions(
    ctx: typer.Context,
    contract: Annotated[
        list[str] | None,
        typer.Option(
            "--contract",
            "-c",
            help="Only this contract id; repeatable.",
            show_default=False,
            autocompletion=complete.contract_ids,
        ),
    ] = None,
    priority: Annotated[
        list[int] | None,
        typer.Option("--priority", "-p", help="Only this priority number; repeatable.", show_default=False),
    ] = None,
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            "-t",
            help="Only actions with this theme id; repeatable (any of them).",
            show_default=False,
            autocompletion=complete.theme_ids,
        ),
    ] = None,
    arrondissement: ArrondissementOption = None,
    active_in: ActiveInOption = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help="Only titles containing every word (case and accents ignored).", show_default=False
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """List the fiches-actions, filtered by contract, priority, theme, arrondissement, year and text."""
    dataset = load_dataset(data, no_cache)
    found = filter_actions(
        dataset,
        contracts=contract or (),
        priorities=priority or (),
        themes=theme or (),
        arrondissements=[parse_scope(a) for a in arrondissement or []],
        active_in=active_in,
        text=text,
    )
    records = [action_record(dataset, a) for a in found]
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, records, available=ACTION_FIELDS, table_columns=ACTION_TABLE_COLUMNS
    )
