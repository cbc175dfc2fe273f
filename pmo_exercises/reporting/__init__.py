"""Reporting: RAG computed from the PMO policy and the portfolio dashboard.

::

    from pmo_exercises import reporting

    reporting.rag_history(p)            # computed vs reported RAG per project and week
    reporting.portfolio_dashboard(p)    # one row per project at the status week
    report = reporting.steering_report(p)         # the steering committee's content
    reporting.write_steering_html(report, "steering.html")     # self-contained, prints well
    reporting.write_steering_workbook(report, "steering.xlsx")  # one sheet per view
    reporting.project_report(p, "P06")  # a one-page project status, as HTML

Modules: :mod:`.rag` (the RAG rules, which are policy and live in
:mod:`pmo_exercises.governance.rag`: re-exported here),
:mod:`.dashboard` (the portfolio table), :mod:`.steering` (the content of
the reports), :mod:`.html` and :mod:`.excel` (their layouts).
"""

from __future__ import annotations

from ..governance.rag import (
    RAG_HISTORY_COLUMNS,
    rag_from_figures,
    rag_history,
    risk_exposure_history,
)
from .dashboard import DASHBOARD_COLUMNS, portfolio_dashboard
from .excel import SHEETS, rag_fills, steering_workbook, write_steering_workbook
from .html import project_report, steering_html, write_steering_html
from .steering import (
    DECISION_COLUMNS,
    EXCEPTION_COLUMNS,
    SteeringReport,
    project_status_content,
    steering_report,
    week_date,
    week_of_date,
)

__all__ = [
    "DASHBOARD_COLUMNS",
    "DECISION_COLUMNS",
    "EXCEPTION_COLUMNS",
    "RAG_HISTORY_COLUMNS",
    "SHEETS",
    "SteeringReport",
    "portfolio_dashboard",
    "project_report",
    "project_status_content",
    "rag_fills",
    "rag_from_figures",
    "rag_history",
    "risk_exposure_history",
    "steering_html",
    "steering_report",
    "steering_workbook",
    "week_date",
    "week_of_date",
    "write_steering_html",
    "write_steering_workbook",
]
