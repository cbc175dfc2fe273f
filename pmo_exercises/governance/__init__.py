"""Governance: the PMO policy (standards as data), compliance checks and stage gates.

::

    from pmo_exercises import governance

    policy = governance.load_policy()              # or load_policy("my_policy.yaml")
    governance.compliance_check(p, policy)         # the deviations a PMO must act on
    governance.stage_gate_review(p, policy)        # who may pass their next gate, and why not
    governance.rag_history(p, policy)              # the policy's RAG per project and week
    governance.portfolio_dashboard(p, policy)      # one row per project at the status week
    governance.steering_report(p, policy)          # what the steering committee must hear

Modules: :mod:`.policy` (loading and validating the policy file), :mod:`.rag`
(the RAG rules: schedule, cost, risk, overall, and the watermelon flag),
:mod:`.compliance` (findings with evidence), :mod:`.gates` (stage gates),
:mod:`.dashboard` (the portfolio table), :mod:`.committee` (the exceptions
and decisions for the committee) and :mod:`.steering` (the content of the
steering and project reports). Reports lay out what these compute
(:mod:`pmo_exercises.reporting` re-exports these names); they never decide it.
"""

from __future__ import annotations

from .committee import DECISION_COLUMNS, EXCEPTION_COLUMNS
from .compliance import FINDING_COLUMNS, RULES, compliance_check
from .dashboard import DASHBOARD_COLUMNS, portfolio_dashboard
from .gates import GATE_COLUMNS, stage_gate_review
from .policy import DEFAULT_POLICY, Policy, PolicyError, load_policy
from .rag import (
    RAG_HISTORY_COLUMNS,
    open_risk_mask,
    rag_code,
    rag_from_figures,
    rag_history,
    risk_exposure_history,
)
from .steering import SteeringReport, project_status_content, steering_report

PolicyError.__module__ = __name__  # shown as pmo_exercises.governance.PolicyError

__all__ = [
    "DASHBOARD_COLUMNS",
    "DECISION_COLUMNS",
    "DEFAULT_POLICY",
    "EXCEPTION_COLUMNS",
    "FINDING_COLUMNS",
    "GATE_COLUMNS",
    "RAG_HISTORY_COLUMNS",
    "RULES",
    "Policy",
    "PolicyError",
    "SteeringReport",
    "compliance_check",
    "load_policy",
    "open_risk_mask",
    "portfolio_dashboard",
    "project_status_content",
    "rag_code",
    "rag_from_figures",
    "rag_history",
    "risk_exposure_history",
    "stage_gate_review",
    "steering_report",
]
