"""The decisions a PMO can take in the game, checked and applied with the scenarios.

Every decision is a plain record, ``{"week": 3, "action": "pause",
"project_id": "P07"}``, so that a game can be saved as JSON and replayed
(:func:`decision_log` checks a log before it is played again). A
decision is checked when it is taken (a bad one raises :class:`GameError` with
a one-line message) and applied at once to the portfolio the next simulated
week starts from, with :mod:`pmo_exercises.scenarios`:

* ``pause(project_id)``: :func:`~pmo_exercises.scenarios.pause_project`; its
  people go back to the shared pools;
* ``resume(project_id)``: :func:`~pmo_exercises.scenarios.resume_project`;
* ``cancel(project_id)``: :func:`~pmo_exercises.scenarios.cancel_project`;
* ``reprioritise(project_id, priority)`` (1 highest to 5):
  :func:`~pmo_exercises.scenarios.reprioritise`;
* ``move_people(from_role, to_role, people=1)``: people leave one pool for
  another (:func:`~pmo_exercises.scenarios.add_capacity` twice), at no cost;
  a pool keeps at least one person;
* ``hire(role_id, people=1)``: contractors join a pool for the rest of the
  game, paid up front at ``CONTRACTOR_PREMIUM`` times the role's day rate for
  every week left (money outside the projects' budgets);
* ``fund_response(risk_id, response="mitigate")``:
  :func:`~pmo_exercises.scenarios.fund_risk_response` with the effect in
  ``RESPONSE_EFFECTS``; the response's cost goes into the task's budget;
* ``escalate(project_id)``: to the steering committee, judged on the data
  (see :mod:`.scoring`); a justified escalation (policy RAG red) gets the
  sponsor's help: the project's priority goes one step up
  (:func:`sponsor_help`). A project is escalated once a week at most
  (:func:`check_escalation`).
"""

from __future__ import annotations

from numbers import Real
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..core.portfolio import Portfolio

__all__ = [
    "ACTIONS",
    "CONTRACTOR_PREMIUM",
    "RESPONSE_EFFECTS",
    "GameError",
    "apply_decision",
    "check_escalation",
    "decision_label",
    "decision_log",
    "make_decision",
    "sponsor_help",
]


class GameError(ValueError):
    """A decision or a game file the game cannot accept; the message says why in one line."""


#: Each action, its required arguments and its optional ones with their defaults.
ACTIONS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "pause": (("project_id",), {}),
    "resume": (("project_id",), {}),
    "cancel": (("project_id",), {}),
    "reprioritise": (("project_id", "priority"), {}),
    "move_people": (("from_role", "to_role"), {"people": 1}),
    "hire": (("role_id",), {"people": 1}),
    "fund_response": (("risk_id",), {"response": "mitigate"}),
    "escalate": (("project_id",), {}),
}

#: What a funded response does: (probability factor, cost-impact factor, cost multiplier).
#: The cost multiplier scales the response cost already in the risk register.
RESPONSE_EFFECTS: dict[str, tuple[float, float, float]] = {
    "mitigate": (0.5, 1.0, 1.0),
    "transfer": (1.0, 0.25, 1.0),
    "avoid": (0.1, 1.0, 2.0),
}

#: A contractor costs this many times the role's day rate.
CONTRACTOR_PREMIUM = 1.5

#: Most people one decision may move or hire.
MAX_PEOPLE = 5


def make_decision(week: int, action: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The decision record of ``action`` with its arguments checked for presence and type."""
    if action not in ACTIONS:
        raise GameError(f"unknown decision {action!r}; choose one of {', '.join(ACTIONS)}")
    required, optional = ACTIONS[action]
    unknown = set(kwargs) - set(required) - set(optional)
    if unknown:
        allowed = ", ".join((*required, *optional))
        raise GameError(f"{action} takes {allowed}, not {sorted(unknown)[0]!r}")
    missing = [name for name in required if kwargs.get(name) in (None, "")]
    if missing:
        raise GameError(f"{action} needs {missing[0]}")
    record: dict[str, Any] = {"week": int(week), "action": action}
    for name in required:
        record[name] = kwargs[name]
    for name, default in optional.items():
        record[name] = kwargs.get(name, default)
    for name in ("priority", "people"):
        if name in record:
            value = record[name]
            if isinstance(value, bool) or not isinstance(value, Real) or value != int(value):
                raise GameError(f"{name} must be a whole number, not {value!r}")
            record[name] = int(value)
    if "people" in record and not 1 <= record["people"] <= MAX_PEOPLE:
        raise GameError(f"people must be between 1 and {MAX_PEOPLE}, not {record['people']}")
    for name in ("project_id", "from_role", "to_role", "role_id", "risk_id", "response"):
        if name in record and not isinstance(record[name], str):
            raise GameError(f"{name} must be a string id, not {record[name]!r}")
    return record


def _project_state(p: Portfolio, project_id: str) -> str:
    hit = p.projects.loc[p.projects["project_id"] == project_id, "state"]
    if hit.empty:
        known = ", ".join(p.projects["project_id"])
        raise GameError(f"no project {project_id!r} in this portfolio (projects: {known})")
    return str(hit.iat[0])


def _role_row(p: Portfolio, role_id: str):
    hit = p.roles[p.roles["role_id"] == role_id]
    if hit.empty:
        known = ", ".join(p.roles["role_id"])
        raise GameError(f"no role {role_id!r} in this portfolio (roles: {known})")
    return hit.iloc[0]


_STATE_RULES = {
    # action: states it may start from
    "pause": ("active",),
    "resume": ("paused",),
    "cancel": ("active", "paused"),
    "reprioritise": ("active", "paused"),
    "escalate": ("active", "paused"),
}


def apply_decision(
    p: Portfolio, record: dict[str, Any], remaining_weeks: int
) -> tuple[Portfolio, float]:
    """Apply one checked decision record to ``p``.

    Parameters
    ----------
    p : Portfolio
        The portfolio the next week starts from.
    record : dict
        From :func:`make_decision`.
    remaining_weeks : int
        Weeks left in the game (what a hire is paid for).

    Returns
    -------
    (Portfolio, float)
        The new portfolio and the money spent outside the projects' budgets
        (contractors), in the portfolio's currency.

    Raises
    ------
    GameError
        When the decision does not apply to this portfolio (unknown id, a
        cancelled project paused, a closed risk funded...).
    """
    from .. import scenarios

    action = record["action"]
    if action in _STATE_RULES:
        pid = record["project_id"]
        state = _project_state(p, pid)
        if state not in _STATE_RULES[action]:
            raise GameError(f"cannot {action} {pid}: it is {state}")
    if action == "pause":
        return scenarios.pause_project(p, record["project_id"]), 0.0
    if action == "resume":
        return scenarios.resume_project(p, record["project_id"]), 0.0
    if action == "cancel":
        return scenarios.cancel_project(p, record["project_id"]), 0.0
    if action == "reprioritise":
        if record["priority"] not in (1, 2, 3, 4, 5):
            raise GameError(f"priority goes from 1 (highest) to 5, not {record['priority']}")
        return scenarios.reprioritise(p, record["project_id"], record["priority"]), 0.0
    if action == "escalate":
        return p, 0.0  # its effect depends on the data: see sponsor_help and scoring.trust_changes
    if action == "move_people":
        src, dst, n = record["from_role"], record["to_role"], record["people"]
        have = int(_role_row(p, src)["headcount"])
        _role_row(p, dst)
        if src == dst:
            raise GameError(f"move people between two different roles, not {src} to {src}")
        if n >= have:
            raise GameError(f"cannot move {n} of the {have} people of {src}: a pool keeps one")
        return scenarios.add_capacity(scenarios.add_capacity(p, src, -n), dst, n), 0.0
    if action == "hire":
        role = _role_row(p, record["role_id"])
        cost = record["people"] * float(role["day_rate"]) * 5 * CONTRACTOR_PREMIUM
        return scenarios.add_capacity(p, record["role_id"], record["people"]), cost * max(
            remaining_weeks, 0
        )
    if action == "fund_response":
        return _fund(p, record), 0.0
    raise GameError(f"unknown decision {action!r}")  # pragma: no cover - make_decision checks


def check_escalation(record: dict[str, Any], decisions: list[dict[str, Any]]) -> None:
    """Refuse a second escalation of a project in the same week.

    Parameters
    ----------
    record : dict
        A decision about to be taken (:func:`make_decision`).
    decisions : list of dict
        The decisions the game has taken so far.

    Raises
    ------
    GameError
        When ``record`` escalates a project already escalated in its week.
    """
    if record["action"] == "escalate" and any(
        d["action"] == "escalate"
        and d["project_id"] == record["project_id"]
        and d["week"] == record["week"]
        for d in decisions
    ):
        raise GameError(f"{record['project_id']} is already escalated this week")


def sponsor_help(p: Portfolio, project_id: str, facts: pd.DataFrame) -> Portfolio:
    """The sponsor's help to a justified escalation: the project's priority one step up.

    Parameters
    ----------
    p : Portfolio
        The portfolio the escalation was applied to (:func:`apply_decision`).
    project_id : str
        The project escalated.
    facts : pandas.DataFrame
        :func:`~.scoring.judge_week` as the week opened: the escalation is
        justified when the project's policy RAG is red there.

    Returns
    -------
    Portfolio
        ``p`` with the project one priority higher, or ``p`` itself when the
        escalation is not justified or the project has priority 1 already.
    """
    from .. import scenarios

    now = p.projects.set_index("project_id")
    if facts.at[project_id, "overall_rag"] == "red" and int(now.at[project_id, "priority"]) > 1:
        p = scenarios.reprioritise(p, project_id, int(now.at[project_id, "priority"]) - 1)
    return p


def _fund(p: Portfolio, record: dict[str, Any]) -> Portfolio:
    from .. import scenarios

    rid, response = record["risk_id"], record["response"]
    if response not in RESPONSE_EFFECTS:
        raise GameError(f"unknown response {response!r}; fund one of {', '.join(RESPONSE_EFFECTS)}")
    hit = p.risks[p.risks["risk_id"] == rid]
    if hit.empty:
        raise GameError(f"no risk {rid!r} in this portfolio")
    risk = hit.iloc[0]
    if risk["state"] != "open":
        raise GameError(f"cannot fund a response to {rid}: it is {risk['state']}")
    state = _project_state(p, risk["project_id"])
    if state not in ("active", "paused"):
        raise GameError(f"cannot fund a response to {rid}: its project is {state}")
    prob, impact, multiplier = RESPONSE_EFFECTS[response]
    cost = float(risk["response_cost"]) * multiplier
    if cost <= 0:  # a risk with no response costed yet: a tenth of its impact
        cost = round(0.1 * float(risk["cost_impact"]), -2)
    return scenarios.fund_risk_response(
        p, rid, response, probability_factor=prob, impact_factor=impact, response_cost=cost
    )


def decision_label(record: dict[str, Any]) -> str:
    """A decision in a few words, such as ``"pause P07"`` or ``"hire 1 SEC"``."""
    action = record["action"]
    if action == "reprioritise":
        return f"reprioritise {record['project_id']} to {record['priority']}"
    if action == "move_people":
        return f"move {record['people']} from {record['from_role']} to {record['to_role']}"
    if action == "hire":
        return f"hire {record['people']} {record['role_id']}"
    if action == "fund_response":
        return f"fund a {record['response']} response to {record['risk_id']}"
    return f"{action} {record['project_id']}"


def decision_log(
    decisions, week: int, weeks: int, until_week: int | None
) -> tuple[list[dict[str, Any]], int]:
    """Logged decisions checked to be played again from ``week``, and the week to stop at.

    Parameters
    ----------
    decisions : iterable of dict
        Decision records (as :attr:`Game.decisions <pmo_exercises.game.Game.decisions>`
        gives them).
    week : int
        The week the game playing them stands at: none may be before it.
    weeks : int
        The game's length.
    until_week : int or None
        The week to stop at, when it opens (``None``: the week of the last
        decision, or ``week`` when there is none).

    Returns
    -------
    (list of dict, int)
        Copies of the records in week order (in the order given within a
        week) and the week to stop at.

    Raises
    ------
    GameError
        When a record has no action or no whole-number week, or a decision
        falls before ``week`` or after the week to stop at, or that week is
        not from ``week`` to ``weeks``.
    """
    todo = []
    for d in decisions:
        if not isinstance(d, dict) or not isinstance(d.get("action"), str):
            raise GameError(f"a decision is a record with a week and an action, not {d!r}")
        when = d.get("week")
        if isinstance(when, bool) or not isinstance(when, int):
            raise GameError(f"decision {d!r} has no whole-number week")
        todo.append(dict(d))
    todo.sort(key=lambda d: d["week"])
    if todo and todo[0]["week"] < week:
        raise GameError(f"a decision of week {todo[0]['week']} is before week {week}")
    end = until_week if until_week is not None else (todo[-1]["week"] if todo else week)
    if isinstance(end, bool) or not isinstance(end, int) or not week <= end <= weeks:
        raise GameError(f"play until a week from {week} to {weeks}, not {until_week!r}")
    if todo and todo[-1]["week"] > end:
        raise GameError(f"a decision of week {todo[-1]['week']} is after week {end}")
    return todo, end
