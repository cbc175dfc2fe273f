"""The RAG rules as reports use them: they are policy, in :mod:`pmo_exercises.governance.rag`.

Kept so that ``pmo_exercises.reporting.rag`` and the names below still import.
"""

from __future__ import annotations

from ..governance.rag import (
    RAG_HISTORY_COLUMNS,
    open_risk_mask,
    rag_code,
    rag_from_figures,
    rag_history,
    risk_exposure_history,
)

__all__ = [
    "RAG_HISTORY_COLUMNS",
    "open_risk_mask",
    "rag_code",
    "rag_from_figures",
    "rag_history",
    "risk_exposure_history",
]
