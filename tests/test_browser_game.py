"""The PMO game page in a real browser: decide, advance a week, see the engine's figures.

The page is opened in headless chromium (``tests/_browser.py``: widgets drawn,
no error on the page); the test takes a decision and plays one week as a user
would, then waits for the week counter and the score to become what the game
engine gives for the same seed and decision. Screenshots go to
``tests/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import pytest

import pmo_exercises as pmo
from pmo_exercises import game as engine
from pmo_exercises.widgets.game_app import pmo_game
from tests._browser import assert_page_ok, click_button, screenshot, select_option, wait_for_text

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
