"""The risk explorer: set its controls, check what it shows against the analytics.

Every expected figure is computed here straight from
:func:`pmo_exercises.risk.monte_carlo` (and
:func:`~pmo_exercises.simulation.scenarios.fund_risk_response`) with the same
inputs and seed, never read back from the widget.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from pmo_exercises import PortfolioError, charts, risk
from pmo_exercises.planning.calendar import WorkCalendar
from pmo_exercises.simulation.scenarios import fund_risk_response
from pmo_exercises.widgets._common import shown_figure
from pmo_exercises.widgets.risk_explorer_app import CDF_POINTS, _thinned, risk_explorer

ITERATIONS = 2_000  # the page runs 10,000; the widget logic is the same
SEED = 11


@pytest.fixture(scope="module")
def app(teaching):
    return risk_explorer(teaching, "P06", iterations=ITERATIONS, seed=SEED)


@pytest.fixture
def fresh(teaching):
    return risk_explorer(teaching, "P06", iterations=ITERATIONS, seed=SEED)


def expected(one, distribution="triangular"):
    """The Monte Carlo result of a one-project portfolio, as the analytics give it."""
    open_risks = one.risks[one.risks["state"] == "open"]
    return risk.monte_carlo(
        one.tasks, one.dependencies, open_risks, ITERATIONS, SEED, distribution=distribution
    )


def money(x):
    return f"EUR {x:,.0f}"


def date(one, days):
    cal = WorkCalendar(one.projects["planned_start"].iat[0])
    return f"{cal.finish_date([0.0], [days])[0]:%Y-%m-%d}"


def with_probability(one, risk_id, probability):
    risks = one.risks.copy()
    risks.loc[risks["risk_id"] == risk_id, "probability"] = probability
    return one.replace(risks=risks)


def array(values):
    """A plotly array from figure JSON: a list, or typed binary data (plotly >= 6)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def shown(app):
    return {name: w.value for name, w in app.figures.items()}


def test_figures_are_the_monte_carlo_percentiles(app, teaching):
    one = teaching.subset("P06")
    mc = expected(one)
    (p50_d, p50_c), (p80_d, p80_c) = mc.percentile(50), mc.percentile(80)
    figures = shown(app)
    assert figures["p50_duration"] == f"{p50_d:,.1f} days"
    assert figures["p80_duration"] == f"{p80_d:,.1f} days"
    assert figures["p50_cost"] == money(p50_c)
    assert figures["p80_cost"] == money(p80_c)
    assert figures["p50_date"] == date(one, p50_d)
    assert figures["p80_date"] == date(one, p80_d)
    assert figures["plan_cost"] == money(mc.planned_cost)
    assert figures["reserve_cost"] == money(mc.contingency(0.8)["cost"])
    assert figures["reserve_duration"] == f"{mc.contingency(0.8)['duration']:,.1f} days"
    assert app.result.iterations == ITERATIONS
    assert "2,000 iterations" in app.status.value


def test_top_risks_are_the_highest_scored_open_risks(app, teaching):
    one = teaching.subset("P06")
    open_risks = one.risks[one.risks["state"] == "open"]
    plan = risk.monte_carlo(one.tasks, one.dependencies, iterations=1).planned_duration
    scored = risk.score_register(open_risks, budget=one.projects["bac"].iat[0], duration=plan)
    assert list(app.probability) == list(scored["risk_id"].head(6))
    for rid, slider in app.probability.items():
        assert slider.value == pytest.approx(scored.set_index("risk_id").at[rid, "probability"])


def test_raising_a_probability_moves_p80_to_the_analytics_value(fresh, teaching):
    rid = next(iter(fresh.probability))
    fresh.probability[rid].value = 0.95
    mc = expected(with_probability(teaching.subset("P06"), rid, 0.95))
    _, p80_cost = mc.percentile(80)
    assert fresh.figures["p80_cost"].value == money(p80_cost)
    assert fresh.figures["p80_date"].value == date(teaching.subset("P06"), mc.percentile(80)[0])
    assert fresh.risks.set_index("risk_id").at[rid, "probability"] == 0.95


def sweep(app, rid, values=(0.0, 0.25, 0.5, 0.75, 1.0)):
    """P80 (duration, cost) shown after each probability of one risk."""
    out = []
    for p in values:
        app.probability[rid].value = p
        out.append(app.result.percentile(80))
    return np.array(out)


@pytest.mark.parametrize("project", ["P06", "P01"])
def test_raising_a_probability_never_lowers_p80_cost(teaching, project):
    """Same seed, same draws: a risk that fires more often never lowers the P80 cost
    (its cost impact is >= 0 and every firing iteration keeps firing)."""
    app = risk_explorer(teaching, project, iterations=ITERATIONS, seed=SEED)
    for rid in list(app.probability)[:3]:
        cost = sweep(app, rid)[:, 1]
        assert (np.diff(cost) >= -1e-9).all(), rid
        assert cost[-1] > cost[0], rid  # the risk moved something


def test_raising_a_probability_never_lowers_p80_duration_on_p06(fresh):
    """P06's top risks sit on tasks whose delay can only delay the project."""
    for rid in list(fresh.probability)[:3]:
        duration = sweep(fresh, rid)[:, 0]
        assert (np.diff(duration) >= -1e-9).all(), rid


def test_a_risk_on_a_reverse_critical_task_shortens_p80(teaching):
    """Under PDM a longer task can shorten the project (reverse criticality).

    R-P01-02 hits P01-T24, whose finish is tied to P01-T22 by a start-to-finish
    link and whose successor P01-T26 starts 5 days after T24 starts: the
    longer T24 runs, the earlier it starts and the earlier T26 can start. The
    explorer shows what the analytics say, so the P80 date comes *earlier*
    as the risk becomes likelier, while the P80 cost still rises.
    """
    app = risk_explorer(teaching, "P01", iterations=ITERATIONS, seed=SEED)
    p80 = sweep(app, "R-P01-02", (0.0, 1.0))
    one = teaching.subset("P01")
    direct = [expected(with_probability(one, "R-P01-02", p)).percentile(80) for p in (0.0, 1.0)]
    np.testing.assert_allclose(p80, direct)
    assert p80[1, 0] < p80[0, 0]  # duration down
    assert p80[1, 1] > p80[0, 1]  # cost up


def test_funding_a_response_is_fund_risk_response(fresh, teaching):
    fundable = [rid for rid, box in fresh.fund.items() if not box.disabled]
    assert fundable, "P06 has a top risk with a planned response"
    rid = fundable[0]
    before_plan = fresh.result.planned_cost
    fresh.fund[rid].value = True

    one = teaching.subset("P06")
    response = one.risks.set_index("risk_id").at[rid, "response"]
    funded = fund_risk_response(one, rid, response, probability_factor=0.5)
    mc = expected(funded)
    assert fresh.figures["p80_cost"].value == money(mc.percentile(80)[1])
    assert fresh.figures["plan_cost"].value == money(mc.planned_cost)
    cost = one.risks.set_index("risk_id").at[rid, "response_cost"]
    assert fresh.result.planned_cost == pytest.approx(before_plan + cost)
    p = funded.risks.set_index("risk_id").at[rid, "probability"]
    assert fresh._effect[rid].value.endswith(f"p = {p:.3g}")

    fresh.fund[rid].value = False
    assert fresh.figures["plan_cost"].value == money(before_plan)


def test_risks_without_a_response_cannot_be_funded(app, teaching):
    responses = teaching.risks.set_index("risk_id")["response"]
    for rid, box in app.fund.items():
        planned = responses[rid]
        fundable = isinstance(planned, str) and planned != "accept"
        assert box.disabled is (not fundable), rid


def test_a_funded_probability_applies_to_the_slider_value(fresh, teaching):
    rid = next(r for r, box in fresh.fund.items() if not box.disabled)
    fresh.probability[rid].value = 0.8
    fresh.fund[rid].value = True
    assert fresh.risks.set_index("risk_id").at[rid, "probability"] == pytest.approx(0.4)


def test_distribution_and_view(fresh, teaching):
    fresh.distribution.value = "pert"
    mc = expected(teaching.subset("P06"), "pert")
    assert fresh.figures["p80_cost"].value == money(mc.percentile(80)[1])

    fresh.view.value = "cost"
    cdf = shown_figure(fresh.cdf_output)
    assert "cost" in cdf["layout"]["xaxis"]["title"]["text"].lower()
    tornado = shown_figure(fresh.tornado_output)
    assert tornado["data"][0]["name"] == "cost_correlation"


def test_charts_show_the_result(app):
    cdf = shown_figure(app.cdf_output)
    p80 = [s for s in cdf["layout"]["shapes"] if s.get("name") == "P80"]
    assert p80 and p80[0]["x0"] == pytest.approx(app.result.percentile(80)[0])
    xs = array(cdf["data"][0]["x"])
    ordered = np.sort(app.result.durations)
    assert len(xs) == CDF_POINTS < ITERATIONS  # drawn through evenly spaced iterations
    assert np.isin(xs, ordered).all()
    assert (xs[0], xs[-1]) == (ordered[0], ordered[-1])

    tornado = shown_figure(app.tornado_output)
    sens = app.result.sensitivity()
    top = sens["duration_correlation"].abs().sort_values(ascending=False, kind="stable")
    assert tornado["data"][0]["y"][-1] == str(top.index[0])  # the largest bar on top


def test_moved_charts_are_the_charts_drawn_afresh(fresh):
    """Updates move the S-curve and the tornado in place: they must stay what
    mc_cdf and tornado would draw."""
    rid = next(iter(fresh.probability))
    for change in (
        lambda: setattr(fresh.probability[rid], "value", 0.9),
        lambda: setattr(fresh.distribution, "value", "pert"),
        lambda: setattr(fresh.view, "value", "cost"),
        lambda: setattr(fresh.probability[rid], "value", 0.1),
    ):
        change()
        what = fresh.view.value
        cdf = _thinned(charts.mc_cdf(fresh.result, what), CDF_POINTS)
        tornado = charts.tornado(fresh.result.sensitivity(), by=f"{what}_correlation", top=12)
        for pane, drawn in ((fresh.cdf_output, cdf), (fresh.tornado_output, tornado)):
            shown = shown_figure(pane)
            assert shown == json.loads(drawn.to_json()) | {"config": shown["config"]}


def test_choosing_another_project_rebuilds_the_controls(fresh, teaching):
    fresh.project.value = "P01"
    assert all(rid.startswith("R-P01-") for rid in fresh.probability)
    mc = expected(teaching.subset("P01"))
    assert fresh.figures["p80_cost"].value == money(mc.percentile(80)[1])
    assert "P01" in fresh.heading.value


def test_the_project_list_holds_projects_with_open_risks(app, teaching):
    ids = [value for _, value in app.project.options]
    with_open = set(teaching.risks.loc[teaching.risks["state"] == "open", "project_id"])
    assert ids == [p for p in teaching.projects["project_id"] if p in with_open]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param({"project_id": "P99"}, PortfolioError, "no project 'P99'", id="project"),
        pytest.param({"iterations": 0}, ValueError, "iterations", id="iterations"),
        pytest.param({"iterations": 1.5}, ValueError, "whole number", id="iterations-float"),
        pytest.param({"top": -1}, ValueError, "top", id="top"),
        pytest.param({"distribution": "normal"}, ValueError, "'normal'", id="distribution"),
    ],
)
def test_bad_input(teaching, kwargs, error, match):
    with pytest.raises(error, match=match):
        risk_explorer(teaching, **kwargs)


def test_any_portfolio(small):
    """A generated portfolio, not only the teaching one: same figures as the analytics."""
    app = risk_explorer(small, iterations=ITERATIONS, seed=SEED)
    pid = app.project.value
    one = small.subset(pid)
    assert app.figures["p80_cost"].value == money(expected(one).percentile(80)[1])
    assert all(rid.startswith(f"R-{pid}-") for rid in app.probability)
