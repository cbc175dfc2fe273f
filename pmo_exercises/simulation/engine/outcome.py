"""The portfolio a run leaves behind: its status tables, events, projects, registers and artefacts.

:func:`new_portfolio` turns the weekly rows (:class:`.weekly.WeeklyRecord`)
into the ``task_status`` and ``project_status`` tables, appended to the
history kept up to the status date, and brings the other tables up to the
new status date: the events that struck, each project's stage, state and
reported RAG, the risks that occurred and opportunities realised, and the gate
artefacts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ...core import tables
from ...core.portfolio import Portfolio
from ...core.schema import DAYS_PER_WEEK, RAG
from ..workdays import date_to_day, day_to_date

if TYPE_CHECKING:  # pragma: no cover
    from .state import RunState
    from .weekly import WeeklyRecord

__all__ = ["new_portfolio"]

_EVENT_COLUMNS = [
    "week",
    "date",
    "project_id",
    "task_id",
    "source_id",
    "kind",
    "cost_impact",
    "schedule_impact_days",
]


def new_portfolio(run: RunState, record: WeeklyRecord) -> Portfolio:
    """The portfolio at the end of ``run``, whose weekly rows are ``record``'s."""
    p, n, w, m = run.p, len(run.task_ids), record.weeks, run.n_proj
    out = {key: value.reshape(-1) for key, value in record.out.items()}
    week_numbers = np.arange(run.week0 + 1, run.week0 + w + 1)
    task_status = tables.make(
        "task_status",
        {
            "week": np.repeat(week_numbers, n),
            "status_date": np.repeat(out["date"], n),
            "task_id": tables.tiled(run.task_ids, w),
            "project_id": tables.tiled(p.tasks["project_id"].to_numpy(), w),
            "pct_complete_actual": out["task_actual"],
            "pct_complete_reported": out["task_reported"],
            "actual_cost": out["task_cost"],
            "actual_start": _dates_or_nat(run.start, out["start_day"]),
            "actual_finish": _dates_or_nat(
                run.start,
                out["finish_day"] - 1,
                out["finish_day"] < 0,
                floor=out["start_day"],
            ),
        },
    )
    project_status = tables.make(
        "project_status",
        {
            "week": np.repeat(week_numbers, m),
            "status_date": np.repeat(out["date"], m),
            "project_id": tables.tiled(p.projects["project_id"].to_numpy(), w),
            "pct_complete_actual": out["proj_actual"],
            "pct_complete_reported": out["proj_reported"],
            "actual_cost": out["proj_cost"],
            "reported_rag": np.array(RAG, dtype=object)[out["rag"]],
            "last_update": out["last_update"],
        },
    )
    # a project that never reported still shows when its status was last touched: never
    project_status["last_update"] = project_status["last_update"].fillna(
        pd.Timestamp(run.start) - pd.Timedelta(days=3)
    )
    keep = p.task_status["week"] <= run.week0
    keep_p = p.project_status["week"] <= run.week0
    status_week = run.week0 + record.weeks
    status_date = record.out["date"][-1]
    return p.replace(
        task_status=pd.concat([p.task_status[keep], task_status], ignore_index=True),
        project_status=pd.concat([p.project_status[keep_p], project_status], ignore_index=True),
        events=_events_table(run),
        projects=_projects_now(run, status_week),
        risks=_mark(p.risks, run.risk, "occurred"),
        opportunities=_mark(p.opportunities, run.opp, "realised"),
        artefacts=_artefacts_now(run),
        meta={
            "status_week": status_week,
            "status_date": f"{pd.Timestamp(status_date):%Y-%m-%d}",
        },
    )


def _events_table(run: RunState) -> pd.DataFrame:
    new = pd.DataFrame(run.events, columns=_EVENT_COLUMNS)
    new["date"] = day_to_date(run.start, new["date"].to_numpy())
    new = tables.make("events", {c: new[c].to_numpy() for c in new.columns})
    old = run.p.events[run.p.events["week"] <= run.week0]
    return pd.concat([old, new], ignore_index=True) if len(old) else new


def _projects_now(run: RunState, status_week: int) -> pd.DataFrame:
    projects = run.p.projects.copy()
    any_started = np.bincount(run.proj, run.started, run.n_proj) > 0
    all_done = np.bincount(run.proj, ~run.finished, run.n_proj) == 0
    soon = (date_to_day(run.start, projects["planned_start"]) - status_week * DAYS_PER_WEEK) <= 20
    stage = np.where(
        all_done,
        "closing",
        np.where(any_started, "execution", np.where(soon, "planning", "initiation")),
    )
    projects["stage"] = stage
    projects["state"] = np.where(
        all_done & (projects["state"] == "active"), "completed", projects["state"]
    )
    projects["reported_rag"] = np.array(RAG, dtype=object)[run.rag]
    return projects


def _artefacts_now(run: RunState) -> pd.DataFrame:
    """Gate artefacts follow the work.

    Approved when execution starts, if the project has the discipline; a
    closure report drafted at the end.
    """
    art = run.p.artefacts.copy()
    pids = run.p.projects["project_id"]
    first = np.full(run.n_proj, np.iinfo(np.int64).max)
    np.minimum.at(first, run.proj[run.started], run.start_day[run.started])
    started = pd.Series(first < np.iinfo(np.int64).max, index=pids)
    disciplined = pd.Series(run.drivers["gate_discipline"].to_numpy() == 1, index=pids)
    start_date = pd.Series(day_to_date(run.start, np.where(started, first - 1, 0)), index=pids)
    gate = art["artefact"].isin(["schedule_baseline", "risk_register", "sponsor_signoff"])
    approve = (
        gate
        & (art["state"] != "approved")
        & art["project_id"].map(started)
        & art["project_id"].map(disciplined)
    )
    art.loc[approve, "state"] = "approved"
    art.loc[approve, "approved_on"] = art.loc[approve, "project_id"].map(start_date).to_numpy()
    done = pd.Series(np.bincount(run.proj, ~run.finished, run.n_proj) == 0, index=pids)
    closing = (
        (art["artefact"] == "closure_report")
        & (art["state"] == "missing")
        & art["project_id"].map(done)
    )
    art.loc[closing, "state"] = "draft"
    return art


def _dates_or_nat(start, days, missing=None, floor=None) -> np.ndarray:
    days = np.asarray(days)
    if missing is None:
        missing = days < 0
    if floor is not None:  # a milestone finishes on the day it starts
        days = np.maximum(days, floor)
    # millions of rows but a few hundred distinct days: convert each day once
    safe = np.where(missing, 0, days)
    lookup = day_to_date(start, np.arange(int(safe.max(initial=0)) + 1))
    out = lookup[safe]
    out[missing] = np.datetime64("NaT")
    return out


def _mark(register: pd.DataFrame, fate: dict, state: str) -> pd.DataFrame:
    out = register.copy()
    out.loc[fate["happened"], "state"] = state
    return out
