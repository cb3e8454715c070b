"""cppsctl: query the prevention and security contracts of the City of Paris.

>>> import cppsctl
>>> dataset = cppsctl.load()                      # the bundled dataset
>>> [c.id for c in cppsctl.filter_contracts(dataset, arrondissements=[11])]
['cpsa-11-2016-2020', 'cpsa-11-2022-2026']

The names below are imported on first use (PEP 562), so that ``import cppsctl``
and the command line start without loading what a command does not need.
"""

from __future__ import annotations

TYPE_CHECKING = False
# Not ``from typing import TYPE_CHECKING``: the command's entry point imports this package before it can
# catch Ctrl-C (cppsctl/__main__.py), so this module imports nothing; type checkers read the name alike.

__version__ = "2.0.0"

SCHEMA_VERSION = 2
"""The version of the JSON records (docs/json.md): renaming or removing a field, or changing its type or
meaning, bumps it. Kept here so that ``cppsctl --version`` needs no other module."""

if TYPE_CHECKING:
    from typing import Any

    from cppsctl.analysis.filters import filter_actions, filter_contracts, get_action, get_contract, theme_counts
    from cppsctl.analysis.search import search
    from cppsctl.dataset.load import load, validate
    from cppsctl.errors import CppsError, DatasetError, Problem, UnknownIdError, UsageError
    from cppsctl.model import (
        Action,
        Contract,
        Dataset,
        Discrepancy,
        Erratum,
        Event,
        Inference,
        PartialDate,
        Priority,
        Source,
        Theme,
    )
    from cppsctl.output.records import action_record, contract_record

_EXPORTS = {
    "cppsctl.errors": ("CppsError", "DatasetError", "Problem", "UnknownIdError", "UsageError"),
    "cppsctl.dataset.load": ("load", "validate"),
    "cppsctl.model": (
        "Action", "Contract", "Dataset", "Discrepancy", "Erratum", "Event", "Inference", "PartialDate", "Priority",
        "Source", "Theme",
    ),
    "cppsctl.analysis.filters": ("filter_actions", "filter_contracts", "get_action", "get_contract", "theme_counts"),
    "cppsctl.analysis.search": ("search",),
    "cppsctl.output.records": ("action_record", "contract_record"),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "SCHEMA_VERSION",
    "Action",
    "Contract",
    "CppsError",
    "Dataset",
    "DatasetError",
    "Discrepancy",
    "Erratum",
    "Event",
    "Inference",
    "PartialDate",
    "Priority",
    "Problem",
    "Source",
    "Theme",
    "UnknownIdError",
    "UsageError",
    "__version__",
    "action_record",
    "contract_record",
    "filter_actions",
    "filter_contracts",
    "get_action",
    "get_contract",
    "load",
    "search",
    "theme_counts",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'cppsctl' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
