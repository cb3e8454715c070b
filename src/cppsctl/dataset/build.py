"""Turn validated raw TOML data into the frozen model (only called on valid data)."""

from __future__ import annotations

from typing import Any

from cppsctl.dataset.checks import action_positions
from cppsctl.dataset.read import Document
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


def _date(value: str | None) -> PartialDate | None:
    return None if value is None else PartialDate.parse(value)


def build_theme(raw: dict[str, Any]) -> Theme:
    return Theme(id=raw["id"], label_fr=raw["label_fr"], label_en=raw["label_en"], description=raw.get("description"))


def build_source(raw: dict[str, Any]) -> Source:
    return Source(
        id=raw["id"],
        url=raw["url"],
        kind=raw["kind"],
        title=raw.get("title"),
        updated_on=_date(raw.get("updated_on")),
        published_on=_date(raw.get("published_on")),
        note=raw.get("note"),
    )


def build_contract(raw: dict[str, Any]) -> Contract:
    cid: str = raw["id"]
    priorities = []
    for p in raw.get("priorities", []):
        number = p["number"]
        actions = tuple(
            Action(
                id=f"{cid}/{number}.{position}",
                contract_id=cid,
                priority=number,
                position=position,
                title=a["title"],
                themes=tuple(a["themes"]),
                declines=tuple(a.get("declines", ())),
                continues=tuple(a.get("continues", ())),
            )
            for _, a, position in action_positions(p)
        )
        priorities.append(
            Priority(
                id=f"{cid}/{number}",
                contract_id=cid,
                number=number,
                title=p["title"],
                declared_action_count=p.get("declared_action_count"),
                actions=actions,
            )
        )
    return Contract(
        id=cid,
        kind=raw["kind"],
        name=raw["name"],
        arrondissement=raw.get("arrondissement"),
        start_year=raw.get("start_year"),
        end_year=raw.get("end_year"),
        signed_on=_date(raw.get("signed_on")),
        declared_action_count=raw.get("declared_action_count"),
        complete=raw.get("complete", True),
        signature_confirmed=raw.get("signature_confirmed", True),
        partners=tuple(raw.get("partners", ())),
        signatories=tuple(raw.get("signatories", ())),
        sources=tuple(raw["sources"]),
        events=tuple(
            Event(date=PartialDate.parse(e["date"]), label=e["label"], source=e.get("source"))
            for e in raw.get("events", ())
        ),
        errata=tuple(
            Erratum(
                target=cid + (f"/{e['target']}" if e.get("target") else ""),
                field=e["field"],
                original=e["original"],
                corrected=e["corrected"],
                note=e.get("note"),
                source=e.get("source"),
            )
            for e in raw.get("errata", ())
        ),
        discrepancies=tuple(
            Discrepancy(
                field=d["field"],
                value=d["value"],
                alternative=d["alternative"],
                source=d.get("source"),
                note=d.get("note"),
            )
            for d in raw.get("discrepancies", ())
        ),
        inferences=tuple(Inference(field=i["field"], note=i["note"]) for i in raw.get("inferences", ())),
        priorities=tuple(priorities),
    )


def build_dataset(documents: list[Document]) -> Dataset:
    themes: dict[str, Theme] = {}
    sources: dict[str, Source] = {}
    contracts: list[Contract] = []
    for doc in documents:
        for raw in doc.data.get("themes", []):
            themes.setdefault(raw["id"], build_theme(raw))
        for raw in doc.data.get("sources", []):
            sources.setdefault(raw["id"], build_source(raw))
        contracts.extend(build_contract(raw) for raw in doc.data.get("contracts", []))
    return Dataset(contracts=tuple(contracts), themes=tuple(themes.values()), sources=tuple(sources.values()))
