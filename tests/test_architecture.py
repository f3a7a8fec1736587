"""The code's shape: no import cycle between modules, no two folders that import each other, and an
ARCHITECTURE.md whose every named module exists (read with `ast`, nothing is imported)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "kyyeu"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The kyyeu modules a file imports, at the top or inside functions (both make a cycle)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def add(target: str) -> None:
        while target and target not in known:  # kyyeu.cite.items.csl_item → kyyeu.cite.items
            target = target.rsplit(".", 1)[0] if "." in target else ""
        if target and target != name:
            found.add(target)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kyyeu"):
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("kyyeu"):
                target = node.module
            else:
                continue
            for alias in node.names:  # `from . import search` imports the module kyyeu.build.search
                add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path [a, b, …, a], or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def folder(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rsplit(".", 1)[0]


def test_the_reader_finds_cycles():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
    known = modules()
    assert "kyyeu.cite.items" in imports(known["kyyeu.cite.files"], known)  # relative `from .items import …`
    assert "kyyeu.build.search" in imports(known["kyyeu.build.languages"], known)  # `from . import search`


def test_no_import_cycle_between_modules():
    edges = graph()
    assert len(edges) > 30
    found = cycle(edges)
    assert found is None, "import cycle: " + " → ".join(found)


def test_no_two_folders_import_each_other():
    """A folder's modules may use a lower folder's, never the reverse; the command line (kyyeu.cli), which
    wires every stage, stands on top and is not part of the package root's folder."""
    known = modules()
    edges: dict[str, set[str]] = {}
    for name, targets in graph().items():
        if name == "kyyeu.cli":
            continue
        here = folder(name, known[name])
        for target in targets:
            there = folder(target, known[target])
            if there != here:
                edges.setdefault(here, set()).add(there)
    found = cycle(edges)
    assert found is None, "folders that import each other: " + " → ".join(found)


def test_architecture_names_only_modules_that_exist():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = {n.rstrip(".") for n in re.findall(r"\bkyyeu(?:/[\w.<>-]+)+/?", text) if "<" not in n}
    assert len(named) >= 20
    missing = sorted(n for n in named if not (PACKAGE.parent / n).exists())
    assert not missing, f"ARCHITECTURE.md names modules that do not exist: {missing}"
    for stage in ("load", "views", "templates", "mkdocs", "search", "publish", "serve"):
        assert stage in text
