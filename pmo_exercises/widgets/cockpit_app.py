"""The portfolio cockpit: the dashboard at any status week, and one project in depth.

A slider picks the status week; the table shows every project's computed RAG
(schedule, cost, risk, overall) beside the RAG its manager reported, with the
watermelon flag (green outside, red inside), the indices and the forecast. A
drop-down opens one project: its Gantt chart with the critical path against
the baseline, its S-curve to that week, and its top risks.

Every figure comes from the analytics: :func:`~pmo_exercises.reporting.portfolio_dashboard`,
:func:`~pmo_exercises.planning.portfolio_schedule`,
:func:`~pmo_exercises.tracking.earned_value_history`,
:func:`~pmo_exercises.risk.score_portfolio_risks` and the charts. The
weekly results are kept once computed, so moving back and forth is instant.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as widgets

from ._common import (
    STYLE,
    card,
    figure_pane,
    fmt_date,
    fmt_money,
    fmt_number,
    html_table,
    light_figure,
    plotly_loader,
    rag_badge,
    show_figure,
)

__all__ = ["Cockpit", "cockpit"]

_TABLE_COLUMNS = {
    "project_id": "Project",
    "name": "Name",
    "stage": "Stage",
    "reported_rag": "Reported",
    "schedule_rag": "Schedule",
    "cost_rag": "Cost",
    "risk_rag": "Risk",
    "overall_rag": "Overall",
    "flag": "Flag",
    "spi": "SPI",
    "cpi": "CPI",
    "bac": "BAC",
    "eac": "EAC",
    "next_milestone_date": "Next milestone",
}
_RISK_COLUMNS = {
    "risk_id": "Risk",
    "title": "Title",
    "probability": "Probability",
    "cost_impact": "Cost impact",
    "schedule_impact_days": "Delay (days)",
    "zone": "Zone",
    "owner": "Owner",
    "response": "Response",
}
#: The watermelon flag: green outside, red inside.
WATERMELON = (
    '<span class="pmo-watermelon" style="background:#2e7d32;color:#fff;border:2px solid #c62828;'
    'border-radius:0.8em;padding:0 0.5em;font-size:0.85em;font-weight:600">watermelon</span>'
)


class Cockpit(widgets.VBox):
    """The cockpit widget; build it with :func:`cockpit`.

    Attributes
    ----------
    week : ipywidgets.IntSlider
        The status week.
    project : ipywidgets.Dropdown
        The project shown in depth (value: its id).
    summary : ipywidgets.HTML
        One line: the week, its date and the count of each RAG and of watermelons.
    table : ipywidgets.HTML
        The dashboard at the week.
    headline : ipywidgets.HTML
        The project's RAG, indices and forecast at the week.
    gantt, s_curve : ipywidgets.Output
        The project's Gantt chart and S-curve (see :func:`._common.shown_figure`).
    risks : ipywidgets.HTML
        The project's top risks at the week.
    """

    def __init__(
        self,
        portfolio,
        *,
        policy=None,
        basis: str = "actual",
        project=None,
        precompute: bool = True,
    ) -> None:
        from .. import planning, reporting, risk, tracking
        from ..governance.policy import resolve_policy

        if portfolio.status_week < 1:
            raise ValueError("the cockpit needs a portfolio with at least one week of status")
        if basis not in ("actual", "reported"):
            raise ValueError(f"basis is 'actual' or 'reported', not {basis!r}")
        self._portfolio = portfolio
        self._policy = resolve_policy(policy)
        self._basis = basis
        self._reporting = reporting
        self._planning = planning
        self._precompute = bool(precompute)
        self._closed = False
        self._figures: dict[tuple[int, str], tuple[dict, dict]] = {}
        self._dashboards: dict[int, Any] = {}
        self._schedules: dict[int, Any] = {}
        self._history = tracking.earned_value_history(portfolio, basis=basis)
        self._risks = risk.score_portfolio_risks(portfolio).set_index("risk_id")
        self._calendar = planning.WorkCalendar(portfolio.meta["start_date"])
        ids = portfolio.projects["project_id"].astype(str).tolist()
        names = portfolio.projects["name"].astype(str).tolist()
        last = int(portfolio.status_week)
        if project is not None and project not in ids:
            raise ValueError(
                f"no project {project!r} in the portfolio (projects: {', '.join(ids)})"
            )

        self.week = widgets.IntSlider(
            value=last,
            min=1,
            max=last,
            description="Status week",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="480px"),
        )
        self.project = widgets.Dropdown(
            options=[(f"{i} {n}", i) for i, n in zip(ids, names, strict=True)],
            value=project if project is not None else self._first_watermelon(last, ids),
            description="Project",
            layout=widgets.Layout(width="420px"),
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.headline = widgets.HTML()
        self._plotly = plotly_loader()  # the charts then draw once each, the first time too
        self.gantt = figure_pane(height="420px", fast=True)
        self.s_curve = figure_pane(height="420px", fast=True)
        self.risks = widgets.HTML()

        if self._precompute:  # every week at once: the slider then only looks up
            for week in range(1, last + 1):
                self.dashboard(week)
                self._schedule(week)
        self._show_week()
        self._show_project()
        self._start_warming()
        self.week.observe(self._on_week, "value")
        self.project.observe(self._on_project, "value")

        figures = widgets.HBox(
            [
                widgets.Box([self.gantt], layout=widgets.Layout(width="58%")),
                widgets.Box([self.s_curve], layout=widgets.Layout(width="42%")),
            ],
            layout=widgets.Layout(width="100%"),
        )
        super().__init__(
            [
                widgets.HTML(STYLE),
                self._plotly,
                self.week,
                self.summary,
                self.table,
                card("Project in depth", self.project, self.headline, figures, self.risks),
            ],
            layout=widgets.Layout(width="100%"),
        )

    # --- analytics, cached per week ---------------------------------------------------

    def dashboard(self, week: int):
        """The portfolio dashboard at `week` (computed once per week)."""
        if week not in self._dashboards:
            self._dashboards[week] = self._reporting.portfolio_dashboard(
                self._portfolio, self._policy, week=week, basis=self._basis
            )
        return self._dashboards[week]

    def _schedule(self, week: int):
        if week not in self._schedules:
            self._schedules[week] = self._planning.portfolio_schedule(
                self._portfolio, week=week, basis=self._basis
            )
        return self._schedules[week]

    def _first_watermelon(self, week: int, ids: list[str]) -> str:
        board = self.dashboard(week)
        flagged = board.loc[board["watermelon"].astype(bool), "project_id"]
        return str(flagged.iloc[0]) if len(flagged) else ids[0]

    # --- views ------------------------------------------------------------------------

    def _on_week(self, _change=None) -> None:
        self._show_week()
        self._show_project()

    def _on_project(self, _change=None) -> None:
        self._show_project()
        self._start_warming()

    def _show_week(self) -> None:
        week = int(self.week.value)
        board = self.dashboard(week).copy()
        board["flag"] = board["watermelon"].map(lambda w: "watermelon" if w else "")
        date = self._reporting.week_date(self._portfolio, week)
        counts = board["overall_rag"].value_counts()
        rags = " ".join(
            rag_badge(rag, f"{int(counts.get(rag, 0))} {rag}") for rag in ("red", "amber", "green")
        )
        melons = int(board["watermelon"].sum())
        self.summary.value = (
            f"<p><b>Week {week}</b> (status date {fmt_date(date)}): {rags} "
            f"&nbsp; {melons} {'watermelon' if melons == 1 else 'watermelons'} "
            "(reported green, computed red)</p>"
        )
        self.table.value = html_table(
            board,
            _TABLE_COLUMNS,
            rag_columns=("reported_rag", "schedule_rag", "cost_rag", "risk_rag", "overall_rag"),
            formats={
                "spi": fmt_number,
                "cpi": fmt_number,
                "bac": fmt_money,
                "eac": fmt_money,
                "next_milestone_date": fmt_date,
            },
            row_class=lambda row: "pmo-flag" if row["watermelon"] else "",
        ).replace("<td>watermelon</td>", f"<td>{WATERMELON}</td>")

    def figures(self, week: int, pid: str) -> tuple[dict, dict]:
        """The Gantt chart and the S-curve of `pid` at `week`, as figure dicts (kept)."""
        key = (week, pid)
        if key not in self._figures:
            from ..charts import gantt, s_curve

            row = self.dashboard(week).set_index("project_id").loc[pid]
            schedule = self._schedule(week)
            history = self._history
            history = history[(history["project_id"] == pid) & (history["week"] <= week)]
            title = f"{pid}: forecast at week {week}, critical path in red, baseline in grey"
            tasks = schedule[schedule["project_id"] == pid]
            chart = gantt(tasks, calendar=self._calendar, title=title)
            labels = max((len(str(t)) for t in chart.layout.yaxis.ticktext or ()), default=10)
            curve = s_curve(
                history,
                bac=float(row["bac"]),
                status_week=week,
                title=f"{pid}: PV, EV and AC to week {week}",
            )
            # about 7.5 px a character at the charts' 14 px font, and room for the axis title
            self._figures[key] = (
                light_figure(chart, y_labels_px=int(7.5 * labels) + 50),
                light_figure(curve),
            )
        return self._figures[key]

    def _warm(self, pid: str) -> None:
        """Draw `pid`'s figures for every week, nearest the slider first, in the background.

        Stops as soon as another project is chosen. Runs in a thread: it only
        fills the cache, it never touches a widget.
        """
        weeks = sorted(range(1, self.week.max + 1), key=lambda w: abs(w - self.week.value))
        for week in weeks:
            if self.project.value != pid or self._closed:
                return
            self.figures(week, pid)

    def _start_warming(self) -> None:
        if self._precompute:
            threading.Thread(
                target=self._warm, args=(self.project.value,), name="cockpit-warm", daemon=True
            ).start()

    def close(self) -> None:
        """Close the widget and stop drawing figures in the background."""
        self._closed = True
        super().close()

    def _show_project(self) -> None:
        week = int(self.week.value)
        pid = self.project.value
        row = self.dashboard(week).set_index("project_id").loc[pid]
        schedule = self._schedule(week)
        tasks = schedule[schedule["project_id"] == pid]
        finish = tasks["finish"].max() if len(tasks) else None
        base_finish = tasks["baseline_finish"].max() if len(tasks) else None
        flag = f" {WATERMELON}" if row["watermelon"] else ""
        self.headline.value = (
            f"<p><b>{html.escape(pid)} {html.escape(str(row['name']))}</b> at week {week}: "
            f"overall {rag_badge(row['overall_rag'])} reported {rag_badge(row['reported_rag'])}"
            f"{flag}<br>SPI {fmt_number(row['spi'])}, CPI {fmt_number(row['cpi'])}, "
            f"BAC {fmt_money(row['bac'])}, EAC {fmt_money(row['eac'])}; "
            f"forecast finish {fmt_date(finish)} (baseline {fmt_date(base_finish)}); "
            f"next milestone {html.escape(str(row['next_milestone']))} "
            f"{fmt_date(row['next_milestone_date'])}</p>"
        )
        gantt_figure, curve_figure = self.figures(week, pid)
        show_figure(self.gantt, gantt_figure, fast=True)
        show_figure(self.s_curve, curve_figure, fast=True)
        top = [r.strip() for r in str(row["top_risks"] or "").split(",") if r.strip()]
        top = [r for r in top if r in self._risks.index]
        if top:
            risks = self._risks.loc[top].reset_index()
            self.risks.value = "<b>Top open risks</b>" + html_table(
                risks,
                _RISK_COLUMNS,
                formats={
                    "probability": lambda v: f"{float(v):.0%}",
                    "cost_impact": fmt_money,
                    "schedule_impact_days": lambda v: fmt_number(v, 0),
                },
            )
        else:
            self.risks.value = "<p><b>Top open risks</b>: none open at this week.</p>"


def cockpit(
    portfolio=None, *, policy=None, basis: str = "actual", project=None, precompute: bool = True
) -> Cockpit:
    """The portfolio cockpit: the dashboard at a chosen week, one project in depth.

    Parameters
    ----------
    portfolio : Portfolio, optional
        A portfolio with a status history; the teaching portfolio by default.
    policy : Policy, str or Path, optional
        The PMO policy that sets the RAG thresholds (default: the kit's).
    basis : {"actual", "reported"}
        Whose progress earns value: the audit truth (default, which shows the
        watermelons) or the managers' reports.
    project : str, optional
        The project opened in depth at first; by default the first watermelon
        at the latest week, else the first project.
    precompute : bool
        Compute the dashboard of every week when the widget is built, and draw
        the open project's charts for every week in a background thread, so
        that moving the slider only looks results up. ``False`` computes on
        demand (each result is kept all the same).

    Returns
    -------
    Cockpit
        An ``ipywidgets.VBox``; its controls are attributes (``week``,
        ``project``) and so are the views they drive.

    Raises
    ------
    ValueError
        On an unknown project or basis, or a portfolio without status weeks.

    Examples
    --------
    >>> from pmo_exercises.widgets import cockpit
    >>> app = cockpit()  # doctest: +SKIP
    >>> app.week.value = 5  # the table and the project now show week 5  # doctest: +SKIP
    """
    if portfolio is None:
        from ..simulation.loading import load_portfolio

        portfolio = load_portfolio()
    return Cockpit(portfolio, policy=policy, basis=basis, project=project, precompute=precompute)
