"""The portfolio's week/date model: one formula for "the Friday of status week N".

Status week ``w`` ends on working day ``5 w - 1`` counted from ``start_date``
(a Monday, working day 0), so week 1 ends on the first Friday. Every report,
check and chart takes its dates from :meth:`Portfolio.week_date`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.core.portfolio import fridays


@pytest.fixture(scope="module")
def portfolio():
    return pmo.load_portfolio()


def test_week_one_ends_on_the_first_friday():
    # 5 January 2026 is a Monday: its week ends on Friday 9 January
    assert fridays("2026-01-05", [1, 2, 52]).astype("datetime64[D]").tolist() == [
        dt.date(2026, 1, 9),
        dt.date(2026, 1, 16),
        dt.date(2027, 1, 1),
    ]


@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), week=st.integers(1, 260))
def test_each_friday_is_the_fifth_working_day_of_its_week(start, week):
    monday = start - dt.timedelta(days=start.weekday())
    # a plain loop: count 5 w working days from the Monday, the last is the Friday
    day, counted = monday - dt.timedelta(days=1), 0
    while counted < 5 * week:
        day += dt.timedelta(days=1)
        counted += day.weekday() < 5
    assert fridays(monday, [week]).astype("datetime64[D]")[0] == np.datetime64(day)
    assert day.weekday() == 4


def test_the_last_status_week_ends_on_the_status_date(portfolio):
    assert portfolio.week_date(portfolio.status_week) == portfolio.status_date
    assert portfolio.check_week() == portfolio.status_week


def test_week_of_inverts_week_date_and_keeps_the_week_until_the_next_friday(portfolio):
    for week in range(1, portfolio.status_week + 1):
        friday = portfolio.week_date(week)
        assert portfolio.week_of(friday) == week
        if week < portfolio.status_week:
            assert portfolio.week_of(friday + pd.Timedelta(days=6)) == week


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: p.check_week(0), "week must be between 1 and 26, not 0"),
        (lambda p: p.check_week(27), "week must be between 1 and 26, not 27"),
        (lambda p: p.week_of("not a date"), "'not a date' is not a date (YYYY-MM-DD)"),
        (lambda p: p.week_of("2026-01-08"), "is outside the status history"),
    ],
)
def test_a_week_or_date_outside_the_history_is_named(portfolio, call, message):
    assert portfolio.status_week == 26
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(portfolio)


def test_the_reports_and_the_history_share_the_model(portfolio):
    from pmo_exercises.reporting import week_date
    from pmo_exercises.tracking import earned_value_history

    history = earned_value_history(portfolio, level="portfolio")
    weeks = history["week"].to_numpy()
    assert (history["status_date"].to_numpy() == fridays(portfolio.meta["start_date"], weeks)).all()
    assert week_date(portfolio, 3) == portfolio.week_date(3)
