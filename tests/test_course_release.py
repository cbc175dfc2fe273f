"""No leaks: the release copy of every assignment holds no solution, hidden test or rubric.

Every assignment of ``course/source`` is generated with nbgrader in a temporary
copy of the course; each release copy is scanned for nbgrader's markers, for
the coach's rubric text, for outputs, and for every line of code that the
source keeps inside a solution or hidden-test region.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from _course_helpers import copy_course, read, release_nb, source_text

from pmo_exercises.course.coach.build import _secret_lines, build, leaks
from pmo_exercises.course.coach.course import Course

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = Course(ROOT / "course").assignments()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("release"), ASSIGNMENTS)
    build(course, write_solutions=False)
    return course


def test_there_are_assignments():
    assert ASSIGNMENTS, "course/source holds no NN_topic assignment"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_copy_leaks_nothing(course, assignment):
    release = release_nb(course, assignment)
    source = read(course.source_notebook(assignment))
    assert leaks(release, source) == []
    text = "\n".join(source_text(c) for c in release["cells"])
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "For the coach", "Rubric", "MARK SCHEME"):
        assert secret not in text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_solution_cell_becomes_a_stub(course, assignment):
    release = release_nb(course, assignment)
    source = read(course.source_notebook(assignment))
    solution_ids = {
        c["metadata"]["nbgrader"]["grade_id"]
        for c in source["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    assert solution_ids, f"{assignment} has no answer cell"
    for cell in release["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") in solution_ids and cell["cell_type"] == "code":
            assert "raise NotImplementedError" in source_text(cell), meta["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_are_gone_but_visible_ones_stay(course, assignment):
    release = release_nb(course, assignment)
    source = read(course.source_notebook(assignment))
    tests = [
        c
        for c in source["cells"]
        if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    released = {
        c["metadata"]["nbgrader"]["grade_id"]: source_text(c)
        for c in release["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }
    for cell in tests:
        grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        visible = re.split(r"### BEGIN HIDDEN TESTS", source_text(cell))[0].strip()
        assert released[grade_id].strip() == visible, grade_id


def _planted(release: dict, where: int, text: str) -> dict:
    bad = copy.deepcopy(release)
    bad["cells"][where]["source"] = source_text(bad["cells"][where]) + "\n" + text
    return bad


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("### BEGIN SOLUTION", id="solution-marker"),
        pytest.param("### BEGIN HIDDEN TESTS", id="hidden-marker"),
        pytest.param("**Rubric**", id="rubric"),
        pytest.param("**For the coach: a model answer**", id="model-answer"),
    ],
)
def test_the_leak_check_catches_a_planted_marker(course, text):
    release = release_nb(course, ASSIGNMENTS[0])
    assert leaks(_planted(release, -1, text))


def test_the_leak_check_catches_a_line_of_solution(course):
    assignment = ASSIGNMENTS[0]
    source = read(course.source_notebook(assignment))
    secrets = sorted(_secret_lines(source))
    assert secrets, f"{assignment}: no solution line to plant"
    release = release_nb(course, assignment)
    assert leaks(release, source) == []
    found = leaks(_planted(release, -1, "    " + secrets[0]), source)
    assert any("solution or hidden-test line" in f for f in found)


def test_the_leak_check_catches_outputs(course):
    release = copy.deepcopy(release_nb(course, ASSIGNMENTS[0]))
    code = next(c for c in release["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "42"}]
    assert any("has outputs" in f for f in leaks(release))


def test_every_release_opens_with_the_header(course):
    header_path = course.config().IncludeHeaderFooter.get("header")
    if not header_path:
        pytest.skip(
            "no header: course/nbgrader_config.py must set c.IncludeHeaderFooter.header "
            "(nbgrader 0.9 ignores GenerateAssignment.header)"
        )
    header = source_text(read(Path(course.root, header_path))["cells"][0])
    for assignment in ASSIGNMENTS:
        assert source_text(release_nb(course, assignment)["cells"][0]) == header, assignment
