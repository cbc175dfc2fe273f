"""The index, cockpit and what-if pages, opened in headless chromium (see tests/_browser.py).

Each test opens a page through Voila as ``make app`` serves it, checks that its
widgets and figures are drawn with no error, drives one interaction and checks
that the page shows the value the analytics give, then saves a screenshot.
"""

from __future__ import annotations

import re

import pytest

from pmo_exercises import reporting
from pmo_exercises.widgets import what_if
from tests._browser import (
    APPS,
    assert_page_ok,
    screenshot,
    select_option,
    set_slider,
    start_voila,
    wait_for_text,
    wait_rendered,
)

pytestmark = pytest.mark.slow

PAGES = ("cockpit", "what_if", "risk_explorer", "selection", "pmo_game")


def _wait_figures(page, count: int) -> None:
    """Wait until `count` visible plotly figures are drawn (the hidden plotly loader aside)."""
    page.wait_for_function(
        "(n) => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".filter((p) => p.offsetWidth > 0 && p.querySelector('.main-svg')).length === n",
        arg=count,
        timeout=30_000,
    )


def test_index_links_every_page(open_page) -> None:
    """The index renders and links the five scenario pages by their file names."""
    page = open_page("index", widgets=False)
    assert "PMO scenario pages" in page.inner_text("body")
    hrefs = page.eval_on_selector_all("a[href$='.ipynb']", "links => links.map(a => a.href)")
    linked = {re.sub(r".*/", "", href).removesuffix(".ipynb") for href in hrefs}
    assert set(PAGES) <= linked
    page.click("a[href$='cockpit.ipynb']")
    page.wait_for_url(re.compile(r"/voila/render/cockpit\.ipynb"))
    screenshot(page, "index")


def test_cockpit_follows_the_status_week(open_page, teaching) -> None:
    """Week 4 in the slider: the summary and the flagged rows are rag_history's."""
    page = open_page("cockpit")
    _wait_figures(page, 2)  # the Gantt and the S-curve
    assert "Week 26" in page.inner_text("body")
    history = reporting.rag_history(teaching)
    melons = int(history.loc[history["week"] == 4, "watermelon"].sum())
    assert melons != int(history.loc[history["week"] == 26, "watermelon"].sum())
    set_slider(page, "Status week", 4)
    wait_for_text(page, "Week 4 (status date")
    # the summary line is written before the table: wait for the table to follow the week
    page.wait_for_function(
        "(n) => document.querySelectorAll('tr.pmo-flag').length === n", arg=melons, timeout=30_000
    )
    assert page.locator("tr.pmo-flag").count() == melons
    wait_for_text(page, "PV, EV and AC to week 4", selector=".js-plotly-plot")
    select_option(page, "Project", "P03 Market Entry: Nordics")
    wait_for_text(page, "P03: forecast at week 4", selector=".js-plotly-plot")
    assert_page_ok(page)
    screenshot(page, "cockpit-week-4-P03")


def test_what_if_pause_shows_the_knock_on_effects(open_page, teaching) -> None:
    """Pausing P05 from P01's page lists the projects the runs say change."""
    expected = what_if(teaching)  # the page's defaults: same horizon, same seed
    expected.intervention.value = "pause another project"
    expected.other.value = "P05"
    count = re.search(r"(\d+) other projects? changes?", expected.knock_on.value)
    assert count, expected.knock_on.value

    page = open_page("what_if")
    _wait_figures(page, 1)  # the finish chart
    select_option(page, "Intervention", "pause another project")
    select_option(page, "Project paused", "P05 Smart Sensor Product Line")
    wait_for_text(page, "Decision: Pause P05 Smart Sensor Product Line.")
    paused = page.locator("table.pmo-knock-on tbody tr", has_text="P05")
    paused.filter(has_text="paused").wait_for(timeout=30_000)
    wait_for_text(page, f"Knock-on effects: {count[0]}")
    assert page.locator("table.pmo-knock-on tbody tr").count() == int(count[1])
    assert_page_ok(page)
    screenshot(page, "what-if-pause-P05")


def test_a_page_that_fails_is_caught(browser, tmp_path) -> None:
    """The harness itself: a page whose cell raises fails the check, it does not pass."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    apps = tmp_path / "apps"
    apps.mkdir()
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("import ipywidgets as widgets\nwidgets.IntSlider(description='n')"),
        new_code_cell("raise RuntimeError('this page is broken')"),
    ]
    nbformat.write(nb, apps / "broken.ipynb")
    server = start_voila(tmp_path, pool_size=0, apps_dir=apps)
    app = next(server)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(app.page_url("broken"), timeout=120_000)
        with pytest.raises(pytest.fail.Exception, match="this page is broken"):
            wait_rendered(page, timeout_s=60, app=app)
    finally:
        context.close()
        server.close()


def _kernels(app) -> set[int]:
    """The process ids of the kernels Voila runs now."""
    import psutil

    found = set()
    for proc in psutil.Process(app.process.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(proc.cmdline()):
                found.add(proc.pid)
        except psutil.Error:  # ended meanwhile
            continue
    return found


def test_closing_a_page_shuts_its_kernel_down(open_page, voila_app) -> None:
    """Voila's request on leaving a page is accepted: a visit leaves no kernel behind."""
    import time

    before = _kernels(voila_app)
    page = open_page("index", widgets=False)
    started = _kernels(voila_app) - before
    assert len(started) == 1, "the session's server starts one kernel per page opened"
    page.close(run_before_unload=True)  # what closing the tab does
    deadline = time.monotonic() + 30
    while started & _kernels(voila_app) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not started & _kernels(voila_app), voila_app.log_tail()
    assert "403 POST /voila/api/shutdown" not in voila_app.log.read_text(errors="replace")


# every figure's drawing: its width and that of the narrowest box around it (a pane, the
# page's panel), up to the page itself
_FIGURE_WIDTHS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(
    (p) => p.offsetWidth > 0 && p.querySelector('.main-svg')).map((p) => {
        let box = Infinity;
        for (let e = p.parentElement; e && e !== document.documentElement; e = e.parentElement) {
            const w = e.getBoundingClientRect().width;
            if (w > 0) box = Math.min(box, w);
        }
        return {svg: p.querySelector('.main-svg').getBoundingClientRect().width, box: box};
    })"""


@pytest.mark.parametrize("name", sorted(p.stem for p in APPS.glob("*.ipynb")))
def test_a_page_asks_nothing_of_another_host_and_its_figures_fit(open_page, voila_app, name):
    # a training room may have no internet, and a CDN would learn who reads the pages
    page = open_page(name, widgets=name != "index")
    if name in PAGES:
        page.wait_for_function(f"({_FIGURE_WIDTHS})().length > 0", timeout=60_000)
    for width, height in ((1400, 1000), (390, 844)):  # a laptop, then a phone
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(800)  # the panes settle, and the figures with them
        too_wide = [f for f in page.evaluate(_FIGURE_WIDTHS) if f["svg"] > f["box"] + 1]
        if too_wide:
            screenshot(page, f"too-wide-{name}-{width}")
        assert too_wide == [], (width, too_wide)
    foreign = [
        url for url in page.pmo_requests
        if not url.startswith((voila_app.url + "/", "data:", "blob:"))
    ]  # fmt: skip
    assert foreign == [], foreign
