"""The adversarial catalogue: broken and dishonest submissions graded in one batch.

A tiny synthetic assignment (tests/_course_helpers.py) is built in a temporary
course; one submission per kind of trouble goes into ``submitted/`` beside an
honest one, and one ``pmo course grade`` grades them all. Every submission is
graded (zero or partial) with a reason in the log, and the honest neighbour
keeps its full marks: a broken submission never stops or spoils the batch.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from _course_helpers import (
    TINY,
    add_cell,
    cell_by_id,
    feedback,
    release_nb,
    replace_answer,
    scores,
    solution_nb,
    submit,
    tiny_course,
    with_trainee,
)

from pmo_exercises.course.coach.build import build
from pmo_exercises.course.coach.grade import grade
from pmo_exercises.course.coach.sandbox import WORKDIR_BASE, WORKDIR_PREFIX
from pmo_exercises.course.coach.verdict import VERDICT_PREFIX

pytestmark = pytest.mark.slow

CELL_TIMEOUT = 3
NOTEBOOK_TIMEOUT = 12

TASKS_NOT_PROJECTS = "n_projects = len(portfolio.tasks)"
ENV_TAMPER = "import os\nos.environ['PMO_GRADING_TRAINEE'] = 'honest'"
UNSTOPPABLE = """
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
"""


def _slow(nb):
    """Six cells of 2.5 s: each within the cell timeout, together past the notebook's."""
    for _ in range(6):
        nb = add_cell(nb, "import time\ntime.sleep(2.5)")
    return nb


def _catalogue(course):
    """student -> (notebook or text, file name or None)."""
    good = solution_nb(course, TINY)
    without_test = dict(good, cells=[c for c in good["cells"] if c is not None])
    without_test["cells"] = [
        c for c in without_test["cells"] if c is not cell_by_id(without_test, "test_double")
    ]
    edited = replace_answer(good, "answer_double", "def double(x):\n    return 0")
    cell_by_id(edited, "test_double")["source"] = '"""double"""\npass'
    return {
        "honest": (good, None),
        "mistake": (
            replace_answer(good, "answer_n_projects", "n_projects = len(portfolio.tasks)"),
            None,
        ),
        "unchanged": (release_nb(course, TINY), None),
        "copier": (with_trainee(good, "honest"), None),
        "loop": (replace_answer(good, "answer_double", "while True:\n    pass"), None),
        "unstoppable": (add_cell(good, UNSTOPPABLE), None),
        "sys-exit": (replace_answer(good, "answer_double", "import sys\nsys.exit(3)"), None),
        "os-exit": (add_cell(good, "import os\nos._exit(0)", after="test_n_projects"), None),
        "crash": (add_cell(good, "import faulthandler\nfaulthandler._sigsegv()"), None),
        "exception": (replace_answer(good, "answer_double", "raise ValueError('not today')"), None),
        "deleted-test": (without_test, None),
        "edited-test": (edited, None),
        "corrupted": ('{"cells": [ this is not json', None),
        "wrong-name": (good, f"{TINY}-Copy1.ipynb"),
        "huge-output": (add_cell(good, "print('x' * 20_000_000)"), None),
        "monkeypatch": (
            add_cell(
                replace_answer(good, "answer_n_projects", "n_projects = 0"),
                "from pmo_exercises.course import grading\n"
                "grading.expect_number = lambda *a, **k: None",
            ),
            None,
        ),
        "env-tamper": (
            add_cell(
                with_trainee(good, "honest"),
                "import os\nos.environ['PMO_GRADING_TRAINEE'] = 'honest'",
            ),
            None,
        ),
        "shadow": (
            add_cell(
                replace_answer(good, "answer_n_projects", "n_projects = 0"),
                "def len(anything):\n    return 0",
            ),
            None,
        ),
        "slow": (_slow(good), None),
        "no-notebook": ("just some notes", "notes.txt"),
    }


# student -> (status, test_n_projects, test_double, what the log says)
EXPECTED = {
    "honest": ("graded", 1, 2, None),
    "mistake": ("graded", 0, 2, None),
    "unchanged": ("graded", 0, 0, None),
    "copier": ("graded", 0, 0, None),
    "loop": ("graded", 1, 0, None),
    # nbclient gives up on the cell, or the wall clock stops it first on a busy machine
    "unstoppable": ("not run", 0, 0, "could not be interrupted|limit per notebook"),
    "slow": ("not run", 0, 0, "limit per notebook"),
    "no-notebook": ("not run", 0, 0, "holds no notebook"),
    "sys-exit": ("graded", 1, 0, None),
    "os-exit": ("not run", 0, 0, "kernel died"),
    "crash": ("not run", 0, 0, "kernel died"),
    "exception": ("graded", 1, 0, None),
    "deleted-test": ("graded", 1, 0, None),
    "edited-test": ("graded", 1, 0, None),
    "corrupted": ("not run", 0, 0, "not a readable notebook"),
    "wrong-name": ("graded", 1, 2, "was named"),
    "huge-output": ("graded", 1, 2, None),
    "monkeypatch": ("not run", 0, 0, "changes grading.expect_number"),
    "env-tamper": ("not run", 0, 0, "changes os.environ"),
    "shadow": ("not run", 0, 0, "redefines the builtin len"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    course = tiny_course(tmp_path_factory.mktemp("adversarial"))
    build(course, solutions=course.root / "solutions")
    for student, (nb, name) in _catalogue(course).items():
        submit(course, student, TINY, nb, name)
    before = _scratch_folders()
    run = grade(
        course, TINY, workers=3, cell_timeout=CELL_TIMEOUT, notebook_timeout=NOTEBOOK_TIMEOUT
    )
    left = _scratch_folders() - before
    return course, run, scores(course, TINY), left


def _scratch_folders() -> set[Path]:
    """The sandboxes' and the clean shells' folders on this machine."""
    return {
        *Path(WORKDIR_BASE).glob(WORKDIR_PREFIX + "*"),
        *Path(tempfile.gettempdir()).glob(VERDICT_PREFIX + "*"),
    }


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_submission_is_graded_with_its_reason(batch, student):
    _, run, grades, _ = batch
    status, n_projects, double, said = EXPECTED[student]
    outcome = next(o for o in run.outcomes if o.student == student)
    assert outcome.status == status, outcome
    assert grades[student]["test_n_projects"] == n_projects
    assert grades[student]["test_double"] == double
    line = next(ln for ln in run.log.read_text().splitlines() if ln.startswith(student + "\t"))
    assert status in line
    if said is not None:
        assert any(s in (outcome.reason or "") for s in said.split("|")), outcome.reason
        assert any(s in line for s in said.split("|"))


def test_the_whole_batch_is_graded_and_logged(batch):
    _, run, grades, _ = batch
    assert sorted(o.student for o in run.outcomes) == sorted(EXPECTED)
    assert sorted(grades) == sorted(EXPECTED)
    assert run.counts()["failed"] == 0
    assert len(run.log.read_text().splitlines()) == 1 + len(EXPECTED)


def test_killed_workers_leave_no_folder_behind(batch):
    # two submissions ran past the limit per notebook: their workers were killed
    *_, left = batch
    assert left == set()


def test_the_honest_neighbour_keeps_full_marks(batch):
    course, _, grades, _ = batch
    assert grades["honest"]["test_n_projects"] == 1 and grades["honest"]["test_double"] == 2
    assert "not yet" not in feedback(course, "honest", TINY)


def test_a_typical_mistake_is_named_in_the_feedback(batch):
    course, *_ = batch
    assert "this counts the tasks, not the projects" in feedback(course, "mistake", TINY)


def test_a_copied_notebook_fails_with_the_reason(batch):
    course, *_ = batch
    page = feedback(course, "copier", TINY)
    assert "worked on the portfolio of trainee" in page
    assert "each trainee answers on their own portfolio" in page


def test_a_notebook_not_run_says_why_in_its_feedback(batch):
    course, *_ = batch
    assert "NotGraded" in feedback(course, "monkeypatch", TINY)
    assert "tampers with grading" in feedback(course, "monkeypatch", TINY)


def test_written_answers_stay_for_the_coach_when_not_run(batch):
    from nbgrader.api import Gradebook

    from pmo_exercises.course.coach.course import quiet

    course, *_ = batch
    # not run: the autograded tests score 0, the written answer waits for the coach
    with quiet(), Gradebook(course.db_url, course.course_id) as gb:
        grade = gb.find_grade("explain", TINY, TINY, "monkeypatch")
        assert grade.needs_manual_grade
        assert grade.manual_score is None
        unchanged = gb.find_grade("explain", TINY, TINY, "unchanged")
        assert not unchanged.needs_manual_grade  # nbgrader's rule: an untouched answer is 0


def test_huge_output_is_trimmed(batch):
    course, *_ = batch
    path = course.folder("autograded", "huge-output", TINY) / f"{TINY}.ipynb"
    assert path.stat().st_size < 2_000_000


def test_a_corrupted_notebook_is_kept_aside(batch):
    course, *_ = batch
    kept = course.folder("submitted", "corrupted", TINY) / f"{TINY}.ipynb.unreadable"
    assert kept.read_text().startswith('{"cells": [ this is not json')


# -- the class report of the batch ---------------------------------------------------------
@pytest.fixture(scope="module")
def class_page(batch):
    from nbgrader.api import Gradebook

    from pmo_exercises.course.coach.course import quiet
    from pmo_exercises.course.coach.report import report

    course, *_ = batch
    with quiet(), Gradebook(course.db_url, course.course_id) as gb:
        gb.update_or_create_student("absent")  # on the roster, never submitted
    path, data = report(course, TINY)
    return path.read_text(encoding="utf-8"), data


def test_the_report_lists_who_has_not_submitted(class_page):
    page, data = class_page
    assert data.not_submitted == ["absent"]
    assert "absent" in page


def test_the_report_lists_the_submissions_not_run_with_their_reason(class_page):
    page, data = class_page
    not_run = {s for s, (status, *_) in EXPECTED.items() if status == "not run"}
    assert set(data.not_run) == not_run
    assert "tampers with grading" in data.not_run["monkeypatch"]
    assert "limit per notebook" in page


def test_the_report_counts_pass_rates_per_part(class_page):
    _, data = class_page
    tests = {t.grade_id: t for t in data.tests if t.autograded}
    graded = len(EXPECTED)
    full_n = sum(1 for _, n, _, _ in EXPECTED.values() if n == 1)
    full_double = sum(1 for _, _, d, _ in EXPECTED.values() if d == 2)
    assert (tests["test_n_projects"].passed, tests["test_n_projects"].graded) == (full_n, graded)
    assert (tests["test_double"].passed, tests["test_double"].graded) == (full_double, graded)
    assert tests["test_n_projects"].part == "Part A: Counting projects"


def test_the_report_groups_failure_messages_by_concept(class_page):
    page, data = class_page
    failures = dict(data.failures_by_part())
    counting = dict(failures["Part A: Counting projects"])
    assert counting["n_projects: this counts the tasks, not the projects"] == 1
    doubling = dict(failures["Part B: Doubling"])
    assert any("double" in message or "NameError" in message for message in doubling)
    assert "this counts the tasks, not the projects" in page


def test_the_report_histogram_counts_every_graded_submission(class_page):
    _, data = class_page
    assert sum(n for _, n in data.histogram()) == len(EXPECTED)
    assert dict(data.histogram())["90-100%"] == sum(
        1 for _, n, d, _ in EXPECTED.values() if n + d == 3
    )


def test_regrading_one_trainee_keeps_the_class_in_the_log_and_csv(batch):
    course, *_ = batch
    again = grade(course, TINY, students=["honest"], workers=1, cell_timeout=CELL_TIMEOUT)
    assert [o.student for o in again.outcomes] == ["honest"]
    assert again.outcomes[0].score == 3
    # a placeholder put in place of an unreadable notebook keeps its reason on a new run
    corrupted = grade(course, TINY, students=["corrupted"], workers=1)
    assert corrupted.outcomes[0].status == "not run"
    assert "not a readable notebook" in corrupted.outcomes[0].reason
    log = again.log.read_text().splitlines()
    assert "graded 1 submission of" in log[0]
    assert len(log) == 1 + len(EXPECTED)
    assert len(again.csv.read_text().splitlines()) == 1 + len(EXPECTED)
