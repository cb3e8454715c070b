"""The JSON shape of every record: one place turns the model into plain data.

The shape is a public, versioned contract (README, "JSON fields"): fields are
only ever added within a schema version; renaming or removing one, or changing
its type, bumps :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from cppsctl.analysis.filters import theme_counts
from cppsctl.model import Action, Contract, Dataset, PartialDate, Priority, Source, Theme

if TYPE_CHECKING:  # only search loads the search module
    from cppsctl.analysis.search import Hit

SCHEMA_VERSION = 1

Record = dict[str, Any]

CONTRACT_FIELDS = (
    "id", "kind", "name", "arrondissement", "scope", "start_year", "end_year", "period", "signed_on",
    "priority_count", "action_count", "declared_action_count", "complete", "completeness", "source_url",
)  # fmt: skip
ACTION_FIELDS = (
    "id", "contract_id", "priority", "priority_title", "position", "title", "original_title",
    "themes", "declines", "continues",
)  # fmt: skip
HIT_FIELDS = ("kind", "id", "contract_id", "title", "score", "matched")
THEME_FIELDS = ("id", "label_fr", "label_en", "action_count", "counts")
SOURCE_FIELDS = ("id", "kind", "url", "title", "updated_on", "published_on", "note", "contracts")


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def contract_record(dataset: Dataset, contract: Contract) -> Record:
    primary = dataset.source(contract.sources[0]) if contract.sources else None
    return {
        "id": contract.id,
        "kind": contract.kind,
        "name": contract.name,
        "arrondissement": contract.arrondissement,
        "scope": contract.scope,
        "start_year": contract.start_year,
        "end_year": contract.end_year,
        "period": contract.period,
        "signed_on": _date(contract.signed_on),
        "priority_count": contract.priority_count,
        "action_count": contract.action_count,
        "declared_action_count": contract.declared_action_count,
        "complete": contract.complete,
        "completeness": contract.completeness,
        "source_url": primary.url if primary else None,
    }


def action_record(dataset: Dataset, action: Action) -> Record:
    return {
        "id": action.id,
        "contract_id": action.contract_id,
        "priority": action.priority,
        "priority_title": dataset.priority_of(action).title,
        "position": action.position,
        "title": action.title,
        "original_title": dataset.original_title(action.id),
        "themes": list(action.themes),
        "declines": list(action.declines),
        "continues": list(action.continues),
    }


def hit_record(hit: Hit) -> Record:
    """A search hit; ``matched`` is a list of ``{"query", "title_word", "how"}`` objects, one per query word.

    ``query`` is the query word and ``title_word`` the title word it matched,
    both folded (lower case, no accents, elision kept: ``"l'espace"``);
    ``how`` is ``"exact"``, ``"stem"`` or ``"prefix"``.
    """
    return {
        "kind": hit.kind,
        "id": hit.id,
        "contract_id": hit.contract_id,
        "title": hit.title,
        "score": hit.score,
        "matched": [{"query": m.query, "title_word": m.title_word, "how": m.how} for m in hit.matched],
    }


def theme_records(dataset: Dataset) -> list[Record]:
    counts = theme_counts(dataset)
    return [
        {
            "id": theme.id,
            "label_fr": theme.label_fr,
            "label_en": theme.label_en,
            "action_count": sum(counts[theme.id].values()),
            "counts": counts[theme.id],
        }
        for theme in dataset.themes
    ]


def citing_contracts(dataset: Dataset, source: Source) -> list[str]:
    """Ids of the contracts that cite ``source``: in their sources, events, errata or discrepancies."""
    out = []
    for contract in dataset.contracts:
        cited = {*contract.sources}
        cited.update(e.source for e in contract.events if e.source)
        cited.update(e.source for e in contract.errata if e.source)
        cited.update(d.source for d in contract.discrepancies if d.source)
        if source.id in cited:
            out.append(contract.id)
    return out


def source_record(dataset: Dataset, source: Source) -> Record:
    return {
        "id": source.id,
        "kind": source.kind,
        "url": source.url,
        "title": source.title,
        "updated_on": _date(source.updated_on),
        "published_on": _date(source.published_on),
        "note": source.note,
        "contracts": citing_contracts(dataset, source),
    }


def theme_record(theme: Theme) -> Record:
    return {"id": theme.id, "label_fr": theme.label_fr, "label_en": theme.label_en}


def priority_record(dataset: Dataset, priority: Priority) -> Record:
    return {
        "id": priority.id,
        "number": priority.number,
        "title": priority.title,
        "original_title": dataset.original_title(priority.id),
        "declared_action_count": priority.declared_action_count,
        "action_count": len(priority.actions),
        "complete": priority.complete,
        "actions": [action_record(dataset, a) for a in priority.actions],
    }


def contract_detail(dataset: Dataset, contract: Contract) -> Record:
    """Everything known about one contract (``show ID --format json``)."""
    sources = [dataset.source(s) for s in contract.sources]
    return {
        "schema_version": SCHEMA_VERSION,
        **contract_record(dataset, contract),
        "partners": list(contract.partners),
        "signatories": list(contract.signatories),
        "sources": [
            {**asdict(s), "updated_on": _date(s.updated_on), "published_on": _date(s.published_on)}
            for s in sources
            if s is not None
        ],
        "events": [{"date": str(e.date), "label": e.label, "source": e.source} for e in contract.events],
        "errata": [asdict(e) for e in contract.errata],
        "discrepancies": [asdict(d) for d in contract.discrepancies],
        "inferences": [asdict(i) for i in contract.inferences],
        "priorities": [priority_record(dataset, p) for p in contract.priorities],
    }


def action_detail(dataset: Dataset, action: Action) -> Record:
    """One action with its themes and its lineage in both directions (``show ACTION --format json``)."""
    declined_by = [a.id for a in dataset.actions if action.id in a.declines]
    continued_by = [a.id for a in dataset.actions if action.id in a.continues]
    return {
        "schema_version": SCHEMA_VERSION,
        **action_record(dataset, action),
        "contract": contract_record(dataset, dataset.contract_of(action)),
        "theme_labels": [theme_record(t) for t in (dataset.theme(i) for i in action.themes) if t is not None],
        "declined_by": declined_by,
        "continued_by": continued_by,
        "errata": [asdict(e) for e in dataset.contract_of(action).errata if e.target == action.id],
    }
