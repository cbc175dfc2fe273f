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

The run is here; the checks of its inputs are in :mod:`.inputs`, and the
reading of its outcome (percentiles, contingency, sensitivity) in :mod:`.result`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...network import batched as _passes
from ...planning.cpm import FLOAT_TOLERANCE
from ...planning.network import build_network
from .inputs import estimates, events, numbers
from .result import MonteCarloResult

__all__ = ["DISTRIBUTIONS", "MonteCarloResult", "monte_carlo"]

#: The duration distributions :func:`monte_carlo` can draw from.
DISTRIBUTIONS = ("triangular", "pert")


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
    o, m, p, planned = estimates(tasks, net.ids)
    cost_rate = np.zeros(net.size)
    fixed_cost = np.zeros(net.size)
    if "planned_cost" in tasks.columns:
        cost = numbers(tasks, "tasks", "planned_cost", (net.ids, "task_id"), low=0, rule=">= 0")
        scaled = planned > 0
        cost_rate[scaled] = cost[scaled] / planned[scaled]
        fixed_cost[~scaled] = cost[~scaled]
    parts, kinds = [], []
    if risks is not None:
        cols = ("probability", "cost_impact", ("schedule_impact", "schedule_impact_days"))
        parts.append(events(risks, "risks", net.ids, cols, +1.0))
        kinds.append("risk")
    if opportunities is not None:
        cols = ("probability", "cost_saving", ("schedule_gain", "schedule_gain_days"))
        parts.append(events(opportunities, "opportunities", net.ids, cols, -1.0))
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
