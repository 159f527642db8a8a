"""The package's rooms: who may import whom, and no import circles (type-only imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "simulation"

# A subpackage may import only the rooms listed here (besides itself and the shared texts).
ALLOWED = {
    "house": {"house", "interventions"},
    "interventions": {"interventions", "house"},
    "sweeps": {"sweeps", "house", "interventions"},
    "analysis": {"analysis", "sweeps", "house", "interventions", "i18n"},
    "app": {"app", "analysis", "house", "interventions", "i18n"},   # analysis: "Mijn huis"
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the simulation modules it imports anywhere in its source (also TYPE_CHECKING)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module \
                    and node.module.startswith("simulation"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("simulation"))
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "simulation.house.model" in graph
    assert "simulation.interventions.registry" in graph["simulation.house.model"]


@pytest.mark.parametrize("source", sorted(ALLOWED))
def test_rooms_import_only_what_they_may(source: str) -> None:
    graph = import_graph()
    bad = sorted((module, dep) for module, deps in graph.items() if room(module) == source
                 for dep in deps if room(dep) not in ALLOWED[source])
    assert not bad, f"{source} imports outside its rooms: {bad}"


def test_no_import_circles() -> None:
    graph = import_graph()
    seen: dict[str, int] = {}   # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        seen[node] = 1
        for dep in sorted(graph[node]):
            if seen.get(dep) == 1:
                return [*path[path.index(dep):], dep] if dep in path else [node, dep]
            if dep not in seen and (cycle := visit(dep, [*path, dep])):
                return cycle
        seen[node] = 2
        return None

    for start in sorted(graph):
        if start not in seen and (cycle := visit(start, [start])):
            pytest.fail(f"import circle: {' -> '.join(cycle)}")
