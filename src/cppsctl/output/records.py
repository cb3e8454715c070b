"""The JSON shape of every record: one ``TypedDict`` each, built field by field from the model.

The shapes are a public, versioned contract (docs/json.md, generated from the
``TypedDict`` classes and their ``*_DOCS``): fields are only ever added within
a schema version; renaming or removing one, or changing its type, bumps
:data:`SCHEMA_VERSION`. Field lists (``--fields``, CSV headers) are derived from
the ``TypedDict`` classes, never written twice. :data:`IN_JSON` says, for every
field of every model class, which record carries it: a test fails when a model
field is added without that decision.
"""

from typing import TYPE_CHECKING, TypedDict

from cppsctl import SCHEMA_VERSION
from cppsctl.analysis import known
from cppsctl.analysis.filters import theme_counts
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

if TYPE_CHECKING:  # only search loads the search module, only show ACTION the lineage
    from cppsctl.analysis.lineage import Lineage
    from cppsctl.analysis.search import Hit


def fields_of(shape: type) -> tuple[str, ...]:
    """The fields of a record shape, in order."""
    return tuple(shape.__annotations__)


class ContractRecord(TypedDict):
    id: str
    kind: str
    name: str
    arrondissement: int | None
    scope: str
    start_year: int | None
    end_year: int | None
    period: str
    signed_on: str | None
    signature_confirmed: bool
    earliest_start: int | None
    latest_end: int | None
    in_force: str | None
    inferred: list[str]
    priority_count: int | None
    action_count: int | None
    declared_action_count: int | None
    complete: bool
    completeness: str
    source_url: str | None


CONTRACT_DOCS = {
    "id": "stable id, e.g. `cpsa-11-2022-2026`",
    "kind": "`CPPS`, `CPSA`, `CPS`, `CLS` or `CSA`",
    "name": "the contract's name as the source gives it",
    "arrondissement": "1 to 20; null for a Paris-wide contract",
    "scope": "`Paris` or the arrondissement as `11e` (`1er`)",
    "start_year": "first year of the period; null where not known",
    "end_year": "last year of the period; null where not known",
    "period": "`2016-2020`, with `?` for an unknown bound",
    "signed_on": "signature date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`",
    "signature_confirmed": "false when the contract was announced for signature but no source confirms it was signed",
    "earliest_start": "the first year it may have been in force: `start_year`, else the signature year, else the"
    " start of the Paris-wide contract it declines (derived); null when not known",
    "latest_end": "the last year it may have been in force: `end_year`, else the start of the next contract of its"
    " scope (derived); null when open",
    "in_force": "with `--active-in YEAR`: `yes` (certainly in force that year) or `possibly`; null otherwise",
    "inferred": "the fields whose value is an inference of the dataset's editors or a derivation"
    " (`earliest_start`, `latest_end`); empty when none",
    "priority_count": "priorities listed; null when a partly known contract lists none (unknown, not zero)",
    "action_count": "fiches-actions listed; null when a partly known contract lists none (unknown, not zero)",
    "declared_action_count": "fiches-actions the source says the contract has",
    "complete": "false when only part of the actions is known",
    "completeness": "`9 actions`, or `7 of 31 actions known` for a partly known contract",
    "source_url": "address of the primary source",
}


class ActionRecord(TypedDict):
    id: str
    contract_id: str
    priority: int
    priority_title: str
    position: int
    title: str
    original_title: str | None
    themes: list[str]
    declines: list[str]
    continues: list[str]
    contract_kind: str
    arrondissement: int | None
    scope: str
    start_year: int | None
    end_year: int | None
    in_force: str | None


ACTION_DOCS = {
    "id": "`<contract id>/<priority>.<position>`, e.g. `cpsa-11-2022-2026/3.2`",
    "contract_id": "the contract's id",
    "priority": "the priority's number",
    "priority_title": "the priority's title",
    "position": "the action's number within its priority",
    "title": "the title, exactly as published (corrected where the source slipped)",
    "original_title": "the title as published, when the dataset corrected it",
    "themes": "theme ids (`cppsctl themes`)",
    "declines": "ids of the Paris-wide actions this action declines",
    "continues": "ids of its predecessors in the previous contract of its scope",
    "contract_kind": "its contract's kind",
    "arrondissement": "its contract's arrondissement; null for a Paris-wide contract",
    "scope": "its contract's scope: `Paris` or `11e`",
    "start_year": "its contract's first year; null where not known",
    "end_year": "its contract's last year; null where not known",
    "in_force": "with `--active-in YEAR`: whether its contract was in force that year, `yes` or `possibly`;"
    " null otherwise",
}


class MatchRecord(TypedDict):
    query: str
    title_word: str
    how: str


class HitRecord(TypedDict):
    kind: str
    id: str
    contract_id: str
    title: str
    score: float
    matched: list[MatchRecord]


HIT_DOCS = {
    "kind": "`contract`, `priority` or `action`",
    "id": "the id of what was found",
    "contract_id": "the contract it belongs to",
    "title": "the text that matched: a contract's name and period, a priority's or an action's title",
    "score": "BM25 relevance (0 or more, higher is better, comparable within one search); results come best first",
    "matched": "why it matched: one object per query word, `query` (the word, folded), `title_word` (the title's"
    " word it matched) and `how` (`exact`, `stem` or `prefix`)",
}


class ThemeRecord(TypedDict):
    id: str
    label_fr: str
    label_en: str
    action_count: int
    counts: dict[str, int | None]


THEME_DOCS = {
    "id": "the theme's id",
    "label_fr": "its French label",
    "label_en": "its English label",
    "action_count": "known actions with the theme, in every contract (at least that many)",
    "counts": "contract id → number of its actions with the theme; for a partly known contract at least that many,"
    " and null (unknown, not zero) when it lists none",
}


class SourceRecord(TypedDict):
    id: str
    kind: str
    url: str
    title: str | None
    updated_on: str | None
    published_on: str | None
    note: str | None
    contracts: list[str]


SOURCE_DOCS = {
    "id": "the source's id",
    "kind": "`official-page`, `press-release`, `council-record`, `press-article`, `third-party-copy`,"
    " `association-blog`, `blog` or `political-group`",
    "url": "its address",
    "title": "its title",
    "updated_on": 'the page\'s own "Mise à jour" date',
    "published_on": "its publication date",
    "note": "what it is and how far it was read",
    "contracts": "ids of the contracts whose facts it supports",
}

# --- nested records of the detailed views --------------------------------------------------------


class ThemeLabel(TypedDict):
    id: str
    label_fr: str
    label_en: str


class SourceDetail(TypedDict):
    id: str
    url: str
    kind: str
    title: str | None
    updated_on: str | None
    published_on: str | None
    note: str | None


class EventRecord(TypedDict):
    date: str
    label: str
    source: str | None


class ErratumRecord(TypedDict):
    target: str
    field: str
    original: str
    corrected: str
    note: str | None
    source: str | None


class DiscrepancyRecord(TypedDict):
    field: str
    value: str
    alternative: str
    source: str | None
    note: str | None


class InferenceRecord(TypedDict):
    field: str
    note: str


class PriorityRecord(TypedDict):
    id: str
    number: int
    title: str
    original_title: str | None
    declared_action_count: int | None
    action_count: int
    complete: bool | None
    actions: list[ActionRecord]


class ContractDetail(ContractRecord):
    schema_version: int
    partners: list[str]
    signatories: list[str]
    sources: list[SourceDetail]
    events: list[EventRecord]
    errata: list[ErratumRecord]
    discrepancies: list[DiscrepancyRecord]
    inferences: list[InferenceRecord]
    priorities: list[PriorityRecord]


class ActionDetail(ActionRecord):
    schema_version: int
    contract: ContractRecord
    theme_labels: list[ThemeLabel]
    declined_by: list[str]
    continued_by: list[str]
    errata: list[ErratumRecord]


CONTRACT_FIELDS = fields_of(ContractRecord)
ACTION_FIELDS = fields_of(ActionRecord)
HIT_FIELDS = fields_of(HitRecord)
THEME_FIELDS = fields_of(ThemeRecord)
SOURCE_FIELDS = fields_of(SourceRecord)

IN_JSON: dict[type, dict[str, str]] = {
    # model field -> the record that carries it (and the record field, where its name differs)
    Contract: {
        "id": "ContractRecord", "kind": "ContractRecord", "name": "ContractRecord",
        "arrondissement": "ContractRecord", "start_year": "ContractRecord", "end_year": "ContractRecord",
        "signed_on": "ContractRecord", "declared_action_count": "ContractRecord", "complete": "ContractRecord",
        "signature_confirmed": "ContractRecord",
        "partners": "ContractDetail", "signatories": "ContractDetail", "sources": "ContractDetail",
        "events": "ContractDetail", "errata": "ContractDetail", "discrepancies": "ContractDetail",
        "inferences": "ContractDetail", "priorities": "ContractDetail",
    },
    Priority: {
        "id": "PriorityRecord", "contract_id": "implied by the contract holding it", "number": "PriorityRecord",
        "title": "PriorityRecord", "declared_action_count": "PriorityRecord", "actions": "PriorityRecord",
    },
    Action: {
        "id": "ActionRecord", "contract_id": "ActionRecord", "priority": "ActionRecord", "position": "ActionRecord",
        "title": "ActionRecord", "themes": "ActionRecord", "declines": "ActionRecord", "continues": "ActionRecord",
    },
    Theme: {"id": "ThemeRecord", "label_fr": "ThemeRecord", "label_en": "ThemeRecord",
            "description": "not in the JSON: the SQLite export's themes table has it"},
    Source: {"id": "SourceRecord", "url": "SourceRecord", "kind": "SourceRecord", "title": "SourceRecord",
             "updated_on": "SourceRecord", "published_on": "SourceRecord", "note": "SourceRecord"},
    Event: {"date": "EventRecord", "label": "EventRecord", "source": "EventRecord"},
    Erratum: {"target": "ErratumRecord", "field": "ErratumRecord", "original": "ErratumRecord",
              "corrected": "ErratumRecord", "note": "ErratumRecord", "source": "ErratumRecord"},
    Discrepancy: {"field": "DiscrepancyRecord", "value": "DiscrepancyRecord", "alternative": "DiscrepancyRecord",
                  "source": "DiscrepancyRecord", "note": "DiscrepancyRecord"},
    Inference: {"field": "InferenceRecord", "note": "InferenceRecord"},
    Dataset: {"contracts": "a ContractRecord each (list)", "themes": "a ThemeRecord each (themes)",
              "sources": "a SourceRecord each (sources)"},
}  # fmt: skip


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def contract_record(dataset: Dataset, contract: Contract, year: int | None = None) -> ContractRecord:
    """A contract's record; ``year`` (``--active-in``) fills ``in_force``."""
    primary = dataset.source(contract.sources[0]) if contract.sources else None
    facts = known.facts(dataset, contract)
    return ContractRecord(
        id=contract.id,
        kind=contract.kind,
        name=contract.name,
        arrondissement=contract.arrondissement,
        scope=contract.scope,
        start_year=contract.start_year,
        end_year=contract.end_year,
        period=contract.period,
        signed_on=_date(contract.signed_on),
        signature_confirmed=contract.signature_confirmed,
        earliest_start=facts.earliest.year,
        latest_end=facts.latest.year,
        in_force=None if year is None else facts.in_force(year),
        inferred=list(facts.inferred),
        priority_count=known.listed_count(contract, contract.priority_count),
        action_count=known.listed_count(contract, contract.action_count),
        declared_action_count=contract.declared_action_count,
        complete=contract.complete,
        completeness=contract.completeness,
        source_url=primary.url if primary else None,
    )


def action_record(dataset: Dataset, action: Action, year: int | None = None) -> ActionRecord:
    """An action's record, with its contract's context; ``year`` (``--active-in``) fills ``in_force``."""
    contract = dataset.contract_of(action)
    return ActionRecord(
        id=action.id,
        contract_id=action.contract_id,
        priority=action.priority,
        priority_title=dataset.priority_of(action).title,
        position=action.position,
        title=action.title,
        original_title=dataset.original_title(action.id),
        themes=list(action.themes),
        declines=list(action.declines),
        continues=list(action.continues),
        contract_kind=contract.kind,
        arrondissement=contract.arrondissement,
        scope=contract.scope,
        start_year=contract.start_year,
        end_year=contract.end_year,
        in_force=None if year is None else known.facts(dataset, contract).in_force(year),
    )


def hit_record(hit: "Hit") -> HitRecord:
    return HitRecord(
        kind=hit.kind,
        id=hit.id,
        contract_id=hit.contract_id,
        title=hit.title,
        score=hit.score,
        matched=[MatchRecord(query=m.query, title_word=m.title_word, how=m.how) for m in hit.matched],
    )


def theme_records(dataset: Dataset) -> list[ThemeRecord]:
    counts = theme_counts(dataset)
    return [
        ThemeRecord(
            id=theme.id,
            label_fr=theme.label_fr,
            label_en=theme.label_en,
            action_count=sum(counts[theme.id].values()),
            counts={c.id: known.listed_count(c, counts[theme.id][c.id]) for c in dataset.contracts},
        )
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


def source_record(dataset: Dataset, source: Source) -> SourceRecord:
    return SourceRecord(
        id=source.id,
        kind=source.kind,
        url=source.url,
        title=source.title,
        updated_on=_date(source.updated_on),
        published_on=_date(source.published_on),
        note=source.note,
        contracts=citing_contracts(dataset, source),
    )


def theme_label(theme: Theme) -> ThemeLabel:
    return ThemeLabel(id=theme.id, label_fr=theme.label_fr, label_en=theme.label_en)


def _source_detail(source: Source) -> SourceDetail:
    return SourceDetail(
        id=source.id,
        url=source.url,
        kind=source.kind,
        title=source.title,
        updated_on=_date(source.updated_on),
        published_on=_date(source.published_on),
        note=source.note,
    )


def _erratum(erratum: Erratum) -> ErratumRecord:
    return ErratumRecord(
        target=erratum.target,
        field=erratum.field,
        original=erratum.original,
        corrected=erratum.corrected,
        note=erratum.note,
        source=erratum.source,
    )


def priority_record(dataset: Dataset, priority: Priority) -> PriorityRecord:
    return PriorityRecord(
        id=priority.id,
        number=priority.number,
        title=priority.title,
        original_title=dataset.original_title(priority.id),
        declared_action_count=priority.declared_action_count,
        action_count=len(priority.actions),
        complete=priority.complete,
        actions=[action_record(dataset, a) for a in priority.actions],
    )


def contract_detail(dataset: Dataset, contract: Contract) -> ContractDetail:
    """Everything known about one contract (``show ID --format json``)."""
    sources = [s for s in (dataset.source(i) for i in contract.sources) if s is not None]
    return ContractDetail(
        schema_version=SCHEMA_VERSION,
        **contract_record(dataset, contract),
        partners=list(contract.partners),
        signatories=list(contract.signatories),
        sources=[_source_detail(s) for s in sources],
        events=[EventRecord(date=str(e.date), label=e.label, source=e.source) for e in contract.events],
        errata=[_erratum(e) for e in contract.errata],
        discrepancies=[
            DiscrepancyRecord(field=d.field, value=d.value, alternative=d.alternative, source=d.source, note=d.note)
            for d in contract.discrepancies
        ],
        inferences=[InferenceRecord(field=i.field, note=i.note) for i in contract.inferences],
        priorities=[priority_record(dataset, p) for p in contract.priorities],
    )


def action_detail(dataset: Dataset, action: Action, lineage: "Lineage | None" = None) -> ActionDetail:
    """One action with its themes and its lineage in both directions (``show ACTION --format json``)."""
    from cppsctl.analysis.lineage import Lineage

    links = lineage if lineage is not None else Lineage(dataset)
    return ActionDetail(
        schema_version=SCHEMA_VERSION,
        **action_record(dataset, action),
        contract=contract_record(dataset, dataset.contract_of(action)),
        theme_labels=[theme_label(t) for t in (dataset.theme(i) for i in action.themes) if t is not None],
        declined_by=[a.id for a in links.declined_by[action.id]],
        continued_by=[a.id for a in links.continued_by[action.id]],
        errata=[_erratum(e) for e in dataset.contract_of(action).errata if e.target == action.id],
    )
