"""One way to write money: every report, page and chart agree on it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo_exercises.charts import style
from pmo_exercises.core.formatting import compact_money, is_missing, money
from pmo_exercises.widgets._format import fmt_money

AMOUNTS = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@settings(deadline=None)
@given(AMOUNTS)
def test_money_is_thousands_and_no_decimals_everywhere(x):
    assert money(x) == f"{x:,.0f}" == style.money(x) == fmt_money(x)
    assert money(x, "EUR") == f"EUR {x:,.0f}"


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_a_missing_amount_is_written_as_asked(value):
    assert is_missing(value)
    assert money(value) == "" and money(value, "EUR", missing="n/a") == "n/a"
    assert fmt_money(value) == "–"


@pytest.mark.parametrize(
    ("value", "text"),
    [(2_500_000, "2.5M"), (840_000, "840k"), (950, "950"), (-1.2e9, "-1.2G"), (0, "0")],
)
def test_compact_money_in_a_sentence(value, text):
    assert compact_money(value) == text


def test_numbers_are_not_missing():
    assert not any(is_missing(v) for v in (0, 0.0, -1, np.int64(3), "EUR", math.inf))
