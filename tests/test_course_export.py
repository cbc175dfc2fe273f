"""Final grades out to nbgrader's CSV, Moodle and Canvas, checked against the gradebook.

The gradebook is filled through nbgrader's own API, as autograding and
formgrader fill it: one assignment released and graded (one trainee still
waiting for the coach's manual grade), one released that nobody submitted yet,
and one built but never released, which must stay out of every export.
"""

from __future__ import annotations

import csv
import io

import pytest

from pmo_exercises.cli import main
from pmo_exercises.course.coach.course import CoachError
from pmo_exercises.course.coach.export import FORMATS, export, released
from tests._course_helpers import tiny_course

TRAINEES = {
    # id: (first, last, email, autograded points of 3, manual points of 1 or None: pending)
    "t01": ("Zoé", "Dupont, Jr", "zoe@example.org", 3.0, 1.0),
    "t02": ("Ben", "Weber", "ben@example.org", 1.5, 0.5),
    "t03": ("", "", "", 0.0, None),  # a blank copy, its written part not marked yet
    "t04": ("Ada", "Moreau", "ada@example.org", None, None),  # never submitted
}


@pytest.fixture
def course(tmp_path):
    course = tiny_course(tmp_path)
    with course.open_gradebook() as gb:
        for name in ("01_tiny", "02_released", "03_never"):
            gb.add_assignment(name)
            gb.add_notebook(name, name)
            gb.add_grade_cell("test_a", name, name, max_score=3, cell_type="code")
            gb.add_grade_cell("explain", name, name, max_score=1, cell_type="markdown")
        for sid, (first, last, email, auto, manual) in TRAINEES.items():
            gb.add_student(sid, first_name=first, last_name=last, email=email)
            if auto is None:
                continue
            gb.add_submission("01_tiny", sid)
            code = gb.find_grade("test_a", "01_tiny", "01_tiny", sid)
            code.auto_score, code.needs_manual_grade = auto, False
            written = gb.find_grade("explain", "01_tiny", "01_tiny", sid)
            written.manual_score, written.needs_manual_grade = manual, manual is None
        gb.db.commit()
    outbound = course.root / "exchange" / course.course_id / "outbound"
    for name in ("01_tiny", "02_released"):
        (outbound / name).mkdir(parents=True)
    return course


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _finish_marking(course):
    with course.open_gradebook() as gb:
        grade = gb.find_grade("explain", "01_tiny", "01_tiny", "t03")
        grade.manual_score, grade.needs_manual_grade = 0.0, False
        gb.db.commit()


def _expected(sid):
    auto, manual = TRAINEES[sid][3:]
    return (auto or 0.0) + (manual or 0.0)


def test_only_the_released_assignments_are_exported(course):
    assert released(course) == ["01_tiny", "02_released"]  # 03_never was built, never released


def test_pending_manual_grading_refuses_in_one_line(course, capsys):
    with pytest.raises(CoachError, match=r"pending for 1 submission \(01_tiny: 1\).*--partial"):
        export(course, "moodle")
    assert main(["course", "export", "--course-dir", str(course.root)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--partial" in err and "Traceback" not in err


def test_partial_exports_and_says_how_many_wait(course):
    done = export(course, "canvas", partial=True)
    assert done.pending == 1 and "1 submission still await" in done.summary()


def test_the_nbgrader_csv_is_nbgraders_own_on_the_released_assignments(course):
    _finish_marking(course)
    rows = _rows(export(course, "nbgrader").path)
    assert rows[0] == [
        "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
        "raw_score", "late_submission_penalty", "score", "max_score",
    ]  # fmt: skip
    # nbgrader writes names unquoted: the last name with a comma takes two cells; ids stay put
    got = {(r[0], r[3]): float(r[-2]) for r in rows[1:]}
    assert set(got) == {(a, s) for a in ("01_tiny", "02_released") for s in TRAINEES}
    for sid in TRAINEES:
        assert got[("01_tiny", sid)] == _expected(sid)
        assert got[("02_released", sid)] == 0.0


def test_the_moodle_file_has_an_identifier_and_a_column_per_assignment(course):
    _finish_marking(course)
    rows = _rows(export(course, "moodle").path)
    assert rows[0] == [
        "Username", "First name", "Last name", "Email address", "01_tiny", "02_released",
    ]  # fmt: skip
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == set(TRAINEES)
    for sid, (first, last, email, *_) in TRAINEES.items():
        assert by_id[sid][1:4] == [first, last, email]  # quoted, so "Dupont, Jr" is one cell
        assert float(by_id[sid][4]) == _expected(sid) and float(by_id[sid][5]) == 0.0


def test_the_canvas_file_has_its_columns_and_points_possible(course):
    _finish_marking(course)
    rows = _rows(export(course, "canvas").path)
    assert rows[0] == [
        "Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01_tiny", "02_released",
    ]  # fmt: skip
    assert rows[1] == ["Points Possible", "", "", "", "", "4", "4"]
    by_login = {r[3]: r for r in rows[2:]}
    assert set(by_login) == set(TRAINEES)
    assert by_login["t01"][0] == "Dupont, Jr, Zoé" and by_login["t03"][0] == "t03"
    for sid in TRAINEES:
        assert float(by_login[sid][5]) == _expected(sid) and by_login[sid][6] == "0"


def test_the_command_writes_each_format_in_the_course(course, capsys):
    _finish_marking(course)
    for fmt, name in FORMATS.items():
        code = main(["course", "export", "--format", fmt, "--course-dir", str(course.root)])
        assert code == 0
        out = capsys.readouterr().out
        assert f"({fmt}): 4 trainees x 2 released assignments (01_tiny, 02_released)" in out
        assert (course.root / "grades" / name).is_file()


def test_nothing_released_is_one_line(tmp_path):
    course = tiny_course(tmp_path)
    with course.open_gradebook() as gb:
        gb.add_assignment("01_tiny")
    with pytest.raises(CoachError, match="nothing released yet"):
        export(course)


def test_a_bad_format_is_refused_by_the_command(course, capsys):
    assert (
        main(["course", "export", "--format", "blackboard", "--course-dir", str(course.root)]) == 2
    )
    err = capsys.readouterr().err
    assert "invalid choice: 'blackboard'" in err and "Traceback" not in err
