"""Claim types as modules: no module outside the types (``types/``, the parsers in
``values/``, drafting in ``draft/``) and the rules of one type (``rules/``) branches on a
claim type's name; they ask the type's hooks (docs/types.md).

The source is read with ``ast``: a comparison (``==``, ``!=``, ``in``, ``not in``) of a
built-in type's name, written as a literal, with anything but a consensus kind
(``BaseType.consensus`` is the hook's answer, not a type's name) fails the test, naming
the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

from discrepancy.types.registry import BUILTIN_TYPES

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "discrepancy"
#: where a type's name may be compared: the types themselves and the rules of one type
EXEMPT = ("types", "values", "draft", "rules")
NAMES = frozenset(t.name for t in BUILTIN_TYPES)


def _names_in(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in NAMES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_in(e) for e in node.elts)
    return False


def _of_consensus(node: ast.expr) -> bool:
    return "consensus" in ast.unparse(node)


def type_name_branches(root: Path = PACKAGE) -> list[str]:
    """``path:line: code`` of every comparison of a type's name outside :data:`EXEMPT`."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in EXEMPT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            named = [s for s in sides if _names_in(s)]
            others = [s for s in sides if not _names_in(s)]
            if named and not any(_of_consensus(s) for s in others):
                out.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    return out


def test_no_module_outside_the_types_compares_a_type_name() -> None:
    found = type_name_branches()
    assert not found, "ask the claim type's hooks instead:\n" + "\n".join(found)


def test_the_scan_finds_a_type_name_comparison(tmp_path: Path) -> None:
    (tmp_path / "table").mkdir()
    (tmp_path / "table" / "x.py").write_text(
        'ok = kind.consensus == "set"\nif claim.type == "quantity":\n    pass\n'
        'y = t in ("label", "x")\n'
    )
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "y.py").write_text('q = group.type == "date"\n')
    assert type_name_branches(tmp_path) == [
        "table/x.py:2: claim.type == 'quantity'",
        "table/x.py:4: t in ('label', 'x')",
    ]
