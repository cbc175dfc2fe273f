"""The risk explorer and portfolio selection pages in a real browser.

Each test opens its page in headless chromium driven by playwright
(``tests/_browser.py``: the widgets drawn, no error on the page), drives a
control as a user would and waits for the figure on the page to become the
value the analytics give for the new input. Screenshots go to
``tests/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import time

import pytest

import pmo_exercises as pmo
from pmo_exercises import risk, strategy
from pmo_exercises.simulation.scenarios import fund_risk_response
from tests._browser import assert_page_ok, control, screenshot, set_slider, wait_for_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shown():
    """The portfolio the pages show: the embedded teaching portfolio."""
    return pmo.load_portfolio()


def first_project_with_open_risks(p):
    open_risks = p.risks[p.risks["state"] == "open"]
    return next(pid for pid in p.projects["project_id"] if pid in set(open_risks["project_id"]))


def top_risk(one):
    """The first risk the explorer gives a slider: the highest register score."""
    open_risks = one.risks[one.risks["state"] == "open"]
    plan = risk.monte_carlo(one.tasks, one.dependencies, iterations=1).planned_duration
    scored = risk.score_register(open_risks, budget=one.projects["bac"].iat[0], duration=plan)
    return str(scored["risk_id"].iat[0])


def test_risk_explorer_moves_p80_with_a_risk(open_page, shown):
    pid = first_project_with_open_risks(shown)
    one = shown.subset(pid)
    rid = top_risk(one)
    risks = one.risks.copy()
    risks.loc[risks["risk_id"] == rid, "probability"] = 0.95
    open_risks = risks[risks["state"] == "open"]
    before = risk.monte_carlo(one.tasks, one.dependencies, one.risks[one.risks["state"] == "open"])
    after = risk.monte_carlo(one.tasks, one.dependencies, open_risks, iterations=10_000, seed=0)
    before_cost = f"EUR {before.percentile(80)[1]:,.0f}"
    after_cost = f"EUR {after.percentile(80)[1]:,.0f}"
    assert before_cost != after_cost  # the interaction changes what is shown

    page = open_page("risk_explorer")
    wait_for_text(page, before_cost, selector=".pmo-p80-cost")
    assert page.locator(".js-plotly-plot").count() == 2  # the S-curve and the tornado
    screenshot(page, "risk-explorer")

    start = time.perf_counter()
    set_slider(page, rid, 0.95)
    wait_for_text(page, after_cost, selector=".pmo-p80-cost")
    elapsed = time.perf_counter() - start
    print(f"risk explorer: slider to P80 shown in {1000 * elapsed:.0f} ms")
    assert page.locator(".pmo-p80-cost").inner_text().strip() == after_cost

    # fund the response planned for the same risk: fund_risk_response on the new register
    response = one.risks.set_index("risk_id").at[rid, "response"]
    funded = fund_risk_response(one.replace(risks=risks), rid, response, probability_factor=0.5)
    mc = risk.monte_carlo(
        funded.tasks, funded.dependencies, funded.risks[funded.risks["state"] == "open"]
    )
    plan_cost, funded_cost = f"EUR {mc.planned_cost:,.0f}", f"EUR {mc.percentile(80)[1]:,.0f}"
    row = page.locator(".widget-hbox", has=control(page, rid))  # the risk's controls
    row.locator("input[type=checkbox]").click()
    wait_for_text(page, funded_cost, selector=".pmo-p80-cost")
    assert page.locator(".pmo-plan-cost").inner_text().strip() == plan_cost
    assert_page_ok(page)
    screenshot(page, "risk-explorer-after")


def test_selection_follows_the_budget(open_page, shown):
    candidates, _, _ = strategy.selection_inputs(shown)
    start = strategy.select_portfolio(candidates, 2_200_000, value="score")
    best = strategy.select_portfolio(candidates, 1_000_000, value="score")
    assert start.selected != best.selected

    page = open_page("selection")
    wait_for_text(page, ", ".join(start.selected), selector=".pmo-selected-ids")
    assert page.locator(".js-plotly-plot").count() == 2  # the frontier and the scores
    screenshot(page, "selection")

    set_slider(page, "Budget (EUR)", 1_000_000)
    wait_for_text(page, ", ".join(best.selected), selector=".pmo-selected-ids")
    assert page.locator(".pmo-selected-ids").inner_text().strip() == ", ".join(best.selected)
    assert_page_ok(page)
    screenshot(page, "selection-after")
