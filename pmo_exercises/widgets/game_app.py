"""The PMO game as a page: read the week's report, decide, advance, and see the debrief.

Every figure comes from the game engine (:mod:`pmo_exercises.game`): the
widget holds a :class:`~pmo_exercises.game.Game`, sends it the decisions set
in its controls, and lays out :meth:`~pmo_exercises.game.Game.report`,
:meth:`~pmo_exercises.game.Game.score` and
:meth:`~pmo_exercises.game.Game.debrief`. A game is saved and loaded as the
JSON text of :meth:`~pmo_exercises.game.Game.to_json` in a text box, and
"replay from week k" goes back to the opening of week k with the decisions
taken before it.

The page also keeps the game in the visitor's browser after every change
(:mod:`._browser_store`), and offers it back when the page is opened again
(:mod:`._game_session`); when the last week is played, the debrief is
brought into view with the keyboard focus on its heading. The decision
controls are :class:`._game_choices.DecisionControls`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ._browser_store import BrowserStore
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
from ._game_choices import DecisionControls
from ._game_session import DEBRIEF_HEADING_CLASS, ResumeOffer, debrief_heading, store_key

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
    choices : DecisionControls
        The decision controls; ``action``, ``target``, ``priority``,
        ``response``, ``to_role`` and ``people`` are its controls: what to
        decide, on which project, risk or role, and its arguments (shown only
        for the actions that take them).
    decide_button, undo_button, advance_button : ipywidgets.Button
    debrief_button, debrief : ipywidgets.Button, ipywidgets.HTML
        The debrief (shown by itself when the last week is played).
    saved, save_button, load_button : ipywidgets.Textarea, ipywidgets.Button
        The game as JSON text, and the buttons that write and read it.
    replay_week, replay_button : ipywidgets.BoundedIntText, ipywidgets.Button
    store, offer : BrowserStore, ResumeOffer
        The game kept in the browser after every change, and the offer to
        resume it when the page is opened again.
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

        self.choices = DecisionControls()
        c = self.choices
        self.action, self.target, self.priority = c.action, c.target, c.priority
        self.response, self.to_role, self.people = c.response, c.to_role, c.people
        self.decide_button = widgets.Button(description="Decide", button_style="primary")
        self.undo_button = widgets.Button(description="Undo last decision")
        self.advance_button = widgets.Button(description="Advance week", button_style="success")
        self.debrief_button = widgets.Button(description="Debrief")
        self.saved = widgets.Textarea(
            placeholder="Save writes the game here; paste a saved game and Load it.",
            layout={"width": "520px", "max_width": "100%", "height": "90px"},
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
        self.store = BrowserStore(store_key(game))
        self.store.on_report(self._heard)
        self.offer = ResumeOffer()
        self.offer.resume_button.on_click(self._clicked(self.resume))
        self.offer.afresh_button.on_click(self._clicked(self.start_afresh))

        controls = card(
            "Your decisions this week",
            self.choices,
            _row(self.decide_button, self.undo_button, self.advance_button),
            self.decisions_taken,
        )
        keep = card(
            "Save, load, replay",
            self.saved,
            _row(self.save_button, self.load_button),
            _row(self.replay_week, self.replay_button),
        )
        debrief_card = card("Debrief", self.debrief_button, self.debrief)
        debrief_card.children[0].close()  # in its place, a heading the focus can go to
        debrief_card.children = (debrief_heading(), *debrief_card.children[1:])
        debrief_card.add_class(f"{self.store.name}-debrief")
        super().__init__(
            children=[
                # the page notebook gives the title and purpose, as every page does
                widgets.HTML(STYLE),
                self._plotly,
                self.store,
                _row(self.week_label, self.score_panel),
                self.status,
                self.message,
                self.offer,
                controls,
                card("Score by week", self.score_output),
                card("Portfolio dashboard (policy RAG beside the reported one)", self.dashboard),
                card("Exceptions", self.exceptions),
                card("This week's events", self.events, self.trust_changes),
                debrief_card,
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
        action, args = self.choices.decision()
        record = self.game.decide(action, **args)
        self.refresh()
        self._remember()
        self.message.value = notice(f"Decided: {self._label(record)}.", "ok")
        return record

    def undo(self) -> dict:
        """Withdraw the last decision of this week."""
        record = self.game.undo()
        self.refresh()
        self._remember()
        self.message.value = notice(f"Withdrawn: {self._label(record)}.", "info")
        return record

    def advance(self) -> None:
        """Play the week; at the end of the game, show the debrief."""
        self.game.advance()
        self.refresh()
        self._remember()
        if self.game.over:
            self.show_debrief()
            box = f".{self.store.name}-debrief"
            self.store.bring_into_view(
                box, focus=f"{box} .{DEBRIEF_HEADING_CLASS}", ready=f"{box} .pmo-debrief-summary"
            )
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
        self._remember()
        self.message.value = notice(f"Loaded: week {self.game.week}.", "ok")

    def replay(self) -> None:
        """Go back to the opening of the week in *From week*, with the decisions before it."""
        self.game = self.game.replay(until_week=int(self.replay_week.value))
        self.debrief.value = ""
        self.refresh()
        self._remember()
        self.message.value = notice(f"Back to week {self.game.week}: choose again.", "info")

    def resume(self) -> None:
        """Take the game the browser kept (see :class:`ResumeOffer`), as it was left."""
        if self.offer.candidate is None:
            raise ValueError("no saved game to resume: the offer was already answered")
        self.game = self.offer.candidate
        self.offer.close()
        self.debrief.value = ""
        self.refresh()
        if self.game.over:
            self.show_debrief()
        self.message.value = notice(f"Resumed at week {self.game.week}.", "ok")

    def start_afresh(self) -> None:
        """Forget the game the browser kept and start again from week 0."""
        self.game = self.game.replay(until_week=0)
        self.offer.close()
        self.store.remove()
        self.debrief.value = ""
        self.refresh()
        self.message.value = notice("A fresh game: week 0, no decision taken.", "info")

    def _heard(self, report) -> None:
        """What the browser said it keeps: an offer to resume, or why not (never a crash)."""
        refused = self.offer.consider(report, self.game)
        if refused is not None:
            self.saved.value = refused  # nothing is lost: the learner can copy it
        self._enable(self._buttons())

    def _remember(self) -> None:
        """Keep the game in the browser (a refusal shown so far is now out of date)."""
        self.store.write(self.game.to_json())
        if self.offer.shown and not self.offer.pending:
            self.offer.close()

    # -- layout ---------------------------------------------------------------------
    @staticmethod
    def _label(record: dict) -> str:
        from ..game.decisions import decision_label

        return decision_label(record)

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
        self.choices.show(g)

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
        """Every button usable, but those that play once the game is over.

        While the browser's game is offered, nothing changes the game until
        the learner answers (Resume or Start afresh): nothing is lost by a click.
        """
        playing = (self.decide_button, self.undo_button, self.advance_button)
        changing = (self.load_button, self.replay_button)
        pending = self.offer.pending
        for b in buttons:
            b.disabled = (self.game.over and b in playing) or (
                pending and (b in playing or b in changing)
            )


def _row(*children) -> widgets.HBox:
    """Widgets side by side, going to the next line when the page is narrow."""
    box = widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap"))
    box.add_class("pmo-game-row")
    return box


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
