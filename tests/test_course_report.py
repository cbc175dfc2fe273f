"""The class report counts as a coach counts: trainees, not test cells; one mistake, one row.

The report's data is built here by hand, so each rule is seen on its own; the
report of a graded batch (honest, broken and hostile copies) is checked in
``test_course_adversarial.py``.
"""

from __future__ import annotations

import re

from pmo_exercises.course.coach.report import (
    TOP_MESSAGES,
    ClassReport,
    GradedCell,
    mistake_of,
    render,
)


def _report(tests: list[GradedCell], students: int = 30) -> ClassReport:
    roster = [f"t{i:02d}" for i in range(students)]
    return ClassReport(
        assignment="03_tracking",
        roster=roster,
        scores=dict.fromkeys(roster, 0.0),
        max_autograded=12.0,
        tests=tests,
        not_run={},
        not_submitted=[],
    )


def _test(grade_id: str, part: str, failures: dict[str, set[str]]) -> GradedCell:
    test = GradedCell(grade_id=grade_id, part=part, points=1.0, autograded=True)
    for message, students in failures.items():
        test.failures[message] |= students
    return test


def test_a_blank_notebook_failing_every_test_of_a_part_counts_once():
    blank = {f"t{i:02d}" for i in range(30)}  # the whole class handed in blank copies
    part = "Part A: Earned value per project"
    tests = [
        _test(gid, part, {"NotImplementedError": blank})
        for gid in ("test_pv", "test_ev", "test_ac")
    ]
    failures = _report(tests).failures_by_part()
    assert failures[part] == [("NotImplementedError", 30)]  # never 90, never more than the class


def test_the_same_mistake_with_other_figures_is_one_row():
    messages = [
        f"ev: {n} missing values (P03, P07)" for n in (2, 3, 4, 5)
    ]  # the four rows the coach used to see
    assert {mistake_of("AssertionError", m) for m in messages} == {
        "ev: N missing values (P03, P07)"
    }
    # ids keep their digits, so different projects stay different mistakes
    assert mistake_of("AssertionError", "P03 is late") != mistake_of(
        "AssertionError", "P07 is late"
    )
    assert mistake_of("AssertionError", "CPI 0.849, red below 0.85") == "CPI N, red below N"
    assert mistake_of("ValueError", "") == "ValueError"


def test_one_trainee_failing_two_tests_with_one_message_counts_once():
    part = "Part B: CPI and SPI"
    tests = [
        _test("test_cpi", part, {"you divided AC by EV": {"t01", "t02"}}),
        _test("test_spi", part, {"you divided AC by EV": {"t02", "t03"}}),
    ]
    assert _report(tests).failures_by_part()[part] == [("you divided AC by EV", 3)]


def test_every_message_is_on_the_page_the_rest_behind_a_fold():
    part = "Part D: Which EAC?"
    many = {f"mistake number {chr(65 + i)}": {f"t{j:02d}" for j in range(i + 1)} for i in range(9)}
    page = render(_report([_test("test_eac", part, many)]), "pmo-course")
    for message in many:
        assert message in page
    fold = page[page.index("<details>") : page.index("</details>")]
    shown = page[page.index('id="failures"') : page.index("<details>")]
    # the most common first, above the fold; the rest inside it, said so
    assert f"{len(many) - TOP_MESSAGES} more messages in {part}" in fold
    assert "mistake number I" in shown and "mistake number A" in fold
    assert len(re.findall(r"mistake number", shown)) == TOP_MESSAGES


def test_messages_are_escaped_on_the_page():
    part = "Part A: x"
    page = render(_report([_test("t", part, {"<script>alert(1)</script>": {"t01"}})]), "c")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
