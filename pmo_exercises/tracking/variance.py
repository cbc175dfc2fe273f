"""Variance analysis: which projects broke tolerance, since when, and for how long.

A PMO sets tolerances, for example "SPI and CPI no more than 10% below 1",
and steps in when a project breaks them. Given a weekly history these
functions say, for every week, which tolerance is broken and since when,
and, per project, when the PMO should have stepped in and how many weeks it
has let pass since. A deviation "since" week ``w`` has been outside
tolerance in every status from ``w`` on; a blip that came back within
tolerance is not what a PMO failed to act on, so it is counted only in
``first_schedule_breach`` / ``first_cost_breach``.

The tolerances are a rule of the PMO's policy: the kit's keeps them under the
key ``variance`` (``governance.load_policy().schedule_tolerance`` and
``.cost_tolerance``, 0.10 each). Pass the policy's, so that a coach's edited
policy is the one applied. They are not the RAG thresholds (key ``rag``,
``policy.schedule`` and ``policy.cost``), a separate rule that colours a
status report: an index can be amber and already out of tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["first_breaches", "variances"]

_NEEDED = ("week", "sv", "cv", "spi", "cpi")


def variances(history, schedule_tolerance=0.10, cost_tolerance=0.10):
    """Flag, per row of an earned value history, the tolerances broken and since when.

    Parameters
    ----------
    history : pandas.DataFrame
        The output of :func:`earned_value_history` (any level; at least
        ``week``, ``sv``, ``cv``, ``spi`` and ``cpi``; rows are grouped by
        ``task_id`` if present, else by ``project_id``, else taken as one
        series).
    schedule_tolerance, cost_tolerance : float
        How far below 1 SPI and CPI may fall, as fractions: 0.10 flags an
        index below 0.90. An index exactly at the limit is within tolerance.

    Returns
    -------
    pandas.DataFrame
        The rows of ``history``, in its order and with its index: ``week``,
        ``status_date`` (if present), the id columns, ``sv``, ``spi``,
        ``cv``, ``cpi``, then ``schedule_breach`` and ``cost_breach``
        (bool) and ``schedule_breach_since`` and ``cost_breach_since``
        (``Int64``): the first week of the unbroken run of breaches that
        the row belongs to, missing when the row is within tolerance. An
        undefined index (NaN, e.g. SPI before anything was planned) is no
        breach.

    Raises
    ------
    ValueError
        When a tolerance is not a fraction in [0, 1), or a column is missing.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.tracking import earned_value_history, variances
    >>> policy = pmo.governance.load_policy()
    >>> history = earned_value_history(pmo.load_portfolio())
    >>> v = variances(history, policy.schedule_tolerance, policy.cost_tolerance)
    >>> v[v["schedule_breach"]].head()  # doctest: +SKIP
    """
    _check(history)
    s_limit = 1.0 - _tolerance("schedule_tolerance", schedule_tolerance)
    c_limit = 1.0 - _tolerance("cost_tolerance", cost_tolerance)
    ids = _ids(history)
    out = history[[c for c in ("week", "status_date", *ids) if c in history]].copy()
    for col in ("sv", "spi", "cv", "cpi"):
        out[col] = history[col]
    group = _groups(history, ids)
    week = history["week"].to_numpy(dtype=np.int64)
    for kind, index, limit in (("schedule", "spi", s_limit), ("cost", "cpi", c_limit)):
        out[f"{kind}_breach"] = history[index].to_numpy(dtype=np.float64) < limit  # NaN: False
    for kind in ("schedule", "cost"):
        since = _run_start(out[f"{kind}_breach"].to_numpy(), group, week)
        out[f"{kind}_breach_since"] = _weeks(np.where(since < 0, np.nan, since))
    return out


def first_breaches(history, schedule_tolerance=0.10, cost_tolerance=0.10):
    """One row per project: when it broke tolerance, and how long the PMO has let it run.

    Parameters
    ----------
    history : pandas.DataFrame
        The output of :func:`earned_value_history` (see :func:`variances`).
    schedule_tolerance, cost_tolerance : float
        As in :func:`variances`.

    Returns
    -------
    pandas.DataFrame
        One row per project (or task, or one for the portfolio), in order of
        first appearance: the id column(s), then

        * ``status_week``: its latest week in the history;
        * ``spi``, ``cpi``: the indices that week;
        * ``first_schedule_breach``, ``first_cost_breach``: the first week
          SPI (CPI) was ever outside tolerance, even if it came back;
        * ``schedule_breach_since``, ``cost_breach_since``: the first week
          of the breach still open at the status week;
        * ``step_in_week``: the earlier of the two: when the PMO should have
          stepped in on what is still wrong today;
        * ``weeks_to_act``: ``status_week - step_in_week``, the weeks the PMO
          has had to act (0: the breach is new this week).

        Week columns are ``Int64``, missing where there is no such breach.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.tracking import earned_value_history, first_breaches
    >>> policy = pmo.governance.load_policy()
    >>> history = earned_value_history(pmo.load_portfolio())
    >>> first_breaches(history, policy.schedule_tolerance, policy.cost_tolerance)  # doctest: +SKIP
    """
    flags = variances(history, schedule_tolerance, cost_tolerance)
    ids = _ids(history)
    group = _groups(history, ids)  # codes in order of first appearance
    week = flags["week"].to_numpy(dtype=np.int64)
    order = np.lexsort((week, group))
    last = order[np.r_[group[order][1:] != group[order][:-1], True]] if len(order) else order
    latest = flags.iloc[last]
    out = latest[[*ids, "week", "spi", "cpi"]].rename(columns={"week": "status_week"})
    out = out.reset_index(drop=True)
    for kind in ("schedule", "cost"):
        breach = flags[f"{kind}_breach"].to_numpy()
        first = pd.Series(np.where(breach, week, np.nan)).groupby(group).min()
        out[f"first_{kind}_breach"] = _weeks(first.to_numpy())
        out[f"{kind}_breach_since"] = latest[f"{kind}_breach_since"].array
    open_since = np.fmin(_floats(out["schedule_breach_since"]), _floats(out["cost_breach_since"]))
    out["step_in_week"] = _weeks(open_since)
    out["weeks_to_act"] = _weeks(out["status_week"].to_numpy() - open_since)
    return out


def _floats(values: pd.Series) -> np.ndarray:
    return values.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)


def _weeks(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole weeks as ``Int64``, NaN becoming missing."""
    return pd.array(pd.Series(values, dtype="float64").astype("Int64"))


def _check(history) -> None:
    if not isinstance(history, pd.DataFrame):
        raise TypeError(
            f"history must be a DataFrame from earned_value_history(), not {type(history).__name__}"
        )
    missing = [c for c in _NEEDED if c not in history.columns]
    if missing:
        raise ValueError(
            f"history has no column {missing[0]!r}: pass the output of earned_value_history()"
        )


def _tolerance(name: str, value) -> float:
    try:
        tolerance = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a fraction such as 0.10, not {value!r:.40}") from None
    if not 0.0 <= tolerance < 1.0:
        hint = f" (for {tolerance:g}%, write {tolerance / 100:g})" if tolerance >= 1 else ""
        raise ValueError(f"{name} must be a fraction in [0, 1), such as 0.10 for 10%{hint}")
    return tolerance


def _ids(history: pd.DataFrame) -> list[str]:
    return [c for c in ("task_id", "project_id") if c in history.columns]


def _groups(history: pd.DataFrame, ids: list[str]) -> np.ndarray:
    if not ids:
        return np.zeros(len(history), dtype=np.int64)
    codes, _ = pd.factorize(history[ids[0]])
    return codes


def _run_start(breach: np.ndarray, group: np.ndarray, week: np.ndarray) -> np.ndarray:
    """For each row in breach, the first week of its unbroken run of breaches; -1 elsewhere.

    Vectorised: sort by (group, week), mark where a run starts, carry the
    start forward with a running maximum of positions, then unsort.
    """
    order = np.lexsort((week, group))
    b, g, w = breach[order], group[order], week[order]
    same = np.r_[False, g[1:] == g[:-1]]
    starts = b & ~(np.r_[False, b[:-1]] & same)
    position = np.where(starts, np.arange(b.size), 0)
    np.maximum.accumulate(position, out=position)
    sorted_since = np.where(b, w[position], -1)
    since = np.empty_like(sorted_since)
    since[order] = sorted_since
    return since
