"""Playing a week of the game: its decisions judged, its event drawn, the week simulated.

When the game advances (:meth:`Game.advance <pmo_exercises.game.Game.advance>`),
the week that ends is played in this order:

1. the decisions taken in it are judged on the data the week opened with
   (stakeholder trust, :func:`judge_decisions`; see :mod:`.scoring`), and a
   justified escalation covers its project for ``ESCALATION_MEMORY`` weeks
   (:func:`justified_escalations`);
2. the week's random event is drawn (:mod:`.events`) and one week is
   simulated with :func:`~pmo_exercises.simulate` (:func:`play_week`).

The simulator's seed is the game's seed every week, so the fate of each task
and risk is fixed at the start (common random numbers): only decisions and
events change what happens. Two games with the same seed whose portfolios
hold the same decided tables (:func:`same_decided_tables`) as a week is
played therefore play the same week: a counterfactual of the debrief takes
the game's week instead of simulating it again.

The game itself, its state and its history, is :class:`~.state.Game`; these
are the rules it plays a week by, as functions of the state it gives them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .events import draw_event
from .scoring import trust_changes

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..core.portfolio import Portfolio

__all__ = [
    "DECIDED_TABLES",
    "judge_decisions",
    "justified_escalations",
    "play_week",
    "same_decided_tables",
]

#: The tables a decision or an event can change; the status history follows from them.
DECIDED_TABLES = ("projects", "roles", "risks", "tasks", "dependencies", "assignments")

#: The trust rules of an escalation the data justified (see :data:`.scoring.TRUST_RULES`).
_JUSTIFIED = ("escalate_red", "escalate_watermelon")


def same_decided_tables(a: Portfolio, b: Portfolio) -> bool:
    """Whether two portfolios with the same history hold the same decided tables."""
    return a is b or all(getattr(a, t).equals(getattr(b, t)) for t in DECIDED_TABLES)


def _with_project(p: Portfolio, d: dict[str, Any]) -> dict[str, Any]:
    """A decision with its project: a funded response is judged on its risk's project."""
    if d["action"] != "fund_response":
        return d
    risks = p.risks.set_index("risk_id")["project_id"]
    return d | {"project_id": str(risks[d["risk_id"]])}


def judge_decisions(
    facts: pd.DataFrame,
    decisions: list[dict[str, Any]],
    p: Portfolio,
    escalated: dict[str, int],
    week: int,
) -> list[dict[str, Any]]:
    """The trust changes the decisions of one week earn (:func:`~.scoring.trust_changes`).

    Parameters
    ----------
    facts : pandas.DataFrame
        :func:`~.scoring.judge_week` as the week opened.
    decisions : list of dict
        The decisions taken in the week, in order.
    p : Portfolio
        The portfolio they were applied to (it says which project a funded
        response is for).
    escalated : dict
        Project id -> the last game week a justified escalation covered it.
    week : int
        The game week the decisions were taken in.

    Returns
    -------
    list of dict
        The week's rows of the trust log.
    """
    taken = [_with_project(p, d) for d in decisions]
    return trust_changes(facts, taken, escalated, week)


def justified_escalations(rows: list[dict[str, Any]], week: int) -> dict[str, int]:
    """Project id -> ``week`` for each project a justified escalation of the week covers.

    Parameters
    ----------
    rows : list of dict
        The week's trust changes (:func:`judge_decisions`).
    week : int
        The game week they were earned in.

    Returns
    -------
    dict
        To update the game's memory of escalations with: a justified
        escalation covers its project for ``ESCALATION_MEMORY`` weeks.
    """
    return {r["project_id"]: week for r in rows if r["rule"] in _JUSTIFIED}


def play_week(p: Portfolio, seed: int, week: int) -> tuple[Portfolio, dict[str, Any]]:
    """Game week ``week`` (1 = the first simulated) played from ``p``: its event, then the week.

    Parameters
    ----------
    p : Portfolio
        The portfolio the week starts from, its decisions applied.
    seed : int
        The game's seed: it draws the event and it is the simulator's seed.
    week : int
        The game week played.

    Returns
    -------
    (Portfolio, dict)
        The portfolio one simulated week on, and the event's log row
        (:data:`~.events.EVENT_COLUMNS`).
    """
    from ..simulation.engine import simulate

    p, event = draw_event(p, seed, week)
    return simulate(p, weeks=1, seed=seed), event
