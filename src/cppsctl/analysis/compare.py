"""Compare two contracts: align their fiches-actions and classify every one of them.

Alignment runs in two passes, and every action of both contracts ends up in
exactly one :class:`Pair`:

1. **Lineage links.** An action of one contract is linked to an action of the
   other when it reaches it along the dataset's ``continues`` and ``declines``
   links, directly or through actions of other contracts (a 2022 action that
   continues a 2016 action which declines a CPPS action is linked to that CPPS
   action). The linked actions form a bipartite graph; each connected part
   becomes one pair: one to one (``kept`` or ``reworded``), several to one
   (``merged``) or one to several (``split``). A part that is several to
   several is cut into such stars (see :func:`_stars`).
2. **Title similarity.** Actions left unlinked are paired one to one, best
   first, when the similarity of their titles
   (:func:`cppsctl.similarity.similarity`) reaches
   :data:`SIMILARITY_THRESHOLD`.

What remains is ``removed`` (only in the left contract) or ``added`` (only in
the right one), unless the other contract is only partially known: then the
action is ``unknown``, since its counterpart may be among the actions not
recorded. The algorithm treats both sides alike, so comparing B with A gives
the mirror image of comparing A with B.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from cppsctl.analysis.diff import Segment, title_diff
from cppsctl.analysis.known import facts, may_overlap
from cppsctl.analysis.similarity import SIMILARITY_THRESHOLD, similar_pairs
from cppsctl.errors import UsageError
from cppsctl.model import Action, Contract, Dataset
from cppsctl.text import normalise_title

Status = Literal[
    "kept", "reworded", "merged", "split", "added", "removed",
    "declined", "own", "not_declined",
    "shared", "only_left", "only_right",
    "unknown",
]  # fmt: skip
STATUSES: tuple[Status, ...] = get_args(Status)
Relation = Literal["periods", "declination", "scopes"]
"""What two contracts are to each other: two periods of one scope, a local contract and a Paris-wide one, or
two different scopes. Each relation has its own classes (:data:`CLASSES`)."""

CLASSES: dict[Relation, tuple[Status, ...]] = {
    "periods": ("kept", "reworded", "merged", "split", "added", "removed", "unknown"),
    "declination": ("declined", "own", "not_declined", "unknown"),
    "scopes": ("shared", "only_left", "only_right", "unknown"),
}
"""The classes of each relation, in the order they are shown."""


def relation_of(left: Contract, right: Contract) -> Relation:
    """``periods`` for one scope, ``declination`` for a local and a Paris-wide contract, else ``scopes``."""
    if left.arrondissement == right.arrondissement:
        return "periods"
    if left.arrondissement is None or right.arrondissement is None:
        return "declination"
    return "scopes"


Method = Literal["identity", "link", "similarity"]
Side = Literal["left", "right"]

__all__ = ["SIMILARITY_THRESHOLD", "Comparison", "Pair", "compare"]

# --- the result ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    """Actions of the left contract and of the right one that correspond; one side is empty if none does."""

    status: Status
    left: tuple[Action, ...] = ()
    right: tuple[Action, ...] = ()
    method: Method | None = None  # None when one side is empty
    score: float | None = None  # title similarity, for method "similarity"
    via: tuple[str, ...] = ()  # actions of other contracts on the lineage path, for method "link"

    @property
    def moved(self) -> bool:
        """Both sides present and not under the same priority number(s)."""
        if not self.left or not self.right:
            return False
        return {a.priority for a in self.left} != {a.priority for a in self.right}

    @property
    def diff(self) -> tuple[Segment, ...] | None:
        """The word-level diff of the titles of a one-to-one pair whose titles differ (reworded, declined, shared)."""
        if len(self.left) != 1 or len(self.right) != 1:
            return None
        if normalise_title(self.left[0].title) == normalise_title(self.right[0].title):
            return None
        return title_diff(self.left[0].title, self.right[0].title)

    def side(self, side: Side) -> tuple[Action, ...]:
        return self.left if side == "left" else self.right


def _percent(count: int | None, total: int | None) -> float | None:
    return None if count is None or not total else round(100 * count / total, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorityCoverage:
    """The actions of one priority of a Paris-wide contract, and which of them a local contract declines.

    ``total`` is the priority's number of actions (None when not known);
    ``most`` the largest number that can be declined, given the actions of either
    side that are not known (None: open, the number of unknown actions is unknown).
    """

    number: int
    title: str
    actions: tuple[str, ...]  # the known actions
    declined: tuple[str, ...]
    total: int | None
    most: int | None

    @property
    def percent(self) -> float | None:
        """The exact share, when both sides are known whole; else None (see the range)."""
        return _percent(len(self.declined), self.total) if self.most == len(self.declined) else None

    @property
    def at_least(self) -> float | None:
        return _percent(len(self.declined), self.total)

    @property
    def at_most(self) -> float | None:
        return _percent(self.most, self.total)


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """How much of a Paris-wide contract a local contract declines, overall and per priority.

    When either side is only partly known (``complete`` false), the share is a
    range: at least the declined share of the Paris-wide contract's actions, at
    most what the unknown actions of both sides could add (open when their
    number is unknown).
    """

    paris_wide: str
    local: str
    complete: bool
    total: int | None  # the Paris-wide contract's number of actions; None when not known
    most: int | None
    priorities: tuple[PriorityCoverage, ...]

    @property
    def action_count(self) -> int:
        """The Paris-wide contract's known actions."""
        return sum(len(p.actions) for p in self.priorities)

    @property
    def declined_count(self) -> int:
        return sum(len(p.declined) for p in self.priorities)

    @property
    def percent(self) -> float | None:
        return _percent(self.declined_count, self.total) if self.complete else None

    @property
    def at_least(self) -> float | None:
        return _percent(self.declined_count, self.total)

    @property
    def at_most(self) -> float | None:
        return _percent(self.most, self.total)


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorityCounts:
    """How the actions of one priority of one side were classified."""

    number: int
    title: str
    counts: dict[Status, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    left: Contract
    right: Contract
    relation: Relation
    pairs: tuple[Pair, ...]
    threshold: float
    warnings: tuple[str, ...] = ()
    coverage: Coverage | None = None

    @property
    def classes(self) -> tuple[Status, ...]:
        return CLASSES[self.relation]

    def counts(self) -> dict[Status, int]:
        """Number of pairs in each class of the relation (every class present)."""
        counts = dict.fromkeys(self.classes, 0)
        for pair in self.pairs:
            counts[pair.status] += 1
        return counts

    @property
    def moved_count(self) -> int:
        return sum(pair.moved for pair in self.pairs)

    def priority_counts(self, side: Side) -> list[PriorityCounts]:
        """For each priority of one side, the number of its actions in each class."""
        contract = self.left if side == "left" else self.right
        status_of = {a.id: pair.status for pair in self.pairs for a in pair.side(side)}
        out = []
        for priority in contract.priorities:
            counts = dict.fromkeys(self.classes, 0)
            for action in priority.actions:
                counts[status_of[action.id]] += 1
            out.append(PriorityCounts(number=priority.number, title=priority.title, counts=counts))
        return out

    def only(self, statuses: Collection[Status]) -> tuple[Pair, ...]:
        """The pairs in the given classes (all of them when none is given)."""
        return tuple(p for p in self.pairs if not statuses or p.status in statuses)


# --- alignment -----------------------------------------------------------------------------------


def classify(left: Sequence[Action], right: Sequence[Action]) -> Status:
    """The class of a group of corresponding actions, both sides non-empty."""
    if len(left) > 1:
        return "merged"
    if len(right) > 1:
        return "split"
    same = normalise_title(left[0].title) == normalise_title(right[0].title)
    return "kept" if same else "reworded"


def _links(dataset: Dataset, left: Contract, right: Contract) -> dict[tuple[str, str], tuple[str, ...]]:
    """(left id, right id) -> the intermediate actions (sorted), for every pair joined by a lineage path.

    A path follows ``continues`` and ``declines`` from an action of one side
    towards older and Paris-wide actions, through actions of other contracts
    only, until it meets an action of the other side. When several paths join
    the same pair, the shortest (then the first in id order) is kept, whatever
    side it was found from.
    """
    sides = {a.id: "left" for a in left.actions} | {a.id: "right" for a in right.actions}
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for start_id, start_side in sides.items():
        start = dataset.find_action(start_id)
        assert start is not None
        frontier: list[tuple[Action, tuple[str, ...]]] = [(start, ())]
        seen = {start_id}
        while frontier:
            following: list[tuple[Action, tuple[str, ...]]] = []
            for action, path in frontier:
                for target_id in sorted((*action.continues, *action.declines)):
                    if target_id in seen:
                        continue
                    seen.add(target_id)
                    target_side = sides.get(target_id)
                    if target_side is None:
                        target = dataset.find_action(target_id)
                        if target is not None:
                            following.append((target, (*path, target_id)))
                    elif target_side != start_side:
                        key = (start_id, target_id) if start_side == "left" else (target_id, start_id)
                        via = tuple(sorted(path))
                        if key not in found or (len(via), via) < (len(found[key]), found[key]):
                            found[key] = via
            frontier = following
    return found


def _components(neighbours: dict[str, set[str]]) -> list[set[str]]:
    """The connected parts of a graph given as adjacency sets."""
    seen: set[str] = set()
    components = []
    for node in sorted(neighbours):
        if node in seen:
            continue
        component, stack = set(), [node]
        while stack:
            current = stack.pop()
            if current in component:
                continue
            component.add(current)
            stack.extend(neighbours[current] - component)
        seen |= component
        components.append(component)
    return components


def _stars(component: set[str], neighbours: dict[str, set[str]]) -> list[tuple[str, set[str]]]:
    """Cut a connected bipartite part into stars (a centre and its leaves on the other side) covering every node.

    Greedy: the node with the most unassigned neighbours (then the smallest
    id) takes them all as leaves. A node whose neighbours are all taken joins
    a neighbour's star: as a leaf if that neighbour is the centre, else the
    neighbour leaves its star and becomes the centre of a new one. Only ids
    and degrees decide, never the side, so the result mirrors exactly.
    """
    stars: dict[str, set[str]] = {}
    star_of: dict[str, str] = {}
    unassigned = set(component)
    while unassigned:
        node = min(unassigned, key=lambda n: (-len(neighbours[n] & unassigned), n))
        free = neighbours[node] & unassigned
        unassigned.discard(node)
        if free:
            stars[node] = set(free)
            star_of[node] = node
            for leaf in free:
                star_of[leaf] = node
            unassigned -= free
            continue
        neighbour = min(neighbours[node])
        centre = star_of[neighbour]
        if centre == neighbour:
            stars[centre].add(node)
            star_of[node] = centre
        elif len(stars[centre]) == 1:  # a one-to-one pair: the neighbour becomes the centre of both
            del stars[centre]
            stars[neighbour] = {centre, node}
            star_of[centre] = star_of[node] = star_of[neighbour] = neighbour
        else:
            stars[centre].discard(neighbour)
            stars[neighbour] = {node}
            star_of[neighbour] = star_of[node] = neighbour
    return sorted(stars.items())


def _order(pairs: list[Pair], left: Contract, right: Contract) -> list[Pair]:
    """Left contract order; a pair with no left action comes just before the pairs of the right actions after it.

    As in a diff, an action only in the right contract shows next to its
    neighbours, after the removed actions before them.
    """
    left_index = {a.id: i for i, a in enumerate(left.actions)}
    right_index = {a.id: i for i, a in enumerate(right.actions)}
    anchor: dict[int, int] = {}  # right index -> left index of its pair
    for pair in pairs:
        if pair.left:
            first = min(left_index[a.id] for a in pair.left)
            for action in pair.right:
                anchor[right_index[action.id]] = first
    anchor_after = [len(left_index)] * len(right_index)  # the earliest anchor of the right actions after it
    for index in range(len(right_index) - 2, -1, -1):
        anchor_after[index] = min(anchor_after[index + 1], anchor.get(index + 1, len(left_index)))

    def key(pair: Pair) -> tuple[int, int, int]:
        if pair.left:
            return (min(left_index[a.id] for a in pair.left), 0, 0)
        position = right_index[pair.right[0].id]
        return (anchor_after[position], -1, position)

    return sorted(pairs, key=key)


def _unknown_count(contract: Contract) -> int | None:
    """How many of a contract's actions are not known: 0 when complete, None when nobody knows."""
    if contract.complete:
        return 0
    declared = contract.declared_action_count
    return None if declared is None else max(declared - contract.action_count, 0)


def _coverage(comparison_pairs: Sequence[Pair], left: Contract, right: Contract) -> Coverage | None:
    if (left.arrondissement is None) == (right.arrondissement is None):
        return None
    paris_side: Side = "left" if left.arrondissement is None else "right"
    paris, local = (left, right) if paris_side == "left" else (right, left)
    declined = {a.id for p in comparison_pairs if p.left and p.right for a in p.side(paris_side)}
    unknown_local = _unknown_count(local)

    def most(count: int, total: int | None, listed: int) -> int | None:
        if total is None or unknown_local is None:
            return None
        return min(total, count + (total - listed) + unknown_local)

    priorities = []
    for p in paris.priorities:
        known = tuple(a.id for a in p.actions if a.id in declined)
        total = len(p.actions) if paris.complete else p.declared_action_count
        priorities.append(
            PriorityCoverage(
                number=p.number,
                title=p.title,
                actions=tuple(a.id for a in p.actions),
                declined=known,
                total=total,
                most=most(len(known), total, len(p.actions)),
            )
        )
    total = paris.action_count if paris.complete else paris.declared_action_count
    count = sum(len(p.declined) for p in priorities)
    return Coverage(
        paris_wide=paris.id,
        local=local.id,
        complete=paris.complete and local.complete,
        total=total,
        most=most(count, total, paris.action_count),
        priorities=tuple(priorities),
    )


def _class_of_the_others(relation: Relation, partial_on_left: bool, partial_is_local: bool) -> Status:
    """The class the other side's unmatched actions would have, were the partly known side complete."""
    if relation == "periods":
        return "added" if partial_on_left else "removed"
    if relation == "scopes":
        return "only_right" if partial_on_left else "only_left"
    return "not_declined" if partial_is_local else "own"


def _warnings(
    dataset: Dataset, left: Contract, right: Contract, relation: Relation, pairs: Sequence[Pair]
) -> Iterator[str]:
    if left.id == right.id:
        yield f"comparing {left.id} with itself: every action is kept"
        return
    for contract, other in ((left, right), (right, left)):
        if not contract.complete:
            instead = _class_of_the_others(relation, contract is left, contract.arrondissement is not None)
            yield (
                f"{contract.id} is only partially known ({contract.completeness}): actions of {other.id}"
                f" that match none of its known actions are 'unknown', not '{instead}'"
            )
    if relation == "declination" and not may_overlap(facts(dataset, left), facts(dataset, right)):
        yield (
            f"{left.id} and {right.id} were never in force at the same time"
            f" ({facts(dataset, left).period_text} and {facts(dataset, right).period_text}):"
            " the coverage compares contracts of different periods"
        )
    if left.action_count and right.action_count and not any(p.left and p.right for p in pairs):
        yield f"no action of {left.id} corresponds to an action of {right.id}"


def _link_pairs(dataset: Dataset, left: Contract, right: Contract) -> list[Pair]:
    """Pass 1: the pairs that lineage links join (see :func:`_links` and :func:`_stars`)."""
    links = _links(dataset, left, right)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for left_id, right_id in links:
        neighbours[left_id].add(right_id)
        neighbours[right_id].add(left_id)
    left_actions = {a.id: a for a in left.actions}
    right_actions = {a.id: a for a in right.actions}
    order = {action_id: n for n, action_id in enumerate((*left_actions, *right_actions))}
    pairs = []
    for component in _components(neighbours):
        for centre, leaves in _stars(component, neighbours):
            group = sorted({centre, *leaves}, key=order.__getitem__)
            lefts = tuple(left_actions[i] for i in group if i in left_actions)
            rights = tuple(right_actions[i] for i in group if i in right_actions)
            via = sorted({v for a in lefts for b in rights for v in links.get((a.id, b.id), ())})
            pairs.append(Pair(status=classify(lefts, rights), left=lefts, right=rights, method="link", via=tuple(via)))
    return pairs


def _similarity_pairs(
    left: Sequence[Action], right: Sequence[Action], threshold: float, corpus: Sequence[str]
) -> list[Pair]:
    """Pass 2: one-to-one pairs of the unlinked actions by title similarity, best first."""
    taken: set[str] = set()
    pairs = []
    found = similar_pairs(left, right, threshold, corpus)
    ranked = sorted(found, key=lambda t: (-t[0], *sorted((t[1].id, t[2].id))))
    for score, a, b in ranked:
        if a.id not in taken and b.id not in taken:
            taken.update((a.id, b.id))
            pairs.append(Pair(status=classify([a], [b]), left=(a,), right=(b,), method="similarity", score=score))
    return pairs


def compare(
    dataset: Dataset, left: Contract, right: Contract, *, threshold: float = SIMILARITY_THRESHOLD
) -> Comparison:
    """Align the actions of ``left`` with those of ``right`` and classify each (see the module docstring)."""
    if not 0 < threshold <= 1:
        raise UsageError(f"the similarity threshold must be above 0 and at most 1, not {threshold}")
    if left.id == right.id:
        pairs = [Pair(status="kept", left=(a,), right=(a,), method="identity") for a in left.actions]
    else:
        pairs = _link_pairs(dataset, left, right)
        linked = {a.id for p in pairs for a in (*p.left, *p.right)}
        free_left = [a for a in left.actions if a.id not in linked]
        free_right = [a for a in right.actions if a.id not in linked]
        corpus = [a.title for a in (*left.actions, *right.actions)]
        pairs += _similarity_pairs(free_left, free_right, threshold, corpus)
        matched = {a.id for p in pairs for a in (*p.left, *p.right)}
        removed: Status = "removed" if right.complete else "unknown"
        added: Status = "added" if left.complete else "unknown"
        pairs += [Pair(status=removed, left=(a,)) for a in free_left if a.id not in matched]
        pairs += [Pair(status=added, right=(b,)) for b in free_right if b.id not in matched]
    relation = relation_of(left, right)
    pairs = [_in_relation(pair, relation, left) for pair in _order(pairs, left, right)]
    return Comparison(
        left=left,
        right=right,
        relation=relation,
        pairs=tuple(pairs),
        threshold=threshold,
        warnings=tuple(_warnings(dataset, left, right, relation, pairs)),
        coverage=_coverage(pairs, left, right),
    )


def _in_relation(pair: Pair, relation: Relation, left: Contract) -> Pair:
    """A pair classified in the words of periods, renamed in those of ``relation``."""
    if relation == "periods" or pair.status == "unknown":
        return pair
    if pair.left and pair.right:
        status: Status = "declined" if relation == "declination" else "shared"
    elif relation == "scopes":
        status = "only_left" if pair.left else "only_right"
    else:
        local_on_left = left.arrondissement is not None
        status = "own" if bool(pair.left) == local_on_left else "not_declined"
    return Pair(status=status, left=pair.left, right=pair.right, method=pair.method, score=pair.score, via=pair.via)
