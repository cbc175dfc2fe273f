"""The dependency network, activity on node: tasks as boxes, links as lines.

Columns are the network levels of :func:`pmo_exercises.network.passes.topological_levels`
(or the early starts of a schedule), so links run left to right. Each task
goes in the free lane nearest the average lane of its predecessors, which
keeps lines short and labels apart. The layout is a few Python loops over
tasks and links: fine for a project or a portfolio of a few hundred tasks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError
from ..network.passes import CycleError, topological_levels
from . import style
from ._inputs import require_columns

__all__ = ["network_diagram"]


def network_diagram(tasks: pd.DataFrame, links: pd.DataFrame | None, schedule=None, *, title=None):
    """The precedence network as an activity-on-node diagram.

    Parameters
    ----------
    tasks : pandas.DataFrame
        ``task_id`` and optionally ``name`` (shown on hover).
    links : pandas.DataFrame or None
        ``predecessor``, ``successor``, optionally ``type`` (FS when absent)
        and ``lag`` or ``lag_days`` (0 when absent), as the portfolio's
        ``dependencies`` table. None draws the tasks alone.
    schedule : pandas.DataFrame, optional
        From :func:`pmo_exercises.planning.critical_path`: with it, a task's
        column is its early start ``es`` instead of its level, and when it
        has ``critical``, critical tasks and the links between two critical
        tasks are red.
    title : str, optional
        The chart title; by default one that says what is shown.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, in legend order and each only when it has something to
        draw: ``Critical task`` and ``Task`` (markers with the task id as
        text, ids in ``customdata``), ``Critical link`` and ``Link`` (lines,
        ``None`` between links), then one unlabelled trace of arrowheads
        per link class at each link's midpoint, whose hover text gives the
        link type and lag.

    Raises
    ------
    PortfolioError
        On a missing column, a duplicate task id, a link to an unknown task,
        a cycle, or a schedule without some of the tasks.
    """
    import plotly.graph_objects as go

    require_columns(tasks, "tasks", ("task_id",), "the portfolio's tasks table")
    ids = pd.Index(tasks["task_id"].astype(str))
    if ids.has_duplicates:
        row = int(np.flatnonzero(ids.duplicated())[0])
        raise PortfolioError("tasks", f"duplicate id '{ids[row]}'", row=row, column="task_id")
    n = len(ids)
    names = tasks["name"].astype(str).tolist() if "name" in tasks.columns else [""] * n
    pred, succ, kinds, lags = _links(links, ids)
    try:
        levels = topological_levels(n, pred, succ)
    except CycleError as error:
        cycle = " -> ".join(ids[i] for i in error.cycle)
        raise PortfolioError("links", f"the links form a cycle: {cycle}") from None

    critical = np.zeros(n, dtype=bool)
    info = [f"Level {lv}" for lv in levels.tolist()]
    if schedule is None:
        x = levels.astype(float)
        xaxis_title = "Network level (0: no predecessors; each link goes one level right or more)"
    else:
        require_columns(schedule, "schedule", ("es", "ef"), "critical_path")
        missing = ids.difference(schedule.index.astype(str), sort=False)
        if len(missing):
            raise PortfolioError(
                "schedule",
                f"no row for task '{missing[0]}'; schedule the same tasks",
                key=f"task_id '{missing[0]}'",
            )
        sched = schedule.set_axis(schedule.index.astype(str)).loc[ids]
        x = sched["es"].to_numpy(dtype=float)
        if "critical" in sched.columns:
            critical = sched["critical"].to_numpy(dtype=bool)
        has_float = "total_float" in sched.columns
        info = [
            f"ES {style.days(a)}, EF {style.days(b)}"
            + (f"<br>Total float: {style.days(f)} d" if has_float else "")
            for a, b, f in zip(
                sched["es"], sched["ef"], sched["total_float"] if has_float else x, strict=True
            )
        ]
        xaxis_title = "Early start (working days from day 0)"
    spread = float(x.max() - x.min()) if n else 0.0
    y = _lanes(x, pred, succ, gap=1.0 if schedule is None else max(spread * 0.06, 1e-9))

    fig = go.Figure()
    hover = [
        f"<b>{i}</b> {m}".rstrip() + f"<br>{extra}" + ("<br>Critical" if c else "")
        for i, m, extra, c in zip(ids, names, info, critical, strict=True)
    ]
    link_critical = critical[pred] & critical[succ]
    for rank, (label, colour, keep) in enumerate(
        ((("Critical task", style.CRITICAL, critical)), ("Task", style.TASK, ~critical)), start=1
    ):
        picked = np.flatnonzero(keep)
        if picked.size:
            fig.add_trace(
                go.Scatter(
                    name=label,
                    x=x[picked].tolist(),
                    y=y[picked].tolist(),
                    mode="markers+text",
                    text=[ids[k] for k in picked],
                    textposition="top center",
                    textfont={"size": 11},
                    customdata=[ids[k] for k in picked],
                    marker={
                        "symbol": "square",
                        "size": 14,
                        "color": colour,
                        "line": {"width": 1, "color": "white"},
                    },
                    hovertext=[hover[k] for k in picked],
                    hovertemplate="%{hovertext}<extra></extra>",
                    legendrank=2 * rank - 1,
                )
            )
    for rank, (label, colour, width, keep) in enumerate(
        (
            ("Critical link", style.CRITICAL, 2.5, link_critical),
            ("Link", style.BASELINE, 1.2, ~link_critical),
        ),
        start=1,
    ):
        picked = np.flatnonzero(keep)
        if not picked.size:
            continue
        _add_links(
            fig, go, label, colour, width, 2 * rank, picked, x, y, pred, succ, kinds, lags, ids
        )

    if links is None or not len(pred):
        what = f"Dependency network: {n} tasks, no links"
    else:
        what = f"Dependency network: {n} tasks and {len(pred)} links"
    if critical.any():
        what += ", critical path in red"
    tallest = int(y.max() - y.min()) + 1 if n else 1
    style.apply_layout(
        fig,
        title=what if title is None else title,
        xaxis_title=xaxis_title,
        yaxis_title="",
        height=max(420, 70 * tallest + 160),
    )
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_xaxes(zeroline=False)
    return fig


def _links(links, ids: pd.Index):
    if links is None or not len(links):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, [], np.zeros(0)
    require_columns(links, "links", ("predecessor", "successor"), "the dependencies table")
    positions = []
    for column in ("predecessor", "successor"):
        found = ids.get_indexer(links[column].astype(str))
        if (found < 0).any():
            row = int(np.flatnonzero(found < 0)[0])
            raise PortfolioError(
                "links",
                f"unknown task '{links[column].iat[row]}'; draw only linked tasks "
                "that are in the task table",
                row=row,
                column=column,
            )
        positions.append(found.astype(np.int64))
    kinds = links["type"].astype(str).tolist() if "type" in links.columns else ["FS"] * len(links)
    lag_column = "lag" if "lag" in links.columns else "lag_days" if "lag_days" in links else None
    lags = links[lag_column].to_numpy(dtype=float) if lag_column else np.zeros(len(links))
    return positions[0], positions[1], kinds, lags


def _lanes(x: np.ndarray, pred: np.ndarray, succ: np.ndarray, gap: float) -> np.ndarray:
    """A height (lane) for each task, so that tasks in one lane are ``gap`` or more apart.

    Tasks are placed in order of ``x``, each in the free lane nearest the
    mean lane of its predecessors already placed (lane 0 for the first
    tasks): lines stay short and labels do not overlap.
    """
    n = x.size
    preds: list[list[int]] = [[] for _ in range(n)]
    for p, s in zip(pred.tolist(), succ.tolist(), strict=True):
        preds[s].append(p)
    lane = np.full(n, np.nan)
    last: dict[int, float] = {}  # lane -> x of its latest task
    for task in np.argsort(x, kind="stable").tolist():
        placed = [lane[p] for p in preds[task] if not np.isnan(lane[p])]
        target = round(sum(placed) / len(placed)) if placed else 0
        here = float(x[task])
        step = 0
        while True:  # target, target + 1, target - 1, target + 2, ...
            candidate = target + (step + 1) // 2 * (1 if step % 2 else -1)
            if candidate not in last or last[candidate] + gap <= here:
                break
            step += 1
        lane[task] = candidate
        last[candidate] = here
    return -lane  # lane 1 is drawn above lane 0


def _add_links(fig, go, label, colour, width, rank, picked, x, y, pred, succ, kinds, lags, ids):
    xs: list[float | None] = []
    ys: list[float | None] = []
    mid_x, mid_y, symbols, hover = [], [], [], []
    for k in picked.tolist():
        p, s = int(pred[k]), int(succ[k])
        xs += [x[p], x[s], None]
        ys += [y[p], y[s], None]
        dx, dy = x[s] - x[p], y[s] - y[p]
        mid_x.append((x[p] + x[s]) / 2)
        mid_y.append((y[p] + y[s]) / 2)
        if dx > 0:
            symbols.append("triangle-right")
        elif dx < 0:
            symbols.append("triangle-left")
        else:
            symbols.append("triangle-down" if dy < 0 else "triangle-up")
        lag = lags[k]
        hover.append(
            f"{ids[p]} → {ids[s]}<br>{kinds[k]}, "
            + (f"lag {style.days(lag)} d" if lag >= 0 else f"lead {style.days(-lag)} d")
        )
    group = label.lower().replace(" ", "-")
    fig.add_trace(
        go.Scatter(
            name=label,
            x=xs,
            y=ys,
            mode="lines",
            line={"color": colour, "width": width},
            hoverinfo="skip",
            legendgroup=group,
            legendrank=rank,
        )
    )
    fig.add_trace(
        go.Scatter(
            name=f"{label} (type and lag)",
            x=mid_x,
            y=mid_y,
            mode="markers",
            marker={"symbol": symbols, "size": 9, "color": colour},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            legendgroup=group,
            showlegend=False,
        )
    )
