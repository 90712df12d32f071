"""Layering: no import cycle between the package's modules.

The graph is read from the source with ``ast``: every ``import`` and ``from ... import``,
at module level or inside a function (an import inside a function still ties two modules
together; it only hides the cycle until run time). A module importing a name of a package
depends on that package's ``__init__``; a module never depends on its own parent package.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "discrepancy"


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def import_graph() -> dict[str, dict[str, int]]:
    """Per module: the modules of the package it imports, each with the line of the first
    such import."""
    mods = _modules()
    graph: dict[str, dict[str, int]] = {m: {} for m in mods}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    head = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(head + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for target in targets:
                while target and target not in mods:
                    target = target.rsplit(".", 1)[0] if "." in target else ""
                if target and target != name and not name.startswith(target + "."):
                    graph[name].setdefault(target, node.lineno)
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def _describe(graph: dict[str, dict[str, int]], comp: list[str]) -> str:
    inside = set(comp)
    edges = [
        f"  {m} -> {t} ({_modules()[m].relative_to(SRC)}:{line})"
        for m in comp
        for t, line in sorted(graph[m].items())
        if t in inside
    ]
    return f"{len(comp)} modules import each other:\n" + "\n".join(edges)


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, "\n".join(_describe(graph, c) for c in found)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


#: Layers bottom-up (a module may import its own layer and those below, never above):
#: the claim types sit above values, the model and the compare kernels, and below the
#: rules, consensus, the engine, the loaders and the reports.
ABOVE_TYPES = (
    "discrepancy.rules",
    "discrepancy.consensus",
    "discrepancy.agreement",
    "discrepancy.grouping",
    "discrepancy.engine",
    "discrepancy.table",
    "discrepancy.io",
    "discrepancy.report",
    "discrepancy.cli",
    "discrepancy.dask",
)
BELOW_TYPES = (
    "discrepancy.values",
    "discrepancy.model",
    "discrepancy.groups",
    "discrepancy.compare",
)


def _reach(graph: dict[str, dict[str, int]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_claim_types_sit_between_values_and_the_engine() -> None:
    graph = import_graph()
    types = [m for m in graph if _under(m, ("discrepancy.types",))]
    assert "discrepancy.types.registry" in types
    for m in types:
        up = sorted(t for t in _reach(graph, m) if _under(t, ABOVE_TYPES))
        assert not up, f"{m} reaches {up}"
    for m in (m for m in graph if _under(m, BELOW_TYPES)):
        reached = _reach(graph, m)
        assert not any(_under(t, ("discrepancy.types",)) for t in reached), m
