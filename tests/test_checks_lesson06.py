"""Lesson 06's questions: expected values are the analytics', every usual mistake is named.

Mirrors ``tests/test_checks.py`` for the questions of ``checks/lesson06.py``.
Every figure is recomputed here from the teaching portfolio with
:mod:`pmo_exercises.strategy` and pandas, independently of the module under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises import strategy
from pmo_exercises.checks.lesson06 import month
from tests._checks_helpers import lesson_tests

P = pmo.load_portfolio()

# -- scoring: P06 against the objectives ---------------------------------------------------
WEIGHTS = P.objectives.set_index("objective_id")["weight"]
ALIGN = (
    P.alignment[P.alignment["project_id"] == "P06"]
    .set_index("objective_id")["score"]
    .reindex(WEIGHTS.index)
    .fillna(0)
)
SCORE = float((ALIGN / 5 * 100 * WEIGHTS / WEIGHTS.sum()).sum())
RAW = float((ALIGN * WEIGHTS / WEIGHTS.sum()).sum())  # still on the 0-5 scale
OWN = float(ALIGN[P.projects.set_index("project_id").loc["P06", "objective_id"]])
OWN_POINTS = (
    OWN
    / 5
    * 100
    * float(WEIGHTS[P.projects.set_index("project_id").loc["P06", "objective_id"]] / WEIGHTS.sum())
)
UNWEIGHTED = float(ALIGN.mean() / 5 * 100)

SCORES = strategy.score_projects(P).set_index("project_id")
NO_FIT = P.projects[P.projects["objective_id"].isna()]["project_id"].tolist()
LOWEST_FIT = str(SCORES[SCORES["strategic_fit"]]["score"].idxmin())
CAND, DEMAND, CAPACITY = strategy.selection_inputs(P)
BY_ID = CAND.set_index("project_id")
POOREST_VFM = str((BY_ID["business_value"] / BY_ID["bac"]).idxmin())
SMALLEST = str(BY_ID["business_value"].idxmin())

# -- selection: 2.8M of BAC, P06 mandatory, P05 or P08 -------------------------------------
BUDGET = 2_800_000
RULES = {"mandatory": ["P06"], "exclusive": [("P05", "P08")]}
BEST = strategy.select_portfolio(CAND, BUDGET, **RULES)
GREEDY = strategy.greedy_selection(CAND, BUDGET, **RULES).total_value
FREE = strategy.select_portfolio(CAND, BUDGET).total_value
REMAINING = strategy.select_portfolio(CAND, BUDGET, cost="remaining_cost", **RULES).total_value
ALL_VALUE = float(CAND["business_value"].sum())
NO_BUDGET = strategy.select_portfolio(CAND, 1e12, **RULES).total_value
GIVEN_UP = NO_BUDGET - BEST.total_value
NO_MANDATORY = strategy.select_portfolio(CAND, BUDGET, exclusive=RULES["exclusive"]).total_value
MANDATORY_COST = NO_MANDATORY - BEST.total_value

# -- capacity: the worst role-month --------------------------------------------------------
PLAN = strategy.capacity_plan(P)
WORST = PLAN.loc[(PLAN["capacity_days"] - PLAN["demand_days"]).idxmin()]
SHORT = float(WORST["demand_days"] - WORST["capacity_days"])
ROLE = PLAN[PLAN["role_id"] == WORST["role_id"]]
OVER = ROLE[ROLE["demand_days"] > ROLE["capacity_days"]]
FIRST_OVER = str(OVER["period"].iloc[0])
SUMMED = float((OVER["demand_days"] - OVER["capacity_days"]).sum())
BY_PROJECT = strategy.capacity_plan(P, by_project=True)
CELL = BY_PROJECT[
    (BY_PROJECT["role_id"] == WORST["role_id"]) & (BY_PROJECT["period"] == WORST["period"])
]
ONE_PROJECT = float(CELL["demand_days"].max() - WORST["capacity_days"])
UTILISATION = float(WORST["demand_days"] / WORST["capacity_days"])


def test_the_cases_differ_so_each_mistake_is_its_own_figure():
    assert len(NO_FIT) == 1, "the lesson needs exactly one project without an objective"
    assert len({NO_FIT[0], LOWEST_FIT, POOREST_VFM, SMALLEST}) == 4
    assert GREEDY < BEST.total_value, "the lesson's case should show greedy falling short"
    assert len({BEST.total_value, GREEDY, FREE, REMAINING, ALL_VALUE}) == 5
    assert len({GIVEN_UP, MANDATORY_COST, ALL_VALUE - BEST.total_value}) == 3
    assert SHORT > 0 and FIRST_OVER != WORST["period"] and ONE_PROJECT < 0
    assert len({round(x, 3) for x in (SCORE, 100 * RAW, RAW, OWN_POINTS, UNWEIGHTED)}) == 5


# -- expected answers are the analytics' -------------------------------------------------

EXPECTED = [
    pytest.param("06.weighted_score", SCORE, id="weighted_score"),
    pytest.param("06.weak_fit", NO_FIT[0], id="weak_fit"),
    pytest.param("06.optimal_value", BEST.total_value, id="optimal_value"),
    pytest.param("06.budget_cost", GIVEN_UP, id="budget_cost"),
    pytest.param("06.peak_month", str(WORST["period"]), id="peak_month"),
    pytest.param("06.shortfall", SHORT, id="shortfall"),
]


RIGHT_FORMS = [
    pytest.param("06.weighted_score", SCORES.loc["P06", "score"], id="score-kit"),
    pytest.param("06.weighted_score", np.float64(SCORE), id="score-numpy"),
    pytest.param("06.weak_fit", f" {NO_FIT[0].lower()} ", id="weak-fit-lower"),
    pytest.param("06.weak_fit", SCORES.index[~SCORES["strategic_fit"]][0], id="weak-fit-kit"),
    pytest.param("06.optimal_value", round(BEST.total_value, -3), id="optimal-thousands"),
    pytest.param("06.optimal_value", np.float64(BEST.total_value), id="optimal-numpy"),
    pytest.param(
        "06.budget_cost",
        strategy.constraint_costs(CAND, BUDGET, **RULES)
        .set_index("constraint")
        .loc["budget", "value_given_up"],
        id="budget-kit",
    ),
    pytest.param("06.peak_month", month(WORST["period"]).replace("-0", "-"), id="month-short"),
    pytest.param(
        "06.peak_month",
        f"{pd.Period(WORST['period'], freq='M'):%B %Y}",
        id="month-in-words",
    ),
    pytest.param("06.shortfall", -float(WORST["balance_days"]), id="shortfall-kit"),
]


# -- each usual mistake is named, and the answer is not given away ---------------------------

MISTAKES = [
    pytest.param("06.weighted_score", "not_divided_by_scale", 100 * RAW, id="score-500"),
    pytest.param("06.weighted_score", "left_on_five_point_scale", RAW, id="score-0-5"),
    pytest.param("06.weighted_score", "weights_not_normalised", 100 * SCORE, id="score-pct"),
    pytest.param("06.weighted_score", "own_objective_only", OWN_POINTS, id="score-own"),
    pytest.param("06.weighted_score", "unweighted", UNWEIGHTED, id="score-unweighted"),
    pytest.param("06.weak_fit", "lowest_score", LOWEST_FIT, id="fit-lowest"),
    pytest.param("06.weak_fit", "poorest_value_for_money", POOREST_VFM, id="fit-vfm"),
    pytest.param("06.weak_fit", "smallest_value", SMALLEST, id="fit-smallest"),
    pytest.param("06.optimal_value", "greedy_taken_as_optimal", GREEDY, id="optimal-greedy"),
    pytest.param("06.optimal_value", "constraints_left_out", FREE, id="optimal-free"),
    pytest.param("06.optimal_value", "remaining_not_total_cost", REMAINING, id="optimal-remaining"),
    pytest.param("06.optimal_value", "cost_not_value", BEST.total_cost, id="optimal-cost"),
    pytest.param("06.optimal_value", "every_candidate", ALL_VALUE, id="optimal-all"),
    pytest.param(
        "06.budget_cost", "ratio_not_difference", NO_BUDGET / BEST.total_value, id="cost-ratio"
    ),
    pytest.param(
        "06.budget_cost", "ratio_not_difference", 100 * GIVEN_UP / NO_BUDGET, id="cost-percent"
    ),
    pytest.param("06.budget_cost", "value_without", NO_BUDGET, id="cost-without"),
    pytest.param("06.budget_cost", "value_with", BEST.total_value, id="cost-with"),
    pytest.param("06.budget_cost", "given_up_negative", -GIVEN_UP, id="cost-negative"),
    pytest.param("06.budget_cost", "every_candidate", ALL_VALUE - BEST.total_value, id="cost-all"),
    pytest.param("06.budget_cost", "unspent_budget", BUDGET - BEST.total_cost, id="cost-slack"),
    pytest.param("06.budget_cost", "mandatory_cost", MANDATORY_COST, id="cost-mandatory"),
    pytest.param("06.peak_month", "first_month_over", FIRST_OVER, id="month-first"),
    pytest.param("06.shortfall", "per_project_not_per_pool", 0, id="short-zero"),
    pytest.param("06.shortfall", "per_project_not_per_pool", ONE_PROJECT, id="short-project"),
    pytest.param("06.shortfall", "balance_sign", -SHORT, id="short-sign"),
    pytest.param("06.shortfall", "demand_not_gap", WORST["demand_days"], id="short-demand"),
    pytest.param("06.shortfall", "utilisation", UTILISATION, id="short-utilisation"),
    pytest.param("06.shortfall", "utilisation", 100 * UTILISATION, id="short-util-pct"),
    pytest.param("06.shortfall", "summed_months", SUMMED, id="short-summed"),
]


# wrong answers that no mistake explains
UNKNOWN = [
    pytest.param("06.weighted_score", 123.0, id="score"),
    pytest.param("06.budget_cost", 123.0, id="budget"),
    pytest.param("06.weak_fit", "P99", id="fit"),
    pytest.param("06.peak_month", "1999-01", id="month"),
]


def test_a_month_is_read_in_its_usual_forms():
    assert month("2026-9") == month("Sep 2026") == month(" 2026-09 ") == "2026-09"
    assert month("not a month") == "NOT A MONTH"


# -- the tests every lesson's questions must pass, on the data above (tests/_checks_helpers.py)
globals().update(
    lesson_tests(
        "06",
        expected=EXPECTED,
        right_forms=RIGHT_FORMS,
        mistakes=MISTAKES,
        unknown=UNKNOWN,
    )
)


# -- what the lesson's prose says about the teaching portfolio is true ----------------------


def test_the_lessons_story_holds():
    # a tie near the top; the top three hold when a weight moves by 20%, nobody moves > 2
    ranked = SCORES.sort_values("rank")
    assert ranked["score"].iloc[:3].duplicated().any()
    sensitivity = strategy.ranking_sensitivity(P, changes=(-0.2, 0.2), top_n=3)
    top = sensitivity.sort_values("base_rank").head(3)
    assert top["robust_top_n"].all() and sensitivity["max_shift"].max() == 2
    # on 2M alone greedy and the integer program agree; on the board's case the best
    # selection reaches greedy's value with 200,000 EUR less
    assert (
        strategy.greedy_selection(CAND, 2_000_000).total_value
        == strategy.select_portfolio(CAND, 2_000_000).total_value
    )
    assert strategy.select_portfolio(CAND, BUDGET - 200_000, **RULES).total_value == GREEDY
    # the budget costs the most, the exclusion and every pool's capacity nothing
    costs = strategy.constraint_costs(
        CAND, BUDGET, capacity=CAPACITY, demand=DEMAND, **RULES
    ).set_index("constraint")
    assert costs["value_given_up"].idxmax() == "budget"
    others = costs[costs["kind"].isin(["capacity", "exclusive"])]["value_given_up"]
    assert (others == 0).all()
    # the architects' worst month is ahead: the portal asks most of them then, and the
    # pause of P12 brings it back within capacity; June's half-day over is behind us
    assert WORST["role_id"] == "ARC" and WORST["period"] >= f"{P.status_date:%Y-%m}"
    assert CELL.set_index("project_id")["demand_days"].idxmax() == "P06"
    effect = strategy.capacity_effect(P, ("pause", "P12")).set_index(["role_id", "period"])
    assert effect.loc[("ARC", WORST["period"]), "over_before"]
    assert not effect.loc[("ARC", WORST["period"]), "over_after"]
    still = effect.loc["ARC"]
    still = still[still["over_after"]]
    assert list(still.index) == ["2026-06"] and "2026-06" < f"{P.status_date:%Y-%m}"
    assert still["demand_after"].iloc[0] - still["capacity_days"].iloc[0] == pytest.approx(0.5)
