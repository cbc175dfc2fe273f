"""The PMO game as a page: read the week's report, decide, advance, and see the debrief.

Every figure comes from the game engine (:mod:`pmo_exercises.game`): the
widget holds a :class:`~pmo_exercises.game.Game`, sends it the decisions set
in its controls, and lays out :meth:`~pmo_exercises.game.Game.report`,
:meth:`~pmo_exercises.game.Game.score` and
:meth:`~pmo_exercises.game.Game.debrief`. A game is saved and loaded as the
JSON text of :meth:`~pmo_exercises.game.Game.to_json` in a text box, and
"replay from week k" goes back to the opening of week k with the decisions
taken before it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ._common import (
    STYLE,
    card,
    figure_pane,
    fmt_money,
    fmt_number,
    guarded,
    html_table,
    notice,
    plotly_loader,
    show_figure,
)

__all__ = ["PmoGame", "pmo_game", "score_figure"]

#: The lines of the score chart: score key -> (legend, colour).
SCORE_LINES = {
    "total": ("total", "#212121"),
    "value": ("strategic value", "#3b6fb6"),
    "on_time": ("on time", "#2e7d32"),
    "on_budget": ("on budget", "#f2a900"),
    "trust": ("trust", "#8e44ad"),
}
#: Exceptions listed in the report (most severe first).
EXCEPTIONS_SHOWN = 12

_ACTION_LABELS = {
    "escalate": "escalate to the committee",
    "pause": "pause a project",
    "resume": "resume a project",
    "cancel": "cancel a project",
    "reprioritise": "change a priority",
    "fund_response": "fund a risk response",
    "move_people": "move people between pools",
    "hire": "hire contractors",
}


class PmoGame(widgets.VBox):
    """The PMO game widget (see :func:`pmo_game`).

    Attributes
    ----------
    game : pmo_exercises.game.Game
        The game being played (replaced by *Replay* and *Load*).
    week_label, score_panel : ipywidgets.HTML
        "Week k of n" with the status date; the score and its components.
    score_output : ipywidgets.Output
        The score as each week opened (:meth:`Game.score_history`), a plotly chart.
    dashboard, exceptions, events, event_log, decisions_taken, trust_changes : ipywidgets.HTML
        The week's report, the random events so far, this week's decisions,
        and the trust earned or lost in the last week played.
    action, target, priority, response, to_role, people : ipywidgets widgets
        The decision controls: what to decide, on which project, risk or
        role, and its arguments (shown only for the actions that take them).
    decide_button, undo_button, advance_button : ipywidgets.Button
    debrief_button, debrief : ipywidgets.Button, ipywidgets.HTML
        The debrief (shown by itself when the last week is played).
    saved, save_button, load_button : ipywidgets.Textarea, ipywidgets.Button
        The game as JSON text, and the buttons that write and read it.
    replay_week, replay_button : ipywidgets.BoundedIntText, ipywidgets.Button
    message, status : ipywidgets.HTML
        What was just done; why a decision or a file could not be accepted
        (a one-line error).
    """

    def __init__(self, game) -> None:
        self.game = game
        self.week_label = widgets.HTML()
        self.week_label.add_class("pmo-game-week")
        self.score_panel = widgets.HTML()
        self.score_panel.add_class("pmo-game-score")
        self._plotly = plotly_loader()  # the score chart then draws once, the first time too
        self.score_output = figure_pane(height="280px", fast=True)
        self.status = widgets.HTML()
        self.status.add_class("pmo-game-status")
        self.message = widgets.HTML()
        self.message.add_class("pmo-game-message")
        self.dashboard = widgets.HTML()
        self.exceptions = widgets.HTML()
        self.events = widgets.HTML()
        self.event_log = widgets.HTML()
        self.decisions_taken = widgets.HTML()
        self.decisions_taken.add_class("pmo-game-decisions")
        self.trust_changes = widgets.HTML()
        self.debrief = widgets.HTML()
        self.debrief.add_class("pmo-game-debrief")

        self.action = widgets.Dropdown(
            options=[(label, name) for name, label in _ACTION_LABELS.items()],
            value="escalate",
            description="Decision",
        )
        self.target = widgets.Dropdown(options=[], description="On", layout={"width": "520px"})
        self.priority = widgets.Dropdown(options=[1, 2, 3, 4, 5], value=1, description="Priority")
        self.response = widgets.Dropdown(
            options=["mitigate", "transfer", "avoid"], value="mitigate", description="Response"
        )
        self.to_role = widgets.Dropdown(options=[], description="To pool")
        self.people = widgets.BoundedIntText(value=1, min=1, max=5, description="People")
        self.decide_button = widgets.Button(description="Decide", button_style="primary")
        self.undo_button = widgets.Button(description="Undo last decision")
        self.advance_button = widgets.Button(description="Advance week", button_style="success")
        self.debrief_button = widgets.Button(description="Debrief")
        self.saved = widgets.Textarea(
            placeholder="Save writes the game here; paste a saved game and Load it.",
            layout={"width": "520px", "height": "90px"},
        )
        self.save_button = widgets.Button(description="Save")
        self.load_button = widgets.Button(description="Load")
        self.replay_week = widgets.BoundedIntText(value=0, min=0, max=0, description="From week")
        self.replay_button = widgets.Button(description="Replay")

        for button, method in (
            (self.decide_button, self.decide),
            (self.undo_button, self.undo),
            (self.advance_button, self.advance),
            (self.debrief_button, self.show_debrief),
            (self.save_button, self.save),
            (self.load_button, self.load),
            (self.replay_button, self.replay),
        ):
            button.on_click(self._clicked(method))
        self.action.observe(lambda _: self._fill_targets(), names="value")
        self.target.observe(lambda _: self._fill_pools(), names="value")

        self._arguments = widgets.HBox([self.priority, self.response, self.to_role, self.people])
        controls = card(
            "Your decisions this week",
            self.action,
            self.target,
            self._arguments,
            widgets.HBox([self.decide_button, self.undo_button, self.advance_button]),
            self.decisions_taken,
        )
        keep = card(
            "Save, load, replay",
            self.saved,
            widgets.HBox([self.save_button, self.load_button]),
            widgets.HBox([self.replay_week, self.replay_button]),
        )
        super().__init__(
            children=[
                # the page notebook gives the title and purpose, as every page does
                widgets.HTML(STYLE),
                self._plotly,
                widgets.HBox([self.week_label, self.score_panel]),
                self.status,
                self.message,
                controls,
                card("Score by week", self.score_output),
                card("Portfolio dashboard (policy RAG beside the reported one)", self.dashboard),
                card("Exceptions", self.exceptions),
                card("This week's events", self.events, self.trust_changes),
                card("Debrief", self.debrief_button, self.debrief),
                keep,
                card("Event log", self.event_log),
            ]
        )
        self.add_class("pmo-game")
        self.refresh()

    # -- actions -------------------------------------------------------------------
    def _clicked(self, method):
        """A button callback: clear the last message, run, and show a refusal in one line."""

        def run(_button) -> None:
            self.message.value = ""
            buttons = self._buttons()
            for b in buttons:  # no second click while a week is being played
                b.disabled = True
            try:
                method()
            finally:
                self._enable(buttons)

        return guarded(self.status)(run)

    def decide(self) -> dict:
        """Take the decision the controls describe; returns it as logged."""
        action = self.action.value
        target = self.target.value
        if target is None:
            raise ValueError(f"nothing to {action} this week")
        args: dict = {}
        if action in ("pause", "resume", "cancel", "escalate", "reprioritise"):
            args["project_id"] = target
        if action == "reprioritise":
            args["priority"] = int(self.priority.value)
        if action == "fund_response":
            args = {"risk_id": target, "response": self.response.value}
        if action == "hire":
            args = {"role_id": target, "people": int(self.people.value)}
        if action == "move_people":
            args = {
                "from_role": target,
                "to_role": self.to_role.value,
                "people": int(self.people.value),
            }
        record = self.game.decide(action, **args)
        self.refresh()
        self.message.value = notice(f"Decided: {self._label(record)}.", "ok")
        return record

    def undo(self) -> dict:
        """Withdraw the last decision of this week."""
        record = self.game.undo()
        self.refresh()
        self.message.value = notice(f"Withdrawn: {self._label(record)}.", "info")
        return record

    def advance(self) -> None:
        """Play the week; at the end of the game, show the debrief."""
        self.game.advance()
        self.refresh()
        if self.game.over:
            self.show_debrief()
        self.message.value = notice(f"Week {self.game.week} played.", "ok")

    def show_debrief(self) -> None:
        """Lay out :meth:`Game.debrief`: the summary, then one sentence per decision."""
        table = self.game.debrief()
        items = "".join(f"<li>{html.escape(s)}</li>" for s in table["sentence"])
        self.debrief.value = (
            f"<p class='pmo-debrief-summary'>{html.escape(table.attrs['summary'])}</p>"
            + (f"<ol>{items}</ol>" if items else "")
        )

    def save(self) -> str:
        """Write the game as JSON into the text box; returns the text."""
        self.saved.value = self.game.to_json()
        self.message.value = notice(
            f"Saved at week {self.game.week}: copy the text to keep it.", "ok"
        )
        return self.saved.value

    def load(self) -> None:
        """Replace the game by the one saved in the text box (replayed to its week)."""
        from ..game import from_json

        portfolio = self.game.start if self.game.variant is None else None
        self.game = from_json(self.saved.value, portfolio=portfolio)
        self.debrief.value = ""
        self.refresh()
        self.message.value = notice(f"Loaded: week {self.game.week}.", "ok")

    def replay(self) -> None:
        """Go back to the opening of the week in *From week*, with the decisions before it."""
        self.game = self.game.replay(until_week=int(self.replay_week.value))
        self.debrief.value = ""
        self.refresh()
        self.message.value = notice(f"Back to week {self.game.week}: choose again.", "info")

    # -- layout ---------------------------------------------------------------------
    @staticmethod
    def _label(record: dict) -> str:
        from ..game.decisions import decision_label

        return decision_label(record)

    def _fill_targets(self) -> None:
        g, action = self.game, self.action.value
        opts = g.options()
        rows = opts[opts["action"] == action]
        self.target.options = [
            (f"{t}: {d}"[:90], t) for t, d in zip(rows["target"], rows["description"], strict=True)
        ]
        self.target.value = rows["target"].iat[0] if len(rows) else None
        self._fill_pools()
        for w, shown in (
            (self.priority, action == "reprioritise"),
            (self.response, action == "fund_response"),
            (self.to_role, action == "move_people"),
            (self.people, action in ("hire", "move_people")),
        ):
            w.layout.display = None if shown else "none"

    def _fill_pools(self) -> None:
        """The pools people can move to: every pool but the one they leave, one chosen.

        ipywidgets 8 leaves a dropdown blank when its options change: the
        choice is made here, the last one kept while it is still valid.
        """
        leaving = self.target.value if self.action.value == "move_people" else None
        pools = [r for r in self.game.portfolio.roles["role_id"] if r != leaving]
        kept = self.to_role.value
        self.to_role.options = pools
        self.to_role.value = kept if kept in pools else (pools[0] if pools else None)

    def refresh(self) -> None:
        """Redraw everything from the game."""
        g = self.game
        report = g.report()
        s = report.score
        self.week_label.value = (
            f"<h3 style='margin:0.2em 1em 0.2em 0'>Week <span class='pmo-game-week-number'>"
            f"{g.week}</span> of {g.weeks}{' (game over)' if g.over else ''}</h3>"
            f"<div>status date {report.status_date:%Y-%m-%d}</div>"
        )
        parts = " · ".join(
            f"{name} <b class='pmo-score-{key}'>{s[key]:.1f}</b>"
            for key, name in (
                ("value", "strategic value"),
                ("on_time", "on time"),
                ("on_budget", "on budget"),
                ("trust", "trust"),
            )
        )
        self.score_panel.value = (
            f"<div style='font-size:1.2em'>Score <b class='pmo-score-total'>{s['total']:.1f}</b>"
            f" / 100</div><div>{parts}</div>"
        )
        show_figure(self.score_output, score_figure(g.score_history()), fast=True)
        currency = g.portfolio.meta.get("currency", "")
        self.dashboard.value = html_table(
            report.dashboard,
            {
                "project_id": "project",
                "name": "name",
                "state": "state",
                "overall_rag": "policy RAG",
                "reported_rag": "reported",
                "spi": "SPI",
                "cpi": "CPI",
                "bac": f"BAC {currency}".strip(),
                "eac": f"EAC {currency}".strip(),
                "top_risks": "top risks",
                "trend": "trend",
            },
            rag_columns=("overall_rag", "reported_rag"),
            formats={"spi": fmt_number, "cpi": fmt_number, "bac": fmt_money, "eac": fmt_money},
            row_class=lambda row: "pmo-flag" if row["watermelon"] else "",
        )
        exc = report.exceptions.head(EXCEPTIONS_SHOWN)
        self.exceptions.value = html_table(
            exc,
            {
                "project_id": "project",
                "kind": "kind",
                "severity": "severity",
                "evidence": "evidence",
            },
        ) + (
            f"<p>… and {len(report.exceptions) - EXCEPTIONS_SHOWN} more.</p>"
            if len(report.exceptions) > EXCEPTIONS_SHOWN
            else ""
        )
        self.events.value = (
            "<p>The game has not started: decide, then advance the week.</p>"
            if g.week == 0
            else html_table(
                report.events, {"kind": "kind", "subject": "on", "description": "what happened"}
            )
        )
        log = g.trust_log()
        last = log[log["week"] == g.week - 1] if g.week else log.iloc[:0]
        self.trust_changes.value = (
            ""
            if last.empty
            else "<b>Trust after last week's decisions</b>"
            + html_table(last, {"project_id": "project", "change": "trust", "reason": "why"})
        )
        self.event_log.value = html_table(
            g.event_log(), {"week": "week", "kind": "kind", "description": "what happened"}
        )
        taken = report.decisions
        self.decisions_taken.value = (
            "<p>No decision yet this week.</p>"
            if taken.empty
            else "<b>Taken this week:</b> " + html.escape("; ".join(taken["label"]))
        )
        self.replay_week.max = g.week
        self.replay_week.value = min(self.replay_week.value, g.week)
        self._enable(self._buttons())
        self._fill_targets()

    def _buttons(self) -> list:
        return [
            self.decide_button,
            self.undo_button,
            self.advance_button,
            self.debrief_button,
            self.save_button,
            self.load_button,
            self.replay_button,
        ]

    def _enable(self, buttons) -> None:
        """Every button usable, but those that play a week once the game is over."""
        playing = (self.decide_button, self.undo_button, self.advance_button)
        for b in buttons:
            b.disabled = self.game.over and b in playing


def score_figure(history) -> dict:
    """The score history as a plotly figure dict: one line per component and the total.

    Parameters
    ----------
    history : pandas.DataFrame
        :meth:`pmo_exercises.game.Game.score_history`.
    """
    weeks = [int(w) for w in history["week"]]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": weeks,
            "y": [float(v) for v in history[key]],
            "line": {"color": colour, "width": 3 if key == "total" else 1.5},
            "hovertemplate": f"week %{{x}}: {name} %{{y:.1f}}<extra></extra>",
        }
        for key, (name, colour) in SCORE_LINES.items()
    ]
    layout = {
        "title": {"text": "Score as each week opened"},
        "height": 280,
        "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
        "xaxis": {"title": {"text": "week"}, "dtick": 1},
        "yaxis": {"title": {"text": "points"}, "range": [0, 100]},
        "legend": {"orientation": "h"},
    }
    return {"data": data, "layout": layout}


def pmo_game(game=None, *, seed: int = 0, weeks: int = 12, portfolio=None) -> PmoGame:
    """The PMO game: a weekly report, decisions, an *Advance week* button, the debrief.

    Parameters
    ----------
    game : pmo_exercises.game.Game, optional
        A game to continue; otherwise a new one with ``seed``, ``weeks`` and
        ``portfolio`` (see :func:`pmo_exercises.game.new_game`).
    seed : int
    weeks : int
    portfolio : None, str or Portfolio
        The teaching portfolio by default, or a trainee's variant id.

    Returns
    -------
    PmoGame
        An ``ipywidgets.VBox`` whose attributes hold the controls and the
        outputs (see :class:`PmoGame`).

    Raises
    ------
    pmo_exercises.game.GameError
        On a bad seed, length or portfolio.
    """
    from ..game import Game, new_game

    if game is None:
        game = new_game(portfolio, seed=seed, weeks=weeks)
    elif not isinstance(game, Game):
        raise ValueError(f"game must be a pmo_exercises.game.Game, not {type(game).__name__}")
    return PmoGame(game)
