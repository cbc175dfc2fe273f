"""Scenario interventions: what a PMO can decide, as pure functions.

Each function takes a portfolio and returns a **new** one; the input is never
changed. Re-run the future with :func:`~pmo_exercises.simulate` from the
status date to see the effect, and compare with the run that did nothing::

    import pmo_exercises as pmo
    p = pmo.load_portfolio()
    helped = pmo.scenarios.add_capacity(p, "SEC", people=1)
    before = pmo.simulate(p, weeks=8, seed=1)
    after = pmo.simulate(helped, weeks=8, seed=1)

A crash and a scope cut are approved changes: they re-baseline the tasks they
touch (duration, cost, BAC), as a change board would. The other
interventions leave the baseline alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from ..core.portfolio import Portfolio
from ..core.schema import RISK_RESPONSES
from . import names

__all__ = [
    "add_capacity",
    "cancel_project",
    "crash_task",
    "cut_scope",
    "fast_track",
    "fund_risk_response",
    "pause_project",
    "reprioritise",
    "resume_project",
]


def _row(frame: pd.DataFrame, table: str, column: str, value: str) -> int:
    hits = np.flatnonzero(frame[column].to_numpy() == value)
    if hits.size == 0:
        raise PortfolioError(table, f"no {column} {value!r} in this portfolio", column=column)
    return int(hits[0])


def _progress(p: Portfolio, task_ids) -> pd.Series:
    """Actual percent complete of tasks at the status date (0 without history)."""
    ts = p.task_status
    latest = ts[ts["week"] == p.status_week].set_index("task_id")["pct_complete_actual"]
    return pd.Series(task_ids, index=task_ids).map(latest).fillna(0.0)


def add_capacity(p: Portfolio, role_id: str, people: int) -> Portfolio:
    """Add (or, with a negative number, remove) people in a shared pool.

    Parameters
    ----------
    role_id : str
        The pool, such as ``"SEC"``.
    people : int
        People added; each gives the pool the same share of their week as
        the others (``names.AVAILABILITY``).
    """
    roles = p.roles.copy()
    i = _row(roles, "roles", "role_id", role_id)
    heads = int(roles.at[i, "headcount"]) + int(people)
    if heads < 0:
        raise PortfolioError(
            "roles",
            f"cannot remove {-people} people from a pool of {roles.at[i, 'headcount']}",
            row=i,
            key=f"role_id {role_id!r}",
            column="headcount",
        )
    roles.at[i, "headcount"] = heads
    roles.at[i, "capacity_days_per_week"] = heads * 5 * names.AVAILABILITY
    return p.replace(roles=roles)


def crash_task(p: Portfolio, task_id: str, days: float, extra_cost: float) -> Portfolio:
    """Shorten a task by ``days`` at a price (more people, overtime).

    The three-point estimate and the baseline duration all drop by ``days``
    (never below one day), and ``extra_cost`` is added to the task's planned
    cost and its project's BAC.
    """
    tasks = p.tasks.copy()
    i = _row(tasks, "tasks", "task_id", task_id)
    key = f"task_id {task_id!r}"
    if _progress(p, [task_id]).iat[0] >= 100:
        raise PortfolioError(
            "tasks", "the task is finished: there is nothing left to crash", row=i, key=key
        )
    if days <= 0 or extra_cost < 0:
        raise PortfolioError(
            "tasks",
            f"crash by a positive number of days at a cost >= 0, not {days} days for {extra_cost}",
            row=i,
            key=key,
        )
    if tasks.at[i, "duration_days"] - days < 1:
        raise PortfolioError(
            "tasks",
            f"cannot crash {tasks.at[i, 'duration_days']:g} days by "
            f"{days:g}: a task keeps at least one day",
            row=i,
            key=key,
            column="duration_days",
        )
    for col in ("optimistic_days", "most_likely_days", "pessimistic_days", "duration_days"):
        tasks.at[i, col] = max(1.0, float(tasks.at[i, col]) - days)
    tasks.at[i, "planned_cost"] += extra_cost
    start = np.datetime64(tasks.at[i, "baseline_start"].date(), "D")
    tasks.at[i, "baseline_finish"] = pd.Timestamp(
        np.busday_offset(start, int(tasks.at[i, "duration_days"]) - 1, roll="forward")
    )
    return p.replace(tasks=tasks, projects=_rebudget(p.projects, tasks))


def fast_track(p: Portfolio, predecessor: str, successor: str, overlap_days: float) -> Portfolio:
    """Overlap two linked tasks: the successor may start ``overlap_days`` earlier.

    The link's lag drops by the overlap (a negative lag is a lead). Fast
    tracking buys time with risk: rework is not modelled here, so say so
    when you recommend it.
    """
    links = p.dependencies.copy()
    hit = np.flatnonzero(
        (links["predecessor"] == predecessor).to_numpy()
        & (links["successor"] == successor).to_numpy()
    )
    if hit.size == 0:
        raise PortfolioError("dependencies", f"no link from {predecessor!r} to {successor!r}")
    if overlap_days <= 0:
        raise PortfolioError(
            "dependencies",
            f"overlap must be positive, not {overlap_days}",
            row=int(hit[0]),
            column="lag_days",
        )
    links.loc[hit[0], "lag_days"] -= overlap_days
    return p.replace(dependencies=links)


def cut_scope(p: Portfolio, task_ids, value_lost: float = 0.0) -> Portfolio:
    """Drop tasks that have not started, and reconnect the network around them.

    Each dropped task's predecessors are linked finish-to-start to its
    successors, so the logic that ran through it still holds. Risks and
    opportunities on the dropped tasks go with them.

    Parameters
    ----------
    task_ids : str or list of str
        Tasks to drop; all from the same project, none started.
    value_lost : float
        Share of the project's business value lost with the scope (0 to 1).
    """
    drop = [task_ids] if isinstance(task_ids, str) else list(task_ids)
    tasks = p.tasks
    for t in drop:
        _row(tasks, "tasks", "task_id", t)
    started = _progress(p, drop)
    if (started > 0).any():
        first = started[started > 0].index[0]
        raise PortfolioError(
            "tasks",
            "the task has started: only work not yet begun can be cut",
            row=_row(tasks, "tasks", "task_id", first),
            key=f"task_id {first!r}",
        )
    projects_hit = tasks.loc[tasks["task_id"].isin(drop), "project_id"].unique()
    if len(projects_hit) != 1:
        raise PortfolioError("tasks", "cut scope in one project at a time", column="project_id")
    if not 0 <= value_lost <= 1:
        raise ValueError(f"value_lost is a share from 0 to 1, not {value_lost}")
    links = p.dependencies
    for t in drop:  # bridge each dropped task, one at a time
        into = links[links["successor"] == t]
        out = links[links["predecessor"] == t]
        bridge = pd.DataFrame(
            {
                "predecessor": np.repeat(into["predecessor"].to_numpy(), len(out)),
                "successor": np.tile(out["successor"].to_numpy(), len(into)),
                "type": "FS",
                "lag_days": 0.0,
            }
        )
        links = pd.concat(
            [links[(links["successor"] != t) & (links["predecessor"] != t)], bridge],
            ignore_index=True,
        )
        links = links.drop_duplicates(["predecessor", "successor"], keep="first")
    links = links[links["predecessor"] != links["successor"]].reset_index(drop=True)
    links = links.astype(p.dependencies.dtypes.to_dict())
    keep = ~tasks["task_id"].isin(drop)
    new_tasks = tasks[keep].reset_index(drop=True)
    projects = _rebudget(p.projects, new_tasks)
    if value_lost:
        i = _row(projects, "projects", "project_id", projects_hit[0])
        projects.at[i, "business_value"] = round(
            projects.at[i, "business_value"] * (1 - value_lost), -3
        )
    not_dropped = {
        name: getattr(p, name)[~getattr(p, name)["task_id"].isin(drop)].reset_index(drop=True)
        for name in ("assignments", "risks", "opportunities", "task_status", "events")
    }
    return p.replace(tasks=new_tasks, dependencies=links, projects=projects, **not_dropped)


def _set_state(
    p: Portfolio, project_id: str, state: str, allowed_from: tuple[str, ...]
) -> Portfolio:
    projects = p.projects.copy()
    i = _row(projects, "projects", "project_id", project_id)
    now = projects.at[i, "state"]
    if now not in allowed_from:
        raise PortfolioError(
            "projects",
            f"a {now} project cannot become {state}",
            row=i,
            key=f"project_id {project_id!r}",
            column="state",
        )
    projects.at[i, "state"] = state
    return p.replace(projects=projects)


def pause_project(p: Portfolio, project_id: str) -> Portfolio:
    """Pause a project: its tasks stop and release their people until it resumes."""
    return _set_state(p, project_id, "paused", ("active",))


def resume_project(p: Portfolio, project_id: str) -> Portfolio:
    """Resume a paused project."""
    return _set_state(p, project_id, "active", ("paused",))


def cancel_project(p: Portfolio, project_id: str) -> Portfolio:
    """Cancel a project: its work stops for good; what it spent stays spent."""
    return _set_state(p, project_id, "cancelled", ("active", "paused"))


def reprioritise(p: Portfolio, project_id: str, priority: int) -> Portfolio:
    """Give a project a new priority (1 highest, 5 lowest) in the fight for shared people."""
    projects = p.projects.copy()
    i = _row(projects, "projects", "project_id", project_id)
    if priority not in (1, 2, 3, 4, 5):
        raise PortfolioError(
            "projects",
            f"priority goes from 1 (highest) to 5, not {priority!r}",
            row=i,
            key=f"project_id {project_id!r}",
            column="priority",
        )
    projects.at[i, "priority"] = priority
    return p.replace(projects=projects)


def fund_risk_response(
    p: Portfolio,
    risk_id: str,
    response: str = "mitigate",
    probability_factor: float = 0.5,
    impact_factor: float = 1.0,
    response_cost: float | None = None,
) -> Portfolio:
    """Fund a response to an open risk: lower its probability and/or impact, at a cost.

    Parameters
    ----------
    response : {"avoid", "mitigate", "transfer", "accept"}
        The response now planned.
    probability_factor, impact_factor : float
        What the response does: the probability and the cost impact are
        multiplied by these (0 to 1).
    response_cost : float, optional
        The response's cost; defaults to the cost already in the register.
        It is added to the linked task's budget and the project's BAC.
    """
    risks = p.risks.copy()
    i = _row(risks, "risks", "risk_id", risk_id)
    key = f"risk_id {risk_id!r}"
    if risks.at[i, "state"] != "open":
        raise PortfolioError(
            "risks",
            f"the risk is {risks.at[i, 'state']}: only an open risk can be responded to",
            row=i,
            key=key,
            column="state",
        )
    if response not in RISK_RESPONSES:
        raise PortfolioError(
            "risks",
            f"unknown response {response!r}; use one of {', '.join(RISK_RESPONSES)}",
            row=i,
            key=key,
            column="response",
        )
    for name, f in (("probability_factor", probability_factor), ("impact_factor", impact_factor)):
        if not 0 <= f <= 1:
            raise ValueError(f"{name} is a factor from 0 to 1, not {f}")
    cost = float(risks.at[i, "response_cost"] if response_cost is None else response_cost)
    risks.at[i, "response"] = response
    risks.at[i, "probability"] = round(float(risks.at[i, "probability"]) * probability_factor, 4)
    risks.at[i, "cost_impact"] = round(float(risks.at[i, "cost_impact"]) * impact_factor, 2)
    risks.at[i, "response_cost"] = cost
    tasks = p.tasks.copy()
    t = _row(tasks, "tasks", "task_id", risks.at[i, "task_id"])
    tasks.at[t, "planned_cost"] += cost
    return p.replace(risks=risks, tasks=tasks, projects=_rebudget(p.projects, tasks))


def _rebudget(projects: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Projects with their BAC recomputed from their tasks."""
    out = projects.copy()
    bac = tasks.groupby("project_id")["planned_cost"].sum()
    out["bac"] = out["project_id"].map(bac).fillna(0.0).astype("float64")
    return out
