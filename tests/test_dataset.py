"""The bundled dataset: exactly what the mairie11 page says, plus reviewed editorial layers."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import cppsctl
from cppsctl.resources import bundled_dataset_path, schema_path
from tests.conftest import SOURCES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAIRIE11 = SOURCES / "mairie11-contrat-prevention-securite.txt"

EXPECTED = {
    # id: (kind, arrondissement, start, end, signed_on, per-priority counts)
    # (the CPPS's signature date is not on the mairie11 page: it comes from leads/, see test_leads.py)
    "cpps-2015-2020": ("CPPS", None, 2015, 2020, "2015-05-05", (7, 11, 14)),
    "cpsa-11-2016-2020": ("CPSA", 11, 2016, 2020, "2016-11-23", (3, 2, 4)),
    "cpsa-11-2022-2026": ("CPSA", 11, 2022, 2026, "2023-03-21", (3, 2, 2)),
}


def page_bullets() -> list[str]:
    """Every fiche-action title of the page, in page order, as published."""
    text = MAIRIE11.read_text(encoding="utf-8")
    return [re.sub(r"(\xa0;|\.)$", "", line[4:]) for line in text.splitlines() if line.startswith("  • ")]


@pytest.mark.parametrize("contract_id", list(EXPECTED))
def test_contract_facts(dataset: cppsctl.Dataset, contract_id: str) -> None:
    kind, arrondissement, start, end, signed, counts = EXPECTED[contract_id]
    contract = cppsctl.get_contract(dataset, contract_id)
    assert (contract.kind, contract.arrondissement, contract.start_year, contract.end_year) == (
        kind,
        arrondissement,
        start,
        end,
    )
    assert (str(contract.signed_on) if contract.signed_on else None) == signed
    assert tuple(len(p.actions) for p in contract.priorities) == counts
    assert tuple(p.declared_action_count for p in contract.priorities) == counts
    assert contract.declared_action_count == sum(counts)
    assert [p.number for p in contract.priorities] == [1, 2, 3]


def test_action_ids_follow_priority_and_position(dataset: cppsctl.Dataset) -> None:
    for contract in dataset.contracts:
        for priority in contract.priorities:
            positions = [a.position for a in priority.actions]
            assert positions == sorted(set(positions))
            if contract.complete:
                assert positions == list(range(1, len(positions) + 1))
            for action in priority.actions:
                assert action.id == f"{contract.id}/{priority.number}.{action.position}"


@pytest.mark.skipif(not MAIRIE11.exists(), reason="../shared/sources is not beside the checkout")
def test_titles_are_the_page_titles_modulo_recorded_errata(dataset: cppsctl.Dataset) -> None:
    ours = [
        a
        for c in dataset.contracts
        if c.sources == ("mairie11-9966",) or "mairie11-9966" in c.sources
        for a in c.actions
        if c.id in EXPECTED
    ]
    published = [dataset.original_title(a.id) or a.title for a in ours]
    assert published == page_bullets()
    corrected = [a for a in ours if dataset.original_title(a.id)]
    assert {a.id for a in corrected} == {"cpsa-11-2016-2020/3.4", "cpsa-11-2022-2026/1.2"}


@pytest.mark.skipif(not MAIRIE11.exists(), reason="../shared/sources is not beside the checkout")
def test_priority_titles_and_errata_originals_are_in_the_page(dataset: cppsctl.Dataset) -> None:
    page = MAIRIE11.read_text(encoding="utf-8")
    for contract_id in EXPECTED:
        contract = cppsctl.get_contract(dataset, contract_id)
        for priority in contract.priorities:
            assert f"{priority.number}. {priority.title} (" in page
        for erratum in (e for e in contract.errata if e.source == "mairie11-9966"):
            assert erratum.original in page, erratum
            assert erratum.corrected not in page, erratum


def test_known_slips_are_recorded_with_their_original(dataset: cppsctl.Dataset) -> None:
    errata = {(e.target, e.field): e for c in dataset.contracts for e in c.errata}
    heading = errata["cpsa-11-2022-2026", "heading"]
    assert heading.original.endswith("2022-2020") and heading.corrected.endswith("2022-2026")
    sauvette = errata["cpsa-11-2016-2020/3.4", "title"]
    assert "ventes a la sauvette" in sauvette.original and "ventes à la sauvette" in sauvette.corrected
    direction = errata["cpsa-11-2022-2026/1.2", "title"]
    assert "la\xa0;Direction" in direction.original and "la Direction" in direction.corrected


def test_typography_is_kept(dataset: cppsctl.Dataset) -> None:
    cenomed = cppsctl.get_action(dataset, "cpps-2015-2020/1.3").title
    assert "«\xa0mineurs en difficulté\xa0»" in cenomed and "d’échanges" in cenomed
    assert "l'espace" in cppsctl.get_action(dataset, "cpsa-11-2022-2026/3.2").title  # straight, as published


def test_every_action_has_a_known_theme_and_valid_links(dataset: cppsctl.Dataset) -> None:
    theme_ids = {t.id for t in dataset.themes}
    for action in dataset.actions:
        assert action.themes and set(action.themes) <= theme_ids
        for link in action.declines:
            assert dataset.contract_of(cppsctl.get_action(dataset, link)).arrondissement is None
        for link in action.continues:
            target = dataset.contract_of(cppsctl.get_action(dataset, link))
            assert target.arrondissement == dataset.contract_of(action).arrondissement


def test_eleventh_lineage(dataset: cppsctl.Dataset) -> None:
    """The links a careful reader agrees with: CENOMED, night life, the drug-trafficking merge."""
    assert cppsctl.get_action(dataset, "cpsa-11-2022-2026/1.1").continues == ("cpsa-11-2016-2020/1.1",)
    assert cppsctl.get_action(dataset, "cpsa-11-2022-2026/3.1").continues == ("cpsa-11-2016-2020/3.1",)
    assert "cpsa-11-2016-2020/3.3" in cppsctl.get_action(dataset, "cpsa-11-2022-2026/3.2").continues
    assert cppsctl.get_action(dataset, "cpsa-11-2016-2020/1.1").declines == ("cpps-2015-2020/1.3",)


def test_the_toml_validates_against_the_shipped_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = tomllib.loads(bundled_dataset_path().read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_the_toml_references_its_schema_for_editors() -> None:
    first = bundled_dataset_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./contracts.schema.json"
    assert (Path(bundled_dataset_path()).parent / "contracts.schema.json").is_file()
