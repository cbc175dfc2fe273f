"""The nbgrader round trip of every graded assignment, the way nbgrader tests itself.

In a temporary copy of the course, for every assignment of ``course/source``:
generate the release; submit it unchanged (0 on every autograded test); submit
the solution (full marks on every autograded test); submit each typical mistake
of ``tests/course_mistakes/NN_topic.yaml`` (the listed tests score 0 with the
expected message in the feedback, the other tests keep their marks); submit a
trainee's solved notebook under another trainee's id (every autograded test
fails). One ``pmo course grade`` per assignment grades all of its submissions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from _course_helpers import (
    autograded_tests,
    copy_course,
    feedback,
    release_nb,
    replace_answer,
    scores,
    solution_nb,
    submit,
    with_trainee,
)

from pmo_exercises.course.coach.build import build
from pmo_exercises.course.coach.course import Course
from pmo_exercises.course.coach.grade import grade

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
MISTAKES = ROOT / "tests" / "course_mistakes"
ASSIGNMENTS = Course(ROOT / "course").assignments()


def mistakes_of(assignment: str) -> list[dict]:
    """The typical mistakes written for an assignment (none if it has no file yet)."""
    path = MISTAKES / f"{assignment}.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["assignment"] == assignment, f"{path.name} names {data['assignment']}"
    return list(data["mistakes"])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("roundtrip"), ASSIGNMENTS)
    build(course, write_solutions=False)
    return course


@pytest.fixture(scope="module")
def graded(course):
    """Grade each assignment once, lazily: {assignment: (run, scores, max points)}."""
    cache = {}

    def get(assignment):
        if assignment not in cache:
            solved = solution_nb(course, assignment)
            submit(course, "solved", assignment, solved)
            submit(course, "unchanged", assignment, release_nb(course, assignment))
            submit(course, "copier", assignment, with_trainee(solved, "solved"))
            for i, mistake in enumerate(mistakes_of(assignment), start=1):
                wrong = replace_answer(solved, mistake["cell"], mistake["code"])
                submit(course, f"mistake-{i}", assignment, wrong)
            run = grade(course, assignment, workers=2, cell_timeout=60, progress=False)
            cache[assignment] = (run, scores(course, assignment))
        return cache[assignment]

    return get


def _max_points(course: Course, assignment: str) -> dict[str, float]:
    from _course_helpers import read

    nb = read(course.source_notebook(assignment))
    return {
        c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"]["points"])
        for c in nb["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    }


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_submission_is_run(graded, assignment):
    run, _ = graded(assignment)
    assert {o.status for o in run.outcomes} == {"graded"}, [
        (o.student, o.reason) for o in run.outcomes if o.status != "graded"
    ]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_unchanged_scores_zero(course, graded, assignment):
    _, grades = graded(assignment)
    tests = autograded_tests(course, assignment)
    assert tests, f"{assignment} has no autograded test"
    assert {t: grades["unchanged"][t] for t in tests} == dict.fromkeys(tests, 0.0)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_scores_full_autograded_marks(course, graded, assignment):
    _, grades = graded(assignment)
    points = _max_points(course, assignment)
    tests = autograded_tests(course, assignment)
    got = {t: grades["solved"][t] for t in tests}
    assert got == {t: points[t] for t in tests}, feedback(course, "solved", assignment)[-3000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_another_trainees_notebook_fails(course, graded, assignment):
    _, grades = graded(assignment)
    tests = autograded_tests(course, assignment)
    assert {t: grades["copier"][t] for t in tests} == dict.fromkeys(tests, 0.0)
    assert "worked on the portfolio of trainee 'solved'" in feedback(course, "copier", assignment)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_notebooks_carry_plain_tracebacks(course, graded, assignment):
    """nbgrader_config.py runs graded notebooks with IPython's plain tracebacks."""
    from _course_helpers import read

    graded(assignment)
    nb = read(course.root / "autograded" / "unchanged" / assignment / f"{assignment}.ipynb")
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors, "an unchanged release copy fails its tests"
    for error in errors:
        text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error["traceback"]))
        assert "Traceback (most recent call last)" in text, text
        assert "---->" not in text, text  # the arrow of IPython's context tracebacks


MISTAKE_CASES = [
    pytest.param(a, i, m, id=f"{a}-{m['cell']}")
    for a in ASSIGNMENTS
    for i, m in enumerate(mistakes_of(a), start=1)
]


@pytest.mark.parametrize(("assignment", "number", "mistake"), MISTAKE_CASES)
def test_a_typical_mistake_costs_its_part_and_says_why(course, graded, assignment, number, mistake):
    _, grades = graded(assignment)
    student = f"mistake-{number}"
    points = _max_points(course, assignment)
    for test in autograded_tests(course, assignment):
        want = 0.0 if test in mistake["fails"] else points[test]
        assert grades[student][test] == want, f"{test}: {grades[student][test]} != {want}"
    assert mistake["message"] in feedback(course, student, assignment)


def test_every_assignment_with_a_mistake_file_exists():
    for path in sorted(MISTAKES.glob("*.yaml")):
        assert path.stem in ASSIGNMENTS, f"{path.name}: no assignment {path.stem}"
        assert mistakes_of(path.stem), f"{path.name} lists no mistake"


@pytest.mark.parametrize(("assignment", "number", "mistake"), MISTAKE_CASES)
def test_each_mistake_names_an_answer_cell_and_tests_of_its_assignment(assignment, number, mistake):
    from _course_helpers import read

    source = read(ROOT / "course" / "source" / assignment / f"{assignment}.ipynb")
    meta = {
        c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]
        for c in source["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }
    assert meta.get(mistake["cell"], {}).get("solution"), f"{mistake['cell']}: no answer cell"
    assert mistake["fails"], "a mistake costs at least one test"
    for test in mistake["fails"]:
        assert meta.get(test, {}).get("grade"), f"{test}: no graded test cell"
    assert mistake["message"].strip(), "the feedback message to expect"
