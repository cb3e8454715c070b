"""``actions``, ``search`` and ``themes``: the fiches-actions and the vocabulary that tags them."""

from enum import Enum
from typing import Annotated

import typer

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
)
from cppsctl.output import OutputFormat
from cppsctl.query import SearchKind, filter_actions, parse_scope, search
from cppsctl.records import ACTION_FIELDS, HIT_FIELDS, THEME_FIELDS, action_record, hit_record, theme_records

ACTION_TABLE_COLUMNS = ("id", "title", "themes")


class SearchKindChoice(str, Enum):
    contract = "contract"
    priority = "priority"
    action = "action"


HIT_TABLE_COLUMNS = ("kind", "id", "title", "score")


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


def search_command(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to find; all must match.")],
    kind: Annotated[
        list[SearchKindChoice] | None,
        typer.Option("--kind", "-k", help="Only this kind of result; repeatable.", show_default=False),
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
    """Ranked search over contract, priority and action titles (case, accents, ligatures, apostrophes ignored)."""
    dataset = load_dataset(data, no_cache)
    kinds: list[SearchKind] = [k.value for k in kind or []]
    hits = search(dataset, " ".join(text), kinds=kinds)
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, [hit_record(h) for h in hits], available=HIT_FIELDS, table_columns=HIT_TABLE_COLUMNS
    )


def themes(
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
    """The theme vocabulary, with the number of actions per theme in each contract."""
    dataset = load_dataset(data, no_cache)
    records = theme_records(dataset)
    columns = ["id", "label_en", "action_count", *(f"counts.{c.id}" for c in dataset.contracts)]
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, records, available=THEME_FIELDS, table_columns=columns
    )
