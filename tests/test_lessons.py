"""Lessons and their solutions: instant feedback end to end, and names that exist.

An untouched lesson runs top to bottom with every check saying "Not answered
yet"; its generated solution runs with every check saying "Correct"; the
committed solution is exactly what ``solutions/build.py`` generates; and every
``pmo_exercises`` name a lesson uses exists in the package.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d\d\.\w+)["']""")
FEEDBACK = re.compile(r"^\[(\d\d\.\w+)\] (Correct|Not yet|Not answered yet):")


def _load_build():
    spec = importlib.util.spec_from_file_location("solutions_build", ROOT / "solutions/build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _run(nb, where: Path) -> dict[str, str]:
    """Execute a notebook; the feedback of each check as ``{question id: label}``."""
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(where)}}
    ).execute()
    errors = [
        f"{c.id}: {o.ename}: {o.evalue}"
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors
    seen = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain", "") if "data" in out else ""
            match = FEEDBACK.match(text)
            if match:
                seen[match.group(1)] = match.group(2)
    return seen


def _asked(nb) -> list[str]:
    return [m.group(1) for s in _code(nb) for m in CHECK_CALL.finditer(s)]


# the lessons with instant feedback, and those with generated solutions
LESSONS = [p for p in NOTEBOOKS if _asked(nbformat.read(p, as_version=4))]
SOLVED = build.lessons()


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_untouched_lesson_says_not_answered_yet(path):
    nb = nbformat.read(path, as_version=4)
    seen = _run(nb, path.parent)
    assert seen == dict.fromkeys(_asked(nb), "Not answered yet")


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLVED, ids=[p.stem for p in SOLVED])
def test_solution_passes_every_check(path):
    nb = build.build(path)
    seen = _run(nb, path.parent)
    assert seen and seen == dict.fromkeys(_asked(nb), "Correct")


@pytest.mark.parametrize("path", SOLVED, ids=[p.stem for p in SOLVED])
def test_committed_solution_is_generated_from_its_lesson(path):
    committed = ROOT / "solutions" / "notebooks" / path.name
    assert committed.exists(), "run python solutions/build.py"
    assert committed.read_text(encoding="utf-8") == nbformat.writes(build.build(path)) + "\n"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_check_of_a_lesson_is_a_known_question_placed_after_its_answer(path):
    from pmo_exercises.checks import question

    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    for i, cell in enumerate(cells):
        for qid in CHECK_CALL.findall(cell.source) if cell.cell_type == "code" else []:
            question(qid)  # KeyError for an unknown id
            before = cells[i - 1]
            assert "solution" in before.metadata.get("tags", []), f"{qid}: no answer cell before"
            assert re.search(r"^answer = \.\.\.$", before.source, re.M), f"{qid}: no placeholder"
    assert len(set(_asked(nb))) == len(_asked(nb)), "a question is checked twice"


def test_solve_refuses_a_lesson_and_answers_out_of_step():
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("answer = ...", id="q1", metadata={"tags": ["solution"]})]
    )
    assert build.solve(nb, {"q1": "answer = 1\n"}).cells[0].source == "answer = 1"
    assert nb.cells[0].source == "answer = ...", "the lesson itself is left alone"
    with pytest.raises(ValueError, match="no solution for the cell"):
        build.solve(nb, {})
    with pytest.raises(ValueError, match="for no tagged cell: q2"):
        build.solve(nb, {"q1": "answer = 1", "q2": "answer = 2"})


# -- the names a lesson uses exist ---------------------------------------------------------


def package_names(sources: list[str]) -> set[str]:
    """Every dotted ``pmo_exercises`` name the code uses, through any import alias."""
    aliases: dict[str, str] = {}
    used: set[str] = set()
    trees = [ast.parse(s) for s in sources]
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "pmo_exercises":
                        if a.asname:  # import pmo_exercises.tracking as t
                            aliases[a.asname] = a.name
                        else:  # import pmo_exercises(.tracking) binds the package
                            aliases["pmo_exercises"] = "pmo_exercises"
                        used.add(a.name)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "pmo_exercises"
            ):
                for a in node.names:
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
                    used.add(f"{node.module}.{a.name}")
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                chain = []
                root = node
                while isinstance(root, ast.Attribute):
                    chain.append(root.attr)
                    root = root.value
                if isinstance(root, ast.Name) and root.id in aliases:
                    used.add(".".join([aliases[root.id], *reversed(chain)]))
    return used


def resolves(dotted: str) -> bool:
    """Whether a dotted name exists: attributes from the package down, or a submodule."""
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], start=2):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                return False
    return True


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_package_name_a_lesson_uses_exists(path):
    names = package_names(_code(nbformat.read(path, as_version=4)))
    assert names, "a lesson that uses nothing from the kit?"
    assert sorted(n for n in names if not resolves(n)) == []


def test_a_misspelt_name_is_caught():
    code = [
        "import pmo_exercises as pmo\nfrom pmo_exercises import tracking\n"
        "from pmo_exercises.checks import check",
        "pmo.tracking.evmm(bac=1, pv=1, ev=1, ac=1)\ntracking.earned_value_history\n"
        "pmo.checks.Hints()\nfrom pmo_exercises.checks import Hint5",
    ]
    names = package_names(code)
    assert {"pmo_exercises.tracking.evmm", "pmo_exercises.checks.Hint5"} == {
        n for n in names if not resolves(n)
    }
    assert "pmo_exercises.tracking.earned_value_history" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lessons_stay_thin(path):
    """No function or class worth testing lives in a notebook: it belongs in the package."""
    for source in _code(nbformat.read(path, as_version=4)):
        defined = [
            n.name
            for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert defined == []
