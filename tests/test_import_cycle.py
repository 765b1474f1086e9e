"""The package has no import cycle: no module imports another that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "itadocs"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every itadocs module ``path`` imports, at the top or inside a function."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            base = f"{base}.{node.module}" if node.level and node.module else (
                base if node.level else node.module or "")
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules}
    # a module's own packages are imported before it anyway: not an edge of a cycle
    return found - {name} - {name.rsplit(".", n)[0] for n in range(1, name.count(".") + 1)}


def _graph() -> dict[str, set[str]]:
    files = [p for p in PACKAGE.rglob("*.py")]
    modules = {_module(p) for p in files}
    return {_module(p): _imports(p, modules) for p in files}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (empty when there is none)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_graph_is_read():
    graph = _graph()
    assert "itadocs.documents.compose" in graph["itadocs.build.batch"]  # inside a function
    assert "itadocs.build.batch" in graph["itadocs.pipeline"]
    assert "itadocs.exceptions" in graph["itadocs.web.present"]  # relative, two dots


def test_no_import_cycle():
    assert _cycle(_graph()) == []


def test_a_cycle_would_be_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
