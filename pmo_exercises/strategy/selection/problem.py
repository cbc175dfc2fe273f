"""The selection problem: its inputs checked and indexed, its feasibility, and its answer.

:func:`build_problem` turns the candidate table and the limits into arrays over
the candidates (a :class:`Problem`); :func:`check_feasible` says precisely why no
selection can meet every constraint, before any solver runs; :func:`fits` tells
whether a given selection meets them; :func:`to_selection` writes a chosen set
as a :class:`Selection`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.formatting import compact_money

__all__ = [
    "TOLERANCE",
    "InfeasibleSelection",
    "Problem",
    "Selection",
    "build_problem",
    "capacity_series",
    "check_feasible",
    "closure",
    "fits",
    "to_selection",
]

TOLERANCE = 1e-6


class InfeasibleSelection(ValueError):
    """No selection meets every constraint; the message says which ones clash."""


@dataclass(frozen=True)
class Selection:
    """The projects chosen and what they use.

    Attributes
    ----------
    selected : list of str
        The chosen ``project_id``, in candidate order.
    total_value, total_cost : float
        Sums over the chosen projects.
    slack : pandas.DataFrame
        One row per constraint with a limit: ``constraint`` (``"budget"`` or
        ``"capacity <role_id>"``), ``used``, ``limit`` and ``slack``
        (``limit - used``, never negative).
    status : str
        ``"optimal"`` for :func:`select_portfolio`, ``"greedy"`` for
        :func:`greedy_selection`.
    table : pandas.DataFrame
        The candidates with a boolean ``selected`` column.
    """

    selected: list
    total_value: float
    total_cost: float
    slack: pd.DataFrame
    status: str
    table: pd.DataFrame


@dataclass(frozen=True)
class Problem:
    """A selection problem as arrays over the candidates, in their order (:func:`build_problem`)."""

    ids: list
    value: np.ndarray
    cost: np.ndarray
    budget: float
    roles: list
    demand: np.ndarray  # roles x projects
    capacity: np.ndarray  # roles
    mandatory: list  # indices
    exclusive: list  # index pairs
    requires: list  # index pairs (a needs b)
    table: pd.DataFrame


def capacity_series(capacity) -> pd.Series:
    """Person-days per ``role_id`` from a mapping, a Series or a DataFrame (``capacity_days``)."""
    if isinstance(capacity, pd.DataFrame):
        col = "capacity_days" if "capacity_days" in capacity.columns else capacity.columns[-1]
        return pd.Series(capacity[col].to_numpy(dtype=float), index=capacity["role_id"].astype(str))
    if isinstance(capacity, pd.Series):
        return capacity.astype(float)
    return pd.Series(dict(capacity), dtype=float)


def build_problem(
    candidates, budget, capacity, demand, mandatory, exclusive, requires, value, cost
) -> Problem:
    """Check the inputs of a selection and index them (the arguments of :func:`select_portfolio`).

    Raises
    ------
    TypeError, ValueError
        On a candidate table that is not a DataFrame, a missing column, a
        project listed twice or unknown, a missing value or cost, a negative
        cost, budget or capacity, or capacity limits without a demand table.
    """
    if not isinstance(candidates, pd.DataFrame):
        raise TypeError("candidates is a DataFrame; use selection_inputs(portfolio) to build one")
    for col in ("project_id", value, cost):
        if col not in candidates.columns:
            raise ValueError(f"candidates have no column {col!r}")
    ids = candidates["project_id"].astype(str).tolist()
    if len(set(ids)) != len(ids):
        raise ValueError("candidates list a project_id twice")
    pos = {p: i for i, p in enumerate(ids)}

    def index(p, what):
        if str(p) not in pos:
            raise ValueError(f"{what} names {p!r}, which is not a candidate")
        return pos[str(p)]

    v = candidates[value].to_numpy(dtype=float)
    c = candidates[cost].to_numpy(dtype=float)
    for name, arr in ((value, v), (cost, c)):
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(f"{ids[int(np.argmax(bad))]} has no {name}")
    if (c < 0).any():
        raise ValueError(f"{ids[int(np.argmax(c < 0))]} has a negative {cost}")
    budget = float(budget)
    if budget < 0:
        raise ValueError(f"the budget must be >= 0, not {budget}")

    roles: list = []
    d = np.zeros((0, len(ids)))
    k = np.zeros(0)
    if capacity is not None:
        cap = capacity_series(capacity)
        if demand is None:
            raise ValueError(
                "capacity limits need a demand table (project_id, role_id, demand_days)"
            )
        dem = demand.assign(project_id=demand["project_id"].astype(str))
        dem = dem[dem["project_id"].isin(pos) & dem["role_id"].astype(str).isin(cap.index)]
        grid = (
            dem.assign(role_id=dem["role_id"].astype(str))
            .groupby(["role_id", "project_id"])["demand_days"]
            .sum()
            .unstack("project_id")
            .reindex(index=cap.index, columns=ids)
            .fillna(0.0)
        )
        roles = list(cap.index)
        d = grid.to_numpy(dtype=float).reshape(len(roles), len(ids))
        k = cap.to_numpy(dtype=float)
        bad = ~np.isfinite(k) | (k < 0)
        if bad.any():
            raise ValueError(f"capacity of {roles[int(np.argmax(bad))]} must be a number >= 0")

    mand = sorted({index(p, "mandatory") for p in mandatory})
    excl = [(index(a, "exclusive"), index(b, "exclusive")) for a, b in exclusive]
    reqs = [(index(a, "requires"), index(b, "requires")) for a, b in requires]
    for a, b in excl:
        if a == b:
            raise ValueError(f"{ids[a]} cannot exclude itself")
    return Problem(ids, v, c, budget, roles, d, k, mand, excl, reqs, candidates)


def closure(start: Iterable[int], requires: list) -> set:
    """The projects in ``start`` and every project they need, transitively."""
    out = set(start)
    grew = True
    while grew:
        grew = False
        for a, b in requires:
            if a in out and b not in out:
                out.add(b)
                grew = True
    return out


def check_feasible(pb: Problem) -> None:
    """Raise a precise ValueError when no selection meets every constraint.

    With the mandatory projects and everything they need, and nothing else,
    only the exclusions, the budget and the capacities can fail; if they hold,
    that very selection is feasible.
    """
    if not pb.mandatory:
        must: set = set()
    else:
        must = closure(pb.mandatory, pb.requires)
    names = ", ".join(pb.ids[i] for i in pb.mandatory)
    extra = sorted(must - set(pb.mandatory))
    label = f"mandatory projects {names}" if len(pb.mandatory) > 1 else f"mandatory project {names}"
    if extra:
        label += f" (with {', '.join(pb.ids[i] for i in extra)} they require)"
    for a, b in pb.exclusive:
        if a in must and b in must:
            raise InfeasibleSelection(
                f"{label} include {pb.ids[a]} and {pb.ids[b]}, which exclude each other"
            )
    if not must:
        return
    cost_verb, need_verb = ("cost", "need") if len(must) > 1 else ("costs", "needs")
    chosen = np.zeros(len(pb.ids))
    chosen[sorted(must)] = 1
    spend = float(pb.cost @ chosen)
    if spend > pb.budget * (1 + 1e-12) + TOLERANCE:
        raise InfeasibleSelection(
            f"{label} alone {cost_verb} {compact_money(spend)}, "
            f"above the budget {compact_money(pb.budget)}"
        )
    if len(pb.roles):
        use = pb.demand @ chosen
        over = np.flatnonzero(use > pb.capacity + TOLERANCE)
        if over.size:
            r = int(over[0])
            raise InfeasibleSelection(
                f"{label} alone {need_verb} {use[r]:.6g} person-days of {pb.roles[r]}, "
                f"above its capacity {pb.capacity[r]:.6g}"
            )


def fits(pb: Problem, x: np.ndarray) -> bool:
    """Whether selection ``x`` keeps within the budget and capacities and breaks no exclusion."""
    if float(pb.cost[x].sum()) > pb.budget + TOLERANCE:
        return False
    if len(pb.roles) and (pb.demand[:, x].sum(axis=1) > pb.capacity + TOLERANCE).any():
        return False
    return all(not (x[a] and x[b]) for a, b in pb.exclusive)


def to_selection(pb: Problem, chosen: np.ndarray, status: str) -> Selection:
    """The :class:`Selection` of the ``chosen`` candidates, with the slack of each limit."""
    chosen = np.asarray(chosen, dtype=bool)
    used = [float(pb.cost[chosen].sum()), *pb.demand[:, chosen].sum(axis=1).tolist()]
    limit = [pb.budget, *pb.capacity.tolist()]
    slack = pd.DataFrame(
        {
            "constraint": ["budget"] + [f"capacity {r}" for r in pb.roles],
            "used": used,
            "limit": limit,
        }
    )
    slack["slack"] = (slack["limit"] - slack["used"]).clip(lower=0.0)
    table = pb.table.reset_index(drop=True).assign(selected=chosen)
    return Selection(
        selected=[p for p, x in zip(pb.ids, chosen, strict=True) if x],
        total_value=float(pb.value[chosen].sum()),
        total_cost=float(pb.cost[chosen].sum()),
        slack=slack,
        status=status,
        table=table,
    )
