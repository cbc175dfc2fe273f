"""The game's score: strategic value delivered, on time, on budget, stakeholder trust.

All four components are points from 0 to 100, measured over the weeks played
(from the starting status week to now), on the plan the game started from
(task planned costs and baselines at the start, so that a funded response or a
re-baseline does not move the yardstick):

* ``value``: strategic value delivered. Each project earns its business value
  times its strategic weight (its ``alignment_score`` from
  :func:`~pmo_exercises.strategy.score_projects` / 100, 0 when it serves no
  objective) times the share of its budget earned (true progress, EV / BAC)
  during the game; the points are that sum in percent of what the baseline
  plan would have earned in the same weeks (PV), capped at 100. A project
  whose business case is gone (its EAC, BAC / CPI, above its business value:
  ``value_below_cost`` of :func:`judge_week`) delivers no value: the plan
  counts only the projects whose case held when the game started, the
  delivery only those whose case holds now.
* ``on_time``: the earned value of the game's weeks over their planned value
  (an SPI of the game's weeks, EV / PV, times 100, capped at 100), over the
  projects not cancelled. A paused project earns nothing while its plan runs on.
* ``on_budget``: the earned value of the game's weeks over what they cost
  (EV / (AC + contractors), times 100, capped at 100), over every project:
  a cancelled project stops spending.
* ``trust``: ``TRUST_START`` plus the changes of :func:`trust_changes`,
  clipped to 0..100.

A ratio whose denominator is zero (nothing was due or nothing was spent) gives
100. ``total`` is the weighted mean with :data:`SCORE_WEIGHTS`.

Trust follows the steering committee's view of the PMO, judged on the data
of the report the decision was taken on (the policy RAG of
:func:`~pmo_exercises.reporting.rag_history` at that week):

==============================================  =======
what the PMO did                                trust
==============================================  =======
escalates a project whose policy RAG is red     +2
... that was also a watermelon (reported better) +4
escalates a project that is not red             -5
escalates it again within ``ESCALATION_MEMORY``  0
cancels a project whose EAC exceeds its value   +2
or that serves no strategic objective
cancels any other project                       -6
leaves an active red project with no decision   -0.5 per week
about it and no escalation in the last
``ESCALATION_MEMORY`` weeks
==============================================  =======
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..core.portfolio import Portfolio

__all__ = [
    "ESCALATION_MEMORY",
    "SCORE_COMPONENTS",
    "SCORE_WEIGHTS",
    "TRUST_RULES",
    "TRUST_START",
    "judge_week",
    "score_game",
    "strategic_weights",
    "trust_changes",
]

#: Weight of each component in ``total`` (they sum to 1).
SCORE_WEIGHTS = {"value": 0.35, "on_time": 0.20, "on_budget": 0.20, "trust": 0.25}
#: The components, in the order the score lists them.
SCORE_COMPONENTS = tuple(SCORE_WEIGHTS)
#: Trust at the start of the game.
TRUST_START = 50.0
#: Trust changes, by rule (see the module notes).
TRUST_RULES = {
    "escalate_red": 2.0,
    "escalate_watermelon": 4.0,
    "escalate_unjustified": -5.0,
    "escalate_repeat": 0.0,
    "cancel_justified": 2.0,
    "cancel_unjustified": -6.0,
    "red_ignored": -0.5,
}
#: An escalation covers a project for this many weeks (this one included).
ESCALATION_MEMORY = 4


def strategic_weights(p: Portfolio) -> pd.Series:
    """Each project's strategic weight: ``alignment_score`` / 100, 0 when it serves no objective.

    Parameters
    ----------
    p : Portfolio
        The portfolio the game starts from (the weights are read once, then).

    Returns
    -------
    pandas.Series
        Indexed by ``project_id`` (see :func:`~pmo_exercises.strategy.score_projects`).
    """
    from ..strategy import score_projects

    s = score_projects(p).set_index("project_id")
    return (s["alignment_score"].astype(float) / 100).where(s["strategic_fit"], 0.0)


def judge_week(p: Portfolio, weights: pd.Series, policy=None) -> pd.DataFrame:
    """What the data says about each project at the status week: the facts trust is judged on.

    Parameters
    ----------
    p : Portfolio
        The portfolio as the week opens.
    weights : pandas.Series
        Strategic weight per project id (0 for no strategic fit).
    policy : Policy, optional
        The PMO policy (default: the kit's).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``project_id``: ``state``, ``overall_rag`` (policy),
        ``reported_rag``, ``watermelon``, ``eac`` (BAC / CPI),
        ``business_value``, ``value_below_cost`` (EAC > business value) and
        ``strategic_weight``.
    """
    from ..governance import rag_history

    h = rag_history(p, policy)
    now = h[h["week"] == p.status_week].set_index("project_id")
    projects = p.projects.set_index("project_id")
    out = pd.DataFrame(index=projects.index)
    out["state"] = projects["state"]
    out["overall_rag"] = now["overall_rag"].reindex(out.index)
    out["reported_rag"] = now["reported_rag"].reindex(out.index)
    out["watermelon"] = now["watermelon"].reindex(out.index).eq(True)
    out["eac"] = now["eac_cpi"].reindex(out.index).astype(float)
    out["business_value"] = projects["business_value"].astype(float)
    out["value_below_cost"] = (out["eac"] > out["business_value"]).fillna(False).astype(bool)
    out["strategic_weight"] = weights.reindex(out.index).fillna(0.0)
    return out


def trust_changes(
    facts: pd.DataFrame, decisions: list[dict[str, Any]], escalated: dict[str, int], week: int
) -> list[dict[str, Any]]:
    """Trust changes earned by one week's decisions (see the module notes).

    Parameters
    ----------
    facts : pandas.DataFrame
        :func:`judge_week` at the week's opening.
    decisions : list of dict
        The decisions of the week, in the order taken.
    escalated : dict
        Project id -> the last game week it was escalated (before this week).
    week : int
        The game week the decisions were taken in.

    Returns
    -------
    list of dict
        ``week``, ``project_id``, ``rule``, ``change`` and ``reason`` (a sentence).
    """
    rows: list[dict[str, Any]] = []
    named: set[str] = set()
    seen = dict(escalated)

    def add(pid, rule, reason):
        rows.append(
            {
                "week": week,
                "project_id": pid,
                "rule": rule,
                "change": TRUST_RULES[rule],
                "reason": reason,
            }
        )

    for d in decisions:
        pid = d.get("project_id")
        if pid:
            named.add(pid)
        if d["action"] == "escalate":
            f = facts.loc[pid]
            last = seen.get(pid)
            if last is not None and week - last < ESCALATION_MEMORY:
                add(pid, "escalate_repeat", f"{pid} was already escalated in week {last}.")
            elif f["overall_rag"] == "red" and f["watermelon"]:
                add(
                    pid,
                    "escalate_watermelon",
                    f"{pid} is red on the data but reported "
                    f"{f['reported_rag']}: escalating it exposed a watermelon.",
                )
            elif f["overall_rag"] == "red":
                add(pid, "escalate_red", f"{pid} is red under the policy: a justified escalation.")
            else:
                add(
                    pid,
                    "escalate_unjustified",
                    f"{pid} is {f['overall_rag'] or 'not rated'} "
                    "under the policy: the committee's time was wasted.",
                )
            if f["overall_rag"] == "red":  # only a justified escalation covers the project
                seen[pid] = week
        elif d["action"] == "cancel":
            f = facts.loc[pid]
            if f["value_below_cost"] or f["strategic_weight"] == 0:
                why = (
                    f"its EAC {f['eac']:,.0f} exceeds its value {f['business_value']:,.0f}"
                    if f["value_below_cost"]
                    else "it serves no strategic objective"
                )
                add(pid, "cancel_justified", f"Cancelling {pid} was justified: {why}.")
            else:
                add(
                    pid,
                    "cancel_unjustified",
                    f"Cancelling {pid} angered its sponsor: its "
                    "business case still held and it serves the strategy.",
                )
    for pid, f in facts.iterrows():
        if f["state"] != "active" or f["overall_rag"] != "red" or pid in named:
            continue
        last = seen.get(pid)
        if last is not None and week - last < ESCALATION_MEMORY:
            continue
        add(pid, "red_ignored", f"{pid} was red and the PMO did nothing about it.")
    return rows


def _task_plan(start: Portfolio) -> pd.DataFrame:
    from ..simulation.workdays import date_to_day

    t = start.tasks
    return pd.DataFrame(
        {
            "project_id": t["project_id"].to_numpy(),
            "cost": t["planned_cost"].to_numpy(float),
            "bstart": date_to_day(start.meta["start_date"], t["baseline_start"]),
            "duration": t["duration_days"].to_numpy(float),
        },
        index=pd.Index(t["task_id"].to_numpy(), name="task_id"),
    )


def _planned_share(plan: pd.DataFrame, week: int) -> np.ndarray:
    days = week * 5 - plan["bstart"].to_numpy()
    return np.clip(days / np.maximum(plan["duration"].to_numpy(), 1), 0, 1)


def _ratio(num: float, den: float) -> float:
    return 100.0 if den <= 0 else float(np.clip(100 * num / den, 0, 100))


def score_game(
    start: Portfolio,
    now: Portfolio,
    weights: pd.Series,
    trust_log: list[dict[str, Any]],
    extra_spend: float,
    *,
    cases: tuple[pd.Series, pd.Series] | None = None,
) -> dict[str, float]:
    """The score of a game (see the module notes).

    Parameters
    ----------
    start, now : Portfolio
        The portfolio at the start of the game and now.
    weights : pandas.Series
        Strategic weight per project id.
    trust_log : list of dict
        Every trust change so far (:func:`trust_changes`).
    extra_spend : float
        Money spent outside the projects (contractors).
    cases : (pandas.Series, pandas.Series), optional
        Whether each project's business case held at the start and holds
        now (bool by project id; ``~value_below_cost`` of :func:`judge_week`).
        Default: every case holds.

    Returns
    -------
    dict
        ``value``, ``on_time``, ``on_budget``, ``trust``, ``total`` (points,
        0 to 100), and the figures behind them: ``ev``, ``pv``, ``ac``,
        ``value_delivered`` and ``value_planned`` (currency),
        ``extra_spend``, ``weeks_played``.
    """
    plan = _task_plan(start)
    w0, w1 = start.status_week, now.status_week

    def pct(p: Portfolio, week: int) -> np.ndarray:
        ts = p.task_status
        row = ts[ts["week"] == week].set_index("task_id")["pct_complete_actual"]
        return plan.index.map(row).to_numpy(float, na_value=0.0) / 100

    ev_task = plan["cost"].to_numpy() * (pct(now, w1) - pct(start, w0))
    pv_task = plan["cost"].to_numpy() * (_planned_share(plan, w1) - _planned_share(plan, w0))
    by = plan["project_id"].to_numpy()
    ev = pd.Series(ev_task).groupby(by).sum()
    pv = pd.Series(pv_task).groupby(by).sum()
    ps = now.project_status
    ac_now = ps[ps["week"] == w1].set_index("project_id")["actual_cost"]
    ps0 = start.project_status
    ac_then = ps0[ps0["week"] == w0].set_index("project_id")["actual_cost"]
    ac = (ac_now - ac_then.reindex(ac_now.index).fillna(0.0)).reindex(ev.index).fillna(0.0)
    state = now.projects.set_index("project_id")["state"].reindex(ev.index)
    going = (state != "cancelled").to_numpy()
    bac = plan.groupby("project_id")["cost"].sum().reindex(ev.index)
    bv = start.projects.set_index("project_id")["business_value"].reindex(ev.index)
    strat = weights.reindex(ev.index).fillna(0.0) * bv / bac.where(bac > 0)
    strat = strat.fillna(0.0)
    held, holds = (
        (pd.Series(True, index=ev.index), pd.Series(True, index=ev.index))
        if cases is None
        else (c.reindex(ev.index).fillna(True).astype(bool) for c in cases)
    )
    delivered = float((strat * ev)[holds.to_numpy()].sum())
    planned = float((strat * pv)[held.to_numpy()].sum())
    trust = float(np.clip(TRUST_START + sum(r["change"] for r in trust_log), 0, 100))
    out = {
        "value": _ratio(delivered, planned),
        "on_time": _ratio(float(ev[going].sum()), float(pv[going].sum())),
        "on_budget": _ratio(float(ev.sum()), float(ac.sum()) + extra_spend),
        "trust": trust,
    }
    out["total"] = float(sum(SCORE_WEIGHTS[k] * out[k] for k in SCORE_COMPONENTS))
    out = {k: round(v, 2) for k, v in out.items()}
    out |= {
        "ev": round(float(ev.sum()), 2),
        "pv": round(float(pv.sum()), 2),
        "ac": round(float(ac.sum()), 2),
        "value_delivered": round(delivered, 2),
        "value_planned": round(planned, 2),
        "extra_spend": round(float(extra_spend), 2),
        "weeks_played": int(w1 - w0),
    }
    return out
