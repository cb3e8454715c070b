"""The library's exceptions. The CLI maps each to a message and an exit code in one place."""

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, NoReturn


class CppsError(Exception):
    """Base class of every error cppsctl raises on purpose."""

    exit_code = 1


class Problem(NamedTuple):
    """One thing wrong with a dataset file, located as precisely as possible.

    A named tuple, not a dataclass: every command imports this module, and
    ``@dataclass`` costs 0.4 ms of start-up per class (docs/performance.md).
    """

    path: str  # file name as given
    message: str
    line: int | None = None
    column: int | None = None
    where: str = ""  # dotted location in the data, e.g. contracts[0].priorities[1]

    def __str__(self) -> str:
        place = self.path
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        where = f"{self.where}: " if self.where else ""
        return f"{place}: {where}{self.message}"


class DatasetError(CppsError):
    """A dataset could not be read or is invalid; carries every problem found."""

    exit_code = 3

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = str(self.problems[0]) if self.problems else "invalid dataset"
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(head + more)


class SchemaError(CppsError):
    """The dataset's JSON Schema uses a keyword or a form that the checker does not implement.

    A fault of the schema file, not of the dataset: the checker refuses such a
    schema rather than ignore a rule it cannot apply.
    """


class UsageError(CppsError):
    """The caller asked for something that does not exist or does not fit."""

    exit_code = 2


class TargetExistsError(UsageError):
    """A file to write (:mod:`cppsctl.fs`) exists as a regular file, and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists")


class UnknownIdError(UsageError):
    """An id (contract, action, theme, field, ...) that the dataset does not have.

    Carries what was looked for (``what``), the ``value`` given, the ``known``
    values and the closest of them (``suggestions``); ``listed`` (e.g. "valid
    fields") appends every known value to the message, for short vocabularies.
    """

    def __init__(self, what: str, value: str, known: Iterable[str], *, listed: str | None = None) -> None:
        self.what = what
        self.value = value
        self.known = tuple(known)
        self.suggestions = did_you_mean(value, self.known)
        hint = f" (did you mean {' or '.join(repr(s) for s in self.suggestions)}?)" if self.suggestions else ""
        every = f"; {listed}: {', '.join(self.known)}" if listed else ""
        super().__init__(f"unknown {what} {value!r}{hint}{every}")


def did_you_mean(value: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The closest known names to ``value``, best first."""
    choices = list(known)
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return [lowered[value.lower()]]
    import difflib

    close = difflib.get_close_matches(value, choices, n=n, cutoff=0.6)
    if not close:
        prefixed = [c for c in choices if c.startswith(value) or value.startswith(c)]
        close = prefixed[:n]
    return close


if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10

    def assert_never(value: NoReturn, /) -> NoReturn:
        """Mark a branch a type checker proves unreachable (``typing.assert_never`` from Python 3.11)."""
        raise AssertionError(f"unhandled value {value!r}")
