"""Detectors for the teaching situations of CURRICULUM.md ("The running case").

Each returns the projects (or rows) that show the situation, computed from the
data alone, the way a PMO analyst would find them. Tests use them to prove that
every teaching portfolio, default or variant, contains every situation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _evm(p) -> pd.DataFrame:
    """Per project at the status date: PV from the baseline, EV from actual progress, AC."""
    t = p.tasks.set_index("task_id")
    ts = p.task_status[p.task_status["week"] == p.status_week].set_index("task_id")
    start = np.datetime64(pd.Timestamp(p.meta["start_date"]).date(), "D")
    bstart = np.busday_count(start, t["baseline_start"].to_numpy().astype("datetime64[D]"))
    planned = np.clip((p.status_week * 5 - bstart) / np.maximum(t["duration_days"], 1), 0, 1)
    by = t["project_id"]
    out = pd.DataFrame(
        {
            "pv": (t["planned_cost"] * planned).groupby(by).sum(),
            "ev": (t["planned_cost"] * ts["pct_complete_actual"] / 100).groupby(by).sum(),
            "ac": ts["actual_cost"].groupby(by).sum(),
        }
    )
    out["spi"] = out["ev"] / out["pv"]
    out["cpi"] = out["ev"] / out["ac"]
    return out.join(p.projects.set_index("project_id"))


def watermelons(p) -> list[str]:
    e = _evm(p)
    red = (e["spi"] < 0.85) | (e["cpi"] < 0.85)
    return sorted(e.index[red & (e["reported_rag"] == "green") & (e["stage"] == "execution")])


def ninety_percent_tasks(p, weeks: int = 4) -> pd.DataFrame:
    """Status rows of the last few weeks where a task in progress was reported
    at least 25 points ahead of its real progress."""
    ts = p.task_status[p.task_status["week"] > p.status_week - weeks]
    gap = ts["pct_complete_reported"] - ts["pct_complete_actual"]
    return ts[(gap >= 25) & (ts["pct_complete_actual"] < 100)]


def stale_projects(p) -> list[str]:
    ps = p.project_status[p.project_status["week"] == p.status_week].set_index("project_id")
    age = (p.status_date - ps["last_update"]).dt.days
    active = p.projects.set_index("project_id")["stage"] == "execution"
    return sorted(ps.index[(age >= 28) & active.reindex(ps.index)])


def unowned_or_unanswered_high_risks(p) -> pd.DataFrame:
    r = p.risks
    high = (r["probability"] >= 0.5) & (r["state"] == "open")
    return r[high & (r["owner"].isna() | r["response"].isna())]


def executing_without_gate(p) -> list[str]:
    a = p.artefacts
    missing = a[
        a["artefact"].isin(["schedule_baseline", "risk_register"]) & (a["state"] != "approved")
    ]
    executing = set(p.projects.loc[p.projects["stage"] == "execution", "project_id"])
    return sorted(set(missing["project_id"]) & executing)


def should_stop(p) -> list[str]:
    e = _evm(p)
    eac = e["ac"] + (e["bac"] - e["ev"]) / e["cpi"]
    return sorted(e.index[(eac > e["business_value"]) & (e["stage"] == "execution")])


def weak_fit(p) -> list[str]:
    return sorted(p.projects.loc[p.projects["objective_id"].isna(), "project_id"])


def overbooked_experts(p, weeks_around: int = 6) -> list[str]:
    """Scarce pools that the plan books beyond capacity, by two projects or more,
    in the weeks around the status date: the resource-loading view of a PMO."""
    start = np.datetime64(pd.Timestamp(p.meta["start_date"]).date(), "D")
    t = p.tasks[p.tasks["duration_days"] > 0]
    es = np.busday_count(start, t["baseline_start"].to_numpy().astype("datetime64[D]"))
    ef = es + t["duration_days"].to_numpy().astype(int)
    fte = p.assignments.set_index("task_id")["fte"].reindex(t["task_id"]).to_numpy()
    cap = p.roles.set_index("role_id")["capacity_days_per_week"] / 5
    lo, hi = (p.status_week - weeks_around) * 5, (p.status_week + weeks_around) * 5
    found = []
    for role in ("ARC", "SEC"):
        sel = (t["role_id"] == role).to_numpy()
        for day in range(lo, hi):
            on = sel & (es <= day) & (ef > day)
            if fte[on].sum() > cap[role] + 1e-9 and t["project_id"][on].nunique() >= 2:
                found.append(role)
                break
    return found
