"""Writing graded notebooks as short Python: the cells nbgrader expects.

An assignment is authored in ``course/authoring/NN_topic.py`` as a list of
cells built with these functions, and ``python course/authoring/build.py``
writes ``course/source/NN_topic/NN_topic.ipynb``. The helpers keep the
course's conventions in one place: points only in metadata (the heading's
points are written from the same number), meaningful grade ids, a docstring
first in every test cell, a visible test and hidden ones, the rubric inside
the written answer's solution region (students never get it).

A long assignment may keep groups of its parts in files of their own, in a
folder named like it (``course/authoring/NN_topic/``); :func:`load` reads one.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from textwrap import dedent
from types import ModuleType

__all__ = [
    "answer",
    "front",
    "load",
    "markdown",
    "notebook",
    "part",
    "setup",
    "test",
    "write",
    "written",
]

SCHEMA = 3


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _text(source: str) -> str:
    return dedent(source).strip("\n")


def _cell(kind: str, source: str, metadata: dict | None = None) -> dict:
    cell = {"cell_type": kind, "metadata": metadata or {}, "source": _text(source)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def markdown(source: str) -> dict:
    """A plain markdown cell (teaching text, hints)."""
    return _cell("markdown", source)


def front(grade_id: str, title: str, goals: list[str], minutes: int, intro: str) -> dict:
    """The locked first cell: title, learning goals and the estimated time."""
    lines = [f"# {title}", "", _text(intro), "", "**You will be able to**", ""]
    lines += [f"- {g}" for g in goals]
    lines += ["", f"**Time:** about {minutes} minutes."]
    return _cell(
        "markdown", "\n".join(lines), _meta(grade_id, grade=False, solution=False, locked=True)
    )


def setup(assignment: str, extra: str = "") -> dict:
    """The first code cell: the trainee id and the trainee's own portfolio.

    It is deliberately *not* an nbgrader cell: ``TRAINEE_ID`` is what the
    trainee writes, and grading must see it as written.
    """
    source = f'''
        TRAINEE_ID = ""  # the id your coach gave you; on JupyterHub leave it empty

        import pandas as pd
        import pmo_exercises as pmo
        from pmo_exercises.course import start

        work = start("{assignment}", TRAINEE_ID)
        portfolio = work.portfolio
    '''
    return _cell("code", _text(source) + ("\n" + _text(extra) if extra else ""))


def part(letter: str, title: str, points: float, text: str) -> dict:
    """A part's heading and question; ``points`` is the part's total, for the reader."""
    shown = int(points) if float(points).is_integer() else points
    unit = "point" if points == 1 else "points"
    return _cell("markdown", f"## Part {letter}: {title} ({shown} {unit})\n\n{_text(text)}")


def answer(grade_id: str, stub: str, solution: str, indent: int = 0) -> dict:
    """An autograded answer cell: the stub the trainee sees, then the solution.

    ``indent`` is the solution's indentation inside the stub (4 for a function
    body): the markers take it, so the release's ``raise NotImplementedError()``
    lands in the body.
    """
    pad = " " * indent
    body = "\n".join(pad + line if line else line for line in _text(solution).splitlines())
    source = f"{_text(stub)}\n{pad}### BEGIN SOLUTION\n{body}\n{pad}### END SOLUTION"
    return _cell("code", source, _meta(grade_id, grade=False, solution=True, locked=False))


def test(
    grade_id: str, points: float, checks: str, visible: str, hidden: str | list[str] = ""
) -> dict:
    """A locked test cell: a one-line docstring, visible checks, hidden checks.

    Parameters
    ----------
    grade_id : str
        ``test_<what>``.
    points : float
        The cell's points (metadata only).
    checks : str
        One line: what the cell checks.
    visible : str
        Test code shown to the trainee.
    hidden : str or list of str
        Code kept for grading; snippets of a list are dedented one by one.
    """
    source = f'"""{checks}"""\n{_text(visible)}'
    if isinstance(hidden, str):
        hidden = [hidden] if hidden else []
    if hidden:
        code = "\n".join(_text(h) for h in hidden)
        source += f"\n### BEGIN HIDDEN TESTS\n{code}\n### END HIDDEN TESTS"
    return _cell(
        "code", source, _meta(grade_id, grade=True, solution=False, locked=True, points=points)
    )


def written(grade_id: str, points: float, model: str, rubric: list[tuple[float, str]]) -> dict:
    """A manually graded written answer; the model answer and rubric are the coach's only.

    Parameters
    ----------
    rubric : list of (points, criterion)
        The marks a coach gives, summing to ``points``.
    """
    total = sum(p for p, _ in rubric)
    if abs(total - points) > 1e-9:
        raise ValueError(f"{grade_id}: rubric sums to {total}, not {points}")
    lines = ["### BEGIN SOLUTION", "**For the coach: a model answer**", "", _text(model), ""]
    lines += ["**Rubric**", ""]
    lines += [f"- {p:g} point{'s' if p != 1 else ''}: {c}" for p, c in rubric]
    lines += ["### END SOLUTION"]
    return _cell(
        "markdown",
        "\n".join(lines),
        _meta(grade_id, grade=True, solution=True, locked=False, points=points),
    )


def notebook(cells: list[dict]) -> dict:
    """The notebook around the cells, with the kit's kernel."""
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write(path: Path, cells: list[dict]) -> bool:
    """Write the notebook (cell ids from grade ids or position); True when it changed."""
    nb = notebook(cells)
    for i, cell in enumerate(nb["cells"]):
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        cell["id"] = (grade_id or f"cell-{i:02d}").replace("_", "-")[:64]
        if isinstance(cell["source"], str):
            cell["source"] = cell["source"].splitlines(keepends=True)
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def load(path: str | Path) -> ModuleType:
    """Run the authoring file at ``path`` and return it as a module (its ``CELLS``, its snippets).

    An authoring file is not on the import path: ``course/authoring/build.py``
    reads each assignment this way, and an assignment reads the files of its
    folder the same way, e.g. ``load(Path(__file__).with_name("02_planning") / "pert.py")``.
    Each call runs the file anew.
    """
    path = Path(path)
    name = f"_authoring_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"not a Python file: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
