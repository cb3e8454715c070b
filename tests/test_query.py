"""The library's pure query functions: filters and search."""

from __future__ import annotations

from pathlib import Path

import pytest

import cppsctl
from cppsctl.analysis.filters import filter_actions, filter_contracts
from cppsctl.analysis.search import search
from cppsctl.cli.common import parse_scope
from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.text import fold, words
from tests.conftest import MINIMAL, write


def ids(items: list[cppsctl.Action] | list[cppsctl.Contract]) -> list[str]:
    return [i.id for i in items]


def test_fold_ignores_case_accents_ligatures_apostrophes_and_spaces() -> None:
    assert fold("L’ŒUVRE\u00a0des  Étés") == "l'oeuvre des etes"
    assert fold("«\u00a0mineurs\u202fen difficulté\u00a0»") == "« mineurs en difficulte »"
    assert words("l’espace public") == words("L'ESPACE  public") == ["l'espace", "public"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stupefiants", "cpps-2015-2020/3.4"),
        ("STUPÉFIANTS", "cpps-2015-2020/3.4"),
        ("l'espace commun", "cpps-2015-2020/3.7"),
        ("l’espace commun", "cpps-2015-2020/3.7"),
        ("mineurs en difficulte", "cpps-2015-2020/1.3"),
        ("vie nocturne", "cpps-2015-2020/3.14"),
    ],
)
def test_search_finds_regardless_of_typography(dataset: cppsctl.Dataset, query: str, expected: str) -> None:
    assert expected in [h.id for h in search(dataset, query)]


def test_search_ligatures(tmp_path: Path) -> None:
    dataset = cppsctl.load(write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", "Mettre en œuvre l’Œil")))
    assert [h.id for h in search(dataset, "oeuvre")] == ["cpps-2030-2035/1.1"]
    assert [h.id for h in search(dataset, "Œuvre oeil")] == ["cpps-2030-2035/1.1"]


def test_search_requires_every_word_and_ranks_whole_words_first(dataset: cppsctl.Dataset) -> None:
    hits = search(dataset, "trafics stupefiants espace")
    assert [h.id for h in hits] == ["cpsa-11-2022-2026/3.2"]
    ranked = search(dataset, "nocturne")
    assert {h.id for h in ranked} == {a.id for a in dataset.actions if "nocturne" in a.title}
    partial = search(dataset, "noct")
    assert all(h.score < ranked[0].score for h in partial)


def test_search_covers_contracts_and_priorities(dataset: cppsctl.Dataset) -> None:
    kinds = {h.kind for h in search(dataset, "tranquillité")}
    assert {"priority", "action"} <= kinds
    contracts = [h.id for h in search(dataset, "contrat parisien prevention", kinds=["contract"])]
    assert "cpps-2015-2020" in contracts
    assert all(cppsctl.get_contract(dataset, c).arrondissement is None for c in contracts)


def test_empty_search_is_a_usage_error(dataset: cppsctl.Dataset) -> None:
    with pytest.raises(UsageError, match="empty search"):
        search(dataset, " ’ ")


def test_filter_contracts(dataset: cppsctl.Dataset) -> None:
    eleventh = filter_contracts(dataset, arrondissements=[11])
    assert ids(eleventh) == ["cpsa-11-2016-2020", "cpsa-11-2022-2026"]
    assert ids(filter_contracts(dataset, kinds=["CPSA"], arrondissements=[11])) == ids(eleventh)
    assert "cpps-2015-2020" in ids(filter_contracts(dataset, arrondissements=[None]))
    assert ids(filter_contracts(dataset, arrondissements=[11], active_in=2021)) == []
    assert ids(filter_contracts(dataset, ids=["cpps-2015-2020", "cpsa-11-2016-2020"], active_in=2020)) == [
        "cpps-2015-2020",
        "cpsa-11-2016-2020",
    ]
    with pytest.raises(UnknownIdError, match=r"unknown kind 'CPAS' \(did you mean 'CPS' or 'CPSA' or 'CPPS'\?\)"):
        filter_contracts(dataset, kinds=["CPAS"])


def test_filter_actions(dataset: cppsctl.Dataset) -> None:
    assert len(filter_actions(dataset)) == sum(c.action_count for c in dataset.contracts)
    assert ids(filter_actions(dataset, contracts=["cpsa-11-2022-2026"], priorities=[3])) == [
        "cpsa-11-2022-2026/3.1",
        "cpsa-11-2022-2026/3.2",
    ]
    night = filter_actions(dataset, themes=["night-life"], arrondissements=[None, 11])
    assert ids(night) == ["cpps-2015-2020/3.14", "cpsa-11-2016-2020/3.1", "cpsa-11-2022-2026/3.1"]
    assert ids(filter_actions(dataset, themes=["night-life"], arrondissements=[11], active_in=2024)) == [
        "cpsa-11-2022-2026/3.1"
    ]
    assert ids(filter_actions(dataset, text="stupefiants", kinds=["CPPS"])) == ["cpps-2015-2020/3.4"]
    with pytest.raises(UnknownIdError, match=r"unknown theme 'nightlife' \(did you mean 'night-life'"):
        filter_actions(dataset, themes=["nightlife"])
    with pytest.raises(UnknownIdError, match="unknown contract 'cpsa-11-2016'"):
        filter_actions(dataset, contracts=["cpsa-11-2016"])


def test_filters_compose(dataset: cppsctl.Dataset) -> None:
    both = filter_actions(dataset, themes=["youth"], text="prevenir")
    one_then_other = [
        a for a in filter_actions(dataset, themes=["youth"]) if a in filter_actions(dataset, text="prevenir")
    ]
    assert both == one_then_other and both


@pytest.mark.parametrize(("text", "value"), [("11", 11), ("11e", 11), ("1er", 1), ("paris", None), ("Paris", None)])
def test_parse_scope(text: str, value: int | None) -> None:
    assert parse_scope(text) == value


def test_parse_scope_rejects_nonsense() -> None:
    with pytest.raises(UsageError, match="invalid arrondissement '21'"):
        parse_scope("21")
