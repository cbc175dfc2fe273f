"""What the player reads each week: the report and the decisions open.

The report is the steering-committee content of
:func:`~pmo_exercises.governance.steering_report` at the game's status week,
with the week's events and the score beside it; the options list what
:meth:`~pmo_exercises.game.Game.decide` accepts now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .decisions import CONTRACTOR_PREMIUM, RESPONSE_EFFECTS

if TYPE_CHECKING:  # pragma: no cover
    from .state import Game

__all__ = [
    "GAME_DASHBOARD_COLUMNS",
    "OPTION_COLUMNS",
    "WeekReport",
    "options_table",
    "week_report",
]

#: The columns of :meth:`Game.options <pmo_exercises.game.Game.options>`.
OPTION_COLUMNS = ("action", "target", "arguments", "description")

#: The dashboard columns the game shows (of ``reporting.DASHBOARD_COLUMNS``).
GAME_DASHBOARD_COLUMNS = (
    "project_id",
    "name",
    "state",
    "overall_rag",
    "reported_rag",
    "watermelon",
    "spi",
    "cpi",
    "bac",
    "eac",
    "top_risks",
    "trend",
)


@dataclass(frozen=True)
class WeekReport:
    """The report of one game week.

    Attributes
    ----------
    week, weeks : int
        Weeks played and the game's length.
    status_week : int
        The portfolio's status week (the starting one plus ``week``).
    status_date : pandas.Timestamp
    score : dict
        :meth:`Game.score`.
    summary : dict
        :attr:`SteeringReport.summary <pmo_exercises.reporting.SteeringReport>`.
    dashboard : pandas.DataFrame
        :data:`GAME_DASHBOARD_COLUMNS` of the portfolio dashboard (policy RAG),
        with this week's decisions in ``state``.
    exceptions : pandas.DataFrame
        The steering report's exceptions.
    decisions_needed : pandas.DataFrame
        The steering report's decisions for the committee.
    events : pandas.DataFrame
        ``week``, ``kind``, ``subject``, ``description``: the random event and
        the risks and opportunities that struck in the last week played.
    decisions : pandas.DataFrame
        The decisions taken this week so far.
    """

    week: int
    weeks: int
    status_week: int
    status_date: pd.Timestamp
    score: dict
    summary: dict
    dashboard: pd.DataFrame
    exceptions: pd.DataFrame
    decisions_needed: pd.DataFrame
    events: pd.DataFrame
    decisions: pd.DataFrame


def week_report(game: Game) -> WeekReport:
    """The report the player reads at ``game.week`` (see :class:`WeekReport`)."""
    from ..governance.steering import steering_report

    p = game.portfolio
    steer = steering_report(p, game.policy)
    events = game.event_log()
    events = events[events["week"] == game.week]
    sim = p.events[p.events["week"] == p.status_week] if game.week else p.events.iloc[:0]
    struck = pd.DataFrame(
        {
            "week": game.week,
            "kind": sim["kind"].to_numpy(),
            "subject": sim["source_id"].to_numpy(),
            "description": [
                f"{'Risk' if k == 'risk' else 'Opportunity'} {s} on {t} ({pid}): "
                f"cost {c:+,.0f}, work {d:+g} days"
                for k, s, t, pid, c, d in zip(
                    sim["kind"],
                    sim["source_id"],
                    sim["task_id"],
                    sim["project_id"],
                    sim["cost_impact"],
                    sim["schedule_impact_days"],
                    strict=True,
                )
            ],
        },
        columns=list(events.columns),
    )
    events = pd.concat([events, struck], ignore_index=True) if len(struck) else events
    table = game.decision_table()
    if len(table):
        table = table[table["week"] == game.week].reset_index(drop=True)
    return WeekReport(
        week=game.week,
        weeks=game.weeks,
        status_week=p.status_week,
        status_date=pd.Timestamp(p.status_date),
        score=game.score(),
        summary=steer.summary,
        dashboard=steer.dashboard[list(GAME_DASHBOARD_COLUMNS)].reset_index(drop=True),
        exceptions=steer.exceptions,
        decisions_needed=steer.decisions,
        events=events.reset_index(drop=True),
        decisions=table,
    )


def options_table(game: Game) -> pd.DataFrame:
    """The decisions open now (see :meth:`Game.options`)."""
    cols = list(OPTION_COLUMNS)
    if game.over:
        return pd.DataFrame(columns=cols)
    p = game.portfolio
    rows = []
    escalated = {
        d["project_id"]
        for d in game.decisions
        if d["action"] == "escalate" and d["week"] == game.week
    }
    for r in p.projects.itertuples(index=False):
        name = f"{r.project_id} {r.name}"
        if r.state == "active":
            rows.append(
                ("pause", r.project_id, "", f"pause {name}: its people return to the pools")
            )
        if r.state == "paused":
            rows.append(("resume", r.project_id, "", f"resume {name}"))
        if r.state in ("active", "paused"):
            rows.append(("cancel", r.project_id, "", f"cancel {name} for good"))
            rows.append(
                (
                    "reprioritise",
                    r.project_id,
                    f"priority=1..5 (now {r.priority})",
                    f"change the priority of {name} in the fight for shared people",
                )
            )
            if r.project_id not in escalated:
                rows.append(("escalate", r.project_id, "", f"escalate {name} to the committee"))
    live = p.projects.loc[p.projects["state"].isin(["active", "paused"]), "project_id"]
    risks = p.risks[(p.risks["state"] == "open") & p.risks["project_id"].isin(live)]
    risks = risks.assign(exposure=risks["probability"] * risks["cost_impact"])
    risks = risks.sort_values(["exposure", "risk_id"], ascending=[False, True], kind="stable")
    for r in risks.itertuples(index=False):  # the largest expected loss first
        rows.append(
            (
                "fund_response",
                r.risk_id,
                f"response={'|'.join(RESPONSE_EFFECTS)} (now {_or(r.response, 'none')})",
                f"{r.project_id}: {r.title}; p={r.probability:.2f}, impact "
                f"{r.cost_impact:,.0f} and {r.schedule_impact_days:g} days, owner "
                f"{_or(r.owner, 'nobody')}",
            )
        )
    for r in p.roles.itertuples(index=False):
        weekly = 5 * r.day_rate * CONTRACTOR_PREMIUM
        rows.append(
            (
                "hire",
                r.role_id,
                "people=1..5",
                f"contractors for {r.name} ({r.headcount} now) at {weekly:,.0f} a week each, "
                f"paid up front for the {game.weeks - game.week} weeks left",
            )
        )
        if r.headcount > 1:
            rows.append(
                (
                    "move_people",
                    r.role_id,
                    "to_role=..., people=1..",
                    f"move people out of {r.name} ({r.headcount} now) into another pool",
                )
            )
    return pd.DataFrame(rows, columns=cols)


def _or(value, missing: str) -> str:
    """``value`` as text, or ``missing`` when it is missing (None or NaN)."""
    return missing if pd.isna(value) else str(value)
