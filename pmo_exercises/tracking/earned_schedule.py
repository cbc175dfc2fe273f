"""Earned schedule: schedule performance in time, not money (Lipke, 2003).

SPI = EV / PV, measured in money (Lipke's SPI($)), has a flaw every PMO
meets: when a late project finally finishes, EV = PV = BAC, so SPI($)
returns to 1 and SV to 0, however late it is. Earned schedule measures the
time at which the value earned *should* have been earned, and compares it
with the time actually spent:

=========  ==================================  =========================================
figure     formula                             reads
=========  ==================================  =========================================
``es``     C + (EV - PV_C) / (PV_C+1 - PV_C)    time earned; C is the last period with
                                               PV_C <= EV
``at``     periods elapsed                     actual time
``sv_t``   ES - AT                             schedule variance in periods; < 0: late
``spi_t``  ES / AT                             time-based SPI; < 1: late
``ieac_t`` PD / SPI(t)                         forecast duration (periods from period 0)
``tspi``   (PD - ES) / (PD - AT)               schedule efficiency needed to finish on
                                               time; negative once AT is past PD
=========  ==================================  =========================================

Sources: W. Lipke, "Schedule is Different", *The Measurable News*, March
2003 (and its sequel, Summer 2003); PMI, *Practice Standard for Earned
Value Management*, 2nd ed. (2011), Appendix D, "Earned Schedule"; W. Lipke
and K. Henderson, "Earned Schedule: An Emerging Enhancement to Earned Value
Management", *CrossTalk*, November 2006.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._inputs import numbers, warn_undefined

__all__ = ["ES_COLUMNS", "earned_schedule"]

#: The figures :func:`earned_schedule` returns, in order.
ES_COLUMNS = ("es", "at", "sv_t", "spi_t", "ieac_t", "tspi")


def earned_schedule(pv_cumulative, ev_cumulative, planned_duration, per_period=False):
    """Lipke's earned schedule from cumulative PV and EV per period.

    Parameters
    ----------
    pv_cumulative : array-like or pandas.Series
        The baseline: cumulative planned value at the end of each period,
        from period 0 (the start, PV 0) to the planned finish. Never
        decreasing.
    ev_cumulative : array-like or pandas.Series
        Cumulative earned value at the end of each period elapsed so far,
        from period 0 (EV 0). Its last element is the status period: the
        actual time AT is ``len(ev_cumulative) - 1``. It may run past the
        end of the PV curve (a late project).
    planned_duration : float
        PD, the planned duration in periods (> 0, at most the periods the PV
        curve covers).
    per_period : bool
        False (default): the figures at the latest period, as a dict.
        True: a DataFrame with one row per period elapsed.

    Returns
    -------
    dict or pandas.DataFrame
        ``es``, ``at``, ``sv_t``, ``spi_t``, ``ieac_t`` and ``tspi`` (see
        the module docstring), in periods except the two indices. With
        ``per_period=True`` a DataFrame indexed by ``period`` (0 to AT) with
        ``pv`` and ``ev`` (the PV planned and the EV earned by that period)
        before those columns.

    Raises
    ------
    ValueError
        When a curve does not start at 0 in period 0, has a negative or
        missing value, when PV decreases, or when the planned duration is
        not positive or lies beyond the PV curve.

    Warns
    -----
    EVMWarning
        When a figure is undefined at the period returned: SPI(t) and
        IEAC(t) when no time has elapsed (AT = 0), IEAC(t) when no schedule
        is earned yet (ES = 0), TSPI when AT = PD. Period 0 of a per-period
        table has no SPI(t) by construction and is left NaN silently.

    Notes
    -----
    * C is the *last* period whose cumulative PV does not exceed EV, so a
      flat stretch of the baseline (nothing planned for a while) never
      divides by zero: the interpolation always spans a period where PV
      rises.
    * EV at or beyond the end of the PV curve (the whole BAC earned) gives
      ES = PD: a finished project has earned its whole planned duration,
      and SPI(t) = PD / AT then tells how late it finished, where
      SPI($) = EV / PV has gone back to 1.
    * ES never exceeds PD.

    Examples
    --------
    Planned 25 a period for four periods; 60 earned after three periods:

    >>> r = earned_schedule([0, 25, 50, 75, 100], [0, 20, 40, 60], planned_duration=4)
    >>> round(r["es"], 2), round(r["sv_t"], 2), round(r["spi_t"], 2)
    (2.4, -0.6, 0.8)
    """
    pv = _curve("pv_cumulative", pv_cumulative)
    ev = _curve("ev_cumulative", ev_cumulative)
    if np.any(np.diff(pv) < 0):
        at = int(np.flatnonzero(np.diff(pv) < 0)[0])
        raise ValueError(
            f"pv_cumulative must be cumulative, so never decreasing: it falls from "
            f"{pv[at]:g} in period {at} to {pv[at + 1]:g} in period {at + 1}"
        )
    duration = _duration(planned_duration, pv)
    figures = es_arrays(pv, ev, duration)
    undefined = _undefined(figures, duration)
    if not per_period:
        latest = {name: float(values[-1]) for name, values in figures.items()}
        for mask, why, affected in undefined:
            warn_undefined(mask[-1], why, affected, stacklevel=2)
        return latest
    for mask, why, affected in undefined:
        warn_undefined(mask, why, affected, stacklevel=2, skip_first=True)
    periods = np.arange(ev.size)
    table = pd.DataFrame(
        {"pv": pv[np.minimum(periods, pv.size - 1)], "ev": ev, **figures},
        index=pd.RangeIndex(ev.size, name="period"),
    )
    return table


def _curve(name: str, values) -> np.ndarray:
    array, index = numbers(name, values)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a list of cumulative values per period, from period 0")
    if np.isnan(array).any():
        at = int(np.flatnonzero(np.isnan(array))[0])
        label = f"period {at}" if index is None else f"index {index[at]!r}"
        raise ValueError(f"{name} has a missing value at {label}")
    if array[0] != 0:
        raise ValueError(
            f"{name} starts at {array[0]:g}, but period 0 is the start of the project, "
            "before any work: put a 0 first, then the cumulative value at the end of each period"
        )
    return array


def _duration(planned_duration, pv: np.ndarray) -> float:
    try:
        duration = float(planned_duration)
    except (TypeError, ValueError):
        raise TypeError(
            f"planned_duration must be a number of periods, not {planned_duration!r:.40}"
        ) from None
    if not duration > 0:
        raise ValueError(f"planned_duration must be a positive number of periods, not {duration}")
    if duration > pv.size - 1:
        raise ValueError(
            f"planned_duration is {duration:g} periods but pv_cumulative covers only "
            f"{pv.size - 1}: give the cumulative PV up to the planned finish"
        )
    return duration


def es_arrays(pv: np.ndarray, ev: np.ndarray, planned_duration: float) -> dict[str, np.ndarray]:
    """ES and its indices for each period of ``ev``; no checks, no warnings.

    ``pv`` is a never-decreasing curve starting at 0; ``ev`` holds the
    cumulative EV at periods 0, 1, ..., AT; undefined figures are NaN.
    """
    last = pv.size - 1
    # C: the last period whose PV does not exceed EV (pv[0] = 0 <= EV, so C >= 0)
    c = np.searchsorted(pv, ev, side="right") - 1
    beyond = c >= last
    after = np.minimum(c + 1, last)
    with np.errstate(all="ignore"):
        fraction = (ev - pv[c]) / (pv[after] - pv[c])
        es = np.minimum(np.where(beyond, planned_duration, c + fraction), planned_duration)
        at = np.arange(ev.size, dtype=np.float64)
        spi_t = np.where(at > 0, es / at, np.nan)
        ieac_t = np.where((at > 0) & (es > 0), planned_duration * at / es, np.nan)
        tspi = np.where(
            at != planned_duration, (planned_duration - es) / (planned_duration - at), np.nan
        )
    figures = {"es": es, "at": at, "sv_t": es - at, "spi_t": spi_t, "ieac_t": ieac_t, "tspi": tspi}
    return {name: values + 0.0 for name, values in figures.items()}  # no "-0.0"


def _undefined(figures: dict, planned_duration: float) -> list:
    at, es = figures["at"], figures["es"]
    return [
        (
            at == 0,
            "SPI(t) is undefined: no time has elapsed yet (AT = 0)",
            "SPI(t) and IEAC(t) are NaN",
        ),
        (
            (at > 0) & (es == 0),
            "IEAC(t) is undefined: no schedule earned yet (ES = 0, so SPI(t) = 0)",
            "IEAC(t) is NaN",
        ),
        (
            at == planned_duration,
            "TSPI is undefined: the planned duration has run out (AT = PD)",
            "TSPI is NaN",
        ),
    ]
