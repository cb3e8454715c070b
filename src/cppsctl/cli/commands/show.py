"""``show``: one contract as a tree, or one action in full."""

import json
import sys
from typing import Annotated

import typer

from cppsctl.cli import complete
from cppsctl.cli.common import (
    DataOption,
    FormatOption,
    NoCacheOption,
    Output,
    load_dataset,
)
from cppsctl.errors import UnknownIdError
from cppsctl.output.formats import OutputFormat
from cppsctl.output.records import (
    ACTION_FIELDS,
    action_detail,
    action_record,
    contract_detail,
)

ACTION_TABLE_COLUMNS = ("id", "title", "themes")


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
            from cppsctl.output.terminal import print_contract_tree

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
        from cppsctl.output.terminal import print_record

        print_record(detail, out.options(ctx), sys.stdout)
    elif format in (OutputFormat.json, OutputFormat.jsonl):
        _dump(detail, format)
    else:
        row = action_record(dataset, action)
        out.emit(ctx, [row], available=ACTION_FIELDS, table_columns=ACTION_TABLE_COLUMNS)


def _dump(detail: dict[str, object], format: OutputFormat) -> None:
    indent = 2 if format is OutputFormat.json else None
    sys.stdout.write(json.dumps(detail, ensure_ascii=False, indent=indent) + "\n")
