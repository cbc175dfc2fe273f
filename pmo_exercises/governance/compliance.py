"""Compliance check: the deviations from the PMO policy that a PMO must act on.

Each finding names the project, the rule broken, its severity (from the
policy) and the evidence, in words that cite the data: ids, dates, values.
The rules (:data:`RULES`):

``gate_artefact``
    A project works in a stage without an artefact that the gates up to that
    stage require approved (``lifecycle.gates``). One finding per artefact.
``stale_status``
    An active project's last update is more than ``reporting.stale_after_weeks``
    weeks older than the status date.
``unowned_high_risk`` / ``unanswered_high_risk``
    An open risk with probability at least ``risks.high_probability`` has no
    owner / no response (when the policy requires one).
``watermelon``
    The reported RAG is better than the policy's computed overall RAG, which
    is red (see :mod:`pmo_exercises.governance.rag`).
``value_below_cost``
    An active project's EAC (BAC / CPI) exceeds ``business_case.max_eac_to_value``
    times its business value: it no longer pays for itself.
``schedule_variance`` / ``cost_variance``
    SPI / CPI is below the tolerance of ``variance`` in every status of an
    unbroken run up to the week checked
    (:func:`pmo_exercises.tracking.variances`).

Stage and artefacts come from the ``projects`` and ``artefacts`` tables,
which describe the status date. When an earlier ``week`` is checked, an
artefact counts as approved only if it was approved by that week's Friday, and
a project in execution whose work had not started by then counts as still in
the stage before execution. At the status week the ``state`` column is taken
as it stands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .policy import SEVERITIES, resolve_policy

__all__ = ["FINDING_COLUMNS", "RULES", "compliance_check"]

#: The rules a finding may name.
RULES = (
    "gate_artefact",
    "stale_status",
    "unowned_high_risk",
    "unanswered_high_risk",
    "watermelon",
    "value_below_cost",
    "schedule_variance",
    "cost_variance",
)
#: The columns of :func:`compliance_check`, in order.
FINDING_COLUMNS = (
    "project_id",
    "rule",
    "severity",
    "evidence",
    "subject",
    "week",
    "status_date",
)


def compliance_check(portfolio, policy=None, week=None) -> pd.DataFrame:
    """Every breach of the PMO policy in a portfolio, with its evidence.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).
    week : int, optional
        The status week to check (default: the latest).

    Returns
    -------
    pandas.DataFrame
        One row per finding, most severe first, then by project and rule:
        ``project_id``, ``rule`` (one of :data:`RULES`), ``severity``
        (``low``, ``medium``, ``high``), ``evidence`` (one sentence citing the
        data), ``subject`` (the risk id or artefact concerned, else missing),
        ``week`` and ``status_date`` (of the status checked).

    Raises
    ------
    ValueError
        When ``week`` is not between 1 and the status week.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.governance import compliance_check
    >>> findings = compliance_check(pmo.load_portfolio())
    >>> findings[["project_id", "rule", "evidence"]].head()  # doctest: +SKIP
    """
    policy = resolve_policy(policy)
    week = portfolio.check_week(week)
    date = portfolio.week_date(week)
    money = portfolio.meta.get("currency", "")
    found: list[tuple] = []
    found += _gates(portfolio, policy, week, date)
    found += _stale(portfolio, policy, week, date)
    found += _risks(portfolio, policy, date, money)
    found += _rag(portfolio, policy, week, date, money)
    out = pd.DataFrame(found, columns=list(FINDING_COLUMNS[:5]))
    out["subject"] = out["subject"].astype(object)
    out["week"] = np.int64(week)
    out["status_date"] = date
    rank = out["severity"].map({s: -i for i, s in enumerate(SEVERITIES)})
    order = np.lexsort((out["rule"].map(RULES.index), out["project_id"], rank))
    return out.iloc[order].reset_index(drop=True)


def _d(value) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def _index(value: float, limit: float) -> str:
    """An index below ``limit``, written so that it still reads below it.

    Two decimals, or three (truncated) when two would round it up to the limit:
    "CPI 0.849 (red below 0.85)", never "CPI 0.85".
    """
    text = f"{value:.2f}"
    return text if float(text) < limit else f"{np.floor(value * 1000) / 1000:.3f}"


def _gates(portfolio, policy, week, date):
    from .gates import artefact_states

    states = artefact_states(portfolio)
    a = portfolio.artefacts.set_index(["project_id", "artefact"])
    ts = portfolio.task_status
    started = ts[ts["actual_start"].notna()].groupby("project_id")["actual_start"].min()
    out = []
    projects = portfolio.projects
    for pid, stage, state in projects[["project_id", "stage", "state"]].itertuples(index=False):
        if state not in ("active", "paused"):
            continue
        since = started.get(pid)
        ongoing = since is not None and pd.Timestamp(since) <= date
        before = policy.previous_stage(stage)
        if week < portfolio.status_week and stage == "execution" and not ongoing and before:
            stage = before
        for name in policy.required_artefacts(stage):
            st = states.get((pid, name), "no record")
            approved_on = a["approved_on"].get((pid, name)) if st == "approved" else None
            # at the status week the table's state is the truth; earlier, the approval date
            if st == "approved" and (
                week == portfolio.status_week or pd.isna(approved_on) or approved_on <= date
            ):
                continue
            if st == "approved":
                st = f"approved only on {_d(approved_on)}"
            when = f" since {_d(since)}" if stage == "execution" and ongoing else ""
            out.append(
                (
                    pid,
                    "gate_artefact",
                    policy.gate_severity,
                    f"in {stage}{when} without an approved {name} ({st})",
                    name,
                )
            )
    return out


def _stale(portfolio, policy, week, date):
    ps = portfolio.project_status
    ps = ps[ps["week"] == week]
    projects = portfolio.projects
    ps = ps[ps["project_id"].isin(projects.loc[projects["state"] == "active", "project_id"])]
    age = (date - ps["last_update"]).dt.days
    stale = ps[age > 7 * policy.stale_after_weeks]
    out = []
    for pid, updated in stale[["project_id", "last_update"]].itertuples(index=False):
        days = (date - updated).days
        weeks = f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
        out.append(
            (
                pid,
                "stale_status",
                policy.stale_severity,
                f"last update {_d(updated)}, {weeks} before the status date {_d(date)} "
                f"(stale after {policy.stale_after_weeks} weeks)",
                None,
            )
        )
    return out


def _risks(portfolio, policy, date, money):
    from .rag import open_risk_mask

    r = portfolio.risks
    open_ = open_risk_mask(portfolio, [date])[0]
    high = r[open_ & (r["probability"] >= policy.high_probability).to_numpy()]
    checks = [
        ("owner", "unowned_high_risk", policy.require_owner),
        ("response", "unanswered_high_risk", policy.require_response),
    ]
    out = []
    for column, rule, required in checks:
        if not required:
            continue
        for risk in high[high[column].isna()].itertuples(index=False):
            out.append(
                (
                    risk.project_id,
                    rule,
                    policy.risk_severity,
                    f"risk {risk.risk_id} (p={risk.probability:.2f}, impact "
                    f"{risk.cost_impact:,.0f} {money}) has no {column}".replace("  ", " "),
                    risk.risk_id,
                )
            )
    return out


def _rag(portfolio, policy, week, date, money):
    from ..tracking import variances
    from .rag import rag_history

    h = rag_history(portfolio, policy)
    h = h[h["week"] <= week]
    now = h[h["week"] == week]
    out = []
    for row in now[now["watermelon"]].itertuples(index=False):
        why = []
        if row.schedule_rag == "red":
            why.append(
                f"SPI {_index(row.spi, policy.schedule.red)} (red below {policy.schedule.red:g})"
            )
        if row.cost_rag == "red":
            why.append(f"CPI {_index(row.cpi, policy.cost.red)} (red below {policy.cost.red:g})")
        if row.high_risks >= policy.risk.red_high_risks:
            why.append(f"{row.high_risks} open high risks (red from {policy.risk.red_high_risks})")
        if row.exposure_pct >= policy.risk.red_exposure_pct:
            why.append(
                f"open risk exposure {row.exposure_pct:.1f}% of BAC "
                f"(red from {policy.risk.red_exposure_pct:g}%)"
            )
        out.append(
            (
                row.project_id,
                "watermelon",
                policy.watermelon_severity,
                f"reported {row.reported_rag} in week {week} ({_d(date)}), {row.rag_gap} "
                f"step{'s' if row.rag_gap > 1 else ''} better than the policy RAG red: "
                f"{', '.join(why)}",
                None,
            )
        )
    value = portfolio.projects.set_index("project_id")
    for row in now.itertuples(index=False):
        worth = value.at[row.project_id, "business_value"]
        if value.at[row.project_id, "state"] != "active" or not np.isfinite(row.eac_cpi):
            continue
        if row.eac_cpi > policy.max_eac_to_value * worth:
            out.append(
                (
                    row.project_id,
                    "value_below_cost",
                    policy.business_case_severity,
                    f"EAC {row.eac_cpi:,.0f} {money} (BAC {row.bac:,.0f} {money} "
                    f"at CPI {row.cpi:.3f}) exceeds the business value {worth:,.0f} {money}",
                    None,
                )
            )
    flows = h.assign(sv=h["ev"] - h["pv"], cv=h["ev"] - h["ac"])
    v = variances(flows, policy.schedule_tolerance, policy.cost_tolerance)
    v = v[v["week"] == week]
    for kind, index, tol in (
        ("schedule", "spi", policy.schedule_tolerance),
        ("cost", "cpi", policy.cost_tolerance),
    ):
        hit = v[v[f"{kind}_breach"]]
        for pid, value, since in hit[["project_id", index, f"{kind}_breach_since"]].itertuples(
            index=False
        ):
            start = portfolio.week_date(since)
            out.append(
                (
                    pid,
                    f"{kind}_variance",
                    policy.variance_severity,
                    f"{index.upper()} {_index(value, 1 - tol)} below the tolerance "
                    f"{1 - tol:.2f} in every status since week {since} ({_d(start)})",
                    None,
                )
            )
    return out
