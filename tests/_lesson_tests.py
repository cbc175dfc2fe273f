"""The checks every lesson's questions must pass, shared by the lesson test files.

Each ``tests/test_checks*.py`` keeps its own data (expected values, accepted
forms, a wrong answer per mistake) and calls these for the rules that are the
same for every lesson: the right answer is correct and says why, a mistake is
named without giving the answer away, and every question has its hints.
"""

from __future__ import annotations

import pytest

from pmo_exercises.checks import Feedback, check, question
from pmo_exercises.checks.context import teaching_context


def number_forms(value) -> list[str]:
    """Ways a number could be written in a message: 0.74, 0.740, 1,234, 74%..."""
    value = float(value)
    forms = {f"{value:.2f}", f"{value:.3f}", f"{value:,.0f}", f"{value:.0f}"}
    if abs(value) < 10:
        forms |= {f"{100 * value:.0f}%", f"{value:.2f}".lstrip("0")}
    return sorted(f for f in forms if f.strip("0.-") and len(f.strip("0.-")) >= 2)


def giveaways(expected) -> list[str]:
    """Ways the expected value could be written in a message (a project id with or
    without its P, or a number)."""
    if isinstance(expected, str):
        return [expected, expected.lstrip("P")]
    return number_forms(expected)


def assert_expected_is(qid: str, value, rel: float = 1e-9) -> None:
    """The question's expected answer is ``value``, computed by the test from the analytics."""
    expected = question(qid).expected(teaching_context())
    if isinstance(value, float):
        assert expected == pytest.approx(value, rel=rel)
    else:
        assert expected == value


def assert_right_answer_is_correct(qid: str, value) -> None:
    feedback = check(qid, value)
    assert isinstance(feedback, Feedback)
    assert feedback.correct and feedback.status == "correct" and feedback.mistake is None
    assert feedback.text.startswith(f"[{qid}] Correct: ")
    assert len(feedback.message) > 40, "say why it matters for a PMO"


def assert_mistake_named(qid: str, mistake: str, answer, forms=giveaways, reveal_ok=False):
    """The wrong answer is recognised as ``mistake``, whose message comes first and
    (unless ``reveal_ok``) holds no form of the expected value."""
    feedback = check(qid, answer)
    assert not feedback.correct and feedback.status == "incorrect"
    assert feedback.mistake == mistake
    named = next(m for m in question(qid).misconceptions if m.name == mistake)
    assert feedback.message.startswith(named.message)
    if not reveal_ok:
        expected = question(qid).expected(teaching_context())
        for form in forms(expected):
            assert form not in feedback.message


def assert_three_hints_and_a_why(qids) -> None:
    for qid in qids:
        q = question(qid)
        assert len(q.hints) == 3 and q.why and q.prompt


def assert_hints_keep_the_answer(expected_params, forms=giveaways, skip=()) -> None:
    """No hint of any question writes its expected value."""
    for qid, value in ((p.values[0], p.values[1]) for p in expected_params):
        if qid in skip:
            continue
        for hint in question(qid).hints:
            for form in forms(value):
                assert form not in hint, (qid, form)
