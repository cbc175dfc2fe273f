"""Variance analysis: tolerance breaches, since when, and when the PMO should have stepped in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmo_exercises.tracking import earned_value_history, first_breaches, variances
from tests import _situations as s

NAN = float("nan")


def _history(spi, cpi, project="P01", first_week=0):
    """A constructed project history with the given weekly SPI and CPI."""
    weeks = np.arange(first_week, first_week + len(spi))
    return pd.DataFrame(
        {
            "week": weeks,
            "project_id": project,
            "sv": np.nan_to_num(np.asarray(spi, dtype=float) - 1),
            "cv": np.nan_to_num(np.asarray(cpi, dtype=float) - 1),
            "spi": spi,
            "cpi": cpi,
        }
    )


def test_breaches_and_since_on_a_constructed_history():
    """Weeks 0-6: SPI dips below 0.90 in week 3, recovers in week 4, breaks again from 5."""
    spi = [NAN, 1.0, 0.95, 0.85, 0.92, 0.80, 0.70]
    cpi = [NAN, NAN, 0.89, 0.88, 0.90, 0.95, 0.85]
    v = variances(_history(spi, cpi), schedule_tolerance=0.10, cost_tolerance=0.10)
    assert v["schedule_breach"].tolist() == [False, False, False, True, False, True, True]
    assert v["schedule_breach_since"].tolist() == [pd.NA] * 3 + [3, pd.NA, 5, 5]
    # exactly at the limit (0.90) is within tolerance
    assert v["cost_breach"].tolist() == [False, False, True, True, False, False, True]
    assert v["cost_breach_since"].tolist() == [pd.NA, pd.NA, 2, 2, pd.NA, pd.NA, 6]
    assert v["schedule_breach_since"].dtype == "Int64"


def test_first_breaches_on_a_constructed_history():
    spi = [NAN, 1.0, 0.95, 0.85, 0.92, 0.80, 0.70]
    cpi = [NAN, NAN, 0.89, 0.88, 0.90, 0.95, 0.85]
    ok = [NAN, 1.0, 1.0, 0.99, 1.02, 0.97, 0.96]
    h = pd.concat([_history(spi, cpi), _history(ok, ok, project="P02")], ignore_index=True)
    h = h.sort_values(["week", "project_id"], ignore_index=True)  # as earned_value_history
    out = first_breaches(h).set_index("project_id")
    assert out.index.tolist() == ["P01", "P02"]
    p1 = out.loc["P01"]
    assert p1["status_week"] == 6
    assert (p1["first_schedule_breach"], p1["schedule_breach_since"]) == (3, 5)
    assert (p1["first_cost_breach"], p1["cost_breach_since"]) == (2, 6)
    # the PMO should have stepped in when what is still wrong today first went wrong
    assert p1["step_in_week"] == 5 and p1["weeks_to_act"] == 1
    assert out.loc["P02"].drop(["status_week", "spi", "cpi"]).isna().all()
    # a stricter policy changes the answer
    strict = first_breaches(h, schedule_tolerance=0.02, cost_tolerance=0.02)
    assert strict.set_index("project_id").at["P02", "step_in_week"] == 5


@pytest.mark.parametrize(
    ("tolerance", "message"),
    [
        pytest.param(10, r"fraction in \[0, 1\).*for 10%, write 0.1", id="percent-not-fraction"),
        pytest.param(-0.1, r"fraction in \[0, 1\)", id="negative"),
        pytest.param("10%", "must be a fraction such as 0.10", id="text"),
    ],
)
def test_a_tolerance_is_a_fraction(tolerance, message):
    with pytest.raises((ValueError, TypeError), match=message):
        variances(_history([1.0], [1.0]), schedule_tolerance=tolerance)


def test_a_history_needs_its_columns():
    with pytest.raises(ValueError, match="history has no column 'cpi'"):
        variances(_history([1.0], [1.0]).drop(columns="cpi"))
    with pytest.raises(TypeError, match="history must be a DataFrame"):
        variances([1.0, 0.8])


def test_variances_keep_the_order_and_index_of_the_history(teaching):
    h = earned_value_history(teaching)
    v = variances(h)
    assert v.index.equals(h.index)
    assert v[["week", "project_id"]].equals(h[["week", "project_id"]])


def test_the_teaching_watermelon_should_have_been_stopped_weeks_ago(teaching):
    """On actual data, the watermelon has been outside tolerance for weeks while green."""
    out = first_breaches(earned_value_history(teaching, basis="actual")).set_index("project_id")
    assert len(out) == len(teaching.projects)
    for pid in s.watermelons(teaching):
        row = out.loc[pid]
        assert row["status_week"] == teaching.status_week
        assert row["step_in_week"] <= teaching.status_week - 2
        assert row["weeks_to_act"] >= 2


def test_reported_data_hides_breaches(teaching):
    """The same tolerance on what the managers report flags less, or later."""
    actual = variances(earned_value_history(teaching, basis="actual"))
    told = variances(earned_value_history(teaching, basis="reported"))
    assert told["schedule_breach"].sum() < actual["schedule_breach"].sum()


def test_portfolio_and_task_levels(teaching):
    portfolio = first_breaches(earned_value_history(teaching, level="portfolio"))
    assert len(portfolio) == 1 and "project_id" not in portfolio
    tasks = first_breaches(earned_value_history(teaching, level="task"))
    assert len(tasks) == len(teaching.tasks)
    assert list(tasks.columns[:2]) == ["task_id", "project_id"]


@given(
    spi=st.lists(
        st.one_of(st.just(NAN), st.floats(min_value=0.5, max_value=1.5)), min_size=1, max_size=30
    ),
    tolerance=st.floats(min_value=0, max_value=0.4),
)
def test_since_matches_a_plain_loop(spi, tolerance):
    v = variances(_history(spi, [1.0] * len(spi), first_week=3), schedule_tolerance=tolerance)
    expected, since = [], None
    for week, value in zip(range(3, 3 + len(spi)), spi, strict=True):
        breach = value < 1 - tolerance  # NaN: no breach
        since = (since if since is not None else week) if breach else None
        expected.append(pd.NA if since is None else since)
    assert v["schedule_breach_since"].tolist() == expected
    first = first_breaches(_history(spi, [1.0] * len(spi), first_week=3), tolerance).iloc[0]
    in_breach = [w for w, x in zip(range(3, 3 + len(spi)), spi, strict=True) if x < 1 - tolerance]
    assert (first["first_schedule_breach"] is pd.NA) == (not in_breach)
    if in_breach:
        assert first["first_schedule_breach"] == in_breach[0]
