"""Read dataset files (one TOML file or a folder of them) into a :class:`Dataset`.

Reading goes through four steps, each reporting every problem it finds:
read the bytes (size limit, UTF-8), parse the TOML, check it against the JSON
Schema, check ids, counts and links across files. Only a dataset without a
single problem is built; otherwise :class:`DatasetError` carries them all.
Nothing here ever writes to a dataset file; ``load(..., cache=True)`` keeps a
copy of the built dataset in the user's cache (:mod:`cppsctl.cache`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cppsctl.errors import DatasetError, Problem
from cppsctl.models import Dataset
from cppsctl.resources import bundled_dataset_path

if TYPE_CHECKING:
    from cppsctl.locate import Locator, PathKey

    if sys.version_info >= (3, 11):
        from tomllib import TOMLDecodeError
    else:  # pragma: no cover - exercised on Python 3.10 only
        from tomli import TOMLDecodeError

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest dataset file read, in bytes; a larger file is refused with a clear error."""

# Patterns, compiled on first use (by re's own cache): only a syntax error needs them.
_TOML_POSITION = r"\s*\(at line (\d+), column (\d+)\)$"
_TOML_END = r"\s*\(at end of document\)$"


class Document:
    """One parsed dataset file and what is needed to point into it."""

    def __init__(self, path: str, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.text = text
        self.data = data

    @cached_property
    def locator(self) -> Locator:
        from cppsctl.locate import Locator

        return Locator(self.text)

    def problem(self, where: PathKey, message: str) -> Problem:
        position = self.locator.find(where)
        line, column = position if position else (None, None)
        return Problem(self.path, message, line, column, dotted(where))


def dotted(path: PathKey) -> str:
    """``("contracts", 0, "id")`` -> ``contracts[0].id``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def dataset_files(path: Path) -> list[Path]:
    """The files a ``--data`` path stands for: the file itself, or a folder's ``*.toml``."""
    if path.is_dir():
        try:
            return sorted(p for p in path.iterdir() if p.name.endswith(".toml"))
        except OSError as exc:
            raise DatasetError([Problem(str(path), f"cannot list folder: {exc.strerror or exc}")]) from None
    return [path]


def read_file(path: Path) -> bytes | Problem:
    """The bytes of one dataset file, or the problem that kept it from being read."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return Problem(name, "is a folder, not a dataset file")
    except OSError as exc:
        return Problem(name, f"cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        mib, rest = divmod(MAX_FILE_BYTES, 1024 * 1024)
        limit = f"{mib} MiB" if mib and not rest else f"{MAX_FILE_BYTES} bytes"
        return Problem(name, f"file is larger than the {limit} limit for a dataset file")
    return raw


def parse_document(path: Path, raw: bytes, problems: list[Problem]) -> Document | None:
    """Decode and parse one file's bytes; on failure append the reason to ``problems``."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    name = str(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line, column))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(_syntax_problem(name, text, exc))
        return None
    except RecursionError:
        problems.append(Problem(name, "TOML nested too deeply to read"))
        return None
    return Document(name, text, data)


def _syntax_problem(name: str, text: str, exc: TOMLDecodeError) -> Problem:
    message = str(exc.args[0]) if exc.args else str(exc)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    match = re.search(_TOML_POSITION, message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif re.search(_TOML_END, message):
        message = re.sub(_TOML_END, "", message)
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    message = getattr(exc, "msg", message)
    return Problem(name, f"TOML syntax error: {message}", line, column)


def load(path: str | os.PathLike[str] | None = None, *, cache: bool = False) -> Dataset:
    """Load and validate a dataset: a TOML file, a folder of them, or the bundled one.

    Raises :class:`DatasetError` with every problem found when the dataset is
    unreadable or invalid. With ``cache=True``, a dataset already loaded from
    the very same bytes is read back from the user's cache instead of being
    parsed and checked again (see :mod:`cppsctl.cache`); the result is equal.
    """
    target = bundled_dataset_path() if path is None else Path(path)
    if not target.exists() and not target.is_symlink():
        raise DatasetError([Problem(str(target), "no such file or folder")])
    files = dataset_files(target)
    if not files:
        raise DatasetError([Problem(str(target), "folder holds no .toml file")])
    contents = [(f, read_file(f)) for f in files]
    entry = None
    if cache and not any(isinstance(raw, Problem) for _, raw in contents):
        from cppsctl.cache import CacheEntry

        entry = CacheEntry.of(target, [(f, raw) for f, raw in contents if isinstance(raw, bytes)])
        cached = entry.read()
        if cached is not None:
            return cached
    dataset = _parse_check_build(contents)
    if entry is not None:
        entry.write(dataset)
    return dataset


def _parse_check_build(contents: list[tuple[Path, bytes | Problem]]) -> Dataset:
    problems: list[Problem] = []
    documents: list[Document] = []
    for path, raw in contents:
        if isinstance(raw, Problem):
            problems.append(raw)
        elif (doc := parse_document(path, raw, problems)) is not None:
            documents.append(doc)
    return _check_build(documents, problems)


def _check_build(documents: list[Document], problems: list[Problem]) -> Dataset:
    """Check the documents as one dataset and build it; raise with every problem, those given included."""
    from cppsctl.build import build_dataset
    from cppsctl.checks import check_documents

    problems = [*problems, *check_documents(documents)]
    if problems:
        raise DatasetError(problems)
    return build_dataset(documents)


def from_data(data: Mapping[str, Any], name: str = "<data>") -> Dataset:
    """Validate and build a dataset from already-parsed data (the TOML structure, e.g. read from JSON).

    Raises :class:`DatasetError` with every problem found; problems carry no line numbers.
    """
    if not isinstance(data, Mapping):
        raise DatasetError([Problem(name, f"expected a table at the top level, got {type(data).__name__}")])
    return _check_build([Document(name, "", dict(data))], [])


def validate(paths: list[str | os.PathLike[str]] | None = None) -> list[Problem]:
    """Every problem of each dataset path (the bundled one when none is given); [] when valid."""
    targets: list[str | os.PathLike[str] | None] = list(paths) if paths else [None]
    problems: list[Problem] = []
    for target in targets:
        try:
            load(target)
        except DatasetError as exc:
            problems.extend(exc.problems)
    return problems
