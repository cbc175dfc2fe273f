"""Reporting: RAG computed from the PMO policy and the portfolio dashboard.

::

    from pmo_exercises import reporting

    reporting.rag_history(p)            # computed vs reported RAG per project and week
    reporting.portfolio_dashboard(p)    # one row per project at the status week

Modules: :mod:`.rag` (the policy's RAG per week, watermelon flags) and
:mod:`.dashboard` (the portfolio table).
"""

from __future__ import annotations

from .dashboard import DASHBOARD_COLUMNS, portfolio_dashboard
from .rag import RAG_HISTORY_COLUMNS, rag_from_figures, rag_history, risk_exposure_history

__all__ = [
    "DASHBOARD_COLUMNS",
    "RAG_HISTORY_COLUMNS",
    "portfolio_dashboard",
    "rag_from_figures",
    "rag_history",
    "risk_exposure_history",
]
