"""Capacity planning: demand against capacity by role and month, and what a decision changes."""

from __future__ import annotations

import pandas as pd
import pytest

from pmo_exercises import scenarios
from pmo_exercises.core.errors import PortfolioError
from pmo_exercises.planning import portfolio_schedule, resource_loading
from pmo_exercises.strategy import capacity_effect, capacity_plan


@pytest.fixture(scope="module")
def loading(teaching):
    return resource_loading(portfolio_schedule(teaching), teaching.assignments, by_project=True)


@pytest.mark.parametrize("freq", ["month", "quarter", "week"])
def test_plan_totals_equal_the_loading_totals(teaching, loading, freq):
    plan = capacity_plan(teaching, freq=freq)
    by_role = plan.groupby("role_id")["demand_days"].sum()
    expected = loading.groupby("role_id")["demand_days"].sum()
    assert by_role.reindex(expected.index).to_numpy() == pytest.approx(expected.to_numpy())
    assert plan["demand_days"].sum() == pytest.approx(loading["demand_days"].sum())
    # every role in every period, and the weeks add up to the span of the loading
    weeks = loading["week"].max() - loading["week"].min() + 1
    assert plan.groupby("role_id")["weeks"].sum().eq(weeks).all()
    assert set(plan["role_id"]) == set(teaching.roles["role_id"])


def test_monthly_capacity_is_weekly_capacity_times_weeks(teaching):
    plan = capacity_plan(teaching)
    cap = plan["role_id"].map(teaching.roles.set_index("role_id")["capacity_days_per_week"])
    assert plan["capacity_days"].to_numpy() == pytest.approx((cap * plan["weeks"]).to_numpy())
    assert plan["balance_days"].to_numpy() == pytest.approx(
        (plan["capacity_days"] - plan["demand_days"]).to_numpy()
    )
    assert plan["over_capacity"].equals(plan["balance_days"] < -1e-9)
    # week 1 (Mon 5 - Fri 9 January 2026) is in January; a month holds 4 or 5 weeks
    assert plan["period"].iat[0] == "2026-01"
    assert plan.loc[plan["period"] != plan["period"].iat[0], "weeks"].isin([4, 5]).all()


def test_by_project_splits_the_same_demand(teaching):
    split = capacity_plan(teaching, by_project=True)
    total = capacity_plan(teaching)
    merged = split.groupby(["role_id", "period"])["demand_days"].sum()
    assert merged.sum() == pytest.approx(total["demand_days"].sum())
    assert set(split["project_id"]) == set(teaching.projects["project_id"])


@pytest.mark.parametrize("action", ["pause", "cancel"])
def test_stopping_a_project_never_increases_demand(teaching, action):
    for pid in teaching.projects["project_id"]:
        effect = capacity_effect(teaching, (action, pid))
        assert (effect["change_days"] <= 1e-9).all(), pid
        assert effect["demand_before"].sum() == pytest.approx(
            capacity_plan(teaching)["demand_days"].sum()
        )


def test_pausing_frees_the_future_work_of_that_project_only(teaching, loading):
    pid = "P08"
    effect = capacity_effect(teaching, ("pause", pid))
    now = teaching.status_week
    mine = loading[loading["project_id"] == pid]
    # what was booked up to the status week stays; what comes later is freed
    freed = -effect["change_days"].sum()
    assert freed > 0
    assert freed <= mine.loc[mine["week"] > now, "demand_days"].sum() + 1e-6
    paused = scenarios.pause_project(teaching, pid)
    after = capacity_plan(paused)
    assert after["demand_days"].sum() == pytest.approx(effect["demand_after"].sum())
    # cancelling frees the same work as pausing: nobody knows when a pause ends
    cancel = capacity_effect(teaching, ("cancel", pid))
    assert cancel["demand_after"].to_numpy() == pytest.approx(effect["demand_after"].to_numpy())


def test_adding_a_project_adds_its_person_days(teaching):
    clone = teaching.subset("P03")
    tasks = clone.tasks.assign(task_id="NEW-" + clone.tasks["task_id"], project_id="P99")
    assignments = clone.assignments.assign(task_id="NEW-" + clone.assignments["task_id"])
    effect = capacity_effect(teaching, ("add", {"tasks": tasks, "assignments": assignments}))
    person_days = assignments.merge(tasks, on="task_id").eval("fte * duration_days").sum()
    assert effect["change_days"].sum() == pytest.approx(person_days)
    assert (effect["change_days"] >= -1e-9).all()
    assert (effect["over_after"] | ~effect["over_before"]).all()  # adding never cures


def test_capacity_planning_leaves_its_input_alone(teaching):
    before = teaching.digest()
    capacity_plan(teaching)
    capacity_effect(teaching, ("pause", "P01"))
    assert teaching.digest() == before


def test_a_generated_portfolio_plans_too(small):
    plan = capacity_plan(small, freq="quarter")
    load = resource_loading(portfolio_schedule(small), small.assignments)
    assert plan["demand_days"].sum() == pytest.approx(load["demand_days"].sum())


@pytest.mark.parametrize(
    "change, error, message",
    [
        pytest.param(("grow", "P01"), ValueError, "'pause', 'cancel' or 'add'", id="unknown"),
        pytest.param("pause P01", ValueError, "change is", id="not_a_pair"),
        pytest.param(("pause", "P99"), PortfolioError, "P99", id="unknown_project"),
    ],
)
def test_bad_changes_say_what_is_wrong(teaching, change, error, message):
    with pytest.raises(error, match=message):
        capacity_effect(teaching, change)


def test_an_added_plan_must_not_reuse_task_ids(teaching):
    clone = teaching.subset("P03")
    with pytest.raises(PortfolioError, match="already in the portfolio"):
        capacity_effect(teaching, ("add", {"tasks": clone.tasks, "assignments": clone.assignments}))


def test_an_added_plan_must_use_the_portfolio_roles(teaching):
    clone = teaching.subset("P03")
    tasks = clone.tasks.assign(task_id="NEW-" + clone.tasks["task_id"], project_id="P99")
    assignments = clone.assignments.assign(task_id="NEW-" + clone.assignments["task_id"])
    assignments.loc[0, "role_id"] = "WIZ"
    with pytest.raises(PortfolioError, match="'WIZ' is not a pool"):
        capacity_effect(teaching, ("add", {"tasks": tasks, "assignments": assignments}))


def test_bad_frequency(teaching):
    with pytest.raises(ValueError, match="freq"):
        capacity_plan(teaching, freq="fortnight")


def test_pausing_twice_is_refused_by_the_scenario(teaching):
    paused = scenarios.pause_project(teaching, "P01")
    with pytest.raises(PortfolioError, match="paused"):
        capacity_effect(paused, ("pause", "P01"))
    # a paused project books nobody after the status date
    plan = capacity_plan(paused, by_project=True)
    stopped = plan[plan["project_id"] == "P01"]
    status_month = pd.Timestamp(teaching.status_date).strftime("%Y-%m")
    assert (stopped["period"] <= status_month).all()


def test_capacity_charts(teaching):
    from pmo_exercises.charts.strategy import capacity_effect_chart, capacity_heatmap

    plan = capacity_plan(teaching)
    fig = capacity_heatmap(plan)
    assert list(fig.data[0].y) == teaching.roles["role_id"].tolist()
    assert len(fig.data[0].x) == plan["period"].nunique()
    fig.to_json()
    effect = capacity_effect(teaching, ("pause", "P08"))
    fig = capacity_effect_chart(effect, "ARC")
    assert [t.name for t in fig.data] == ["Before", "After", "Capacity"]
    with pytest.raises(PortfolioError, match="no role 'CEO'"):
        capacity_effect_chart(effect, "CEO")
