"""The two ways to choose: the exact 0-1 program and the value-for-money rule of thumb.

:func:`select_portfolio` solves the problem exactly with
:func:`scipy.optimize.milp` (HiGHS branch and bound; scipy is imported only
then); :func:`greedy_selection` is the rule of thumb it should be compared with.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .problem import (
    Problem,
    Selection,
    build_problem,
    check_feasible,
    closure,
    fits,
    to_selection,
)

__all__ = ["greedy_selection", "select_portfolio"]


def select_portfolio(
    candidates: pd.DataFrame,
    budget: float,
    capacity=None,
    mandatory: Iterable[str] = (),
    exclusive: Iterable[tuple[str, str]] = (),
    requires: Iterable[tuple[str, str]] = (),
    value: str = "business_value",
    cost: str = "bac",
    demand: pd.DataFrame | None = None,
) -> Selection:
    """The most valuable set of projects that meets every constraint (a 0-1 MILP).

    Parameters
    ----------
    candidates : pandas.DataFrame
        One row per project: ``project_id`` and the ``value`` and ``cost``
        columns (see :func:`selection_inputs`).
    budget : float
        The money available, in the ``cost`` column's currency.
    capacity : mapping, pandas.Series or pandas.DataFrame, optional
        Person-days available per ``role_id`` over the horizon (a
        DataFrame has ``role_id`` and ``capacity_days``). Needs ``demand``;
        roles without a capacity are not limited.
    mandatory : iterable of str
        Projects that must be selected.
    exclusive : iterable of (str, str)
        Pairs of projects of which at most one may be selected.
    requires : iterable of (str, str)
        Pairs ``(a, b)``: ``a`` may be selected only with ``b``.
    value : str
        The column to maximise: ``"business_value"``, or a score such as
        the ``score`` of :func:`~pmo_exercises.strategy.score_projects`.
    cost : str
        The column the budget limits: ``"bac"`` or ``"remaining_cost"``.
    demand : pandas.DataFrame, optional
        ``project_id``, ``role_id`` and ``demand_days`` (person-days over
        the horizon).

    Returns
    -------
    Selection
        ``selected``, ``total_value``, ``total_cost``, ``slack`` per
        constraint, ``status`` ("optimal") and the candidate ``table``.

    Raises
    ------
    InfeasibleSelection
        A ValueError, when no selection is feasible, naming why (for example "mandatory
        projects P03, P07 alone cost 1.2M, above the budget 1M").
    ValueError
        On unknown project ids and bad inputs.
    """
    pb = build_problem(
        candidates, budget, capacity, demand, mandatory, exclusive, requires, value, cost
    )
    check_feasible(pb)
    return to_selection(pb, _solve(pb), "optimal")


def greedy_selection(
    candidates: pd.DataFrame,
    budget: float,
    capacity=None,
    mandatory: Iterable[str] = (),
    exclusive: Iterable[tuple[str, str]] = (),
    requires: Iterable[tuple[str, str]] = (),
    value: str = "business_value",
    cost: str = "bac",
    demand: pd.DataFrame | None = None,
) -> Selection:
    """The rule of thumb: take projects by value for money while they fit.

    The mandatory projects (and what they require) go in first. Then the
    others, best ``value / cost`` first (ties: table order), each with the
    projects it requires, whenever the whole bundle keeps within the budget
    and every capacity and excludes nothing already chosen. The result meets
    every constraint but may be worse than :func:`select_portfolio`.

    Parameters and returns are those of :func:`select_portfolio`; the
    status is ``"greedy"``.
    """
    pb = build_problem(
        candidates, budget, capacity, demand, mandatory, exclusive, requires, value, cost
    )
    check_feasible(pb)
    chosen = np.zeros(len(pb.ids), dtype=bool)
    chosen[sorted(closure(pb.mandatory, pb.requires))] = True
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pb.cost > 0, pb.value / np.where(pb.cost > 0, pb.cost, 1), np.inf)
    ratio = np.where((pb.cost <= 0) & (pb.value <= 0), -np.inf, ratio)
    for j in np.argsort(-ratio, kind="stable"):
        if chosen[j] or pb.value[j] <= 0:
            continue
        bundle = sorted(closure([j], pb.requires))
        trial = chosen.copy()
        trial[bundle] = True
        if fits(pb, trial):
            chosen = trial
    return to_selection(pb, chosen, "greedy")


def _solve(pb: Problem) -> np.ndarray:
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(pb.ids)
    rows, upper = [pb.cost], [pb.budget]
    for r in range(len(pb.roles)):
        rows.append(pb.demand[r])
        upper.append(pb.capacity[r])
    for a, b in pb.exclusive:
        row = np.zeros(n)
        row[[a, b]] = 1
        rows.append(row)
        upper.append(1.0)
    for a, b in pb.requires:
        row = np.zeros(n)
        row[a] += 1
        row[b] -= 1
        rows.append(row)
        upper.append(0.0)
    lower = np.zeros(n)
    lower[pb.mandatory] = 1
    if n == 0:
        return np.zeros(0, dtype=bool)
    res = milp(
        c=-pb.value,
        integrality=np.ones(n),
        bounds=Bounds(lower, np.ones(n)),
        constraints=LinearConstraint(np.array(rows), -np.inf, np.array(upper)),
        options={"mip_rel_gap": 0.0},
    )
    if res.x is None or res.status != 0:  # pragma: no cover - _check_feasible rules this out
        raise RuntimeError(f"the solver failed: {res.message}")
    return res.x > 0.5
