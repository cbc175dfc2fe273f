"""Working-day calendars: day offsets to dates and back, weekends and holidays skipped.

Schedules count in working days from day 0; reports and Gantt charts need
dates. A :class:`WorkCalendar` converts between the two with numpy's business
day functions, so whole columns convert at once. :meth:`WorkCalendar.of` is a
portfolio's own calendar: from its start date, less the days of its
``holidays`` table (see :mod:`pmo_exercises.core.calendar`), so that a task over
Easter Monday finishes a day later in the forecast, the Gantt chart and the
capacity plan.

Weeks stay calendar weeks: week ``w`` runs from the Monday of the ``w``-th week
after the start to its Sunday, and a week with a holiday in it has fewer
working days (:meth:`WorkCalendar.week_days`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["WorkCalendar", "schedule_dates"]


@dataclass(frozen=True)
class WorkCalendar:
    """Working days from ``start``: Monday to Friday, less the ``holidays``.

    Parameters
    ----------
    start : date-like
        Working day 0 (moved forward to a working day if it is not one).
    holidays : sequence of date-like
        Days off besides weekends.

    Examples
    --------
    >>> cal = WorkCalendar("2026-01-05", holidays=["2026-01-07"])
    >>> cal.to_date([0, 1, 2]).strftime("%a %d").tolist()
    ['Mon 05', 'Tue 06', 'Thu 08']
    >>> cal.to_day(["2026-01-08"]).tolist()
    [2]
    """

    start: object
    holidays: tuple = field(default=())
    # set once by __post_init__ (the dataclass is frozen)
    _calendar: np.busdaycalendar = field(init=False, repr=False, compare=False)
    _day0: np.datetime64 = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = np.array(
            [np.datetime64(pd.Timestamp(h).date(), "D") for h in self.holidays],
            dtype="datetime64[D]",
        )
        object.__setattr__(self, "_calendar", np.busdaycalendar(holidays=days))
        first = np.busday_offset(
            np.datetime64(pd.Timestamp(self.start).date(), "D"),
            0,
            roll="forward",
            busdaycal=self._calendar,
        )
        object.__setattr__(self, "_day0", first)

    @classmethod
    def of(cls, portfolio) -> WorkCalendar:
        """The calendar of a portfolio: from ``meta["start_date"]``, less its ``holidays``."""
        from ..core.calendar import holiday_dates

        days = holiday_dates(portfolio)
        return cls(portfolio.meta["start_date"], holidays=tuple(days.tolist()))

    @property
    def has_holidays(self) -> bool:
        """Whether any day off besides weekends is in the calendar."""
        return bool(len(self._calendar.holidays))

    def elapsed(self, dates) -> np.ndarray:
        """Working days from day 0 to the end of each date (0 before the start).

        Examples
        --------
        >>> WorkCalendar("2026-03-30", holidays=["2026-04-06"]).elapsed(["2026-04-10"]).tolist()
        [9]
        """
        values = pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]")
        after = values + np.timedelta64(1, "D")
        counts = np.busday_count(
            self._day0, np.maximum(after, self._day0), busdaycal=self._calendar
        )
        return np.asarray(counts)

    def week_of(self, days) -> np.ndarray:
        """The calendar week (1 from the start's Monday) of each working-day offset."""
        dates = self.to_date(days).to_numpy().astype("datetime64[D]")
        monday = self._day0 - np.timedelta64(int(pd.Timestamp(self._day0).weekday()), "D")
        return ((dates - monday).astype(np.int64) // 7 + 1).astype(np.int64)

    def week_days(self, weeks) -> np.ndarray:
        """Working days in each calendar week: 5 less its holidays (and before the start)."""
        weeks = np.asarray(weeks, dtype=np.int64)
        monday = self._day0 - np.timedelta64(int(pd.Timestamp(self._day0).weekday()), "D")
        first = monday + (weeks - 1) * np.timedelta64(7, "D")
        first = np.maximum(first, self._day0)
        last = monday + weeks * np.timedelta64(7, "D")
        return np.asarray(np.busday_count(first, np.maximum(last, first), busdaycal=self._calendar))

    def to_date(self, days) -> pd.DatetimeIndex:
        """The date of each working-day offset (fractions are floored)."""
        offsets = np.floor(np.asarray(days, dtype=float)).astype(np.int64)
        out = np.busday_offset(self._day0, offsets, roll="forward", busdaycal=self._calendar)
        return pd.DatetimeIndex(np.atleast_1d(out).astype("datetime64[ns]"))

    def to_day(self, dates) -> np.ndarray:
        """Working days from day 0 to each date; a date off work counts as the next working day."""
        values = pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]")
        rolled = np.busday_offset(values, 0, roll="forward", busdaycal=self._calendar)
        return np.asarray(np.busday_count(self._day0, rolled, busdaycal=self._calendar))

    def finish_date(self, es, ef) -> pd.DatetimeIndex:
        """The last working day of each task ``[es, ef)``; a milestone's own day."""
        es = np.asarray(es, dtype=float)
        ef = np.asarray(ef, dtype=float)
        return self.to_date(np.where(ef > es, np.ceil(ef) - 1, es))


def schedule_dates(schedule: pd.DataFrame, calendar: WorkCalendar) -> pd.DataFrame:
    """A schedule from :func:`critical_path` with calendar dates added.

    Adds ``early_start``, ``early_finish``, ``late_start`` and
    ``late_finish``; finishes are the last working day of the work.
    """
    out = schedule.copy()
    out["early_start"] = calendar.to_date(schedule["es"]).to_numpy()
    out["early_finish"] = calendar.finish_date(schedule["es"], schedule["ef"]).to_numpy()
    out["late_start"] = calendar.to_date(schedule["ls"]).to_numpy()
    out["late_finish"] = calendar.finish_date(schedule["ls"], schedule["lf"]).to_numpy()
    return out
