"""Numbers as a PMO writes them: one place for sums of money, so every report agrees.

The steering report, the CLI summary, the charts' hover texts and the pages all
write money the same way: thousands separators, no decimals (a portfolio's
budgets are in the hundreds of thousands; cents are noise), the currency
before the amount when it is known, and a chosen mark when the value is
missing.

Examples
--------
>>> money(1234567.8)
'1,234,568'
>>> money(1234567.8, "EUR")
'EUR 1,234,568'
>>> money(float("nan"), missing="n/a")
'n/a'
>>> compact_money(2_500_000)
'2.5M'
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["compact_money", "is_missing", "money"]


def is_missing(value: Any) -> bool:
    """Whether ``value`` is no number: None, NaN, pandas' NA or NaT."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT differ from themselves
    except (TypeError, ValueError):  # pd.NA: its truth value is ambiguous
        return True


def money(value: Any, currency: str = "", missing: str = "") -> str:
    """A sum of money: ``1,234,568``, or ``EUR 1,234,568`` with its currency.

    Parameters
    ----------
    value : number
        The amount.
    currency : str
        Written before the amount when given (``meta["currency"]``).
    missing : str
        What to write for a missing value (an empty cell, ``"n/a"``, a dash).
    """
    if is_missing(value):
        return missing
    text = f"{float(value):,.0f}"
    return f"{currency} {text}" if currency else text


def compact_money(value: float) -> str:
    """A sum in a sentence, to four significant figures: ``2.5M``, ``840k``, ``950``."""
    if is_missing(value) or math.isinf(value):
        return str(value)
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.4g}{unit}"
    return f"{value:.4g}"
