"""Earned schedule (Lipke): worked examples, late and early projects, edge cases, properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmo_exercises.tracking import ES_COLUMNS, EVMWarning, earned_schedule

# A ten-month baseline, BAC 200, shaped like the PV curve of Lipke's figure ("Earned
# Schedule Concept", earnedschedule.com; also in "Schedule is Different", 2003): the
# cumulative PV at the end of months 0 (start) to 10. The numbers are constructed.
PLAN = [0, 10, 25, 45, 70, 100, 130, 155, 175, 190, 200]


def test_pra_example_is_late_in_time_too():
    """PV curve and EV from the PRA package's documented example (R package PRA, spi():
    BAC 100,000, cumulative plan 10/20/40/70/100% over five periods, 35% done at period
    3, SPI 0.875; after Damnjanovic & Reinschmidt, 2020). The earned-schedule figures are
    computed by hand with Lipke's formula; they are not published there:
    C = 2 (PV 20,000 <= 35,000 < 40,000), ES = 2 + 15,000 / 20,000 = 2.75.
    """
    pv = [0, 10_000, 20_000, 40_000, 70_000, 100_000]
    r = earned_schedule(pv, [0, 8_000, 18_000, 35_000], planned_duration=5)
    assert r == pytest.approx(
        {
            "es": 2.75,
            "at": 3,
            "sv_t": -0.25,
            "spi_t": 2.75 / 3,
            "ieac_t": 5 / (2.75 / 3),  # 5.45 periods
            "tspi": (5 - 2.75) / (5 - 3),  # 1.125
        }
    )


def test_late_project_like_lipkes_figure():
    """Constructed numbers in the shape of Lipke's figure: seven months gone (AT = 7), all
    of the PV through May earned and part of June: ES = 5 + (EV - PV_May) / (PV_Jun -
    PV_May) = 5 + (112 - 100) / 30 = 5.4.
    """
    ev = [0, 8, 20, 35, 55, 75, 95, 112]
    r = earned_schedule(PLAN, ev, planned_duration=10)
    assert r["es"] == pytest.approx(5.4)
    assert r["at"] == 7
    assert r["sv_t"] == pytest.approx(-1.6)
    assert r["spi_t"] == pytest.approx(5.4 / 7)
    assert r["ieac_t"] == pytest.approx(10 * 7 / 5.4)  # 12.96 months
    assert r["tspi"] == pytest.approx(4.6 / 3)
    # the cost-based view agrees on the direction, in money: SPI = 112 / 155
    assert 112 / PLAN[7] < 1


def test_early_project():
    """Constructed: 85 earned after four months, where 70 was planned:
    ES = 4 + (85 - 70) / (100 - 70) = 4.5, ahead of the four months spent."""
    r = earned_schedule(PLAN, [0, 15, 35, 60, 85], planned_duration=10)
    assert r["es"] == pytest.approx(4.5)
    assert r["sv_t"] == pytest.approx(0.5)
    assert r["spi_t"] == pytest.approx(1.125)
    assert r["ieac_t"] == pytest.approx(10 / 1.125)
    assert r["tspi"] == pytest.approx(5.5 / 6)


def test_a_late_finish_keeps_spi_t_below_one_when_cost_spi_is_back_to_one():
    """The quirk ES was invented for: finished in month 13 of a 10-month plan, EV = PV =
    BAC, so SV = 0 and SPI = 1, yet ES = PD = 10 and SPI(t) = 10 / 13."""
    ev = [0, 8, 20, 35, 55, 75, 95, 112, 130, 150, 165, 180, 192, 200]
    r = earned_schedule(PLAN, ev, planned_duration=10)
    assert ev[-1] / PLAN[-1] == 1  # the cost-based SPI
    assert r["es"] == 10 and r["at"] == 13
    assert r["sv_t"] == -3
    assert r["spi_t"] == pytest.approx(10 / 13)
    assert r["ieac_t"] == pytest.approx(13)  # the forecast is now the fact
    assert r["tspi"] == 0


def test_ev_beyond_the_pv_curve_earns_the_planned_duration():
    r = earned_schedule([0, 50, 100], [0, 40, 90, 100], planned_duration=2)
    assert r["es"] == 2 and r["spi_t"] == pytest.approx(2 / 3)
    assert earned_schedule([0, 50, 100], [0, 60], planned_duration=2)["es"] == 1.2


def test_flat_stretches_of_the_baseline():
    """Nothing planned in periods 2 and 3: C is the last period with PV <= EV, so the
    interpolation spans the period where PV rises again, never a zero width."""
    pv = [0, 40, 40, 40, 100]
    assert earned_schedule(pv, [0, 40, 40], planned_duration=4)["es"] == 3
    assert earned_schedule(pv, [0, 30, 70], planned_duration=4)["es"] == pytest.approx(3.5)
    assert earned_schedule([0, 0, 0, 50, 100], [0, 0, 0, 25], planned_duration=4)["es"] == 2.5


def test_per_period_table():
    t = earned_schedule(PLAN, [0, 8, 20, 35, 55], planned_duration=10, per_period=True)
    assert list(t.columns) == ["pv", "ev", *ES_COLUMNS]
    assert t.index.name == "period" and t.index.tolist() == [0, 1, 2, 3, 4]
    assert t["pv"].tolist() == PLAN[:5]
    assert t.loc[0, "es"] == 0 and math.isnan(t.loc[0, "spi_t"])  # period 0: silently NaN
    assert t.loc[2, "es"] == pytest.approx(1 + 10 / 15)
    last = earned_schedule(PLAN, [0, 8, 20, 35, 55], planned_duration=10)
    assert t.iloc[-1].drop(["pv", "ev"]).to_dict() == pytest.approx(last)


def test_series_and_arrays_are_accepted():
    r = earned_schedule(pd.Series(PLAN), np.array([0.0, 8, 20]), 10)
    assert r["es"] == pytest.approx(1 + 10 / 15)


def test_at_zero_warns_why():
    with pytest.warns(
        EVMWarning, match=r"SPI\(t\) is undefined: no time has elapsed yet \(AT = 0\)"
    ):
        r = earned_schedule(PLAN, [0], planned_duration=10)
    assert r["es"] == 0 and r["at"] == 0 and math.isnan(r["spi_t"]) and math.isnan(r["ieac_t"])


def test_nothing_earned_yet_warns_about_the_forecast():
    with pytest.warns(EVMWarning, match=r"IEAC\(t\) is undefined: no schedule earned yet"):
        r = earned_schedule(PLAN, [0, 0, 0], planned_duration=10)
    assert r["spi_t"] == 0 and math.isnan(r["ieac_t"])


def test_tspi_at_the_planned_finish_warns():
    with pytest.warns(EVMWarning, match=r"TSPI is undefined: the planned duration has run out"):
        r = earned_schedule([0, 50, 100], [0, 40, 80], planned_duration=2)
    assert math.isnan(r["tspi"]) and r["es"] == pytest.approx(1.6)


@pytest.mark.parametrize(
    ("pv", "ev", "duration", "error", "message"),
    [
        pytest.param([10, 50, 100], [0, 40], 2, ValueError, "put a 0 first", id="no-period-0-pv"),
        pytest.param(
            [0, 50, 100], [40], 2, ValueError, "ev_cumulative starts at 40", id="no-period-0-ev"
        ),
        pytest.param(
            [0, 60, 50], [0, 40], 2, ValueError, "falls from 60 in period 1", id="pv-not-cumulative"
        ),
        pytest.param(
            [0, 50, 100], [0, -1], 2, ValueError, "ev_cumulative is negative", id="negative-ev"
        ),
        pytest.param(
            [0, 50, 100], [0, math.nan], 2, ValueError, "missing value at period 1", id="missing-ev"
        ),
        pytest.param(
            [0, 50, 100], [0, 40], 0, ValueError, "positive number of periods", id="zero-duration"
        ),
        pytest.param(
            [0, 50, 100], [0, 40], 3, ValueError, "covers only 2", id="duration-past-curve"
        ),
        pytest.param(
            [0, 50, 100], [0, 40], "two", TypeError, "number of periods", id="duration-text"
        ),
        pytest.param([], [0], 1, ValueError, "from period 0", id="empty-pv"),
    ],
)
def test_bad_curves_are_refused(pv, ev, duration, error, message):
    with pytest.raises(error, match=message):
        earned_schedule(pv, ev, duration)


# -- properties -------------------------------------------------------------------------


@st.composite
def status(draw):
    """A baseline (with flat stretches), a planned duration, and EV at some actual time."""
    steps = draw(
        st.lists(st.sampled_from([0.0, 0.0, 1.0, 5.0, 10.0, 37.5]), min_size=1, max_size=24)
    )
    pv = np.concatenate([[0.0], np.cumsum(steps)])
    if pv[-1] == 0:
        pv[-1] = 10.0
    duration = draw(st.floats(min_value=max(len(steps) - 1, 0.5), max_value=len(steps)))
    at = draw(st.integers(1, len(steps) + 6))
    ev_now = draw(st.floats(min_value=0, max_value=float(pv[-1])))
    ev = np.linspace(0, ev_now, at + 1)
    return pv, ev, duration, at


@given(status())
def test_es_is_before_at_when_behind_and_after_when_ahead(case):
    pv, ev, duration, at = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EVMWarning)
        r = earned_schedule(pv, ev, duration)
    assert 0 <= r["es"] <= duration
    assert r["at"] == at
    pv_now = pv[min(at, len(pv) - 1)]
    if pv_now > 0:
        spi = ev[-1] / pv_now
        if spi < 1:
            assert r["es"] <= at + 1e-9
        if spi > 1:
            assert r["es"] >= min(at, duration) - 1e-9
    if r["es"] > 0:
        assert r["ieac_t"] == pytest.approx(duration / r["spi_t"])


@given(status())
def test_the_per_period_table_ends_with_the_latest_figures(case):
    pv, ev, duration, _ = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EVMWarning)
        table = earned_schedule(pv, ev, duration, per_period=True)
        latest = earned_schedule(pv, ev, duration)
    np.testing.assert_allclose(table.iloc[-1][list(ES_COLUMNS)], [latest[c] for c in ES_COLUMNS])
    assert (np.diff(table["es"]) >= -1e-9).all()  # EV never falls here, so neither does ES
