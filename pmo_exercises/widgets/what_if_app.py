"""The what-if explorer: one decision, re-simulated, side by side with doing nothing.

Pick a project and an intervention (add people to a shared pool, crash a
task, cut scope, fund a risk response, pause another project), set its
parameters, and the explorer applies the decision with
:mod:`pmo_exercises.simulation.scenarios`, runs the portfolio forward with
:func:`pmo_exercises.simulate` and compares the result with the run that
decided nothing. Both runs use the same seed, so they draw the same random
numbers (common random numbers): a project the decision does not reach ends
the same in both, and what differs is the decision's effect, including the
knock-on effects on other projects through the people they share.

The figures (forecast finish and slip, EAC, RAG, SPI, CPI) come from
:func:`~pmo_exercises.reporting.portfolio_dashboard` and
:func:`~pmo_exercises.planning.project_slip` at the last simulated week.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ._common import (
    STYLE,
    card,
    figure_pane,
    fmt_date,
    fmt_money,
    fmt_number,
    guarded,
    notice,
    plotly_loader,
    rag_badge,
    show_figure,
)

__all__ = ["INTERVENTIONS", "WhatIf", "what_if"]

#: The interventions the explorer offers, in menu order.
INTERVENTIONS = (
    "add capacity",
    "crash a task",
    "cut scope",
    "fund a risk response",
    "pause another project",
)
#: Columns of :meth:`WhatIf.outcome`.
OUTCOME_COLUMNS = (
    "name",
    "state",
    "overall_rag",
    "spi",
    "cpi",
    "bac",
    "eac",
    "forecast_finish",
    "finish_slip_days",
)
_RESPONSES = ("mitigate", "avoid", "transfer", "accept")
_LABEL = {"description_width": "initial"}


def _changed(a, b, tolerance: float = 0.5) -> bool:
    """Whether two values of an outcome differ (missing equals missing)."""
    a_missing, b_missing = a != a or a is None, b != b or b is None  # NaN and NaT
    if a_missing or b_missing:
        return a_missing != b_missing
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > tolerance
    return a != b


class WhatIf(widgets.VBox):
    """The what-if explorer widget; build it with :func:`what_if`.

    Attributes
    ----------
    project, intervention : ipywidgets.Dropdown
        The project decided on and the kind of decision.
    weeks : ipywidgets.IntSlider
        How many weeks both runs simulate from the status date.
    role, people : ipywidgets.Dropdown, ipywidgets.IntSlider
        "add capacity": the pool (among the project's roles) and the people added.
    task, days, extra_cost : ipywidgets.Dropdown, IntSlider, FloatText
        "crash a task": an unfinished task, the days saved and their price.
    cut_tasks, value_lost : ipywidgets.SelectMultiple, FloatSlider
        "cut scope": tasks not started, and the share of business value lost.
    risk, response, probability_factor, impact_factor
        "fund a risk response": an open risk of the project and what the response does.
    other : ipywidgets.Dropdown
        "pause another project": the active project paused.
    decision : ipywidgets.HTML
        The decision in words (or why there is none to take).
    comparison : ipywidgets.HTML
        The project, baseline against scenario.
    knock_on : ipywidgets.HTML
        The other projects whose outcome changed.
    finish_chart : ipywidgets.Output
        Forecast finish of every project, baseline against scenario.
    status : ipywidgets.HTML
        A one-line error when the decision cannot be taken.
    """

    def __init__(self, portfolio, *, weeks: int = 13, seed: int = 1, policy=None) -> None:
        from .. import planning
        from ..governance.policy import resolve_policy

        if not 1 <= int(weeks) <= 104:
            raise ValueError(f"weeks is from 1 to 104, not {weeks}")
        self._p = portfolio
        self._seed = int(seed)
        self._policy = resolve_policy(policy)
        self._baselines: dict[int, Any] = {}
        self._outcome: dict[str, Any] = {}
        self._quiet = False
        projects = portfolio.projects
        self._names = dict(
            zip(projects["project_id"].astype(str), projects["name"].astype(str), strict=True)
        )
        self._roles = dict(
            zip(
                portfolio.roles["role_id"].astype(str),
                portfolio.roles["name"].astype(str),
                strict=True,
            )
        )
        self._now = planning.portfolio_schedule(portfolio, basis="actual")
        active = projects.loc[projects["state"] == "active", "project_id"].astype(str).tolist()
        if not active:
            raise ValueError("the what-if explorer needs at least one active project")

        def dropdown(description: str, **kw) -> widgets.Dropdown:
            return widgets.Dropdown(
                description=description, style=_LABEL, layout=widgets.Layout(width="460px"), **kw
            )

        def share(description: str, value: float, **kw) -> widgets.FloatSlider:
            """A slider from 0 to 1 in steps of 0.05."""
            return widgets.FloatSlider(
                value=value,
                min=0.0,
                max=1.0,
                step=0.05,
                description=description,
                continuous_update=False,
                style=_LABEL,
                **kw,
            )

        self.project = dropdown(
            "Project", options=[(f"{i} {self._names[i]}", i) for i in active], value=active[0]
        )
        self.intervention = dropdown("Intervention", options=list(INTERVENTIONS))
        self.weeks = widgets.IntSlider(
            value=int(weeks),
            min=1,
            max=max(52, int(weeks)),
            description="Weeks simulated",
            continuous_update=False,
            style=_LABEL,
        )
        self.role = dropdown("Role")
        self.people = widgets.IntSlider(
            value=1, min=1, max=5, description="People added", continuous_update=False, style=_LABEL
        )
        self.task = dropdown("Task")
        self.days = widgets.IntSlider(
            value=2, min=1, max=20, description="Days saved", continuous_update=False, style=_LABEL
        )
        self.extra_cost = widgets.BoundedFloatText(
            value=10_000, min=0, max=10_000_000, step=1_000, description="Extra cost", style=_LABEL
        )
        self.cut_tasks = widgets.SelectMultiple(
            description="Tasks cut", rows=6, style=_LABEL, layout=widgets.Layout(width="460px")
        )
        self.value_lost = share("Business value lost", 0.0, readout_format=".0%")
        self.risk = dropdown("Risk")
        self.response = dropdown("Response", options=list(_RESPONSES))
        self.probability_factor = share("Probability x", 0.5)
        self.impact_factor = share("Impact x", 1.0)
        self.other = dropdown("Project paused")
        self._panels = {
            "add capacity": widgets.VBox([self.role, self.people]),
            "crash a task": widgets.VBox([self.task, self.days, self.extra_cost]),
            "cut scope": widgets.VBox([self.cut_tasks, self.value_lost]),
            "fund a risk response": widgets.VBox(
                [self.risk, self.response, self.probability_factor, self.impact_factor]
            ),
            "pause another project": widgets.VBox([self.other]),
        }
        self.parameters = widgets.VBox()
        self.status = widgets.HTML()
        self.decision = widgets.HTML()
        self.comparison = widgets.HTML()
        self.knock_on = widgets.HTML()
        self._plotly = plotly_loader()  # the chart then draws once, the first time too
        self.finish_chart = figure_pane(height="440px", fast=True)
        self.update = guarded(self.status)(self._update)

        self._fill_options()
        self._show_panel()
        self.update()
        self.project.observe(self._on_project, "value")
        self.intervention.observe(self._on_intervention, "value")
        self.task.observe(self._on_task, "value")
        for control in (
            self.weeks,
            self.role,
            self.people,
            self.days,
            self.extra_cost,
            self.cut_tasks,
            self.value_lost,
            self.risk,
            self.response,
            self.probability_factor,
            self.impact_factor,
            self.other,
        ):
            control.observe(self._on_parameter, "value")

        controls = widgets.VBox(
            [self.project, self.intervention, self.parameters, self.weeks],
            layout=widgets.Layout(width="500px"),
        )
        results = widgets.VBox(
            [self.status, self.decision, self.comparison, self.knock_on],
            layout=widgets.Layout(flex="1 1 auto"),
        )
        super().__init__(
            [
                widgets.HTML(STYLE),
                self._plotly,
                widgets.HBox([card("Decision", controls), card("Effect", results)]),
                self.finish_chart,
            ],
            layout=widgets.Layout(width="100%"),
        )

    # --- options that depend on the project --------------------------------------------

    def _fill_options(self) -> None:
        """Set the choices that depend on the project, without running anything."""
        pid = self.project.value
        p = self._p
        self._quiet = True
        try:
            roles = p.tasks.loc[p.tasks["project_id"] == pid, "role_id"].astype(str).unique()
            self.role.options = [(f"{r} {self._roles.get(r, r)}", r) for r in sorted(roles)]
            now = self._now[self._now["project_id"] == pid]
            durations = p.tasks.set_index("task_id")["duration_days"]
            crashable = now[(now["status"] != "done") & (now.index.map(durations) > 1)]
            crashable = crashable.sort_values(["critical", "es"], ascending=[False, True])
            self.task.options = [
                (
                    f"{t} {row['name']} ({'critical' if row['critical'] else 'float '}"
                    f"{'' if row['critical'] else fmt_number(row['total_float'], 0)}, "
                    f"{durations[t]:g} d)",
                    t,
                )
                for t, row in crashable.iterrows()
            ]
            not_started = now[(now["status"] == "not started") & (now.index.map(durations) > 0)]
            self.cut_tasks.options = [
                (f"{t} {row['name']}", t) for t, row in not_started.iterrows()
            ]
            self.cut_tasks.value = ()
            risks = p.risks[(p.risks["project_id"] == pid) & (p.risks["state"] == "open")]
            self.risk.options = [
                (f"{r} {title}", r)
                for r, title in zip(risks["risk_id"], risks["title"], strict=True)
            ]
            active = p.projects.loc[p.projects["state"] == "active", "project_id"].astype(str)
            self.other.options = [(f"{i} {self._names[i]}", i) for i in active if i != pid]
            for choice in (self.role, self.task, self.risk, self.other):
                values = [value for _, value in choice.options]
                if choice.value not in values:
                    choice.value = values[0] if values else None
            self._fit_days()
        finally:
            self._quiet = False

    def _fit_days(self) -> None:
        """Let the crash take at most the task's duration less one day."""
        if self.task.value is None:
            return
        duration = float(self._p.tasks.set_index("task_id").at[self.task.value, "duration_days"])
        self.days.max = max(1, min(30, int(duration) - 1))

    def _show_panel(self) -> None:
        self.parameters.children = [self._panels[self.intervention.value]]

    # --- events -------------------------------------------------------------------------

    def _on_project(self, _change=None) -> None:
        self._fill_options()
        self.update()

    def _on_intervention(self, _change=None) -> None:
        self._show_panel()
        self.update()

    def _on_task(self, _change=None) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            self._fit_days()
        finally:
            self._quiet = False
        self.update()

    def _on_parameter(self, _change=None) -> None:
        if not self._quiet:
            self.update()

    # --- the runs -----------------------------------------------------------------------

    def decide(self):
        """The portfolio with the chosen decision taken, and the decision in words.

        Returns
        -------
        tuple
            ``(portfolio, text)``; ``portfolio`` is None when there is nothing
            to decide (no open risk, no task left...), and ``text`` says why.
        """
        from ..simulation import scenarios

        p, pid, kind = self._p, self.project.value, self.intervention.value
        if kind == "add capacity":
            role = self.role.value
            if role is None:
                return None, f"{pid} uses no shared pool."
            n = int(self.people.value)
            text = f"Add {n} {self._roles[role].lower()}{'s' if n > 1 else ''} to the {role} pool."
            return scenarios.add_capacity(p, role, n), text
        if kind == "crash a task":
            task = self.task.value
            if task is None:
                return None, f"{pid} has no unfinished task longer than a day to crash."
            days, cost = int(self.days.value), float(self.extra_cost.value)
            text = f"Crash {task} by {days} working days for {fmt_money(cost)} more."
            return scenarios.crash_task(p, task, days, cost), text
        if kind == "cut scope":
            cut = list(self.cut_tasks.value)
            if not cut:
                return None, "Choose the tasks to cut (tasks not started yet)."
            share = float(self.value_lost.value)
            text = f"Cut {', '.join(cut)}, losing {share:.0%} of {pid}'s business value."
            return scenarios.cut_scope(p, cut, value_lost=share), text
        if kind == "fund a risk response":
            risk = self.risk.value
            if risk is None:
                return None, f"{pid} has no open risk to respond to."
            text = (
                f"Fund the '{self.response.value}' response to {risk}: probability x "
                f"{self.probability_factor.value:.2f}, impact x {self.impact_factor.value:.2f}."
            )
            return (
                scenarios.fund_risk_response(
                    p,
                    risk,
                    self.response.value,
                    probability_factor=float(self.probability_factor.value),
                    impact_factor=float(self.impact_factor.value),
                ),
                text,
            )
        other = self.other.value
        if other is None:
            return None, "There is no other active project to pause."
        return scenarios.pause_project(p, other), f"Pause {other} {self._names[other]}."

    def _summarise(self, run):
        """One row per project at the run's last week: the analytics' figures."""
        from ..planning import portfolio_schedule, project_slip
        from ..reporting import rag_history

        rag = rag_history(run, self._policy)
        rag = rag[rag["week"] == run.status_week].set_index("project_id")
        projects = run.projects.set_index("project_id")
        slip = project_slip(portfolio_schedule(run, basis="actual"))
        out = projects[["name", "state"]].join(
            rag[["overall_rag", "spi", "cpi", "bac", "eac_cpi"]].rename(columns={"eac_cpi": "eac"})
        )
        out = out.join(slip[["forecast_finish", "finish_slip_days"]])
        return out.loc[:, list(OUTCOME_COLUMNS)]

    def baseline(self):
        """The outcome of deciding nothing, at the chosen horizon (computed once)."""
        from ..simulation.engine import simulate

        weeks = int(self.weeks.value)
        if weeks not in self._baselines:
            self._baselines[weeks] = self._summarise(simulate(self._p, weeks, self._seed))
        return self._baselines[weeks]

    def outcome(self) -> dict[str, Any]:
        """The last comparison: ``baseline`` and ``scenario`` tables, ``decision`` text."""
        return dict(self._outcome)

    def _update(self) -> None:
        """Run the scenario and redraw; the decision line is set after the tables it explains."""
        from ..simulation.engine import simulate

        base = self.baseline()
        self._outcome = {"baseline": base, "scenario": None, "decision": ""}
        try:
            decided, text = self.decide()
        except ValueError:  # shown as one line by the guard: clear what no longer holds
            self.comparison.value = self.knock_on.value = self.decision.value = ""
            raise
        self._outcome["decision"] = text
        pid = self.project.value
        if decided is None:
            self.comparison.value = notice("Nothing to compare: no decision taken.", "info")
            self.knock_on.value = ""
            self.decision.value = f"<p><b>Decision:</b> {html.escape(text)}</p>"
            show_figure(self.finish_chart, _finish_figure(base, None, pid, text), fast=True)
            return
        scenario = self._summarise(simulate(decided, int(self.weeks.value), self._seed))
        self._outcome["scenario"] = scenario
        self.comparison.value = self._comparison_html(base, scenario)
        self.knock_on.value = self._knock_on_html(base, scenario)
        self.decision.value = f"<p><b>Decision:</b> {html.escape(text)}</p>"
        show_figure(self.finish_chart, _finish_figure(base, scenario, pid, text), fast=True)

    # --- views --------------------------------------------------------------------------

    def _comparison_html(self, base, scenario) -> str:
        pid = self.project.value
        b, s = base.loc[pid], scenario.loc[pid]
        slip = s["finish_slip_days"] - b["finish_slip_days"]
        rows = [
            ("Forecast finish", fmt_date(b["forecast_finish"]), fmt_date(s["forecast_finish"])),
            (
                "Slip against baseline (working days)",
                fmt_number(b["finish_slip_days"], 1),
                fmt_number(s["finish_slip_days"], 1),
            ),
            ("EAC", fmt_money(b["eac"]), fmt_money(s["eac"])),
            ("BAC", fmt_money(b["bac"]), fmt_money(s["bac"])),
            ("SPI", fmt_number(b["spi"]), fmt_number(s["spi"])),
            ("CPI", fmt_number(b["cpi"]), fmt_number(s["cpi"])),
        ]
        body = "".join(f"<tr><td>{name}</td><td>{x}</td><td>{y}</td></tr>" for name, x, y in rows)
        body += (
            f"<tr><td>Overall RAG</td><td>{rag_badge(b['overall_rag'])}</td>"
            f"<td>{rag_badge(s['overall_rag'])}</td></tr>"
        )
        weeks = int(self.weeks.value)
        verdict = (
            "finishes at the same date"
            if not _changed(b["forecast_finish"], s["forecast_finish"])
            else f"finish moves by {slip:+.1f} working days"
        )
        return (
            f"<p><b>{html.escape(pid)} {html.escape(self._names[pid])}</b> after {weeks} "
            f"simulated weeks: {verdict}.</p>"
            '<table class="pmo-table pmo-compare" style="border-collapse:collapse">'
            "<thead><tr><th></th><th>Baseline (no decision)</th><th>Scenario</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def _knock_on_html(self, base, scenario) -> str:
        pid = self.project.value
        rows = []
        for other in base.index:
            if other == pid:
                continue
            b, s = base.loc[other], scenario.loc[other]
            if not any(
                _changed(b[c], s[c]) for c in ("forecast_finish", "eac", "overall_rag", "state")
            ):
                continue
            rows.append(
                f"<tr><td>{html.escape(other)} {html.escape(self._names[other])}</td>"
                f"<td>{html.escape(str(s['state']))}</td>"
                f"<td>{fmt_date(b['forecast_finish'])} &rarr; {fmt_date(s['forecast_finish'])}</td>"
                f"<td>{fmt_number(s['finish_slip_days'] - b['finish_slip_days'], 1)}</td>"
                f"<td>{fmt_money(b['eac'])} &rarr; {fmt_money(s['eac'])}</td>"
                f"<td>{rag_badge(b['overall_rag'])} &rarr; {rag_badge(s['overall_rag'])}</td></tr>"
            )
        if not rows:
            return "<p><b>Knock-on effects:</b> no other project changes.</p>"
        return (
            f"<p><b>Knock-on effects:</b> {len(rows)} other "
            f"{'project changes' if len(rows) == 1 else 'projects change'}.</p>"
            '<table class="pmo-table pmo-knock-on" style="border-collapse:collapse">'
            "<thead><tr><th>Project</th><th>State</th><th>Finish</th>"
            "<th>Slip change (days)</th><th>EAC</th><th>RAG</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


def _finish_figure(base, scenario, project: str, decision: str) -> dict:
    """Forecast finish of each project: baseline (grey) against scenario (blue).

    A plain plotly figure dict: building a ``go.Figure`` costs more than the
    simulation it shows, and the explorer redraws it on every change.
    """
    from ..charts.style import BASELINE, TASK

    ids = list(base.index)[::-1]
    labels = [f"<b>{i}</b>" if i == project else i for i in ids]

    def dates(frame) -> list:
        return [None if d != d else str(d)[:10] for d in frame.loc[ids, "forecast_finish"]]

    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "Baseline (no decision)",
            "x": dates(base),
            "y": labels,
            "marker": {
                "color": BASELINE,
                "size": 14,
                "symbol": "line-ns-open",
                "line": {"width": 3},
            },
        }
    ]
    if scenario is not None:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Scenario",
                "x": dates(scenario),
                "y": labels,
                "marker": {"color": TASK, "size": 10},
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": {
                "text": f"Forecast finish of every project<br><sup>{html.escape(decision)}</sup>"
            },
            "height": 420,
            "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
            "legend": {"orientation": "h", "y": -0.12},
            "plot_bgcolor": "white",
            "xaxis": {"type": "date", "gridcolor": "#eeeeee"},
            "yaxis": {"gridcolor": "#eeeeee"},
        },
    }


def what_if(portfolio=None, *, weeks: int = 13, seed: int = 1, policy=None) -> WhatIf:
    """The what-if explorer: one decision, re-simulated beside the run without it.

    Parameters
    ----------
    portfolio : Portfolio, optional
        A portfolio at its status date; the teaching portfolio by default.
    weeks : int
        Weeks both runs simulate from the status date at first (1 to 104).
    seed : int
        The seed of both runs: the same random numbers, so only the decision
        differs.
    policy : Policy, str or Path, optional
        The PMO policy that sets the RAG (default: the kit's).

    Returns
    -------
    WhatIf
        An ``ipywidgets.VBox``; its controls are attributes and
        :meth:`WhatIf.outcome` holds the last comparison.

    Raises
    ------
    ValueError
        On a horizon out of range or a portfolio without an active project.

    Examples
    --------
    >>> from pmo_exercises.widgets import what_if
    >>> app = what_if()  # doctest: +SKIP
    >>> app.intervention.value = "pause another project"  # doctest: +SKIP
    >>> app.outcome()["scenario"].loc["P12", "state"]  # doctest: +SKIP
    'paused'
    """
    if portfolio is None:
        from ..simulation.loading import load_portfolio

        portfolio = load_portfolio()
    return WhatIf(portfolio, weeks=weeks, seed=seed, policy=policy)
