"""Helpers of the coach-tool tests: a tiny synthetic course, submissions, scores.

The tiny assignment ``01_tiny`` has the shape of a real one (the setup cell that
loads the trainee's portfolio, two autograded parts with visible and hidden
tests, a written part with its rubric) and runs in about a second, so that the
adversarial catalogue and the harness are fast.
"""

from __future__ import annotations

import copy
import html
import json
import shutil
from pathlib import Path

from pmo_exercises.course.authoring import answer, front, part, setup, test, write, written
from pmo_exercises.course.coach.course import Course, quiet

ROOT = Path(__file__).resolve().parent.parent
TINY = "01_tiny"

TINY_CELLS = [
    front("front_matter", "Assignment 01: tiny", ["count projects", "double a number"], 5, "Tiny."),
    setup(TINY),
    part("A", "Counting projects", 1, "Assign `n_projects`, the number of projects."),
    answer(
        "answer_n_projects",
        "n_projects = None  # the number of projects",
        "n_projects = len(portfolio.projects)",
    ),
    test(
        "test_n_projects",
        1,
        "n_projects: the number of projects of your portfolio.",
        "assert n_projects is not None, 'assign n_projects'",
        """
        from pmo_exercises.course import grading
        key = grading.key()
        grading.expect_number(
            n_projects, len(key.portfolio.projects), what="n_projects",
            mistakes={"this counts the tasks, not the projects": len(key.portfolio.tasks)},
        )
        """,
    ),
    part("B", "Doubling", 2, "Write `double(x)`."),
    answer(
        "answer_double",
        'def double(x):\n    """Twice x."""',
        "return 2 * x",
        indent=4,
    ),
    test(
        "test_double",
        2,
        "double: twice its argument.",
        "assert double(2) == 4, 'double(2) should be 4'",
        """
        from pmo_exercises.course import grading
        grading.key()
        assert double(5) == 10, "double(5) should be 10"
        """,
    ),
    written(
        "explain",
        1,
        "Doubling is adding a number to itself.",
        [(1, "says that doubling adds the number to itself")],
    ),
]


def tiny_course(folder: Path) -> Course:
    """A course folder with the kit's configuration and the tiny assignment only."""
    root = folder / "course"
    (root / "source").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "nbgrader_config.py")
    header = ROOT / "course" / "source" / "header.ipynb"
    if header.exists():
        shutil.copy(header, root / "source" / "header.ipynb")
    write(root / "source" / TINY / f"{TINY}.ipynb", copy.deepcopy(TINY_CELLS))
    return Course(root)


def copy_course(folder: Path, assignments: list[str] | None = None) -> Course:
    """A copy of the kit's course (config, header, the given assignments' sources)."""
    root = folder / "course"
    (root / "source").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "nbgrader_config.py")
    src = ROOT / "course" / "source"
    if (src / "header.ipynb").exists():
        shutil.copy(src / "header.ipynb", root / "source" / "header.ipynb")
    for name in assignments or Course(ROOT / "course").assignments():
        shutil.copytree(src / name, root / "source" / name)
    return Course(root)


def read(path: Path) -> dict:
    """A notebook as JSON."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source_text(cell: dict) -> str:
    """A cell's source as one string."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def release_nb(course: Course, assignment: str) -> dict:
    """The release copy (what trainees get)."""
    return read(course.folder("release", None, assignment) / f"{assignment}.ipynb")


def solution_nb(course: Course, assignment: str) -> dict:
    """The release copy with every answer solved, as a trainee who solved it submits it.

    Each solution cell gets the source's code without the ``### BEGIN/END
    SOLUTION`` lines; written answers get the model answer.
    """
    nb = release_nb(course, assignment)
    source = read(course.source_notebook(assignment))
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            text = source_text(cell_by_id(source, meta["grade_id"]))
            lines = [ln for ln in text.splitlines() if "### BEGIN SOLUTION" not in ln]
            cell["source"] = "\n".join(ln for ln in lines if "### END SOLUTION" not in ln)
    return nb


def cell_by_id(nb: dict, grade_id: str) -> dict:
    """The cell with this nbgrader grade id."""
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def setup_cell(nb: dict) -> dict:
    """The first code cell (``TRAINEE_ID = ...``)."""
    return next(
        c for c in nb["cells"] if c["cell_type"] == "code" and "TRAINEE_ID" in source_text(c)
    )


def with_trainee(nb: dict, trainee: str) -> dict:
    """The notebook with ``TRAINEE_ID`` set, as a trainee off JupyterHub writes it."""
    nb = copy.deepcopy(nb)
    cell = setup_cell(nb)
    cell["source"] = source_text(cell).replace('TRAINEE_ID = ""', f'TRAINEE_ID = "{trainee}"', 1)
    return nb


def add_cell(nb: dict, code: str, after: str | None = None) -> dict:
    """The notebook with a trainee code cell added (after a grade id, or after setup)."""
    nb = copy.deepcopy(nb)
    anchor = cell_by_id(nb, after) if after else setup_cell(nb)
    index = nb["cells"].index(anchor) + 1
    nb["cells"].insert(
        index,
        {
            "cell_type": "code",
            "metadata": {},
            "source": code,
            "outputs": [],
            "execution_count": None,
        },
    )
    return nb


def replace_answer(nb: dict, grade_id: str, code: str) -> dict:
    """The notebook with an answer cell's code replaced."""
    nb = copy.deepcopy(nb)
    cell_by_id(nb, grade_id)["source"] = code
    return nb


def submit(course: Course, student: str, assignment: str, nb: dict | str, name: str | None = None):
    """Put a submission in ``submitted/`` as nbgrader's collect does."""
    folder = course.folder("submitted", student, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    text = nb if isinstance(nb, str) else json.dumps(nb, indent=1)
    (folder / (name or f"{assignment}.ipynb")).write_text(text, encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC", encoding="utf-8")


def scores(course: Course, assignment: str) -> dict[str, dict[str, float | None]]:
    """Student -> grade id -> score, from the gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with quiet(), Gradebook(course.db_url, course.course_id) as gb:
        for submission in gb.assignment_submissions(assignment):
            out[submission.student.id] = {
                g.name: g.score for nb in submission.notebooks for g in nb.grades
            }
    return out


def feedback(course: Course, student: str, assignment: str) -> str:
    """The feedback page of a submission, character references resolved (as a trainee reads it)."""
    path = course.folder("feedback", student, assignment) / f"{assignment}.html"
    return html.unescape(path.read_text(encoding="utf-8"))


def autograded_tests(course: Course, assignment: str) -> list[str]:
    """Grade ids of the autograded test cells of the source."""
    nb = read(course.source_notebook(assignment))
    return [
        c["metadata"]["nbgrader"]["grade_id"]
        for c in nb["cells"]
        if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]


#: A second tiny assignment with one concept per part, as the real ones have:
#: two autograded parts, then a written one.
TINY_TRACKING = "02_tiny"

TINY_TRACKING_CELLS = [
    front("front_matter", "Assignment 02: tiny tracking", ["earned value", "CPI"], 5, "Tiny."),
    setup(TINY_TRACKING),
    part("A", "Earned value per project", 2, "Assign `ev`."),
    answer("answer_ev", "ev = None", "ev = 1.0"),
    test("test_ev", 2, "ev: earned value.", "assert ev is not None, 'assign ev'"),
    part("B", "CPI and SPI", 3, "Assign `cpi` and `spi`."),
    answer("answer_cpi_spi", "cpi = spi = None", "cpi = spi = 1.0"),
    test("test_cpi", 2, "cpi: EV / AC.", "assert cpi is not None, 'assign cpi'"),
    test("test_spi", 1, "spi: EV / PV.", "assert spi is not None, 'assign spi'"),
    part("C", "Three lines for the steering committee", 2, "Write them."),
    written("steering", 2, "Three lines.", [(1, "names the late project"), (1, "asks a decision")]),
]


def add_source(course: Course, assignment: str, cells: list[dict]) -> None:
    """Write an assignment's source notebook into the course (``source/NN/NN.ipynb``)."""
    write(course.source_notebook(assignment), copy.deepcopy(cells))


def gradebook_assignment(gb, course: Course, assignment: str) -> None:
    """Put an assignment's graded cells in the gradebook, from its source, as a build does."""
    gb.add_assignment(assignment)
    gb.add_notebook(assignment, assignment)
    for cell in read(course.source_notebook(assignment))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            gb.add_grade_cell(
                meta["grade_id"],
                assignment,
                assignment,
                max_score=float(meta["points"]),
                cell_type=cell["cell_type"],
            )


def grade_submission(gb, assignment: str, student: str, marks: dict[str, float | None]) -> None:
    """Add a graded submission: grade id -> points, ``None`` for a part awaiting marking.

    Code cells get an autograded score, markdown cells the coach's mark; a
    cell not in ``marks`` is left as nbgrader leaves it before grading.
    """
    gb.add_submission(assignment, student)
    for grade_id, points in marks.items():
        grade = gb.find_grade(grade_id, assignment, assignment, student)
        if points is None:
            grade.needs_manual_grade = True
        elif grade.cell_type == "code":
            grade.auto_score, grade.needs_manual_grade = points, False
        else:
            grade.manual_score, grade.needs_manual_grade = points, False
    gb.db.commit()
