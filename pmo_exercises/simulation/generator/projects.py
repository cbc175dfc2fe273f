"""The organisation and its projects: objectives, roles, people, projects, alignment, drivers.

The reference data comes from :mod:`..names`; the projects are drawn with
their kind, names, sponsor and manager, objective, start week and priority,
their contribution to each objective (the ``alignment`` table) and the hidden
drivers of how each one really runs and reports (the ``drivers`` table, read by
:func:`~pmo_exercises.simulate`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.schema import PROJECT_KINDS
from .. import names

__all__ = [
    "draw_alignment",
    "draw_drivers",
    "draw_people",
    "draw_projects",
    "objectives_table",
    "roles_table",
]


def objectives_table() -> dict:
    """The strategic objectives of :mod:`..names`, as the columns of the ``objectives`` table."""
    cols = list(zip(*names.OBJECTIVES, strict=True))
    return {"objective_id": cols[0], "name": cols[1], "weight": cols[2], "description": cols[3]}


def roles_table() -> dict:
    """The roles of :mod:`..names`, one person each until :func:`.plan.size_pools` sizes them."""
    # Headcounts are set once the baseline shows the demand (size_pools).
    ids, role_names, rate = zip(*names.ROLES, strict=True)
    return {
        "role_id": ids,
        "name": role_names,
        "headcount": np.ones(len(ids), dtype=np.int64),
        "capacity_days_per_week": np.full(len(ids), 5 * names.AVAILABILITY),
        "day_rate": np.array(rate),
    }


def draw_people(rng: np.random.Generator, n: int) -> np.ndarray:
    """Up to ``n`` distinct full names (sponsors, managers, owners); duplicates are dropped."""
    first = rng.choice(names.FIRST_NAMES, n)
    last = rng.choice(names.LAST_NAMES, n)
    full = pd.unique(pd.Series([f"{f} {s}" for f, s in zip(first, last, strict=True)]))
    return np.asarray(full, dtype=object)


def draw_projects(
    rng: np.random.Generator, n: int, people: np.ndarray, start_weeks
) -> pd.DataFrame:
    """``n`` projects: kind, name, sponsor, manager, objective, start and priority."""
    kinds = np.array(PROJECT_KINDS, dtype=object)[
        rng.permutation(np.resize(np.arange(len(PROJECT_KINDS)), n))
    ]
    used: dict[str, int] = {}
    project_names = []
    for kind in kinds:
        topics = names.PROJECT_TOPICS[kind]
        k = used.get(kind, 0)
        used[kind] = k + 1
        wave = k // len(topics)
        project_names.append(topics[k % len(topics)] + (f" (wave {wave + 1})" if wave else ""))
    width = max(2, len(str(n)))
    first_choice = rng.random(n) < 0.7
    objective = [
        names.KIND_OBJECTIVES[k][0 if f else 1] for k, f in zip(kinds, first_choice, strict=True)
    ]
    start_day = rng.integers(start_weeks[0], start_weeks[1], n) * 5  # Mondays
    n_people = len(people)
    return pd.DataFrame(
        {
            "project_id": [f"P{i + 1:0{width}d}" for i in range(n)],
            "name": project_names,
            "kind": kinds,
            "sponsor": people[rng.integers(0, min(8, n_people), n)],
            "manager": people[8 + np.arange(n) % (n_people - 8)],
            "objective_id": objective,
            "business_value": 0.0,
            "bac": 0.0,
            "start_day": start_day,
            "stage": np.where(start_day <= 20, "planning", "initiation"),
            "priority": rng.integers(1, 6, n),
            "reported_rag": "green",
            "state": "active",
        }
    )


def draw_alignment(rng: np.random.Generator, projects: pd.DataFrame) -> dict:
    """Each project's score (0 to 5) on each objective: high on its own, middling on its second."""
    objective_ids = [o[0] for o in names.OBJECTIVES]
    n, m = len(projects), len(objective_ids)
    score = rng.integers(0, 2, (n, m))  # incidental contribution
    for j, oid in enumerate(objective_ids):
        secondary = np.array([names.KIND_OBJECTIVES[k][1] == oid for k in projects["kind"]])
        primary = (projects["objective_id"] == oid).to_numpy()
        score[secondary, j] = rng.integers(2, 4, secondary.sum())
        score[primary, j] = rng.integers(4, 6, primary.sum())
    return {
        "project_id": np.repeat(projects["project_id"].to_numpy(), m),
        "objective_id": np.tile(objective_ids, n),
        "score": score.ravel(),
    }


def draw_drivers(rng, projects) -> dict:
    """The hidden drivers of each project: how it really runs, costs and reports."""
    n = len(projects)
    u = rng.random(n)
    return {
        "project_id": projects["project_id"].to_numpy(),
        "duration_factor": np.round(rng.lognormal(np.log(0.95), 0.08, n), 3),
        "cost_factor": np.round(rng.lognormal(np.log(1.0), 0.05, n), 3),
        "progress_optimism": np.where(u < 0.5, 0.0, np.round(rng.uniform(0.3, 1.5, n), 2)),
        "rag_optimism": rng.choice([0, 1, 2], n, p=[0.5, 0.4, 0.1]),
        "report_every_weeks": np.where(rng.random(n) < 0.8, 1, 2),
        "last_report_week": np.where(rng.random(n) < 0.1, rng.integers(10, 26, n), 9999),
        "gate_discipline": (rng.random(n) < 0.9).astype(np.int64),
    }
