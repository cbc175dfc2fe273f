"""The weekly S-curve table and earned schedule history of a simulated portfolio."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.simulation.engine import AMBER_FROM, GREEN_FROM
from pmo_exercises.tracking import (
    EVM_COLUMNS,
    METHODS,
    earned_schedule,
    earned_schedule_history,
    earned_value_history,
)
from tests import _situations as s

LEVEL_IDS = {"project": ["project_id"], "task": ["task_id", "project_id"], "portfolio": []}


@pytest.fixture(scope="module")
def done():
    """Two small projects run long enough to finish every task."""
    plan = pmo.generate_portfolio(seed=4, n_projects=2, tasks_per_project=8)
    return pmo.simulate(plan, weeks=150, seed=4)


# -- shape ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(LEVEL_IDS))
def test_one_row_per_week_and_id_from_week_zero(teaching, level):
    h = earned_value_history(teaching, level=level)
    ids = LEVEL_IDS[level]
    units = {"project": len(teaching.projects), "task": len(teaching.tasks), "portfolio": 1}
    assert len(h) == (teaching.status_week + 1) * units[level]
    assert list(h.columns) == ["week", "status_date", *ids, "bac", "pv", "ev", "ac", *EVM_COLUMNS]
    assert h["week"].dtype == "int64" and h["status_date"].dtype == "datetime64[ns]"
    assert not h.duplicated(["week", *ids]).any()
    week0 = h[h["week"] == 0]
    assert (week0[["pv", "ev", "ac"]] == 0).all().all()  # every S-curve starts at 0
    assert week0["spi"].isna().all()  # undefined, and silent: pytest turns warnings into errors
    assert (week0["status_date"] == pd.Timestamp("2026-01-02")).all()  # the Friday before


def test_status_dates_are_the_simulators(teaching):
    h = earned_value_history(teaching)
    ps = teaching.project_status
    both = h.merge(ps, on=["week", "project_id"], suffixes=("", "_status"))
    assert len(both) == len(ps)
    assert (both["status_date"] == both["status_date_status"]).all()


def test_levels_add_up(teaching):
    task = earned_value_history(teaching, level="task")
    project = earned_value_history(teaching, level="project")
    portfolio = earned_value_history(teaching, level="portfolio")
    money = ["bac", "pv", "ev", "ac"]
    summed = task.groupby(["week", "project_id"], sort=False)[money].sum().reset_index()
    np.testing.assert_allclose(summed[money], project[money], rtol=1e-12)
    weekly = project.groupby("week")[money].sum()
    np.testing.assert_allclose(weekly.to_numpy(), portfolio[money].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        pytest.param("level", "programme", id="level"),
        pytest.param("method", "50-50", id="method"),
        pytest.param("basis", "actuals", id="basis"),
    ],
)
def test_unknown_choices_are_refused(teaching, argument, value):
    with pytest.raises(ValueError, match=f"{argument} must be one of"):
        earned_value_history(teaching, **{argument: value})


def test_a_status_row_for_an_unknown_task_is_refused(small):
    bad = small.task_status.copy()
    bad.loc[3, "task_id"] = "P09-T99"
    with pytest.raises(
        pmo.PortfolioError, match=r"task_status, row 3.*'P09-T99' is not in the tasks"
    ):
        earned_value_history(small.replace(task_status=bad))


def test_a_second_status_row_is_refused(small):
    bad = pd.concat([small.task_status, small.task_status.iloc[[5]]], ignore_index=True)
    with pytest.raises(pmo.PortfolioError, match="a second status row for week 1"):
        earned_value_history(small.replace(task_status=bad))


def test_a_missing_status_row_keeps_the_last_status(small):
    ts = small.task_status
    gap = ts[~((ts["week"] == 5) & (ts["task_id"] == ts["task_id"].iat[0]))]
    h = earned_value_history(small.replace(task_status=gap), level="task")
    full = earned_value_history(small, level="task")
    first = ts["task_id"].iat[0]

    def row(frame, week):
        return frame[(frame["week"] == week) & (frame["task_id"] == first)]

    assert row(h, 5)["ev"].item() == row(full, 4)["ev"].item()
    assert row(h, 6)["ev"].item() == row(full, 6)["ev"].item()


def test_the_input_is_not_modified(small):
    before = small.digest()
    earned_value_history(small, level="task", method="50/50", basis="reported")
    earned_schedule_history(small)
    assert small.digest() == before


# -- agreement with the simulator ---------------------------------------------------------


@pytest.mark.parametrize("basis", ["actual", "reported"])
def test_percent_complete_and_cost_agree_with_the_project_status(teaching, basis):
    """The simulator weights progress by planned cost (EV / BAC) and sums cost: so do we,
    to its rounding (0.1 point of percent, a cent per task)."""
    h = earned_value_history(teaching, basis=basis)
    both = h.merge(teaching.project_status, on=["week", "project_id"], suffixes=("", "_ps"))
    pct = 100 * both["ev"] / both["bac"]
    assert (pct - both[f"pct_complete_{basis}"]).abs().max() <= 0.05 + 1e-9
    tasks = teaching.tasks.groupby("project_id").size()
    slack = 0.005 * both["project_id"].map(tasks) + 0.005
    assert ((both["ac"] - both["actual_cost"]).abs() <= slack).all()


def test_the_status_week_agrees_with_the_hand_computed_evm(teaching):
    """tests/_situations.py computes PV, EV, AC, SPI and CPI at the status date by hand."""
    by_hand = s._evm(teaching)
    h = earned_value_history(teaching)
    latest = h[h["week"] == teaching.status_week].set_index("project_id")
    for col in ("pv", "ev", "ac", "spi", "cpi"):
        pd.testing.assert_series_equal(
            latest[col], by_hand[col].reindex(latest.index), check_names=False, rtol=1e-12
        )


def test_the_watermelon_is_red_on_actual_data(teaching):
    melons = s.watermelons(teaching)
    assert melons
    h = earned_value_history(teaching, basis="actual")
    latest = h[h["week"] == teaching.status_week].set_index("project_id").loc[melons]
    assert ((latest["spi"] < AMBER_FROM) | (latest["cpi"] < AMBER_FROM)).all()
    reported = teaching.projects.set_index("project_id").loc[melons, "reported_rag"]
    assert (reported == "green").all()


def test_honest_managers_rag_follows_from_the_reported_history(teaching):
    """A manager who does not soften the RAG reports the level of the worse of SPI and CPI,
    both on reported progress: recomputing it from the history gives the same RAG."""
    h = earned_value_history(teaching, basis="reported")
    ps = teaching.project_status.merge(h, on=["week", "project_id"])
    honest = teaching.drivers.loc[teaching.drivers["rag_optimism"] == 0, "project_id"]
    rows = ps[ps["project_id"].isin(honest) & (ps["last_update"] == ps["status_date_x"])]
    assert len(rows) > 20

    def level(index):
        index = index.fillna(1.0)  # the simulator's managers read "nothing yet" as on track
        return np.where(index >= GREEN_FROM, 0, np.where(index >= AMBER_FROM, 1, 2))

    rag = np.array(["green", "amber", "red"])[np.maximum(level(rows["spi"]), level(rows["cpi"]))]
    assert (rag == rows["reported_rag"].to_numpy()).all()


def test_the_ninety_percent_managers_report_more_value_than_is_earned(teaching):
    optimists = teaching.drivers.loc[teaching.drivers["progress_optimism"] >= 2, "project_id"]
    assert len(optimists) >= 1
    actual = earned_value_history(teaching, basis="actual")
    told = earned_value_history(teaching, basis="reported")
    mine = actual["project_id"].isin(optimists) & (actual["ev"] > 0)
    ahead = told.loc[mine, "ev"].to_numpy() >= actual.loc[mine, "ev"].to_numpy()
    assert ahead.mean() >= 0.85  # the 95% cap can hold a near-done task just below the truth
    now = mine & (actual["week"] == teaching.status_week)
    assert (told.loc[now, "ev"] > actual.loc[now, "ev"]).all()


# -- properties of the S-curves -----------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("basis", ["actual", "reported"])
def test_cumulative_curves_never_fall(teaching, method, basis):
    h = earned_value_history(teaching, method=method, basis=basis)
    for col in ("pv", "ev", "ac"):
        steps = h.groupby("project_id")[col].diff().dropna()
        assert (steps >= -1e-9).all(), col


def test_methods_order_as_they_should(teaching):
    """0/100 credits least (only finished work); 50/50 credits half a task on its start,
    so it sits between 0/100 and the whole budget; physical sits above 0/100."""
    physical, zero, half = (
        earned_value_history(teaching, level="task", method=m)["ev"] for m in METHODS
    )
    bac = earned_value_history(teaching, level="task")["bac"]
    assert (zero <= physical + 1e-9).all()
    assert (zero <= half).all() and (half <= bac).all() and (physical <= bac + 1e-9).all()
    assert set(np.round((half - zero) / bac.where(bac > 0), 9).dropna()) <= {0.0, 0.5}


@pytest.mark.parametrize("method", METHODS)
def test_a_finished_project_has_earned_its_budget(done, method):
    h = earned_value_history(done, method=method)
    last = h[h["week"] == done.status_week]
    np.testing.assert_allclose(last["ev"], last["bac"], rtol=1e-12)
    np.testing.assert_allclose(last["pv"], last["bac"], rtol=1e-12)
    assert last["spi"].tolist() == pytest.approx([1.0, 1.0])  # the quirk earned schedule fixes


def test_physical_ev_of_a_task_at_100_percent_is_its_planned_cost(teaching):
    h = earned_value_history(teaching, level="task")
    ts = teaching.task_status.merge(h, on=["week", "task_id"])
    full = ts[ts["pct_complete_actual"] == 100]
    assert len(full) and (full["ev"] == full["bac"]).all()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), weeks=st.integers(1, 30), method=st.sampled_from(METHODS))
def test_history_invariants_for_any_portfolio(seed, weeks, method):
    plan = pmo.generate_portfolio(seed=seed, n_projects=3, tasks_per_project=(4, 12))
    p = pmo.simulate(plan, weeks=weeks, seed=seed)
    h = earned_value_history(p, method=method)
    assert len(h) == (weeks + 1) * 3
    for col in ("pv", "ev", "ac"):
        assert (h.groupby("project_id")[col].diff().dropna() >= -1e-9).all()
    assert (h["ev"] <= h["bac"] + 1e-6).all() and (h["pv"] <= h["bac"] + 1e-6).all()
    es = earned_schedule_history(p)
    behind = es["ev"] < es["pv"] - 1e-9
    assert (es.loc[behind, "es"] <= es.loc[behind, "at"] + 1e-9).all()
    assert (es["es"].dropna() <= es["planned_duration"][es["es"].notna()] + 1e-9).all()


# -- earned schedule per project and week -----------------------------------------------


def test_earned_schedule_history_shape(teaching):
    es = earned_schedule_history(teaching)
    assert len(es) == (teaching.status_week + 1) * len(teaching.projects)
    assert list(es.columns) == [
        "week",
        "status_date",
        "project_id",
        "start_week",
        "planned_duration",
        "pv",
        "ev",
        "es",
        "at",
        "sv_t",
        "spi_t",
        "ieac_t",
        "tspi",
    ]
    before = es["week"] < es["start_week"]
    assert es.loc[before, "es"].isna().all()
    started = es["week"] >= es["start_week"]
    assert (es.loc[started, "at"] == es.loc[started, "week"] - es.loc[started, "start_week"]).all()


def _baseline_pv(p, project_id: str, weeks: np.ndarray) -> np.ndarray:
    """A project's cumulative PV at the end of some weeks, by hand from its tasks."""
    t = p.tasks[p.tasks["project_id"] == project_id]
    start = np.datetime64(pd.Timestamp(p.meta["start_date"]).date(), "D")
    day = np.busday_count(start, t["baseline_start"].to_numpy().astype("datetime64[D]"))
    span = np.maximum(t["duration_days"].to_numpy(), 1)
    return np.clip((5 * weeks[:, None] - day) / span, 0, 1) @ t["planned_cost"].to_numpy()


def test_earned_schedule_history_is_earned_schedule_on_each_project(teaching):
    """The history applies earned_schedule() to each project's own baseline curve."""
    es = earned_schedule_history(teaching)
    ev = earned_value_history(teaching)
    latest = es[es["week"] == teaching.status_week].set_index("project_id")
    checked = 0
    for pid, row in latest.iterrows():
        if np.isnan(row["es"]) or row["at"] < 1:
            continue
        first = int(row["start_week"])
        pv = _baseline_pv(
            teaching, pid, np.arange(first, first + np.ceil(row["planned_duration"]) + 1)
        )
        mine = ev[ev["project_id"] == pid].set_index("week")["ev"].loc[first:]
        direct = earned_schedule(pv, mine.to_numpy(), row["planned_duration"])
        assert direct == pytest.approx(
            row[["es", "at", "sv_t", "spi_t", "ieac_t", "tspi"]].to_dict()
        )
        checked += 1
    assert checked >= 6


def test_watermelon_is_late_in_time(teaching):
    es = earned_schedule_history(teaching)
    latest = es[es["week"] == teaching.status_week].set_index("project_id")
    for pid in s.watermelons(teaching):
        assert latest.at[pid, "spi_t"] < 1 and latest.at[pid, "sv_t"] < 0
        assert latest.at[pid, "ieac_t"] > latest.at[pid, "planned_duration"]


def test_a_finished_project_keeps_its_actual_duration(done):
    """After the last task, AT stops: ES = PD and SPI(t) = PD / AT say how late it was."""
    es = earned_schedule_history(done)
    ev = earned_value_history(done)
    for pid, mine in es.groupby("project_id"):
        bac = ev.loc[ev["project_id"] == pid, "bac"].iat[0]
        earned = ev.loc[ev["project_id"] == pid, ["week", "ev"]].set_index("week")["ev"]
        finish_week = int(earned.index[earned >= bac * (1 - 1e-12)][0])
        last = mine.iloc[-1]
        assert last["es"] == pytest.approx(last["planned_duration"])
        assert last["at"] == finish_week - last["start_week"]
        assert last["spi_t"] == pytest.approx(last["planned_duration"] / last["at"])
        frozen = mine[mine["week"] >= finish_week][["es", "at", "spi_t"]]
        assert (frozen.nunique() == 1).all()


def test_portfolio_level_earned_schedule(teaching):
    es = earned_schedule_history(teaching, level="portfolio")
    assert len(es) == teaching.status_week + 1 and "project_id" not in es
    assert es["planned_duration"].nunique() == 1
    with pytest.raises(ValueError, match="level must be one of 'project', 'portfolio'"):
        earned_schedule_history(teaching, level="task")
