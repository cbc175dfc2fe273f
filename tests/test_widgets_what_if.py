"""The what-if explorer: set its controls, check the comparison against the analytics."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises import planning, reporting
from pmo_exercises.widgets import what_if
from pmo_exercises.widgets._common import shown_figure
from pmo_exercises.widgets.what_if_app import INTERVENTIONS

WEEKS = 13
SEED = 1


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _outcome(portfolio, project_id: str) -> pd.Series:
    """The analytics' figures for one project after a run of WEEKS weeks with SEED."""
    run = pmo.simulate(portfolio, WEEKS, SEED)
    board = reporting.portfolio_dashboard(run).set_index("project_id").loc[project_id]
    slip = planning.project_slip(planning.portfolio_schedule(run, basis="actual"))
    return pd.Series(
        {
            "overall_rag": board["overall_rag"],
            "eac": board["eac"],
            "forecast_finish": slip.at[project_id, "forecast_finish"],
            "state": run.projects.set_index("project_id").at[project_id, "state"],
        }
    )


@pytest.fixture(scope="module")
def app(teaching):
    return what_if(teaching, weeks=WEEKS, seed=SEED)


@pytest.fixture(autouse=True)
def _reset(app):
    yield
    app.project.value = "P01"
    app.intervention.value = "add capacity"
    app.weeks.value = WEEKS


def test_offers_the_five_interventions_with_the_projects_choices(app, teaching) -> None:
    assert list(app.intervention.options) == list(INTERVENTIONS)
    app.project.value = "P03"
    roles = set(teaching.tasks.loc[teaching.tasks["project_id"] == "P03", "role_id"])
    assert {value for _, value in app.role.options} == roles
    open_risks = teaching.risks[
        (teaching.risks["project_id"] == "P03") & (teaching.risks["state"] == "open")
    ]
    assert [value for _, value in app.risk.options] == open_risks["risk_id"].tolist()
    assert "P03" not in [value for _, value in app.other.options]
    assert all(value.startswith("P03-") for _, value in app.task.options)


def test_crash_matches_the_scenario_run_and_moves_the_finish(app, teaching) -> None:
    """Crashing a critical task: the scenario column is the analytics' run of crash_task."""
    app.intervention.value = "crash a task"
    app.task.value = "P01-T02"
    app.extra_cost.value = 8_000
    app.days.value = 6
    expected = _outcome(pmo.scenarios.crash_task(teaching, "P01-T02", 6, 8_000), "P01")
    baseline = _outcome(teaching, "P01")
    scenario = app.outcome()["scenario"].loc["P01"]
    assert scenario["forecast_finish"] == expected["forecast_finish"]
    assert scenario["eac"] == pytest.approx(expected["eac"])
    assert scenario["overall_rag"] == expected["overall_rag"]
    assert app.outcome()["baseline"].loc["P01", "forecast_finish"] == baseline["forecast_finish"]
    assert expected["forecast_finish"] < baseline["forecast_finish"], "a critical crash helps"
    comparison = _text(app.comparison.value)
    assert f"{expected['forecast_finish']:%Y-%m-%d}" in comparison
    assert f"{baseline['forecast_finish']:%Y-%m-%d}" in comparison
    assert "Crash P01-T02 by 6 working days for 8,000 more" in _text(app.decision.value)
    figure = shown_figure(app.finish_chart)
    assert [t["name"] for t in figure["data"]] == ["Baseline (no decision)", "Scenario"]
    assert "Crash P01-T02 by 6 working days" in figure["layout"]["title"]["text"]
    scenario_x = dict(zip(figure["data"][1]["y"], figure["data"][1]["x"], strict=True))
    assert scenario_x["<b>P01</b>"] == f"{expected['forecast_finish']:%Y-%m-%d}"


def test_crash_is_limited_by_the_task_duration(app, teaching) -> None:
    app.intervention.value = "crash a task"
    app.task.value = "P01-T05"
    duration = teaching.tasks.set_index("task_id").at["P01-T05", "duration_days"]
    assert app.days.max == int(duration) - 1


def test_pausing_another_project_shows_the_knock_on_effects(app, teaching) -> None:
    """Pausing P02 frees its people: other projects change, as the runs say."""
    app.intervention.value = "pause another project"
    app.other.value = "P02"
    scenario = app.outcome()["scenario"]
    assert scenario.loc["P02", "state"] == "paused"
    knock_on = _text(app.knock_on.value)
    assert "P02 GDPR Data Retention paused" in knock_on
    paused = pmo.scenarios.pause_project(teaching, "P02")
    changed = [
        pid
        for pid in teaching.projects["project_id"]
        if pid != "P01" and not _outcome(paused, pid).equals(_outcome(teaching, pid))
    ]
    assert len(changed) >= 2, "pausing P02 reaches other projects through shared people"
    for pid in changed:
        assert pid in knock_on
    assert f"{len(changed)} other projects change" in knock_on


def test_unrelated_change_leaves_the_others_equal(app) -> None:
    """Common random numbers: a risk response on P01 changes no other project."""
    app.intervention.value = "fund a risk response"
    app.risk.value = "R-P01-01"
    app.probability_factor.value = 0.2
    base, scenario = app.outcome()["baseline"], app.outcome()["scenario"]
    others = base.index != "P01"
    pd.testing.assert_frame_equal(base[others], scenario[others])
    assert scenario.at["P01", "bac"] > base.at["P01", "bac"], "the response is paid for"
    assert "no other project changes" in _text(app.knock_on.value)


def test_cut_scope_needs_tasks_then_lowers_the_budget(app, teaching) -> None:
    app.intervention.value = "cut scope"
    assert app.outcome()["scenario"] is None
    assert "Choose the tasks to cut" in _text(app.decision.value)
    task = app.cut_tasks.options[-1][1]
    app.cut_tasks.value = (task,)
    cost = teaching.tasks.set_index("task_id").at[task, "planned_cost"]
    base, scenario = app.outcome()["baseline"], app.outcome()["scenario"]
    assert scenario.at["P01", "bac"] == pytest.approx(base.at["P01", "bac"] - cost)


def test_add_capacity_and_horizon(app) -> None:
    """More weeks simulated moves the baseline's status; the decision text follows the role."""
    app.role.value = "SEC"
    app.people.value = 2
    assert "Add 2 security specialists to the SEC pool" in _text(app.decision.value)
    assert f"after {WEEKS} simulated weeks" in _text(app.comparison.value)
    app.weeks.value = 4
    assert "after 4 simulated weeks" in _text(app.comparison.value)


def test_a_decision_that_cannot_be_taken_shows_one_line(app, teaching) -> None:
    """Crashing a task by more than it lasts: a one-line error, not a traceback."""
    app.intervention.value = "crash a task"
    app.task.value = "P01-T05"
    app.days.max = 30  # as if the limit had not been applied
    app.days.value = 30
    assert "pmo-notice-error" in app.status.value
    assert "cannot crash" in _text(app.status.value)
    assert app.comparison.value == "" and app.knock_on.value == "", "no stale comparison"
    app.days.value = 1
    assert app.status.value == ""
    assert "Forecast finish" in _text(app.comparison.value)


def test_bad_horizon_is_refused(teaching) -> None:
    with pytest.raises(ValueError, match="weeks"):
        what_if(teaching, weeks=0)
