"""The alignment (analysis.compare) and title similarity on the bundled dataset, and their properties."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cppsctl
from cppsctl.analysis.compare import CLASSES, SIMILARITY_THRESHOLD, STATUSES, Comparison, Pair, compare
from cppsctl.analysis.diff import diff_text, title_diff
from cppsctl.analysis.similarity import _dice, _Weights, similar_pairs, similarity, title_tokens
from cppsctl.cli.common import parse_statuses
from cppsctl.errors import UsageError
from cppsctl.model import Action, Contract, Dataset, Priority
from cppsctl.text import normalise_title

OLD, NEW, CPPS = "cpsa-11-2016-2020", "cpsa-11-2022-2026", "cpps-2015-2020"


def _compare(dataset: Dataset, left: str, right: str, **kwargs: float) -> Comparison:
    a, b = dataset.find_contract(left), dataset.find_contract(right)
    assert a is not None and b is not None
    return compare(dataset, a, b, **kwargs)


def _short(actions: tuple[Action, ...]) -> tuple[str, ...]:
    return tuple(a.id.split("/", 1)[1] for a in actions)


def _table(comparison: Comparison) -> set[tuple[str, tuple[str, ...], tuple[str, ...], str | None]]:
    return {(p.status, _short(p.left), _short(p.right), p.method) for p in comparison.pairs}


def _every_action_once(comparison: Comparison) -> None:
    left = Counter(a.id for p in comparison.pairs for a in p.left)
    right = Counter(a.id for p in comparison.pairs for a in p.right)
    assert left == Counter(a.id for a in comparison.left.actions)
    assert right == Counter(a.id for a in comparison.right.actions)


def test_eleventh_2016_against_2022(dataset: Dataset) -> None:
    # From data/contracts.toml: 2022 1.1, 2.1, 2.2 and 3.1 each continue the 2016 action of the same
    # number, 3.2 continues 3.3 and 3.4; 2022 1.2 and 1.3 continue nothing, and no 2022 action
    # continues 2016 1.2, 1.3 or 3.2. Titles of 1.1 (CENOMED) and 3.1 (night life) are identical.
    comparison = _compare(dataset, OLD, NEW)
    _every_action_once(comparison)
    assert _table(comparison) == {
        ("kept", ("1.1",), ("1.1",), "link"),
        ("added", (), ("1.2",), None),
        ("added", (), ("1.3",), None),
        ("removed", ("1.2",), (), None),
        ("removed", ("1.3",), (), None),
        ("reworded", ("2.1",), ("2.1",), "link"),
        ("reworded", ("2.2",), ("2.2",), "link"),
        ("kept", ("3.1",), ("3.1",), "link"),
        ("removed", ("3.2",), (), None),
        ("merged", ("3.3", "3.4"), ("3.2",), "link"),
    }
    assert not any(p.moved for p in comparison.pairs)
    assert comparison.warnings == () and comparison.coverage is None
    assert comparison.counts() == {
        "kept": 2, "reworded": 2, "merged": 1, "split": 0, "added": 2, "removed": 3, "unknown": 0,
    }  # fmt: skip


def test_pairs_follow_the_left_contract_with_new_actions_among_their_neighbours(dataset: Dataset) -> None:
    comparison = _compare(dataset, OLD, NEW)
    order = [(_short(p.left) or ("",))[0] + "|" + (_short(p.right) or ("",))[0] for p in comparison.pairs]
    # 2022 1.2 and 1.3 are new; the next 2022 action with a pair is 2.1 (paired with 2016 2.1), so
    # they come after 2016 1.2 and 1.3 (removed), just before that pair, as in a diff.
    assert order == ["1.1|1.1", "1.2|", "1.3|", "|1.2", "|1.3", "2.1|2.1", "2.2|2.2", "3.1|3.1", "3.2|", "3.3|3.2"]


def test_per_priority_counts(dataset: Dataset) -> None:
    comparison = _compare(dataset, OLD, NEW)
    left = {p.number: {s: n for s, n in p.counts.items() if n} for p in comparison.priority_counts("left")}
    right = {p.number: {s: n for s, n in p.counts.items() if n} for p in comparison.priority_counts("right")}
    assert left == {1: {"kept": 1, "removed": 2}, 2: {"reworded": 2}, 3: {"kept": 1, "removed": 1, "merged": 2}}
    assert right == {1: {"kept": 1, "added": 2}, 2: {"reworded": 2}, 3: {"kept": 1, "merged": 1}}


def test_reworded_pairs_carry_a_word_diff(dataset: Dataset) -> None:
    comparison = _compare(dataset, OLD, NEW)
    (pair,) = [p for p in comparison.pairs if _short(p.left) == ("2.1",)]
    assert pair.diff is not None
    assert diff_text(pair.diff) == (
        "[-Mettre à l’abri-] {+Mieux suivre accompagner et prendre en charge+} les personnes"
        " [-et les familles-] à la rue"
    )
    assert all(p.diff is None for p in comparison.pairs if p.status != "reworded")


def test_local_contract_against_the_cpps_follows_links_through_the_previous_contract(dataset: Dataset) -> None:
    # The 2022 contract declines nothing itself; it continues 2016 actions that decline CPPS 1.3, 2.4,
    # 3.14, 3.4 and 3.6 (its 3.2 continues both 2016 3.3 and 3.4, hence a split).
    comparison = _compare(dataset, NEW, CPPS)
    _every_action_once(comparison)
    paired = {
        (p.status, _short(p.left), _short(p.right), p.method, p.via) for p in comparison.pairs if p.left and p.right
    }
    assert comparison.relation == "declination"  # a local contract and a Paris-wide one: declines, own, not
    assert paired == {
        ("declined", ("1.1",), ("1.3",), "link", (f"{OLD}/1.1",)),
        ("declined", ("2.1",), ("2.4",), "link", (f"{OLD}/2.1",)),
        ("declined", ("3.1",), ("3.14",), "link", (f"{OLD}/3.1",)),
        ("declined", ("3.2",), ("3.4", "3.6"), "link", (f"{OLD}/3.3", f"{OLD}/3.4")),
        # No link: "Lutter contre les rixes et les phénomènes de bande" and "Lutter contre la
        # délinquance des bandes" share "lutter", "contre" and "bande(s)".
        ("declined", ("1.3",), ("3.8",), "similarity", ()),
    }
    (rixes,) = [p for p in comparison.pairs if p.method == "similarity"]
    assert rixes.moved and rixes.score is not None and SIMILARITY_THRESHOLD <= rixes.score < 1
    assert {_short(p.left) for p in comparison.pairs if p.status == "own"} == {("1.2",), ("2.2",)}
    assert "added" not in comparison.counts() and "removed" not in comparison.counts()


def test_coverage_of_the_cpps(dataset: Dataset) -> None:
    comparison = _compare(dataset, NEW, CPPS)
    coverage = comparison.coverage
    assert coverage is not None and (coverage.paris_wide, coverage.local) == (CPPS, NEW)
    rows = [(p.number, len(p.actions), [i.split("/")[1] for i in p.declined], p.percent) for p in coverage.priorities]
    assert rows == [
        (1, 7, ["1.3"], 14.3),  # 1/7
        (2, 11, ["2.4"], 9.1),  # 1/11
        (3, 14, ["3.4", "3.6", "3.8", "3.14"], 28.6),  # 4/14
    ]
    assert (coverage.declined_count, coverage.action_count, coverage.percent) == (6, 32, 18.8)
    assert _compare(dataset, CPPS, NEW).coverage == coverage  # whichever side the CPPS is on


def test_the_2016_contract_declines_seven_cpps_actions_directly(dataset: Dataset) -> None:
    comparison = _compare(dataset, OLD, CPPS)
    coverage = comparison.coverage
    assert coverage is not None
    declined = {i.split("/")[1] for p in coverage.priorities for i in p.declined}
    assert declined == {"1.3", "1.4", "1.7", "2.4", "3.14", "3.4", "3.6"}  # the declines lists of 2016
    assert all(p.method == "link" and p.via == () for p in comparison.pairs if p.left and p.right)


def test_a_contract_against_itself_is_all_kept(dataset: Dataset) -> None:
    comparison = _compare(dataset, OLD, OLD)
    assert [p.status for p in comparison.pairs] == ["kept"] * 9
    assert all(p.left == p.right and p.method == "identity" for p in comparison.pairs)
    assert comparison.warnings == (f"comparing {OLD} with itself: every action is kept",)


def test_threshold_is_checked(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match="threshold must be above 0 and at most 1, not 0"):
        _compare(dataset, OLD, NEW, threshold=0)
    strict = _compare(dataset, NEW, CPPS, threshold=1.0)
    assert not any(p.method == "similarity" and p.status != "kept" for p in strict.pairs)


def test_threshold_separates_the_examples_it_was_chosen_on(dataset: Dataset) -> None:
    def score(left: str, right: str) -> float:
        a, b = dataset.find_action(left), dataset.find_action(right)
        assert a is not None and b is not None
        corpus = [x.title for c in (a.contract_id, b.contract_id) for x in dataset.actions if x.contract_id == c]
        return similarity(a.title, b.title, corpus)

    weakest_link = score(f"{CPPS}/1.4", f"{OLD}/1.2")  # declined, different words
    closest_stranger = score(f"{CPPS}/2.3", f"{NEW}/2.2")  # both "Accompagner les victimes ..."
    same_under_new_title = score(f"{CPPS}/3.8", f"{NEW}/1.3")  # bandes / rixes et bande
    assert closest_stranger < SIMILARITY_THRESHOLD < weakest_link < same_under_new_title
    assert (
        round(closest_stranger, 2) == 0.37 and round(weakest_link, 2) == 0.47 and round(same_under_new_title, 2) == 0.54
    )


def test_similarity_ignores_typography_case_accents_and_function_words() -> None:
    assert similarity("Lutter contre les ventes a la sauvette", "LUTTER contre la vente à la sauvette") == 1.0
    assert similarity("Prévenir la récidive", "Promouvoir une vie nocturne apaisée") == 0.0
    assert title_tokens("Lutter contre les trafics de stupéfiants") == {"lutter", "contre", "trafic", "stupefiant"}


def test_title_diff_keeps_every_word_of_both_titles() -> None:
    old, new = "Lutter contre les ventes à la sauvette", "Lutter contre la vente à la sauvette et les trafics"
    segments = title_diff(old, new)
    assert " ".join(s.old for s in segments if s.op != "insert") == old
    assert " ".join(s.new for s in segments if s.op != "delete") == new
    assert diff_text(segments) == "Lutter contre [-les ventes-] {+la vente+} à la sauvette {+et les trafics+}"


def test_parse_statuses() -> None:
    assert parse_statuses(["added, removed,added"]) == ["added", "removed"]
    assert parse_statuses(["KEPT"]) == ["kept"]
    assert parse_statuses(["kept", "added,kept"]) == ["kept", "added"]  # repeated and comma-separated alike
    with pytest.raises(UsageError) as error:
        parse_statuses(["added,remove"])
    assert str(error.value) == f"unknown class 'remove' (did you mean 'removed'?); classes: {', '.join(STATUSES)}"
    with pytest.raises(UsageError, match="give at least one class"):
        parse_statuses([" , "])


# --- hand-made lineages ------------------------------------------------------------------------------


def _contract(
    cid: str,
    arrondissement: int | None,
    start: int,
    actions: list[tuple[str, tuple[str, ...], tuple[str, ...]]],
    complete: bool = True,
) -> Contract:
    """One priority holding ``(title, continues, declines)`` actions, numbered 1.1, 1.2, ..."""
    built = tuple(
        Action(
            id=f"{cid}/1.{n}",
            contract_id=cid,
            priority=1,
            position=n,
            title=title,
            themes=("youth",),
            continues=continues,
            declines=declines,
        )
        for n, (title, continues, declines) in enumerate(actions, start=1)
    )
    return Contract(
        id=cid,
        kind="CPPS" if arrondissement is None else "CPSA",
        name=cid,
        arrondissement=arrondissement,
        start_year=start,
        end_year=start + 4,
        complete=complete,
        priorities=(Priority(id=f"{cid}/1", contract_id=cid, number=1, title="Axe", actions=built),),
    )


def test_several_to_several_links_are_cut_into_one_to_one_merges_and_splits() -> None:
    # b1 continues a1 and a2, b2 continues a2: a2 is linked to both b1 and b2.
    a = _contract("a", 5, 2016, [("Alpha", (), ()), ("Beta", (), ())])
    b = _contract("b", 5, 2022, [("Gamma", ("a/1.1", "a/1.2"), ()), ("Delta", ("a/1.2",), ())])
    comparison = compare(Dataset(contracts=(a, b)), a, b)
    _every_action_once(comparison)
    assert all(p.method == "link" for p in comparison.pairs)
    for pair in comparison.pairs:
        assert len(pair.left) == 1 or len(pair.right) == 1


def test_partial_right_side_gives_unknown_not_removed() -> None:
    a = _contract("a", 5, 2016, [("Promouvoir la citoyenneté", (), ()), ("Prévenir la récidive", (), ())])
    b = _contract(
        "b", 5, 2022, [("Promouvoir la citoyenneté", (), ()), ("Sécuriser les gares", (), ())], complete=False
    )
    comparison = compare(Dataset(contracts=(a, b)), a, b)
    assert _table(comparison) == {
        ("kept", ("1.1",), ("1.1",), "similarity"),
        ("unknown", ("1.2",), (), None),  # b is partial: its missing actions may hold 1.2
        ("added", (), ("1.2",), None),  # a is complete: 1.2 of b really is new
    }
    assert comparison.warnings == (
        "b is only partially known (2 of ? actions known): actions of a that match none of its known actions"
        " are 'unknown', not 'removed'",
    )


def test_nothing_in_common_is_all_added_and_removed() -> None:
    a = _contract("a", 5, 2016, [("Promouvoir la citoyenneté", (), ())])
    b = _contract("b", 5, 2022, [("Sécuriser les gares routières", (), ())])
    comparison = compare(Dataset(contracts=(a, b)), a, b)
    assert comparison.relation == "periods"
    assert [p.status for p in comparison.pairs] == ["removed", "added"]
    assert comparison.warnings == ("no action of a corresponds to an action of b",)


def test_two_scopes_share_and_keep_their_own_without_added_or_removed() -> None:
    a = _contract("a", 5, 2016, [("Promouvoir la citoyenneté", (), ())])
    b = _contract("b", 6, 2016, [("Promouvoir la citoyenneté", (), ()), ("Sécuriser les gares routières", (), ())])
    comparison = compare(Dataset(contracts=(a, b)), a, b)
    assert comparison.relation == "scopes"
    assert [p.status for p in comparison.pairs] == ["shared", "only_right"]
    assert list(comparison.counts()) == ["shared", "only_left", "only_right", "unknown"]


# --- properties --------------------------------------------------------------------------------------

WORDS = (
    "Lutter", "contre", "les", "trafics", "trafic", "stupéfiants", "vie", "nocturne", "victimes", "jeunes",
    "rue", "bandes", "Prévenir", "récidive", "et", "de", "l’espace", "l'espace", "public", "Sécurité",
)  # fmt: skip
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@st.composite
def lineages(draw: st.DrawFn) -> Dataset:
    """A Paris-wide contract and two successive contracts of one arrondissement, with random links."""
    contracts: list[Contract] = []
    ids: dict[str, list[str]] = {}
    for cid, arrondissement, start in (("p", None, 2015), ("a", 11, 2016), ("b", 11, 2022)):
        priorities = []
        ids[cid] = []
        for number in range(1, draw(st.integers(1, 3)) + 1):
            actions = []
            for position in range(1, draw(st.integers(0, 4)) + 1):
                declines: tuple[str, ...] = ()
                continues: tuple[str, ...] = ()
                if arrondissement is not None and ids["p"]:
                    declines = tuple(draw(st.lists(st.sampled_from(ids["p"]), unique=True, max_size=2)))
                if cid == "b" and ids["a"]:
                    continues = tuple(draw(st.lists(st.sampled_from(ids["a"]), unique=True, max_size=3)))
                action = Action(
                    id=f"{cid}/{number}.{position}",
                    contract_id=cid,
                    priority=number,
                    position=position,
                    title=draw(titles),
                    themes=("youth",),
                    declines=declines,
                    continues=continues,
                )
                actions.append(action)
                ids[cid].append(action.id)
            priorities.append(
                Priority(id=f"{cid}/{number}", contract_id=cid, number=number, title="Axe", actions=tuple(actions))
            )
        contracts.append(
            Contract(
                id=cid,
                kind="CPPS" if arrondissement is None else "CPSA",
                name=cid,
                arrondissement=arrondissement,
                start_year=start,
                end_year=start + 4,
                complete=draw(st.booleans()),
                priorities=tuple(priorities),
            )
        )
    return Dataset(contracts=tuple(contracts))


MIRROR = {
    "added": "removed", "removed": "added", "merged": "split", "split": "merged",
    "only_left": "only_right", "only_right": "only_left",
}  # fmt: skip
Key = tuple[str, tuple[str, ...], tuple[str, ...], str | None, float | None, tuple[str, ...], bool]


def _key(pair: Pair) -> Key:
    ids = (tuple(a.id for a in pair.left), tuple(a.id for a in pair.right))
    return (pair.status, *ids, pair.method, pair.score, pair.via, pair.moved)


def _mirror(pair: Pair) -> Key:
    status, left, right, *rest = _key(pair)
    return (MIRROR.get(status, status), right, left, *rest)  # type: ignore[return-value]


CONTRACT_PAIRS = [(x, y) for x in "pab" for y in "pab" if x < y]


@settings(max_examples=150, deadline=None)
@given(lineages())
def test_properties_of_every_comparison(dataset: Dataset) -> None:
    contracts = {c.id: c for c in dataset.contracts}
    for x, y in CONTRACT_PAIRS:
        forward = compare(dataset, contracts[x], contracts[y])
        backward = compare(dataset, contracts[y], contracts[x])
        _every_action_once(forward)
        # compare(B, A) is the mirror image of compare(A, B).
        assert sorted(map(_key, backward.pairs)) == sorted(map(_mirror, forward.pairs))
        for pair in forward.pairs:
            _check_pair(pair, forward)
    for contract in dataset.contracts:
        itself = compare(dataset, contract, contract)
        assert [p.status for p in itself.pairs] == ["kept"] * contract.action_count


def _check_pair(pair: Pair, comparison: Comparison) -> None:
    """Each class means what the README says it means, in the relation of the two contracts."""
    both = bool(pair.left) and bool(pair.right)
    assert pair.status in CLASSES[comparison.relation]
    local_on_left = comparison.left.arrondissement is not None
    if pair.status == "merged":
        assert len(pair.left) > 1 and len(pair.right) == 1 and pair.method == "link"
    elif pair.status == "split":
        assert len(pair.left) == 1 and len(pair.right) > 1 and pair.method == "link"
    elif pair.status in ("kept", "reworded"):
        assert len(pair.left) == len(pair.right) == 1
        same = normalise_title(pair.left[0].title) == normalise_title(pair.right[0].title)
        assert same == (pair.status == "kept")
    elif pair.status in ("declined", "shared"):
        assert both
    elif pair.status in ("removed", "only_left"):
        assert not pair.right and comparison.right.complete
    elif pair.status in ("added", "only_right"):
        assert not pair.left and comparison.left.complete
    elif pair.status in ("own", "not_declined"):
        local_side = bool(pair.left) == local_on_left  # the action is on the local side
        assert not both and local_side == (pair.status == "own")
        assert (comparison.right if pair.left else comparison.left).complete
    else:
        assert pair.status == "unknown" and not both
        assert not (comparison.right if pair.left else comparison.left).complete
    if pair.method == "similarity":
        assert pair.score is not None and pair.score >= comparison.threshold
    else:
        assert pair.score is None and (pair.method is None) == (not both)


@settings(max_examples=200, deadline=None)
@given(st.lists(titles, max_size=12), st.lists(titles, max_size=12), st.lists(titles, max_size=6), st.floats(0.05, 1.0))
def test_candidate_filters_find_every_pair_above_the_threshold(
    left: list[str], right: list[str], more: list[str], threshold: float
) -> None:
    def actions(cid: str, texts: list[str]) -> list[Action]:
        return [
            Action(id=f"{cid}/1.{n}", contract_id=cid, priority=1, position=n, title=t, themes=())
            for n, t in enumerate(texts, 1)
        ]

    a, b = actions("a", left), actions("b", right)
    corpus = [*left, *right, *more]  # compare() counts frequencies over linked actions' titles too
    weights = _Weights([title_tokens(t) for t in corpus])
    brute = set()
    for x in a:
        for y in b:
            same = normalise_title(x.title) == normalise_title(y.title)
            score = 1.0 if same else _dice(title_tokens(x.title), title_tokens(y.title), weights)
            assert score == similarity(x.title, y.title, corpus)
            if score >= threshold:
                brute.add((x.id, y.id, score))
    assert {(x.id, y.id, s) for s, x, y in similar_pairs(a, b, threshold, corpus)} == brute


def test_every_bundled_pair_of_contracts(dataset: cppsctl.Dataset) -> None:
    for left in dataset.contracts:
        for right in dataset.contracts:
            comparison = compare(dataset, left, right)
            _every_action_once(comparison)
            for pair in comparison.pairs:
                _check_pair(pair, comparison)
