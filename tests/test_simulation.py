"""The simulator: invariants of the history it writes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from tests._checks import (
    assert_events_visible,
    assert_history,
    assert_links_respected,
    assert_schema,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 8), weeks=st.integers(1, 40))
def test_history_invariants_hold_for_any_seed_and_length(seed, n, weeks):
    plan = pmo.generate_portfolio(seed=seed, n_projects=n, tasks_per_project=(4, 20))
    p = pmo.simulate(plan, weeks=weeks, seed=seed)
    assert_schema(p)
    assert p.status_week == weeks
    assert len(p.task_status) == weeks * len(p.tasks)
    assert_history(p)
    assert_links_respected(p)
    assert_events_visible(p)


def test_simulation_does_not_touch_its_input(small):
    before = small.digest()
    pmo.simulate(small, weeks=3, seed=1)
    assert small.digest() == before


def test_resuming_keeps_the_history_and_extends_it(small):
    later = pmo.simulate(small, weeks=5, seed=2)
    assert later.status_week == small.status_week + 5
    kept = later.task_status[later.task_status["week"] <= small.status_week].reset_index(drop=True)
    assert kept.equals(small.task_status.reset_index(drop=True))
    assert_history(later)
    assert_links_respected(later)
    assert_events_visible(later)


def test_a_long_run_finishes_the_work():
    plan = pmo.generate_portfolio(seed=4, n_projects=2, tasks_per_project=8)
    p = pmo.simulate(plan, weeks=150, seed=4)
    assert (p.projects["state"] == "completed").all()
    assert (p.projects["stage"] == "closing").all()
    last = p.task_status[p.task_status["week"] == p.status_week]
    assert (last["pct_complete_actual"] == 100).all()
    # a finished project drafts its closure report; its planning gates were approved
    arts = p.artefacts.set_index(["project_id", "artefact"])["state"]
    assert (arts.xs("closure_report", level="artefact") == "draft").all()
    assert (
        arts.xs("schedule_baseline", level="artefact")[
            p.drivers.set_index("project_id")["gate_discipline"] == 1
        ]
        == "approved"
    ).all()


def test_risks_that_fire_cost_money_and_time():
    """With every risk certain to fire, each one shows up as an event with its impact."""
    plan = pmo.generate_portfolio(seed=9, n_projects=2, tasks_per_project=10)
    certain = plan.replace(risks=plan.risks.assign(probability=1.0))
    p = pmo.simulate(certain, weeks=120, seed=9)
    fired = p.events[p.events["kind"] == "risk"]
    assert set(fired["source_id"]) == set(plan.risks["risk_id"])
    assert (p.risks["state"] == "occurred").all()
    never = pmo.simulate(plan.replace(risks=plan.risks.assign(probability=0.0)), weeks=120, seed=9)
    final = lambda q: q.project_status[q.project_status["week"] == 120]["actual_cost"].sum()  # noqa: E731
    assert final(p) > final(never) + 0.9 * plan.risks["cost_impact"].sum()


def test_managers_report_optimistically_only_when_driven_to():
    plan = pmo.generate_portfolio(seed=21, n_projects=4, tasks_per_project=15)
    honest = plan.replace(drivers=plan.drivers.assign(progress_optimism=0.0, rag_optimism=0))
    rosy = plan.replace(drivers=plan.drivers.assign(progress_optimism=2.0, rag_optimism=2))
    h = pmo.simulate(honest, weeks=20, seed=1).task_status
    r = pmo.simulate(rosy, weeks=20, seed=1).task_status
    assert np.array_equal(h["pct_complete_actual"], r["pct_complete_actual"])  # same reality
    gap_h = (h["pct_complete_reported"] - h["pct_complete_actual"]).max()
    gap_r = (r["pct_complete_reported"] - r["pct_complete_actual"]).max()
    assert gap_h < 5 <= 25 <= gap_r


def test_a_paused_project_makes_no_progress(teaching):
    pid = teaching.projects.loc[teaching.projects["stage"] == "execution", "project_id"].iloc[0]
    paused = pmo.simulate(pmo.scenarios.pause_project(teaching, pid), weeks=6, seed=1)
    ps = paused.project_status[paused.project_status["project_id"] == pid].set_index("week")
    assert (
        ps.loc[teaching.status_week + 6, "pct_complete_actual"]
        == ps.loc[teaching.status_week, "pct_complete_actual"]
    )


def test_progress_is_reported_to_the_caller():
    calls = []
    pmo.simulate(
        pmo.generate_portfolio(seed=1, n_projects=1, tasks_per_project=5),
        weeks=3,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_zero_weeks_is_refused(small):
    with pytest.raises(ValueError, match="weeks"):
        pmo.simulate(small, weeks=0)


def test_a_portfolio_without_simulation_truth_is_refused_in_one_line():
    from pathlib import Path

    own = pmo.read_portfolio(Path(__file__).parent / "data" / "pmo_own")
    with pytest.raises(ValueError, match="drivers table for every project; none for P1") as err:
        pmo.simulate(own, weeks=2)
    assert "\n" not in str(err.value)
