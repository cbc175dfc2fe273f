"""Consistency warnings: what a valid portfolio may still get wrong, with its evidence.

A portfolio can pass :func:`~pmo_exercises.core.validation.validate` and still
hold two figures for one thing: a project's ``bac`` and the sum of its tasks'
planned cost, its reported actual cost and its tasks' actual cost. The kit's
analytics use one of them, and a summary may show the other: a 10% overrun
then reads as an underspend. :func:`check_consistency` finds these and says,
for each, which figure the kit uses (:attr:`PortfolioWarning.used`), so that a
report can say so too. The checks (:data:`CONSISTENCY_CHECKS`):

``bac_vs_tasks``
    ``projects.bac`` differs from the sum of the project's ``tasks.planned_cost``.
``ac_vs_tasks``
    ``project_status.actual_cost`` differs from the sum of the project's
    ``task_status.actual_cost`` the same week.
``baseline_vs_duration``
    A task's baseline finish is not ``duration_days`` working days after its
    baseline start, in the portfolio's calendar (weekends and ``holidays``
    skipped), or a baseline date falls on a day off.
``project_vs_tasks_dates``
    A project's planned start (finish) is not its tasks' earliest baseline
    start (latest baseline finish).
``progress_backwards``
    A project's percent complete (real or reported) or a task's reported
    percent complete is lower than the week before.
``status_week_beyond_data``
    ``meta.status_week`` is later than the last week of a status table (the
    analytics carry the last status forward), or a status table has weeks
    after it (the analytics ignore them).
``status_date_vs_week``
    A status row's ``status_date`` is not the Friday of its ``week`` (the
    analytics go by the week).

Money differences below one unit of the currency (rounding) are not reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import busday_calendar
from ..coerce import show_number
from ..errors import PortfolioWarning
from ..portfolio import Portfolio, fridays
from ..schema import TABLES
from .shape import key_text

__all__ = ["CONSISTENCY_CHECKS", "check_consistency"]

#: The checks of :func:`check_consistency`, by name, with what each finds.
CONSISTENCY_CHECKS = {
    "bac_vs_tasks": "a project's bac differs from the sum of its tasks' planned cost",
    "ac_vs_tasks": "a project's actual cost differs from the sum of its tasks' actual cost",
    "baseline_vs_duration": "a task's baseline dates disagree with its duration and the calendar",
    "project_vs_tasks_dates": "a project's planned dates are not those of its tasks' baseline",
    "progress_backwards": "percent complete is lower than the week before",
    "status_week_beyond_data": "the status week and the weeks of the status tables disagree",
    "status_date_vs_week": "a status row's status_date is not the Friday of its week",
}

#: What the kit uses where two figures disagree (the figure and where the other shows).
USED = {
    "bac_vs_tasks": "the kit's EVM (so the RAG, the dashboard's BAC and EAC, and compliance) uses "
    "the tasks' planned cost; projects.bac is used by the portfolio summary, the risk scores "
    "(impact against budget) and the selection (value for money)",
    "ac_vs_tasks": "the kit's EVM (so the RAG, CPI and compliance) uses the tasks' actual cost; "
    "project_status.actual_cost is used by the portfolio summary and the selection's "
    "remaining cost",
    "baseline_vs_duration": "the kit's PV and schedules use baseline_start and duration_days; "
    "baseline_finish is the baseline of the slip report (planning.project_slip)",
    "project_vs_tasks_dates": "the kit's schedules use the tasks' dates; the project's planned "
    "dates are used by the portfolio summary only",
    "progress_backwards": "the kit takes each week's status as given",
    "status_week_beyond_data": "the kit reports on meta.status_week, carrying each task's last "
    "status forward",
    "status_date_vs_week": "the kit goes by the week number",
}


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}".strip()


def _tolerance(values: np.ndarray) -> np.ndarray:
    return np.maximum(1.0, 1e-9 * np.abs(values))


def check_consistency(portfolio: Portfolio, *, limit: int | None = None) -> list[PortfolioWarning]:
    """The consistency warnings of a valid portfolio, each with its evidence.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio that :func:`~pmo_exercises.core.validation.validate` accepts.
    limit : int, optional
        At most this many warnings of each check (all by default).

    Returns
    -------
    list of PortfolioWarning
        Check by check in the order of :data:`CONSISTENCY_CHECKS`, each
        naming the table, row, key and column, the figures that disagree
        (``figures``), and which one the kit uses (``used``). Empty when
        everything agrees.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> p = pmo.load_portfolio()
    >>> projects = p.projects.copy()
    >>> projects.loc[0, "bac"] = 500_000.0  # P01's tasks cost 574,300
    >>> warnings = check_consistency(p.replace(projects=projects))
    >>> [(w.check, w.subject) for w in warnings]
    [('bac_vs_tasks', 'P01')]
    >>> print(warnings[0].problem)
    bac 500,000 EUR but its 32 tasks' planned_cost sum to 574,300 EUR (+14.9% against bac)
    """
    out: list[PortfolioWarning] = []
    for check in (
        _bac,
        _actual_cost,
        _baselines,
        _project_dates,
        _backwards,
        _status_weeks,
        _status_dates,
    ):
        found = check(portfolio)
        out += found if limit is None else found[:limit]
    return out


def _warning(check: str, table: str, frame: pd.DataFrame, row: int | None, **fields):
    key = key_text(TABLES[table], frame, row) if row is not None else fields.pop("key", None)
    return PortfolioWarning(table, row=row, key=key, check=check, used=USED[check], **fields)


def _bac(p: Portfolio) -> list[PortfolioWarning]:
    projects, tasks = p.projects, p.tasks
    cost = tasks.groupby("project_id")["planned_cost"].agg(["sum", "size"])
    currency = str(p.meta.get("currency", ""))
    total = projects["project_id"].map(cost["sum"]).fillna(0.0).to_numpy(dtype=float)
    count = projects["project_id"].map(cost["size"]).fillna(0).to_numpy(dtype=int)
    bac = projects["bac"].to_numpy(dtype=float)
    out = []
    for row in np.flatnonzero(np.abs(bac - total) > _tolerance(total)).tolist():
        pid = projects["project_id"].iat[row]
        share = f"{(total[row] / bac[row] - 1) * 100:+.1f}% against bac" if bac[row] else ""
        out.append(
            _warning(
                "bac_vs_tasks",
                "projects",
                projects,
                row,
                column="bac",
                problem=f"bac {_money(bac[row], currency)} but its {count[row]} tasks' "
                f"planned_cost sum to {_money(total[row], currency)} ({share or 'no bac'})",
                subject=pid,
                figures=(("projects.bac", bac[row]), ("sum of tasks.planned_cost", total[row])),
            )
        )
    return out


def _actual_cost(p: Portfolio) -> list[PortfolioWarning]:
    ps, ts = p.project_status, p.task_status
    if not len(ps) or not len(ts):
        return []
    tasks = ts.groupby(["week", "project_id"])["actual_cost"].sum()
    keys = pd.MultiIndex.from_arrays([ps["week"], ps["project_id"]])
    total = tasks.reindex(keys).to_numpy(dtype=float)
    ac = ps["actual_cost"].to_numpy(dtype=float)
    known = ~np.isnan(total)
    bad = known & (np.abs(ac - np.nan_to_num(total)) > _tolerance(np.nan_to_num(total)))
    currency = str(p.meta.get("currency", ""))
    out = []
    for row in np.flatnonzero(bad).tolist():
        out.append(
            _warning(
                "ac_vs_tasks",
                "project_status",
                ps,
                row,
                column="actual_cost",
                problem=f"actual_cost {_money(ac[row], currency)} in week {ps['week'].iat[row]} "
                f"but its tasks' actual_cost that week sum to {_money(total[row], currency)}",
                subject=ps["project_id"].iat[row],
                figures=(
                    ("project_status.actual_cost", ac[row]),
                    ("sum of task_status.actual_cost", total[row]),
                ),
            )
        )
    return out


def _day(value) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d (%a)}"


def _baselines(p: Portfolio) -> list[PortfolioWarning]:
    tasks = p.tasks
    if not len(tasks):
        return []
    calendar = busday_calendar(p)
    start = tasks["baseline_start"].to_numpy().astype("datetime64[D]")
    finish = tasks["baseline_finish"].to_numpy().astype("datetime64[D]")
    days = tasks["duration_days"].to_numpy(dtype=float)
    span = np.maximum(np.ceil(days), 1).astype(np.int64) - 1
    expected = np.busday_offset(start, span, roll="forward", busdaycal=calendar)
    off_start = ~np.is_busday(start, busdaycal=calendar)
    off_finish = ~np.is_busday(finish, busdaycal=calendar)
    holidays = set(calendar.holidays.tolist())
    out = []

    def off(day) -> str:
        return "a holiday" if day.astype(object) in holidays else "a weekend"

    for row in np.flatnonzero(off_start | (expected != finish)).tolist():
        subject = tasks["task_id"].iat[row]
        if off_start[row]:
            problem = f"baseline_start {_day(start[row])} is {off(start[row])}, not a working day"
            column = "baseline_start"
        elif expected[row] != finish[row]:
            worked = int(np.busday_count(start[row], finish[row] + 1, busdaycal=calendar))
            problem = (
                f"baseline_finish {_day(finish[row])} is {worked} working days from "
                f"baseline_start {_day(start[row])}, but duration_days is "
                f"{show_number(days[row])} (that finish is {_day(expected[row])})"
            )
            if off_finish[row]:
                problem += f"; {_day(finish[row])} is {off(finish[row])}"
            column = "baseline_finish"
        else:
            continue
        out.append(
            _warning(
                "baseline_vs_duration",
                "tasks",
                tasks,
                row,
                column=column,
                problem=problem,
                subject=subject,
                figures=(("tasks.duration_days", float(days[row])),),
            )
        )
    return out


def _project_dates(p: Portfolio) -> list[PortfolioWarning]:
    projects, tasks = p.projects, p.tasks
    span = tasks.groupby("project_id").agg(
        first=("baseline_start", "min"), last=("baseline_finish", "max")
    )
    out = []
    for column, agg, words in (
        ("planned_start", "first", "earliest task baseline_start"),
        ("planned_finish", "last", "latest task baseline_finish"),
    ):
        theirs = projects["project_id"].map(span[agg])
        bad = theirs.notna() & (theirs != projects[column])
        for row in np.flatnonzero(bad.to_numpy()).tolist():
            out.append(
                _warning(
                    "project_vs_tasks_dates",
                    "projects",
                    projects,
                    row,
                    column=column,
                    problem=f"{column} {_day(projects[column].iat[row])} but the {words} is "
                    f"{_day(theirs.iat[row])}",
                    subject=projects["project_id"].iat[row],
                )
            )
    return sorted(out, key=lambda w: (w.row, w.column != "planned_start"))


def _backwards(p: Portfolio) -> list[PortfolioWarning]:
    out = []
    for table, id_column, columns in (
        ("project_status", "project_id", ("pct_complete_actual", "pct_complete_reported")),
        ("task_status", "task_id", ("pct_complete_reported",)),
    ):
        frame = getattr(p, table)
        if len(frame) < 2:
            continue
        codes, _ = pd.factorize(frame[id_column])
        week = frame["week"].to_numpy()
        order = np.lexsort((week, codes))
        same = codes[order][1:] == codes[order][:-1]
        for column in columns:
            pct = frame[column].to_numpy(dtype=float)
            down = same & (pct[order][1:] < pct[order][:-1])
            for k in np.flatnonzero(down).tolist():
                row, before = int(order[k + 1]), int(order[k])
                out.append(
                    _warning(
                        "progress_backwards",
                        table,
                        frame,
                        row,
                        column=column,
                        problem=f"{show_number(pct[row])}% in week {week[row]}, down from "
                        f"{show_number(pct[before])}% in week {week[before]} (row {before})",
                        subject=frame[id_column].iat[row],
                        figures=(
                            (f"week {week[before]}", pct[before]),
                            (f"week {week[row]}", pct[row]),
                        ),
                    )
                )
    return sorted(out, key=lambda w: (w.table != "project_status", w.row))


def _status_weeks(p: Portfolio) -> list[PortfolioWarning]:
    week = p.status_week
    out = []
    for table in ("project_status", "task_status"):
        frame = getattr(p, table)
        weeks = frame["week"].to_numpy()
        last = int(weeks.max()) if len(weeks) else 0
        if week > last:
            what = f"its last week is {last}" if last else "it holds no status"
            carried = (
                f"; the analytics carry week {last}'s status forward to week {week}" if last else ""
            )
            out.append(
                _warning(
                    "status_week_beyond_data",
                    table,
                    frame,
                    None,
                    column="week",
                    problem=f"meta status_week is {week} but {what}{carried}",
                    figures=(
                        ("meta.status_week", float(week)),
                        (f"last {table} week", float(last)),
                    ),
                )
            )
        elif last > week:
            row = int(np.flatnonzero(weeks > week)[0])
            out.append(
                _warning(
                    "status_week_beyond_data",
                    table,
                    frame,
                    row,
                    column="week",
                    problem=f"week {weeks[row]} is after meta status_week {week}; the analytics "
                    f"ignore the {int((weeks > week).sum())} rows after week {week}",
                    figures=(
                        ("meta.status_week", float(week)),
                        (f"last {table} week", float(last)),
                    ),
                )
            )
    return out


def _status_dates(p: Portfolio) -> list[PortfolioWarning]:
    out = []
    for table in ("project_status", "task_status"):
        frame = getattr(p, table)
        if not len(frame):
            continue
        expected = fridays(p.meta["start_date"], frame["week"].to_numpy())
        dates = frame["status_date"].to_numpy(dtype="datetime64[ns]")
        bad = np.flatnonzero(dates != expected)
        for row in bad[:1].tolist():
            out.append(
                _warning(
                    "status_date_vs_week",
                    table,
                    frame,
                    row,
                    column="status_date",
                    problem=f"status_date {_day(dates[row])} but week {frame['week'].iat[row]} "
                    f"ends on {_day(expected[row])}"
                    + (f" ({bad.size} rows like this)" if bad.size > 1 else ""),
                )
            )
    return out
