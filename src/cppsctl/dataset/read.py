"""Read dataset files: the bytes (size limit, UTF-8) and the TOML, each problem located."""

from __future__ import annotations

import os
import re
import stat
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cppsctl.errors import DatasetError, Problem

if TYPE_CHECKING:
    from cppsctl.dataset.locate import Locator, PathKey

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
        from cppsctl.dataset.locate import Locator

        return Locator(self.text)

    def problem(self, where: PathKey, message: str) -> Problem:
        position = self.locator.find(where)
        line, column = position if position else (None, None)
        return Problem(self.path, message, line, column, dotted(where))


def dotted(path: PathKey) -> str:
    """``("contracts", 0, "id")`` -> ``contracts[0].id``; a key that is not a bare word as ``['a key']``.

    A key written in a dataset can hold anything, terminal escape sequences
    included: such a key is quoted as Python's ``repr`` does, so that the
    location printed shows each control character instead of sending it to the terminal.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not re.fullmatch(r"[A-Za-z0-9_-]+", part):
            text += f"[{part!r}]"
        else:
            text += f".{part}" if text else part
    return text


def dataset_files(path: Path) -> list[Path]:
    """The files a ``--data`` path stands for: the file itself, or a folder's ``*.toml``.

    Raises :class:`DatasetError` for a path that is neither: missing, unreachable
    (a folder on the way that cannot be searched, a loop of symbolic links), or
    not a regular file (a FIFO, a device, a socket: reading one could block or never end).
    """
    name = str(path)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        gone = "symbolic link to nothing" if os.path.islink(path) else "no such file or folder"
        raise DatasetError([Problem(name, gone)]) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise DatasetError([Problem(name, f"cannot read: {_reason(exc)}")]) from None
    if stat.S_ISDIR(mode):
        try:
            return sorted(p for p in path.iterdir() if p.name.endswith(".toml"))
        except OSError as exc:
            raise DatasetError([Problem(name, f"cannot list folder: {_reason(exc)}")]) from None
    if not stat.S_ISREG(mode):
        raise DatasetError([Problem(name, f"is {_kind(mode)}, not a dataset file")])
    return [path]


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, for a message."""
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"  # pragma: no cover - doors, whiteouts: other systems


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def read_file(path: Path) -> bytes | Problem:
    """The bytes of one dataset file, or the problem that kept it from being read.

    Only a regular file is read (a symbolic link to one too): what :func:`os.stat`
    says is checked again on the open file (``fstat``), which is opened without
    blocking, so that a file replaced by a FIFO in between cannot hang the read.
    """
    name = str(path)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return Problem(name, f"is {_kind(mode)}, not a dataset file")
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb") as handle:
            mode = os.fstat(descriptor).st_mode
            if not stat.S_ISREG(mode):
                return Problem(name, f"is {_kind(mode)}, not a dataset file")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        return Problem(name, f"cannot read: {_reason(exc)}")
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

    from cppsctl.dataset.bounds import deepest, first_excess

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
    excess = first_excess(text)
    if excess is not None:
        problems.append(Problem(name, f"TOML {excess.message}", excess.line, excess.column))
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(_syntax_problem(name, text, exc))
        return None
    except RecursionError:  # within MAX_NESTING, when the caller has used up most of the stack
        where = deepest(text)
        problems.append(Problem(name, "TOML nested too deeply to read", *(where or (None, None))))
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
