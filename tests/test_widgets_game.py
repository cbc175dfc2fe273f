"""The PMO game widget: set the decision controls, click, and compare with the engine.

The expected figures come from a game played with the engine directly
(:mod:`pmo_exercises.game`) with the same seed and decisions, never read back
from the widget.
"""

from __future__ import annotations

import html
import itertools
import json
import re

import pytest

import pmo_exercises as pmo
from pmo_exercises import game as engine
from pmo_exercises.game.decisions import ACTIONS
from pmo_exercises.widgets._browser_store import read_report, store_script
from pmo_exercises.widgets._common import shown_figure
from pmo_exercises.widgets._game_choices import NOTHING_TO
from pmo_exercises.widgets._game_session import MAX_STORED_CHARS, store_key
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
    assert leaving not in [value for _, value in app.to_role.options]
    app.decide_button.click()
    last = app.game.decision_table().iloc[-1]
    assert (last["action"], last["from_role"], last["to_role"]) == (
        "move_people", leaving, app.to_role.value,
    )  # fmt: skip
    # another pool to leave: the destination follows, and never equals it
    app.target.value = app.to_role.value
    assert app.to_role.value not in (None, app.target.value)


# --- the choices: each control starts on a choice the game accepts, every option short ---


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_decision_can_be_taken_as_its_controls_start(app, action):
    app.action.value = action  # nothing else touched: Decide takes it, or says why not
    app.decide_button.click()
    if action == "resume":  # nothing is paused at week 0
        assert NOTHING_TO["resume"] in html.unescape(app.status.value)
        assert app.game.decisions == []
        return
    assert app.status.value == "", app.status.value
    (record,) = app.game.decisions
    assert record["action"] == action
    if action == "reprioritise":  # a change of priority changes it
        before = app.game.start.projects.set_index("project_id")["priority"]
        assert record["priority"] != before[record["project_id"]]


def test_the_priorities_offered_leave_out_the_one_the_project_has(app, start):
    app.action.value = "reprioritise"
    now = start.projects.set_index("project_id")["priority"]
    for pid in now.index:
        app.target.value = pid
        offered = [value for _, value in app.priority.options]
        assert sorted([*offered, int(now[pid])]) == [1, 2, 3, 4, 5]
        assert app.priority.value in offered


def test_no_more_people_move_than_the_pool_can_spare(app, start):
    app.action.value = "hire"
    app.people.value = 5
    app.action.value = "move_people"
    app.target.value = "SEC"  # three people: two can go
    assert app.people.value == 2
    app.decide_button.click()
    assert app.game.decisions[-1]["people"] == 2 and app.status.value == ""


def test_a_risk_is_chosen_by_its_project_then_its_number_and_title(app, start):
    app.action.value = "fund_response"
    assert app.choices.project.layout.display is None
    risks = start.risks.set_index("risk_id")
    app.choices.project.value = "P12"
    assert {risks.at[v, "project_id"] for _, v in app.target.options} == {"P12"}
    label, risk = app.target.options[0]
    assert label == f"{risk.removeprefix('R-P12-')} {risks.at[risk, 'title']}"
    options = app.game.options().set_index("target")
    assert html.unescape(app.choices.note.value) == (
        f"<div>{risk}, {options.at[risk, 'description']}</div>"
    )
    app.decide_button.click()
    assert app.game.decisions[-1] == {
        "week": 0, "action": "fund_response", "risk_id": risk, "response": "mitigate",
    }  # fmt: skip


def test_an_option_names_its_target_and_the_note_says_the_rest(app, start):
    app.action.value = "hire"
    labels = {v: label for label, v in app.target.options}
    chg = start.roles.set_index("role_id").loc["CHG"]
    assert labels["CHG"] == f"CHG {chg['name']} ({chg['headcount']} now)"
    app.action.value = "pause"
    assert [label for label, _ in app.target.options][:2] == [
        "P01 Supplier Onboarding Automation", "P02 GDPR Data Retention",
    ]  # fmt: skip
    description = app.game.options().set_index(["action", "target"]).loc[("pause", "P01")]
    assert description["description"] in app.choices.note.value


# --- kept in the browser as it goes, offered back on reload ------------------------------

_n = itertools.count(1)


def browser_says(app, stored=None, *, error=None, op="read"):
    """What the page's script does in a browser: report what localStorage keeps."""
    report = {"op": op, "stored": stored, "error": error, "n": next(_n)}
    app.store.incoming.value = json.dumps(report)


def test_every_decision_and_week_is_kept_in_the_browser(app):
    assert app.store.kept is None  # opening the page keeps nothing: it reads first
    assert '"read"' in app.store.script("reader")
    decide(app, "pause", "P05")
    assert app.store.kept == app.game.to_json()
    app.advance_button.click()
    assert json.loads(app.store.kept)["week"] == 1
    decide(app, "escalate", "P11")
    app.undo_button.click()
    kept = json.loads(app.store.kept)
    assert kept["decisions"] == [{"week": 0, "action": "pause", "project_id": "P05"}]
    # only the game's own save: seed, length, portfolio, the trainee's decisions
    assert set(kept) == {"format", "seed", "weeks", "variant", "portfolio_digest", "week",
                         "decisions"}  # fmt: skip
    script = app.store.script("writer")
    assert json.dumps(store_key(app.game)) in script and '"write"' in script


def test_the_script_cannot_be_ended_by_what_it_keeps():
    text = "</script><script>alert(1)</script><!--"
    script = store_script("pmo-store-x", "k", "write", text)
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<!--" not in script[len("<script>") :]
    literal = re.search(r"arg = (\"[^\n]*?\");", script).group(1)
    assert json.loads(literal) == text
    with pytest.raises(ValueError, match="read, write, remove or show"):
        store_script("pmo-store-x", "k", "eval")


def test_a_kept_game_is_offered_and_resumes_at_its_week_and_score(app, start):
    played = expected(
        start,
        [{"week": 0, "action": "pause", "project_id": "P05"},
         {"week": 1, "action": "escalate", "project_id": "P11"}],
        2,
    )  # fmt: skip
    browser_says(app, played.to_json())
    assert app.offer.shown and app.offer.resume_button.layout.display is None
    assert "Resume your game from week 2?" in app.offer.text.value
    assert shown_week(app) == 0
    # nothing changes the game until the learner answers
    assert app.decide_button.disabled and app.advance_button.disabled
    assert app.load_button.disabled and app.replay_button.disabled
    app.offer.resume_button.click()
    assert not app.offer.shown and "Resumed at week 2." in app.message.value
    assert shown_week(app) == 2
    assert app.game.portfolio.digest() == played.portfolio.digest()
    assert shown_score(app)["total"] == round(played.score()["total"], 1)
    assert not app.decide_button.disabled


def test_start_afresh_forgets_the_kept_game(app, start):
    decide(app, "pause", "P05")
    app.advance_button.click()
    browser_says(app, app.game.to_json())
    app.offer.afresh_button.click()
    assert app.store.kept is None and '"remove"' in app.store.script("writer")
    assert shown_week(app) == 0 and app.game.decisions == []
    assert not app.offer.shown and not app.decide_button.disabled


def _another_seed(start):
    return engine.new_game(start, seed=5, weeks=3).advance().to_json()


def _a_decision_that_does_not_apply(start):
    text = json.loads(engine.new_game(start, seed=0, weeks=3).advance().to_json())
    text["decisions"] = [{"week": 0, "action": "pause", "project_id": "P99"}]
    return json.dumps(text)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda s: '{"format": "pmo-game/1", "seed": 0, "we', "not JSON", id="cut"),
        pytest.param(lambda s: "gASVDAAAAAAAAACMCGJ1aWx0aW5zlC4=", "not JSON", id="pickle"),
        pytest.param(lambda s: '{"format": "todo-app/3"}', "not a saved game", id="foreign"),
        pytest.param(lambda s: "[1, 2]", "not a saved game", id="a-list"),
        pytest.param(_another_seed, "another game (seed 5", id="another-seed"),
        pytest.param(_a_decision_that_does_not_apply, "no project 'P99'", id="bad-decision"),
        pytest.param(lambda s: " " * (MAX_STORED_CHARS + 1), "longer than", id="too-long"),
    ],
)
def test_what_the_browser_keeps_that_is_not_this_game_is_refused(app, start, make, reason):
    text = make(start)
    browser_says(app, text)
    said = html.unescape(app.offer.text.value)
    assert "The game saved in this browser cannot be resumed" in said and reason in said
    assert app.offer.resume_button.layout.display == "none"
    assert app.offer.afresh_button.layout.display is None  # a fresh start is offered
    assert app.saved.value == text  # nothing is lost: it can be copied from the Save box
    assert shown_week(app) == 0 and app.status.value == ""
    # the page still works: the next decision replaces it in the browser
    assert not app.decide_button.disabled
    decide(app, "pause", "P05")
    assert app.game.decisions and json.loads(app.store.kept)["decisions"]
    assert not app.offer.shown


def test_a_game_not_started_yet_is_not_offered(app):
    browser_says(app, app.game.to_json())
    browser_says(app, None)  # nothing kept
    assert not app.offer.shown and not app.decide_button.disabled


def test_a_browser_that_keeps_nothing_says_so(app):
    browser_says(app, error="SecurityError")
    assert app.offer.shown and "does not keep the game (SecurityError)" in app.offer.text.value
    assert not app.decide_button.disabled


@pytest.mark.parametrize(
    "report",
    ["", "not json", "[]", '{"op": "eval", "stored": "x"}', '{"op": "read", "stored": 3}'],
)
def test_a_report_the_script_did_not_write_is_ignored(app, report):
    assert read_report(report) is None
    app.store.incoming.value = report
    assert not app.offer.shown and app.status.value == "" and app.saved.value == ""


def test_the_end_of_the_game_brings_the_debrief_into_view(app):
    app.advance_button.click()
    app.advance_button.click()
    assert app.store.script("pointer") == ""
    app.advance_button.click()  # the last week
    script = app.store.script("pointer")
    box = f".{app.store.name}-debrief"
    assert '"show"' in script and box in script and "pmo-game-debrief-heading" in script
    (card,) = [w for w in app.children if f"{app.store.name}-debrief" in w._dom_classes]
    heading = card.children[0].value  # the card's own heading, which takes the focus
    assert "tabindex='-1'" in heading and "pmo-game-debrief-heading" in heading
    assert app.debrief in card.children
