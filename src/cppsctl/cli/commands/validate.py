"""``validate``: check dataset files and report every problem."""

from pathlib import Path
from typing import Annotated

import typer

from cppsctl.cli.common import FormatOption, NoCacheOption, Output, info, load_dataset
from cppsctl.errors import DatasetError, Problem
from cppsctl.output.formats import OutputFormat

PROBLEM_FIELDS = ("path", "line", "column", "where", "message")


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Dataset files or folders. Default: --data / CPPSCTL_DATA, else the bundled dataset.",
            show_default=False,
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", envvar="CPPSCTL_DATA", help="Dataset to check when no PATH is given.", show_default=False
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
) -> None:
    """Check dataset files: TOML syntax, schema, ids, counts, themes and links. Exit 3 when invalid."""
    targets: list[Path | None] = list(paths) if paths else [data]
    problems: list[Problem] = []
    summary: list[str] = []
    for target in targets:
        try:
            dataset = load_dataset(target, no_cache)
        except DatasetError as exc:
            problems.extend(exc.problems)
            continue
        name = str(target) if target is not None else "bundled dataset"
        count = sum(1 for _ in dataset.actions)
        summary.append(f"{name}: valid ({len(dataset.contracts)} contracts, {count} actions)")
    if format is OutputFormat.table:
        for problem in problems:
            typer.echo(str(problem))
    else:
        records = [
            {"path": p.path, "line": p.line, "column": p.column, "where": p.where, "message": p.message}
            for p in problems
        ]
        Output(format).emit(ctx, records, available=PROBLEM_FIELDS, table_columns=PROBLEM_FIELDS)
    for line in summary:
        info(line)
    if problems:
        info(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        raise typer.Exit(3)
