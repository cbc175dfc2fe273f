"""The house rules, checked on the source: the floors of ARCHITECTURE.md, no private name
borrowed across modules, files of one idea.

Data flows one way::

    core data and I/O  ->  analytics  ->  presentation  ->  course material and CLI

A module may import from its own floor or a lower one, never from a higher one,
and that holds for imports inside functions too (read here with :mod:`ast`, so
a lazy import cannot hide). A module may not import another module's private
name (``from .x import _y``) or reach into it (``x._y``): what is shared is
public in the module that owns it. And no source file, in the package or in
the assignments' authoring, runs past 500 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pmo_exercises"

#: The floors, lowest first: the top-level part of pmo_exercises each holds.
FLOORS = {
    1: {"core", "io", "network", "simulation", "data"},
    2: {"planning", "tracking", "risk", "governance", "strategy", "game"},
    3: {"reporting", "charts", "widgets"},
    4: {"checks", "course", "cli", "launch", "app_server", "hub", "__main__"},
}
FLOOR_OF = {part: floor for floor, parts in FLOORS.items() for part in parts}

#: Upward imports still to untie, each with its reason. Keep it empty; a line here is a debt.
UPWARD_ALLOWED: dict[tuple[str, str], str] = {}

#: Private names shared across modules on purpose, each with its reason.
PRIVATE_ALLOWED: dict[tuple[str, str], str] = {}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(name: str, path: Path):
    """(line, imported module, names) for every import of the package in ``path``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "pmo_exercises":
                yield node.lineno, target, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pmo_exercises":
                    yield node.lineno, alias.name, []


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _floor(module: str) -> int | None:
    parts = module.split(".")
    return FLOOR_OF.get(parts[1]) if len(parts) > 1 else None


MODULES = list(_modules())


def test_every_part_of_the_package_has_a_floor():
    tops = {m.split(".")[1] for m, _ in MODULES if "." in m}
    private = {t for t in tops if t.startswith("_")}
    assert tops - private - set(FLOOR_OF) == set(), "add the new part to FLOORS"


def test_no_module_imports_from_a_higher_floor():
    found = []
    for name, path in MODULES:
        mine = _floor(name)
        for line, target, names in _imports(name, path):
            targets = [target] if _floor(target) else [f"{target}.{n}" for n in names]
            for t in targets:
                theirs = _floor(t)
                if mine and theirs and theirs > mine and (name, t) not in UPWARD_ALLOWED:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {t}")
    assert found == [], "upward imports:\n" + "\n".join(found)


def test_no_module_borrows_a_private_name_of_another():
    found = []
    for name, path in MODULES:
        for line, target, names in _imports(name, path):
            if target == name:
                continue
            for n in names:
                if not n.startswith("_") or n.startswith("__") or (name, n) in PRIVATE_ALLOWED:
                    continue
                if _is_module(f"{target}.{n}") and (name + ".").startswith(target + "."):
                    continue  # a private module serves the package it lies in
                where = path.relative_to(PACKAGE.parent)
                found.append(f"{where}:{line} imports {n} from {target}")
            private = [p for p in target.split(".")[1:] if p.startswith("_") and p != "__init__"]
            if private:
                owner = target.rpartition(".")[0]
                inside = name == owner or name.startswith(owner + ".")
                if not inside and (name, target) not in PRIVATE_ALLOWED:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert found == [], "private names borrowed:\n" + "\n".join(found)


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_module_writes_into_a_private_attribute_of_another_object(name, path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        targets += [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for t in targets:
            if (
                isinstance(t, ast.Attribute)
                and t.attr.startswith("_")
                and not t.attr.startswith("__")
                and not (isinstance(t.value, ast.Name) and t.value.id in {"self", "cls"})
            ):
                bad.append(f"line {t.lineno}: {ast.unparse(t)} = ...")
    assert bad == []


#: The longest a source file may run. A file holds one idea; past this, it holds two.
MAX_LINES = 500
AUTHORING = PACKAGE.parent / "course" / "authoring"


@pytest.mark.parametrize(
    "path",
    sorted([*PACKAGE.rglob("*.py"), *AUTHORING.rglob("*.py")]),
    ids=lambda p: str(p.relative_to(PACKAGE.parent)),
)
def test_no_source_file_runs_past_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by idea"
