"""The package's shape: imports go one way between its rooms, no module imports itself
round a circle, each room uses only the libraries it is for, every module says what it
is for. Read from the source (ast), lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cx_pillars"

# Rooms, lowest first: a module may import its own room or a lower one, never a higher.
# survey and charts are side by side and do not import each other; so are views and
# colleagues (the form questionnaire, offline page and import, built on survey).
RANK = {"core": 0, "survey": 1, "charts": 1, "views": 2, "colleagues": 2, "report": 3, "cli": 4}

# Libraries each room may import (beyond the standard library, numpy and tomli_w).
ALLOWED = {
    "core": set(),
    "survey": set(),
    "charts": {"matplotlib"},
    "views": {"rich", "questionary", "prompt_toolkit"},
    "colleagues": set(),
    "report": {"matplotlib", "rich"},
    "cli": {"typer", "rich", "click"},
}
GUARDED = {"typer", "click", "rich", "questionary", "prompt_toolkit", "matplotlib"}
# The one exception: terminal cell widths are Rich's own measure (rich.cells, no console),
# so that text the views wrap themselves lines up with the tables Rich lays out.
EXCEPTIONS = {"cx_pillars.textwidth": {"rich.cells"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(name: str) -> str:
    parts = name.split(".")
    if name == "cx_pillars.__main__":
        return "cli"
    if len(parts) > 1 and parts[1] in RANK and parts[1] != "core":
        # cx_pillars.cli, cx_pillars.views.x, ... (a core module named like a room,
        # e.g. cx_pillars.team, is not one: rooms are packages)
        if (PACKAGE / parts[1]).is_dir():
            return parts[1]
    return "core"


def imports(path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, resolved to our modules
    (``from pkg import sub`` names the submodule) or to a top-level library name.

    Imports under ``if TYPE_CHECKING:`` are left out: they name a type for the checker
    and never run (``compare`` names the survey summary it is handed, for instance)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.append((full if full in known else node.module, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


GRAPH = {
    name: [(target, line) for target, line in imports(path, modules())]
    for name, path in modules().items()
}


def ours(target: str) -> bool:
    return target == "cx_pillars" or target.startswith("cx_pillars.")


def test_the_rooms_exist():
    rooms = {room(name) for name in GRAPH}
    assert rooms == set(RANK), rooms


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_go_one_way(name):
    here = room(name)
    wrong = [
        f"line {line}: {target} ({room(target)})"
        for target, line in GRAPH[name]
        if ours(target)
        and target != "cx_pillars"
        and (
            RANK[room(target)] > RANK[here]
            or (RANK[room(target)] == RANK[here] and room(target) != here)
        )
    ]
    assert not wrong, f"{name} ({here}) imports upward or sideways: {wrong}"


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_each_room_uses_only_its_libraries(name):
    here = room(name)
    used = {
        target.split(".")[0]
        for target, _ in GRAPH[name]
        if not ours(target) and target not in EXCEPTIONS.get(name, set())
    }
    wrong = (used & GUARDED) - ALLOWED[here]
    assert not wrong, f"{name} ({here}) imports {sorted(wrong)}"


def test_no_import_cycles():
    edges = {
        name: {t for t, _ in targets if t in GRAPH and t != name} for name, targets in GRAPH.items()
    }

    # A package's __init__ importing its own modules, and they importing names back from
    # the package, is how Python packages are built; other cycles are not.
    def is_parent(a: str, b: str) -> bool:
        return b.startswith(a + ".")

    state: dict[str, int] = {}
    path: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if is_parent(nxt, node):
                continue  # a submodule importing from its own package
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_nothing_imports_the_command_line():
    wrong = [
        f"{name} line {line}"
        for name, targets in GRAPH.items()
        for target, line in targets
        if room(name) != "cli"
        and (target == "cx_pillars.cli" or target.startswith("cx_pillars.cli."))
    ]
    assert not wrong


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_every_module_says_what_it_is_for(name):
    doc = ast.get_docstring(ast.parse(modules()[name].read_text(encoding="utf-8")))
    assert doc, f"{name} has no docstring"
    first = doc.strip().splitlines()[0]
    assert len(first.split()) >= 3, f"{name}: {first!r} says too little"


def test_the_checker_sees_a_wrong_import(tmp_path):
    """The rules above would catch a view importing the command line."""
    bad = tmp_path / "bad.py"
    bad.write_text('"""A view."""\nfrom cx_pillars.cli.common import load\n')
    targets = [t for t, _ in imports(bad, modules())]
    assert targets == ["cx_pillars.cli.common"]
    assert RANK[room("cx_pillars.cli.common")] > RANK[room("cx_pillars.views.render")]
