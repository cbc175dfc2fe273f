"""What the steering committee must hear and decide: the exceptions and the decisions.

:func:`committee_exceptions` lists what a committee escalates (the policy's red
projects and the findings that are exceptions); :func:`committee_decisions`
turns the findings, the gate review and the resource loading into the
questions only the committee can answer. :func:`~.steering.steering_report`
puts both in the report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DECISION_COLUMNS", "EXCEPTION_COLUMNS", "committee_decisions", "committee_exceptions"]

#: The columns of :attr:`SteeringReport.exceptions`, in order.
EXCEPTION_COLUMNS = ("project_id", "name", "kind", "severity", "evidence")
#: The columns of :attr:`SteeringReport.decisions`, in order.
DECISION_COLUMNS = ("project_id", "subject", "decision", "options", "evidence", "rule")
#: Findings that are exceptions (the risk findings become decisions instead).
_EXCEPTION_RULES = (
    "watermelon",
    "stale_status",
    "value_below_cost",
    "gate_artefact",
    "schedule_variance",
    "cost_variance",
)
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def committee_exceptions(dashboard: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The exceptions a steering committee hears: what the PMO escalates.

    Parameters
    ----------
    dashboard : pandas.DataFrame
        :func:`~pmo_exercises.governance.dashboard.portfolio_dashboard` at the week.
    findings : pandas.DataFrame
        :func:`~pmo_exercises.governance.compliance_check` at the same week.

    Returns
    -------
    pandas.DataFrame
        :data:`EXCEPTION_COLUMNS`, one row per red project (its ``kind`` is
        ``"red"``, its severity high) and per finding of an exception rule
        (watermelon, stale status, lost business case, gate artefact,
        schedule or cost variance); most severe first, then by project. A
        cancelled project has none: its cancellation was the decision.
    """
    names = dashboard.set_index("project_id")["name"]
    # a cancelled project is a decision taken, not an exception to escalate
    gone = set(dashboard.loc[dashboard["state"] == "cancelled", "project_id"])
    dashboard = dashboard[~dashboard["project_id"].isin(gone)]
    findings = findings[~findings["project_id"].isin(gone)]
    rows = []
    for d in dashboard[dashboard["overall_rag"] == "red"].itertuples(index=False):
        red = [k for k in ("schedule", "cost", "risk") if getattr(d, f"{k}_rag") == "red"]
        rows.append(
            (
                d.project_id,
                d.name,
                "red",
                "high",
                f"policy RAG red ({', '.join(red)}): SPI {_num(d.spi)}, CPI {_num(d.cpi)}, "
                f"EAC vs BAC {_pct(d.eac_vs_bac_pct)}; reported {d.reported_rag or 'nothing'}",
            )
        )
    picked = findings[findings["rule"].isin(_EXCEPTION_RULES)]
    for f in picked.itertuples(index=False):
        rows.append((f.project_id, names.get(f.project_id, ""), f.rule, f.severity, f.evidence))
    out = pd.DataFrame(rows, columns=list(EXCEPTION_COLUMNS))
    rank = out["severity"].map(_SEVERITY_RANK).fillna(3)
    order = np.lexsort((out["project_id"].to_numpy(dtype=str), rank.to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def committee_decisions(portfolio, policy, findings, gates, schedule, week) -> pd.DataFrame:
    """The questions only the steering committee can answer, each with its options.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio reported on.
    policy : Policy
        The PMO policy (its stages name the gate into execution).
    findings : pandas.DataFrame
        :func:`~pmo_exercises.governance.compliance_check` at ``week``.
    gates : pandas.DataFrame or None
        :func:`~pmo_exercises.governance.stage_gate_review`, or None when the
        report is not at the latest status week (gates are reviewed as the
        artefacts stand now).
    schedule : pandas.DataFrame
        :func:`~pmo_exercises.planning.portfolio_schedule` at ``week``, for the
        resource loading of the weeks to come.
    week : int
        The status week.

    Returns
    -------
    pandas.DataFrame
        :data:`DECISION_COLUMNS`: stop or continue a project whose forecast cost
        exceeds its value, an independent review of a watermelon, an owner or a
        funded response for a high risk, the regularisation of missing gate
        artefacts, the gates into execution, and the shared roles booked beyond
        capacity (``project_id`` missing: no project owns them).
    """
    names = portfolio.projects.set_index("project_id")["name"]
    rows = []
    for f in findings.itertuples(index=False):
        who = f"{f.project_id} {names.get(f.project_id, '')}".strip()
        if f.rule == "value_below_cost":
            rows.append(
                (
                    f.project_id,
                    f.project_id,
                    f"Stop or continue {who}? Its forecast cost exceeds its business value.",
                    "stop; continue with a re-scoped business case; continue as is",
                    f.evidence,
                    f.rule,
                )
            )
        elif f.rule == "watermelon":
            rows.append(
                (
                    f.project_id,
                    f.project_id,
                    f"Commission an independent review of {who}: its reported status "
                    "hides a red project.",
                    "independent review; recovery plan from the sponsor",
                    f.evidence,
                    f.rule,
                )
            )
        elif f.rule in ("unowned_high_risk", "unanswered_high_risk"):
            ask = (
                f"Name an owner for high risk {f.subject} of {who} and fund its response."
                if f.rule == "unowned_high_risk"
                else f"Decide and fund a response to high risk {f.subject} of {who}."
            )
            rows.append(
                (
                    f.project_id,
                    f.subject,
                    ask,
                    "fund a response; accept the risk explicitly",
                    f.evidence,
                    f.rule,
                )
            )
    breaches = findings[findings["rule"] == "gate_artefact"]
    for pid, group in breaches.groupby("project_id", sort=True):
        who = f"{pid} {names.get(pid, '')}".strip()
        rows.append(
            (
                pid,
                ", ".join(group["subject"].astype(str)),
                f"Regularise {who}: approve its missing gate artefacts or pause it.",
                "approve the artefacts within two weeks; pause the project",
                "; ".join(group["evidence"]),
                "gate_artefact",
            )
        )
    if gates is not None:
        execution = "execution" if "execution" in policy.stages else None
        waiting = gates[(gates["next_gate"] == execution) & (gates["state"] == "active")]
        for g in waiting.itertuples(index=False):
            who = f"{g.project_id} {names.get(g.project_id, '')}".strip()
            if g.may_pass:
                question = f"Approve the gate of {who} into {g.next_gate}?"
                evidence = f"all required artefacts approved: {g.required}"
            else:
                question = (
                    f"Gate of {who} into {g.next_gate}: hold until its artefacts are approved?"
                )
                evidence = g.reason
            rows.append(
                (g.project_id, g.next_gate, question, "approve; hold; reject", evidence, "gate")
            )
    rows += _overbooked_roles(portfolio, schedule, week)
    return pd.DataFrame(rows, columns=list(DECISION_COLUMNS))


def _overbooked_roles(portfolio, schedule, week) -> list[tuple]:
    from ..planning import overallocations, resource_loading

    loading = resource_loading(schedule, portfolio.assignments, by_project=True)
    over = overallocations(loading, portfolio.roles)
    over = over[over["week"] > week]
    roles = portfolio.roles.set_index("role_id")["name"]
    rows = []
    for role, group in over.groupby("role_id", sort=True):
        worst = group.iloc[0]
        weeks = sorted(int(w) for w in group["week"])
        friday = portfolio.week_date(worst["week"])
        rows.append(
            (
                None,
                role,
                f"Rebalance {roles.get(role, role)} ({role}): booked beyond capacity in "
                f"{len(weeks)} coming week{'s' if len(weeks) > 1 else ''}.",
                "re-sequence the projects; add capacity; pause a lower-priority project",
                f"worst: week {int(worst['week'])} (to {friday:%Y-%m-%d}), "
                f"{worst['demand_days']:g} person-days booked against "
                f"{worst['capacity_days']:g} available, by {int(worst['projects'])} projects; "
                f"over-booked weeks {', '.join(map(str, weeks))}",
                "overbooked_role",
            )
        )
    return rows


def _num(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.2f}"


def _pct(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:+.1f}%"
