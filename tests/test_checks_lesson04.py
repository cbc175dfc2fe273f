"""Lesson 04's questions: expected values are the analytics', every usual mistake is named.

Mirrors ``tests/test_checks.py`` for the questions of ``checks/lesson04.py``.
Every figure is recomputed here from the teaching portfolio with
:mod:`pmo_exercises.risk`, independently of the module under test.
"""

from __future__ import annotations

import numpy as np
import pytest

import pmo_exercises as pmo
from pmo_exercises import risk
from tests._checks_helpers import lesson_tests

P = pmo.load_portfolio()

SCORED = risk.score_portfolio_risks(P)
OPEN = SCORED["state"] == "open"
HIGH_OPEN = int((OPEN & (SCORED["zone"] == "high")).sum())
HIGH_ALL = int((SCORED["zone"] == "high").sum())
HIGH_MEDIUM_OPEN = int((OPEN & SCORED["zone"].isin(["high", "medium"])).sum())

ONE = P.subset("P06")
RISKS = ONE.risks[ONE.risks["state"] == "open"]
GAINS = ONE.opportunities[ONE.opportunities["state"] == "open"]
R04 = ONE.risks.set_index("risk_id").loc["R-P06-04"]
EMV = -R04["probability"] * R04["cost_impact"]
RESERVE = float((RISKS["probability"] * RISKS["cost_impact"]).sum())
NET_RESERVE = RESERVE - float((GAINS["probability"] * GAINS["cost_saving"]).sum())
ALL_RESERVE = float((ONE.risks["probability"] * ONE.risks["cost_impact"]).sum())
IMPACTS = float(RISKS["cost_impact"].sum())

ACCEPT = -R04["probability"] * R04["cost_impact"]
MITIGATE = -0.2 * R04["cost_impact"] - R04["response_cost"]
DECISION = max(ACCEPT, MITIGATE)

MC = risk.monte_carlo(ONE.tasks, ONE.dependencies, RISKS, iterations=5_000, seed=4)
PLAN_COST = MC.planned_cost
P50_COST = float(np.percentile(MC.costs, 50))
P80_COST = float(np.percentile(MC.costs, 80))
CONTINGENCY = P80_COST - PLAN_COST
DAYS = float(np.percentile(MC.durations, 80)) - MC.planned_duration


def test_the_cases_differ_so_each_mistake_is_its_own_figure():
    assert MITIGATE > ACCEPT, "the lesson's tree should pick the response"
    assert len({HIGH_OPEN, HIGH_ALL, HIGH_MEDIUM_OPEN}) == 3
    assert len({RESERVE, NET_RESERVE, ALL_RESERVE, IMPACTS}) == 4


# -- expected answers are the analytics' -------------------------------------------------

EXPECTED = [
    pytest.param("04.high_open", HIGH_OPEN, id="high_open"),
    pytest.param("04.emv", EMV, id="emv"),
    pytest.param("04.reserve", RESERVE, id="reserve"),
    pytest.param("04.decision", DECISION, id="decision"),
    pytest.param("04.contingency", CONTINGENCY, id="contingency"),
]


RIGHT_FORMS = [
    pytest.param("04.high_open", np.int64(HIGH_OPEN), id="count-numpy-int"),
    pytest.param("04.high_open", float(HIGH_OPEN), id="count-float"),
    pytest.param("04.emv", risk.emv(R04["probability"], -R04["cost_impact"]), id="emv-risk"),
    pytest.param("04.emv", round(EMV), id="emv-whole-euros"),
    pytest.param("04.reserve", risk.contingency_reserve(RISKS, GAINS)["reserve"], id="kit"),
    pytest.param("04.reserve", round(RESERVE), id="reserve-whole-euros"),
    pytest.param("04.decision", np.float64(DECISION), id="decision-numpy-float"),
    pytest.param("04.contingency", MC.contingency(0.8)["cost"], id="contingency-kit"),
    pytest.param("04.contingency", round(CONTINGENCY, -2), id="contingency-hundreds"),
]


# -- each usual mistake is named, and the answer is not given away ---------------------------

MISTAKES = [
    pytest.param("04.high_open", "counted_occurred", HIGH_ALL, id="high-occurred"),
    pytest.param("04.high_open", "high_and_medium", HIGH_MEDIUM_OPEN, id="high-and-medium"),
    pytest.param("04.emv", "threat_positive", -EMV, id="emv-positive"),
    pytest.param("04.emv", "probability_in_percent", 100 * EMV, id="emv-percent"),
    pytest.param("04.emv", "percent_and_positive", -100 * EMV, id="emv-percent-positive"),
    pytest.param("04.emv", "impact_not_emv", -R04["cost_impact"], id="emv-impact"),
    pytest.param("04.reserve", "netted_opportunities", NET_RESERVE, id="reserve-netted"),
    pytest.param("04.reserve", "summed_impacts", IMPACTS, id="reserve-impacts"),
    pytest.param("04.reserve", "counted_occurred", ALL_RESERVE, id="reserve-occurred"),
    pytest.param("04.reserve", "reserve_negative", -RESERVE, id="reserve-negative"),
    pytest.param("04.reserve", "probability_in_percent", 100 * RESERVE, id="reserve-percent"),
    pytest.param("04.decision", "best_outcome", ACCEPT, id="decision-best-outcome"),
    pytest.param("04.decision", "best_outcome_itself", 0, id="decision-zero"),
    pytest.param(
        "04.decision", "response_cost_forgotten", -0.2 * R04["cost_impact"], id="decision-no-cost"
    ),
    pytest.param("04.decision", "tree_positive", -DECISION, id="decision-positive"),
    pytest.param("04.contingency", "p80_alone", P80_COST, id="contingency-p80"),
    pytest.param("04.contingency", "p50_for_p80", P50_COST - PLAN_COST, id="contingency-p50"),
    pytest.param("04.contingency", "p50_alone", P50_COST, id="contingency-p50-alone"),
    pytest.param("04.contingency", "schedule_for_cost", DAYS, id="contingency-days"),
    pytest.param("04.contingency", "register_reserve", RESERVE, id="contingency-register"),
]


# wrong answers that no mistake explains
UNKNOWN = [pytest.param(q, 123.0, id=q) for q in ("04.emv", "04.contingency")]


# -- the tests every lesson's questions must pass, on the data above (tests/_checks_helpers.py)
globals().update(
    lesson_tests(
        "04",
        expected=EXPECTED,
        right_forms=RIGHT_FORMS,
        mistakes=MISTAKES,
        unknown=UNKNOWN,
    )
)


# -- what the lesson's prose says about the register is true --------------------------------


def test_the_lessons_story_holds():
    from pmo_exercises.checks import question
    from pmo_exercises.governance import load_policy

    # the zone matrix: 12 is the top of medium, high starts above it (15 on a 5 x 5 matrix)
    zones = risk.zone_matrix()
    assert zones.at[4, 3] == "medium" and zones.at[5, 3] == "high"
    assert "above 12" in question("04.high_open").hints[1]
    # R-P06-04: in the high zone, no response, a priced mitigation; one P06 risk occurred
    row = SCORED.set_index("risk_id").loc["R-P06-04"]
    assert row["zone"] == "high" and row["state"] == "open" and R04["response_cost"] > 0
    assert R04.isna()["response"] and not R04.isna()["owner"]
    assert (ONE.risks["state"] == "occurred").sum() == 1
    # every percentile of the simulation is worse than the plan
    summary = MC.summary()
    assert (summary["P10"] > summary["plan"]).all()
    # the policy's high risk (the probability alone) is not the matrix's high zone
    policy_high = set(
        SCORED.loc[OPEN & (SCORED["probability"] >= load_policy().high_probability), "risk_id"]
    )
    assert policy_high != set(SCORED.loc[OPEN & (SCORED["zone"] == "high"), "risk_id"])
