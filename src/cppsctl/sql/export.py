"""Write the dataset as a SQLite database file, and the Datasette metadata that describes it."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cppsctl.model import Dataset
from cppsctl.output.files import OutputFileError, check_target, write_atomically
from cppsctl.resources import datasette_metadata_path
from cppsctl.sql.schema import TABLES, build_database


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    counts: dict[str, int]  # rows per table
    notes: list[str] = field(default_factory=list)


def export(dataset: Dataset, path: str | os.PathLike[str], force: bool = False) -> ExportResult:
    """Write the dataset as a SQLite database file; an existing file is replaced only with ``force``."""
    target = Path(path)
    check_target(target, force)
    notes: list[str] = []
    counts: dict[str, int] = {}

    def fill(temporary: Path) -> None:
        connection = sqlite3.connect(temporary)
        try:
            notes.extend(build_database(dataset, connection))
            for table in TABLES:
                counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.Error as exc:
            raise OutputFileError(f"cannot write {target}: {exc}") from None
        finally:
            connection.close()

    write_atomically(target, fill)
    return ExportResult(target, counts, notes)


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata (titles, descriptions, source) for a database file named ``database``.db."""
    metadata: dict[str, Any] = json.loads(datasette_metadata_path().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    metadata["databases"] = {database: next(iter(databases.values()), {})}
    return metadata


def write_datasette_metadata(path: str | os.PathLike[str], database: str, force: bool = False) -> None:
    target = Path(path)
    check_target(target, force)
    text = json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n"

    def fill(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    write_atomically(target, fill)
