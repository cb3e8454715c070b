"""``report``: one self-contained HTML file with the contracts, the timeline, the themes and a comparison."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cppsctl.cli import complete
from cppsctl.cli.common import load_dataset
from cppsctl.cli.emit import info


def report(
    ctx: typer.Context,
    html: Annotated[
        Path,
        typer.Option(
            "--html",
            metavar="FILE",
            help="HTML file to write ('-' for standard output).",
            dir_okay=False,
            show_default=False,
        ),
    ],
    compare_with: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--compare",
            metavar="A B",
            help="Add the comparison of contract A with contract B.",
            show_default=False,
            autocompletion=complete.contract_ids,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Write an HTML report: contracts, timeline, theme matrix, every action, and optionally a comparison.

    One file, readable offline, on a phone and on paper: styles inline, no script, nothing fetched.

    Examples:

    \b
    $ cppsctl report --html contracts.html
    $ cppsctl report --html compare.html --compare cpsa-11-2016-2020 cpsa-11-2022-2026
    """
    from cppsctl.analysis.compare import compare
    from cppsctl.analysis.filters import get_contract
    from cppsctl.fs import check_target, write_atomically, write_bytes
    from cppsctl.output.html import render_report

    dataset = load_dataset(ctx)
    comparison = None
    if compare_with is not None:
        left, right = (get_contract(dataset, i) for i in compare_with)
        comparison = compare(dataset, left, right)
    if str(html) != "-":
        check_target(html, force)  # before the work, which a refused file would waste
    text = render_report(dataset, comparison=comparison)
    if str(html) == "-":
        sys.stdout.write(text)
        return
    data = text.encode("utf-8")
    write_atomically(html, lambda temporary: write_bytes(temporary, data), force=force)
    info(f"wrote {html}")
