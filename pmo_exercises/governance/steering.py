"""The steering-committee report as plain data: what the PMO tells the committee.

:func:`steering_report` gathers, at one status week, what the analytics
already computed and puts it in the order a steering committee reads it:

1. **summary**: the portfolio in a few figures (projects by RAG, budget,
   forecast, portfolio SPI and CPI);
2. **dashboard**: :func:`~pmo_exercises.governance.dashboard.portfolio_dashboard`;
3. **exceptions**: the projects whose policy RAG is red and every finding of
   :func:`~pmo_exercises.governance.compliance_check` except the risk ones
   (watermelons, stale statuses, variance breaches, lost business cases,
   stage-gate breaches), each with its evidence;
4. **decisions**: what only the committee can decide, derived from the
   findings, the stage-gate review and the resource loading;
5. **risks** and **opportunities**: the open ones with the largest expected
   value, and the **events** (risks that fired, opportunities realised) of the
   last weeks.

The exceptions and decisions are built in :mod:`.committee`. Nothing here
recomputes a PMO figure, and nothing lays it out: the renderers in
:mod:`pmo_exercises.reporting` (:mod:`~pmo_exercises.reporting.html`,
:mod:`~pmo_exercises.reporting.excel`) only lay the content out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..core.schema import RAG
from .committee import (
    DECISION_COLUMNS,
    EXCEPTION_COLUMNS,
    committee_decisions,
    committee_exceptions,
)
from .compliance import compliance_check
from .dashboard import portfolio_dashboard
from .gates import stage_gate_review
from .policy import resolve_policy
from .rag import open_risk_mask

__all__ = [
    "DECISION_COLUMNS",
    "EXCEPTION_COLUMNS",
    "SteeringReport",
    "project_status_content",
    "steering_report",
    "week_date",
    "week_of_date",
]


@dataclass(frozen=True)
class SteeringReport:
    """The content of a steering-committee report at one status week.

    Attributes
    ----------
    company, currency : str
        From the portfolio's ``meta``.
    week : int
        The status week reported.
    status_date : pandas.Timestamp
        Its Friday.
    summary : dict
        ``projects``, ``active``, ``rag`` (``{"green": n, "amber": n, "red":
        n, "undefined": n}`` of the policy's overall RAG), ``reported_rag``
        (the managers' counts), ``watermelons``, ``bac`` and ``eac`` (sum of
        the projects' EAC, the BAC where no EAC is defined yet), ``spi`` and
        ``cpi`` (of the whole portfolio, from
        :func:`~pmo_exercises.tracking.earned_value_history`), ``findings``
        and ``high_findings``, ``exceptions``, ``decisions``.
    dashboard : pandas.DataFrame
        :func:`~pmo_exercises.reporting.portfolio_dashboard` at ``week``.
    exceptions : pandas.DataFrame
        :data:`EXCEPTION_COLUMNS`: ``kind`` is ``"red"`` (policy RAG red) or a
        compliance rule; most severe first.
    decisions : pandas.DataFrame
        :data:`DECISION_COLUMNS`: ``project_id`` (missing for a decision on a
        shared role), ``subject`` (project, risk, artefact or role),
        ``decision`` (a question for the committee), ``options``,
        ``evidence`` and the ``rule`` that raised it.
    risks : pandas.DataFrame
        The open risks with the largest expected loss: ``risk_id``,
        ``project_id``, ``title``, ``probability``, ``cost_impact``,
        ``schedule_impact_days``, ``exposure`` (probability x cost impact),
        ``owner``, ``response``.
    opportunities : pandas.DataFrame
        The open opportunities with the largest expected saving:
        ``opportunity_id``, ``project_id``, ``title``, ``probability``,
        ``cost_saving``, ``schedule_gain_days``, ``expected_saving``,
        ``owner``.
    events : pandas.DataFrame
        The ``events`` rows of the last ``events_weeks`` weeks up to ``week``,
        with the ``title`` of the risk or opportunity.
    findings : pandas.DataFrame
        :func:`~pmo_exercises.governance.compliance_check` at ``week``.
    history : pandas.DataFrame
        The portfolio's weekly PV, EV and AC up to ``week`` (for the S-curve).
    slip : pandas.DataFrame
        :func:`~pmo_exercises.planning.project_slip` at ``week``.
    schedule : pandas.DataFrame
        :func:`~pmo_exercises.planning.portfolio_schedule` at ``week``
        (``basis="actual"``), for the Gantt charts of the exception projects.
    start_date : str
        Day 0 of the schedule (``meta["start_date"]``).
    events_weeks : int
        How many weeks of events are listed.

    Notes
    -----
    Gate decisions come from :func:`~pmo_exercises.governance.stage_gate_review`,
    which looks at the artefacts as they stand; they are listed for the latest
    status week only.
    """

    company: str
    currency: str
    week: int
    status_date: pd.Timestamp
    summary: dict
    dashboard: pd.DataFrame
    exceptions: pd.DataFrame
    decisions: pd.DataFrame
    risks: pd.DataFrame
    opportunities: pd.DataFrame
    events: pd.DataFrame
    findings: pd.DataFrame
    history: pd.DataFrame
    slip: pd.DataFrame
    schedule: pd.DataFrame
    start_date: str
    events_weeks: int = field(default=4)


def week_date(portfolio, week) -> pd.Timestamp:
    """The status date (the Friday) of a status week: :meth:`Portfolio.week_date`."""
    return portfolio.week_date(week)


def week_of_date(portfolio, date) -> int:
    """The latest status week whose Friday is on or before ``date``: :meth:`Portfolio.week_of`."""
    return portfolio.week_of(date)


def steering_report(portfolio, policy=None, week=None, *, top=10, events_weeks=4) -> SteeringReport:
    """The content of the steering-committee report at a status week.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).
    week : int, optional
        The status week (default: the latest).
    top : int
        How many risks and opportunities to list.
    events_weeks : int
        List the events of this many weeks up to ``week``.

    Returns
    -------
    SteeringReport

    Raises
    ------
    ValueError
        When ``week`` is not between 1 and the status week.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.governance import steering_report
    >>> report = steering_report(pmo.load_portfolio())
    >>> report.decisions[["subject", "decision"]]  # doctest: +SKIP
    """
    from ..planning import portfolio_schedule, project_slip
    from ..tracking import earned_value_history

    policy = resolve_policy(policy)
    week = portfolio.check_week(week)
    date = portfolio.week_date(week)
    dashboard = portfolio_dashboard(portfolio, policy, week=week)
    findings = compliance_check(portfolio, policy, week=week)
    history = earned_value_history(portfolio, level="portfolio")
    history = history[history["week"] <= week].reset_index(drop=True)
    schedule = portfolio_schedule(portfolio, week=week, basis="actual")
    exceptions = committee_exceptions(dashboard, findings)
    gates = stage_gate_review(portfolio, policy) if week == portfolio.status_week else None
    decisions = committee_decisions(portfolio, policy, findings, gates, schedule, week)
    risks = _top_risks(portfolio, date, top)
    opportunities = _top_opportunities(portfolio, top)
    events = _events(portfolio, week, events_weeks)
    now = history[history["week"] == week].iloc[0]
    eac = dashboard["eac"].where(dashboard["eac"].notna(), dashboard["bac"])
    rag = dashboard["overall_rag"].value_counts()
    reported = dashboard["reported_rag"].value_counts()
    summary = {
        "projects": len(dashboard),
        "active": int((dashboard["state"] == "active").sum()),
        "rag": {
            **{c: int(rag.get(c, 0)) for c in RAG},
            "undefined": int(dashboard["overall_rag"].isna().sum()),
        },
        "reported_rag": {c: int(reported.get(c, 0)) for c in RAG},
        "watermelons": int(dashboard["watermelon"].sum()),
        "bac": float(dashboard["bac"].sum()),
        "eac": float(eac.sum()),
        "spi": float(now["spi"]),
        "cpi": float(now["cpi"]),
        "findings": len(findings),
        "high_findings": int((findings["severity"] == "high").sum()),
        "exceptions": len(exceptions),
        "decisions": len(decisions),
    }
    return SteeringReport(
        company=str(portfolio.meta.get("company", "")),
        currency=str(portfolio.meta.get("currency", "")),
        week=week,
        status_date=date,
        summary=summary,
        dashboard=dashboard,
        exceptions=exceptions,
        decisions=decisions,
        risks=risks,
        opportunities=opportunities,
        events=events,
        findings=findings,
        history=history,
        slip=project_slip(schedule).reset_index(),
        schedule=schedule,
        start_date=str(portfolio.meta["start_date"]),
        events_weeks=int(events_weeks),
    )


def _top_risks(portfolio, date, top) -> pd.DataFrame:
    r = portfolio.risks
    live = r[open_risk_mask(portfolio, [date])[0]]
    live = live.assign(exposure=live["probability"] * live["cost_impact"])
    live = live.sort_values(["exposure", "risk_id"], ascending=[False, True], kind="stable")
    cols = [
        "risk_id",
        "project_id",
        "title",
        "probability",
        "cost_impact",
        "schedule_impact_days",
        "exposure",
        "owner",
        "response",
    ]
    return live[cols].head(top).reset_index(drop=True)


def _top_opportunities(portfolio, top) -> pd.DataFrame:
    o = portfolio.opportunities
    live = o[o["state"] == "open"]
    live = live.assign(expected_saving=live["probability"] * live["cost_saving"])
    live = live.sort_values(
        ["expected_saving", "opportunity_id"], ascending=[False, True], kind="stable"
    )
    cols = [
        "opportunity_id",
        "project_id",
        "title",
        "probability",
        "cost_saving",
        "schedule_gain_days",
        "expected_saving",
        "owner",
    ]
    return live[cols].head(top).reset_index(drop=True)


def _events(portfolio, week, weeks) -> pd.DataFrame:
    e = portfolio.events
    e = e[(e["week"] > week - weeks) & (e["week"] <= week)]
    titles = pd.concat(
        [
            portfolio.risks.set_index("risk_id")["title"],
            portfolio.opportunities.set_index("opportunity_id")["title"],
        ]
    )
    out = e.assign(title=e["source_id"].map(titles))
    cols = [
        "week",
        "date",
        "project_id",
        "source_id",
        "kind",
        "title",
        "cost_impact",
        "schedule_impact_days",
    ]
    return out[cols].sort_values(["week", "date"], kind="stable").reset_index(drop=True)


def project_status_content(portfolio, project_id, policy=None, week=None) -> dict:
    """The content of a one-page status report on one project.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    project_id : str
        The project.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).
    week : int, optional
        The status week (default: the latest).

    Returns
    -------
    dict
        ``project`` (the ``projects`` row as a dict), ``row`` (its dashboard
        row as a dict), ``findings`` (its compliance findings), ``risks``
        (its open risks, largest exposure first), ``events`` (all its
        events up to ``week``), ``history`` (its weekly PV, EV, AC up to
        ``week``), ``slip`` (its forecast against the baseline, a dict),
        ``week``, ``status_date``, ``company`` and ``currency``.

    Raises
    ------
    ValueError
        When ``project_id`` is not in the portfolio, or ``week`` is out of range.
    """
    from ..planning import portfolio_schedule, project_slip
    from ..tracking import earned_value_history

    ids = portfolio.projects["project_id"].astype(str).tolist()
    if str(project_id) not in ids:
        raise ValueError(f"no project {project_id!r} in the portfolio (projects: {', '.join(ids)})")
    policy = resolve_policy(policy)
    week = portfolio.check_week(week)
    date = portfolio.week_date(week)
    dashboard = portfolio_dashboard(portfolio, policy, week=week)
    findings = compliance_check(portfolio, policy, week=week)
    history = earned_value_history(portfolio)
    history = history[(history["project_id"] == project_id) & (history["week"] <= week)]
    slip = project_slip(portfolio_schedule(portfolio, week=week, basis="actual"))
    risks = _top_risks(portfolio, date, len(portfolio.risks))
    events = _events(portfolio, week, week)
    return {
        "company": str(portfolio.meta.get("company", "")),
        "currency": str(portfolio.meta.get("currency", "")),
        "week": week,
        "status_date": date,
        "project": portfolio.projects.set_index("project_id").loc[project_id].to_dict()
        | {"project_id": project_id},
        "row": dashboard.set_index("project_id").loc[project_id].to_dict()
        | {"project_id": project_id},
        "findings": findings[findings["project_id"] == project_id].reset_index(drop=True),
        "risks": risks[risks["project_id"] == project_id].head(5).reset_index(drop=True),
        "events": events[events["project_id"] == project_id].reset_index(drop=True),
        "history": history.reset_index(drop=True),
        "slip": slip.loc[project_id].to_dict() if project_id in slip.index else {},
    }
