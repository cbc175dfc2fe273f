"""Generate a realistic project portfolio of any size from a seed.

The generator lays out the *plan*: projects with a business case, task
networks with three-point estimates, shared resource pools, risk and
opportunity registers, governance artefacts, and a baseline schedule computed
through the precedence network. It writes no history: :func:`simulate` does.

Everything is drawn from one :class:`numpy.random.SeedSequence`, split into an
independent stream per concern, so that the same seed gives the same bytes on
every machine and adding a column to one table does not reshuffle the others.
Work is vectorised over tasks; only name formatting loops over projects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core import tables
from ...core.portfolio import Portfolio
from .. import names
from .plan import draw_links, draw_tasks, set_baseline, size_pools
from .projects import (
    draw_alignment,
    draw_drivers,
    draw_people,
    draw_projects,
    objectives_table,
    roles_table,
)
from .registers import draw_artefacts, draw_opportunities, draw_risks

__all__ = ["generate_portfolio"]

_STREAMS = ("projects", "tasks", "links", "risks", "opportunities", "drivers", "people", "spare")


def generate_portfolio(
    seed: int = 0,
    n_projects: int = 12,
    tasks_per_project: int | tuple[int, int] = (10, 40),
    *,
    risks_per_project: tuple[int, int] = (5, 15),
    start_weeks: tuple[int, int] = (0, 12),
    start_date: str = "2026-01-05",
    company: str = names.COMPANY,
) -> Portfolio:
    """A new portfolio's plan, drawn deterministically from ``seed``.

    Parameters
    ----------
    seed : int
        The seed. The same seed always gives the same portfolio.
    n_projects : int
        Number of projects (at least 1).
    tasks_per_project : int or (int, int)
        Tasks per project, or an inclusive range to draw from (at least 3:
        a kick-off, some work and a closing milestone).
    risks_per_project : (int, int)
        Inclusive range of risks per project.
    start_weeks : (int, int)
        Projects start on a Monday drawn from this range of weeks (the
        upper bound excluded).
    start_date : str
        The Monday that is working day 0 of the portfolio.
    company : str
        The company's name, kept in ``meta``.

    Returns
    -------
    Portfolio
        A plan with no status history (``status_week`` is 0).

    Examples
    --------
    >>> from pmo_exercises import generate_portfolio
    >>> p = generate_portfolio(seed=7, n_projects=3, tasks_per_project=12)
    >>> len(p.projects), len(p.tasks)
    (3, 36)
    """
    if n_projects < 1:
        raise ValueError(f"n_projects must be at least 1, not {n_projects}")
    lo, hi = (
        (tasks_per_project, tasks_per_project)
        if np.isscalar(tasks_per_project)
        else tuple(tasks_per_project)
    )
    if lo < 3 or hi < lo:
        raise ValueError(
            f"tasks_per_project must be >= 3 (a range low <= high), not {tasks_per_project}"
        )
    start = pd.Timestamp(start_date)
    if start.weekday() != 0:
        raise ValueError(f"start_date must be a Monday, not {start:%A %Y-%m-%d}")
    rngs = dict(
        zip(
            _STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(_STREAMS))),
            strict=True,
        )
    )

    roles = roles_table()
    people = draw_people(rngs["people"], max(24, n_projects * 3))
    projects = draw_projects(rngs["projects"], n_projects, people, start_weeks)
    tasks = draw_tasks(rngs["tasks"], projects, roles, (int(lo), int(hi)))
    links = draw_links(rngs["links"], tasks, projects)
    es, ef = set_baseline(tasks, links, projects, start)
    size_pools(roles, tasks, es, ef)
    risks = draw_risks(rngs["risks"], tasks, projects, people, risks_per_project, start)
    opportunities = draw_opportunities(rngs["opportunities"], tasks, projects, people, start)
    drivers = draw_drivers(rngs["drivers"], projects)

    pid = projects["project_id"]
    bac = tasks["planned_cost"].groupby(tasks["project_id"]).sum()
    projects["bac"] = pid.map(bac).to_numpy()
    value_ratio = rngs["spare"].uniform(1.3, 3.0, n_projects)
    projects["business_value"] = np.round(projects["bac"] * value_ratio, -3)

    return Portfolio(
        objectives=tables.make("objectives", objectives_table()),
        roles=tables.make("roles", roles),
        projects=tables.make("projects", projects),
        alignment=tables.make("alignment", draw_alignment(rngs["projects"], projects)),
        tasks=tables.make("tasks", tasks),
        dependencies=tables.make("dependencies", links),
        assignments=tables.make(
            "assignments",
            {"task_id": tasks["task_id"], "role_id": tasks["role_id"], "fte": tasks["fte"]},
        ),
        risks=tables.make("risks", risks),
        opportunities=tables.make("opportunities", opportunities),
        artefacts=tables.make("artefacts", draw_artefacts(rngs["projects"], projects, start)),
        task_status=tables.empty("task_status"),
        project_status=tables.empty("project_status"),
        events=tables.empty("events"),
        drivers=tables.make("drivers", drivers),
        meta={
            "company": company,
            "currency": names.CURRENCY,
            "start_date": f"{start:%Y-%m-%d}",
            "status_week": 0,
            "status_date": "",
            "seed": int(seed),
            "variant": "",
        },
    )
