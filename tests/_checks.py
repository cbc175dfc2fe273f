"""Invariant checks shared by the generator, simulation and teaching tests.

Each function asserts one property of a portfolio and says what broke.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_exercises.core.schema import TABLES

_KIND = {"int": "i", "float": "f", "date": "M"}


def assert_schema(p) -> None:
    """Every table has exactly its schema's columns, in order, with the right dtypes."""
    for name, table in TABLES.items():
        frame = getattr(p, name)
        assert list(frame.columns) == table.column_names, name
        for col in table.columns:
            dtype = frame[col.name].dtype
            if col.kind == "str":
                assert pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype), (
                    name,
                    col.name,
                    dtype,
                )
            else:
                assert dtype.kind == _KIND[col.kind], (name, col.name, dtype)
        for key in [table.key] if table.key else []:
            assert not frame.duplicated(list(key)).any(), f"duplicate key in {name}"


def workday(p, dates) -> np.ndarray:
    """Working-day offsets of dates from the portfolio's start (NaN for a missing date)."""
    start = np.datetime64(pd.Timestamp(p.meta["start_date"]).date(), "D")
    values = pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]")
    known = ~np.isnat(values)
    out = np.full(values.shape, np.nan)
    out[known] = np.busday_count(start, values[known])
    return out


def assert_history(p) -> None:
    """Percent complete and cost behave like the real thing, week after week."""
    ts = p.task_status.sort_values(["task_id", "week"])
    for col in ("pct_complete_actual", "pct_complete_reported", "actual_cost"):
        steps = ts.groupby("task_id")[col].diff().dropna()
        assert (steps >= -1e-9).all(), f"{col} went down for some task"
    assert ts["pct_complete_actual"].between(0, 100).all()
    assert ts["pct_complete_reported"].between(0, 100).all()
    assert (ts["actual_cost"] >= 0).all()
    done = ts["pct_complete_actual"] == 100
    assert ts.loc[done, "actual_finish"].notna().all(), "100% done without a finish date"
    assert (ts.loc[ts["actual_finish"].notna(), "pct_complete_actual"] == 100).all()
    # the weekly project rows match the tasks they summarise
    weeks = sorted(p.project_status["week"].unique())
    assert weeks == list(range(1, p.status_week + 1))
    cost = ts.groupby(["week", "project_id"])["actual_cost"].sum()
    ps = p.project_status.set_index(["week", "project_id"])["actual_cost"]
    assert np.allclose(
        ps.sort_index(), cost.reindex(ps.sort_index().index), atol=0.05 * len(p.tasks)
    )


def assert_links_respected(p) -> None:
    """No task started or finished before its links allowed, under each link type."""
    last = p.task_status[p.task_status["week"] == p.status_week].set_index("task_id")
    start = pd.Series(workday(p, last["actual_start"]), index=last.index)
    # a finish date is the last working day: the task occupies [start, finish + 1)
    fin = pd.Series(workday(p, last["actual_finish"]), index=last.index)
    dur0 = p.tasks.set_index("task_id")["duration_days"].reindex(last.index) == 0
    end = fin + np.where(dur0 & (fin == start), 0, 1)
    links = p.dependencies
    for kind, (a, b) in {
        "FS": (end, start),
        "SS": (start, start),
        "FF": (end, end),
        "SF": (start, end),
    }.items():
        sel = links[links["type"] == kind]
        before = a.reindex(sel["predecessor"]).to_numpy()
        after = b.reindex(sel["successor"]).to_numpy()
        known = ~np.isnan(after)
        assert not np.isnan(before[known]).any(), (
            f"{kind}: successor moved before its predecessor did"
        )
        slack = after[known] - (before[known] + sel["lag_days"].to_numpy()[known])
        assert (slack >= -1e-9).all(), f"{kind} link violated by {slack.min()} days"
    baseline = pd.Series(workday(p, p.tasks["baseline_start"]), index=p.tasks["task_id"])
    assert (start.dropna() >= baseline.reindex(start.dropna().index)).all(), (
        "a task started before plan"
    )


def assert_events_visible(p) -> None:
    """Every risk that occurred is in the events, the register and the actual cost."""
    ev = p.events
    assert ev["source_id"].is_unique
    risks = ev[ev["kind"] == "risk"]
    occurred = set(p.risks.loc[p.risks["state"] == "occurred", "risk_id"])
    assert occurred == set(risks["source_id"])
    realised = set(p.opportunities.loc[p.opportunities["state"] == "realised", "opportunity_id"])
    assert realised == set(ev.loc[ev["kind"] == "opportunity", "source_id"])
    ts = p.task_status.set_index(["week", "task_id"])["actual_cost"]
    for row in risks.itertuples():
        assert ts[(row.week, row.task_id)] >= row.cost_impact, row.source_id
        assert row.schedule_impact_days > 0 and row.cost_impact > 0
