"""The layout shows the pipeline: imports only go down the stages, and no module imports itself back.

Stages, lowest first: the base modules (``cppsctl/*.py``), ``dataset``,
``analysis``, ``output``, ``sql``, ``cli``. A module may import its own stage
and the ones below, never one above; the package's own ``__init__`` (the
library's lazy facade) and ``__main__`` stand outside. Every import counts,
those inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cppsctl

PACKAGE = Path(cppsctl.__file__).parent
STAGES = ["base", "dataset", "analysis", "output", "sql", "cli"]
OUTSIDE = {"cppsctl", "cppsctl.__main__"}


def module_name(path: Path) -> str:
    parts = ["cppsctl", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else 0


def imports(module: str) -> set[str]:
    """The cppsctl modules a module imports, anywhere in its code."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {m for m in found if m in MODULES and m != module}


def test_every_stage_is_a_package_whose_docstring_says_what_it_may_import() -> None:
    for name in STAGES[1:]:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and f"Stage {STAGES.index(name)}" in doc and "mport" in doc, name
        assert "\n" not in doc, f"{name}: one line"


@pytest.mark.parametrize("module", sorted(set(MODULES) - OUTSIDE))
def test_imports_only_go_down_the_stages(module: str) -> None:
    upward = {m for m in imports(module) if m not in OUTSIDE and stage(m) > stage(module)}
    assert upward == set(), f"{module} ({STAGES[stage(module)]}) imports a stage above it: {sorted(upward)}"


def test_no_import_loop() -> None:
    graph = {m: imports(m) - OUTSIDE for m in set(MODULES) - OUTSIDE}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import loop: " + " -> ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_checker_sees_imports_inside_functions() -> None:
    assert "cppsctl.dataset.cache" in imports("cppsctl.dataset.load")  # imported where it is needed only
    assert stage("cppsctl.errors") == 0 and stage("cppsctl.cli.commands.list") == STAGES.index("cli")
