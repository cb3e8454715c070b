"""Search ranks by BM25 with a phrase and a title-start bonus, says why each hit matched, and agrees with --search."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.analysis import search as search_module
from cppsctl.analysis.filters import filter_actions
from cppsctl.analysis.search import K1, PHRASE_BONUS, PREFIX_WEIGHT, START_BONUS, B, Match, search
from cppsctl.text import fold, words
from tests.conftest import MINIMAL, write

JsonRun = Callable[..., Any]
SAUVETTE_CPPS = "cpps-2015-2020/3.6"  # « Lutter contre la vente à la sauvette et ... »
SAUVETTE_CPSA = "cpsa-11-2016-2020/3.4"  # « Lutter contre les ventes à la sauvette et ... »


def test_ventes_a_la_sauvette_finds_the_cpps_action_first(dataset: cppsctl.Dataset) -> None:
    hits = search(dataset, "ventes a la sauvette")
    assert [h.id for h in hits[:2]] == [SAUVETTE_CPPS, SAUVETTE_CPSA]
    assert hits[0].score > max(h.score for h in hits[1:])
    assert hits[0].matched == (
        Match("ventes", "vente", "stem"),
        Match("a", "a", "exact"),
        Match("la", "la", "exact"),
        Match("sauvette", "sauvette", "exact"),
    )
    assert hits[1].matched[0] == Match("ventes", "ventes", "exact")


def test_ventes_a_la_sauvette_from_the_command_line(invoke_json: JsonRun) -> None:
    records = invoke_json("search", "ventes", "a", "la", "sauvette")
    assert records[0]["id"] == SAUVETTE_CPPS
    assert records[0]["score"] > max(r["score"] for r in records[1:])
    assert records[0]["matched"] == [
        {"query": "ventes", "title_word": "vente", "how": "stem"},
        {"query": "a", "title_word": "a", "how": "exact"},
        {"query": "la", "title_word": "la", "how": "exact"},
        {"query": "sauvette", "title_word": "sauvette", "how": "exact"},
    ]
    assert [r["id"] for r in invoke_json("actions", "--search", "ventes a la sauvette")] == [
        SAUVETTE_CPPS,
        SAUVETTE_CPSA,
    ]


@pytest.mark.parametrize("query", ["prevenir", "stupefiants", "jeunes", "l'espace", "delinquance", "vie nocturne"])
def test_top_scores_are_not_all_equal(dataset: cppsctl.Dataset, query: str) -> None:
    scores = [h.score for h in search(dataset, query)[:6]]
    assert len(scores) >= 3 and len(set(scores)) > 1, scores
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(s, float) and s > 0 for s in scores)


def small(tmp_path: Path, first: str, second: str) -> cppsctl.Dataset:
    text = MINIMAL.replace("Promouvoir la citoyenneté", first).replace("Prévenir l’absentéisme scolaire", second)
    return cppsctl.load(write(tmp_path, text))


def test_the_score_is_bm25_as_documented(tmp_path: Path) -> None:
    dataset = small(tmp_path, "Prévenir et réduire les risques", "Réduire la récidive et prévenir les risques")
    titles = [  # every title searched: the contract (name and period), the priority, the actions
        "Contrat Parisien de Prévention et de Sécurité 2030-2035",
        "Prévenir la délinquance des jeunes",
        "Prévenir et réduire les risques",
        "Réduire la récidive et prévenir les risques",
    ]
    mean = sum(len(fold(t)) for t in titles) / len(titles)
    idf = math.log(1 + (4 - 3 + 0.5) / (3 + 0.5))  # three titles have "prévenir"

    def bm25(title: str, tf: float = 1.0) -> float:
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(fold(title)) / mean))

    scores = {h.title: h.score for h in search(dataset, "prevenir")}
    assert scores == {
        titles[1]: round(bm25(titles[1]) * (1 + START_BONUS), 4),
        titles[2]: round(bm25(titles[2]) * (1 + START_BONUS), 4),
        titles[3]: round(bm25(titles[3]), 4),
    }
    assert [h.title for h in search(dataset, "prevenir")] == [titles[2], titles[1], titles[3]]  # shortest first
    prefix = {h.title: h.score for h in search(dataset, "preven")}  # now prevention matches too, by prefix
    idf = math.log(1 + (4 - 4 + 0.5) / (4 + 0.5))
    assert prefix[titles[3]] == round(bm25(titles[3], PREFIX_WEIGHT), 4)
    assert prefix[titles[0]] == round(bm25(titles[0], PREFIX_WEIGHT), 4)  # "Contrat ...": no start bonus


def test_the_title_start_bonus(tmp_path: Path) -> None:
    dataset = small(tmp_path, "Prévenir et réduire les risques", "Réduire et prévenir les risques")  # same length
    first, second = (h for h in search(dataset, "prevenir", kinds=["action"]))
    assert first.title.startswith("Prévenir") and second.title.startswith("Réduire")
    assert first.score == pytest.approx(second.score * (1 + START_BONUS), abs=1e-3)


def test_the_phrase_bonus(dataset: cppsctl.Dataset) -> None:
    in_order = {h.id: h.score for h in search(dataset, "vie nocturne")}
    reversed_ = {h.id: h.score for h in search(dataset, "nocturne vie")}
    assert in_order.keys() == reversed_.keys()
    for ident, score in in_order.items():  # the same words, so only the phrase bonus differs
        assert score == pytest.approx(reversed_[ident] * (1 + PHRASE_BONUS), abs=1e-3)


def test_whole_words_rank_above_prefixes(dataset: cppsctl.Dataset) -> None:
    ranked = search(dataset, "nocturne")
    partial = search(dataset, "noct")
    assert [h.id for h in partial] == [h.id for h in ranked]
    assert all(p.score < r.score for p, r in zip(partial, ranked, strict=True))
    assert {m.how for h in partial for m in h.matched} == {"prefix"}


def test_ties_keep_dataset_order(dataset: cppsctl.Dataset) -> None:
    hits = search(dataset, "stupefiants")
    order = {a.id: n for n, a in enumerate(dataset.actions)}
    tied = [h for h in hits if h.score == hits[0].score]
    assert len(tied) >= 2
    assert [h.id for h in tied] == sorted((h.id for h in tied), key=order.__getitem__)


def test_stopwords_match_only_themselves(dataset: cppsctl.Dataset) -> None:
    hits = search(dataset, "des")
    assert hits and all("des" in words(h.title) for h in hits)  # not descolarisation, not de
    assert all(h.matched == (Match("des", "des", "exact"),) for h in hits)


def test_a_typed_elision_must_be_there(dataset: cppsctl.Dataset) -> None:
    with_elision = {h.id for h in search(dataset, "l'espace")}
    bare = {h.id for h in search(dataset, "espace")}
    assert with_elision < bare  # "espace" also finds "Espace public" and "espaces"
    assert all("l'espace" in words(h.title) for h in search(dataset, "l’espace"))


def test_matched_explains_every_query_word(dataset: cppsctl.Dataset) -> None:
    for text in ("ventes a la sauvette", "jeune", "sociale", "noct vie", "l'espace public", "mineur mineurs"):
        query = list(dict.fromkeys(words(text)))
        for hit in search(dataset, text):
            assert [m.query for m in hit.matched] == query
            assert all(m.title_word in words(hit.title) and m.how in ("exact", "stem", "prefix") for m in hit.matched)


@pytest.mark.parametrize("text", ["ventes", "jeune", "sociale", "mineur", "publique", "luttes", "l'espace", "de la"])
def test_actions_search_finds_what_search_finds(dataset: cppsctl.Dataset, text: str) -> None:
    found = [a.id for a in filter_actions(dataset, text=text)]
    assert found, text
    assert sorted(found) == sorted(h.id for h in search(dataset, text, kinds=["action"]))


def test_inflected_queries_find_more_than_the_exact_words(dataset: cppsctl.Dataset) -> None:
    assert (
        {h.id for h in search(dataset, "vente")}
        == {h.id for h in search(dataset, "ventes")}
        >= {
            SAUVETTE_CPPS,
            SAUVETTE_CPSA,
        }
    )
    assert {h.id for h in search(dataset, "sociale")} == {h.id for h in search(dataset, "sociaux")}


def test_constants_are_the_documented_ones() -> None:
    doc = search_module.__doc__ or ""
    assert "idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))" in doc
    assert (K1, B, PREFIX_WEIGHT, PHRASE_BONUS, START_BONUS) == (1.2, 0.75, 0.5, 0.5, 0.25)
