"""Reporting: RAG from the policy beside the reported RAG, and the portfolio dashboard."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _situations import watermelons
from hypothesis import given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises import tracking
from pmo_exercises.core.schema import RAG
from pmo_exercises.governance import DEFAULT_POLICY, load_policy
from pmo_exercises.planning import portfolio_schedule
from pmo_exercises.reporting import (
    DASHBOARD_COLUMNS,
    RAG_HISTORY_COLUMNS,
    portfolio_dashboard,
    rag_from_figures,
    rag_history,
)

RANK = {r: i for i, r in enumerate(RAG)}
POLICY = load_policy()


@pytest.fixture(scope="module", params=["", "alice", "bob"], ids=["teaching", "alice", "bob"])
def portfolio(request):
    return pmo.load_portfolio(variant=request.param) if request.param else pmo.load_portfolio()


@pytest.fixture(scope="module")
def history(portfolio):
    return rag_history(portfolio)


@pytest.fixture(scope="module")
def dashboard(portfolio):
    return portfolio_dashboard(portfolio)


# -- rag_history ----------------------------------------------------------------------
def test_rag_history_has_a_row_per_project_and_week(portfolio, history):
    assert list(history.columns) == list(RAG_HISTORY_COLUMNS)
    assert len(history) == len(portfolio.projects) * portfolio.status_week
    assert history["week"].min() == 1 and history["week"].max() == portfolio.status_week
    assert not history.duplicated(["week", "project_id"]).any()
    for col in ("schedule_rag", "cost_rag", "risk_rag", "overall_rag", "reported_rag"):
        assert set(history[col].dropna()) <= set(RAG)


def test_spi_and_cpi_come_from_the_earned_value_history(portfolio, history):
    ev = tracking.earned_value_history(portfolio)
    ev = ev[ev["week"] >= 1].set_index(["week", "project_id"])
    mine = history.set_index(["week", "project_id"])
    for col in ("pv", "ev", "ac", "spi", "cpi", "eac_cpi"):
        pd.testing.assert_series_equal(mine[col], ev[col].reindex(mine.index), check_names=False)


def test_reported_rag_is_the_managers(portfolio, history):
    status = portfolio.project_status.set_index(["week", "project_id"])["reported_rag"]
    mine = history.set_index(["week", "project_id"])["reported_rag"]
    assert (mine == status.reindex(mine.index)).all()


def test_overall_is_the_worst_of_the_defined_parts(history):
    parts = history[["schedule_rag", "cost_rag", "risk_rag"]].apply(lambda s: s.map(RANK))
    worst = parts.max(axis=1)
    assert (history["overall_rag"].map(RANK) == worst).all()


def test_the_rag_follows_the_policy_thresholds(history):
    spi = history["spi"]
    red = spi < POLICY.schedule.red
    amber = (spi >= POLICY.schedule.red) & (spi < POLICY.schedule.amber)
    assert (history.loc[red, "schedule_rag"] == "red").all()
    assert (history.loc[amber, "schedule_rag"] == "amber").all()
    assert (history.loc[spi >= POLICY.schedule.amber, "schedule_rag"] == "green").all()
    assert history.loc[spi.isna(), "schedule_rag"].isna().all()
    high = history["high_risks"] >= POLICY.risk.red_high_risks
    assert (history.loc[high, "risk_rag"] == "red").all()


def test_watermelon_is_a_red_project_reported_better(history):
    gap = history["overall_rag"].map(RANK) - history["reported_rag"].map(RANK)
    expected = (history["overall_rag"] == "red") & (gap >= POLICY.watermelon_min_steps)
    assert (history["watermelon"] == expected).all()
    assert (history["rag_gap"].astype("float64") == gap).fillna(True).all()


def test_rag_history_flags_the_cast_watermelon_at_the_status_week(portfolio, history):
    now = history[history["week"] == portfolio.status_week].set_index("project_id")
    cast = watermelons(portfolio)
    assert cast
    for pid in cast:
        assert now.loc[pid, "watermelon"]
        assert now.loc[pid, "reported_rag"] == "green"
        assert now.loc[pid, "overall_rag"] == "red"
        assert now.loc[pid, "rag_gap"] == 2


def test_the_default_watermelon_rule_flags_only_green_over_red(portfolio):
    h = rag_history(portfolio)
    melons = h[h["watermelon"]]
    assert (melons["reported_rag"] == "green").all() and (melons["overall_rag"] == "red").all()
    now = melons[melons["week"] == portfolio.status_week]
    assert set(now["project_id"]) >= set(watermelons(portfolio))


def test_a_looser_watermelon_rule_also_flags_amber_over_red(tmp_path, portfolio):
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    path = tmp_path / "loose.yaml"
    path.write_text(text.replace("min_steps: 2", "min_steps: 1"), encoding="utf-8")
    loose = rag_history(portfolio, path)
    strict = rag_history(portfolio)
    assert loose["watermelon"].sum() > strict["watermelon"].sum()
    extra = loose[loose["watermelon"] & ~strict["watermelon"]]
    assert (extra["reported_rag"] == "amber").all() and (extra["overall_rag"] == "red").all()


def test_reported_basis_sees_what_the_managers_say(portfolio):
    actual = rag_history(portfolio)
    reported = rag_history(portfolio, basis="reported")
    assert (reported["pv"] == actual["pv"]).all()
    assert not np.allclose(reported["ev"], actual["ev"])


def test_risk_counts_follow_the_register(portfolio, history):
    """At the status week, an open risk is one the register marks open."""
    r = portfolio.risks
    now = history[history["week"] == portfolio.status_week].set_index("project_id")
    is_open = r["state"] == "open"
    counts = r[is_open].groupby("project_id").size()
    assert (now["open_risks"] == counts.reindex(now.index).fillna(0)).all()
    high = r[is_open & (r["probability"] >= POLICY.high_probability)].groupby("project_id").size()
    assert (now["high_risks"] == high.reindex(now.index).fillna(0)).all()
    exposure = (r["probability"] * r["cost_impact"])[is_open].groupby(r["project_id"]).sum()
    np.testing.assert_allclose(now["exposure"], exposure.reindex(now.index).fillna(0))


_index = st.one_of(st.just(float("nan")), st.floats(0, 2, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(
    spi=st.tuples(_index, _index),
    cpi=st.tuples(_index, _index),
    high=st.integers(0, 6),
    exposure=st.floats(0, 20),
)
def test_a_lower_index_never_gives_a_better_rag(spi, cpi, high, exposure):
    """Computed RAG is monotone: lowering SPI or CPI can only keep or worsen it."""
    lo_spi, hi_spi = sorted(spi, key=lambda v: (np.isnan(v), v))
    lo_cpi, hi_cpi = sorted(cpi, key=lambda v: (np.isnan(v), v))
    if np.isnan(hi_spi) != np.isnan(lo_spi) or np.isnan(hi_cpi) != np.isnan(lo_cpi):
        lo_spi, lo_cpi = hi_spi, hi_cpi  # compare defined with defined only
    rag = rag_from_figures(
        [lo_spi, hi_spi], [lo_cpi, hi_cpi], [high, high], [exposure, exposure], POLICY
    )
    for col in ("schedule_rag", "cost_rag", "overall_rag"):
        low, high_ = rag[col]
        if low is None or high_ is None:
            assert (low is None) == (high_ is None)
            continue
        assert RANK[low] >= RANK[high_], (col, lo_spi, hi_spi, lo_cpi, hi_cpi)


# -- dashboard ------------------------------------------------------------------------
def test_dashboard_has_one_row_per_project(portfolio, dashboard):
    assert list(dashboard.columns) == list(DASHBOARD_COLUMNS)
    assert len(dashboard) == 12 == len(portfolio.projects)
    assert list(dashboard["project_id"]) == list(portfolio.projects["project_id"])
    assert list(dashboard["stage"]) == list(portfolio.projects["stage"])
    assert set(dashboard["trend"].dropna()) <= {"improving", "stable", "worsening"}
    assert dashboard["trend"].notna().any()


def test_dashboard_eac_comes_from_evm(portfolio, dashboard):
    ev = tracking.earned_value_history(portfolio)
    now = ev[ev["week"] == portfolio.status_week].set_index("project_id")
    mine = dashboard.set_index("project_id")
    ok = (now["ev"] > 0) & (now["ac"] > 0) & (now["pv"] > 0)
    with warnings.catch_warnings():  # a finished project has no TCPI (EAC): not our figure
        warnings.simplefilter("ignore", tracking.EVMWarning)
        figures = tracking.evm(now["bac"][ok], now["pv"][ok], now["ev"][ok], now["ac"][ok])
    np.testing.assert_allclose(mine.loc[ok, "eac"], figures["eac_cpi"])
    np.testing.assert_allclose(mine.loc[ok, "spi"], figures["spi"])
    np.testing.assert_allclose(mine.loc[ok, "cpi"], figures["cpi"])
    pct = (mine["eac"] / mine["bac"] - 1) * 100
    np.testing.assert_allclose(mine["eac_vs_bac_pct"], pct)
    assert mine.loc[~ok, "eac"].isna().all()


def test_dashboard_flags_the_watermelon(portfolio, dashboard):
    mine = dashboard.set_index("project_id")
    assert mine.loc[watermelons(portfolio), "watermelon"].all()
    assert (
        mine["reported_rag"] == portfolio.projects.set_index("project_id")["reported_rag"]
    ).all()


def test_dashboard_top_risks_are_the_largest_open_exposures(portfolio, dashboard):
    r = portfolio.risks
    r = r[r["state"] == "open"].assign(exposure=r["probability"] * r["cost_impact"])
    for pid, top in dashboard[["project_id", "top_risks"]].itertuples(index=False):
        ids = top.split(", ") if top else []
        mine = r[r["project_id"] == pid]
        assert len(ids) == min(3, len(mine))
        assert set(ids) <= set(mine["risk_id"])
        shown = mine.set_index("risk_id").loc[ids, "exposure"]
        assert shown.is_monotonic_decreasing
        rest = mine.loc[~mine["risk_id"].isin(ids), "exposure"]
        assert rest.empty or rest.max() <= shown.min()


def test_dashboard_next_milestone_is_a_forecast_milestone(portfolio, dashboard):
    schedule = portfolio_schedule(portfolio, basis="actual")
    tasks = portfolio.tasks.set_index("task_id")
    for row in dashboard.itertuples(index=False):
        if pd.isna(row.next_milestone):
            continue
        mine = schedule[(schedule["project_id"] == row.project_id)]
        mine = mine[(mine["name"] == row.next_milestone) & (mine["status"] != "done")]
        assert (tasks.loc[mine.index, "duration_days"] == 0).all()
        assert row.next_milestone_date in set(mine["finish"])
    assert dashboard["next_milestone"].notna().sum() >= 10


def test_dashboard_trend_compares_four_weeks_back(portfolio, dashboard, history):
    now = history[history["week"] == portfolio.status_week].set_index("project_id")
    then = history[history["week"] == portfolio.status_week - 4].set_index("project_id")
    for row in dashboard.itertuples(index=False):
        a, b = now.loc[row.project_id, "overall_rag"], then.loc[row.project_id, "overall_rag"]
        if pd.isna(a) or pd.isna(b):
            assert pd.isna(row.trend)
        else:
            want = "stable" if a == b else ("improving" if RANK[a] < RANK[b] else "worsening")
            assert row.trend == want


def test_dashboard_at_an_earlier_week(portfolio):
    early = portfolio_dashboard(portfolio, week=3)
    assert len(early) == 12
    assert early["trend"].isna().all()  # no week -1 to compare with
    with pytest.raises(ValueError, match="week must be between 1"):
        portfolio_dashboard(portfolio, week=0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["P01", "P02", "P03"])), max_size=12),
    st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(["P01", "P02", "P04"]), st.integers(0, 9)),
        max_size=12,
    ),
)
def test_the_key_lookup_joins_as_a_one_to_one_left_merge(left_keys, right_rows):
    from pandas.errors import MergeError

    from pmo_exercises.governance.rag import _join

    left = pd.DataFrame(left_keys, columns=["week", "project_id"]).astype({"week": "int64"})
    left["ev"] = np.arange(len(left), dtype=float)
    right = pd.DataFrame(right_rows, columns=["week", "project_id", "high_risks"])
    right = right.astype({"week": "int64", "high_risks": "int64"})
    right["reported_rag"] = pd.Series(["green", "amber", None] * 4, dtype="str")[: len(right)]
    try:
        expected = left.merge(right, on=["week", "project_id"], how="left", validate="one_to_one")
    except MergeError:
        with pytest.raises(MergeError):
            _join(left, right)
        return
    pd.testing.assert_frame_equal(_join(left, right), expected)
