"""Monte Carlo schedule and cost risk analysis of one project.

Every iteration draws each task's duration from its three-point estimate,
fires each risk with its probability, and runs the full critical path method
(every link type, lags) on the result. All iterations go through at once: the
durations are one ``(tasks, iterations)`` array and each step of the passes
is one numpy operation for every iteration (see :mod:`pmo_exercises.network.batched`).

Conventions
-----------
* Durations are in working days, money in the project's currency.
* Triangular: ``(optimistic, most_likely, pessimistic)`` are the minimum,
  mode and maximum (drawn by the MINMAX method of Stein and Keblis, 2009).
  Beta-PERT: a beta on ``[optimistic, pessimistic]`` with
  ``alpha = 1 + 4(m - o)/(p - o)`` and ``beta = 1 + 4(p - m)/(p - o)``, whose
  mean is the PERT mean ``(o + 4m + p)/6``.
* Cost: a task's ``planned_cost`` scales with its drawn duration over its
  planned duration (``duration``/``duration_days`` if given, else
  ``most_likely``): work that takes 10% longer costs 10% more. A task with a
  planned duration of 0 keeps its planned cost.
* Risks (threats): ``cost_impact`` and ``schedule_impact`` are the extra
  cost and extra working days *if the risk occurs*: magnitudes, >= 0 (the
  register's convention; the sign convention of EMV is in :mod:`.emv`). Each
  risk fires independently in each iteration; when it fires its days are
  added to its task's duration and its cost to the project's cost (the
  days do not also scale the task's cost: the cost impact already prices
  the event). Opportunities, if given, work the same way with
  ``cost_saving`` and ``schedule_gain_days`` taken off (a duration never
  goes below 0).
* Random numbers: one ``numpy.random.Generator`` seeded with ``seed``; the
  same inputs and seed give the same results, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..core.coerce import show
from ..core.errors import PortfolioError
from ..network import batched as _passes
from ..planning.cpm import FLOAT_TOLERANCE
from ..planning.network import build_network

__all__ = ["DISTRIBUTIONS", "MonteCarloResult", "monte_carlo"]

#: The duration distributions :func:`monte_carlo` can draw from.
DISTRIBUTIONS = ("triangular", "pert")

_ESTIMATES = (
    ("optimistic", "most_likely", "pessimistic"),
    ("optimistic_days", "most_likely_days", "pessimistic_days"),
)
_PERCENT_HINT = "a probability is a fraction: 35% is 0.35"


def _numbers(table, name, column, ids, *, low=None, high=None, rule="") -> np.ndarray:
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


def _estimates(tasks: pd.DataFrame, ids: pd.Index):
    """Optimistic, most likely and pessimistic arrays, and the planned durations."""
    who = (ids, "task_id")
    columns = next((c for c in _ESTIMATES if all(x in tasks.columns for x in c)), None)
    fixed = next((c for c in ("duration", "duration_days") if c in tasks.columns), None)
    rule = "a duration >= 0 in working days"
    planned = None
    if fixed is not None:
        planned = _numbers(tasks, "tasks", fixed, who, low=0, rule=rule)
    if columns is None:
        if planned is None:
            raise PortfolioError(
                "tasks",
                "missing columns: expected 'duration' (fixed) or 'optimistic', "
                "'most_likely' and 'pessimistic' (or the portfolio's '*_days' columns)",
            )
        return planned, planned, planned, planned
    o, m, p = (_numbers(tasks, "tasks", c, who, low=0, rule=rule) for c in columns)
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


def _events(table, name, ids, columns, sign):
    """Probability, cost and days arrays and task positions of a risk table."""
    prob_col, cost_col, days_cols = columns
    if "task_id" not in table.columns or prob_col not in table.columns:
        missing = "task_id" if "task_id" not in table.columns else prob_col
        raise PortfolioError(name, f"missing column '{missing}'")
    key = next((c for c in (f"{name[:-1]}_id", "risk_id", "opportunity_id") if c in table), None)
    who = (table[key].astype(str).to_numpy(), key) if key else None
    prob = _numbers(table, name, prob_col, who, low=0, high=1, rule=f"in [0, 1] ({_PERCENT_HINT})")
    magnitude = "a magnitude >= 0"
    detail = (
        " (the register holds a threat's extra cost and days as positive amounts; "
        "an opportunity belongs in the opportunities table)"
        if sign > 0
        else " (the saving as a positive amount)"
    )
    cost = np.zeros(len(table))
    if cost_col in table.columns:
        cost = _numbers(table, name, cost_col, who, low=0, rule=magnitude + detail)
    days_col = next((c for c in days_cols if c in table.columns), None)
    days = np.zeros(len(table))
    if days_col is not None:
        days = _numbers(table, name, days_col, who, low=0, rule=magnitude + detail)
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


#: Tasks per block when transforming uniform draws: the block stays in cache.
_DRAW_ROWS = 16


def _draw(rng, o, m, p, iterations, distribution) -> np.ndarray:
    """Durations, shape (tasks, iterations), drawn in one go.

    Triangular draws use the MINMAX method of Stein and Keblis (2009, "A new
    method to simulate the triangular distribution", Mathematical and
    Computer Modelling 49): with ``u``, ``v`` uniform on [0, 1),
    ``o + (p - m) min(u, v) + (m - o) max(u, v)`` is triangular on
    ``[o, p]`` with mode ``m``. No square root, no branch, and a zero width
    (a fixed task) is no special case. Beta-PERT draws come from
    ``Generator.beta``.
    """
    n = o.size
    width = p - o
    spread = width > 0
    if distribution == "triangular":
        out = rng.random((n, iterations))
        other = rng.random((n, iterations))
        fall, rise = (p - m)[:, None], (m - o)[:, None]
        for a in range(0, n, _DRAW_ROWS):  # blocks of tasks, every iteration at once
            b = slice(a, a + _DRAW_ROWS)
            u, v = out[b], other[b]
            low = np.minimum(u, v)
            np.maximum(u, v, out=u)
            u *= rise[b]
            low *= fall[b]
            u += low
            u += o[b, None]
            np.minimum(u, p[b, None], out=u)  # rounding never takes a draw past p
    else:
        safe = np.where(spread, width, 1.0)
        alpha = np.where(spread, 1 + 4 * (m - o) / safe, 1.0)
        beta = np.where(spread, 1 + 4 * (p - m) / safe, 1.0)
        out = rng.beta(alpha[:, None], beta[:, None], (n, iterations))
        out *= width[:, None]
        out += o[:, None]
    out[~spread] = o[~spread, None]  # fixed durations: exactly the value given
    return out


def monte_carlo(
    tasks: pd.DataFrame,
    links: pd.DataFrame | None = None,
    risks: pd.DataFrame | None = None,
    iterations: int = 10_000,
    seed: int = 0,
    distribution: str = "triangular",
    opportunities: pd.DataFrame | None = None,
) -> MonteCarloResult:
    """Schedule and cost risk of one project, by Monte Carlo simulation.

    Parameters
    ----------
    tasks : pandas.DataFrame
        ``task_id`` and either ``duration`` (fixed) or ``optimistic``,
        ``most_likely``, ``pessimistic`` (or the portfolio's ``*_days``
        columns; with both, the estimates are drawn and ``duration`` is the
        plan); optionally ``planned_cost``, ``predecessors`` and
        ``earliest_start`` as for :func:`~pmo_exercises.planning.critical_path`.
    links : pandas.DataFrame, optional
        ``predecessor``, ``successor``, ``type`` (FS, SS, FF, SF) and ``lag``
        (or ``lag_days``).
    risks : pandas.DataFrame, optional
        ``task_id``, ``probability`` (a fraction), ``cost_impact`` and
        ``schedule_impact`` (or ``schedule_impact_days``), magnitudes >= 0;
        ``risk_id`` names them in the results.
    iterations : int
        Number of iterations.
    seed : int
        Seed of the random generator.
    distribution : {"triangular", "pert"}
        How durations are drawn from the three-point estimates.
    opportunities : pandas.DataFrame, optional
        ``task_id``, ``probability``, ``cost_saving``, ``schedule_gain_days``.

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    PortfolioError
        On a missing column, a bad estimate, a probability outside [0, 1]
        (given in percent), a negative impact, a risk on an unknown task, or
        any error of the network (cycle, unknown link type...).
    ValueError
        On a bad ``iterations`` or ``distribution``.

    Examples
    --------
    >>> import pandas as pd
    >>> tasks = pd.DataFrame({"task_id": ["A", "B"], "optimistic": [2, 3],
    ...                       "most_likely": [4, 5], "pessimistic": [9, 7],
    ...                       "predecessors": ["", "A"]})
    >>> result = monte_carlo(tasks, iterations=2_000, seed=1)
    >>> round(float(result.durations.mean()), 1)
    10.0
    """
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be 'triangular' or 'pert', not {distribution!r}")
    if isinstance(iterations, bool) or not isinstance(iterations, int | np.integer):
        raise ValueError(f"iterations must be a whole number, not {iterations!r}")
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, not {iterations}")
    net = build_network(tasks, links)
    o, m, p, planned = _estimates(tasks, net.ids)
    cost_rate = np.zeros(net.size)
    fixed_cost = np.zeros(net.size)
    if "planned_cost" in tasks.columns:
        cost = _numbers(tasks, "tasks", "planned_cost", (net.ids, "task_id"), low=0, rule=">= 0")
        scaled = planned > 0
        cost_rate[scaled] = cost[scaled] / planned[scaled]
        fixed_cost[~scaled] = cost[~scaled]
    parts, kinds = [], []
    if risks is not None:
        cols = ("probability", "cost_impact", ("schedule_impact", "schedule_impact_days"))
        parts.append(_events(risks, "risks", net.ids, cols, +1.0))
        kinds.append("risk")
    if opportunities is not None:
        cols = ("probability", "cost_saving", ("schedule_gain", "schedule_gain_days"))
        parts.append(_events(opportunities, "opportunities", net.ids, cols, -1.0))
        kinds.append("opportunity")
    empty = (np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64), [])
    parts = parts or [empty]
    prob, ev_cost, ev_days, ev_pos = (np.concatenate([x[i] for x in parts]) for i in range(4))
    ev_ids = [label for x in parts for label in x[4]]
    release = np.zeros(net.size)
    if "earliest_start" in tasks.columns:  # as critical_path reads it
        values = pd.to_numeric(tasks["earliest_start"], errors="coerce").fillna(0.0)
        release = np.maximum(values.to_numpy(dtype=float), 0.0)

    rng = np.random.default_rng(seed)
    drawn = _draw(rng, o, m, p, iterations, distribution)
    costs = cost_rate @ drawn + fixed_cost.sum()
    fired = rng.random((prob.size, iterations)) < prob[:, None]
    durations = drawn  # the risks' days go on top, in place (costs are already drawn)
    if prob.size:
        for j in range(prob.size):  # one row per risk, all iterations at once
            durations[ev_pos[j]] += np.where(fired[j], ev_days[j], 0.0)
        np.maximum(durations, 0.0, out=durations)
        costs = costs + ev_cost @ fired
    plan = _passes.Plan.of(net.size, net.pred, net.succ, net.kind, net.lag, net.levels)
    finish, critical = _passes.run(plan, durations, release, FLOAT_TOLERANCE)
    # the plan: the deterministic schedule on the planned durations, no risk
    base, _ = _passes.run(plan, planned[:, None], release, FLOAT_TOLERANCE)
    return MonteCarloResult(
        durations=finish,
        costs=costs,
        criticality=pd.Series(
            np.count_nonzero(critical, axis=1) / iterations,
            index=pd.Index(net.ids, name="task_id"),
            name="criticality",
        ),
        planned_duration=float(base[0]),
        planned_cost=float(cost_rate @ planned + fixed_cost.sum()),
        task_durations=durations.T,
        fired=pd.DataFrame(fired.T, columns=pd.Index(ev_ids, name="event_id")),
        event_kinds=tuple(kind for x, kind in zip(parts, kinds, strict=False) for _ in x[4]),
        distribution=distribution,
        seed=seed,
    )


@dataclass(frozen=True)
class MonteCarloResult:
    """The outcome of :func:`monte_carlo`.

    Attributes
    ----------
    durations : ndarray, shape (iterations,)
        The project duration of each iteration, in working days.
    costs : ndarray, shape (iterations,)
        The project cost of each iteration.
    criticality : pandas.Series
        By ``task_id``: the share of iterations in which the task had no
        total float (the criticality index), in [0, 1].
    planned_duration, planned_cost : float
        The deterministic plan: CPM on the planned durations, no risk fired.
    task_durations : ndarray, shape (iterations, tasks)
        Each task's duration in each iteration, risks included.
    fired : pandas.DataFrame
        One boolean column per risk (then opportunity): did it occur?
    event_kinds : tuple of str
        "risk" or "opportunity", one per column of ``fired``.
    distribution : str
    seed : int
    """

    durations: np.ndarray
    costs: np.ndarray
    criticality: pd.Series
    planned_duration: float
    planned_cost: float
    task_durations: np.ndarray = field(repr=False)
    fired: pd.DataFrame = field(repr=False)
    event_kinds: tuple = ()
    distribution: str = "triangular"
    seed: int = 0

    @property
    def iterations(self) -> int:
        """Number of iterations."""
        return int(self.durations.size)

    def percentile(self, q):
        """Duration and cost at percentile ``q`` (0 to 100): ``(duration, cost)``.

        P80 is ``percentile(80)``: 80% of the iterations finish by that
        duration (and, separately, cost at most that cost).
        """
        q_arr = np.asarray(q, dtype=float)
        if np.any((q_arr < 0) | (q_arr > 100)) or np.any(np.isnan(q_arr)):
            raise ValueError(f"q is a percentile between 0 and 100 (P80 is 80), not {q!r}")
        duration = np.percentile(self.durations, q_arr)
        cost = np.percentile(self.costs, q_arr)
        if q_arr.ndim == 0:
            return float(duration), float(cost)
        return duration, cost

    def probability_of(self, date=None, budget=None) -> float:
        """Share of iterations finishing by ``date`` (working days from the
        start) and/or costing at most ``budget``; both given: both met."""
        if date is None and budget is None:
            raise ValueError("give a date (working days), a budget, or both")
        met = np.ones(self.iterations, dtype=bool)
        if date is not None:
            met &= self.durations <= date
        if budget is not None:
            met &= self.costs <= budget
        return float(met.mean())

    def summary(self) -> pd.DataFrame:
        """P10, P50, P80, P90, mean and standard deviation of duration and cost,
        beside the plan.

        Returns
        -------
        pandas.DataFrame
            Index ``duration`` (working days) and ``cost``; columns ``plan``,
            ``P10``, ``P50``, ``P80``, ``P90``, ``mean``, ``std``.
        """
        rows = {}
        for name, values, plan in (
            ("duration", self.durations, self.planned_duration),
            ("cost", self.costs, self.planned_cost),
        ):
            pcts = np.percentile(values, [10, 50, 80, 90])
            rows[name] = [plan, *pcts, values.mean(), values.std(ddof=1) if values.size > 1 else 0]
        columns = ["plan", "P10", "P50", "P80", "P90", "mean", "std"]
        return pd.DataFrame.from_dict(rows, orient="index", columns=columns)

    def contingency(self, confidence: float = 0.8) -> dict:
        """Schedule and cost reserve for a confidence level: the percentile
        minus the plan (P80 - plan with the default).

        Parameters
        ----------
        confidence : float
            A fraction (0.8 for P80).

        Returns
        -------
        dict
            ``{"confidence", "duration", "cost"}``: the reserves in working
            days and in money (negative when the plan is already safer).
        """
        if not 0 <= confidence <= 1:
            hint = f" ({_PERCENT_HINT})" if 1 < confidence <= 100 else ""
            raise ValueError(f"confidence must be between 0 and 1, not {confidence}{hint}")
        duration, cost = self.percentile(100 * confidence)
        return {
            "confidence": confidence,
            "duration": duration - self.planned_duration,
            "cost": cost - self.planned_cost,
        }

    @cached_property
    def _ranks(self):
        return _ranks(self.durations[:, None])[:, 0], _ranks(self.costs[:, None])[:, 0]

    def sensitivity(self) -> pd.DataFrame:
        """What drives the project's duration and cost: the tornado ranking.

        Returns
        -------
        pandas.DataFrame
            One row per task and per risk, indexed by ``driver`` (the id),
            sorted by ``|duration_correlation|``, largest first, with:

            - ``kind``: "task" or "risk" (or "opportunity");
            - ``duration_correlation``, ``cost_correlation``: Spearman rank
              correlation of the task's duration (of the risk's occurrence)
              with the project's duration and cost; 0 when the driver never
              varies;
            - ``duration_swing``, ``cost_swing``: for a risk, the mean project
              duration and cost when it occurs minus when it does not (NaN
              for tasks, and for a risk that always or never occurs).
        """
        dur_rank, cost_rank = self._ranks
        task_ranks = _ranks(self.task_durations)
        ids = [*self.criticality.index, *self.fired.columns]
        kinds = ["task"] * task_ranks.shape[1] + list(self.event_kinds)
        fired = self.fired.to_numpy()
        ranks = np.concatenate([task_ranks, _ranks(fired.astype(float))], axis=1)
        swing_d = np.full(len(ids), np.nan)
        swing_c = np.full(len(ids), np.nan)
        for j in range(fired.shape[1]):
            on = fired[:, j]
            if on.any() and not on.all():
                k = task_ranks.shape[1] + j
                swing_d[k] = self.durations[on].mean() - self.durations[~on].mean()
                swing_c[k] = self.costs[on].mean() - self.costs[~on].mean()
        out = pd.DataFrame(
            {
                "kind": kinds,
                "duration_correlation": _correlation(ranks, dur_rank),
                "cost_correlation": _correlation(ranks, cost_rank),
                "duration_swing": swing_d,
                "cost_swing": swing_c,
            },
            index=pd.Index(ids, name="driver"),
        )
        order = np.argsort(-out["duration_correlation"].abs().to_numpy(), kind="stable")
        return out.iloc[order]


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (0-based) down each column; ties share the mean of their ranks."""
    rows = np.ascontiguousarray(np.asarray(values, dtype=float).T)  # one row per column
    k, size = rows.shape
    if size == 0:
        return rows.T.copy()
    order = np.argsort(rows, axis=1)
    ordered = np.take_along_axis(rows, order, axis=1)
    position = np.broadcast_to(np.arange(size), (k, size))
    new = np.ones((k, size), dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    last = np.ones((k, size), dtype=bool)
    last[:, :-1] = new[:, 1:]
    first = np.maximum.accumulate(np.where(new, position, 0), axis=1)
    end = np.minimum.accumulate(np.where(last, position, size)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty((k, size))
    np.put_along_axis(ranks, order, (first + end) / 2.0, axis=1)
    return ranks.T


def _correlation(ranks: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Pearson correlation of each column of ``ranks`` with ``target`` (0 if constant)."""
    x = ranks - ranks.mean(axis=0)
    y = target - target.mean()
    sx = np.sqrt((x * x).sum(axis=0))
    sy = np.sqrt((y * y).sum())
    denom = sx * sy
    return np.where(denom > 0, (y @ x) / np.where(denom > 0, denom, 1.0), 0.0)
