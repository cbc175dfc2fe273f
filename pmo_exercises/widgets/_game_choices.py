"""The decision controls of the PMO game: what to decide, on what, and its arguments.

:class:`DecisionControls` lays out the choices :meth:`Game.options
<pmo_exercises.game.Game.options>` lists. Two rules keep it usable:

* every option reads in full in its dropdown, on a laptop (1400 px) and on a
  phone (390 px): an option is a short name (an id and a name), a dropdown is
  as wide as its longest option and goes under its label when the line is too
  short; the full description of the chosen option is written below, wrapped.
  A risk is chosen in two steps, its project then the risk by its number in
  the project and its title (126 risks with their ids and titles would fit
  neither a phone's width nor a reader's patience);
* every control starts on a choice the game accepts: the pools people can
  move to leave out the pool they leave, the priorities leave out the one the
  project has, no more people move than the pool can spare. When there is
  nothing to choose (no paused project to resume), *Decide* says so in PMO
  words (:data:`NOTHING_TO`).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..game.decisions import MAX_PEOPLE, RESPONSE_EFFECTS, GameError

__all__ = ["ACTION_LABELS", "CHOICE_STYLE", "NOTHING_TO", "DecisionControls", "target_labels"]

#: Each action as the page names it.
ACTION_LABELS = {
    "escalate": "escalate to the committee",
    "pause": "pause a project",
    "resume": "resume a project",
    "cancel": "cancel a project",
    "reprioritise": "change a priority",
    "fund_response": "fund a risk response",
    "move_people": "move people between pools",
    "hire": "hire contractors",
}

#: Why *Decide* has nothing to act on, by action (the game lists no target for it now).
NOTHING_TO = {
    "escalate": "every live project is escalated already this week: escalate again next week",
    "pause": "no project is active: there is nothing to pause",
    "resume": "no project is paused: there is nothing to resume",
    "cancel": "no project is active or paused: there is nothing to cancel",
    "reprioritise": "no project is active or paused: there is no priority to change",
    "fund_response": "no open risk on a live project: there is no response to fund",
    "move_people": "no pool has people to spare (a pool keeps one): nobody can move",
    "hire": "the portfolio has no pool to hire into",
}

#: The dropdowns sized to their longest option, under their label when the line is short.
CHOICE_STYLE = """<style>
.pmo-game-choice.widget-inline-hbox {flex-wrap: wrap; height: auto; max-width: 100%;}
.pmo-game-choice.widget-dropdown > select {flex: 0 1 auto; width: auto; min-width: 10em;
  max-width: 100%; height: var(--jp-widgets-inline-height, 28px);}
.pmo-game-row {flex-wrap: wrap;}
.pmo-game-note .widget-html-content {white-space: normal; line-height: 1.35; color: #444;}
</style>"""

_PRIORITY_NAMES = {1: "1 (highest)", 5: "5 (lowest)"}


def target_labels(portfolio, action: str, targets) -> list[str]:
    """The short name of each target of `action`: its id and its name (a pool's headcount).

    A risk is named by its number in its project (``04`` for ``R-P06-04``,
    its whole id when it is not named so) and its title.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio now (the game's, this week's decisions applied).
    action : str
        One of :data:`ACTION_LABELS`.
    targets : iterable of str
        The ``target`` column of :meth:`Game.options` for `action`.
    """
    if action == "fund_response":
        risks = portfolio.risks
        names = dict(zip(risks["risk_id"], risks["title"], strict=True))
        project = dict(zip(risks["risk_id"], risks["project_id"], strict=True))
        return [
            f"{t.removeprefix(f'R-{project.get(t)}-')} {names.get(t, '')}".strip() for t in targets
        ]
    elif action in ("hire", "move_people"):
        roles = portfolio.roles
        names = {
            r: f"{name} ({int(n)} now)"
            for r, name, n in zip(roles["role_id"], roles["name"], roles["headcount"], strict=True)
        }
    else:
        projects = portfolio.projects
        names = dict(zip(projects["project_id"], projects["name"], strict=True))
    return [f"{t} {names.get(t, '')}".strip() for t in targets]


class DecisionControls(widgets.VBox):
    """The controls of one decision, filled from a game by :meth:`show`.

    Attributes
    ----------
    action, target, priority, response, to_role : ipywidgets.Dropdown
        What to decide; on which project, risk or pool; its arguments (shown
        only for the actions that take them).
    project : ipywidgets.Dropdown
        The project whose risks *target* lists, for a risk response (choose
        it before the risk).
    people : ipywidgets.BoundedIntText
    note : ipywidgets.HTML
        The full description of the chosen option.
    """

    def __init__(self) -> None:
        self._game = None
        self._descriptions: dict[str, str] = {}
        self.action = widgets.Dropdown(
            options=[(label, name) for name, label in ACTION_LABELS.items()],
            value="escalate",
            description="Decision",
        )
        self.project = widgets.Dropdown(options=[], description="Project")
        self.target = widgets.Dropdown(options=[], description="On")
        self.priority = widgets.Dropdown(
            options=[(_PRIORITY_NAMES.get(k, str(k)), k) for k in range(1, 6)],
            value=1,
            description="Priority",
        )
        self.response = widgets.Dropdown(
            options=list(RESPONSE_EFFECTS), value="mitigate", description="Response"
        )
        self.to_role = widgets.Dropdown(options=[], description="To pool")
        self.people = widgets.BoundedIntText(value=1, min=1, max=MAX_PEOPLE, description="People")
        self.note = widgets.HTML()
        self.note.add_class("pmo-game-note")
        dropdowns = (self.action, self.project, self.target, self.priority, self.response)
        for dropdown in (*dropdowns, self.to_role):
            dropdown.add_class("pmo-game-choice")
            dropdown.layout.width = "100%"
        self._filling = False
        self.action.observe(lambda _: self._fill_targets(), names="value")
        self.project.observe(lambda _: self._fill_targets(), names="value")
        self.target.observe(lambda _: self._fill_arguments(), names="value")
        super().__init__(
            [
                widgets.HTML(CHOICE_STYLE),
                self.action,
                self.project,
                self.target,
                self.note,
                self.priority,
                self.response,
                self.to_role,
                self.people,
            ]
        )

    def show(self, game) -> None:
        """Fill the controls with the decisions open in `game` now."""
        self._game = game
        self._fill_targets()

    def decision(self) -> tuple[str, dict[str, Any]]:
        """The decision the controls describe: its action and its arguments.

        Raises
        ------
        GameError
            When the game lists nothing to take this action on (see :data:`NOTHING_TO`).
        """
        action, target = self.action.value, self.target.value
        if target is None:
            raise GameError(NOTHING_TO.get(action, f"nothing to {action} this week"))
        if action == "fund_response":
            return action, {"risk_id": target, "response": self.response.value}
        if action == "hire":
            return action, {"role_id": target, "people": int(self.people.value)}
        if action == "move_people":
            args = {"from_role": target, "to_role": self.to_role.value}
            return action, args | {"people": int(self.people.value)}
        if action == "reprioritise":
            return action, {"project_id": target, "priority": int(self.priority.value)}
        return action, {"project_id": target}

    # -- filling ---------------------------------------------------------------------
    def _fill_targets(self) -> None:
        if self._game is None or self._filling:
            return
        self._filling = True  # the project's dropdown is filled here, and calls back
        try:
            self._fill_targets_now()
        finally:
            self._filling = False

    def _fill_targets_now(self) -> None:
        game, action = self._game, self.action.value
        opts = game.options()
        rows = opts[opts["action"] == action]
        targets = list(rows["target"])
        self._descriptions = dict(zip(targets, rows["description"], strict=True))
        if action == "fund_response":
            targets = self._risks_of_project(targets)
        kept = self.target.value
        labels = target_labels(game.portfolio, action, targets)
        self.target.options = list(zip(labels, targets, strict=True))
        # ipywidgets 8 may leave a dropdown blank when its options change: choose here
        self.target.value = kept if kept in targets else (targets[0] if targets else None)
        self._fill_arguments()
        for w, shown in (
            (self.project, action == "fund_response"),
            (self.priority, action == "reprioritise"),
            (self.response, action == "fund_response"),
            (self.to_role, action == "move_people"),
            (self.people, action in ("hire", "move_people")),
        ):
            w.layout.display = None if shown else "none"

    def _risks_of_project(self, risks: list[str]) -> list[str]:
        """Fill *Project* with the projects of `risks` (kept order); the risks of the one chosen."""
        p = self._game.portfolio
        owner = dict(zip(p.risks["risk_id"], p.risks["project_id"], strict=True))
        names = dict(zip(p.projects["project_id"], p.projects["name"], strict=True))
        projects = list(dict.fromkeys(owner[r] for r in risks))  # the largest exposure first
        kept = self.project.value
        self.project.options = [(f"{pid} {names.get(pid, '')}".strip(), pid) for pid in projects]
        self.project.value = kept if kept in projects else (projects[0] if projects else None)
        return [r for r in risks if owner[r] == self.project.value]

    def _fill_arguments(self) -> None:
        """The arguments follow the target: each starts on a value the game accepts."""
        game, action, target = self._game, self.action.value, self.target.value
        if game is None:
            return
        description = self._descriptions.get(target, "")
        if action == "fund_response" and description:
            description = f"{target}, {description}"
        self.note.value = f"<div>{html.escape(description)}</div>" if description else ""
        self._fill_pools()
        if action == "reprioritise" and target is not None:
            projects = game.portfolio.projects.set_index("project_id")
            now = int(projects.at[target, "priority"])
            choices = [k for k in range(1, 6) if k != now]  # a change of priority changes it
            kept = self.priority.value
            self.priority.options = [(_PRIORITY_NAMES.get(k, str(k)), k) for k in choices]
            self.priority.value = kept if kept in choices else (now - 1 if now > 1 else 2)
        if action == "move_people" and target is not None:
            roles = game.portfolio.roles.set_index("role_id")
            spare = int(roles.at[target, "headcount"]) - 1  # a pool keeps one
            if self.people.value > spare:
                self.people.value = max(1, min(spare, MAX_PEOPLE))

    def _fill_pools(self) -> None:
        """The pools people can move to: every pool but the one they leave, one chosen.

        ipywidgets 8 leaves a dropdown blank when its options change: the
        choice is made here, the last one kept while it is still valid.
        """
        game = self._game
        leaving = self.target.value if self.action.value == "move_people" else None
        roles = game.portfolio.roles
        pools = [
            (f"{r} {name}", r)
            for r, name in zip(roles["role_id"], roles["name"], strict=True)
            if r != leaving
        ]
        values = [r for _, r in pools]
        kept = self.to_role.value
        self.to_role.options = pools
        self.to_role.value = kept if kept in values else (values[0] if values else None)
