"""The dataset's lineage links (``continues``, ``declines``), followed in both directions."""

from __future__ import annotations

from collections import defaultdict

from cppsctl.analysis.compare import Status, classify
from cppsctl.model import Action, Dataset


class Lineage:
    """The dataset's lineage links, forwards and backwards."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.continued_by: dict[str, list[Action]] = defaultdict(list)
        self.declined_by: dict[str, list[Action]] = defaultdict(list)
        for action in dataset.actions:
            for target in action.continues:
                self.continued_by[target].append(action)
            for target in action.declines:
                self.declined_by[target].append(action)

    def predecessors(self, action: Action) -> list[Action]:
        return [a for i in action.continues if (a := self.dataset.find_action(i)) is not None]

    def change(self, action: Action) -> Status | None:
        """How ``action`` changed from the actions it continues (None when it continues none)."""
        before = self.predecessors(action)
        if not before:
            return None
        after = {a.id: a for p in before for a in self.continued_by[p.id] if a.contract_id == action.contract_id}
        return classify(before, list(after.values()))

    def scope_chain(self, action: Action) -> list[Action]:
        """Every action joined to ``action`` by ``continues`` links, either way (itself included)."""
        found: dict[str, Action] = {}
        stack = [action]
        while stack:
            current = stack.pop()
            if current.id in found:
                continue
            found[current.id] = current
            stack += self.predecessors(current)
            stack += self.continued_by[current.id]
        return list(found.values())
