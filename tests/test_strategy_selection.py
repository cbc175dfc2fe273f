"""Portfolio selection as a 0-1 integer program: a textbook case, properties, errors."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_exercises.planning import portfolio_schedule, resource_loading
from pmo_exercises.strategy import (
    InfeasibleSelection,
    constraint_costs,
    efficient_frontier,
    greedy_selection,
    select_portfolio,
    selection_inputs,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- a textbook case ------------------------------------------------------------------
@pytest.fixture
def california():
    """California Manufacturing Co.: Hillier & Lieberman, *Introduction to Operations
    Research*, Sec. 12.1, the prototype binary integer programming example.

    Build a factory in Los Angeles (NPV 9, capital 6) or San Francisco (5, 3), and
    at most one warehouse (LA: 6, 5; SF: 4, 2), only in a city that gets a factory;
    10 of capital. The book's optimum: both factories, no warehouse, NPV 14.
    """
    candidates = pd.DataFrame(
        {
            "project_id": ["factory_LA", "factory_SF", "warehouse_LA", "warehouse_SF"],
            "business_value": [9.0, 5.0, 6.0, 4.0],
            "bac": [6.0, 3.0, 5.0, 2.0],
        }
    )
    constraints = {
        "exclusive": [("warehouse_LA", "warehouse_SF")],
        "requires": [("warehouse_LA", "factory_LA"), ("warehouse_SF", "factory_SF")],
    }
    return candidates, constraints


def test_textbook_capital_budgeting_optimum(california):
    candidates, constraints = california
    s = select_portfolio(candidates, 10, **constraints)
    assert s.status == "optimal"
    assert s.selected == ["factory_LA", "factory_SF"]
    assert s.total_value == 14 and s.total_cost == 9
    assert s.slack.set_index("constraint").loc["budget"].tolist() == [9, 10, 1]
    assert s.table["selected"].tolist() == [True, True, False, False]


def test_greedy_falls_short_on_the_textbook_case(california):
    # value per unit of capital: warehouse_SF 2, factory_SF 1.67, factory_LA 1.5 ...
    # greedy takes warehouse_SF (with the factory it needs), then has no room for LA
    candidates, constraints = california
    g = greedy_selection(candidates, 10, **constraints)
    assert g.status == "greedy"
    assert g.selected == ["factory_SF", "warehouse_SF"] and g.total_value == 9


def test_constraint_costs_reresolve_without_each_constraint(california):
    candidates, constraints = california
    costs = constraint_costs(candidates, 10, **constraints).set_index("constraint")
    # without the capital limit: both factories and the LA warehouse, NPV 20
    assert costs.loc["budget", "value_without"] == 20
    assert costs.loc["budget", "value_given_up"] == 6
    assert costs.index[0] == "budget"
    assert (costs.drop(index="budget")["value_given_up"] == 0).all()
    assert costs["value_with"].eq(14).all()


def test_frontier_of_the_textbook_case(california):
    candidates, constraints = california
    f = efficient_frontier(candidates, range(0, 17), **constraints)
    assert f["total_value"].tolist() == [0, 0, 0, 5, 5, 9, 9, 9, 9, 14, 14, 18, 18, 18, 20, 20, 20]
    assert (f["total_cost"] <= f["budget"]).all()


# -- properties -----------------------------------------------------------------------
@st.composite
def problems(draw, max_projects=8):
    n = draw(st.integers(1, max_projects))
    ids = [f"P{i:02d}" for i in range(n)]
    value = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    cost = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    candidates = pd.DataFrame({"project_id": ids, "business_value": value, "bac": cost})
    candidates = candidates.astype({"business_value": float, "bac": float})
    budget = draw(st.integers(0, 200))
    kw: dict = {}
    roles = draw(st.integers(0, 2))
    if roles:
        rows = [
            {"project_id": p, "role_id": f"R{r}", "demand_days": draw(st.integers(0, 30))}
            for p in ids
            for r in range(roles)
        ]
        kw["demand"] = pd.DataFrame(rows).astype({"demand_days": float})
        kw["capacity"] = {f"R{r}": float(draw(st.integers(0, 80))) for r in range(roles)}
    pairs = [(a, b) for a in ids for b in ids if a != b]
    if pairs:
        kw["exclusive"] = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))
        kw["requires"] = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    kw["mandatory"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    return candidates, budget, kw


def _feasible(x, candidates, budget, kw) -> bool:
    chosen = dict(zip(candidates["project_id"], x, strict=True))
    if candidates["bac"].to_numpy() @ np.asarray(x) > budget + 1e-6:
        return False
    if "capacity" in kw:
        d = kw["demand"][kw["demand"]["project_id"].map(chosen).astype(bool)]
        used = d.groupby("role_id")["demand_days"].sum()
        if any(used.get(r, 0.0) > k + 1e-6 for r, k in kw["capacity"].items()):
            return False
    if any(not chosen[m] for m in kw.get("mandatory", ())):
        return False
    if any(chosen[a] and chosen[b] for a, b in kw.get("exclusive", ())):
        return False
    return all(chosen[b] or not chosen[a] for a, b in kw.get("requires", ()))


def _brute_force(candidates, budget, kw):
    """The best value over every subset, or None when no subset is feasible."""
    best = None
    value = candidates["business_value"].to_numpy()
    for x in itertools.product((0, 1), repeat=len(candidates)):
        if _feasible(x, candidates, budget, kw):
            v = float(value @ np.asarray(x))
            best = v if best is None else max(best, v)
    return best


def _chosen(selection, candidates):
    return [int(p in selection.selected) for p in candidates["project_id"]]


@FAST
@given(problems())
def test_milp_is_feasible_optimal_and_never_worse_than_greedy(problem):
    candidates, budget, kw = problem
    best = _brute_force(candidates, budget, kw)
    if best is None:
        with pytest.raises(InfeasibleSelection):
            select_portfolio(candidates, budget, **kw)
        with pytest.raises(InfeasibleSelection):
            greedy_selection(candidates, budget, **kw)
        return
    s = select_portfolio(candidates, budget, **kw)
    g = greedy_selection(candidates, budget, **kw)
    assert _feasible(_chosen(s, candidates), candidates, budget, kw)
    assert _feasible(_chosen(g, candidates), candidates, budget, kw)
    assert s.total_value == pytest.approx(best)
    assert s.total_value >= g.total_value - 1e-9
    assert (s.slack["slack"] >= 0).all()
    assert s.total_cost <= budget + 1e-6


@FAST
@given(problems(max_projects=7), st.lists(st.integers(0, 300), min_size=2, max_size=6))
def test_frontier_never_falls_as_the_budget_grows(problem, budgets):
    candidates, _, kw = problem
    budgets = sorted(budgets)
    f = efficient_frontier(candidates, budgets, **kw)
    assert f["budget"].tolist() == [float(b) for b in budgets]
    ok = f[f["status"] == "optimal"]
    assert ok["total_value"].is_monotonic_increasing
    # once feasible, feasible for every larger budget
    feasible = (f["status"] == "optimal").to_numpy()
    assert (np.diff(feasible.astype(int)) >= 0).all()


@FAST
@given(problems(max_projects=6))
def test_constraint_costs_are_never_negative(problem):
    candidates, budget, kw = problem
    if _brute_force(candidates, budget, kw) is None:
        return
    costs = constraint_costs(candidates, budget, **kw)
    assert (costs["value_given_up"] >= 0).all()
    assert (costs["value_without"] >= costs["value_with"] - 1e-9).all()


# -- infeasible problems say why ---------------------------------------------------------
@pytest.fixture
def five():
    return pd.DataFrame(
        {
            "project_id": ["P01", "P02", "P03", "P04", "P05", "P06", "P07"],
            "business_value": [5e5, 8e5, 9e5, 3e5, 4e5, 1e5, 6e5],
            "bac": [2e5, 3e5, 7e5, 1e5, 2e5, 1e5, 5e5],
        }
    )


@pytest.mark.parametrize(
    "kw, message",
    [
        pytest.param(
            {"budget": 1e6, "mandatory": ["P03", "P07"]},
            "mandatory projects P03, P07 alone cost 1.2M, above the budget 1M",
            id="mandatory_over_budget",
        ),
        pytest.param(
            {"budget": 5e5, "mandatory": ["P02"], "requires": [("P02", "P07")]},
            "mandatory project P02 (with P07 they require) alone cost 800k, above the budget 500k",
            id="requirement_over_budget",
        ),
        pytest.param(
            {"budget": 1e7, "mandatory": ["P01", "P02"], "exclusive": [("P02", "P01")]},
            "include P02 and P01, which exclude each other",
            id="mandatory_exclusive",
        ),
        pytest.param(
            {
                "budget": 1e7,
                "mandatory": ["P01"],
                "capacity": {"SEC": 10},
                "demand": pd.DataFrame(
                    {"project_id": ["P01"], "role_id": ["SEC"], "demand_days": [12.0]}
                ),
            },
            "mandatory project P01 alone needs 12 person-days of SEC, above its capacity 10",
            id="mandatory_over_capacity",
        ),
        pytest.param({"budget": 1e6, "mandatory": ["P99"]}, "'P99'", id="unknown_project"),
        pytest.param({"budget": -1}, "budget must be >= 0", id="negative_budget"),
        pytest.param({"budget": 1e6, "capacity": {"SEC": 10}}, "demand table", id="no_demand"),
        pytest.param({"budget": 1e6, "value": "npv"}, "no column 'npv'", id="no_value_column"),
    ],
)
def test_impossible_selections_say_why(five, kw, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        select_portfolio(five, **kw)


def test_selecting_by_score_and_remaining_cost(five):
    scored = five.assign(score=[10, 90, 50, 20, 30, 5, 40], remaining_cost=five["bac"] / 2)
    s = select_portfolio(scored, 2e5, value="score", cost="remaining_cost")
    # remaining costs: P02 150k and P04 50k fill the 200k exactly, for 90 + 20 points
    assert s.selected == ["P02", "P04"]
    assert (s.total_value, s.total_cost) == (110, 2e5)


# -- on the teaching portfolio -------------------------------------------------------------
def test_selection_inputs_come_from_the_forecast_loading(teaching):
    candidates, demand, capacity = selection_inputs(teaching, horizon_weeks=26)
    now = teaching.status_week
    loading = resource_loading(portfolio_schedule(teaching), teaching.assignments, by_project=True)
    window = loading[(loading["week"] > now) & (loading["week"] <= now + 26)]
    assert demand["demand_days"].sum() == pytest.approx(window["demand_days"].sum())
    roles = teaching.roles.set_index("role_id")["capacity_days_per_week"]
    assert capacity.to_dict() == pytest.approx((roles * 26).to_dict())
    assert (candidates["remaining_cost"] <= candidates["bac"]).all()
    assert (candidates["remaining_cost"] >= 0).all()
    assert set(candidates["project_id"]) == set(teaching.projects["project_id"])


def test_selection_on_the_teaching_portfolio(teaching):
    candidates, demand, capacity = selection_inputs(teaching, horizon_weeks=13)
    kw = {
        "capacity": capacity,
        "demand": demand,
        "mandatory": ["P10"],
        "exclusive": [("P03", "P12")],
        "requires": [("P05", "P08")],
    }
    budget = 0.6 * candidates["remaining_cost"].sum()
    s = select_portfolio(candidates, budget, cost="remaining_cost", **kw)
    g = greedy_selection(candidates, budget, cost="remaining_cost", **kw)
    assert "P10" in s.selected and not {"P03", "P12"} <= set(s.selected)
    assert "P08" in s.selected or "P05" not in s.selected
    assert s.total_value >= g.total_value
    assert (s.slack["slack"] >= 0).all() and len(s.slack) == 1 + len(capacity)
    scored = select_portfolio(candidates, budget, cost="remaining_cost", value="score", **kw)
    assert scored.total_cost <= budget


def test_selection_leaves_its_input_alone(california):
    candidates, constraints = california
    before = candidates.copy()
    select_portfolio(candidates, 10, **constraints)
    greedy_selection(candidates, 10, **constraints)
    constraint_costs(candidates, 10, **constraints)
    pd.testing.assert_frame_equal(candidates, before)


def test_frontier_chart_draws_the_feasible_budgets(california):
    from pmo_exercises.charts.strategy import frontier_chart

    candidates, constraints = california
    frontier = efficient_frontier(
        candidates, [12, 3, 2, 9], **constraints, mandatory=["factory_SF"]
    )
    assert frontier["status"].tolist() == ["optimal", "optimal", "infeasible", "optimal"]
    fig = frontier_chart(frontier)
    assert list(fig.data[0].x) == [3, 9, 12] and list(fig.data[0].y) == [5, 14, 18]
    fig.to_json()
