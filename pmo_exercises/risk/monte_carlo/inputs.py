"""The inputs of a Monte Carlo run, checked: the three-point estimates, the risks and opportunities.

Each reader returns numpy arrays in task order, or raises
:class:`~pmo_exercises.core.errors.PortfolioError` at the first bad value,
naming the table, the row, its id and the column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.coerce import show
from ...core.errors import PortfolioError

__all__ = ["PERCENT_HINT", "estimates", "events", "numbers"]

_ESTIMATES = (
    ("optimistic", "most_likely", "pessimistic"),
    ("optimistic_days", "most_likely_days", "pessimistic_days"),
)
#: Said when a fraction looks like a percentage.
PERCENT_HINT = "a probability is a fraction: 35% is 0.35"


def numbers(table, name, column, ids, *, low=None, high=None, rule="") -> np.ndarray:
    """A numeric column as floats, or a PortfolioError at its first bad value."""
    raw = table[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values)
    if low is not None:
        bad |= values < low
    if high is not None:
        bad |= values > high
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = raw.iloc[row]
        what = "is missing" if pd.isna(value) else f"{show(value)} is not {rule}"
        key = None if ids is None else f"{ids[1]} '{ids[0][row]}'"
        raise PortfolioError(name, what, row=row, key=key, column=column)
    return values


def estimates(tasks: pd.DataFrame, ids: pd.Index):
    """Optimistic, most likely and pessimistic arrays, and the planned durations."""
    who = (ids, "task_id")
    columns = next((c for c in _ESTIMATES if all(x in tasks.columns for x in c)), None)
    fixed = next((c for c in ("duration", "duration_days") if c in tasks.columns), None)
    rule = "a duration >= 0 in working days"
    planned = None
    if fixed is not None:
        planned = numbers(tasks, "tasks", fixed, who, low=0, rule=rule)
    if columns is None:
        if planned is None:
            raise PortfolioError(
                "tasks",
                "missing columns: expected 'duration' (fixed) or 'optimistic', "
                "'most_likely' and 'pessimistic' (or the portfolio's '*_days' columns)",
            )
        return planned, planned, planned, planned
    o, m, p = (numbers(tasks, "tasks", c, who, low=0, rule=rule) for c in columns)
    bad = (o > m) | (m > p)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise PortfolioError(
            "tasks",
            f"{o[row]:g}, {m[row]:g}, {p[row]:g}: a three-point estimate needs "
            "optimistic <= most likely <= pessimistic",
            row=row,
            key=f"task_id '{ids[row]}'",
            column=columns[1],
        )
    return o, m, p, (m if planned is None else planned)


def events(table, name, ids, columns, sign):
    """Probability, cost and days arrays and task positions of a risk table."""
    prob_col, cost_col, days_cols = columns
    if "task_id" not in table.columns or prob_col not in table.columns:
        missing = "task_id" if "task_id" not in table.columns else prob_col
        raise PortfolioError(name, f"missing column '{missing}'")
    key = next((c for c in (f"{name[:-1]}_id", "risk_id", "opportunity_id") if c in table), None)
    who = (table[key].astype(str).to_numpy(), key) if key else None
    prob = numbers(table, name, prob_col, who, low=0, high=1, rule=f"in [0, 1] ({PERCENT_HINT})")
    magnitude = "a magnitude >= 0"
    detail = (
        " (the register holds a threat's extra cost and days as positive amounts; "
        "an opportunity belongs in the opportunities table)"
        if sign > 0
        else " (the saving as a positive amount)"
    )
    cost = np.zeros(len(table))
    if cost_col in table.columns:
        cost = numbers(table, name, cost_col, who, low=0, rule=magnitude + detail)
    days_col = next((c for c in days_cols if c in table.columns), None)
    days = np.zeros(len(table))
    if days_col is not None:
        days = numbers(table, name, days_col, who, low=0, rule=magnitude + detail)
    if days_col is None and cost_col not in table.columns:
        expected = f"'{cost_col}' and/or '{days_cols[0]}'"
        raise PortfolioError(name, f"missing columns: expected {expected}")
    pos = ids.get_indexer(table["task_id"].astype(str).str.strip())
    if (pos < 0).any():
        row = int(np.flatnonzero(pos < 0)[0])
        raise PortfolioError(
            name,
            f"unknown task '{table['task_id'].iat[row]}'; pass the risks of this project only",
            row=row,
            column="task_id",
        )
    labels = who[0] if who else np.array([f"{name}[{i}]" for i in range(len(table))])
    return prob, sign * cost, sign * days, pos, list(map(str, labels))
