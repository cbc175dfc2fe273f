"""The what-if explorer's interventions: each one's controls, choices and decision.

An intervention (:class:`Intervention`) owns the controls of its parameters,
refills their choices when the explorer's project changes
(:meth:`~Intervention.fill`) and takes the decision on a portfolio with
:mod:`pmo_exercises.simulation.scenarios` (:meth:`~Intervention.decide`). The
explorer (:mod:`.what_if_app`) shows the panel of the one chosen and runs the
portfolio forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import ipywidgets as widgets

from ._format import fmt_money, fmt_number

__all__ = [
    "INTERVENTIONS",
    "LABEL",
    "AddCapacity",
    "CrashTask",
    "CutScope",
    "FundRiskResponse",
    "Intervention",
    "PauseProject",
    "Setting",
    "dropdown",
    "interventions",
    "share",
]

#: The style of every control's label: as wide as its text.
LABEL = {"description_width": "initial"}
_RESPONSES = ("mitigate", "avoid", "transfer", "accept")


def dropdown(description: str, **kw: Any) -> widgets.Dropdown:
    """A dropdown of the explorer's width."""
    return widgets.Dropdown(
        description=description, style=LABEL, layout=widgets.Layout(width="460px"), **kw
    )


def share(description: str, value: float, **kw: Any) -> widgets.FloatSlider:
    """A slider from 0 to 1 in steps of 0.05."""
    return widgets.FloatSlider(
        value=value,
        min=0.0,
        max=1.0,
        step=0.05,
        description=description,
        continuous_update=False,
        style=LABEL,
        **kw,
    )


def _keep_a_choice(choice: widgets.Dropdown) -> None:
    """Leave `choice` on one of its options: its value if still offered, else the first."""
    values = [value for _, value in choice.options]
    if choice.value not in values:
        choice.value = values[0] if values else None


@dataclass(frozen=True)
class Setting:
    """What every intervention reads: the portfolio and its names, and the schedule now.

    Attributes
    ----------
    portfolio : Portfolio
        The portfolio at its status date, decided on.
    names : dict of str to str
        Project id -> project name.
    roles : dict of str to str
        Role id -> role name.
    now : pandas.DataFrame
        ``planning.portfolio_schedule(portfolio, basis="actual")``, indexed by task id.
    """

    portfolio: Any
    names: dict[str, str]
    roles: dict[str, str]
    now: Any


class Intervention:
    """One kind of decision the explorer offers.

    Parameters
    ----------
    setting : Setting
        The portfolio decided on.

    Attributes
    ----------
    name : str
        The name in the explorer's menu.
    controls : list of ipywidgets.Widget
        The controls of its parameters, in panel order.
    """

    name: ClassVar[str]

    def __init__(self, setting: Setting) -> None:
        self.setting = setting
        self.controls: list[widgets.Widget] = []

    def panel(self) -> widgets.VBox:
        """The controls, stacked: what the explorer shows for this intervention."""
        return widgets.VBox(self.controls)

    def fill(self, project: str) -> None:
        """Offer the choices that fit `project`; the explorer keeps their events quiet."""

    def decide(self, project: str):
        """The portfolio with this decision taken on `project`, and the decision in words.

        Returns
        -------
        tuple
            ``(portfolio, text)``; ``portfolio`` is None when there is nothing
            to decide, and ``text`` says why.
        """
        raise NotImplementedError


class AddCapacity(Intervention):
    """Add people to one of the shared pools that the project draws on."""

    name = "add capacity"

    def __init__(self, setting: Setting) -> None:
        super().__init__(setting)
        self.role = dropdown("Role")
        self.people = widgets.IntSlider(
            value=1, min=1, max=5, description="People added", continuous_update=False, style=LABEL
        )
        self.controls = [self.role, self.people]

    def fill(self, project: str) -> None:
        tasks = self.setting.portfolio.tasks
        roles = tasks.loc[tasks["project_id"] == project, "role_id"].astype(str).unique()
        self.role.options = [(f"{r} {self.setting.roles.get(r, r)}", r) for r in sorted(roles)]
        _keep_a_choice(self.role)

    def decide(self, project: str):
        from ..simulation import scenarios

        role = self.role.value
        if role is None:
            return None, f"{project} uses no shared pool."
        n = int(self.people.value)
        name = self.setting.roles[role].lower()
        text = f"Add {n} {name}{'s' if n > 1 else ''} to the {role} pool."
        return scenarios.add_capacity(self.setting.portfolio, role, n), text


class CrashTask(Intervention):
    """Shorten an unfinished task by some working days, for a price."""

    name = "crash a task"

    def __init__(self, setting: Setting) -> None:
        super().__init__(setting)
        self.task = dropdown("Task")
        self.days = widgets.IntSlider(
            value=2, min=1, max=20, description="Days saved", continuous_update=False, style=LABEL
        )
        self.extra_cost = widgets.BoundedFloatText(
            value=10_000, min=0, max=10_000_000, step=1_000, description="Extra cost", style=LABEL
        )
        self.controls = [self.task, self.days, self.extra_cost]

    def fill(self, project: str) -> None:
        now = self.setting.now[self.setting.now["project_id"] == project]
        durations = self.setting.portfolio.tasks.set_index("task_id")["duration_days"]
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
        _keep_a_choice(self.task)
        self.fit_days()

    def fit_days(self) -> None:
        """Let the crash take at most the task's duration less one day."""
        if self.task.value is None:
            return
        tasks = self.setting.portfolio.tasks
        duration = float(tasks.set_index("task_id").at[self.task.value, "duration_days"])
        self.days.max = max(1, min(30, int(duration) - 1))

    def decide(self, project: str):
        from ..simulation import scenarios

        task = self.task.value
        if task is None:
            return None, f"{project} has no unfinished task longer than a day to crash."
        days, cost = int(self.days.value), float(self.extra_cost.value)
        text = f"Crash {task} by {days} working days for {fmt_money(cost)} more."
        return scenarios.crash_task(self.setting.portfolio, task, days, cost), text


class CutScope(Intervention):
    """Drop tasks not started yet, losing a share of the project's business value."""

    name = "cut scope"

    def __init__(self, setting: Setting) -> None:
        super().__init__(setting)
        self.cut_tasks = widgets.SelectMultiple(
            description="Tasks cut", rows=6, style=LABEL, layout=widgets.Layout(width="460px")
        )
        self.value_lost = share("Business value lost", 0.0, readout_format=".0%")
        self.controls = [self.cut_tasks, self.value_lost]

    def fill(self, project: str) -> None:
        now = self.setting.now[self.setting.now["project_id"] == project]
        durations = self.setting.portfolio.tasks.set_index("task_id")["duration_days"]
        not_started = now[(now["status"] == "not started") & (now.index.map(durations) > 0)]
        self.cut_tasks.options = [(f"{t} {row['name']}", t) for t, row in not_started.iterrows()]
        self.cut_tasks.value = ()

    def decide(self, project: str):
        from ..simulation import scenarios

        cut = list(self.cut_tasks.value)
        if not cut:
            return None, "Choose the tasks to cut (tasks not started yet)."
        lost = float(self.value_lost.value)
        text = f"Cut {', '.join(cut)}, losing {lost:.0%} of {project}'s business value."
        return scenarios.cut_scope(self.setting.portfolio, cut, value_lost=lost), text


class FundRiskResponse(Intervention):
    """Pay for a response to one of the project's open risks."""

    name = "fund a risk response"

    def __init__(self, setting: Setting) -> None:
        super().__init__(setting)
        self.risk = dropdown("Risk")
        self.response = dropdown("Response", options=list(_RESPONSES))
        self.probability_factor = share("Probability x", 0.5)
        self.impact_factor = share("Impact x", 1.0)
        self.controls = [self.risk, self.response, self.probability_factor, self.impact_factor]

    def fill(self, project: str) -> None:
        risks = self.setting.portfolio.risks
        risks = risks[(risks["project_id"] == project) & (risks["state"] == "open")]
        self.risk.options = [
            (f"{r} {title}", r) for r, title in zip(risks["risk_id"], risks["title"], strict=True)
        ]
        _keep_a_choice(self.risk)

    def decide(self, project: str):
        from ..simulation import scenarios

        risk = self.risk.value
        if risk is None:
            return None, f"{project} has no open risk to respond to."
        text = (
            f"Fund the '{self.response.value}' response to {risk}: probability x "
            f"{self.probability_factor.value:.2f}, impact x {self.impact_factor.value:.2f}."
        )
        return (
            scenarios.fund_risk_response(
                self.setting.portfolio,
                risk,
                self.response.value,
                probability_factor=float(self.probability_factor.value),
                impact_factor=float(self.impact_factor.value),
            ),
            text,
        )


class PauseProject(Intervention):
    """Pause another active project, freeing the people it holds."""

    name = "pause another project"

    def __init__(self, setting: Setting) -> None:
        super().__init__(setting)
        self.other = dropdown("Project paused")
        self.controls = [self.other]

    def fill(self, project: str) -> None:
        projects = self.setting.portfolio.projects
        active = projects.loc[projects["state"] == "active", "project_id"].astype(str)
        names = self.setting.names
        self.other.options = [(f"{i} {names[i]}", i) for i in active if i != project]
        _keep_a_choice(self.other)

    def decide(self, project: str):
        from ..simulation import scenarios

        other = self.other.value
        if other is None:
            return None, "There is no other active project to pause."
        text = f"Pause {other} {self.setting.names[other]}."
        return scenarios.pause_project(self.setting.portfolio, other), text


_KINDS: tuple[type[Intervention], ...] = (
    AddCapacity,
    CrashTask,
    CutScope,
    FundRiskResponse,
    PauseProject,
)

#: The interventions the explorer offers, in menu order.
INTERVENTIONS = tuple(kind.name for kind in _KINDS)


def interventions(setting: Setting) -> dict[str, Intervention]:
    """One of each intervention on `setting`, by name, in menu order."""
    return {kind.name: kind(setting) for kind in _KINDS}
