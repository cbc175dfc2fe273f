"""What the limits cost: the efficient frontier and the value each constraint gives up.

Both re-solve the problem (:func:`.solvers.select_portfolio`) under changed
limits: a range of budgets, or each constraint dropped in turn.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .problem import InfeasibleSelection, capacity_series
from .solvers import select_portfolio

__all__ = ["constraint_costs", "efficient_frontier"]


def efficient_frontier(candidates: pd.DataFrame, budgets, **constraints) -> pd.DataFrame:
    """The best value reachable at each budget: the efficient frontier.

    Parameters
    ----------
    candidates : pandas.DataFrame
        As for :func:`select_portfolio`.
    budgets : iterable of float
        The budgets to try.
    **constraints
        Any other argument of :func:`select_portfolio` (``capacity``,
        ``demand``, ``mandatory``, ``exclusive``, ``requires``, ``value``,
        ``cost``).

    Returns
    -------
    pandas.DataFrame
        One row per budget, in the order given: ``budget``, ``total_value``,
        ``total_cost``, ``projects`` (how many), ``selected`` (the ids,
        comma-separated) and ``status`` ("optimal", or "infeasible" with
        missing value and cost when the mandatory projects do not fit).
        The value never falls as the budget grows.
    """
    rows = []
    for b in budgets:
        try:
            s = select_portfolio(candidates, b, **constraints)
        except InfeasibleSelection:
            rows.append(
                {
                    "budget": float(b),
                    "total_value": np.nan,
                    "total_cost": np.nan,
                    "projects": 0,
                    "selected": "",
                    "status": "infeasible",
                }
            )
            continue
        rows.append(
            {
                "budget": float(b),
                "total_value": s.total_value,
                "total_cost": s.total_cost,
                "projects": len(s.selected),
                "selected": ", ".join(s.selected),
                "status": s.status,
            }
        )
    return pd.DataFrame(
        rows, columns=["budget", "total_value", "total_cost", "projects", "selected", "status"]
    )


def constraint_costs(
    candidates: pd.DataFrame,
    budget: float,
    capacity=None,
    mandatory: Iterable[str] = (),
    exclusive: Iterable[tuple[str, str]] = (),
    requires: Iterable[tuple[str, str]] = (),
    value: str = "business_value",
    cost: str = "bac",
    demand: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The value each constraint costs: re-solve without it, take the difference.

    Each constraint in turn (the budget, each role's capacity, each
    mandatory project, each exclusion, each requirement) is dropped, the
    problem solved again, and ``value_given_up`` is the best value without
    the constraint minus the best value with all of them.

    This is **not** a dual price (shadow price): in an integer program value
    moves in steps, so the answer is "what dropping this whole constraint
    would be worth", not "what one more euro or person-day would be worth".
    Constraints that interact are priced one at a time, so the rows do not
    add up to the value given up by all of them together.

    Parameters
    ----------
    candidates, budget, capacity, mandatory, exclusive, requires, value, cost, demand
        As for :func:`select_portfolio`.

    Returns
    -------
    pandas.DataFrame
        ``constraint`` (such as ``"budget"``, ``"capacity SEC"``,
        ``"mandatory P10"``, ``"exclusive P03/P12"``, ``"requires P05->P08"``),
        ``kind``, ``value_with``, ``value_without`` and ``value_given_up``,
        costliest first (ties: the order above). A constraint that does not
        bind gives up 0.
    """
    mandatory, exclusive, requires = list(mandatory), list(exclusive), list(requires)
    args = dict(
        candidates=candidates,
        budget=budget,
        capacity=capacity,
        mandatory=mandatory,
        exclusive=exclusive,
        requires=requires,
        value=value,
        cost=cost,
        demand=demand,
    )
    base = select_portfolio(**args).total_value
    variants = [("budget", "budget", {"budget": np.inf})]
    if capacity is not None:
        cap = capacity_series(capacity)
        for r in cap.index:
            variants.append((f"capacity {r}", "capacity", {"capacity": cap.drop(r)}))
    for p in mandatory:
        variants.append(
            (f"mandatory {p}", "mandatory", {"mandatory": [m for m in mandatory if m != p]})
        )
    for i, (a, b) in enumerate(exclusive):
        variants.append(
            (f"exclusive {a}/{b}", "exclusive", {"exclusive": exclusive[:i] + exclusive[i + 1 :]})
        )
    for i, (a, b) in enumerate(requires):
        variants.append(
            (f"requires {a}->{b}", "requires", {"requires": requires[:i] + requires[i + 1 :]})
        )
    rows = []
    for name, kind, change in variants:
        kw = {**args, **change}
        without = select_portfolio(**kw).total_value
        rows.append(
            {
                "constraint": name,
                "kind": kind,
                "value_with": base,
                "value_without": without,
                "value_given_up": max(0.0, without - base),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values("value_given_up", ascending=False, kind="stable").reset_index(drop=True)
