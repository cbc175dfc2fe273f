"""The risk explorer: a Monte Carlo analysis of one project that updates live.

Pick a project; move the probability of its top risks, fund their planned
responses, and read the P50 and P80 finish date and cost, the reserves, the
S-curve and the tornado, all recomputed over 10,000 iterations on each
change.

Everything shown comes from the analytics: the scenario is built with
:func:`pmo_exercises.simulation.scenarios.fund_risk_response` (a funded
response lowers the risk's probability and adds its cost to the plan), the
figures with :func:`pmo_exercises.risk.monte_carlo`, the top risks with
:func:`pmo_exercises.risk.score_register`, the dates with
:class:`pmo_exercises.planning.calendar.WorkCalendar`, and the charts with
:func:`pmo_exercises.charts.mc_cdf` and :func:`pmo_exercises.charts.tornado`.
The same seed draws the same random numbers on every update (common random
numbers), so a change in a figure is the effect of the change in a control,
not noise.
"""

from __future__ import annotations

import html
import time

import ipywidgets as widgets
import pandas as pd

from ._common import STYLE, figure_pane, fmt_money, guarded, plotly_loader, show_figure

__all__ = ["RiskExplorer", "risk_explorer"]

#: Responses that can be funded: ``accept`` (or no response) has nothing to fund.
FUNDABLE = ("avoid", "mitigate", "transfer")
#: What a funded response does, as :func:`fund_risk_response` applies it.
PROBABILITY_FACTOR = 0.5
#: The figures the explorer shows, in the order of its table.
FIGURES = (
    "plan_duration",
    "p50_duration",
    "p80_duration",
    "reserve_duration",
    "plan_date",
    "p50_date",
    "p80_date",
    "plan_cost",
    "p50_cost",
    "p80_cost",
    "reserve_cost",
)


#: Points drawn on the S-curve: every iteration is a point, but a few hundred
#: draw the same curve and keep each update light to send and to draw.
CDF_POINTS = 1_001
#: Drivers shown on the tornado.
TORNADO_BARS = 12


def _thinned(fig, points: int):
    """The S-curve with its line drawn through ``points`` evenly spaced iterations.

    The first and last iterations are always kept; the percentile lines are
    untouched (they come from the result, not from the points drawn).
    """
    import numpy as np

    line = fig.data[0]
    x = np.asarray(line.x)
    if x.size > points:
        keep = np.unique(np.linspace(0, x.size - 1, points).round().astype(np.int64))
        line.x, line.y = x[keep], np.asarray(line.y)[keep]
    return fig


def _moved(fig, result, what: str):
    """The S-curve `fig` of an earlier result, redrawn for `result` in place.

    Builds exactly what ``_thinned(charts.mc_cdf(result, what), CDF_POINTS)``
    builds (a test checks it), in a few milliseconds instead of tens: only the
    line, the percentile lines and the plan line move; the percentiles and the
    plan come from the result.
    """
    import numpy as np

    values = np.sort(result.durations if what == "duration" else result.costs)
    share = np.arange(1, values.size + 1) / values.size
    keep = np.unique(np.linspace(0, values.size - 1, CDF_POINTS).round().astype(np.int64))
    where = {"plan": result.planned_duration if what == "duration" else result.planned_cost}
    with fig.batch_update():
        fig.data[0].x, fig.data[0].y = values[keep], share[keep]
        for shape in fig.layout.shapes:
            if shape.name not in where:
                duration, cost = result.percentile(float(shape.name.removeprefix("P")))
                where[shape.name] = duration if what == "duration" else cost
            shape.x0 = shape.x1 = where[shape.name]
        for note in fig.layout.annotations:
            note.x = where[note.text]
    return fig


def _moved_tornado(fig, sensitivity, by: str, top: int):
    """The tornado `fig` of an earlier result, redrawn for `sensitivity` in place.

    Builds exactly what ``charts.tornado(sensitivity, by=by, top=top)`` builds
    for the same project (a test checks it): the same drivers ranked the same
    way, only the bars change; the layout (title, axes, height) stays.
    """
    import numpy as np

    from ..charts import style

    rows = sensitivity[sensitivity[by].notna()]
    order = np.argsort(-rows[by].abs().to_numpy(), kind="stable")[:top]
    rows = rows.iloc[order[::-1]]
    colour = {"task": style.TASK, "risk": style.CRITICAL, "opportunity": style.EARNED}
    with fig.batch_update():
        bar = fig.data[0]
        bar.x = rows[by].to_numpy(dtype=float)
        bar.y = [str(i) for i in rows.index]
        bar.marker.color = [colour.get(k, style.BASELINE) for k in rows["kind"]]
        bar.customdata = rows["kind"].to_numpy()
    return fig


def _days(x: float) -> str:
    return f"{x:,.1f} days"


class RiskExplorer(widgets.VBox):
    """The risk explorer widget (see :func:`risk_explorer`).

    Attributes
    ----------
    project : ipywidgets.Dropdown
        The project analysed.
    distribution, view : ipywidgets.ToggleButtons
        How durations are drawn (triangular or PERT); what the charts show
        (duration or cost).
    probability : dict of str to ipywidgets.FloatSlider
        By ``risk_id``: the probability of each top risk before any response.
    fund : dict of str to ipywidgets.Checkbox
        By ``risk_id``: fund the planned response (disabled when there is
        none to fund).
    figures : dict of str to ipywidgets.HTML
        The figures shown, by the names in :data:`FIGURES`.
    result : pmo_exercises.risk.MonteCarloResult
        The last analysis.
    risks : pandas.DataFrame
        The open risks the last analysis ran with (responses applied).
    cdf_figure, tornado_figure : plotly.graph_objects.Figure
        The last charts drawn.
    """

    def __init__(self, portfolio, project_id, iterations, seed, top, distribution):
        from ..risk.monte_carlo import DISTRIBUTIONS

        self._portfolio = portfolio
        self.iterations = iterations
        self.seed = seed
        self.top = top
        self._currency = portfolio.meta.get("currency", "")
        self.result = None
        self.risks = None
        self.cdf_figure = None
        self._drawn_for = None
        self.tornado_figure = None
        self.updates = 0
        self.last_update_seconds = float("nan")

        projects = portfolio.projects
        with_risks = set(portfolio.risks.loc[portfolio.risks["state"] == "open", "project_id"])
        options = [
            (f"{pid}: {name}", pid)
            for pid, name in zip(projects["project_id"], projects["name"], strict=True)
            if pid in with_risks or pid == project_id
        ]
        if project_id is None:
            if not options:
                raise ValueError("no project of this portfolio has an open risk to explore")
            project_id = options[0][1]
        self.project = widgets.Dropdown(
            options=options,
            value=project_id,
            description="Project",
            style={"description_width": "initial"},
        )
        self.distribution = widgets.ToggleButtons(
            options=list(DISTRIBUTIONS), value=distribution, description="Durations"
        )
        self.view = widgets.ToggleButtons(
            options=["duration", "cost"], value="duration", description="Charts"
        )
        self.probability: dict = {}
        self.fund: dict = {}
        self._effect: dict = {}
        self._rows = widgets.VBox()
        self._rows.add_class("pmo-risk-rows")
        self.heading = widgets.HTML()
        self.figures = {}
        for name in FIGURES:
            self.figures[name] = widgets.HTML()
            self.figures[name].add_class(f"pmo-{name.replace('_', '-')}")
        self.status = widgets.HTML()
        self.status.add_class("pmo-status")
        self.error = widgets.HTML()
        self._plotly = plotly_loader()  # the figures then draw once each, the first time too
        self.cdf_output = figure_pane(height="450px", fast=True)
        self.tornado_output = figure_pane(height="450px", fast=True)
        self._guarded_update = guarded(self.error)(self.update)
        self._guarded_load = guarded(self.error)(self._load_project)

        for control in (self.distribution, self.view):
            control.observe(self._on_change, names="value")
        self.project.observe(self._on_project, names="value")

        super().__init__(
            children=[
                widgets.HTML(STYLE),  # the page holds the title and the purpose
                self._plotly,
                widgets.HBox([self.project, self.distribution]),
                self.heading,
                widgets.HTML(
                    "<b>Top risks</b>: probability before any response; "
                    "funding a response halves the probability and adds its "
                    "cost to the plan."
                ),
                self._rows,
                self._table(),
                self.status,
                self.error,
                self.view,
                widgets.HBox([self.cdf_output, self.tornado_output]),
            ]
        )
        self.add_class("pmo-risk-explorer")
        self._load_project()

    # -- layout -------------------------------------------------------------------
    def _table(self) -> widgets.GridBox:
        f = self.figures
        cell = widgets.HTML
        cells = [
            cell(""), cell("<b>plan</b>"), cell("<b>P50</b>"), cell("<b>P80</b>"),
            cell("<b>reserve for P80</b>"),
            cell("<b>duration</b>"), f["plan_duration"], f["p50_duration"], f["p80_duration"],
            f["reserve_duration"],
            cell("<b>finish date</b>"), f["plan_date"], f["p50_date"], f["p80_date"], cell(""),
            cell("<b>cost</b>"), f["plan_cost"], f["p50_cost"], f["p80_cost"], f["reserve_cost"],
        ]  # fmt: skip
        return widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns="repeat(5, max-content)", grid_gap="4px 24px"
            ),
        )

    def _load_project(self) -> None:
        """Build the risk controls of the chosen project, then analyse it."""
        from ..planning import critical_path, project_duration
        from ..planning.calendar import WorkCalendar
        from ..risk import score_register

        pid = self.project.value
        self._one = self._portfolio.subset(pid)
        project = self._one.projects.iloc[0]
        self._calendar = WorkCalendar(project["planned_start"])
        open_risks = self._one.risks[self._one.risks["state"] == "open"]
        plan = project_duration(critical_path(self._one.tasks, self._one.dependencies))
        scored = score_register(open_risks, budget=float(project["bac"]), duration=plan)
        top = scored.head(self.top)
        self.heading.value = (
            f"<h3>{html.escape(str(pid))}: {html.escape(str(project['name']))}</h3>"
            f"{len(open_risks)} open risks; the {len(top)} highest scored can be changed here. "
            f"Day 0 is the planned start, {pd.Timestamp(project['planned_start']):%Y-%m-%d}."
        )
        self.probability, self.fund, self._effect = {}, {}, {}
        rows = []
        for r in top.itertuples(index=False):
            rid = str(r.risk_id)
            response = r.response if isinstance(r.response, str) else None
            slider = widgets.FloatSlider(
                value=float(r.probability),
                min=0.0,
                max=1.0,
                step=0.05,
                readout_format=".2f",
                continuous_update=False,
                description=rid,
                style={"description_width": "initial"},
            )
            fundable = response in FUNDABLE
            label = (
                f"fund: {response}, {self._money(r.response_cost)}"
                if fundable
                else f"no response to fund ({response or 'none planned'})"
            )
            box = widgets.Checkbox(
                value=False, description=label, disabled=not fundable, indent=False
            )
            effect = widgets.HTML()
            slider.observe(self._on_change, names="value")
            box.observe(self._on_change, names="value")
            self.probability[rid], self.fund[rid], self._effect[rid] = slider, box, effect
            title = widgets.HTML(
                f"{html.escape(str(r.title))} (on {r.task_id}; {self._money(r.cost_impact)}, "
                f"{r.schedule_impact_days:g} days if it occurs; {r.zone})"
            )
            rows.append(widgets.HBox([slider, box, effect, title]))
        self._rows.children = rows
        self.update()

    # -- behaviour ---------------------------------------------------------------
    def _money(self, x: float) -> str:
        return f"{self._currency} {fmt_money(x)}".strip()

    def _on_project(self, change) -> None:
        self._guarded_load()

    def _on_change(self, change) -> None:
        self._guarded_update()

    def scenario(self):
        """The one-project portfolio with the controls applied.

        The probabilities set on the sliders replace the register's, then
        each funded response is applied with
        :func:`~pmo_exercises.simulation.scenarios.fund_risk_response`.
        """
        from ..simulation.scenarios import fund_risk_response

        one = self._one
        risks = one.risks.copy()
        ids = risks["risk_id"].astype(str)
        for rid, slider in self.probability.items():
            risks.loc[ids == rid, "probability"] = float(slider.value)
        one = one.replace(risks=risks)
        for rid, box in self.fund.items():
            if box.value and not box.disabled:
                response = risks.loc[ids == rid, "response"].iloc[0]
                one = fund_risk_response(one, rid, response, probability_factor=PROBABILITY_FACTOR)
        return one

    def update(self) -> None:
        """Run the analysis on the current controls and redraw every output."""
        from .. import charts
        from ..risk import monte_carlo

        start = time.perf_counter()
        one = self.scenario()
        risks = one.risks[one.risks["state"] == "open"]
        result = monte_carlo(
            one.tasks,
            one.dependencies,
            risks,
            iterations=self.iterations,
            seed=self.seed,
            distribution=self.distribution.value,
        )
        self.result, self.risks = result, risks
        effective = risks.set_index("risk_id")["probability"]
        for rid, label in self._effect.items():
            p = float(effective[rid])
            label.value = f"&rarr; p = {p:.3g}" if self.fund[rid].value else ""

        # the charts go first and the figures last: once a figure shows its new
        # value on the page, every output has been sent
        what = self.view.value
        key = (self.project.value, what)
        sensitivity, by = result.sensitivity(), f"{what}_correlation"
        if self._drawn_for == key:  # the same charts, their lines and bars moved
            _moved(self.cdf_figure, result, what)
            _moved_tornado(self.tornado_figure, sensitivity, by, TORNADO_BARS)
        else:  # a new project or view: the charts are drawn afresh
            self.cdf_figure = _thinned(charts.mc_cdf(result, what), CDF_POINTS)
            self.tornado_figure = charts.tornado(sensitivity, by=by, top=TORNADO_BARS)
            self._drawn_for = key
        show_figure(self.cdf_output, self.cdf_figure, fast=True)
        show_figure(self.tornado_output, self.tornado_figure, fast=True)
        (p50_d, p50_c), (p80_d, p80_c) = result.percentile(50), result.percentile(80)
        reserve = result.contingency(0.8)
        to_date = self._calendar.finish_date
        f = self.figures
        f["plan_duration"].value = _days(result.planned_duration)
        f["p50_duration"].value = _days(p50_d)
        f["p80_duration"].value = _days(p80_d)
        f["reserve_duration"].value = _days(reserve["duration"])
        f["plan_date"].value = f"{to_date([0.0], [result.planned_duration])[0]:%Y-%m-%d}"
        f["p50_date"].value = f"{to_date([0.0], [p50_d])[0]:%Y-%m-%d}"
        f["p80_date"].value = f"{to_date([0.0], [p80_d])[0]:%Y-%m-%d}"
        f["plan_cost"].value = self._money(result.planned_cost)
        f["p50_cost"].value = self._money(p50_c)
        f["p80_cost"].value = self._money(p80_c)
        f["reserve_cost"].value = self._money(reserve["cost"])

        self.last_update_seconds = time.perf_counter() - start
        self.updates += 1
        self.status.value = (
            f"{result.iterations:,} iterations, seed {self.seed}, "
            f"{self.distribution.value}: {1000 * self.last_update_seconds:.0f} ms"
        )


def risk_explorer(
    portfolio=None,
    project_id: str | None = None,
    iterations: int = 10_000,
    seed: int = 0,
    top: int = 6,
    distribution: str = "triangular",
) -> RiskExplorer:
    """The risk explorer: Monte Carlo schedule and cost risk of one project, live.

    Parameters
    ----------
    portfolio : Portfolio, optional
        The teaching portfolio by default.
    project_id : str, optional
        The project shown first; by default the first with an open risk.
    iterations : int
        Monte Carlo iterations per update.
    seed : int
        The seed of every update (the same random numbers each time).
    top : int
        How many of the project's open risks get controls (highest
        register score first).
    distribution : {"triangular", "pert"}
        How durations are drawn at first.

    Returns
    -------
    RiskExplorer
        An ``ipywidgets.VBox`` whose attributes hold the controls and the
        outputs (see :class:`RiskExplorer`).

    Raises
    ------
    PortfolioError
        On an unknown project.
    ValueError
        On bad ``iterations``, ``top`` or ``distribution``.

    Examples
    --------
    >>> app = risk_explorer(project_id="P06", iterations=2_000)  # doctest: +SKIP
    >>> app.probability["R-P06-04"].value = 0.9  # doctest: +SKIP
    >>> app.figures["p80_date"].value  # doctest: +SKIP
    """
    from ..risk.monte_carlo import DISTRIBUTIONS

    if portfolio is None:
        from .. import load_portfolio

        portfolio = load_portfolio()
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValueError(f"iterations must be a whole number >= 1, not {iterations!r}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise ValueError(f"top must be a whole number >= 0, not {top!r}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be 'triangular' or 'pert', not {distribution!r}")
    if project_id is not None and project_id not in set(portfolio.projects["project_id"]):
        from ..core.errors import PortfolioError

        raise PortfolioError(
            "projects", f"no project {project_id!r} in this portfolio", column="project_id"
        )
    return RiskExplorer(portfolio, project_id, iterations, seed, top, distribution)
