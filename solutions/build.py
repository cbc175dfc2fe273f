"""Generate the solved copies of the lessons, so that they never drift from them.

A lesson marks each "Try it" placeholder cell (``answer = ...``) with the
cell tag ``solution``. Its solutions live in ``solutions/answers/NN_topic.yaml``,
keyed by cell id. This script copies ``notebooks/NN_topic.ipynb`` to
``solutions/notebooks/NN_topic.ipynb`` with each tagged cell's source replaced
by its solution, and nothing else changed::

    python solutions/build.py            # (re)write every solution
    python solutions/build.py --check    # exit 1 if a committed solution is out of date

A tagged cell without a solution, or a solution without its cell, is an error:
the two files must stay in step. The test suite runs the check, then executes
every solution and expects every check to say Correct.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
ANSWERS = ROOT / "solutions" / "answers"
SOLVED = ROOT / "solutions" / "notebooks"
TAG = "solution"


def answers_for(lesson: Path) -> dict[str, str]:
    """The solutions of a lesson, by cell id (an empty dict if it has none)."""
    path = ANSWERS / f"{lesson.stem}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of cell id to code")
    return {str(k): str(v) for k, v in data.items()}


def solve(lesson: nbformat.NotebookNode, answers: dict[str, str], name: str = "lesson"):
    """A copy of ``lesson`` with every cell tagged ``solution`` replaced by its answer.

    Raises
    ------
    ValueError
        When a tagged cell has no answer, or an answer names no tagged cell.
    """
    solved = copy.deepcopy(lesson)
    tagged = [
        c for c in solved.cells if c.cell_type == "code" and TAG in c.metadata.get("tags", [])
    ]
    ids = {c.id for c in tagged}
    missing = [i for i in (c.id for c in tagged) if i not in answers]
    if missing:
        raise ValueError(f"{name}: no solution for the cell(s) {', '.join(missing)}")
    unused = sorted(set(answers) - ids)
    if unused:
        raise ValueError(f"{name}: solutions for no tagged cell: {', '.join(unused)}")
    for cell in tagged:
        cell.source = answers[cell.id].rstrip("\n")
        cell.outputs = []
        cell.execution_count = None
    return solved


def lessons() -> list[Path]:
    """The lessons that have solutions: ``notebooks/NN_topic.ipynb`` with an answers file."""
    return [p for p in sorted(LESSONS.glob("[0-9][0-9]_*.ipynb")) if answers_for(p)]


def build(lesson: Path) -> nbformat.NotebookNode:
    """The solved copy of one lesson, in memory."""
    nb = nbformat.read(lesson, as_version=4)
    return solve(nb, answers_for(lesson), lesson.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if a solution is missing or out of date"
    )
    args = parser.parse_args(argv)
    stale = []
    for lesson in lessons():
        target = SOLVED / lesson.name
        text = nbformat.writes(build(lesson)) + "\n"
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.relative_to(ROOT))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        print(f"out of date (run python solutions/build.py): {', '.join(map(str, stale))}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
