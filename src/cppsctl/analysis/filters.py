"""Pure query functions over a :class:`Dataset`: look up, filter, count."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from cppsctl.analysis.known import knowledge
from cppsctl.errors import UnknownIdError
from cppsctl.model import KINDS, Action, Contract, Dataset, Theme
from cppsctl.text import match_keys, words


def get_contract(dataset: Dataset, contract_id: str) -> Contract:
    contract = dataset.find_contract(contract_id)
    if contract is None:
        raise UnknownIdError("contract", contract_id, dataset.contract_ids())
    return contract


def get_action(dataset: Dataset, action_id: str) -> Action:
    action = dataset.find_action(action_id)
    if action is None:
        raise UnknownIdError("action", action_id, dataset.action_ids())
    return action


def filter_contracts(
    dataset: Dataset,
    *,
    kinds: Collection[str] = (),
    arrondissements: Collection[int | None] = (),
    active_in: int | None = None,
    certain: bool = False,
    ids: Collection[str] = (),
) -> list[Contract]:
    """Contracts matching every given criterion (an empty collection does not filter).

    ``active_in``: the contracts in force that year, certainly or possibly
    (:mod:`cppsctl.analysis.known`), none dropped for a bound it lacks;
    ``certain`` keeps only those certainly in force.
    """
    wanted = ("yes",) if certain else ("yes", "possibly")
    known = knowledge(dataset) if active_in is not None else None
    for kind in kinds:
        if kind not in KINDS:
            raise UnknownIdError("kind", kind, KINDS)
    for contract_id in ids:
        get_contract(dataset, contract_id)
    return [
        c
        for c in dataset.contracts
        if (not kinds or c.kind in kinds)
        and (not arrondissements or c.arrondissement in arrondissements)
        and (known is None or active_in is None or known.of(c).in_force(active_in) in wanted)
        and (not ids or c.id in ids)
    ]


def filter_actions(
    dataset: Dataset,
    *,
    contracts: Collection[str] = (),
    priorities: Collection[int] = (),
    themes: Collection[str] = (),
    arrondissements: Collection[int | None] = (),
    kinds: Collection[str] = (),
    active_in: int | None = None,
    certain: bool = False,
    text: str | None = None,
) -> list[Action]:
    """Actions matching every given criterion, in dataset order.

    ``themes`` matches actions carrying any of the themes, each given by id or
    label (:func:`resolve_theme`); ``text`` requires every word to match a
    word of the title by the rule of :func:`cppsctl.analysis.search.search`
    (stems, prefixes), so that both find the same actions.
    """
    theme_ids = {resolve_theme(dataset, theme).id for theme in themes}
    chosen = filter_contracts(
        dataset, kinds=kinds, arrondissements=arrondissements, active_in=active_in, certain=certain, ids=contracts
    )
    found = [
        action
        for contract in chosen
        for action in contract.actions
        if (not priorities or action.priority in priorities)
        and (not theme_ids or any(t in theme_ids for t in action.themes))
    ]
    if text and words(text):
        from cppsctl.analysis.search import Query

        keys = match_keys([action.title for action in found])
        found = [found[i] for i in Query(text).select(keys)]
    return found


class UnknownThemeError(UnknownIdError):
    """A theme that is neither an id nor a label, with the closest themes by id and by label.

    ``suggestions`` are theme ids, best first (:func:`closest_themes`).
    """

    def __init__(self, value: str, suggestions: Sequence[str]) -> None:
        super().__init__("theme", value, ())
        self.suggestions = list(suggestions)
        if self.suggestions:
            hint = " or ".join(repr(s) for s in self.suggestions)
            self.args = (f"{self.args[0]} (did you mean {hint}?)",)


def _names(theme: Theme) -> tuple[tuple[str, ...], ...]:
    """The folded words of a theme's id, French label and English label."""
    return tuple(tuple(words(name)) for name in (theme.id, theme.label_fr, theme.label_en))


def resolve_theme(dataset: Dataset, text: str) -> Theme:
    """A theme by id, or by French or English label, folded like search.

    Case, accents, apostrophes and the separators between words never matter
    (``"Vie nocturne"``, ``"Night-Life"``, ``"night life"`` and ``"vie-nocturne"``
    are all ``night-life``); nor do inflections when they leave one theme only
    (``"trafic de stupéfiant"`` is ``drug-trafficking``). Anything else raises
    :class:`UnknownThemeError` with the closest themes.
    """
    for theme in dataset.themes:
        if theme.id == text:
            return theme
    wanted = tuple(words(text))
    if wanted:
        for theme in dataset.themes:
            if wanted in _names(theme):
                return theme
        from cppsctl.analysis.search import Query

        query = Query(text)
        stems = tuple((t.elision, t.bare if t.stop else t.stem) for t in (query.term[w] for w in query.words))
        same = [
            theme
            for theme in dataset.themes
            if any(len(name) == len(wanted) and _stems(name) == stems for name in _names(theme))
        ]
        if len(same) == 1:
            return same[0]
    raise UnknownThemeError(text, closest_themes(dataset, text))


def _stems(name: Sequence[str]) -> tuple[tuple[str, str], ...]:
    from cppsctl import stem

    out = []
    for word in name:
        elision, bare = stem.split_elision(word)
        out.append((elision, bare if bare in stem.STOPWORDS else stem.stem(bare)))
    return tuple(out)


def closest_themes(dataset: Dataset, text: str, n: int = 3) -> list[str]:
    """Ids of the themes closest to ``text``, best first, by id and by label.

    First the themes with a name (id, French or English label) in which the
    most words of ``text`` match a word by the search rule (``drugs`` finds
    ``drug-trafficking``, ``stupefiants`` finds it by "Trafics de
    stupéfiants"), then by the closeness of the folded texts
    (``difflib`` ratio, at least 0.6: ``nightlife`` finds ``night-life``).
    """
    import difflib

    wanted = words(text)
    query = None
    if wanted:
        from cppsctl.analysis.search import Query

        query = Query(text)
    ranked = []
    for position, theme in enumerate(dataset.themes):
        best = (0.0, 0.0)
        for name in _names(theme):
            share = 0.0
            if query is not None:
                share = sum(t.matches_any(name) for t in query.scored) / len(query.scored)
            ratio = difflib.SequenceMatcher(None, " ".join(wanted), " ".join(name)).ratio()
            best = max(best, (share, ratio))
        if best[0] > 0 or best[1] >= 0.6:
            ranked.append((-best[0], -best[1], position, theme.id))
    return [ident for *_, ident in sorted(ranked)[:n]]


def theme_counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """For each theme id, the number of actions carrying it in each contract (dataset order)."""
    counts: dict[str, dict[str, int]] = {t.id: {c.id: 0 for c in dataset.contracts} for t in dataset.themes}
    for action in dataset.actions:
        for theme in action.themes:
            counts[theme][action.contract_id] += 1
    return counts
