"""How a report shows a figure: the same text in the HTML page, the deck and the PDF.

Each function takes one value, possibly missing (None, NaN, NaT), and returns
the text a reader sees: ``n/a`` for an index or a percentage that is not
defined, an empty cell for a missing amount or date.

>>> index(0.7406), pct(32.3), days(7.75), day("2026-07-03"), text(None, "none")
('0.74', '+32.3%', '7.8', '2026-07-03', 'none')
"""

from __future__ import annotations

import math

import pandas as pd

from ..core.formatting import money

__all__ = ["day", "days", "index", "missing", "money", "number", "pct", "text"]


def missing(value) -> bool:
    """Whether ``value`` is missing: None, NaN, pandas' NA or NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def index(value) -> str:
    """An index (SPI, CPI, a probability) with two decimals, ``n/a`` when undefined."""
    return "n/a" if missing(value) else f"{value:.2f}"


def pct(value) -> str:
    """A signed percentage with one decimal, ``n/a`` when undefined: ``+32.3%``."""
    return "n/a" if missing(value) else f"{value:+.1f}%"


def number(value) -> str:
    """A number without needless decimals: ``10`` or ``2.5``; empty when missing."""
    return "" if missing(value) else f"{value:g}"


def days(value) -> str:
    """A number of days with one decimal; empty when missing."""
    return "" if missing(value) else f"{value:.1f}"


def day(value) -> str:
    """A date as ``YYYY-MM-DD``; empty when missing."""
    return "" if missing(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def text(value, default: str = "") -> str:
    """A value as text, ``default`` when missing."""
    if missing(value) or (isinstance(value, float) and math.isnan(value)):
        return default
    return str(value)
