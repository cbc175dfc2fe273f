"""The portfolio dashboard: one row per project, what a steering committee reads first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .policy import resolve_policy
from .rag import open_risk_mask, rag_code, rag_history

__all__ = ["DASHBOARD_COLUMNS", "TREND_WEEKS", "portfolio_dashboard"]

#: How many weeks back the trend compares the overall RAG with.
TREND_WEEKS = 4
#: The columns of :func:`portfolio_dashboard`, in order.
DASHBOARD_COLUMNS = (
    "project_id",
    "name",
    "stage",
    "state",
    "schedule_rag",
    "cost_rag",
    "risk_rag",
    "overall_rag",
    "reported_rag",
    "watermelon",
    "spi",
    "cpi",
    "bac",
    "eac",
    "eac_vs_bac_pct",
    "top_risks",
    "next_milestone",
    "next_milestone_date",
    "trend",
    "last_update",
)


def portfolio_dashboard(portfolio, policy=None, week=None, basis="actual") -> pd.DataFrame:
    """One row per project at a status week: stage, RAG, indices, forecast, risks, trend.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).
    week : int, optional
        The status week (default: the latest).
    basis : {"actual", "reported"}
        Whose progress earns value and sizes the remaining work (see
        :func:`~pmo_exercises.reporting.rag_history`).

    Returns
    -------
    pandas.DataFrame
        One row per project, in table order:

        * ``project_id``, ``name``, ``stage``, ``state`` (``projects``);
        * ``schedule_rag``, ``cost_rag``, ``risk_rag``, ``overall_rag``: the
          RAG computed from the policy; ``reported_rag``: the manager's that
          week; ``watermelon`` (bool) (see :func:`rag_history`);
        * ``spi``, ``cpi``, ``bac`` (the tasks' planned cost, the BAC of
          EVM: where ``projects.bac`` differs,
          :func:`~pmo_exercises.core.validation.check_consistency` warns),
          ``eac`` (``eac_cpi`` = BAC / CPI, from
          :func:`pmo_exercises.tracking.evm`; missing before any value is
          earned) and ``eac_vs_bac_pct`` (``(EAC / BAC - 1) x 100``: > 0 is
          an overrun);
        * ``top_risks``: the ids of up to three open risks with the largest
          exposure (probability x cost impact), comma-separated;
        * ``next_milestone``, ``next_milestone_date``: the earliest milestone
          (a task of zero duration) not done, with its forecast finish from
          :func:`pmo_exercises.planning.portfolio_schedule`;
        * ``trend``: the overall RAG against the one ``TREND_WEEKS`` (4) weeks
          earlier: ``"improving"``, ``"stable"`` or ``"worsening"``; missing
          when either is undefined or the history is shorter;
        * ``last_update``: when the manager last updated the status.

    Raises
    ------
    ValueError
        When ``week`` is not between 1 and the status week.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.governance import portfolio_dashboard
    >>> portfolio_dashboard(pmo.load_portfolio())  # doctest: +SKIP
    """
    from ..planning import portfolio_schedule

    policy = resolve_policy(policy)
    week = portfolio.check_week(week)
    projects = portfolio.projects
    history = rag_history(portfolio, policy, basis=basis)
    now = history[history["week"] == week].set_index("project_id").reindex(projects["project_id"])
    out = projects[["project_id", "name", "stage", "state"]].reset_index(drop=True)
    for col in ("schedule_rag", "cost_rag", "risk_rag", "overall_rag", "reported_rag"):
        out[col] = now[col].to_numpy()
    out["watermelon"] = now["watermelon"].eq(True).to_numpy(dtype=bool)
    out["spi"] = now["spi"].to_numpy()
    out["cpi"] = now["cpi"].to_numpy()
    # the BAC that EVM used (the tasks' planned cost), so that EAC / BAC compares like
    # with like; projects.bac may differ (check_consistency warns: bac_vs_tasks)
    out["bac"] = now["bac"].fillna(projects.set_index("project_id")["bac"]).to_numpy(dtype=float)
    out["eac"] = now["eac_cpi"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["eac_vs_bac_pct"] = np.where(
            out["bac"] > 0, (out["eac"] / out["bac"] - 1) * 100, np.nan
        )
    out["top_risks"] = _top_risks(portfolio, week, projects["project_id"])
    milestone = _next_milestones(portfolio_schedule(portfolio, week=week, basis=basis))
    ids = out["project_id"]
    out["next_milestone"] = pd.Series(
        milestone["name"].reindex(ids).to_numpy(dtype=object), dtype=object
    )
    out["next_milestone_date"] = pd.to_datetime(milestone["finish"].reindex(ids)).to_numpy()
    out["trend"] = _trend(history, week, projects["project_id"])
    status = portfolio.project_status
    status = status[status["week"] == week].set_index("project_id")
    # reindex, not map: a week without any status row (a status week past the data)
    # leaves an empty table, which Series.map cannot turn into dates
    out["last_update"] = pd.to_datetime(status["last_update"].reindex(ids)).to_numpy()
    return out[list(DASHBOARD_COLUMNS)]


def _top_risks(portfolio, week, project_ids, n=3) -> np.ndarray:
    r = portfolio.risks
    open_ = open_risk_mask(portfolio, portfolio.week_dates([week]))[0]
    live = r[open_].assign(exposure=lambda t: t["probability"] * t["cost_impact"])
    live = live.sort_values(["exposure", "risk_id"], ascending=[False, True], kind="stable")
    top = live.groupby("project_id", sort=False)["risk_id"].agg(lambda s: ", ".join(s.iloc[:n]))
    found = top.reindex(project_ids).to_numpy(dtype=object)
    return np.where(pd.isna(found), "", found).astype(object)


def _next_milestones(schedule: pd.DataFrame) -> pd.DataFrame:
    ahead = schedule[(schedule["baseline_ef"] == schedule["baseline_es"])]
    ahead = ahead[ahead["status"] != "done"]
    ahead = ahead.sort_values(["ef", "finish"], kind="stable")
    return ahead.groupby("project_id", sort=False)[["name", "finish"]].first()


def _trend(history, week, project_ids) -> np.ndarray:
    then = week - TREND_WEEKS
    now = history[history["week"] == week].set_index("project_id")["overall_rag"]
    before = history[history["week"] == then].set_index("project_id")["overall_rag"]
    a = rag_code(now.reindex(project_ids).to_numpy())
    b = rag_code(before.reindex(project_ids).to_numpy()) if then >= 1 else np.full(a.size, np.nan)
    words = np.where(a < b, "improving", np.where(a > b, "worsening", "stable")).astype(object)
    words[np.isnan(a) | np.isnan(b)] = None
    return words
