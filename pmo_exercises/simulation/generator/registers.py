"""The registers: governance artefacts, risks and opportunities.

They are drawn up in the planning round, before the portfolio starts: no entry
is dated after working day 0 (see :func:`_logged`), so none postdates a status
date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.schema import ARTEFACTS, RISK_CATEGORIES, RISK_RESPONSES
from .. import names

__all__ = ["draw_artefacts", "draw_opportunities", "draw_risks"]


def draw_artefacts(rng: np.random.Generator, projects: pd.DataFrame, day0: pd.Timestamp) -> dict:
    """Each project's gate artefacts: business case and charter approved, the rest to come."""
    # Business case and charter are approved in the planning round, before the
    # portfolio starts (so never after a status date); the planning artefacts are
    # drafts until the project enters execution (see simulate).
    n = len(projects)
    start = projects["planned_start"].to_numpy()
    case_on = _logged(rng, start - _days(rng, 40, 90, n), day0 - pd.Timedelta(days=30))
    charter_on = _logged(rng, start - _days(rng, 5, 30, n), day0)
    arts = ARTEFACTS  # business case, charter, baseline, risk register, sign-off, closure
    states = ("approved", "approved", "draft", "draft", "draft", "missing")
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    dates = (case_on, charter_on, nat, nat, nat, nat)
    return {
        "project_id": np.repeat(projects["project_id"].to_numpy(), len(arts)),
        "artefact": np.tile(arts, n),
        "state": np.tile(states, n),
        "approved_on": np.stack(dates, axis=1).ravel(),
    }


def draw_risks(rng, tasks, projects, people, size, start) -> dict:
    """The risk register: ``size`` (low, high) risks per project, each on a task with real work."""
    n_proj = len(projects)
    counts = rng.integers(size[0], size[1] + 1, n_proj)
    proj = np.repeat(np.arange(n_proj), counts)
    total = int(counts.sum())
    local = np.arange(total) - np.concatenate([[0], np.cumsum(counts)[:-1]])[proj]
    task = _pick_work_task(rng, tasks, proj)
    category = rng.integers(0, len(RISK_CATEGORIES), total)
    titles = _flat_lookup(
        [names.RISK_TITLES[c] for c in RISK_CATEGORIES], category, rng.random(total)
    )
    probability = rng.choice(
        [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
        total,
        p=[0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05],
    )
    cost = np.maximum(
        500.0, np.round(tasks["planned_cost"].to_numpy()[task] * rng.uniform(0.1, 0.8, total), -2)
    )
    days = np.maximum(
        1.0, np.round(tasks["duration_days"].to_numpy()[task] * rng.uniform(0.1, 0.6, total))
    )
    owner = people[rng.integers(0, len(people), total)].copy()
    owner[rng.random(total) < 0.04] = None
    response = rng.choice(np.array(RISK_RESPONSES, dtype=object), total, p=[0.1, 0.45, 0.1, 0.35])
    response[rng.random(total) < 0.04] = None
    response_cost = np.where(
        np.isin(response, ["avoid", "mitigate", "transfer"]),
        np.round(cost * rng.uniform(0.05, 0.2, total), -2),
        0.0,
    )
    pid = projects["project_id"].to_numpy()
    logged = _logged(
        rng, projects["planned_start"].to_numpy()[proj] - _days(rng, 0, 30, total), start
    )
    return {
        "risk_id": [f"R-{pid[p]}-{k + 1:02d}" for p, k in zip(proj, local, strict=True)],
        "project_id": pid[proj],
        "task_id": tasks["task_id"].to_numpy()[task],
        "title": titles,
        "category": np.array(RISK_CATEGORIES, dtype=object)[category],
        "probability": probability,
        "cost_impact": cost,
        "schedule_impact_days": days,
        "owner": owner,
        "response": response,
        "response_cost": response_cost,
        "state": "open",
        "identified_on": logged,
    }


def draw_opportunities(rng, tasks, projects, people, start) -> dict:
    """The opportunity register: one to three per project, each on a task with real work."""
    n_proj = len(projects)
    counts = rng.integers(1, 4, n_proj)
    proj = np.repeat(np.arange(n_proj), counts)
    total = int(counts.sum())
    local = np.arange(total) - np.concatenate([[0], np.cumsum(counts)[:-1]])[proj]
    task = _pick_work_task(rng, tasks, proj)
    pid = projects["project_id"].to_numpy()
    owner = people[rng.integers(0, len(people), total)].copy()
    owner[rng.random(total) < 0.2] = None
    logged = _logged(
        rng, projects["planned_start"].to_numpy()[proj] + _days(rng, 0, 20, total), start
    )
    return {
        "opportunity_id": [f"O-{pid[p]}-{k + 1}" for p, k in zip(proj, local, strict=True)],
        "project_id": pid[proj],
        "task_id": tasks["task_id"].to_numpy()[task],
        "title": np.array(names.OPPORTUNITY_TITLES, dtype=object)[
            rng.integers(0, len(names.OPPORTUNITY_TITLES), total)
        ],
        "probability": rng.choice([0.2, 0.3, 0.4, 0.5, 0.6], total),
        "cost_saving": np.round(
            tasks["planned_cost"].to_numpy()[task] * rng.uniform(0.05, 0.3, total), -2
        ),
        "schedule_gain_days": np.floor(
            tasks["duration_days"].to_numpy()[task] * rng.uniform(0.0, 0.3, total)
        ),
        "owner": owner,
        "state": "open",
        "identified_on": logged,
    }


def _pick_work_task(rng, tasks: pd.DataFrame, owner_proj: np.ndarray) -> np.ndarray:
    """A random task with real work (not a milestone) in each given project."""
    work = np.flatnonzero(tasks["duration_days"].to_numpy() > 0)
    work_proj = tasks["_proj"].to_numpy()[work]
    starts = np.searchsorted(work_proj, owner_proj, side="left")
    ends = np.searchsorted(work_proj, owner_proj, side="right")
    return work[starts + (rng.random(len(owner_proj)) * (ends - starts)).astype(np.int64)]


def _flat_lookup(pools: list[tuple], which: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Pick ``pools[which[i]][floor(u[i] * len)]`` for every i at once."""
    flat = np.array([x for pool in pools for x in pool], dtype=object)
    lengths = np.array([len(p) for p in pools])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return flat[
        offsets[which] + np.minimum((u * lengths[which]).astype(np.int64), lengths[which] - 1)
    ]


def _days(rng, low: int, high: int, n: int) -> np.ndarray:
    return rng.integers(low, high, n).astype("timedelta64[D]")


def _logged(rng, wanted: np.ndarray, start: pd.Timestamp) -> np.ndarray:
    """Registers are drawn up in the planning round before the portfolio starts.

    Nothing is logged later than a few weeks before working day 0, whatever
    the project's own start, so that no entry is dated after a status date.
    """
    latest = np.datetime64(start.date()) - _days(rng, 1, 21, len(wanted))
    return np.minimum(wanted.astype("datetime64[D]"), latest).astype("datetime64[ns]")
