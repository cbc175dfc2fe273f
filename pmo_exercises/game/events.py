"""Random events: what the world does to the PMO between two weeks.

Before each simulated week one event may happen. Its kind and its numbers are
drawn from a generator seeded by ``(seed, week)`` only, so the same game with
the same decisions replays identically, and a decision changes the events only
where it changes what they can hit (a paused project is not given a new risk).

==============  ===========  ====================================================
kind            chance       effect
==============  ===========  ====================================================
``quiet``       0.40         nothing
``staff_loss``  0.20         one person leaves a pool of two or more, for the rest
                             of the game (:func:`~pmo_exercises.scenarios.add_capacity`)
``new_risk``    0.25         a new risk, with no owner and no response, on a task
                             not yet done of an active project
``contractor``  0.15         a partner lends one person to a pool, at no cost,
                             for the rest of the game
==============  ===========  ====================================================

The simulator's own events (risks that fire, opportunities realised) come on
top, in the portfolio's ``events`` table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..core.portfolio import Portfolio

__all__ = ["EVENT_CHANCES", "EVENT_COLUMNS", "draw_event"]

#: The kinds of event and their chance each week (they sum to 1).
EVENT_CHANCES = {"quiet": 0.40, "staff_loss": 0.20, "new_risk": 0.25, "contractor": 0.15}
#: The columns of a game's event log.
EVENT_COLUMNS = ("week", "kind", "subject", "description")

_EVENTS_KEY = 7  # separates this stream from any other drawn from (seed, week)


def draw_event(p: Portfolio, seed: int, week: int) -> tuple[Portfolio, dict[str, Any]]:
    """The event before game week ``week`` (1 = the first simulated week), applied to ``p``.

    Returns
    -------
    (Portfolio, dict)
        The portfolio after the event and its log row (:data:`EVENT_COLUMNS`).
    """
    from .. import scenarios

    rng = np.random.default_rng([int(seed), int(week), _EVENTS_KEY])
    # every number is drawn up front, whatever the kind: the stream never depends on the state
    kind_u, pick_u, prob_u, cost_u, days_u, title_u = rng.random(6)
    kinds = list(EVENT_CHANCES)
    kind = kinds[int(np.searchsorted(np.cumsum(list(EVENT_CHANCES.values())), kind_u))]
    row = {"week": int(week), "kind": kind, "subject": "", "description": "A quiet week."}
    roles = p.roles.sort_values("role_id")
    if kind == "staff_loss":
        pools = roles[roles["headcount"] >= 2]
        if pools.empty:
            return p, row | {"kind": "quiet"}
        role = pools.iloc[int(pick_u * len(pools))]
        row |= {
            "subject": role["role_id"],
            "description": f"A {role['name'].lower()} leaves the company: the {role['role_id']} "
            f"pool drops to {int(role['headcount']) - 1} people for the rest of the game.",
        }
        return scenarios.add_capacity(p, role["role_id"], -1), row
    if kind == "contractor":
        role = roles.iloc[int(pick_u * len(roles))]
        row |= {
            "subject": role["role_id"],
            "description": f"A partner lends a {role['name'].lower()} at no cost: the "
            f"{role['role_id']} pool grows to {int(role['headcount']) + 1} people.",
        }
        return scenarios.add_capacity(p, role["role_id"], 1), row
    if kind == "new_risk":
        return _new_risk(p, week, row, (pick_u, prob_u, cost_u, days_u, title_u))
    return p, row


#: What a new risk can be: (category, title).
NEW_RISKS = (
    ("supplier", "A key supplier may deliver late"),
    ("resource", "A key expert may be pulled onto another project"),
    ("technical", "The integration may be harder than planned"),
    ("regulatory", "A new regulatory requirement may apply"),
    ("scope", "The sponsor may ask for extra scope"),
)


def _new_risk(p, week, row, draws):
    pick_u, prob_u, cost_u, days_u, title_u = draws
    ts = p.task_status
    done = ts[ts["week"] == p.status_week].set_index("task_id")["pct_complete_actual"]
    active = p.projects.loc[p.projects["state"] == "active", "project_id"]
    tasks = p.tasks[p.tasks["project_id"].isin(active) & (p.tasks["duration_days"] > 0)]
    tasks = tasks[tasks["task_id"].map(done).fillna(0.0).to_numpy() < 50]
    tasks = tasks.sort_values("task_id")
    if tasks.empty:
        return p, row | {"kind": "quiet"}
    task = tasks.iloc[int(pick_u * len(tasks))]
    probability = round(0.3 + 0.4 * prob_u, 2)
    cost = round(5_000 + 25_000 * cost_u, -2)
    days = float(3 + int(13 * days_u))
    rid = f"R-{task['project_id']}-G{int(week):02d}"
    category, title = NEW_RISKS[int(title_u * len(NEW_RISKS))]
    new = {
        "risk_id": rid,
        "project_id": task["project_id"],
        "task_id": task["task_id"],
        "title": title,
        "category": category,
        "probability": probability,
        "cost_impact": cost,
        "schedule_impact_days": days,
        "owner": None,
        "response": None,
        "response_cost": round(0.15 * cost, -2),
        "state": "open",
        "identified_on": pd.Timestamp(p.status_date).normalize(),
    }
    risks = pd.concat([p.risks, pd.DataFrame([new])], ignore_index=True)
    risks = risks.astype(p.risks.dtypes.to_dict())
    row |= {
        "subject": rid,
        "description": f"New risk {rid} on {task['task_id']} ({task['project_id']}): "
        f"{title.lower()}; p={probability:.2f}, impact {cost:,.0f} and {days:g} days; "
        "no owner, no response.",
    }
    return p.replace(risks=risks), row
