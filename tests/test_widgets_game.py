"""The PMO game widget: set the decision controls, click, and compare with the engine.

The expected figures come from a game played with the engine directly
(:mod:`pmo_exercises.game`) with the same seed and decisions, never read back
from the widget.
"""

from __future__ import annotations

import json
import re

import pytest

import pmo_exercises as pmo
from pmo_exercises import game as engine
from pmo_exercises.widgets._common import shown_figure
from pmo_exercises.widgets.game_app import SCORE_LINES, PmoGame, pmo_game


@pytest.fixture(scope="module")
def start():
    return pmo.load_portfolio()


@pytest.fixture
def app(start):
    return pmo_game(engine.new_game(start, seed=0, weeks=3))


def shown_score(app) -> dict[str, float]:
    return {
        key: float(v) for key, v in re.findall(r"pmo-score-(\w+)'>([\d.]+)<", app.score_panel.value)
    }


def shown_week(app) -> int:
    return int(re.search(r"pmo-game-week-number'>(\d+)<", app.week_label.value).group(1))


def expected(start, decisions, weeks_played, weeks=3):
    return engine.new_game(start, seed=0, weeks=weeks).play(decisions, until_week=weeks_played)


def decide(app, action, target, **extra):
    app.action.value = action
    app.target.value = target
    for name, value in extra.items():
        getattr(app, name).value = value
    app.decide_button.click()


def test_the_first_week_shows_the_engine_report(app, start):
    g = expected(start, [], 0)
    assert shown_week(app) == 0
    assert shown_score(app) == {
        k: g.score()[k] for k in ("total", "value", "on_time", "on_budget", "trust")
    }
    assert "2026-07-03" in app.week_label.value
    # P11 is the watermelon: its dashboard row is flagged, red on the policy, green reported
    row = re.search(r'<tr class="pmo-flag">(.*?)</tr>', app.dashboard.value).group(1)
    assert "P11" in row and "pmo-rag-red" in row and "pmo-rag-green" in row


def test_advance_moves_the_week_and_the_score_to_the_engine_values(app, start):
    before = shown_score(app)
    app.advance_button.click()
    g = expected(start, [], 1)
    assert shown_week(app) == 1 == app.game.week
    score = shown_score(app)
    assert score["total"] == round(g.score()["total"], 1)
    assert score["trust"] == g.score()["trust"]
    assert score != before
    kind = g.event_log()["kind"].iat[0]
    assert kind in app.events.value and kind in app.event_log.value
    assert "Week 1 played." in app.message.value


def test_the_score_chart_follows_the_weeks(app, start):
    app.advance_button.click()
    app.advance_button.click()
    history = expected(start, [], 2).score_history()
    fig = shown_figure(app.score_output)
    assert [t["name"] for t in fig["data"]] == [name for name, _ in SCORE_LINES.values()]
    for trace, key in zip(fig["data"], SCORE_LINES, strict=True):
        assert trace["x"] == [0, 1, 2]
        assert trace["y"] == history[key].tolist()


def test_deciding_through_the_controls_reaches_the_engine(app, start):
    decide(app, "pause", "P05")
    decide(app, "reprioritise", "P03", priority=1)
    decide(app, "fund_response", "R-P06-04", response="avoid")
    decide(app, "hire", "SEC", people=2)
    decide(app, "move_people", "DEV", to_role="QA", people=1)
    decide(app, "escalate", "P11")
    decisions = [
        {"week": 0, "action": "pause", "project_id": "P05"},
        {"week": 0, "action": "reprioritise", "project_id": "P03", "priority": 1},
        {"week": 0, "action": "fund_response", "risk_id": "R-P06-04", "response": "avoid"},
        {"week": 0, "action": "hire", "role_id": "SEC", "people": 2},
        {"week": 0, "action": "move_people", "from_role": "DEV", "to_role": "QA", "people": 1},
        {"week": 0, "action": "escalate", "project_id": "P11"},
    ]
    assert app.game.decisions == decisions
    assert "pause P05" in app.decisions_taken.value and "hire 2 SEC" in app.decisions_taken.value
    assert "paused" in app.dashboard.value
    app.advance_button.click()
    g = expected(start, decisions, 1)
    assert app.game.portfolio.digest() == g.portfolio.digest()
    assert shown_score(app)["total"] == round(g.score()["total"], 1)
    # last week's trust changes are shown with their reasons
    assert "exposed a watermelon" in app.trust_changes.value


def test_the_targets_follow_the_action(app):
    app.action.value = "pause"
    assert "P05" in [v for _, v in app.target.options]
    decide(app, "pause", "P05")
    app.action.value = "pause"
    assert "P05" not in [v for _, v in app.target.options]
    app.action.value = "resume"
    assert [v for _, v in app.target.options] == ["P05"]
    assert app.priority.layout.display == "none"
    app.action.value = "reprioritise"
    assert app.priority.layout.display is None
    app.action.value = "hire"
    assert app.people.layout.display is None and app.to_role.layout.display == "none"


def test_a_refused_decision_shows_one_line_and_changes_nothing(app):
    decide(app, "escalate", "P11")
    assert "P11" not in [v for _, v in app.target.options]  # escalated once this week
    decide(app, "move_people", "SEC", to_role="DEV", people=3)  # the pool has three
    assert "cannot move 3 of the 3 people of SEC: a pool keeps one" in app.status.value
    assert app.message.value == ""
    assert len(app.game.decisions) == 1
    decide(app, "move_people", "SEC", to_role="DEV", people=1)
    assert app.status.value == "" and "Decided: move 1 from SEC to DEV" in app.message.value


def test_undo_withdraws_the_last_decision(app):
    decide(app, "pause", "P05")
    app.undo_button.click()
    assert app.game.decisions == []
    assert "Withdrawn: pause P05" in app.message.value
    assert "No decision yet this week" in app.decisions_taken.value


def test_the_last_week_shows_the_debrief_and_closes_the_controls(app, start):
    decide(app, "escalate", "P04")  # green under the policy: unjustified
    for _ in range(3):
        app.advance_button.click()
    assert app.game.over and "game over" in app.week_label.value
    assert app.advance_button.disabled and app.decide_button.disabled
    g = expected(start, [{"week": 0, "action": "escalate", "project_id": "P04"}], 3)
    table = g.debrief()
    assert table["sentence"].iat[0] in app.debrief.value.replace("&#x27;", "'")
    assert "cost 1.2 points" in app.debrief.value or "cost 1.3 points" in app.debrief.value
    app.advance_button.disabled = False
    app.advance_button.click()  # a click after the end is refused in one line
    assert "the game is over" in app.status.value
    assert app.advance_button.disabled and not app.save_button.disabled
    app.replay_week.value = 2
    app.replay_button.click()  # back to week 2: playing again is open
    assert shown_week(app) == 2 and not app.game.over
    assert not app.advance_button.disabled and not app.decide_button.disabled


def test_save_then_load_restores_the_game(app, start):
    decide(app, "pause", "P05")
    app.advance_button.click()
    decide(app, "escalate", "P11")
    app.save_button.click()
    saved = json.loads(app.saved.value)
    assert saved["week"] == 1 and len(saved["decisions"]) == 2
    digest = app.game.portfolio.digest()
    app.advance_button.click()
    app.load_button.click()
    assert shown_week(app) == 1
    assert app.game.portfolio.digest() == digest
    assert "Loaded: week 1" in app.message.value


def test_loading_bad_text_is_refused_in_one_line(app):
    app.saved.value = "{not json"
    app.load_button.click()
    assert "not a saved game" in app.status.value
    assert shown_week(app) == 0


def test_replay_from_week_k_goes_back_for_another_choice(app, start):
    decide(app, "pause", "P05")
    app.advance_button.click()
    decide(app, "cancel", "P06")
    app.advance_button.click()
    app.replay_week.value = 1
    app.replay_button.click()
    g = expected(start, [{"week": 0, "action": "pause", "project_id": "P05"}], 1)
    assert shown_week(app) == 1
    assert app.game.decisions == g.decisions
    assert app.game.portfolio.digest() == g.portfolio.digest()
    assert shown_score(app)["total"] == round(g.score()["total"], 1)
    assert app.replay_week.max == 1


def test_pmo_game_refuses_what_is_not_a_game():
    with pytest.raises(ValueError, match=r"game must be a pmo_exercises\.game\.Game"):
        pmo_game("a game")
    with pytest.raises(engine.GameError, match="weeks must be"):
        pmo_game(weeks=0)


def test_the_default_page_is_the_teaching_game():
    app = pmo_game()
    assert isinstance(app, PmoGame)
    assert (app.game.seed, app.game.weeks, app.game.variant) == (0, 12, "")


def test_moving_people_starts_on_a_pool_they_can_go_to(app):
    # as shown, without touching "To pool": Decide must work
    app.action.value = "move_people"
    leaving = app.target.value
    assert app.to_role.value is not None and app.to_role.value != leaving
    assert leaving not in app.to_role.options
    app.decide_button.click()
    last = app.game.decision_table().iloc[-1]
    assert (last["action"], last["from_role"], last["to_role"]) == (
        "move_people", leaving, app.to_role.value,
    )  # fmt: skip
    # another pool to leave: the destination follows, and never equals it
    app.target.value = app.to_role.value
    assert app.to_role.value not in (None, app.target.value)
