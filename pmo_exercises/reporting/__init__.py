"""Reporting: RAG computed from the PMO policy and the portfolio dashboard.

::

    from pmo_exercises import reporting

    reporting.rag_history(p)            # computed vs reported RAG per project and week
    reporting.portfolio_dashboard(p)    # one row per project at the status week
    report = reporting.steering_report(p)         # the steering committee's content
    reporting.write_steering_html(report, "steering.html")     # self-contained, prints well
    reporting.write_steering_workbook(report, "steering.xlsx")  # one sheet per view
    reporting.write_steering_deck(report, "steering.pptx",      # the committee's deck
                                  capacity=reporting.capacity_picture(p, report))
    reporting.write_steering_pdf(report, "steering.pdf")        # A4 landscape, by Chromium
    reporting.project_report(p, "P06")  # a one-page project status, as HTML

Modules: :mod:`.html`, :mod:`.excel`, :mod:`.deck` and :mod:`.pdf`, the layouts
(with :mod:`.embed`, the charts of a page; :mod:`.slides`, :mod:`.slide_charts`
and :mod:`.textfit`, slides that never spill; :mod:`.shown`, how a figure reads;
:mod:`.capacity`, the loading the deck draws). What they lay out is
analysis and lives under :mod:`pmo_exercises.governance`, re-exported here:
the RAG rules (:mod:`~pmo_exercises.governance.rag`, policy), the portfolio
table (:mod:`~pmo_exercises.governance.dashboard`) and the content of the
reports (:mod:`~pmo_exercises.governance.steering`, with the committee's
exceptions and decisions from :mod:`~pmo_exercises.governance.committee`).
"""

from __future__ import annotations

from ..governance.dashboard import DASHBOARD_COLUMNS, portfolio_dashboard
from ..governance.rag import (
    RAG_HISTORY_COLUMNS,
    rag_from_figures,
    rag_history,
    risk_exposure_history,
)
from ..governance.steering import (
    DECISION_COLUMNS,
    EXCEPTION_COLUMNS,
    SteeringReport,
    project_status_content,
    steering_report,
    week_date,
    week_of_date,
)
from .capacity import CAPACITY_COLUMNS, CapacityPicture, capacity_picture
from .deck import steering_deck, write_steering_deck
from .excel import SHEETS, rag_fills, steering_workbook, write_steering_workbook
from .html import project_report, steering_html, write_steering_html
from .pdf import PrintError, write_steering_pdf

__all__ = [
    "CAPACITY_COLUMNS",
    "DASHBOARD_COLUMNS",
    "DECISION_COLUMNS",
    "EXCEPTION_COLUMNS",
    "RAG_HISTORY_COLUMNS",
    "SHEETS",
    "CapacityPicture",
    "PrintError",
    "SteeringReport",
    "capacity_picture",
    "portfolio_dashboard",
    "project_report",
    "project_status_content",
    "rag_fills",
    "rag_from_figures",
    "rag_history",
    "risk_exposure_history",
    "steering_deck",
    "steering_html",
    "steering_report",
    "steering_workbook",
    "week_date",
    "week_of_date",
    "write_steering_deck",
    "write_steering_html",
    "write_steering_pdf",
    "write_steering_workbook",
]
