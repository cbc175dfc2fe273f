"""Portfolio selection under budget and capacity limits, as a 0-1 integer program.

Each candidate project ``j`` is in (``x_j = 1``) or out (``x_j = 0``). The
PMO maximises the total value ``sum v_j x_j`` subject to

* **budget**: ``sum c_j x_j <= B`` (``c_j`` the BAC, or the remaining cost);
* **capacity**, per role ``r``: ``sum d_jr x_j <= K_r``, where ``d_jr`` is the
  person-days project ``j`` needs from role ``r`` and ``K_r`` the person-days
  the pool gives over the same horizon. This is deliberately simple: it
  compares totals over the horizon, not week by week, so a selection that
  fits may still need levelling (see :mod:`pmo_exercises.planning.resources`);
* **mandatory** projects: ``x_j = 1`` (regulatory work, commitments);
* **mutual exclusions** ``(a, b)``: ``x_a + x_b <= 1`` (two ways to do one thing);
* **requirements** ``(a, b)``, *a needs b*: ``x_a <= x_b``.

:func:`select_portfolio` solves it exactly with :func:`scipy.optimize.milp`
(HiGHS branch and bound); :func:`greedy_selection` is the value-for-money
rule of thumb it should be compared with; :func:`efficient_frontier` traces
value against budget; :func:`constraint_costs` prices each constraint by
re-solving without it. :func:`selection_inputs` builds the candidate, demand
and capacity tables from a portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "InfeasibleSelection",
    "Selection",
    "constraint_costs",
    "efficient_frontier",
    "greedy_selection",
    "select_portfolio",
    "selection_inputs",
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


# -- the problem ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Problem:
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


def _money(x: float) -> str:
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.4g}{unit}"
    return f"{x:.4g}"


def _capacity_series(capacity) -> pd.Series:
    if isinstance(capacity, pd.DataFrame):
        col = "capacity_days" if "capacity_days" in capacity.columns else capacity.columns[-1]
        return pd.Series(capacity[col].to_numpy(dtype=float), index=capacity["role_id"].astype(str))
    if isinstance(capacity, pd.Series):
        return capacity.astype(float)
    return pd.Series(dict(capacity), dtype=float)


def _problem(
    candidates, budget, capacity, demand, mandatory, exclusive, requires, value, cost
) -> _Problem:
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
        cap = _capacity_series(capacity)
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
    return _Problem(ids, v, c, budget, roles, d, k, mand, excl, reqs, candidates)


def _closure(start: Iterable[int], requires: list) -> set:
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


def _check_feasible(pb: _Problem) -> None:
    """Raise a precise ValueError when no selection meets every constraint.

    With the mandatory projects and everything they need, and nothing else,
    only the exclusions, the budget and the capacities can fail; if they hold,
    that very selection is feasible.
    """
    if not pb.mandatory:
        must: set = set()
    else:
        must = _closure(pb.mandatory, pb.requires)
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
            f"{label} alone {cost_verb} {_money(spend)}, above the budget {_money(pb.budget)}"
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


def _result(pb: _Problem, chosen: np.ndarray, status: str) -> Selection:
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


def _solve(pb: _Problem) -> np.ndarray:
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
    pb = _problem(candidates, budget, capacity, demand, mandatory, exclusive, requires, value, cost)
    _check_feasible(pb)
    return _result(pb, _solve(pb), "optimal")


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
    pb = _problem(candidates, budget, capacity, demand, mandatory, exclusive, requires, value, cost)
    _check_feasible(pb)
    chosen = np.zeros(len(pb.ids), dtype=bool)
    chosen[sorted(_closure(pb.mandatory, pb.requires))] = True
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pb.cost > 0, pb.value / np.where(pb.cost > 0, pb.cost, 1), np.inf)
    ratio = np.where((pb.cost <= 0) & (pb.value <= 0), -np.inf, ratio)
    for j in np.argsort(-ratio, kind="stable"):
        if chosen[j] or pb.value[j] <= 0:
            continue
        bundle = sorted(_closure([j], pb.requires))
        trial = chosen.copy()
        trial[bundle] = True
        if _fits(pb, trial):
            chosen = trial
    return _result(pb, chosen, "greedy")


def _fits(pb: _Problem, x: np.ndarray) -> bool:
    if float(pb.cost[x].sum()) > pb.budget + TOLERANCE:
        return False
    if len(pb.roles) and (pb.demand[:, x].sum(axis=1) > pb.capacity + TOLERANCE).any():
        return False
    return all(not (x[a] and x[b]) for a, b in pb.exclusive)


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
        cap = _capacity_series(capacity)
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


def selection_inputs(portfolio, horizon_weeks: int | None = None, weights=None, criteria=None):
    """Candidates, role demand and role capacity from a portfolio, ready for selection.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio; its active and paused projects are the candidates.
    horizon_weeks : int, optional
        The planning horizon after the status week; by default up to the
        last week of forecast demand.
    weights, criteria
        Passed to :func:`~pmo_exercises.strategy.score_projects` for the
        ``score`` column.

    Returns
    -------
    candidates : pandas.DataFrame
        ``project_id``, ``name``, ``business_value``, ``bac``,
        ``actual_cost`` (at the status week), ``remaining_cost``
        (``bac - actual_cost``, at least 0), ``score``, ``strategic_fit``
        and ``priority``.
    demand : pandas.DataFrame
        ``project_id``, ``role_id``, ``demand_days``: the person-days each
        project books from each role in the horizon, from the forecast
        schedule (:func:`~pmo_exercises.planning.portfolio_schedule` and
        :func:`~pmo_exercises.planning.resource_loading`).
    capacity : pandas.Series
        Person-days per ``role_id`` over the same horizon
        (``capacity_days_per_week x weeks``).
    """
    from ..planning import portfolio_schedule, resource_loading
    from .scoring import score_projects

    projects = portfolio.projects
    live = projects[projects["state"].isin(["active", "paused"])]
    status = portfolio.project_status
    latest = status[status["week"] == portfolio.status_week].set_index("project_id")
    cand = live[["project_id", "name", "business_value", "bac", "priority"]].copy()
    cand["actual_cost"] = cand["project_id"].map(latest["actual_cost"]).fillna(0.0).to_numpy()
    cand["remaining_cost"] = (cand["bac"] - cand["actual_cost"]).clip(lower=0.0)
    scores = score_projects(portfolio, weights, criteria).set_index("project_id")
    cand["score"] = cand["project_id"].map(scores["score"]).to_numpy()
    cand["strategic_fit"] = cand["project_id"].map(scores["strategic_fit"]).to_numpy(dtype=bool)
    cand = cand.reset_index(drop=True)

    schedule = portfolio_schedule(portfolio)
    loading = resource_loading(schedule, portfolio.assignments, by_project=True)
    now = portfolio.status_week
    future = loading[loading["week"] > now]
    last = int(future["week"].max()) if len(future) else now
    weeks = (last - now) if horizon_weeks is None else int(horizon_weeks)
    future = future[future["week"] <= now + weeks]
    future = future[future["project_id"].isin(cand["project_id"])]
    demand = future.groupby(["project_id", "role_id"], as_index=False)["demand_days"].sum()
    roles = portfolio.roles
    capacity = pd.Series(
        roles["capacity_days_per_week"].to_numpy(dtype=float) * weeks,
        index=roles["role_id"].astype(str).to_numpy(),
        name="capacity_days",
    )
    return cand, demand, capacity
