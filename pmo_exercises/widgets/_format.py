"""How the pages write a value: money, numbers and dates, an en dash when missing."""

from __future__ import annotations

import math
from typing import Any

from ..core.formatting import is_missing, money

__all__ = ["fmt_date", "fmt_money", "fmt_number", "is_missing"]


def fmt_money(value: Any) -> str:
    """``1,234,568`` for a sum of money; an en dash when missing."""
    return "–" if is_missing(value) else money(value)


def fmt_number(value: Any, digits: int = 2) -> str:
    """A number with `digits` decimals; an en dash when missing or infinite."""
    if is_missing(value) or math.isinf(float(value)):
        return "–"
    return f"{float(value):.{digits}f}"


def fmt_date(value: Any) -> str:
    """``2026-07-03`` for a date or timestamp; an en dash when missing."""
    if is_missing(value):
        return "–"
    return str(value)[:10]
