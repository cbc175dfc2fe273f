"""Working days to dates and back, on the simulation's five-day week."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["date_to_day", "day_to_date"]


def day_to_date(start, days) -> np.ndarray:
    """The date of working day ``days`` counted from ``start`` (day 0).

    Parameters
    ----------
    start : date-like
        A Monday, working day 0.
    days : array-like of int
        Working-day offsets (fractions are floored).

    Returns
    -------
    numpy.ndarray of datetime64[ns]
    """
    base = np.datetime64(pd.Timestamp(start).date(), "D")
    days = np.floor(np.asarray(days, dtype=np.float64)).astype(np.int64)
    return np.busday_offset(base, days, roll="forward").astype("datetime64[ns]")


def date_to_day(start, dates) -> np.ndarray:
    """Working days from ``start`` to each date (NaT gives -1)."""
    base = np.datetime64(pd.Timestamp(start).date(), "D")
    values = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy(), dtype="datetime64[D]")
    missing = np.isnat(values)
    out = np.full(values.shape, -1, dtype=np.int64)
    out[~missing] = np.busday_count(base, values[~missing])
    return out
