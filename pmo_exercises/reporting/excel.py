"""The steering-committee report as a formatted Excel workbook, one sheet per view.

Sheets, in order (:data:`SHEETS`): ``Summary`` (the figures of
:attr:`SteeringReport.summary`, one per row), ``Dashboard``, ``Exceptions``,
``Decisions``, ``Risks``, ``Opportunities`` and ``Events``. Every table sheet
has a bold header row frozen in place, an autofilter, column widths that fit
the content (up to a limit) and number formats: amounts with thousands
separators, indices and probabilities with two decimals, percentages with
one. The RAG cells of the dashboard are filled green, amber or red (grey when
undefined) with the colours of :data:`pmo_exercises.charts.RAG_COLOURS`. The
workbook holds no formula: a text that starts with ``=`` (a hostile project
name) is written as text.

::

    from pmo_exercises.reporting import steering_report, write_steering_workbook

    write_steering_workbook(steering_report(p), "steering.xlsx")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.schema import RAG

__all__ = ["SHEETS", "rag_fills", "steering_workbook", "write_steering_workbook"]

#: The sheets of :func:`steering_workbook`, in order.
SHEETS = ("Summary", "Dashboard", "Exceptions", "Decisions", "Risks", "Opportunities", "Events")

_MONEY = "#,##0"
_INDEX = "0.00"
_PERCENT = "+0.0;-0.0;0.0"
_DAYS = "0.0"
_DATE = "yyyy-mm-dd"
_FORMATS = {
    "bac": _MONEY,
    "eac": _MONEY,
    "cost_impact": _MONEY,
    "cost_saving": _MONEY,
    "exposure": _MONEY,
    "expected_saving": _MONEY,
    "spi": _INDEX,
    "cpi": _INDEX,
    "probability": _INDEX,
    "eac_vs_bac_pct": _PERCENT,
    "finish_slip_days": _DAYS,
    "schedule_impact_days": _DAYS,
    "schedule_gain_days": _DAYS,
}
_MAX_WIDTH = 60


def rag_fills() -> dict:
    """The fill colour of a RAG cell (RGB hex, upper case, no ``#``) by RAG value.

    The colours of :data:`pmo_exercises.charts.RAG_COLOURS`; the key ``None``
    (grey) is for an undefined RAG.
    """
    from ..charts.style import RAG_COLOURS

    names = {**{c: c for c in RAG}, None: "grey"}
    return {k: RAG_COLOURS[v].lstrip("#").upper() for k, v in names.items()}


def steering_workbook(report):
    """The steering-committee report as an openpyxl workbook.

    Parameters
    ----------
    report : SteeringReport
        From :func:`~pmo_exercises.reporting.steering_report`.

    Returns
    -------
    openpyxl.Workbook
        The sheets of :data:`SHEETS`; save it with ``.save(path)``.
    """
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    _summary(summary, report)
    slip = report.slip.set_index("project_id")["finish_slip_days"]
    dashboard = report.dashboard.assign(finish_slip_days=report.dashboard["project_id"].map(slip))
    tables = {
        "Dashboard": dashboard,
        "Exceptions": report.exceptions,
        "Decisions": report.decisions,
        "Risks": report.risks,
        "Opportunities": report.opportunities,
        "Events": report.events,
    }
    for title, table in tables.items():
        _table(book.create_sheet(title), table)
    for sheet in book.worksheets:
        _no_formulas(sheet)
    return book


def write_steering_workbook(report, path) -> Path:
    """Write :func:`steering_workbook` to ``path`` (``.xlsx``) and return the path."""
    path = Path(path)
    steering_workbook(report).save(path)
    return path


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True)


def _summary(sheet, report) -> None:
    s = report.summary
    money = report.currency
    rows = [
        ("company", report.company, None),
        ("status week", report.week, None),
        ("status date", report.status_date.to_pydatetime(), _DATE),
        ("projects", s["projects"], None),
        ("active projects", s["active"], None),
        *[(f"policy RAG {c}", s["rag"][c], None) for c in (*RAG, "undefined")],
        *[(f"reported RAG {c}", s["reported_rag"][c], None) for c in RAG],
        ("watermelon projects", s["watermelons"], None),
        (f"BAC ({money})".replace(" ()", ""), s["bac"], _MONEY),
        (f"EAC ({money})".replace(" ()", ""), s["eac"], _MONEY),
        ("portfolio SPI", s["spi"], _INDEX),
        ("portfolio CPI", s["cpi"], _INDEX),
        ("policy findings", s["findings"], None),
        ("high-severity findings", s["high_findings"], None),
        ("exceptions", s["exceptions"], None),
        ("decisions needed", s["decisions"], None),
    ]
    sheet.append(["figure", "value"])
    for label, value, fmt in rows:
        sheet.append([label, _cell(value)])
        if fmt:
            sheet.cell(row=sheet.max_row, column=2).number_format = fmt
    _header(sheet, 2)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 24


def _table(sheet, table: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fills = rag_fills()
    columns = list(table.columns)
    sheet.append(columns)
    for row in table.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    _header(sheet, len(columns))
    for j, name in enumerate(columns, start=1):
        letter = get_column_letter(j)
        fmt = _FORMATS.get(name)
        if fmt is None and pd.api.types.is_datetime64_any_dtype(table[name]):
            fmt = _DATE
        rag = name.endswith("_rag")
        for cell in sheet[letter][1:]:
            if fmt:
                cell.number_format = fmt
            if rag:
                colour = fills.get(cell.value, fills[None])
                cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
                cell.font = Font(bold=True, color="212121" if cell.value == "amber" else "FFFFFF")
                cell.alignment = Alignment(horizontal="center")
            elif name in ("evidence", "decision", "options", "title"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        width = max([len(name)] + [len(_shown(v, fmt)) for v in table[name]])
        sheet.column_dimensions[letter].width = min(width + 2, _MAX_WIDTH)
    if len(table):
        sheet.auto_filter.ref = sheet.dimensions


def _no_formulas(sheet) -> None:
    """Keep every text a text: openpyxl writes one that starts with ``=`` as a formula.

    The report writes no formula, so a project or company name such as
    ``=cmd|' /C calc'!A0`` is data, and Excel must show it, never run it.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _header(sheet, width: int) -> None:
    from openpyxl.styles import PatternFill

    for cell in sheet[1][:width]:
        cell.font = _bold()
        cell.fill = PatternFill(fill_type="solid", start_color="ECEFF1", end_color="ECEFF1")
    sheet.freeze_panes = "A2"


def _cell(value):
    """A value openpyxl writes: missing as empty, timestamps as datetimes, numpy as Python."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def _shown(value, fmt) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if fmt == _DATE:
        return "yyyy-mm-dd"
    if fmt == _MONEY:
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
