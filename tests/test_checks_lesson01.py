"""Lesson 01's questions: expected values are the analytics', every usual mistake is named.

Mirrors ``tests/test_checks.py`` for the questions of ``checks/lesson01.py``.
Every figure is recomputed here with pandas from the teaching portfolio's
tables and the kit's policy, independently of the module under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises import governance
from tests._checks_helpers import lesson_tests

P = pmo.load_portfolio()
POLICY = governance.load_policy()
PROJECTS = P.projects.set_index("project_id")
ACTIVE = PROJECTS.index[PROJECTS["state"] == "active"]

# stale reports: last update against the status date, in the status week
STATUS = P.project_status[P.project_status["week"] == P.status_week].set_index("project_id")
DATE = pd.Timestamp(P.meta["status_date"])
AGE = (DATE - STATUS["last_update"]).dt.days
STALE_ALL = AGE[AGE.index.isin(ACTIVE) & (AGE > 7 * POLICY.stale_after_weeks)]
STALE = STALE_ALL.index.item()
DAYS = int(STALE_ALL.item())
WEEKS = DAYS / 7
FROM_START = (DATE - PROJECTS.at[STALE, "planned_start"]).days / 7
UPDATED = P.project_status["status_date"] == STATUS.at[STALE, "last_update"]
UPDATED_WEEK = P.project_status.loc[UPDATED, "week"].iloc[0]
FRESH = AGE.index[AGE == 0][0]
LATE_BUT_FINE = AGE.index[(AGE > 0) & (AGE <= 7 * POLICY.stale_after_weeks)][0]

# the risk rule: open, probability at least the threshold, no owner or no response
R = P.risks
OPEN = R["state"] == "open"
MISSING = R["owner"].isna() | R["response"].isna()
HIGH = R["probability"] >= POLICY.high_probability
UNGUARDED = int((OPEN & HIGH & MISSING).sum())
NO_OWNER = int((OPEN & HIGH & R["owner"].isna()).sum())
NO_RESPONSE = int((OPEN & HIGH & R["response"].isna()).sum())
STRICT = int((OPEN & (R["probability"] > POLICY.high_probability) & MISSING).sum())
PERCENT = int((OPEN & (R["probability"] >= 100 * POLICY.high_probability) & MISSING).sum())
ANY_PROBABILITY = int((OPEN & MISSING).sum())
OPEN_HIGH = int((OPEN & HIGH).sum())

# gates: the artefacts each stage requires, cumulative, and only "approved" counts
STATES = P.artefacts.set_index(["project_id", "artefact"])["state"]
STAGES = POLICY.stages


def required(stage):
    upto = STAGES[1 : STAGES.index(stage) + 1]
    return [a for s in upto for a in POLICY.gates[s]]


def ready(pid, stage, accepted=("approved",)):
    return all(STATES.get((pid, a)) in accepted for a in required(stage))


def next_stage(stage):
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


IN_BREACH = [pid for pid in ACTIVE if not ready(pid, PROJECTS.at[pid, "stage"])]
BREACH = next(
    pid
    for pid in IN_BREACH
    if PROJECTS.at[pid, "stage"] == "execution" and STATES[(pid, "schedule_baseline")] != "approved"
)
PLANNING = PROJECTS.index[PROJECTS["stage"] == "planning"][0]
COMPLIANT = next(pid for pid in ACTIVE if pid not in IN_BREACH)
NEXT = {pid: next_stage(PROJECTS.at[pid, "stage"]) for pid in ACTIVE}
MAY_PASS = sum(1 for pid, nxt in NEXT.items() if nxt and ready(pid, nxt))
DRAFTS_PASS = sum(1 for pid, nxt in NEXT.items() if nxt and ready(pid, nxt, ("approved", "draft")))
NOT_IN_BREACH = len(PROJECTS) - len(IN_BREACH)
MAY_NOT = len(PROJECTS) - MAY_PASS


def test_the_cases_differ_so_each_mistake_is_its_own_figure():
    assert IN_BREACH == [BREACH], "the lesson tells of one gate breach"
    assert (
        len({WEEKS, DAYS, round(FROM_START), P.status_week, WEEKS - POLICY.stale_after_weeks}) == 5
    )
    figures = {UNGUARDED, NO_OWNER, STRICT, PERCENT, ANY_PROBABILITY, OPEN_HIGH, len(R)}
    assert len(figures) == 7 and NO_OWNER == NO_RESPONSE
    assert len({MAY_PASS, DRAFTS_PASS, NOT_IN_BREACH, MAY_NOT}) == 4


def test_the_analytics_agree_with_the_tables():
    findings = governance.compliance_check(P, POLICY)
    review = governance.stage_gate_review(P, POLICY)
    assert set(findings.loc[findings["rule"] == "stale_status", "project_id"]) == {STALE}
    risk_rules = findings["rule"].isin(["unowned_high_risk", "unanswered_high_risk"])
    assert risk_rules.sum() == UNGUARDED
    assert set(review.loc[review["breach"], "project_id"]) == {BREACH}


# -- expected answers are the analytics' -------------------------------------------------

EXPECTED = [
    pytest.param("01.stale", STALE, id="stale"),
    pytest.param("01.stale_weeks", WEEKS, id="stale_weeks"),
    pytest.param("01.unguarded_risks", UNGUARDED, id="unguarded_risks"),
    pytest.param("01.gate_breach", BREACH, id="gate_breach"),
    pytest.param("01.may_pass", MAY_PASS, id="may_pass"),
]


RIGHT_FORMS = [
    pytest.param("01.stale", f" {STALE.lower()} ", id="id-any-case"),
    pytest.param("01.stale_weeks", int(WEEKS), id="weeks-int"),
    pytest.param(
        "01.stale_weeks", np.int64(P.status_week - UPDATED_WEEK), id="weeks-by-week-number"
    ),
    pytest.param("01.unguarded_risks", np.int64(UNGUARDED), id="count-numpy-int"),
    pytest.param("01.unguarded_risks", float(UNGUARDED), id="count-float"),
    pytest.param("01.gate_breach", BREACH.lower(), id="breach-lower"),
    pytest.param("01.may_pass", np.int64(MAY_PASS), id="may-pass-numpy-int"),
]


# -- each usual mistake is named, and the answer is not given away ---------------------------

MISTAKES = [
    pytest.param("01.stale", "unknown_project", "P99", id="stale-unknown"),
    pytest.param("01.stale", "not_stale", FRESH, id="stale-fresh"),
    pytest.param("01.stale", "not_stale", LATE_BUT_FINE, id="stale-late-within-policy"),
    pytest.param("01.stale_weeks", "days_not_weeks", DAYS, id="weeks-in-days"),
    pytest.param("01.stale_weeks", "from_project_start", FROM_START, id="weeks-from-start"),
    pytest.param(
        "01.stale_weeks", "from_project_start", round(FROM_START), id="weeks-from-start-whole"
    ),
    pytest.param("01.stale_weeks", "from_portfolio_start", P.status_week, id="weeks-status-week"),
    pytest.param(
        "01.stale_weeks",
        "beyond_threshold",
        WEEKS - POLICY.stale_after_weeks,
        id="weeks-past-the-limit",
    ),
    pytest.param("01.unguarded_risks", "percent_threshold", PERCENT, id="risks-percent"),
    pytest.param("01.unguarded_risks", "one_requirement_only", NO_OWNER, id="risks-owner-only"),
    pytest.param(
        "01.unguarded_risks", "one_requirement_only", NO_RESPONSE, id="risks-response-only"
    ),
    pytest.param("01.unguarded_risks", "strictly_above", STRICT, id="risks-strictly-above"),
    pytest.param(
        "01.unguarded_risks", "every_probability", ANY_PROBABILITY, id="risks-any-probability"
    ),
    pytest.param("01.unguarded_risks", "every_open_high_risk", OPEN_HIGH, id="risks-open-high"),
    pytest.param("01.unguarded_risks", "all_risks", len(R), id="risks-whole-register"),
    pytest.param("01.unguarded_risks", "all_risks", int(OPEN.sum()), id="risks-all-open"),
    pytest.param("01.gate_breach", "unknown_project", "P99", id="breach-unknown"),
    pytest.param("01.gate_breach", "not_yet_at_gate", PLANNING, id="breach-planning"),
    pytest.param("01.gate_breach", "compliant", COMPLIANT, id="breach-compliant"),
    pytest.param("01.may_pass", "draft_as_approved", DRAFTS_PASS, id="pass-drafts"),
    pytest.param("01.may_pass", "no_breach_as_ready", NOT_IN_BREACH, id="pass-no-breach"),
    pytest.param("01.may_pass", "those_who_may_not", MAY_NOT, id="pass-the-others"),
]


# wrong answers that no mistake explains
UNKNOWN = [
    pytest.param("01.stale_weeks", 11.0, id="weeks"),
    pytest.param("01.unguarded_risks", 50, id="risks"),
    pytest.param("01.may_pass", 1, id="pass"),
]


# -- the tests every lesson's questions must pass, on the data above (tests/_checks_helpers.py)
globals().update(
    lesson_tests(
        "01",
        expected=EXPECTED,
        right_forms=RIGHT_FORMS,
        mistakes=MISTAKES,
        unknown=UNKNOWN,
        rel=1e-12,
    )
)
