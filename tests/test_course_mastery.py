"""Mastery by PMO concept across assignments, and who needs help first, from the gradebook.

The gradebook is filled through nbgrader's own API, as autograding and
formgrader fill it, for two released assignments (``01_tiny``, whose Part B
mixes a test and a written answer, and ``02_tiny``, one concept per part) and
one built but never released. The trainees: one with full marks, two weak in
one concept (one with a point, one with none), one who did not submit
``02_tiny``, one whose written part is not marked yet, one whose ``02_tiny``
is submitted but not graded yet, and one on the roster who submitted nothing.
"""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from pmo_exercises.cli import main
from pmo_exercises.course.coach.course import CoachError, Course
from pmo_exercises.course.coach.mastery import (
    AWAITING,
    MASTERED,
    MISSED,
    NO_SUBMISSION,
    NOT_GRADED,
    PARTLY,
    band,
    class_mastery,
)
from pmo_exercises.course.coach.mastery_page import mastery_report, render
from pmo_exercises.course.coach.parts import graded_parts
from tests._course_helpers import (
    ROOT,
    TINY,
    TINY_CELLS,
    TINY_TRACKING,
    TINY_TRACKING_CELLS,
    add_source,
    grade_submission,
    gradebook_assignment,
    read,
    submit,
    tiny_course,
)

FULL = {
    TINY: {"test_n_projects": 1, "test_double": 2, "explain": 1},
    TINY_TRACKING: {"test_ev": 2, "test_cpi": 2, "test_spi": 1, "steering": 2},
}


def _but(**marks):
    """Full marks but on these cells of 02_tiny."""
    return {**FULL, TINY_TRACKING: {**FULL[TINY_TRACKING], **marks}}


TRAINEES = {
    # id: (first name, last name, {assignment: {grade id: points, None: awaiting marking}})
    "ada": ("Ada", "Moreau", FULL),
    "ben": ("Ben", "Weber", _but(test_cpi=0)),  # weak in CPI and SPI: 1 of 3
    "cleo": ("Cleo", "Dupont", {TINY: FULL[TINY]}),  # never submitted 02_tiny
    "dan": ("Dan", "Okafor", _but(steering=None)),  # the written part is not marked yet
    "eve": ("Eve", "", _but(test_cpi=0, test_spi=0)),  # weak in CPI and SPI: 0 of 3
    "fay": ("Fay", "Lund", {TINY: FULL[TINY]}),  # 02_tiny in submitted/, not graded yet
    "gus": ("", "", {}),  # on the roster, nothing submitted
}

CONCEPTS = [
    "01_tiny Part A: Counting projects (1 point)",
    "01_tiny Part B: Doubling (3 points)",
    "02_tiny Part A: Earned value per project (2 points)",
    "02_tiny Part B: CPI and SPI (3 points)",
    "02_tiny Part C: Three lines for the steering committee (2 points)",
]
HEADER = [
    "rank", "trainee", "first_name", "last_name", "mastered", "concepts_counted",
    "mastered_pct", "points", "points_possible", "no_submission", "not_graded_yet",
    "awaiting_marking", "weakest", *CONCEPTS,
]  # fmt: skip
CPI = "02_tiny Part B: CPI and SPI"
NO, NG = NO_SUBMISSION, NOT_GRADED
#: The table as the coach reads it, who needs help first on top.
ROWS = [
    ["1", "gus", "", "", "0", "5", "0", "0", "11", "01_tiny; 02_tiny", "", "0", "",
     NO, NO, NO, NO, NO],
    ["2", "cleo", "Cleo", "Dupont", "2", "5", "40", "4", "11", "02_tiny", "", "0", "",
     "1", "3", NO, NO, NO],
    ["3", "eve", "Eve", "", "4", "5", "80", "8", "11", "", "", "0", CPI,
     "1", "3", "2", "0", "2"],
    ["4", "ben", "Ben", "Weber", "4", "5", "80", "9", "11", "", "", "0", CPI,
     "1", "3", "2", "1", "2"],
    ["5", "ada", "Ada", "Moreau", "5", "5", "100", "11", "11", "", "", "0", "",
     "1", "3", "2", "3", "2"],
    ["6", "dan", "Dan", "Okafor", "4", "4", "100", "9", "9", "", "", "1", "",
     "1", "3", "2", "3", AWAITING],
    ["7", "fay", "Fay", "Lund", "2", "2", "100", "4", "4", "", "02_tiny", "0", "",
     "1", "3", NG, NG, NG],
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The course and its gradebook, built once (a few seconds); each test gets a copy."""
    course = tiny_course(tmp_path_factory.mktemp("mastery"))
    add_source(course, TINY_TRACKING, TINY_TRACKING_CELLS)
    add_source(course, "03_never", TINY_CELLS)  # built, never released
    with course.open_gradebook() as gb:
        for name in (TINY, TINY_TRACKING, "03_never"):
            gradebook_assignment(gb, course, name)
        for sid, (first, last, marks) in TRAINEES.items():
            gb.add_student(sid, first_name=first, last_name=last)
            for assignment, cells in marks.items():
                grade_submission(gb, assignment, sid, cells)
    outbound = course.root / "exchange" / course.course_id / "outbound"
    for name in (TINY, TINY_TRACKING):
        (outbound / name).mkdir(parents=True)
    submit(course, "fay", TINY_TRACKING, "{}")  # collected, not graded yet
    return course


@pytest.fixture
def course(built, tmp_path):
    shutil.copytree(built.root, tmp_path / "course")
    return Course(tmp_path / "course")


def _table(data):
    return {t.student: [s.status for s in t.scores] for t in data.trainees}


def test_every_trainee_on_every_concept_of_the_released_assignments(course):
    data = class_mastery(course)
    assert data.assignments == (TINY, TINY_TRACKING)  # 03_never was built, never released
    assert data.header()[len(HEADER) - len(CONCEPTS) :] == CONCEPTS
    assert [c.written for c in data.concepts] == [False, True, False, False, True]
    M, P, X, A = MASTERED, PARTLY, MISSED, AWAITING
    assert _table(data) == {
        "gus": [NO] * 5,
        "cleo": [M, M, NO, NO, NO],  # flagged, never a silent 0
        "eve": [M, M, M, X, M],
        "ben": [M, M, M, P, M],
        "ada": [M] * 5,
        "dan": [M, M, M, M, A],  # the unmarked written part waits; it is not 0
        "fay": [M, M, NG, NG, NG],
    }  # fmt: skip
    dan = next(t for t in data.trainees if t.student == "dan")
    assert dan.scores[-1].earned == 0 and dan.scores[-1].share is None and dan.awaiting == 1
    cleo = next(t for t in data.trainees if t.student == "cleo")
    assert cleo.missing == (TINY_TRACKING,) and cleo.scores[2].earned is None
    assert [data.class_mastered(i) for i in range(5)] == [(6, 6), (6, 6), (4, 4), (2, 4), (3, 3)]


def test_who_needs_help_first_follows_the_documented_rule(course):
    data = class_mastery(course)
    # the silent trainee first; then the lowest share of mastered concepts; equal shares
    # by the lower share of points (eve 8/11 before ben 9/11); then by id (ada, dan, fay)
    assert [t.student for t in data.trainees] == ["gus", "cleo", "eve", "ben", "ada", "dan", "fay"]
    assert [t.rank for t in data.trainees] == [1, 2, 3, 4, 5, 6, 7]
    weakest = {t.student: [c.name for c in t.weakest] for t in data.trainees}
    assert weakest["eve"] == weakest["ben"] == [CPI] and weakest["ada"] == weakest["cleo"] == []


def test_mastered_starts_at_the_threshold_itself():
    # 4 of 5 is exactly 80%: mastered; just under is partly; no point at all is missed
    assert band(4, 5) == MASTERED and band(3.99, 5) == PARTLY and band(0, 5) == MISSED
    assert band(2, 3, threshold=2 / 3) == MASTERED  # 2/3 in floating point is not below 2/3


def test_the_threshold_decides_what_is_mastered(course):
    ben = next(t for t in class_mastery(course, threshold=0.3).trainees if t.student == "ben")
    assert ben.scores[3].status == MASTERED and ben.mastered == 5  # 1 of 3 is a third
    with pytest.raises(CoachError, match=r"share in \(0, 1\]"):
        class_mastery(course, threshold=0)


def test_the_csv_is_the_same_table(course):
    page, table, _ = mastery_report(course)
    assert page == course.root / "reports" / "mastery.html"
    assert table == course.root / "reports" / "mastery.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert rows[0] == HEADER
    assert rows[1:] == ROWS


def test_only_the_named_assignments(course):
    data = class_mastery(course, [TINY_TRACKING])
    assert data.assignments == (TINY_TRACKING,) and len(data.concepts) == 3
    assert [t.student for t in data.trainees][:2] == ["cleo", "gus"]  # tie on 0: by id


def test_the_page_shows_the_table_in_words_as_well_as_colours(course):
    page = render(class_mastery(course), "pmo-course")
    ranking = page[page.index('id="help-first"') : page.index("</table>")]
    assert re.findall(r"<td class=\"who\"><b>([^<]+)</b>", ranking) == [
        "gus", "cleo", "eve", "ben", "ada", "dan", "fay",
    ]  # fmt: skip
    assert "no submission: 02_tiny" in ranking and "1 part awaiting marking" in ranking
    heatmap = page[page.index('id="heatmap"') :]
    cleo = heatmap[heatmap.index("2. cleo") : heatmap.index("3. eve")]
    assert re.search(
        r'class="no-submission group-start" colspan="3"[^>]*>no submission: 02_tiny<', cleo
    )
    dan = heatmap[heatmap.index("6. dan") : heatmap.index("7. fay")]
    assert ">to mark<" in dan and "0/2 points so far" in dan
    ben = heatmap[heatmap.index("4. ben") : heatmap.index("5. ada")]
    assert re.findall(r'class="(\w+)[^"]*"[^>]*>([^<]+)<', ben) == [
        ("mastered", "✓ 1/1"), ("mastered", "✓ 3/3"), ("mastered", "✓ 2/2"),
        ("partly", "◐ 1/3"), ("mastered", "✓ 2/2"),
    ]  # fmt: skip
    assert "✗ 0/3" in heatmap[heatmap.index("3. eve") : heatmap.index("4. ben")]
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")  # self-contained


def test_what_comes_from_the_gradebook_is_escaped(course):
    hostile = "<script>alert(1)</script>"
    with course.open_gradebook() as gb:
        gb.add_student(hostile, first_name='=HYPERLINK("http://x")', last_name="<b>bold</b>")
        grade_submission(gb, TINY, hostile, FULL[TINY])
    page, table, _ = mastery_report(course)
    text = page.read_text(encoding="utf-8")
    assert hostile not in text and "<b>bold</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;b&gt;bold&lt;/b&gt;" in text
    row = next(r for r in csv.reader(io.StringIO(table.read_text("utf-8"))) if r[1] == hostile)
    assert row[2] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it, does not run it


def test_the_command_writes_the_page_and_the_csv(course, capsys, tmp_path):
    out = tmp_path / "elsewhere" / "class.html"
    argv = ["course", "mastery", "--course-dir", str(course.root), "--out", str(out)]
    assert main(argv) == 0
    said = capsys.readouterr().out
    assert f"wrote {out} and {out.with_suffix('.csv')}: 7 trainees x 5 concepts" in said
    assert "1 part awaiting marking, 3 missing submissions" in said
    assert "help first: gus, cleo, eve, ben, ada" in said
    rows = list(csv.reader(io.StringIO(out.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert out.is_file() and rows[1:] == ROWS
    assert main([*argv, "--threshold", "30%"]) == 0
    assert "mastered at 30%" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        pytest.param(["99_nope"], 1, "no assignment '99_nope' in", id="unknown-assignment"),
        pytest.param(["03_never"], 1, "03_never has not been released yet (released: 01_tiny, 02",
                     id="not-released"),
        pytest.param(["--threshold", "0"], 2, "0 is not a percentage in (0, 100]",
                     id="bad-threshold"),
    ],
)  # fmt: skip
def test_a_bad_argument_is_one_line(course, capsys, args, status, message):
    assert main(["course", "mastery", *args, "--course-dir", str(course.root)]) == status
    err = capsys.readouterr().err.strip()
    assert message in err and "Traceback" not in err
    if status == 1:
        assert err.startswith("error: ") and "\n" not in err


def test_a_folder_that_is_no_course_is_one_line(tmp_path, capsys):
    assert main(["course", "mastery", "--course-dir", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err.strip()
    nowhere = tmp_path / "nowhere"
    assert err == f"error: {nowhere} is not a course folder: it has no nbgrader_config.py"


def test_no_gradebook_yet_is_one_line(tmp_path, capsys):
    course = tiny_course(tmp_path)
    assert main(["course", "mastery", "--course-dir", str(course.root)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: no gradebook yet") and "\n" not in err


def test_the_parts_of_a_real_assignment_are_its_concepts():
    parts = graded_parts(read(ROOT / "course" / "source" / "06_alignment" / "06_alignment.ipynb"))
    by_label = {p.label: p for p in parts}
    assert by_label["Part F: Where the people run out"].cells == (
        "test_short_role_month",
        "test_shortfall_days",
    )
    board = by_label["Part G: Your recommendation to the portfolio board"]
    assert board.cells == board.manual == ("board_recommendation",)
    assert [p.label.split(":")[0] for p in parts] == [f"Part {x}" for x in "ABCDEFGH"]
