"""RAG computed from the PMO policy, per project and week, beside the reported RAG.

A project manager reports a RAG; the PMO computes one from the data under its
policy (``pmo_exercises/data/policy/default.yaml``):

* **schedule**: SPI = EV / PV against ``rag.schedule`` (amber below ``amber``,
  red below ``red``); undefined (missing) while nothing was planned yet;
* **cost**: CPI = EV / AC against ``rag.cost``; undefined before any cost;
* **risk**: the open high risks (probability at least ``risks.high_probability``)
  and the exposure (sum of probability x cost impact of the open risks, in
  percent of the BAC) against ``rag.risk``;
* **overall**: the worst of the three that are defined.

SPI and CPI come from :func:`pmo_exercises.tracking.earned_value_history`.

A risk is open in a week when it was identified by that week's Friday, is not
``closed`` (the register keeps no closing date, so a closed risk counts as
closed all along) and has not yet occurred (an ``occurred`` risk is open until
the date of its event in ``events``).

**Watermelon** (green outside, red inside): the computed overall RAG is red
while the reported RAG is at least ``rag.watermelon.min_steps`` steps better
(the kit's policy says 2: reported green; with 1, amber counts too).
``rag_gap`` counts the steps by which the reported RAG is better than the
computed one (negative: the manager is more pessimistic than the data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.schema import RAG
from .policy import resolve_policy

__all__ = ["RAG_HISTORY_COLUMNS", "rag_from_figures", "rag_history", "risk_exposure_history"]

#: The columns of :func:`rag_history`, in order.
RAG_HISTORY_COLUMNS = (
    "week",
    "status_date",
    "project_id",
    "bac",
    "pv",
    "ev",
    "ac",
    "spi",
    "cpi",
    "eac_cpi",
    "open_risks",
    "high_risks",
    "exposure",
    "exposure_pct",
    "schedule_rag",
    "cost_rag",
    "risk_rag",
    "overall_rag",
    "reported_rag",
    "rag_gap",
    "watermelon",
)


def rag_from_figures(spi, cpi, high_risks, exposure_pct, policy=None) -> pd.DataFrame:
    """Schedule, cost, risk and overall RAG of some statuses under a policy.

    Parameters
    ----------
    spi, cpi : array-like of float
        Performance indices; NaN where undefined.
    high_risks : array-like of int
        Open high risks.
    exposure_pct : array-like of float
        Open risk exposure in percent of the BAC.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).

    Returns
    -------
    pandas.DataFrame
        ``schedule_rag``, ``cost_rag``, ``risk_rag``, ``overall_rag``: each
        ``"green"``, ``"amber"``, ``"red"`` or missing (undefined).

    Examples
    --------
    >>> rag_from_figures([0.97, 0.9], [0.8, 1.0], [0, 0], [1.0, 1.0])["overall_rag"].tolist()
    ['red', 'amber']
    """
    codes = _codes(spi, cpi, high_risks, exposure_pct, resolve_policy(policy))
    return pd.DataFrame({f"{k}_rag": _labels(v) for k, v in codes.items()})


def _codes(spi, cpi, high_risks, exposure_pct, policy) -> dict[str, np.ndarray]:
    schedule = policy.index_rag(spi, "schedule")
    cost = policy.index_rag(cpi, "cost")
    risk = policy.risk_rag(high_risks, exposure_pct)
    stacked = np.vstack([schedule, cost, risk])
    overall = np.fmax.reduce(stacked, axis=0)  # the worst defined one; NaN only if none is
    return {"schedule": schedule, "cost": cost, "risk": risk, "overall": overall}


def _labels(codes: np.ndarray) -> pd.Series:
    names = np.array(RAG, dtype=object)
    out = np.full(codes.shape, None, dtype=object)
    ok = ~np.isnan(codes)
    out[ok] = names[codes[ok].astype(int)]
    return pd.Series(out, dtype=object)


def rag_code(labels) -> np.ndarray:
    """Positions of RAG labels in ``schema.RAG`` (0 green, 2 red); NaN where missing."""
    return (
        pd.Series(labels, dtype=object)
        .map({r: float(i) for i, r in enumerate(RAG)})
        .to_numpy(float)
    )


def risk_exposure_history(portfolio, policy=None, weeks=None) -> pd.DataFrame:
    """Open risks per project and week: how many, how many high, and their exposure.

    Parameters
    ----------
    portfolio : Portfolio
    policy : Policy, str or Path, optional
        Gives the high-risk probability.
    weeks : array-like of int, optional
        The weeks (default ``1..status_week``).

    Returns
    -------
    pandas.DataFrame
        One row per week and project (projects in table order): ``week``,
        ``project_id``, ``open_risks``, ``high_risks``, ``exposure``
        (currency: sum of probability x cost impact of the open risks).
    """
    policy = resolve_policy(policy)
    weeks = np.arange(1, portfolio.status_week + 1) if weeks is None else np.asarray(weeks)
    project_ids = portfolio.projects["project_id"].to_numpy()
    dates = portfolio.week_dates(weeks)
    open_ = open_risk_mask(portfolio, dates)  # (weeks, risks)
    r = portfolio.risks
    proj = pd.Index(project_ids).get_indexer(r["project_id"])
    known = proj >= 0
    high = (r["probability"].to_numpy(float) >= policy.high_probability) & known
    exposure = (r["probability"] * r["cost_impact"]).to_numpy(float)
    groups = project_ids.size
    cells = (np.arange(weeks.size)[:, None] * groups + np.where(known, proj, 0)).ravel()
    size = weeks.size * groups
    mask = (open_ & known).ravel()
    return pd.DataFrame(
        {
            "week": np.repeat(weeks, groups),
            "project_id": np.tile(project_ids, weeks.size),
            "open_risks": np.bincount(cells, mask, size).astype(np.int64),
            "high_risks": np.bincount(cells, (open_ & high).ravel(), size).astype(np.int64),
            "exposure": np.bincount(cells, (open_ * exposure).ravel(), size),
        }
    )


def open_risk_mask(portfolio, dates) -> np.ndarray:
    """``(len(dates), risks)`` bool: which risks are open on each date (see the module notes)."""
    r = portfolio.risks
    dates = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy(), dtype="datetime64[ns]")
    ident = r["identified_on"].to_numpy(dtype="datetime64[ns]")
    events = portfolio.events
    fired = events[events["kind"] == "risk"].groupby("source_id")["date"].min()
    # the date each risk fired, NaT for those that did not (or when none did: an empty
    # events table is a normal state, and Series.map of an empty one cannot give dates)
    end = np.full(len(r), np.datetime64("NaT"), dtype="datetime64[ns]")
    at = pd.Index(fired.index).get_indexer(r["risk_id"]) if len(fired) else np.full(len(r), -1)
    hit = at >= 0
    end[hit] = fired.to_numpy(dtype="datetime64[ns]")[at[hit]]
    occurred = (r["state"] == "occurred").to_numpy()
    never = np.datetime64("2262-01-01", "ns")
    end = np.where(occurred & ~np.isnat(end), end, never)
    closed = (r["state"] == "closed").to_numpy()
    d = dates[:, None]
    return (ident <= d) & (d < end) & ~closed


def rag_history(portfolio, policy=None, basis="actual") -> pd.DataFrame:
    """Computed and reported RAG per project and week, with the watermelon flag.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).
    basis : {"actual", "reported"}
        Whose progress earns value (see
        :func:`~pmo_exercises.tracking.earned_value_history`): the audit truth
        (default) or the managers' reported percent complete.

    Returns
    -------
    pandas.DataFrame
        One row per week (1 to the status week) and project:
        ``week``, ``status_date``, ``project_id``, ``bac``, ``pv``, ``ev``,
        ``ac``, ``spi``, ``cpi``, ``eac_cpi`` (from the EV history),
        ``open_risks``, ``high_risks``, ``exposure`` (currency),
        ``exposure_pct`` (of the BAC), ``schedule_rag``, ``cost_rag``,
        ``risk_rag``, ``overall_rag`` (computed; missing when undefined),
        ``reported_rag`` (``project_status``; missing without a status row),
        ``rag_gap`` (steps reported is better than computed overall; ``Int64``)
        and ``watermelon`` (bool; see the module notes).

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.reporting import rag_history
    >>> h = rag_history(pmo.load_portfolio())
    >>> h[h["watermelon"]][["week", "project_id", "reported_rag", "overall_rag"]]  # doctest: +SKIP
    """
    from ..tracking import earned_value_history

    policy = resolve_policy(policy)
    ev = earned_value_history(portfolio, basis=basis)
    ev = ev[ev["week"] >= 1].reset_index(drop=True)
    cols = ["week", "status_date", "project_id", "bac", "pv", "ev", "ac", "spi", "cpi", "eac_cpi"]
    out = ev[cols].copy()
    risks = risk_exposure_history(portfolio, policy, np.unique(out["week"]))
    out = _join(out, risks)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["exposure_pct"] = np.where(out["bac"] > 0, out["exposure"] / out["bac"] * 100, np.nan)
    codes = _codes(out["spi"], out["cpi"], out["high_risks"], out["exposure_pct"], policy)
    for name, values in codes.items():
        out[f"{name}_rag"] = _labels(values).to_numpy()
    status = portfolio.project_status[["week", "project_id", "reported_rag"]]
    out = _join(out, status)
    gap = codes["overall"] - rag_code(out["reported_rag"])
    out["rag_gap"] = pd.array(pd.Series(gap, dtype="float64").astype("Int64"))
    out["watermelon"] = (codes["overall"] == 2) & (
        np.nan_to_num(gap, nan=-1) >= policy.watermelon_min_steps
    )
    out["reported_rag"] = out["reported_rag"].astype(object).where(out["reported_rag"].notna())
    return out[list(RAG_HISTORY_COLUMNS)]


def _join(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """``left.merge(right, on=["week", "project_id"], how="left", validate="one_to_one")``.

    Done as a lookup on one integer key per row: the merge costs several times
    more, and these tables have a few hundred rows. Duplicate keys (which the
    merge refuses with its own error) and an empty ``right`` go to the merge.
    """
    keys = ["week", "project_id"]
    codes, ids = pd.factorize(
        np.concatenate([left["project_id"].to_numpy(), right["project_id"].to_numpy()])
    )
    week = np.concatenate([left["week"].to_numpy(), right["week"].to_numpy()])
    key = week.astype(np.int64) * max(len(ids), 1) + codes
    mine, theirs = pd.Index(key[: len(left)]), pd.Index(key[len(left) :])
    if right.empty or not (mine.is_unique and theirs.is_unique):
        return left.merge(right, on=keys, how="left", validate="one_to_one")
    at = theirs.get_indexer(mine)
    found = at >= 0
    out = left.copy()
    for column in right.columns.drop(keys):
        out[column] = right[column].take(np.where(found, at, 0)).where(found).array
    return out
