"""Monte Carlo schedule and cost risk: convergence, agreement with CPM, risks, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises import PortfolioError
from pmo_exercises.network.batched import BLOCK, Plan, run
from pmo_exercises.network.passes import backward_pass, forward_pass
from pmo_exercises.planning import FLOAT_TOLERANCE, critical_path, project_duration
from pmo_exercises.planning.network import build_network
from pmo_exercises.risk import MonteCarloResult, monte_carlo

FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- inputs


@st.composite
def three_points(draw, n_min=1, n_max=6):
    """A chain's three-point estimates, optimistic <= most likely <= pessimistic."""
    n = draw(st.integers(n_min, n_max))
    rows = []
    for _ in range(n):
        a, b, c = sorted(draw(st.lists(st.integers(0, 30), min_size=3, max_size=3)))
        rows.append((float(a), float(b), float(c)))
    return np.array(rows)


def chain(estimates: np.ndarray) -> pd.DataFrame:
    ids = [f"T{i}" for i in range(len(estimates))]
    return pd.DataFrame(
        {
            "task_id": ids,
            "optimistic": estimates[:, 0],
            "most_likely": estimates[:, 1],
            "pessimistic": estimates[:, 2],
            "predecessors": ["", *ids[:-1]],
        }
    )


@st.composite
def networks(draw, max_tasks=12):
    """A random DAG with every link type, leads and lags, and fixed durations."""
    n = draw(st.integers(2, max_tasks))
    ids = [f"T{i}" for i in range(n)]
    durations = draw(st.lists(st.integers(0, 15), min_size=n, max_size=n))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda x: x[0] < x[1]),
            max_size=3 * n,
            unique=True,
        )
    )
    kinds = draw(st.lists(st.sampled_from(["FS", "SS", "FF", "SF"]), min_size=len(pairs),
                          max_size=len(pairs)))  # fmt: skip
    lags = draw(st.lists(st.integers(-3, 5), min_size=len(pairs), max_size=len(pairs)))
    tasks = pd.DataFrame({"task_id": ids, "duration": np.array(durations, dtype=float)})
    links = pd.DataFrame(
        {
            "predecessor": [ids[a] for a, _ in pairs],
            "successor": [ids[b] for _, b in pairs],
            "type": kinds,
            "lag": np.array(lags, dtype=float),
        }
    )
    return tasks, links


def with_estimates(tasks: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The same tasks with three-point estimates around their durations."""
    rng = np.random.default_rng(seed)
    d = tasks["duration"].to_numpy()
    lo = d * rng.uniform(0.5, 1.0, d.size)
    hi = d * rng.uniform(1.0, 2.0, d.size) + rng.integers(0, 2, d.size)
    return tasks.drop(columns="duration").assign(optimistic=lo, most_likely=d, pessimistic=hi)


# ---------------------------------------------------------------- convergence


@FEW
@given(three_points())
def test_triangular_chain_converges_to_the_analytic_mean_and_variance(estimates):
    a, c, b = estimates.T  # minimum, mode, maximum
    mean = ((a + b + c) / 3).sum()
    var = ((a**2 + b**2 + c**2 - a * b - a * c - b * c) / 18).sum()
    result = monte_carlo(chain(estimates), iterations=20_000, seed=3)
    se = np.sqrt(var / 20_000)
    assert result.durations.mean() == pytest.approx(mean, abs=6 * se + 1e-9)
    assert result.durations.var() == pytest.approx(var, rel=0.06, abs=1e-9)


@FEW
@given(three_points())
def test_pert_chain_converges_to_the_pert_mean_and_variance(estimates):
    o, m, p = estimates.T
    mean_each = (o + 4 * m + p) / 6
    # variance of the beta-PERT (alpha + beta = 6): (mean - o)(p - mean) / 7
    var = ((mean_each - o) * (p - mean_each) / 7).sum()
    result = monte_carlo(chain(estimates), iterations=20_000, seed=4, distribution="pert")
    se = np.sqrt(var / 20_000)
    assert result.durations.mean() == pytest.approx(mean_each.sum(), abs=6 * se + 1e-9)
    assert result.durations.var() == pytest.approx(var, rel=0.06, abs=1e-9)


def test_draws_stay_within_the_estimates_and_fixed_tasks_stay_fixed():
    tasks = chain(np.array([[2.0, 4.0, 9.0], [5.0, 5.0, 5.0], [1.0, 1.0, 8.0], [0.0, 3.0, 3.0]]))
    for distribution in ("triangular", "pert"):
        drawn = monte_carlo(tasks, iterations=5_000, distribution=distribution).task_durations
        assert drawn.shape == (5_000, 4)
        assert (drawn >= tasks["optimistic"].to_numpy()).all()
        assert (drawn <= tasks["pessimistic"].to_numpy()).all()
        assert (drawn[:, 1] == 5.0).all()


# ---------------------------------------------------------------- agreement with CPM


@FEW
@given(networks())
def test_fixed_durations_and_no_risk_give_the_cpm_schedule_exactly(network):
    tasks, links = network
    schedule = critical_path(tasks, links)
    result = monte_carlo(tasks, links, iterations=50, seed=1)
    assert (result.durations == project_duration(schedule)).all()
    assert result.planned_duration == project_duration(schedule)
    expected = schedule["critical"].astype(float).rename("criticality")
    pd.testing.assert_series_equal(result.criticality, expected)
    assert result.percentile(80)[0] == project_duration(schedule)
    assert result.contingency()["duration"] == 0


@FEW
@given(networks(), st.integers(0, 10_000))
def test_every_iteration_is_the_cpm_of_its_drawn_durations(network, seed):
    """Whatever was drawn, each iteration's duration and critical tasks are those
    of critical_path run alone on that iteration's durations."""
    tasks, links = network
    result = monte_carlo(with_estimates(tasks, seed), links, iterations=25, seed=seed)
    critical = np.zeros(len(tasks))
    for i in range(25):
        alone = tasks.assign(duration=result.task_durations[i])
        schedule = critical_path(alone, links)
        assert result.durations[i] == project_duration(schedule)
        critical += schedule["critical"].to_numpy()
    np.testing.assert_array_equal(result.criticality.to_numpy(), critical / 25)


@FEW
@given(networks(), st.integers(0, 10_000))
def test_the_many_scenario_passes_match_the_1d_passes_per_iteration(network, seed):
    """The Monte Carlo passes (pmo_exercises.network.batched) agree exactly with the
    one-scenario passes of pmo_exercises.network.passes on each row, every link type and lag."""
    tasks, links = network
    net = build_network(tasks, links)
    rng = np.random.default_rng(seed)
    d = rng.uniform(0, 12, (7, net.size)).round(1)
    args = (net.pred, net.succ, net.kind, net.lag)
    plan = Plan.of(net.size, *args, net.levels)
    finish, critical = run(plan, np.ascontiguousarray(d.T), np.zeros(net.size), FLOAT_TOLERANCE)
    for i in range(d.shape[0]):
        es1, ef1 = forward_pass(d[i], *args, 0.0, net.levels)
        ls1, _ = backward_pass(d[i], *args, max(ef1.max(), 0.0), net.levels)
        assert finish[i] == max(ef1.max(), 0.0)
        np.testing.assert_array_equal(critical[:, i], ls1 - es1 <= FLOAT_TOLERANCE)


def test_blocks_do_not_change_the_results():
    """More iterations than one block: the blocks join seamlessly."""
    tasks = with_estimates(
        pd.DataFrame({"task_id": list("ABCD"), "duration": [4.0, 6.0, 3.0, 5.0]}), 0
    )
    links = pd.DataFrame(
        {
            "predecessor": list("AABC"),
            "successor": list("BCDD"),
            "type": ["FS", "SS", "FF", "SF"],
            "lag": [1.0, 2.0, 0.0, 4.0],
        }
    )
    result = monte_carlo(tasks, links, iterations=BLOCK * 2 + 17, seed=5)
    for i in (0, BLOCK - 1, BLOCK, 2 * BLOCK + 16):
        alone = critical_path(tasks.assign(duration=result.task_durations[i]), links)
        assert result.durations[i] == project_duration(alone)


def test_earliest_start_is_honoured_as_in_critical_path():
    tasks = pd.DataFrame({"task_id": ["A", "B"], "duration": [3.0, 2.0], "earliest_start": [0, 10]})
    result = monte_carlo(tasks, iterations=10)
    assert (result.durations == project_duration(critical_path(tasks))).all()


# ---------------------------------------------------------------- reproducibility


def test_same_seed_same_results_other_seed_other_results():
    tasks = chain(np.array([[2.0, 4.0, 9.0], [1.0, 3.0, 4.0]]))
    risks = pd.DataFrame(
        {"task_id": ["T0"], "probability": [0.3], "cost_impact": [50.0], "schedule_impact": [2.0]}
    )
    a = monte_carlo(tasks, risks=risks, iterations=1_000, seed=11)
    b = monte_carlo(tasks, risks=risks, iterations=1_000, seed=11)
    c = monte_carlo(tasks, risks=risks, iterations=1_000, seed=12)
    np.testing.assert_array_equal(a.durations, b.durations)
    np.testing.assert_array_equal(a.costs, b.costs)
    pd.testing.assert_frame_equal(a.fired, b.fired)
    assert not np.array_equal(a.durations, c.durations)


# ---------------------------------------------------------------- risks and cost


FIXED = pd.DataFrame(
    {
        "task_id": ["A", "B", "C"],
        "duration": [4.0, 6.0, 2.0],
        "planned_cost": [400.0, 600.0, 100.0],
        "predecessors": ["", "A", "A"],
    }
)


def risk(task, probability, cost=0.0, days=0.0, risk_id="R1"):
    return pd.DataFrame(
        {
            "risk_id": [risk_id],
            "task_id": [task],
            "probability": [probability],
            "cost_impact": [cost],
            "schedule_impact_days": [days],
        }
    )


def test_a_certain_risk_always_adds_its_impact():
    result = monte_carlo(FIXED, risks=risk("B", 1.0, cost=250.0, days=3.0), iterations=500)
    assert (result.durations == 13.0).all()
    assert (result.costs == 1100.0 + 250.0).all()
    assert result.fired["R1"].all()
    assert result.planned_duration == 10.0 and result.planned_cost == 1100.0
    assert result.contingency() == {"confidence": 0.8, "duration": 3.0, "cost": 250.0}


def test_an_impossible_risk_never_fires():
    result = monte_carlo(FIXED, risks=risk("B", 0.0, cost=250.0, days=3.0), iterations=500)
    assert (result.durations == 10.0).all()
    assert (result.costs == 1100.0).all()
    assert not result.fired["R1"].any()


def test_a_risk_on_a_task_with_float_costs_money_but_no_time():
    result = monte_carlo(FIXED, risks=risk("C", 1.0, cost=70.0, days=3.0), iterations=100)
    assert (result.durations == 10.0).all()
    assert (result.costs == 1170.0).all()
    assert result.criticality["C"] == 0.0


def test_a_risk_fires_with_its_probability_and_its_swing_is_its_impact():
    result = monte_carlo(FIXED, risks=risk("B", 0.3, cost=100.0, days=5.0), iterations=20_000)
    assert result.fired["R1"].mean() == pytest.approx(0.3, abs=0.015)
    assert result.durations.mean() == pytest.approx(10 + 0.3 * 5, abs=0.1)
    swing = result.sensitivity().loc["R1"]
    assert swing["kind"] == "risk"
    assert swing["duration_swing"] == pytest.approx(5.0)
    assert swing["cost_swing"] == pytest.approx(100.0)
    assert result.probability_of(date=10) == pytest.approx(0.7, abs=0.015)
    assert result.probability_of(date=15, budget=1100) == pytest.approx(0.7, abs=0.015)


def test_risks_accept_the_schedule_impact_column_without_unit():
    risks = risk("B", 1.0, days=2.0).rename(columns={"schedule_impact_days": "schedule_impact"})
    assert (monte_carlo(FIXED, risks=risks, iterations=10).durations == 12.0).all()


def test_opportunities_take_time_and_money_off():
    opportunities = pd.DataFrame(
        {
            "opportunity_id": ["O1"],
            "task_id": ["B"],
            "probability": [1.0],
            "cost_saving": [50.0],
            "schedule_gain_days": [2.0],
        }
    )
    result = monte_carlo(FIXED, opportunities=opportunities, iterations=10)
    assert (result.durations == 8.0).all() and (result.costs == 1050.0).all()
    assert result.sensitivity().loc["O1", "kind"] == "opportunity"


def test_cost_scales_with_the_drawn_duration():
    tasks = pd.DataFrame(
        {
            "task_id": ["A", "M"],
            "optimistic": [5.0, 0.0],
            "most_likely": [10.0, 0.0],
            "pessimistic": [20.0, 0.0],
            "planned_cost": [1000.0, 30.0],
        }
    )
    result = monte_carlo(tasks, iterations=2_000, seed=2)
    # 100 per day of A; the milestone's cost is fixed
    np.testing.assert_allclose(result.costs, 100.0 * result.task_durations[:, 0] + 30.0)
    assert result.planned_cost == 1030.0


# ---------------------------------------------------------------- result


def test_summary_percentiles_and_sensitivity_on_a_dominant_task():
    tasks = chain(np.array([[1.0, 2.0, 3.0], [10.0, 30.0, 80.0], [2.0, 2.5, 3.0]]))
    result = monte_carlo(tasks, iterations=5_000, seed=9)
    summary = result.summary()
    assert list(summary.columns) == ["plan", "P10", "P50", "P80", "P90", "mean", "std"]
    assert list(summary.index) == ["duration", "cost"]
    row = summary.loc["duration"]
    assert row["P10"] <= row["P50"] <= row["P80"] <= row["P90"]
    assert row["plan"] == 34.5
    assert result.percentile(50)[0] == row["P50"]
    assert result.probability_of(date=row["P80"]) == pytest.approx(0.8, abs=0.001)
    ranking = result.sensitivity()
    assert ranking.index[0] == "T1"
    assert ranking.loc["T1", "duration_correlation"] > 0.95
    assert ranking["duration_correlation"].between(-1, 1).all()
    assert (result.criticality == 1.0).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(lambda r: r.percentile(180), "between 0 and 100", id="percentile over 100"),
        pytest.param(lambda r: r.contingency(80), "80% is 0.8|35% is 0.35", id="confidence in %"),
        pytest.param(lambda r: r.probability_of(), "a date", id="neither date nor budget"),
    ],
)
def test_result_methods_reject_bad_arguments(call, message):
    result = monte_carlo(FIXED, iterations=10)
    with pytest.raises(ValueError, match=message):
        call(result)


# ---------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("tasks", "risks", "message"),
    [
        pytest.param(
            FIXED.drop(columns="duration"), None, "tasks: missing columns: expected 'duration'",
            id="no durations",
        ),
        pytest.param(
            FIXED.drop(columns="task_id"), None, "missing column 'task_id'", id="no task id"
        ),
        pytest.param(
            chain(np.array([[3.0, 2.0, 5.0]])), None,
            r"row 0 \(task_id 'T0'\).*optimistic <= most likely <= pessimistic",
            id="optimistic above most likely",
        ),
        pytest.param(
            FIXED.assign(duration=[4.0, -1.0, 2.0]), None, "row 1 .*duration >= 0",
            id="negative duration",
        ),
        pytest.param(
            FIXED, risk("B", 35), r"risks, row 0 \(risk_id 'R1'\), column 'probability': "
            r"35(\.0)? is not in \[0, 1\] \(a probability is a fraction: 35% is 0.35\)",
            id="probability in percent",
        ),
        pytest.param(
            FIXED, risk("B", 0.2, cost=-500.0), "column 'cost_impact'.*magnitude >= 0.*"
            "opportunities table", id="threat with a negative impact",
        ),
        pytest.param(
            FIXED, risk("B", 0.2, days=-2.0), "column 'schedule_impact_days'.*magnitude",
            id="negative schedule impact",
        ),
        pytest.param(FIXED, risk("Z", 0.2, cost=5.0), "unknown task 'Z'", id="unknown task"),
        pytest.param(
            FIXED, risk("B", 0.2).drop(columns="probability"), "missing column 'probability'",
            id="no probability",
        ),
        pytest.param(
            FIXED, risk("B", 0.2).drop(columns=["cost_impact", "schedule_impact_days"]),
            "expected 'cost_impact' and/or 'schedule_impact'", id="no impact",
        ),
    ],
)  # fmt: skip
def test_bad_inputs_raise_precise_portfolio_errors(tasks, risks, message):
    with pytest.raises(PortfolioError, match=message):
        monte_carlo(tasks, risks=risks, iterations=10)


def test_bad_settings_raise_value_errors():
    with pytest.raises(ValueError, match="'triangular' or 'pert'"):
        monte_carlo(FIXED, distribution="normal")
    with pytest.raises(ValueError, match="at least 1"):
        monte_carlo(FIXED, iterations=0)
    with pytest.raises(PortfolioError, match="cycle"):
        monte_carlo(FIXED.assign(predecessors=["C", "A", "A"]))


# ---------------------------------------------------------------- teaching portfolio


@pytest.fixture(scope="module")
def p01():
    return pmo.load_portfolio().subset("P01")


def test_the_teaching_project_p01(p01):
    result = monte_carlo(p01.tasks, p01.dependencies, p01.risks, iterations=4_000, seed=0)
    assert isinstance(result, MonteCarloResult)
    plan = project_duration(critical_path(p01.tasks, p01.dependencies))
    assert result.planned_duration == plan
    assert result.planned_cost == pytest.approx(p01.tasks["planned_cost"].sum())
    p50, p80 = result.percentile(50), result.percentile(80)
    assert p80[0] >= p50[0] >= plan * 0.95
    assert p80[1] >= p50[1]
    assert result.criticality.between(0, 1).all()
    assert list(result.criticality.index) == list(p01.tasks["task_id"])
    assert result.criticality.max() == 1.0  # the start task is on every critical path
    assert list(result.fired.columns) == list(p01.risks["risk_id"])
    assert result.contingency(0.8)["duration"] > 0
    ranking = result.sensitivity()
    assert len(ranking) == len(p01.tasks) + len(p01.risks)


# ---------------------------------------------------------------- charts


def test_histogram_and_cdf_mark_the_percentiles_from_the_result(p01):
    from pmo_exercises import charts

    result = monte_carlo(p01.tasks, p01.dependencies, p01.risks, iterations=2_000)
    for draw in (charts.mc_histogram, charts.mc_cdf):
        for what, index in (("duration", 0), ("cost", 1)):
            fig = draw(result, what)
            lines = {s.name: s.x0 for s in fig.layout.shapes}
            assert list(lines) == ["P10", "P50", "P80", "P90", "plan"]
            for q in (10, 50, 80, 90):
                assert lines[f"P{q}"] == pytest.approx(result.percentile(q)[index])
            plan = result.planned_duration if what == "duration" else result.planned_cost
            assert lines["plan"] == plan
    cdf = charts.mc_cdf(result).data[0]
    assert cdf.y[-1] == 1.0 and np.all(np.diff(cdf.x) >= 0)
    assert charts.mc_histogram(result).data[0].x.size == 2_000
    with pytest.raises(ValueError, match="'duration' or 'cost'"):
        charts.mc_histogram(result, "finish")


def test_tornado_draws_the_strongest_drivers_on_top(p01):
    from pmo_exercises import charts

    result = monte_carlo(p01.tasks, p01.dependencies, p01.risks, iterations=2_000)
    ranking = result.sensitivity()
    fig = charts.tornado(ranking, top=8)
    (bars,) = fig.data
    assert len(bars.y) == 8
    assert bars.y[-1] == ranking.index[0]  # plotly's last bar is the top one
    assert abs(bars.x[-1]) == ranking["duration_correlation"].abs().max()
    swings = charts.tornado(ranking, by="cost_swing")
    assert set(swings.data[0].y) <= set(p01.risks["risk_id"])
    with pytest.raises(PortfolioError, match="missing column 'kind'"):
        charts.tornado(ranking.drop(columns="kind"))
