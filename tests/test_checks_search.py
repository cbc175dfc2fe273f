"""Mistakes named by search: wrong computations nobody listed still get a name.

The five mistakes a trainee made in lesson 03 that no misconception listed are
named; every question with a formula names at least three distinct wrong
computations, none of whose messages gives the answer away; a candidate that
lands on the right answer is never called a mistake.
"""

from __future__ import annotations

import pytest

from pmo_exercises.checks import check, question, registry
from pmo_exercises.checks.context import teaching_context
from pmo_exercises.checks.search import candidates
from tests._lesson_tests import giveaways

CTX = teaching_context()
W, ONE_OFF, DEADLINE = CTX.latest(CTX.watermelon), CTX.latest("P08"), CTX.latest("P02")
SEARCHED = [qid for qid in registry()["id"] if question(qid).search is not None]


@pytest.mark.parametrize(
    ("qid", "answer", "said"),
    [
        pytest.param("03.cpi", W["cv"], "That is CV = EV - AC", id="cv-for-cpi"),
        pytest.param(
            "03.eac_one_off",
            ONE_OFF["ac"] + (ONE_OFF["bac"] - ONE_OFF["pv"]),
            "You used PV (planned value) where EV (earned value) belongs in EAC = AC + (BAC - EV)",
            id="pv-for-ev-atypical",
        ),
        pytest.param(
            "03.eac_deadline",
            DEADLINE["ac"]
            + (DEADLINE["bac"] - DEADLINE["pv"]) / (DEADLINE["cpi"] * DEADLINE["spi"]),
            "You used PV (planned value) where EV (earned value) belongs",
            id="pv-for-ev-cpi-spi",
        ),
        pytest.param(
            "03.eac_deadline",
            DEADLINE["bac"] / (DEADLINE["cpi"] * DEADLINE["spi"]),
            "BAC / (CPI x SPI), which is no standard EAC",
            id="bac-over-cpi-spi",
        ),
        pytest.param(
            "03.eac_one_off",
            ONE_OFF["ac"] + (ONE_OFF["bac"] - ONE_OFF["ev"]) * ONE_OFF["cpi"],
            "You multiplied by CPI where EAC = AC + (BAC - EV) / CPI divides by it",
            id="work-left-times-cpi",
        ),
    ],
)
def test_the_mistakes_nobody_listed_are_named(qid, answer, said):
    feedback = check(qid, answer)
    assert feedback.status == "incorrect" and feedback.mistake.startswith("search:")
    assert said in feedback.message


@pytest.mark.parametrize("qid", SEARCHED)
def test_every_formula_question_names_three_wrong_computations_without_the_answer(qid):
    q = question(qid)
    expected = q.expected(CTX)
    named = {}
    for _, value, _ in candidates(q.search, CTX):
        feedback = check(qid, value)
        if feedback.status == "incorrect" and feedback.mistake:
            named[feedback.message] = feedback.mistake
    # three distinct names at least, the search's among them (the hand-written come first)
    assert len(named) >= 3, f"{qid}: {len(named)} named"
    assert any(m.startswith("search:") for m in named.values()), f"{qid}: none by search"
    for message in named:
        for form in giveaways(expected):
            assert form not in message, f"{qid}: {message!r} gives {form}"


def test_the_search_covers_the_formula_questions_of_the_lessons():
    assert {"02.total_float", "02.pert_mean", "02.probability", "03.cpi", "03.spi_t",
            "03.eac_one_off", "03.eac_deadline", "04.emv", "04.decision", "05.eac_vs_bac",
            "06.shortfall"} <= set(SEARCHED)  # fmt: skip


def test_a_computation_that_lands_on_the_right_answer_is_no_mistake():
    # CPI x SPI swapped is the same product: the right EAC by another road
    d = DEADLINE
    right = d["ac"] + (d["bac"] - d["ev"]) / (d["spi"] * d["cpi"])
    assert check("03.eac_deadline", right).correct


def test_an_answer_no_computation_explains_gets_the_general_message():
    feedback = check("03.cpi", 1234.5)
    assert feedback.mistake is None and feedback.message.startswith(question("03.cpi").wrong)
