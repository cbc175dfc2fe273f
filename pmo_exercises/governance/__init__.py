"""Governance: the PMO policy (standards as data), compliance checks and stage gates.

::

    from pmo_exercises import governance

    policy = governance.load_policy()              # or load_policy("my_policy.yaml")
    governance.compliance_check(p, policy)         # the deviations a PMO must act on
    governance.stage_gate_review(p, policy)        # who may pass their next gate, and why not
    governance.rag_history(p, policy)              # the policy's RAG per project and week

Modules: :mod:`.policy` (loading and validating the policy file), :mod:`.rag`
(the RAG rules: schedule, cost, risk, overall, and the watermelon flag),
:mod:`.compliance` (findings with evidence) and :mod:`.gates` (stage gates).
Reports show what these compute (:mod:`pmo_exercises.reporting` re-exports
the RAG names); they never decide it.
"""

from __future__ import annotations

from .compliance import FINDING_COLUMNS, RULES, compliance_check
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

PolicyError.__module__ = __name__  # shown as pmo_exercises.governance.PolicyError

__all__ = [
    "DEFAULT_POLICY",
    "FINDING_COLUMNS",
    "GATE_COLUMNS",
    "RAG_HISTORY_COLUMNS",
    "RULES",
    "Policy",
    "PolicyError",
    "compliance_check",
    "load_policy",
    "open_risk_mask",
    "rag_code",
    "rag_from_figures",
    "rag_history",
    "risk_exposure_history",
    "stage_gate_review",
]
