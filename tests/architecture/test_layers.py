"""The engine's layer contracts and the absence of import cycles, read from the source.

Every import of an `engine` module is counted, including those inside functions (an import put in
a function body to dodge a cycle is still a cycle). A module may import modules of its own layer
and of layers below it; siblings separated by `|` are independent and may not import each other.
docs/architecture.md draws the same stack.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"

# top to bottom; a layer may import only itself and the layers below it
LAYERS = (
    "engine.__main__",
    "engine.cli",
    "engine.batch | engine.report",
    "engine.workflow",
    "engine.testing | engine.explain",
    "engine.evaluate",
    "engine.language.rulebook",
    "engine.language.compile",
    "engine.language.builtins",
    "engine.language.runtime | engine.language.syntax",
    "engine.facts",
    "engine.parse",
    "engine.read",
    "engine.vocabulary | engine.util",
    "engine.errors",
    "engine.model",
    "engine.record | engine.resources",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in ENGINE.rglob("*.py") if "data" not in path.parts}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("engine"):
                    graph[name].add(target)
    return graph


def _layer_of(module: str) -> tuple[int, str]:
    """(index from the top, sibling prefix) of the most specific layer entry naming the module."""
    best: tuple[int, int, str] | None = None
    for index, layer in enumerate(LAYERS):
        for prefix in (part.strip() for part in layer.split("|")):
            names_it = module == prefix or module.startswith(prefix + ".")
            if names_it and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix), prefix)
    prefixes = [part.strip() for layer in LAYERS for part in layer.split("|")]
    if best is None and any(prefix.startswith(module + ".") for prefix in prefixes):
        return len(LAYERS), module  # a parent package (`engine`: its version; `engine.language`): below everything
    assert best is not None, f"{module} is in no layer: add it to LAYERS (and docs/architecture.md)"
    return best[0], best[2]


def test_every_module_is_in_a_layer():
    for module in _modules():
        _layer_of(module)


def test_no_module_imports_upward_or_across():
    broken = []
    for module, imported in sorted(import_graph().items()):
        layer, sibling = _layer_of(module)
        for target in sorted(imported):
            target_layer, target_sibling = _layer_of(target)
            if target_layer < layer or (target_layer == layer and target_sibling != sibling):
                broken.append(f"{module} imports {target} ({target_sibling} is not below {sibling})")
    assert not broken, "layer contract broken:\n" + "\n".join(broken)


def test_no_import_cycles():
    graph = import_graph()
    cycles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(sorted(component)) for component in cycles)


def test_the_checks_see_a_planted_cycle_and_an_upward_import():
    planted = {"engine.model": {"engine.errors"}, "engine.errors": {"engine.model"}}
    assert [sorted(c) for c in _strongly_connected(planted) if len(c) > 1] == [["engine.errors", "engine.model"]]
    assert _layer_of("engine.model")[0] > _layer_of("engine.errors")[0]  # model importing errors is upward


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the graph has a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_docs_architecture_draws_the_same_stack():
    text = (ENGINE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## Layers", 1)[1].split("```", 2)[1]
    assert tuple(line.strip() for line in block.strip().splitlines()) == LAYERS
