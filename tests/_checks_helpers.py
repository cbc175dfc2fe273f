"""The tests every lesson's questions must pass, made once for each lesson test file.

A ``tests/test_checks_lessonNN.py`` keeps its own data (expected values from the
analytics, accepted forms of the right answer, a wrong answer per mistake) and
calls :func:`lesson_tests` once::

    globals().update(
        lesson_tests("04", expected=EXPECTED, right_forms=[...], mistakes=MISTAKES, unknown=[...])
    )

which adds the tests that are the same for every lesson, each parametrised with
that data: every question has an expected value here and it is the analytics',
the right answer (and its reasonable forms) is correct and says why, every
declared mistake has a wrong answer here, is named and does not give the
answer away, a wrong answer no detector knows gets the general message, and
every question has three hints and a why, none of which writes the answer. The
assertions themselves are in :mod:`tests._lesson_tests`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import pytest

from pmo_exercises import checks
from pmo_exercises.checks import check, question
from tests._lesson_tests import (
    assert_expected_is,
    assert_hints_keep_the_answer,
    assert_mistake_named,
    assert_right_answer_is_correct,
    assert_three_hints_and_a_why,
    giveaways,
)

__all__ = ["lesson_questions", "lesson_tests"]


def lesson_questions(lesson: str) -> list[str]:
    """The ids of lesson ``lesson``'s questions (``"04"``: ``04.emv``, ...), in registry order."""
    return [qid for qid in checks.registry()["id"] if qid.startswith(f"{lesson}.")]


def lesson_tests(
    lesson: str,
    *,
    expected: Sequence,
    right_forms: Sequence,
    mistakes: Sequence,
    unknown: Sequence,
    questions: int | None = None,
    rel: float = 1e-9,
    forms: Callable = giveaways,
    reveal_ok: Collection[str] = (),
    hints_skip: Collection[str] = (),
) -> dict[str, Callable]:
    """The standard tests of one lesson's questions, by name, for the test module's globals.

    Parameters
    ----------
    lesson : str
        The lesson's number, ``"04"``.
    expected : sequence of pytest.param
        ``(qid, value)``: each question's expected value, computed by the test
        from the analytics.
    right_forms : sequence of pytest.param
        ``(qid, answer)``: other ways of writing a right answer, all correct.
    mistakes : sequence of pytest.param
        ``(qid, mistake, answer)``: a wrong answer for each declared mistake.
    unknown : sequence of pytest.param
        ``(qid, answer)``: wrong answers that no mistake explains.
    questions : int, optional
        How many questions the lesson has (default: at least one).
    rel : float
        The relative tolerance of the expected values.
    forms : callable
        The ways an expected value could be written in a message.
    reveal_ok : collection of str
        Questions whose mistake messages may show the expected value.
    hints_skip : collection of str
        Questions whose hints are not searched for the expected value.

    Returns
    -------
    dict of str to function
        ``test_...`` functions, parametrised with the lesson's data.
    """
    reveal_ok, hints_skip = frozenset(reveal_ok), frozenset(hints_skip)

    def test_the_lesson_has_its_questions():
        found = lesson_questions(lesson)
        message = f"add lesson{lesson}'s QUESTIONS to _questions in checks/__init__.py"
        if questions is None:
            assert found, message
        else:
            assert len(found) == questions, message

    def test_every_question_has_an_expected_value_here():
        assert {p.values[0] for p in expected} == set(lesson_questions(lesson))

    @pytest.mark.parametrize(("qid", "value"), expected)
    def test_expected_value_is_the_analytics_value(qid, value):
        assert_expected_is(qid, value, rel=rel)

    @pytest.mark.parametrize(("qid", "value"), expected)
    def test_the_right_answer_is_correct(qid, value):
        assert_right_answer_is_correct(qid, value)

    @pytest.mark.parametrize(("qid", "answer"), right_forms)
    def test_reasonable_forms_of_the_right_answer_are_correct(qid, answer):
        assert check(qid, answer).correct

    def test_every_misconception_has_a_wrong_answer_here():
        covered = {(p.values[0], p.values[1]) for p in mistakes}
        declared = {
            (q, m.name) for q in lesson_questions(lesson) for m in question(q).misconceptions
        }
        assert covered == declared

    @pytest.mark.parametrize(("qid", "mistake", "answer"), mistakes)
    def test_each_mistake_is_named_without_giving_the_answer(qid, mistake, answer):
        assert_mistake_named(qid, mistake, answer, forms=forms, reveal_ok=qid in reveal_ok)

    @pytest.mark.parametrize(("qid", "answer"), unknown)
    def test_a_wrong_answer_no_detector_knows_gets_the_general_message(qid, answer):
        feedback = check(qid, answer)
        assert feedback.status == "incorrect" and feedback.mistake is None
        assert feedback.message.startswith(question(qid).wrong)

    def test_every_question_has_three_hint_levels_and_a_why():
        assert_three_hints_and_a_why(lesson_questions(lesson))

    def test_hints_do_not_give_the_answer():
        assert_hints_keep_the_answer(expected, forms=forms, skip=hints_skip)

    made = {name: value for name, value in locals().items() if name.startswith("test_")}
    for name, function in made.items():
        function.__qualname__ = name
    return made
