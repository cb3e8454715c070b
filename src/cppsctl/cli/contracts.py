"""``list`` and ``show``: contracts, and one contract or action in full."""

import json
import sys
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
    KindOption,
    LimitOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    SortOption,
    chosen_contracts,
    load_dataset,
)
from cppsctl.errors import UnknownIdError
from cppsctl.output import OutputFormat
from cppsctl.records import (
    ACTION_FIELDS,
    CONTRACT_FIELDS,
    action_detail,
    action_record,
    contract_detail,
    contract_record,
)

ACTION_TABLE_COLUMNS = ("id", "title", "themes")
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


def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A contract id (cpps-2015-2020) or an action id (cpsa-11-2022-2026/3.2).",
            autocompletion=complete.any_ids,
        ),
    ],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Show one contract as a tree (priorities, actions, dates, partners, sources, errata), or one action."""
    dataset = load_dataset(data, no_cache)
    out = Output(format)
    contract = dataset.find_contract(ident)
    action = dataset.find_action(ident)
    if contract is None and action is None:
        known = dataset.action_ids() if "/" in ident else dataset.contract_ids()
        raise UnknownIdError("id", ident, known)
    if contract is not None:
        detail = contract_detail(dataset, contract)
        if format is OutputFormat.table:
            from cppsctl.render import print_contract_tree

            print_contract_tree(dataset, contract, out.options(ctx), sys.stdout)
        elif format in (OutputFormat.json, OutputFormat.jsonl):
            _dump(detail, format)
        else:
            rows = [action_record(dataset, a) for a in contract.actions]
            out.emit(ctx, rows, available=ACTION_FIELDS, table_columns=ACTION_TABLE_COLUMNS)
        return
    assert action is not None
    detail = action_detail(dataset, action)
    if format is OutputFormat.table:
        from cppsctl.render import print_record

        print_record(detail, out.options(ctx), sys.stdout)
    elif format in (OutputFormat.json, OutputFormat.jsonl):
        _dump(detail, format)
    else:
        row = action_record(dataset, action)
        out.emit(ctx, [row], available=ACTION_FIELDS, table_columns=ACTION_TABLE_COLUMNS)


def _dump(detail: dict[str, object], format: OutputFormat) -> None:
    indent = 2 if format is OutputFormat.json else None
    sys.stdout.write(json.dumps(detail, ensure_ascii=False, indent=indent) + "\n")
