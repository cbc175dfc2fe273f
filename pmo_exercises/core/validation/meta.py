"""The checks of a portfolio's metadata: who it belongs to, its currency and its calendar."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping

from ..coerce import show
from ..errors import PortfolioError

__all__ = ["check_meta"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check_meta(meta: Mapping) -> None:
    """Check a portfolio's metadata.

    ``company`` and ``currency`` are non-empty texts, ``start_date`` is an ISO
    date text (``"2026-01-05"``) that falls on a Monday and ``status_week`` is a
    whole number >= 0.

    Raises
    ------
    PortfolioError
        With table ``"meta"`` and the key at fault.
    """

    def fail(key: str, problem: str) -> PortfolioError:
        return PortfolioError("meta", problem, key=f"key '{key}'")

    if not isinstance(meta, Mapping):
        raise PortfolioError("meta", f"is a {type(meta).__name__}, expected a mapping (a dict)")
    for key in ("company", "currency", "start_date", "status_week"):
        if key not in meta:
            raise fail(
                key, "missing; a portfolio's meta has company, currency, start_date and status_week"
            )
    for key in ("company", "currency"):
        value = meta[key]
        if not isinstance(value, str):
            raise fail(key, f"{show(value)} is not a text")
        if not value.strip():
            raise fail(key, "empty; it needs a value")
    start = meta["start_date"]
    if not isinstance(start, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
        raise fail("start_date", f"{show(start)} is not an ISO date text (use 'YYYY-MM-DD')")
    try:
        day = _dt.date.fromisoformat(start)
    except ValueError:
        raise fail("start_date", f"{show(start)} is not a date (use 'YYYY-MM-DD')") from None
    if day.weekday() != 0:
        raise fail(
            "start_date",
            f"{show(start)} is a {_WEEKDAYS[day.weekday()]}; the start date is a Monday "
            "(working day 0)",
        )
    week = meta["status_week"]
    if isinstance(week, bool) or not isinstance(week, int):
        raise fail("status_week", f"{show(week)} is not a whole number (a Python int)")
    if week < 0:
        raise fail("status_week", f"{week} is negative; the status week counts from 0")
