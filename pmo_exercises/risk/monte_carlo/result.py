"""The outcome of a Monte Carlo run and how to read it.

:class:`MonteCarloResult` holds the project duration and cost of every
iteration, each task's criticality and the events fired; it reads them as
percentiles, probabilities of meeting a date or budget, a summary beside the
plan, a contingency reserve and the tornado ranking of what drives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from .inputs import PERCENT_HINT

__all__ = ["MonteCarloResult"]


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
        """Share of iterations finishing by ``date`` and/or costing at most ``budget``.

        ``date`` counts working days from the start; both given: both met.
        """
        if date is None and budget is None:
            raise ValueError("give a date (working days), a budget, or both")
        met = np.ones(self.iterations, dtype=bool)
        if date is not None:
            met &= self.durations <= date
        if budget is not None:
            met &= self.costs <= budget
        return float(met.mean())

    def summary(self) -> pd.DataFrame:
        """P10, P50, P80, P90, mean and standard deviation of duration and cost.

        Beside the plan.

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
        """Schedule and cost reserve for a confidence level.

        The percentile minus the plan (P80 - plan with the default).

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
            hint = f" ({PERCENT_HINT})" if 1 < confidence <= 100 else ""
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
