"""The checks of a portfolio's metadata: who it belongs to, its currency and its calendar."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping

import numpy as np

from ..coerce import show
from ..errors import PortfolioError, Problem
from ..schema import DAYS_PER_WEEK

__all__ = ["REQUIRED_META", "check_meta", "meta_problems"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: The keys every portfolio's meta has (``status_date`` may be empty while ``status_week`` is 0).
REQUIRED_META = ("company", "currency", "start_date", "status_week", "status_date")


def check_meta(meta: Mapping) -> None:
    """Check a portfolio's metadata.

    ``company`` and ``currency`` are non-empty texts, ``start_date`` is an ISO
    date text (``"2026-01-05"``) that falls on a Monday, ``status_week`` is a
    whole number >= 0 and, once there is a status (``status_week`` >= 1),
    ``status_date`` is the ISO date of that week's Friday. Before any status,
    ``status_date`` is not read (the generator leaves it empty).

    Raises
    ------
    PortfolioError
        With table ``"meta"`` and the key at fault, every problem at once.
    """
    found = meta_problems(meta)
    if found:
        raise PortfolioError.of(found)


def meta_problems(meta: Mapping) -> list[Problem]:
    """Every problem of a portfolio's metadata (see :func:`check_meta`)."""

    def fail(key: str, problem: str) -> Problem:
        return Problem("meta", problem, key=f"key '{key}'")

    if not isinstance(meta, Mapping):
        return [Problem("meta", f"is a {type(meta).__name__}, expected a mapping (a dict)")]
    found = []
    for key in ("company", "currency", "start_date", "status_week"):
        if key not in meta:
            found.append(
                fail(
                    key,
                    "missing; a portfolio's meta has company, currency, start_date, "
                    "status_week and status_date",
                )
            )
    for key in ("company", "currency"):
        if key not in meta:
            continue
        value = meta[key]
        if not isinstance(value, str):
            found.append(fail(key, f"{show(value)} is not a text"))
        elif not value.strip():
            found.append(fail(key, "empty; it needs a value"))
    day = None
    if "start_date" in meta:
        start = meta["start_date"]
        if not isinstance(start, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
            found.append(
                fail("start_date", f"{show(start)} is not an ISO date text (use 'YYYY-MM-DD')")
            )
        else:
            try:
                day = _dt.date.fromisoformat(start)
            except ValueError:
                found.append(fail("start_date", f"{show(start)} is not a date (use 'YYYY-MM-DD')"))
            else:
                if day.weekday() != 0:
                    found.append(
                        fail(
                            "start_date",
                            f"{show(start)} is a {_WEEKDAYS[day.weekday()]}; the start date is a "
                            "Monday (working day 0)",
                        )
                    )
                    day = None
    week = meta.get("status_week")
    if "status_week" in meta:
        if isinstance(week, bool) or not isinstance(week, int):
            found.append(fail("status_week", f"{show(week)} is not a whole number (a Python int)"))
            week = None
        elif week < 0:
            found.append(fail("status_week", f"{week} is negative; the status week counts from 0"))
            week = None
    found += _status_date(meta, day, week)
    return found


def _friday(start: _dt.date, week: int) -> _dt.date:
    """The Friday that ends status week ``week`` (as :func:`~..portfolio.fridays` counts)."""
    day0 = np.datetime64(start, "D")
    friday = np.busday_offset(day0, DAYS_PER_WEEK * week - 1, roll="forward")
    return _dt.date.fromisoformat(str(friday))


def _status_date(meta: Mapping, start: _dt.date | None, week: int | None) -> list[Problem]:
    """``status_date``: the Friday of ``status_week``, required once there is a status."""
    value = meta.get("status_date")
    missing = value is None or (isinstance(value, str) and not value.strip())
    if week == 0 or week is None:  # no status yet: no status date to check
        return []
    expected = _friday(start, week) if start is not None and week else None
    hint = f" (status week {week} ends on {expected:%Y-%m-%d})" if expected else ""
    where = "key 'status_date'"
    if missing:
        if "status_week" not in meta:
            return []
        problem = (
            "missing; a portfolio with a status history has the date of its last status"
            if "status_date" not in meta
            else "empty; a portfolio with a status history has the date of its last status"
        )
        return [Problem("meta", problem + hint, key=where)]
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [
            Problem("meta", f"{show(value)} is not an ISO date text (use 'YYYY-MM-DD')", key=where)
        ]
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        return [Problem("meta", f"{show(value)} is not a date (use 'YYYY-MM-DD')", key=where)]
    if expected is not None and day != expected:
        found = (day - start).days // 7 + 1 if start is not None and day >= start else None
        which = f" falls in status week {found}" if found and found != week else ""
        return [
            Problem(
                "meta",
                f"{show(value)}{which} is not the Friday of status week {week}, "
                f"{expected:%Y-%m-%d}; a status date is the Friday ending its week "
                "(change status_date or status_week)",
                key=where,
            )
        ]
    return []
