"""Lesson 05's questions: expected values are the analytics', every usual mistake is named.

Mirrors ``tests/test_checks.py`` for the questions of ``checks/lesson05.py``.
Every figure is recomputed here from the teaching portfolio with
:mod:`pmo_exercises.reporting`, independently of the module under test.
"""

from __future__ import annotations

import numpy as np
import pytest

import pmo_exercises as pmo
from pmo_exercises import governance, reporting
from pmo_exercises.checks import check, question
from pmo_exercises.checks.context import teaching_context
from pmo_exercises.checks.lesson05 import reporting as lesson_reporting
from tests._checks_helpers import lesson_tests
from tests._lesson_tests import (
    number_forms,
)

P = pmo.load_portfolio()
POLICY = governance.load_policy()

HISTORY = reporting.rag_history(P)
NOW = HISTORY[HISTORY["week"] == P.status_week].set_index("project_id")
P12 = NOW.loc["P12"]
RED = int((NOW["overall_rag"] == "red").sum())
REPORTED_RED = int((NOW["reported_rag"] == "red").sum())
AMBER_AND_RED = int(NOW["overall_rag"].isin(["amber", "red"]).sum())
SCHEDULE_RED = int((NOW["schedule_rag"] == "red").sum())
COST_RED = int((NOW["cost_rag"] == "red").sum())
WATERMELON = NOW.index[NOW["watermelon"]].item()
AMBER_OVER_RED = NOW.index[(NOW["overall_rag"] == "red") & (NOW["reported_rag"] == "amber")]
# red and reported better, by fewer steps than the policy's rag.watermelon.min_steps
BELOW_MIN_STEPS = NOW.index[
    (NOW["overall_rag"] == "red")
    & (NOW["rag_gap"] >= 1)
    & (NOW["rag_gap"] < POLICY.watermelon_min_steps)
]
HONEST_RED = NOW.index[NOW["reported_rag"] == "red"]
NOT_RED = NOW.index[NOW["overall_rag"] != "red"]
OPTIMISTIC = int((NOW["rag_gap"] >= 1).sum())
WATERMELONS = int(NOW["watermelon"].sum())
OPTIMISTIC_RED = int(((NOW["rag_gap"] >= 1) & (NOW["overall_rag"] == "red")).sum())

P09 = reporting.portfolio_dashboard(P).set_index("project_id").loc["P09"]
BAC, EAC = P09["bac"], P09["bac"] / P09["cpi"]
OVERRUN = 100 * (EAC - BAC) / BAC
REPORTED = reporting.portfolio_dashboard(P, basis="reported").set_index("project_id")
OVERRUN_REPORTED = REPORTED.at["P09", "eac_vs_bac_pct"]


def test_the_cases_differ_so_each_mistake_is_its_own_figure():
    assert (P12["schedule_rag"], P12["cost_rag"], P12["risk_rag"]) == ("amber", "red", "green")
    assert P12["spi"] < POLICY.schedule.amber and P12["cpi"] < POLICY.cost.amber, (
        "green is only reached reversed"
    )
    assert len({RED, REPORTED_RED, AMBER_AND_RED, SCHEDULE_RED, COST_RED}) == 4
    assert SCHEDULE_RED == COST_RED
    assert len(AMBER_OVER_RED) and len(HONEST_RED)
    assert len({OPTIMISTIC, WATERMELONS, OPTIMISTIC_RED}) == 3
    assert OVERRUN > 0 and abs(OVERRUN_REPORTED - OVERRUN) > 1


# -- expected answers are the analytics' -------------------------------------------------

EXPECTED = [
    pytest.param("05.overall_rag", "red", id="overall_rag"),
    pytest.param("05.red_count", RED, id="red_count"),
    pytest.param("05.watermelon", WATERMELON, id="watermelon"),
    pytest.param("05.eac_vs_bac", OVERRUN, id="eac_vs_bac"),
    pytest.param("05.optimistic", OPTIMISTIC, id="optimistic"),
]


RIGHT_FORMS = [
    pytest.param("05.overall_rag", " Red", id="rag-capitalised"),
    pytest.param("05.overall_rag", "RED", id="rag-upper"),
    pytest.param("05.red_count", np.int64(RED), id="count-numpy-int"),
    pytest.param("05.red_count", float(RED), id="count-float"),
    pytest.param("05.watermelon", WATERMELON.lower(), id="watermelon-lower"),
    pytest.param("05.eac_vs_bac", round(OVERRUN, 1), id="overrun-one-decimal"),
    pytest.param("05.eac_vs_bac", np.float64(OVERRUN), id="overrun-numpy-float"),
    pytest.param("05.optimistic", np.int64(OPTIMISTIC), id="optimistic-numpy-int"),
]


# -- each usual mistake is named, and the answer is not given away ---------------------------

MISTAKES = [
    pytest.param("05.overall_rag", "best_of_parts", "amber", id="rag-best"),
    pytest.param("05.overall_rag", "thresholds_reversed", "green", id="rag-reversed"),
    pytest.param("05.red_count", "reported_for_computed", REPORTED_RED, id="red-reported"),
    pytest.param("05.red_count", "amber_counted", AMBER_AND_RED, id="red-and-amber"),
    pytest.param("05.red_count", "one_part_only", SCHEDULE_RED, id="red-one-part"),
    pytest.param("05.watermelon", "unknown_project", "P99", id="watermelon-unknown"),
    pytest.param("05.watermelon", "amber_over_red", AMBER_OVER_RED[0], id="watermelon-amber"),
    *(
        pytest.param("05.watermelon", "amber_over_red", pid, id=f"watermelon-below-steps-{pid}")
        for pid in BELOW_MIN_STEPS
    ),
    pytest.param("05.watermelon", "honest_red", HONEST_RED[0], id="watermelon-honest"),
    pytest.param("05.watermelon", "not_red_inside", NOT_RED[0], id="watermelon-not-red"),
    pytest.param("05.eac_vs_bac", "fraction_not_percent", OVERRUN / 100, id="overrun-fraction"),
    pytest.param("05.eac_vs_bac", "ratio_not_overrun", 100 * EAC / BAC, id="overrun-ratio"),
    pytest.param("05.eac_vs_bac", "ratio_as_fraction", EAC / BAC, id="overrun-ratio-fraction"),
    pytest.param("05.eac_vs_bac", "bac_minus_eac", -OVERRUN, id="overrun-negative"),
    pytest.param("05.eac_vs_bac", "eac_itself", EAC, id="overrun-eac"),
    pytest.param("05.eac_vs_bac", "overrun_in_euros", EAC - BAC, id="overrun-euros"),
    pytest.param("05.eac_vs_bac", "reported_progress", OVERRUN_REPORTED, id="overrun-reported"),
    pytest.param("05.optimistic", "watermelons_only", WATERMELONS, id="optimistic-watermelons"),
    pytest.param("05.optimistic", "red_only", OPTIMISTIC_RED, id="optimistic-red"),
]


def giveaways(expected) -> list[str]:
    """Ways the expected value could be written in a message (a RAG word or a project
    id, which lesson 05 writes in either case, or a number)."""
    if isinstance(expected, str):
        return [expected, expected.lower()] if len(expected) > 3 else [f" {expected} "]
    return number_forms(expected)


# wrong answers that no mistake explains
UNKNOWN = [
    pytest.param("05.eac_vs_bac", 123.0, id="eac_vs_bac"),
    pytest.param("05.red_count", 11, id="red_count"),
]


# -- the tests every lesson's questions must pass, on the data above (tests/_checks_helpers.py)
globals().update(
    lesson_tests(
        "05",
        expected=EXPECTED,
        right_forms=RIGHT_FORMS,
        mistakes=MISTAKES,
        unknown=UNKNOWN,
        forms=giveaways,
        reveal_ok={"05.overall_rag"},
        hints_skip={"05.overall_rag"},
    )
)


# -- one watermelon, one policy: the teaching context's ------------------------------------


def test_the_watermelon_is_the_teaching_contexts():
    """Lesson 05 judges on the policy's rule as lessons 03 and 07 do: one definition."""
    ctx = teaching_context()
    assert question("05.watermelon").expected(ctx) == ctx.watermelon == WATERMELON
    r = lesson_reporting(ctx)
    assert r.now is ctx.rag and r.policy is ctx.policy


def test_a_red_reported_one_step_better_is_named_as_below_the_policys_steps():
    """Every red reported better, but by fewer than min_steps, is named as such."""
    assert POLICY.watermelon_min_steps == 2 and len(BELOW_MIN_STEPS) >= 2
    for pid in BELOW_MIN_STEPS:
        assert check("05.watermelon", pid).mistake == "amber_over_red"
    assert check("05.watermelon", WATERMELON).correct


# -- what the lesson's prose says is true --------------------------------------------------


def test_the_lessons_story_holds():
    # P12: amber on schedule, red on cost, its risk RAG green (so risk leaves it alone)
    assert P12["risk_rag"] == "green" and P12["overall_rag"] == "red"
    # the watermelon has been one in every week so far; P08 in 14 of its first 17
    flagged = HISTORY[HISTORY["watermelon"]].groupby("project_id")["week"].apply(set)
    assert flagged[WATERMELON] == set(range(1, P.status_week + 1)) and P.status_week == 26
    assert len({w for w in flagged["P08"] if w <= 17}) == 14 and not NOW.at["P08", "watermelon"]
    p08 = HISTORY[HISTORY["project_id"] == "P08"].set_index("week")
    assert p08.at[18, "overall_rag"] == "amber"
    # reported progress: P09's overrun shrinks, the stale P08's grows
    actual = reporting.portfolio_dashboard(P).set_index("project_id")["eac_vs_bac_pct"]
    assert OVERRUN_REPORTED < OVERRUN and REPORTED.at["P08", "eac_vs_bac_pct"] > actual["P08"]
    # an index exactly on the red threshold is amber
    on_red = POLICY.index_rag([POLICY.schedule.red], "schedule")
    assert on_red.tolist() == [1.0]
