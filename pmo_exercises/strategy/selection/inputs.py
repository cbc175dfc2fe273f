"""The inputs of a selection, from a portfolio: candidates, role demand and role capacity."""

from __future__ import annotations

import pandas as pd

__all__ = ["selection_inputs"]


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
    from ...planning import portfolio_schedule, resource_loading
    from ..scoring import score_projects

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
