"""The Gantt chart: task bars on a time axis, the critical path in red.

The chart draws a schedule that :func:`pmo_exercises.planning.critical_path`
(or a levelled or forecast schedule) has already computed; it computes no
dates or floats of its own. A :class:`~pmo_exercises.planning.calendar.WorkCalendar`
turns the working-day offsets into dates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from . import style
from ._inputs import require_columns

__all__ = ["gantt"]

_ONE_DAY = pd.Timedelta(days=1)


def gantt(schedule: pd.DataFrame, *, title=None, baseline=True, calendar=None):
    """A Gantt chart of a schedule, critical tasks highlighted.

    Tasks run top to bottom in order of early start (then early finish).
    Critical tasks are red and come first in the legend; the others are
    blue. Zero-duration tasks (``es == ef``) are milestones, drawn as
    diamonds. When the schedule has baseline columns, a thin grey bar under
    each task shows where the baseline put it.

    Parameters
    ----------
    schedule : pandas.DataFrame
        Indexed by ``task_id``, with ``es`` and ``ef`` (working days from
        day 0) and ``critical`` (bool), as
        :func:`pmo_exercises.planning.critical_path` returns; optionally
        ``name``, ``project_id``, ``total_float`` (shown on hover) and
        ``baseline_es`` and ``baseline_ef`` (working days; rows where they
        are missing get no baseline bar).
    title : str, optional
        The chart title; by default one that says what is shown.
    baseline : bool
        Draw the baseline bars when the columns are there.
    calendar : WorkCalendar, optional
        Converts working days to dates for the x axis. Without it the axis
        counts working days from day 0 and its title says so.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, in legend order: ``Critical task``, ``Critical milestone``,
        ``Task``, ``Milestone``, ``Baseline``, ``Baseline milestone``; a
        trace with nothing to draw is left out. A task bar starts at the date
        of ``es`` and ends at the end of the last working day of
        ``[es, ef)`` (:meth:`WorkCalendar.finish_date` plus one day).

    Raises
    ------
    PortfolioError
        When a required column is missing or ``critical`` has gaps.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> from pmo_exercises.planning import WorkCalendar, critical_path
    >>> p01 = pmo.load_portfolio().subset("P01")
    >>> names = p01.tasks.set_index("task_id")["name"]
    >>> schedule = critical_path(p01.tasks, p01.dependencies).join(names)
    >>> fig = gantt(schedule, calendar=WorkCalendar(p01.projects["planned_start"].iat[0]))
    >>> [trace.name for trace in fig.data]
    ['Critical task', 'Critical milestone', 'Task']
    """
    import plotly.graph_objects as go

    require_columns(schedule, "schedule", ("es", "ef", "critical"), "critical_path")
    if schedule["critical"].isna().any():
        row = int(np.flatnonzero(schedule["critical"].isna().to_numpy())[0])
        raise PortfolioError(
            "schedule",
            "'critical' is missing; it must be True or False",
            row=row,
            key=f"task_id '{schedule.index[row]}'",
            column="critical",
        )
    rows = schedule.assign(_es=schedule["es"].astype(float), _ef=schedule["ef"].astype(float))
    rows = rows.sort_values(["_es", "_ef"], kind="stable")
    ids = rows.index.astype(str)
    names = rows["name"].astype(str).tolist() if "name" in rows.columns else [""] * len(rows)
    es, ef = rows["_es"].to_numpy(), rows["_ef"].to_numpy()
    critical = rows["critical"].to_numpy(dtype=bool)
    milestone = ef == es
    span = _Span(calendar)
    start, length, start_text, finish_text = span.bars(es, ef)
    hover = [
        _hover(i, n, s, f, d, tf, c)
        for i, n, s, f, d, tf, c in zip(
            ids,
            names,
            start_text,
            finish_text,
            ef - es,
            rows["total_float"] if "total_float" in rows.columns else [None] * len(rows),
            critical,
            strict=True,
        )
    ]

    show_baseline = baseline and {"baseline_es", "baseline_ef"} <= set(rows.columns)
    bar_offset, bar_width = (-0.4, 0.55) if show_baseline else (-0.35, 0.7)
    fig = go.Figure()
    for rank, (label, colour, keep) in enumerate(
        (
            ("Critical task", style.CRITICAL, critical & ~milestone),
            ("Critical milestone", style.CRITICAL, critical & milestone),
            ("Task", style.TASK, ~critical & ~milestone),
            ("Milestone", style.MILESTONE, ~critical & milestone),
        ),
        start=1,
    ):
        if not keep.any():
            continue
        picked = np.flatnonzero(keep)
        common = {
            "name": label,
            "y": [ids[k] for k in picked],
            "hovertext": [hover[k] for k in picked],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "legendrank": rank,
        }
        if "milestone" in label.lower():
            fig.add_trace(
                go.Scatter(
                    x=[start[k] for k in picked],
                    mode="markers",
                    marker={
                        "symbol": "diamond",
                        "size": 13,
                        "color": colour,
                        "line": {"width": 1, "color": "white"},
                    },
                    **common,
                )
            )
        else:
            fig.add_trace(
                go.Bar(
                    base=[start[k] for k in picked],
                    x=[length[k] for k in picked],
                    orientation="h",
                    offset=bar_offset,
                    width=bar_width,
                    marker={"color": colour},
                    **common,
                )
            )
    if show_baseline:
        _add_baseline(fig, go, rows, ids, span)

    n = len(rows)
    if title is None:
        projects = rows["project_id"].dropna().unique() if "project_id" in rows.columns else []
        what = f"Schedule of {projects[0]}" if len(projects) == 1 else "Schedule"
        title = f"{what}: {n} tasks by early start, critical path in red"
        if show_baseline:
            title += ", baseline in grey"
    style.apply_layout(
        fig,
        title=title,
        xaxis_title=span.axis_title,
        yaxis_title="Task",
        height=max(360, 26 * n + 150),
    )
    fig.update_layout(barmode="overlay", bargap=0.2)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(ids),
        autorange="reversed",
        tickmode="array",
        tickvals=list(ids),
        ticktext=[f"{i} {m}".strip() for i, m in zip(ids, names, strict=True)],
    )
    if calendar is not None:
        fig.update_xaxes(type="date")
    return fig


class _Span:
    """Where bars start and how long they are: dates with a calendar, else working days."""

    def __init__(self, calendar) -> None:
        self.calendar = calendar
        if calendar is None:
            self.axis_title = (
                "Working days from day 0 (no calendar given: pass calendar= for dates)"
            )
        else:
            self.axis_title = "Date"

    def bars(self, es: np.ndarray, ef: np.ndarray):
        """Bar bases, bar lengths and the start and finish as hover text."""
        if self.calendar is None:
            start = es.tolist()
            return (
                start,
                (ef - es).tolist(),
                [f"day {style.days(d)}" for d in es],
                [f"day {style.days(d)}" for d in ef],
            )
        first = self.calendar.to_date(es)
        last = self.calendar.finish_date(es, ef)
        length = (last + _ONE_DAY - first) / pd.Timedelta(milliseconds=1)
        return (
            first.strftime("%Y-%m-%d").tolist(),
            np.asarray(length, dtype=float).tolist(),
            first.strftime("%a %d %b %Y").tolist(),
            last.strftime("%a %d %b %Y").tolist(),
        )


def _hover(task_id, name, start, finish, duration, total_float, critical) -> str:
    lines = [f"<b>{task_id}</b> {name}".rstrip()]
    if duration == 0:
        lines.append(f"Milestone: {start}")
    else:
        lines += [f"Start: {start}", f"Finish: {finish}", f"Duration: {style.days(duration)} d"]
    if total_float is not None and not pd.isna(total_float):
        lines.append(f"Total float: {style.days(total_float)} d")
    if critical:
        lines.append("Critical")
    return "<br>".join(lines)


def _add_baseline(fig, go, rows: pd.DataFrame, ids: pd.Index, span: _Span) -> None:
    bes = rows["baseline_es"].astype(float).to_numpy()
    bef = rows["baseline_ef"].astype(float).to_numpy()
    known = ~(np.isnan(bes) | np.isnan(bef))
    start, length, start_text, finish_text = span.bars(bes[known], bef[known])
    kept = ids[known]
    is_milestone = bef[known] == bes[known]
    hover = [
        f"<b>{i}</b> baseline<br>" + (f"Milestone: {s}" if m else f"Start: {s}<br>Finish: {f}")
        for i, s, f, m in zip(kept, start_text, finish_text, is_milestone, strict=True)
    ]
    bars = np.flatnonzero(~is_milestone)
    if bars.size:
        fig.add_trace(
            go.Bar(
                name="Baseline",
                y=[kept[k] for k in bars],
                base=[start[k] for k in bars],
                x=[length[k] for k in bars],
                orientation="h",
                offset=0.2,
                width=0.2,
                marker={"color": style.BASELINE},
                hovertext=[hover[k] for k in bars],
                hovertemplate="%{hovertext}<extra></extra>",
                legendgroup="baseline",
                legendrank=5,
            )
        )
    points = np.flatnonzero(is_milestone)
    if points.size:
        fig.add_trace(
            go.Scatter(
                name="Baseline milestone",
                y=[kept[k] for k in points],
                x=[start[k] for k in points],
                mode="markers",
                marker={
                    "symbol": "diamond-open",
                    "size": 16,
                    "color": style.BASELINE,
                    "line": {"width": 2},
                },
                hovertext=[hover[k] for k in points],
                hovertemplate="%{hovertext}<extra></extra>",
                legendgroup="baseline",
                legendrank=6,
            )
        )
