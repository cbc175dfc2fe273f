"""A tiny portfolio built by hand: small enough to read, complete enough to test.

Two projects of five tasks each, linked with all four link types, two roles,
two objectives, a few risks and one opportunity, artefacts in every state,
three weeks of status history, one event (a risk that occurred) and the
simulation drivers. It is valid; tests mutate one cell to make it invalid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_exercises.core.portfolio import Portfolio
from pmo_exercises.core.schema import TABLES

__all__ = ["META", "tiny_portfolio", "tiny_tables"]

META = {
    "company": "Tiny Ltd",
    "currency": "EUR",
    "start_date": "2026-01-05",
    "status_week": 3,
    "status_date": "2026-01-23",
    "seed": 0,
    "variant": "",
}

_TEXT = pd.Series(["a"]).dtype  # the default string dtype of this pandas

_ROWS = {
    "objectives": [
        ("O1", "Grow digital revenue", 0.6, "Sell more through online channels."),
        ("O2", "Comply with the new tax rules", 0.4, "Be ready for the 2026 audit."),
    ],
    "roles": [
        ("DEV", "Developer", 4, 18.0, 700.0),
        ("QA", "Test engineer", 2, 9.0, 600.0),
    ],
    "projects": [
        (
            "P01",
            "Web shop relaunch",
            "digital",
            "Ada Moreau",
            "Ben Weber",
            "O1",
            250000.0,
            36400.0,
            "2026-01-05",
            "2026-02-02",
            "execution",
            1,
            "green",
            "active",
        ),
        (
            "P02",
            "Tax reporting",
            "regulatory",
            "Chloe Rossi",
            "Dan Klein",
            None,
            90000.0,
            25200.0,
            "2026-01-12",
            "2026-02-09",
            "planning",
            2,
            "amber",
            "active",
        ),
    ],
    "alignment": [
        ("P01", "O1", 5),
        ("P01", "O2", 0),
        ("P02", "O1", 1),
        ("P02", "O2", 4),
    ],
    "tasks": [
        (
            "P01-T01",
            "P01",
            "Requirements",
            "DEV",
            3.0,
            5.0,
            8.0,
            5.0,
            3500.0,
            "2026-01-05",
            "2026-01-09",
        ),
        ("P01-T02", "P01", "Design", "DEV", 4.0, 5.0, 7.0, 5.0, 3500.0, "2026-01-12", "2026-01-16"),
        (
            "P01-T03",
            "P01",
            "Build",
            "DEV",
            8.0,
            10.0,
            15.0,
            10.0,
            21000.0,
            "2026-01-14",
            "2026-01-27",
        ),
        ("P01-T04", "P01", "Test", "QA", 4.0, 5.0, 9.0, 5.0, 8400.0, "2026-01-26", "2026-01-30"),
        ("P01-T05", "P01", "Go-live", "DEV", 0.0, 0.0, 0.0, 0.0, 0.0, "2026-02-02", "2026-02-02"),
        (
            "P02-T01",
            "P02",
            "Analyse the rules",
            "DEV",
            2.0,
            3.0,
            5.0,
            3.0,
            2100.0,
            "2026-01-12",
            "2026-01-14",
        ),
        (
            "P02-T02",
            "P02",
            "Adapt the reports",
            "DEV",
            6.0,
            8.0,
            12.0,
            8.0,
            16800.0,
            "2026-01-15",
            "2026-01-26",
        ),
        (
            "P02-T03",
            "P02",
            "Test the reports",
            "QA",
            3.0,
            4.0,
            6.0,
            4.0,
            4800.0,
            "2026-01-21",
            "2026-01-26",
        ),
        (
            "P02-T04",
            "P02",
            "Train the accountants",
            "QA",
            2.0,
            2.5,
            4.0,
            2.5,
            1500.0,
            "2026-01-27",
            "2026-01-29",
        ),
        ("P02-T05", "P02", "Sign-off", "DEV", 0.0, 0.0, 0.0, 0.0, 0.0, "2026-02-09", "2026-02-09"),
    ],
    "dependencies": [
        ("P01-T01", "P01-T02", "FS", 0.0),
        ("P01-T02", "P01-T03", "SS", 2.0),
        ("P01-T03", "P01-T04", "FF", 3.0),
        ("P01-T04", "P01-T05", "FS", 0.0),
        ("P02-T01", "P02-T02", "FS", 0.0),
        ("P02-T02", "P02-T03", "SS", 4.0),
        ("P02-T03", "P02-T04", "FS", -1.0),
        ("P02-T04", "P02-T05", "SF", 5.0),
        ("P01-T03", "P02-T02", "FF", 0.0),
    ],
    "assignments": [
        ("P01-T01", "DEV", 1.0),
        ("P01-T02", "DEV", 1.0),
        ("P01-T03", "DEV", 2.0),
        ("P01-T03", "QA", 0.5),
        ("P01-T04", "QA", 1.5),
        ("P02-T01", "DEV", 1.0),
        ("P02-T02", "DEV", 2.0),
        ("P02-T03", "QA", 1.0),
        ("P02-T04", "QA", 0.5),
    ],
    "risks": [
        (
            "R-P01-01",
            "P01",
            "P01-T03",
            "Payment provider API changes",
            "supplier",
            0.3,
            5000.0,
            4.0,
            "Ben Weber",
            "mitigate",
            800.0,
            "occurred",
            "2026-01-05",
        ),
        (
            "R-P01-02",
            "P01",
            "P01-T04",
            "Testers unavailable",
            "resource",
            0.2,
            2000.0,
            3.0,
            None,
            None,
            0.0,
            "open",
            "2026-01-09",
        ),
        (
            "R-P02-01",
            "P02",
            "P02-T02",
            "Rules change again",
            "regulatory",
            0.15,
            8000.0,
            5.0,
            "Dan Klein",
            "accept",
            0.0,
            "open",
            "2026-01-12",
        ),
    ],
    "opportunities": [
        (
            "OP-P02-01",
            "P02",
            "P02-T03",
            "Reuse last year's test cases",
            0.5,
            1200.0,
            1.0,
            "Dan Klein",
            "open",
            "2026-01-14",
        ),
    ],
    "artefacts": [
        ("P01", "business_case", "approved", "2025-12-15"),
        ("P01", "charter", "approved", "2025-12-22"),
        ("P01", "schedule_baseline", "draft", None),
        ("P02", "business_case", "approved", "2026-01-08"),
        ("P02", "charter", "missing", None),
    ],
    "events": [
        (2, "2026-01-14", "P01", "P01-T03", "R-P01-01", "risk", 5000.0, 4.0),
    ],
    "drivers": [
        ("P01", 1.2, 1.1, 0.5, 1, 1, 3, 1),
        ("P02", 0.95, 1.0, 0.0, 0, 2, 3, 0),
    ],
}

# task_status: (task_id, project_id, [(actual %, reported %, AC) for weeks 1..3],
#               actual_start, actual_finish)
_TASK_HISTORY = [
    (
        "P01-T01",
        "P01",
        [(60.0, 60.0, 2100.0), (100.0, 100.0, 3600.0), (100.0, 100.0, 3600.0)],
        "2026-01-05",
        "2026-01-12",
    ),
    (
        "P01-T02",
        "P01",
        [(0.0, 0.0, 0.0), (20.0, 40.0, 800.0), (70.0, 90.0, 2900.0)],
        "2026-01-13",
        None,
    ),
    (
        "P01-T03",
        "P01",
        [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0), (12.5, 30.0, 3000.0)],
        "2026-01-19",
        None,
    ),
    ("P01-T04", "P01", [(0.0, 0.0, 0.0)] * 3, None, None),
    ("P01-T05", "P01", [(0.0, 0.0, 0.0)] * 3, None, None),
    (
        "P02-T01",
        "P02",
        [(0.0, 0.0, 0.0), (100.0, 100.0, 2000.0), (100.0, 100.0, 2000.0)],
        "2026-01-12",
        "2026-01-14",
    ),
    (
        "P02-T02",
        "P02",
        [(0.0, 0.0, 0.0), (10.0, 25.0, 1900.0), (35.0, 50.0, 6100.0)],
        "2026-01-15",
        None,
    ),
    ("P02-T03", "P02", [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0), (20.0, 20.0, 950.0)], "2026-01-21", None),
    ("P02-T04", "P02", [(0.0, 0.0, 0.0)] * 3, None, None),
    ("P02-T05", "P02", [(0.0, 0.0, 0.0)] * 3, None, None),
]
_FRIDAYS = ["2026-01-09", "2026-01-16", "2026-01-23"]


def _status_rows():
    task_rows = []
    for week, friday in enumerate(_FRIDAYS, start=1):
        for task_id, project_id, history, start, finish in _TASK_HISTORY:
            actual, reported, cost = history[week - 1]
            started = start if start is not None and start <= friday else None
            finished = finish if finish is not None and finish <= friday else None
            task_rows.append(
                (week, friday, task_id, project_id, actual, reported, cost, started, finished)
            )
    project_rows = [
        (1, "2026-01-09", "P01", 5.8, 5.8, 2100.0, "green", "2026-01-09"),
        (1, "2026-01-09", "P02", 0.0, 0.0, 0.0, "green", "2026-01-09"),
        (2, "2026-01-16", "P01", 11.5, 13.5, 4400.0, "green", "2026-01-16"),
        (2, "2026-01-16", "P02", 12.6, 20.7, 3900.0, "green", "2026-01-16"),
        (3, "2026-01-23", "P01", 23.6, 36.7, 9500.0, "green", "2026-01-23"),
        (3, "2026-01-23", "P02", 30.0, 38.4, 9050.0, "amber", "2026-01-16"),
    ]
    return task_rows, project_rows


def _frame(name: str, rows) -> pd.DataFrame:
    """A table from row tuples, with the schema's exact dtypes."""
    table = TABLES[name]
    data = {}
    for j, column in enumerate(table.columns):
        values = [row[j] for row in rows]
        if column.kind == "str":
            data[column.name] = pd.Series([np.nan if v is None else v for v in values], dtype=_TEXT)
        elif column.kind == "int":
            data[column.name] = pd.Series(values, dtype=np.int64)
        elif column.kind == "float":
            data[column.name] = pd.Series(values, dtype=np.float64)
        else:
            data[column.name] = pd.Series(
                np.array([("NaT" if v is None else v) for v in values], dtype="datetime64[ns]")
            )
    return pd.DataFrame(data, columns=table.column_names)


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Every table of the tiny portfolio, by name, in schema order."""
    task_rows, project_rows = _status_rows()
    rows = {**_ROWS, "task_status": task_rows, "project_status": project_rows}
    return {name: _frame(name, rows.get(name, [])) for name in TABLES}


def tiny_portfolio() -> Portfolio:
    """The tiny, valid portfolio (a new copy at each call)."""
    return Portfolio(**tiny_tables(), meta=dict(META))
