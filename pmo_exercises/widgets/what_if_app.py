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

from ._common import STYLE, card, figure_pane, guarded, notice, plotly_loader, show_figure
from ._what_if_interventions import (
    INTERVENTIONS,
    LABEL,
    Setting,
    dropdown,
    interventions,
)
from ._what_if_views import (
    OUTCOME_COLUMNS,
    comparison_html,
    finish_figure,
    knock_on_html,
    outcome_table,
)

__all__ = ["INTERVENTIONS", "OUTCOME_COLUMNS", "WhatIf", "what_if"]


class WhatIf(widgets.VBox):
    """The what-if explorer widget; build it with :func:`what_if`.

    Each intervention (:mod:`._what_if_interventions`) owns its controls;
    they are attributes of the explorer too.

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
        roles = dict(
            zip(
                portfolio.roles["role_id"].astype(str),
                portfolio.roles["name"].astype(str),
                strict=True,
            )
        )
        now = planning.portfolio_schedule(portfolio, basis="actual")
        active = projects.loc[projects["state"] == "active", "project_id"].astype(str).tolist()
        if not active:
            raise ValueError("the what-if explorer needs at least one active project")

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
            style=LABEL,
        )
        self._interventions = interventions(Setting(portfolio, self._names, roles, now))
        capacity, crash, cut, respond, pause = self._interventions.values()
        self.role, self.people = capacity.role, capacity.people
        self.task, self.days, self.extra_cost = crash.task, crash.days, crash.extra_cost
        self.cut_tasks, self.value_lost = cut.cut_tasks, cut.value_lost
        self.risk, self.response = respond.risk, respond.response
        self.probability_factor = respond.probability_factor
        self.impact_factor = respond.impact_factor
        self.other = pause.other
        self._crash = crash
        self._panels = {name: i.panel() for name, i in self._interventions.items()}
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
        for intervention in self._interventions.values():
            for control in intervention.controls:
                if control is not self.task:
                    control.observe(self._on_parameter, "value")
        self.weeks.observe(self._on_parameter, "value")

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
        self._quiet = True
        try:
            for intervention in self._interventions.values():
                intervention.fill(self.project.value)
        finally:
            self._quiet = False

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
            self._crash.fit_days()
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
        return self._interventions[self.intervention.value].decide(self.project.value)

    def baseline(self):
        """The outcome of deciding nothing, at the chosen horizon (computed once)."""
        from ..simulation.engine import simulate

        weeks = int(self.weeks.value)
        if weeks not in self._baselines:
            run = simulate(self._p, weeks, self._seed)
            self._baselines[weeks] = outcome_table(run, self._policy)
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
            show_figure(self.finish_chart, finish_figure(base, None, pid, text), fast=True)
            return
        run = simulate(decided, int(self.weeks.value), self._seed)
        scenario = outcome_table(run, self._policy)
        self._outcome["scenario"] = scenario
        weeks = int(self.weeks.value)
        self.comparison.value = comparison_html(base, scenario, pid, self._names[pid], weeks)
        self.knock_on.value = knock_on_html(base, scenario, pid, self._names)
        self.decision.value = f"<p><b>Decision:</b> {html.escape(text)}</p>"
        show_figure(self.finish_chart, finish_figure(base, scenario, pid, text), fast=True)


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
