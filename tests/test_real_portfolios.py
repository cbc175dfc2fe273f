"""A real portfolio may lack tables: every analytics function and the report still work.

The tables of ``describe(tables=True)`` marked optional are those a PMO may not have
(yet): no risk has fired (``events``), no objective is set, nobody is assigned, no
status came in, a real portfolio has no simulation truth (``drivers``). Emptied one at
a time, several at once (a hypothesis property), or with the status week past the
data, the portfolio still validates and every public analytics function and
``pmo report`` run on it without an error.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises import governance, planning, risk, strategy, tracking
from pmo_exercises.cli import main
from pmo_exercises.core.schema import TABLES
from pmo_exercises.core.tables import empty
from pmo_exercises.io.files import read_portfolio, save_portfolio
from tests._tiny import tiny_portfolio

OWN = Path(__file__).resolve().parent / "data" / "pmo_own"
OPTIONAL = [name for name, table in TABLES.items() if table.optional]
_CACHE: dict[str, pmo.Portfolio] = {}


def base(name: str) -> pmo.Portfolio:
    if name not in _CACHE:
        _CACHE[name] = read_portfolio(OWN) if name == "own" else tiny_portfolio()
    return _CACHE[name]


def emptied(p: pmo.Portfolio, names) -> pmo.Portfolio:
    """``p`` with the tables ``names`` emptied (no objectives: no project serves one)."""
    changes = {name: empty(name) for name in names}
    if "objectives" in names:
        changes["alignment"] = empty("alignment")
        changes["projects"] = p.projects.assign(objective_id=np.nan).astype(
            {"objective_id": p.projects["objective_id"].dtype}
        )
    return p.replace(**changes)


def later(p: pmo.Portfolio, weeks: int) -> pmo.Portfolio:
    """``p`` with its status week ``weeks`` past the last status it holds."""
    week = p.status_week + weeks
    return p.replace(meta={"status_week": week, "status_date": f"{p.week_date(week):%Y-%m-%d}"})


def analytics(p: pmo.Portfolio):
    """Every public analytics function that takes a portfolio (or its tables)."""
    first = p.projects["project_id"].iat[0]
    one = p.subset(first)
    schedule = planning.portfolio_schedule(p)
    loading = planning.resource_loading(schedule, p.assignments, by_project=True)
    history = tracking.earned_value_history(p)
    candidates, demand, capacity = strategy.selection_inputs(p)
    budget = float(p.projects["bac"].sum()) / 2
    yield "summary", p.summary()
    yield "earned_value_history", history
    yield "by task", tracking.earned_value_history(p, level="task", method="50/50")
    yield "portfolio", tracking.earned_value_history(p, level="portfolio", basis="reported")
    yield "earned_schedule_history", tracking.earned_schedule_history(p)
    yield "variances", tracking.variances(history)
    yield "first_breaches", tracking.first_breaches(history)
    yield "portfolio_schedule", schedule
    yield "baseline", planning.portfolio_schedule(p, week=0)
    yield "project_slip", planning.project_slip(schedule)
    yield "critical_path", planning.critical_path(p.tasks, p.dependencies)
    yield "critical_paths", planning.critical_paths(one.tasks, one.dependencies)
    yield (
        "schedule_dates",
        planning.schedule_dates(
            planning.critical_path(one.tasks, one.dependencies), planning.WorkCalendar.of(p)
        ),
    )
    yield "resource_loading", loading
    yield "overallocations", planning.overallocations(loading, p.roles)
    yield (
        "level_resources",
        planning.level_resources(one.tasks, one.dependencies, one.assignments, one.roles),
    )
    yield "score_portfolio_risks", risk.score_portfolio_risks(p)
    yield "contingency_reserve", risk.contingency_reserve(p.risks, p.opportunities)
    yield (
        "monte_carlo",
        risk.monte_carlo(one.tasks, one.dependencies, one.risks, iterations=100, seed=1),
    )
    yield "rag_history", governance.rag_history(p)
    yield "risk_exposure_history", governance.risk_exposure_history(p)
    yield "portfolio_dashboard", governance.portfolio_dashboard(p)
    yield "compliance_check", governance.compliance_check(p)
    yield "stage_gate_review", governance.stage_gate_review(p)
    yield "steering_report", governance.steering_report(p)
    yield "project_status_content", governance.project_status_content(p, first)
    yield "score_projects", strategy.score_projects(p)
    yield "ranking_sensitivity", strategy.ranking_sensitivity(p)
    yield "capacity_plan", strategy.capacity_plan(p)
    yield "capacity_plan by week", strategy.capacity_plan(p, freq="week", by_project=True)
    yield "capacity_effect", strategy.capacity_effect(p, ("pause", first))
    yield (
        "select_portfolio",
        strategy.select_portfolio(candidates, budget, capacity=capacity, demand=demand),
    )
    yield "greedy_selection", strategy.greedy_selection(candidates, budget)
    yield "efficient_frontier", strategy.efficient_frontier(candidates, [budget])
    yield "check_consistency", pmo.check_consistency(p)


def check_everything(p: pmo.Portfolio) -> dict:
    """Run every analytics function on ``p``; check what every result must hold."""
    pmo.validate(p)
    results = dict(analytics(p))
    ids = list(p.projects["project_id"])
    board = results["portfolio_dashboard"]
    assert list(board["project_id"]) == ids
    assert board["bac"].notna().all()
    assert set(results["compliance_check"]["rule"]) <= set(governance.RULES)
    assert list(results["stage_gate_review"]["project_id"]) == ids
    plan = results["capacity_plan"]
    assert (plan["demand_days"] >= 0).all() and (plan["capacity_days"] >= 0).all()
    assert len(results["score_projects"]) == len(ids)
    return results


def report(tmp_path: Path, p: pmo.Portfolio, suffix: str = ".html") -> str:
    """``pmo report --portfolio`` on ``p``, in-process: the report's text (or its size)."""
    folder = save_portfolio(p, tmp_path / "portfolio")
    out = tmp_path / f"steering{suffix}"
    code = main(["report", "--portfolio", str(folder), "--out", str(out)])
    assert code == 0
    assert out.stat().st_size > 0
    return out.read_text(encoding="utf-8") if suffix == ".html" else ""


@pytest.mark.parametrize("name", OPTIONAL)
def test_each_optional_table_emptied_in_turn(name, tmp_path, capsys):
    p = emptied(base("own"), [name])
    results = check_everything(p)
    text = report(tmp_path, p)
    for pid in p.projects["project_id"]:
        assert pid in text
    capsys.readouterr()
    if name == "events":
        assert results["portfolio_dashboard"]["overall_rag"].notna().all()


@pytest.mark.parametrize("weeks", [1, 4])
def test_a_status_week_past_the_data(weeks, tmp_path, capsys):
    p = later(base("own"), weeks)
    results = check_everything(p)
    board = results["portfolio_dashboard"]
    assert board["last_update"].isna().all()  # no status row that week
    assert board["reported_rag"].isna().all()
    checks = {w.check for w in results["check_consistency"]}
    assert "status_week_beyond_data" in checks
    report(tmp_path, p)
    capsys.readouterr()


def test_a_portfolio_without_any_status_is_said_so(tmp_path, capsys):
    p = emptied(base("own"), ["task_status", "project_status"])
    p = p.replace(meta={"status_week": 0, "status_date": ""})
    pmo.validate(p)
    with pytest.raises(ValueError, match="no status history yet"):
        governance.portfolio_dashboard(p)
    assert len(planning.portfolio_schedule(p)) == len(p.tasks)
    folder = save_portfolio(p, tmp_path / "plan")
    assert main(["report", "--portfolio", str(folder), "--out", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 + err.count("note: ") and "Traceback" not in err


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    which=st.sampled_from(["own", "tiny"]),
    names=st.sets(st.sampled_from(OPTIONAL), max_size=4),
    weeks=st.integers(0, 3),
)
def test_any_tables_emptied_and_any_week_past_the_data(which, names, weeks, tmp_path_factory):
    p = emptied(base(which), sorted(names))
    if weeks:
        p = later(p, weeks)
    check_everything(p)
    tmp = tmp_path_factory.mktemp("report")
    text = report(tmp, p)
    assert all(pid in text for pid in p.projects["project_id"])


def test_the_report_in_excel_too(tmp_path, capsys):
    p = later(emptied(base("own"), ["risks", "artefacts", "assignments"]), 2)
    report(tmp_path, p, ".xlsx")
    capsys.readouterr()


def test_describe_says_what_an_empty_table_means():
    tables = pmo.describe(tables=True).set_index("table")
    assert set(tables.index) == set(TABLES)
    for name in OPTIONAL:
        assert tables.at[name, "rows"] == "optional"
        assert len(tables.at[name, "if_empty"]) > 20
    for name in ("projects", "tasks", "roles", "dependencies"):
        assert tables.at[name, "rows"] == "required"
    assert "drivers" in OPTIONAL and "events" in OPTIONAL
    assert {"objectives", "alignment", "assignments", "risks", "opportunities"} <= set(OPTIONAL)


def test_an_empty_events_table_no_longer_breaks_the_rag():
    """The issue's crash: Cannot cast DatetimeArray to dtype float64 (rag.py)."""
    p = base("own")
    assert len(p.events) == 0
    mask = governance.open_risk_mask(p, p.week_dates([1, 6]))
    assert mask.shape == (2, len(p.risks)) and mask[1].all()
    h = governance.rag_history(p)
    assert not h.empty and h["risk_rag"].notna().all()


def test_summary_and_teaching_portfolio_are_untouched(teaching):
    """The teaching data keeps every table and its figures (the digests are tested apart)."""
    for name in OPTIONAL:
        if name != "holidays":
            assert len(getattr(teaching, name)) > 0, name
    assert len(teaching.holidays) == 0
    assert pd.Index(pmo.load_portfolio().tables()).equals(pd.Index(TABLES))
