"""Scenario interventions: new portfolios, inputs untouched, effects as a PMO expects."""

from __future__ import annotations

import pytest

import pmo_exercises as pmo
from pmo_exercises import scenarios as sc
from tests._checks import assert_history, assert_links_respected, assert_schema


def _finish_pct(p, weeks=8, seed=3):
    run = pmo.simulate(p, weeks=weeks, seed=seed)
    last = run.project_status[run.project_status["week"] == run.status_week]
    return last.set_index("project_id")["pct_complete_actual"]


@pytest.fixture(scope="module")
def p(teaching):
    return teaching


def _executing(p, i=0):
    return p.projects.loc[p.projects["stage"] == "execution", "project_id"].iloc[i]


def test_no_intervention_mutates_its_input(p):
    before = p.digest()
    pid = _executing(p)
    task = p.tasks.loc[p.tasks["project_id"] == pid, "task_id"].iloc[-2]
    open_risk = p.risks.loc[p.risks["state"] == "open", "risk_id"].iloc[0]
    link = p.dependencies.iloc[0]
    outs = [
        sc.add_capacity(p, "SEC", 1),
        sc.pause_project(p, pid),
        sc.cancel_project(p, pid),
        sc.reprioritise(
            p, pid, 5 if p.projects.set_index("project_id").at[pid, "priority"] < 5 else 1
        ),
        sc.crash_task(p, task, 2, 3000.0),
        sc.fast_track(p, link["predecessor"], link["successor"], 2),
        sc.cut_scope(p, [task]),
        sc.fund_risk_response(p, open_risk),
    ]
    assert p.digest() == before
    for out in outs:
        assert out.digest() != before
        assert_schema(out)
        pmo.validate(out)


def test_other_projects_keep_their_fate_when_one_is_cut(p):
    """Common random numbers: a scope cut in one project changes nothing elsewhere
    unless shared people are freed."""
    pid = _executing(p)
    late = p.tasks[p.tasks["project_id"] == pid].iloc[-3:-1]["task_id"].tolist()
    base = _finish_pct(p)
    cut = _finish_pct(sc.cut_scope(p, late))
    others = [q for q in base.index if q != pid]
    changed = (base[others] != cut[others]).sum()
    assert changed <= 2  # only through the shared pools, if at all


def test_pausing_frees_people_and_stops_the_work(p):
    pid = _executing(p)
    base = _finish_pct(p)
    paused = _finish_pct(sc.pause_project(p, pid))
    start = p.project_status.set_index(["week", "project_id"]).loc[
        (p.status_week, pid), "pct_complete_actual"
    ]
    assert paused[pid] == start < base[pid]
    assert (paused.drop(pid) >= base.drop(pid) - 1e-9).all()


def test_more_experts_never_slow_anyone(p):
    base = _finish_pct(p, weeks=12)
    more = _finish_pct(sc.add_capacity(p, "SEC", 3), weeks=12)
    assert (more >= base - 1e-9).all()


def test_cut_scope_bridges_the_network(p):
    pid = _executing(p)
    tasks = p.tasks[p.tasks["project_id"] == pid]["task_id"].tolist()
    victim = tasks[-2]
    preds = set(p.dependencies.loc[p.dependencies["successor"] == victim, "predecessor"])
    succs = set(p.dependencies.loc[p.dependencies["predecessor"] == victim, "successor"])
    out = sc.cut_scope(p, victim, value_lost=0.1)
    d = out.dependencies
    assert victim not in set(out.tasks["task_id"]) | set(d["predecessor"]) | set(d["successor"])
    for a in preds:
        for b in succs:
            assert ((d["predecessor"] == a) & (d["successor"] == b)).any()
    bac = out.projects.set_index("project_id").at[pid, "bac"]
    assert bac == pytest.approx(out.tasks.loc[out.tasks["project_id"] == pid, "planned_cost"].sum())
    run = pmo.simulate(out, weeks=4, seed=1)
    assert_history(run)
    assert_links_respected(run)


def test_crash_rebaselines_the_task_and_the_budget(p):
    pid = _executing(p)
    task = p.tasks.loc[p.tasks["project_id"] == pid].iloc[-2]
    out = sc.crash_task(p, task["task_id"], 2, 5000.0)
    new = out.tasks.set_index("task_id").loc[task["task_id"]]
    assert new["duration_days"] == task["duration_days"] - 2
    assert new["planned_cost"] == task["planned_cost"] + 5000
    assert (
        out.projects.set_index("project_id").at[pid, "bac"]
        == p.projects.set_index("project_id").at[pid, "bac"] + 5000
    )


def test_funding_a_response_halves_the_probability_and_budgets_its_cost(p):
    risk = p.risks[p.risks["state"] == "open"].iloc[0]
    out = sc.fund_risk_response(
        p, risk["risk_id"], "mitigate", probability_factor=0.5, response_cost=1200.0
    )
    new = out.risks.set_index("risk_id").loc[risk["risk_id"]]
    assert new["probability"] == pytest.approx(risk["probability"] / 2)
    assert new["response"] == "mitigate"
    assert out.projects["bac"].sum() == pytest.approx(p.projects["bac"].sum() + 1200)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(lambda p: sc.add_capacity(p, "WIZ", 1), "no role_id 'WIZ'", id="unknown-role"),
        pytest.param(lambda p: sc.add_capacity(p, "SEC", -99), "cannot remove", id="negative-pool"),
        pytest.param(
            lambda p: sc.reprioritise(p, "P01", 9), "priority goes from 1", id="bad-priority"
        ),
        pytest.param(
            lambda p: sc.resume_project(p, "P01"), "cannot become active", id="resume-active"
        ),
        pytest.param(
            lambda p: sc.fast_track(p, "P01-T01", "P09-T09", 2), "no link", id="no-such-link"
        ),
        pytest.param(
            lambda p: sc.fund_risk_response(p, p.risks["risk_id"].iloc[0], "pray"),
            "unknown response",
            id="unknown-response",
        ),
        pytest.param(
            lambda p: sc.cut_scope(
                p, [p.task_status.loc[p.task_status["pct_complete_actual"] > 0, "task_id"].iloc[0]]
            ),
            "has started",
            id="cut-started-task",
        ),
        pytest.param(
            lambda p: sc.crash_task(
                p, p.tasks.loc[p.tasks["duration_days"] > 0, "task_id"].iloc[-1], 500, 0.0
            ),
            "at least one day",
            id="crash-below-a-day",
        ),
    ],
)
def test_impossible_decisions_say_why(p, call, message):
    with pytest.raises(pmo.PortfolioError, match=message):
        call(p)
