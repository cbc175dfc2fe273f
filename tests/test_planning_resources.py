"""Calendars, resource loading, levelling, forecasts and slip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.planning import (
    WorkCalendar,
    compare_schedules,
    critical_path,
    level_resources,
    levelling_delays,
    overallocations,
    portfolio_schedule,
    project_slip,
    resource_loading,
    schedule_dates,
)
from tests.test_planning_cpm import networks

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- calendar -----------------------------------------------------------------------
def test_calendar_skips_weekends_and_holidays():
    cal = WorkCalendar("2026-12-21", holidays=["2026-12-25", "2027-01-01"])
    dates = cal.to_date(range(8)).strftime("%Y-%m-%d").tolist()
    assert dates == [
        "2026-12-21",
        "2026-12-22",
        "2026-12-23",
        "2026-12-24",
        "2026-12-28",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
    ]
    assert cal.to_day(["2026-12-25"]).tolist() == [4]  # a holiday counts as the next working day
    # a task [es, ef) finishes on its last working day; a milestone on its own day
    assert cal.finish_date([0, 3], [4, 3]).strftime("%d").tolist() == ["24", "24"]


@given(st.lists(st.integers(0, 2000), min_size=1, max_size=50))
def test_days_and_dates_round_trip(days):
    cal = WorkCalendar("2026-01-05", holidays=["2026-05-01", "2026-12-25"])
    assert cal.to_day(cal.to_date(days)).tolist() == days


def test_schedule_dates_put_the_schedule_on_the_calendar():
    tasks = pd.DataFrame({"task_id": ["A", "B"], "duration": [5, 0], "predecessors": ["", "A"]})
    s = schedule_dates(critical_path(tasks), WorkCalendar("2026-01-05"))
    assert s.loc["A", ["early_start", "early_finish"]].dt.strftime("%a %d").tolist() == [
        "Mon 05",
        "Fri 09",
    ]
    assert s.loc["B", "early_start"] == pd.Timestamp("2026-01-12")


# -- loading and over-allocation ----------------------------------------------------
def _two_experts():
    """Two projects each want the one architect in the same week: a worked example."""
    tasks = pd.DataFrame(
        {"task_id": ["A", "B", "C"], "project_id": ["P1", "P2", "P2"], "duration": [5, 5, 3]}
    )
    assignments = pd.DataFrame(
        {"task_id": ["A", "B", "C"], "role_id": ["ARC", "ARC", "DEV"], "fte": [1.0, 1.0, 2.0]}
    )
    roles = pd.DataFrame({"role_id": ["ARC", "DEV"], "capacity_days_per_week": [5.0, 10.0]})
    return tasks, assignments, roles


def test_loading_sums_fte_days_per_role_and_week():
    tasks, assignments, roles = _two_experts()
    s = critical_path(tasks).join(tasks.set_index("task_id")[["project_id"]])
    load = resource_loading(s, assignments)
    assert load.set_index(["role_id", "week"])["demand_days"].to_dict() == {
        ("ARC", 1): 10.0,
        ("DEV", 1): 6.0,
    }
    over = overallocations(resource_loading(s, assignments, by_project=True), roles)
    assert over.to_dict("records") == [
        {
            "role_id": "ARC",
            "week": 1,
            "demand_days": 10.0,
            "capacity_days": 5.0,
            "excess_days": 5.0,
            "projects": 2,
        }
    ]


def test_levelling_queues_the_expert_least_float_first():
    tasks, assignments, roles = _two_experts()
    links = pd.DataFrame({"predecessor": ["B"], "successor": ["C"], "type": ["FS"], "lag": [0]})
    lv = level_resources(tasks, links, assignments, roles)
    # B drives C, so it has less float than A and goes first; A waits a week
    assert lv.loc["B", "es"] == 0 and lv.loc["A", "es"] == 5 and lv.loc["C", "es"] == 5
    assert lv.loc["A", "delay_days"] == 5 and lv.loc["B", "delay_days"] == 0
    assert overallocations(resource_loading(lv, assignments), roles).empty
    delays = levelling_delays(lv)
    assert delays.loc["P1", "delay_days"] == 5 and delays.loc["P2", "delay_days"] == 0
    assert delays.index[0] == "P1" and delays.loc["P1", "tasks_delayed"] == 1


@st.composite
def staffed_networks(draw):
    tasks, links = draw(networks(max_tasks=15))
    roles = pd.DataFrame(
        {
            "role_id": ["R1", "R2"],
            "capacity_days_per_week": draw(
                st.lists(st.sampled_from([2.5, 5.0, 10.0]), min_size=2, max_size=2)
            ),
        }
    )
    assignments = pd.DataFrame(
        {
            "task_id": tasks["task_id"],
            "role_id": draw(
                st.lists(st.sampled_from(["R1", "R2"]), min_size=len(tasks), max_size=len(tasks))
            ),
            "fte": draw(
                st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=len(tasks), max_size=len(tasks))
            ),
        }
    )
    return tasks, links, assignments, roles


@FAST
@given(staffed_networks())
def test_levelled_schedules_respect_links_and_capacity(case):
    tasks, links, assignments, roles = case
    lv = level_resources(tasks, links, assignments, roles)
    assert (lv["es"] >= lv["early_es"] - 1e-9).all()
    for row in links.itertuples():
        a, b = lv.loc[row.predecessor], lv.loc[row.successor]
        before = {"FS": a.ef, "SS": a.es, "FF": a.ef, "SF": a.es}[row.type]
        after = {"FS": b.es, "SS": b.es, "FF": b.ef, "SF": b.ef}[row.type]
        assert after >= before + row.lag - 1e-9
    # day by day, no pool holds more than it has (a lone oversized task takes it all)
    cap = roles.set_index("role_id")["capacity_days_per_week"] / 5
    need = assignments.set_index("task_id")
    horizon = int(lv["ef"].max()) + 1
    for role in ("R1", "R2"):
        day = np.zeros(horizon)
        for tid, r in lv.iterrows():
            if need.at[tid, "role_id"] == role and r.ef > r.es:
                day[int(r.es) : int(r.ef)] += min(need.at[tid, "fte"], cap[role])
        assert (day <= cap[role] + 1e-9).all()


@FAST
@given(networks(max_tasks=15))
def test_ample_capacity_means_no_delay(net):
    tasks, links = net
    assignments = pd.DataFrame({"task_id": tasks["task_id"], "role_id": "R", "fte": 1.0})
    roles = pd.DataFrame({"role_id": ["R"], "capacity_days_per_week": [5.0 * len(tasks)]})
    lv = level_resources(tasks, links, assignments, roles)
    assert np.allclose(lv["es"], lv["early_es"])


def test_resource_loading_totals_equal_the_work_booked():
    p = pmo.load_portfolio()
    s = critical_path(p.tasks, p.dependencies)
    load = resource_loading(s, p.assignments)
    work = p.assignments.merge(p.tasks[["task_id", "duration_days"]], on="task_id")
    assert load["demand_days"].sum() == pytest.approx((work["fte"] * work["duration_days"]).sum())


# -- forecasts and slip -------------------------------------------------------------
def test_week_zero_forecast_is_the_baseline(teaching):
    s = portfolio_schedule(teaching, week=0)
    assert np.allclose(s["es"], s["baseline_es"]) and np.allclose(s["ef"], s["baseline_ef"])
    assert (project_slip(s)["finish_slip_days"] == 0).all()


@pytest.mark.parametrize("basis", ["reported", "actual"])
def test_forecast_keeps_facts_and_schedules_the_rest_from_today(teaching, basis):
    s = portfolio_schedule(teaching, basis=basis)
    today = teaching.status_week * 5
    last = teaching.task_status[teaching.task_status["week"] == teaching.status_week]
    last = last.set_index("task_id")
    done = s["status"] == "done"
    assert (s.loc[done, "start"] == last.loc[s.index[done], "actual_start"]).all()
    assert (s.loc[done, "finish"] == last.loc[s.index[done], "actual_finish"]).all()
    assert (s.loc[s["status"] == "in progress", "ef"] >= today - 1e-9).all()
    assert (s.loc[s["status"] == "not started", "es"] >= today).all()
    assert (s["total_float"] >= 0).all()
    assert s.loc[~done].groupby("project_id")["critical"].any().all()


def test_compare_schedules_lists_milestone_slips_worst_first():
    tasks = pd.DataFrame(
        {
            "task_id": ["A", "M1", "B", "M2"],
            "duration": [5, 0, 3, 0],
            "predecessors": ["", "A", "M1", "B"],
        }
    )
    later = tasks.assign(duration=[8, 0, 3, 0])
    out = compare_schedules(critical_path(tasks), critical_path(later), milestones_only=True)
    assert out.index.tolist() == ["M1", "M2"]
    assert out["finish_slip_days"].tolist() == [3, 3]


def test_levelling_keeps_start_no_earlier_than_dates():
    """Levelling the portfolio with each project's start date delays no project below zero."""
    p = pmo.load_portfolio()
    day0 = WorkCalendar(p.meta["start_date"])
    tasks = p.tasks.assign(earliest_start=day0.to_day(p.tasks["baseline_start"]))
    lv = level_resources(tasks, p.dependencies, p.assignments, p.roles)
    assert (lv["es"] >= tasks["earliest_start"].to_numpy()).all()
    assert (lv["delay_days"] >= -1e-9).all()
    assert np.allclose(lv["early_es"], critical_path(tasks, p.dependencies)["es"])
