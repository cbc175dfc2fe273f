"""The PMO game page in a real browser: decide, advance, come back to it, finish it.

The page is opened in headless chromium (``tests/_browser.py``: widgets drawn,
no error on the page); the tests take decisions and play weeks as a user
would, then wait for the week counter and the score to become what the game
engine gives for the same seed and decisions. They reload the page to find
the game kept in the browser's localStorage offered back (and a corrupt one
refused), play a game to its end to find the debrief in view with the focus
on its heading, and measure every option of every dropdown at a laptop's and
a phone's width. Screenshots go to ``tests/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import functools
import json

import pytest

import pmo_exercises as pmo
from pmo_exercises import game as engine
from pmo_exercises.widgets.game_app import pmo_game
from tests._browser import (
    SCREENSHOTS,
    assert_page_ok,
    click_button,
    control,
    screenshot,
    select_option,
    wait_for_text,
    wait_rendered,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def teaching():
    return pmo.load_portfolio()


def test_playing_a_week_moves_the_counter_and_the_score(open_page, teaching):
    # what the page should show: the engine with the page's defaults (seed 0, 12 weeks)
    before = engine.new_game(teaching, seed=0, weeks=12)
    start_total = f"{before.score()['total']:.1f}"
    after = engine.new_game(teaching, seed=0, weeks=12)
    after.decide("pause", project_id="P05")
    after.advance()
    end_total = f"{after.score()['total']:.1f}"
    assert start_total != end_total  # the interaction changes what is shown
    # the label the page gives P05 in the target dropdown
    app = pmo_game(engine.new_game(teaching, seed=0, weeks=12))
    app.action.value = "pause"
    label = next(text for text, value in app.target.options if value == "P05")

    page = open_page("pmo_game")
    wait_for_text(page, start_total, selector=".pmo-score-total")
    assert page.locator(".pmo-game-week-number").inner_text().strip() == "0"
    assert page.locator(".pmo-table").count() >= 3  # dashboard, exceptions, event log
    assert page.locator(".js-plotly-plot").count() == 1  # the score by week
    screenshot(page, "pmo-game")

    select_option(page, "Decision", "pause a project")
    select_option(page, "On", label)
    click_button(page, "Decide")
    wait_for_text(page, "Taken this week: pause P05", selector=".pmo-game-decisions")
    click_button(page, "Advance week")
    wait_for_text(page, "Week 1 played.", selector=".pmo-game-message", timeout_s=60)
    assert page.locator(".pmo-game-week-number").inner_text().strip() == "1"
    wait_for_text(page, end_total, selector=".pmo-score-total")
    assert page.locator(".pmo-score-total").inner_text().strip() == end_total
    assert page.locator(".pmo-score-trust").inner_text().strip() == (
        f"{after.score()['trust']:.1f}"
    )
    # the chart is redrawn with a second point per line
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p.data && p.data[0].x.length === 2; }",
        timeout=30_000,
    )
    event = after.event_log()["description"].iat[0]
    wait_for_text(page, event[:40])
    assert_page_ok(page)
    screenshot(page, "pmo-game-week-1")


# --- the game kept in the browser ------------------------------------------------------

#: Every entry of the page's localStorage.
KEPT_JS = "() => Object.fromEntries(Object.entries(window.localStorage))"


def _kept_game(page) -> dict | None:
    """The one game the page keeps in localStorage, read as JSON (None when none)."""
    kept = page.evaluate(KEPT_JS)
    assert len(kept) <= 1, kept
    return json.loads(next(iter(kept.values()))) if kept else None


def _wait_kept_week(page, week: int) -> None:
    page.wait_for_function(
        "(w) => Object.values(window.localStorage).some(v => {"
        " try { return JSON.parse(v).week === w; } catch (e) { return false; } })",
        arg=week,
        timeout=30_000,
    )


@functools.cache
def _reference():
    """The page's game as a widget in this process: the texts the page shows, option by option."""
    return pmo_game(engine.new_game(seed=0, weeks=12))


def _play(page, action: str, target: str) -> None:
    """Take a decision through the page's dropdowns and *Decide*, as a learner would."""
    app = _reference()
    select_option(page, "Decision", next(t for t, v in app.action.options if v == action))
    app.action.value = action
    label = next(t for t, v in app.target.options if v == target)
    # The kernel refills "On" for the new decision and then names the choice under it; a
    # target chosen before that refill lands would be replaced by the refill's first option
    # (a loaded machine shows it: a learner is slower than the round trip).
    wait_for_text(page, action, selector=".pmo-game-note")
    select_option(page, "On", label)
    wait_for_text(page, f"{action} {target}", selector=".pmo-game-note")
    click_button(page, "Decide")
    wait_for_text(page, f"{action} {target}", selector=".pmo-game-decisions")


def _advance(page, week: int) -> None:
    click_button(page, "Advance week")
    wait_for_text(page, f"Week {week} played.", selector=".pmo-game-message", timeout_s=60)


def _view(page, name: str) -> None:
    """A screenshot of what the viewport shows (not the whole page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _button(page, text: str):
    return page.locator("button.jupyter-button", has_text=text).first


def test_a_reloaded_page_offers_the_game_back_at_its_week_and_score(open_page, voila_app):
    decisions = [
        {"week": 0, "action": "pause", "project_id": "P05"},
        {"week": 1, "action": "escalate", "project_id": "P11"},
    ]
    played = engine.new_game(seed=0, weeks=12).play(decisions, until_week=2)
    total, trust = f"{played.score()['total']:.1f}", f"{played.score()['trust']:.1f}"
    assert total != f"{engine.new_game(seed=0, weeks=12).score()['total']:.1f}"

    page = open_page("pmo_game")
    _play(page, "pause", "P05")
    _advance(page, 1)
    _play(page, "escalate", "P11")
    _advance(page, 2)
    _wait_kept_week(page, 2)
    assert _kept_game(page)["decisions"] == decisions  # the trainee's decisions, nothing else

    page.reload()
    wait_rendered(page, app=voila_app)
    wait_for_text(page, "Resume your game from week 2?", selector=".pmo-game-resume")
    assert page.locator(".pmo-game-week-number").inner_text().strip() == "0"
    assert _button(page, "Decide").is_disabled()  # the question is answered first
    screenshot(page, "pmo-game-resume-offer")
    _view(page, "pmo-game-resume-offer-view")
    click_button(page, "Resume")
    wait_for_text(page, "Resumed at week 2.", selector=".pmo-game-message")
    assert page.locator(".pmo-game-week-number").inner_text().strip() == "2"
    wait_for_text(page, total, selector=".pmo-score-total")
    assert page.locator(".pmo-score-total").inner_text().strip() == total
    assert page.locator(".pmo-score-trust").inner_text().strip() == trust
    assert not _button(page, "Decide").is_disabled()
    assert_page_ok(page)


def test_a_corrupt_saved_game_is_refused_and_a_fresh_start_offered(open_page, voila_app):
    page = open_page("pmo_game")
    _play(page, "pause", "P05")
    _wait_kept_week(page, 0)
    (key,) = page.evaluate(KEPT_JS)
    cut = json.dumps(_kept_game(page))[:40]  # a save cut short
    page.evaluate("([k, v]) => window.localStorage.setItem(k, v)", [key, cut])

    page.reload()
    wait_rendered(page, app=voila_app)
    wait_for_text(page, "cannot be resumed: it is not a saved game", selector=".pmo-game-resume")
    assert not _button(page, "Resume").is_visible()
    assert _button(page, "Start afresh").is_visible()
    assert page.locator(".pmo-game textarea").input_value() == cut  # nothing lost
    assert page.evaluate(KEPT_JS) == {key: cut}  # nor in the browser, until the next decision
    assert_page_ok(page)
    screenshot(page, "pmo-game-corrupt-save")
    click_button(page, "Start afresh")
    wait_for_text(page, "A fresh game", selector=".pmo-game-message")
    page.wait_for_function("() => window.localStorage.length === 0", timeout=30_000)
    # the page plays on, and keeps the new game
    _play(page, "escalate", "P11")
    _advance(page, 1)
    _wait_kept_week(page, 1)
    assert _kept_game(page)["decisions"] == [{"week": 0, "action": "escalate", "project_id": "P11"}]
    assert_page_ok(page)


def test_the_debrief_comes_into_view_with_the_focus_when_the_game_ends(open_page):
    page = open_page("pmo_game")
    for week in range(1, 13):
        _advance(page, week)
    page.locator(".pmo-debrief-summary").wait_for(timeout=60_000)
    page.wait_for_function(
        "() => { const h = document.querySelector('.pmo-game-debrief-heading');"
        " if (!h || document.activeElement !== h) return false;"
        " const r = h.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=30_000,
    )
    assert "game over" in page.locator(".pmo-game-week").inner_text()
    _view(page, "pmo-game-debrief-in-view")
    assert_page_ok(page)


# --- every option readable in full --------------------------------------------------------

#: Options of the game's visible dropdowns whose text is wider than the dropdown shows
#: (its width less its padding and arrow), and dropdowns that stick out of the game or
#: the window. A <select> never scrolls, so scrollWidth says nothing: the text is measured.
CUT_OPTIONS_JS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const game = document.querySelector('.pmo-game').getBoundingClientRect();
  const right = Math.min(document.documentElement.clientWidth, game.right) + 1;
  const cut = [];
  for (const s of document.querySelectorAll('.pmo-game select')) {
    if (!s.offsetParent) continue;  // hidden: measured with the action that shows it
    const cs = getComputedStyle(s);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const r = s.getBoundingClientRect();
    const label = (s.parentElement.querySelector('.widget-label') || {}).textContent;
    if (r.left < Math.max(0, game.left) - 1 || r.right > right)
      cut.push({select: label, sticks_out: [r.left, r.right, right]});
    for (const o of s.options) {
      const width = ctx.measureText(o.text).width;
      if (width > room + 0.5)
        cut.push({select: label, option: o.text, text_px: width, room_px: room});
    }
  }
  return cut;
}"""

SIZES = [
    pytest.param({"width": 1400, "height": 1000}, id="1400x1000"),
    pytest.param({"width": 390, "height": 844}, id="390x844"),
]


def _wait_options(page, description: str, labels: list[str]) -> None:
    """Wait until the dropdown labelled `description` lists `labels` (the kernel answered).

    ipywidgets writes the spaces of an option as no-break spaces: they are read as spaces.
    """
    select = control(page, description).locator("select")
    select.evaluate(
        "(s, labels) => new Promise((ok, fail) => { const t0 = Date.now(); (function poll() {"
        " const now = Array.from(s.options, o => o.text.replace(/\\u00a0/g, ' '));"
        " if (JSON.stringify(now) === JSON.stringify(labels)) ok();"
        " else if (Date.now() - t0 > 30000) fail(new Error('options: ' + now.slice(0, 3)));"
        " else setTimeout(poll, 100); })(); })",
        labels,
    )


@pytest.mark.parametrize("size", SIZES)
def test_every_option_of_every_dropdown_reads_in_full(open_page, size):
    app = pmo_game(engine.new_game(seed=0, weeks=12))  # what the page lists, option by option
    page = open_page("pmo_game")
    page.set_viewport_size(size)
    for text, action in app.action.options:
        select_option(page, "Decision", text)
        app.action.value = action
        _wait_options(page, "On", [label for label, _ in app.target.options])
        cut = page.evaluate(CUT_OPTIONS_JS)
        assert cut == [], f"{action}: {len(cut)} options or dropdowns cut: {cut[:4]}"
        if action == "fund_response":  # a risk is chosen in its project: every project's
            for project_text, project in app.choices.project.options[1:]:
                select_option(page, "Project", project_text)
                app.choices.project.value = project
                _wait_options(page, "On", [label for label, _ in app.target.options])
                cut = page.evaluate(CUT_OPTIONS_JS)
                assert cut == [], f"risks of {project}: {len(cut)} cut: {cut[:4]}"
    screenshot(page, f"pmo-game-choices-{size['width']}")
    assert_page_ok(page)
