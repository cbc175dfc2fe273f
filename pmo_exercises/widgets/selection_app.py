"""Portfolio selection: weigh the objectives, set the budget, see what gets funded.

The weights of the strategic objectives give each candidate project its
score (:func:`pmo_exercises.strategy.score_projects`); the integer program
(:func:`~pmo_exercises.strategy.select_portfolio`) picks the most valuable set
that fits the budget and funds the mandatory projects; the value-for-money
rule of thumb (:func:`~pmo_exercises.strategy.greedy_selection`) is shown
beside it; the efficient frontier
(:func:`~pmo_exercises.strategy.efficient_frontier`) shows what each budget
could buy, with the current choice marked on it. Nothing is computed here:
the widget calls the analytics and lays out what they return.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ._common import (
    STYLE,
    figure_pane,
    fmt_money,
    guarded,
    html_table,
    plotly_loader,
    show_figure,
)

__all__ = ["PortfolioSelection", "portfolio_selection"]

#: Budgets tried for the frontier, from nothing to every candidate funded.
FRONTIER_POINTS = 25
#: The budget slider's step.
BUDGET_STEP = 50_000.0


class PortfolioSelection(widgets.VBox):
    """The portfolio selection widget (see :func:`portfolio_selection`).

    Attributes
    ----------
    weights : dict of str to ipywidgets.FloatSlider
        By ``objective_id``: the weight of each strategic objective.
    budget : ipywidgets.FloatSlider
        The money available.
    maximise : ipywidgets.ToggleButtons
        ``"score"`` (the strategic score under the weights) or
        ``"business_value"``.
    cost_basis : ipywidgets.ToggleButtons
        What the budget pays for: ``"bac"`` or ``"remaining_cost"``.
    mandatory : ipywidgets.SelectMultiple
        Projects that must be funded.
    selected : ipywidgets.HTML
        The selected project ids.
    totals, greedy, table, error : ipywidgets.HTML
        Value and cost of the selection; the rule of thumb beside it; every
        candidate with its score and whether it is funded; a one-line
        message when the constraints cannot be met.
    frontier_output, score_output : ipywidgets.Output
        The efficient frontier (with the selection marked) and the scores.
    selection, greedy_selection : pmo_exercises.strategy.Selection
        The last results.
    candidates, frontier : pandas.DataFrame
        The candidates with the score under the current weights; the last
        frontier.
    frontier_figure, score_figure : plotly.graph_objects.Figure
    """

    def __init__(self, portfolio, budget, mandatory, maximise, cost):
        from ..strategy import selection_inputs

        self._portfolio = portfolio
        self._currency = portfolio.meta.get("currency", "")
        base, _, _ = selection_inputs(portfolio)
        self._base = base
        self.candidates = base
        self.selection = None
        self.greedy_selection = None
        self.frontier = None
        self._grid, self._grid_key = None, None
        self.frontier_figure = None
        self.score_figure = None
        self.scores = None
        self.updates = 0

        objectives = portfolio.objectives
        self.weights = {}
        for oid, name, w in zip(
            objectives["objective_id"], objectives["name"], objectives["weight"], strict=True
        ):
            self.weights[str(oid)] = widgets.FloatSlider(
                value=float(w),
                min=0.0,
                max=1.0,
                step=0.05,
                continuous_update=False,
                description=f"{oid} ({name})",
                style={"description_width": "240px"},
                layout=widgets.Layout(width="470px"),
            )
        top = float(max(base["bac"].sum(), base["remaining_cost"].sum()))
        top = BUDGET_STEP * -(-top // BUDGET_STEP)
        if budget is None:
            budget = BUDGET_STEP * round(0.5 * float(base[cost].sum()) / BUDGET_STEP)
        if not 0 <= budget <= top:
            raise ValueError(
                f"budget must be between 0 and {fmt_money(top)} (every candidate), not {budget!r}"
            )
        self.budget = widgets.FloatSlider(
            value=float(budget),
            min=0.0,
            max=top,
            step=BUDGET_STEP,
            readout_format=",.0f",
            continuous_update=False,
            description=f"Budget ({self._currency})".replace(" ()", ""),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="520px"),
        )
        self.maximise = widgets.ToggleButtons(
            options=[("strategic score", "score"), ("business value", "business_value")],
            value=maximise,
            description="Maximise",
        )
        self.cost_basis = widgets.ToggleButtons(
            options=[("BAC", "bac"), ("remaining cost", "remaining_cost")],
            value=cost,
            description="Cost",
        )
        ids = list(base["project_id"].astype(str))
        unknown = [m for m in mandatory if m not in ids]
        if unknown:
            raise ValueError(
                f"mandatory: {unknown[0]!r} is not a candidate (an active or paused project)"
            )
        self.mandatory = widgets.SelectMultiple(
            options=ids, value=tuple(mandatory), description="Must fund", rows=4
        )
        self.selected = widgets.HTML()
        self.selected.add_class("pmo-selected")
        self.totals = widgets.HTML()
        self.totals.add_class("pmo-totals")
        self.greedy = widgets.HTML()
        self.table = widgets.HTML()
        self.error = widgets.HTML()
        self.error.add_class("pmo-error")
        self._plotly = plotly_loader()  # the figures then draw once each, the first time too
        self.frontier_output = figure_pane(height="420px", fast=True)
        self.score_output = figure_pane(height="420px", fast=True)
        self._guarded_update = guarded(self.error)(self.update)

        controls = [*self.weights.values(), self.budget, self.maximise, self.cost_basis]
        for control in [*controls, self.mandatory]:
            control.observe(self._on_change, names="value")

        super().__init__(
            children=[
                widgets.HTML(STYLE),  # the page holds the title and the purpose
                self._plotly,
                widgets.HBox(
                    [
                        widgets.VBox(
                            [
                                widgets.HTML("<b>Weights of the objectives</b>"),
                                *self.weights.values(),
                            ]
                        ),
                        widgets.VBox([self.budget, self.maximise, self.cost_basis, self.mandatory]),
                    ]
                ),
                self.error,
                self.selected,
                self.totals,
                self.greedy,
                widgets.HBox([self.frontier_output, self.score_output]),
                self.table,
            ]
        )
        self.add_class("pmo-portfolio-selection")
        self.update()

    def _money(self, x: float) -> str:
        return f"{self._currency} {fmt_money(x)}".strip()

    def _on_change(self, change) -> None:
        if self._guarded_update() is None:  # no selection meets the constraints
            self.selection = None
            self.selected.value = "<b>Selected:</b> none, the constraints cannot all be met."
            self.totals.value = self.greedy.value = ""

    def update(self) -> bool:
        """Score, select, trace the frontier and redraw, from the current controls.

        Returns True; raises ``ValueError`` (``InfeasibleSelection``) when the
        constraints cannot all be met (the controls show it as a message).
        """
        import numpy as np
        import pandas as pd

        from .. import charts
        from ..strategy import (
            efficient_frontier,
            greedy_selection,
            score_projects,
            select_portfolio,
        )

        weights = {oid: float(s.value) for oid, s in self.weights.items()}
        scores = score_projects(self._portfolio, weights=weights)
        candidates = self._base.copy()
        candidates["score"] = (
            candidates["project_id"].map(scores.set_index("project_id")["score"]).to_numpy()
        )
        budget = float(self.budget.value)
        constraints = {
            "mandatory": list(self.mandatory.value),
            "value": self.maximise.value,
            "cost": self.cost_basis.value,
        }
        chosen = select_portfolio(candidates, budget, **constraints)
        rule = greedy_selection(candidates, budget, **constraints)
        # the frontier over the slider's range changes with the weights and the
        # constraints, not with the budget: traced once per change of those
        key = (tuple(weights.items()), *(str(v) for v in constraints.values()))
        if self._grid_key != key:
            grid = np.linspace(0.0, self.budget.max, FRONTIER_POINTS)
            self._grid = efficient_frontier(candidates, grid, **constraints)
            self._grid_key = key
        here = efficient_frontier(candidates, [budget], **constraints)
        frontier = (
            pd.concat([self._grid, here], ignore_index=True)
            .drop_duplicates("budget")
            .sort_values("budget", kind="stable")
            .reset_index(drop=True)
        )

        self.scores, self.candidates, self.frontier = scores, candidates, frontier
        self.selection, self.greedy_selection = chosen, rule
        value_name = "score points" if self.maximise.value == "score" else "business value"
        show_value = (lambda x: f"{x:,.1f}") if self.maximise.value == "score" else self._money
        # the charts first, the selected ids last: once they show, every output is sent
        fig = charts.frontier_chart(frontier)
        fig.add_scatter(
            x=[budget],
            y=[chosen.total_value],
            mode="markers",
            name="Selected",
            marker={"size": 14, "color": charts.CRITICAL, "symbol": "diamond"},
            hovertemplate="This budget: %{x:,.0f}<br>Value %{y:,.1f}<extra></extra>",
        )
        fig.update_layout(yaxis_title=f"Total {value_name} of the selected projects")
        self.frontier_figure = fig
        self.score_figure = charts.score_chart(scores)
        show_figure(self.frontier_output, fig, fast=True)
        show_figure(self.score_output, self.score_figure, fast=True)
        left = budget - chosen.total_cost
        self.totals.value = (
            f"Total {value_name}: <b>{show_value(chosen.total_value)}</b>; "
            f"cost <b>{self._money(chosen.total_cost)}</b> of {self._money(budget)} "
            f"({self._money(left)} left)."
        )
        gap = chosen.total_value - rule.total_value
        self.greedy.value = (
            "Best value for money first (greedy) would fund "
            f"{html.escape(', '.join(rule.selected) or 'nothing')}: "
            f"{show_value(rule.total_value)}, "
            + ("the same." if abs(gap) < 1e-9 else f"{show_value(gap)} less.")
        )
        table = chosen.table.copy()
        table["funded"] = np.where(table["selected"], "yes", "")
        cost = self.cost_basis.value
        self.table.value = html_table(
            table,
            {
                "project_id": "project",
                "name": "name",
                "score": "score",
                "business_value": "business value",
                cost: "cost" if cost == "bac" else "remaining cost",
                "funded": "funded",
            },
            formats={
                "score": lambda x: f"{x:.1f}",
                "business_value": fmt_money,
                cost: fmt_money,
            },
            row_class=lambda row: "pmo-flag" if row["selected"] else "",
        )
        self.selected.value = (
            f"<b>Selected ({len(chosen.selected)}):</b> "
            f"<span class='pmo-selected-ids'>{html.escape(', '.join(chosen.selected))}</span>"
        )
        self.updates += 1
        return True


def portfolio_selection(
    portfolio=None,
    budget: float | None = None,
    mandatory=(),
    maximise: str = "score",
    cost: str = "bac",
) -> PortfolioSelection:
    """Portfolio selection: objective weights and a budget in, funded projects out.

    Parameters
    ----------
    portfolio : Portfolio, optional
        The teaching portfolio by default; its active and paused projects
        are the candidates (:func:`~pmo_exercises.strategy.selection_inputs`).
    budget : float, optional
        The budget shown first; by default half the cost of every candidate.
    mandatory : iterable of str
        Projects that must be funded at first.
    maximise : {"score", "business_value"}
        What the selection maximises at first.
    cost : {"bac", "remaining_cost"}
        What the budget pays for at first.

    Returns
    -------
    PortfolioSelection
        An ``ipywidgets.VBox`` whose attributes hold the controls and the
        outputs (see :class:`PortfolioSelection`).

    Raises
    ------
    ValueError
        On a budget outside the slider's range, an unknown project in
        ``mandatory``, a bad ``maximise`` or ``cost``, or mandatory projects
        that do not fit the budget.
    """
    if portfolio is None:
        from .. import load_portfolio

        portfolio = load_portfolio()
    if maximise not in ("score", "business_value"):
        raise ValueError(f"maximise must be 'score' or 'business_value', not {maximise!r}")
    if cost not in ("bac", "remaining_cost"):
        raise ValueError(f"cost must be 'bac' or 'remaining_cost', not {cost!r}")
    mandatory = (mandatory,) if isinstance(mandatory, str) else tuple(mandatory)
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int | float)):
        raise ValueError(f"budget must be a number, not {budget!r}")
    return PortfolioSelection(portfolio, budget, mandatory, maximise, cost)
