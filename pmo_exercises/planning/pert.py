"""PERT: three-point estimates, and the chance of finishing by a date.

The beta-PERT mean and standard deviation of one estimate are
``(o + 4m + p) / 6`` and ``(p - o) / 6``. Through a network, the classical
method runs CPM on the means, sums the variances along the critical path and
reads the probability from a normal distribution (the central limit theorem
applied to the path). It ignores merge bias: near-critical paths make the real
chance lower than it says, which the Monte Carlo analysis of the risk module
shows.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from .cpm import critical_path, critical_paths, project_duration

__all__ = ["PertEstimate", "completion_probability", "deadline_for_probability", "pert"]


class PertEstimate(NamedTuple):
    """A PERT estimate: unpack it as ``mean, std = pert(o, m, p)``."""

    mean: object
    std: object


def pert(optimistic, most_likely, pessimistic) -> PertEstimate:
    """Mean ``(o + 4m + p) / 6`` and standard deviation ``(p - o) / 6``.

    Parameters
    ----------
    optimistic, most_likely, pessimistic : float, array or Series
        The three-point estimate, with ``o <= m <= p``.

    Returns
    -------
    PertEstimate
        ``(mean, std)``, of the type given (floats, arrays or Series).

    Examples
    --------
    >>> pert(2, 4, 12)
    PertEstimate(mean=5.0, std=1.6666666666666667)
    """
    o, m, p = optimistic, most_likely, pessimistic
    arrays = [np.asarray(x, dtype=float) for x in (o, m, p)]
    if np.any(np.isnan(arrays[0]) | np.isnan(arrays[1]) | np.isnan(arrays[2])):
        raise ValueError("a three-point estimate has a missing value")
    if np.any(arrays[0] > arrays[1]) or np.any(arrays[1] > arrays[2]):
        raise ValueError("a three-point estimate needs optimistic <= most likely <= pessimistic")
    mean = (o + 4 * m + p) / 6
    std = (p - o) / 6
    if np.ndim(mean) == 0:
        return PertEstimate(float(mean), float(std))
    return PertEstimate(mean, std)


def _estimate_columns(tasks: pd.DataFrame) -> tuple[str, str, str]:
    for names in (
        ("optimistic", "most_likely", "pessimistic"),
        ("optimistic_days", "most_likely_days", "pessimistic_days"),
    ):
        if all(n in tasks.columns for n in names):
            return names
    raise PortfolioError(
        "tasks", "missing columns: expected 'optimistic', 'most_likely' and 'pessimistic'"
    )


def _mean_schedule(tasks: pd.DataFrame, links):
    o, m, p = (tasks[c].to_numpy(dtype=float) for c in _estimate_columns(tasks))
    try:
        mean, std = pert(o, m, p)
    except ValueError as error:
        bad = np.flatnonzero((o > m) | (m > p) | np.isnan(o + m + p))
        raise PortfolioError(
            "tasks", str(error), row=int(bad[0]), key=f"task_id '{tasks['task_id'].iat[bad[0]]}'"
        ) from None
    base = tasks.drop(columns=[c for c in ("duration", "duration_days") if c in tasks.columns])
    means = base.assign(duration=mean)
    schedule = critical_path(means, links)
    variance = pd.Series(np.asarray(std, dtype=float) ** 2, index=schedule.index)
    paths = critical_paths(means, links)
    path_variance = max((variance[path].sum() for path in paths), default=0.0)
    return project_duration(schedule), float(path_variance)


def completion_probability(tasks: pd.DataFrame, deadline: float, links=None) -> float:
    """Probability of finishing by ``deadline`` (working days from the start).

    Parameters
    ----------
    tasks : pandas.DataFrame
        ``task_id``, ``optimistic``, ``most_likely``, ``pessimistic`` (or
        the portfolio's ``*_days`` columns), and ``predecessors`` unless
        ``links`` is given.
    deadline : float
        The date to meet, in working days from the project start.
    links : pandas.DataFrame, optional
        As for :func:`~pmo_exercises.planning.critical_path`.

    Notes
    -----
    When several paths are critical, the one with the largest variance is
    used: the cautious reading.
    """
    mean, variance = _mean_schedule(tasks, links)
    if variance == 0:
        return 1.0 if deadline >= mean else 0.0
    return NormalDist(mean, variance**0.5).cdf(deadline)


def deadline_for_probability(tasks: pd.DataFrame, probability: float, links=None) -> float:
    """The deadline met with the given probability.

    The inverse of :func:`completion_probability`.

    Raises
    ------
    ValueError
        If ``probability`` is not strictly between 0 and 1 (a probability is
        a fraction: 80% is 0.8).
    """
    if not 0 < probability < 1:
        hint = " (a probability is a fraction: 80% is 0.8)" if 1 < probability <= 100 else ""
        raise ValueError(f"probability must be between 0 and 1, not {probability}{hint}")
    mean, variance = _mean_schedule(tasks, links)
    if variance == 0:
        return mean
    return NormalDist(mean, variance**0.5).inv_cdf(probability)
