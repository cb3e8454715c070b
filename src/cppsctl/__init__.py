"""cppsctl: query the prevention and security contracts of the City of Paris.

>>> import cppsctl
>>> dataset = cppsctl.load()                      # the bundled dataset
>>> [c.id for c in cppsctl.filter_contracts(dataset, arrondissements=[11])]
['cpsa-11-2016-2020', 'cpsa-11-2022-2026']
"""

from __future__ import annotations

__version__ = "1.0.0"

from cppsctl.errors import CppsError, DatasetError, Problem, UnknownIdError, UsageError
from cppsctl.loader import load, validate
from cppsctl.models import (
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
from cppsctl.query import filter_actions, filter_contracts, get_action, get_contract, search, theme_counts
from cppsctl.records import SCHEMA_VERSION, action_record, contract_record

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
