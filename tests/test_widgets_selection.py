"""Portfolio selection: set the weights and the budget, check the funded projects.

The expected selections are computed here with the strategy analytics
(score_projects, select_portfolio, greedy_selection, efficient_frontier) from
the same inputs, never read back from the widget.
"""

from __future__ import annotations

import base64

import numpy as np
import pytest

from pmo_exercises import strategy
from pmo_exercises.widgets._common import shown_figure
from pmo_exercises.widgets.selection_app import portfolio_selection


@pytest.fixture(scope="module")
def inputs(teaching):
    candidates, _, _ = strategy.selection_inputs(teaching)
    return candidates


@pytest.fixture
def app(teaching):
    return portfolio_selection(teaching, budget=2_000_000)


def candidates_for(teaching, inputs, weights=None):
    scores = strategy.score_projects(teaching, weights=weights).set_index("project_id")
    out = inputs.copy()
    out["score"] = out["project_id"].map(scores["score"]).to_numpy()
    return out


def shown_ids(app):
    return [] if app.selection is None else app.selected.value.split("'>")[1].split("<")[0]


def array(values):
    """A plotly array from figure JSON: a list, or typed binary data (plotly >= 6)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def test_the_selection_is_the_integer_program(app, teaching, inputs):
    best = strategy.select_portfolio(candidates_for(teaching, inputs), 2_000_000, value="score")
    assert app.selection.selected == best.selected
    assert shown_ids(app) == ", ".join(best.selected)
    assert f"<b>{best.total_value:,.1f}</b>" in app.totals.value
    assert f"EUR {best.total_cost:,.0f}" in app.totals.value


def test_moving_the_budget_changes_the_selection(app, teaching, inputs):
    cands = candidates_for(teaching, inputs)
    seen = set()
    for budget in (500_000, 1_000_000, 3_000_000):
        app.budget.value = budget
        best = strategy.select_portfolio(cands, budget, value="score")
        assert shown_ids(app) == ", ".join(best.selected), budget
        assert app.selection.total_cost <= budget  # the budget bound holds
        seen.add(tuple(best.selected))
    assert len(seen) == 3


def test_weights_change_the_scores_and_the_selection(app, teaching, inputs):
    for oid, slider in app.weights.items():
        slider.value = 1.0 if oid == "OBJ-COMP" else 0.0
    weights = {oid: float(oid == "OBJ-COMP") for oid in app.weights}
    cands = candidates_for(teaching, inputs, weights)
    best = strategy.select_portfolio(cands, 2_000_000, value="score")
    assert app.selection.selected == best.selected
    assert app.candidates["score"].tolist() == cands["score"].tolist()
    default = strategy.select_portfolio(candidates_for(teaching, inputs), 2_000_000, value="score")
    assert best.selected != default.selected  # the test moves something


def test_business_value_and_remaining_cost(app, teaching, inputs):
    app.maximise.value = "business_value"
    app.cost_basis.value = "remaining_cost"
    best = strategy.select_portfolio(
        candidates_for(teaching, inputs), 2_000_000, cost="remaining_cost"
    )
    assert app.selection.selected == best.selected
    assert f"EUR {best.total_value:,.0f}" in app.totals.value


def test_greedy_is_shown_beside_the_optimum(app, teaching, inputs):
    app.maximise.value = "business_value"
    app.budget.value = 2_800_000
    cands = candidates_for(teaching, inputs)
    rule = strategy.greedy_selection(cands, 2_800_000, mandatory=[])
    assert app.greedy_selection.selected == rule.selected
    assert ", ".join(rule.selected) in app.greedy.value
    assert app.selection.total_value >= rule.total_value


def test_mandatory_projects_are_funded(app, teaching, inputs):
    app.mandatory.value = ("P06",)
    best = strategy.select_portfolio(
        candidates_for(teaching, inputs), 2_000_000, value="score", mandatory=["P06"]
    )
    assert "P06" in app.selection.selected
    assert app.selection.selected == best.selected


def test_mandatory_projects_over_budget_show_a_message(app):
    app.mandatory.value = ("P06",)
    app.budget.value = 100_000
    assert "mandatory project P06 alone costs" in app.error.value
    assert app.selection is None
    assert "none" in app.selected.value
    app.budget.value = 2_000_000
    assert app.error.value == ""
    assert "P06" in app.selection.selected


def test_every_weight_at_zero_shows_a_message(app):
    for slider in app.weights.values():
        slider.value = 0.0
    assert "every weight is 0" in app.error.value


def test_the_frontier_holds_the_selected_point(app, teaching, inputs):
    app.budget.value = 1_750_000
    frontier = app.frontier
    row = frontier[frontier["budget"] == 1_750_000]
    assert len(row) == 1
    assert row["total_value"].iat[0] == pytest.approx(app.selection.total_value)
    assert row["selected"].iat[0] == ", ".join(app.selection.selected)
    expected = strategy.efficient_frontier(
        candidates_for(teaching, inputs), frontier["budget"], value="score"
    )
    np.testing.assert_allclose(frontier["total_value"], expected["total_value"])

    fig = shown_figure(app.frontier_output)
    names = [trace["name"] for trace in fig["data"]]
    assert names == ["Best value", "Selected"]
    marker = fig["data"][1]
    assert array(marker["x"]).tolist() == [1_750_000]
    assert array(marker["y"]).tolist() == pytest.approx([app.selection.total_value])
    line_x = array(fig["data"][0]["x"])
    line_y = array(fig["data"][0]["y"])
    assert line_y[line_x == 1_750_000].tolist() == pytest.approx([app.selection.total_value])


def test_the_table_marks_the_funded_projects(app):
    funded = app.table.value.count('class="pmo-flag"')
    assert funded == len(app.selection.selected)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"budget": -1}, "budget must be between 0", id="negative-budget"),
        pytest.param({"budget": "lots"}, "budget must be a number", id="budget-text"),
        pytest.param({"maximise": "profit"}, "'profit'", id="maximise"),
        pytest.param({"cost": "eac"}, "'eac'", id="cost"),
        pytest.param({"mandatory": ["P99"]}, "'P99' is not a candidate", id="mandatory"),
    ],
)
def test_bad_input(teaching, kwargs, match):
    with pytest.raises(ValueError, match=match):
        portfolio_selection(teaching, **kwargs)


def test_any_portfolio(small):
    """A generated portfolio, not only the teaching one: the integer program's choice."""
    app = portfolio_selection(small, budget=300_000)
    candidates, _, _ = strategy.selection_inputs(small)
    best = strategy.select_portfolio(candidates, 300_000, value="score")
    assert app.selection.selected == best.selected
    assert len(app.weights) == len(small.objectives)
