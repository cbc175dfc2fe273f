"""Browser tests of the Voila pages: the shared infrastructure.

Usage, in ``tests/test_browser_<topic>.py``::

    import pytest

    from tests._browser import screenshot, set_slider, wait_for_text

    pytestmark = pytest.mark.slow


    def test_cockpit_moves_with_the_week(open_page):
        page = open_page("cockpit")      # notebooks/apps/cockpit.ipynb, widgets rendered
        set_slider(page, "Status week", 5)
        wait_for_text(page, "week 5")
        screenshot(page, "cockpit-week-5")   # tests/screenshots/cockpit-week-5.png

The fixtures are registered in ``conftest.py`` (so that the one server is
shared by every browser test file):

``voila_app`` (session)
    Standalone Voila started with the command line of ``make app``
    (:func:`pmo_exercises.launch.app_command`: execution timeout, idle
    culling, 127.0.0.1) on ``notebooks/apps`` on a free port, with private
    Jupyter directories and tracebacks shown, but no pre-heated kernels: each
    page starts its kernel when opened and Voila stops it when the page is
    closed. The suite opens each page once or twice; pre-heating would start
    a kernel for every page at once, another after each visit, and keep them
    all in memory for the rest of the session. ``tests/test_server.py`` runs
    ``make app``'s exact command. Stopped at the end of the session.
``browser`` (module)
    Debian's chromium (``/usr/bin/chromium``, or ``$PMO_CHROMIUM``) driven by
    playwright through ``executable_path``, headless, with the flags that work
    on a closed network and a fresh profile.
``open_page`` (function)
    ``open_page(name, widgets=True)`` opens ``/voila/render/<name>.ipynb``,
    waits until Voila has run the page and (unless ``widgets=False``) its
    widgets are drawn, and asserts that the page shows no error: no
    "Unsatisfied version", no widget that failed to load, no traceback, no
    error in the browser console. The pages it opened are closed afterwards.

A missing playwright or chromium skips the browser tests on a developer's
machine and fails them when ``CI=true`` (``.ci/run`` installs chromium with
apt). :func:`assert_page_ok` checks a page again after an interaction.
Importing this module imports neither playwright nor Voila.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pmo_exercises import launch
from tests._servers import free_port, serve, tail

REPO = Path(__file__).resolve().parents[1]
APPS = REPO / launch.APPS_DIR
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

#: Flags for chromium on a machine with no internet, no GPU and no sandbox.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
START_TIMEOUT_S = 120
#: The token the test server asks of its visitors (as `make app` asks a generated one).
TOKEN = "pmo-pages-test-token"
#: Longest wait for a page to be run and drawn (kernels may still be pre-heating).
PAGE_TIMEOUT_S = 120
VIEWPORT = {"width": 1400, "height": 1000}

#: Text that must never appear on a rendered page.
PAGE_ERRORS = (
    "Unsatisfied version",
    "No version of module",
    "Click to show javascript error",
    "Error displaying widget",
    "Failed to load model class",
    "Could not create a model",
    "There was an error when executing cell",
    "Traceback (most recent call last)",
)
#: Console errors that are expected on a closed network (the lab template's icon font CDN).
IGNORED_CONSOLE = re.compile(r"Failed to load resource|ERR_NAME_NOT_RESOLVED|fontawesome")


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _missing(reason: str) -> None:
    """Skip on a developer's machine, fail in CI: a missing browser is a failure there."""
    if _in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """Debian's chromium: ``$PMO_CHROMIUM``, else ``chromium`` on the PATH, else None."""
    explicit = os.environ.get("PMO_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass
class VoilaApp:
    """A running standalone Voila: its base URL, its log, its process."""

    url: str
    log: Path
    process: subprocess.Popen = field(repr=False)

    def page_url(self, name: str) -> str:
        """The URL of ``notebooks/apps/<name>.ipynb`` (``name`` with or without .ipynb)."""
        stem = name.removesuffix(".ipynb")
        return f"{self.url}/voila/render/{stem}.ipynb?token={TOKEN}"

    def log_tail(self, lines: int = 60) -> str:
        return tail(self.log, lines)


def start_voila(home: Path, *, pool_size: int = launch.POOL_SIZE, apps_dir: Path = APPS):
    """Start Voila as ``make app`` does, on a free port; a generator yielding a VoilaApp.

    The caller closes the generator to stop the server (fixtures do it with
    ``yield from``).
    """
    port = free_port()
    argv = launch.app_command(
        port, "127.0.0.1", apps_dir=apps_dir, pool_size=pool_size, token=TOKEN
    )
    argv.append("--VoilaConfiguration.show_tracebacks=True")
    url = f"http://127.0.0.1:{port}"
    with serve(
        home,
        argv,
        url + "/login",  # the one page a visitor without the token gets
        what="Voila",
        log_name="voila.log",
        timeout_s=START_TIMEOUT_S,
        poll_s=0.3,
    ) as (process, log):
        yield VoilaApp(url, log, process)


def require_browser() -> str:
    """Chromium's path, once playwright and chromium are known to be there (else skip/fail)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        _missing("chromium is not installed (apt-get install chromium)")
    return executable


def launch_browser() -> Iterator[Any]:
    """Playwright and Debian's chromium; a generator yielding a playwright Browser."""
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # A fresh profile for each launch: playwright gives chromium a temporary user-data-dir.
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


# --- fixtures (registered in conftest.py) -----------------------------------------------


@pytest.fixture(scope="session")
def voila_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaApp]:
    """Voila serving notebooks/apps as ``make app`` does, for the whole session."""
    require_browser()  # no browser, no server to start
    yield from start_voila(tmp_path_factory.mktemp("voila"), pool_size=0)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium driven by playwright."""
    yield from launch_browser()


@pytest.fixture
def open_page(voila_app: VoilaApp, browser: Any) -> Iterator[Callable[..., Any]]:
    """``open_page(name, widgets=True)``: a rendered, error-free Voila page (playwright Page)."""
    contexts = []

    def _open(name: str, *, widgets: bool = True, timeout_s: float = PAGE_TIMEOUT_S) -> Any:
        if not (APPS / f"{name.removesuffix('.ipynb')}.ipynb").exists():
            pytest.fail(f"no page {name!r} in {APPS}")
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        page.pmo_console = []  # console errors, checked by assert_page_ok
        page.on(
            "console",
            lambda msg: page.pmo_console.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda error: page.pmo_console.append(f"page error: {error}"))
        page.pmo_requests = []  # every URL the page asked for
        page.on("request", lambda request: page.pmo_requests.append(request.url))
        page.goto(voila_app.page_url(name), timeout=timeout_s * 1000)
        wait_rendered(page, widgets=widgets, timeout_s=timeout_s, app=voila_app)
        return page

    yield _open
    for context in contexts:
        context.close()


# --- helpers -------------------------------------------------------------------------------


def wait_rendered(
    page: Any,
    *,
    widgets: bool = True,
    timeout_s: float = PAGE_TIMEOUT_S,
    app: VoilaApp | None = None,
) -> None:
    """Wait until Voila has run the page (spinner gone) and its widgets are drawn; check it."""
    timeout_ms = timeout_s * 1000
    try:
        page.wait_for_selector("#loading", state="hidden", timeout=timeout_ms)
        if widgets:
            page.wait_for_selector(".jupyter-widgets", state="visible", timeout=timeout_ms)
            # Voila's manager draws every widget view before the page settles.
            page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except Exception as error:  # playwright's TimeoutError
        screenshot(page, "failed-render")
        log = f"\nVoila log:\n{app.log_tail()}" if app else ""
        pytest.fail(
            f"{page.url} did not render within {timeout_s} s ({type(error).__name__}); "
            f"console errors: {getattr(page, 'pmo_console', [])}\n"
            f"page text: {page.inner_text('body')[:1500]}{log}"
        )
    assert_page_ok(page)


def assert_page_ok(page: Any) -> None:
    """Assert the page shows no error text and the console logged no unexpected error."""
    text = page.inner_text("body")
    shown = [marker for marker in PAGE_ERRORS if marker in text]
    stderr = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count()
    console = [m for m in getattr(page, "pmo_console", []) if not IGNORED_CONSOLE.search(m)]
    if shown or stderr or console:
        screenshot(page, "failed-check")
        pytest.fail(
            f"{page.url} shows an error: markers {shown}, {stderr} stderr outputs, "
            f"console errors {console[:5]}\npage text: {text[:2000]}"
        )


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot of the whole page as tests/screenshots/<name>.png (git-ignored).

    Voila's lab template scrolls inside a panel, not the document, so the
    viewport is stretched to the tallest scrolled panel for the shot.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight, ...Array.from("
        "document.querySelectorAll('*'), e => e.scrollHeight > e.clientHeight + 5 ? "
        "e.scrollHeight : 0))"
    )
    size = page.viewport_size or VIEWPORT
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), 8000)})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def control(page: Any, description: str) -> Any:
    """The widget box whose label reads `description` (the ``description`` of an ipywidget)."""
    label = page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))
    return page.locator(".widget-inline-hbox", has=label).first


def set_slider(page: Any, description: str, value: Any) -> None:
    """Type `value` into the readout of the slider labelled `description`, then Enter."""
    readout = control(page, description).locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def select_option(page: Any, description: str, label: str) -> None:
    """Choose the option shown as `label` in the dropdown labelled `description`."""
    control(page, description).locator("select").select_option(label=label)


def click_button(page: Any, text: str) -> None:
    """Click the ipywidgets button whose text is `text`."""
    page.locator("button.jupyter-button", has_text=text).first.click()


def wait_for_text(page: Any, text: str, *, selector: str = "body", timeout_s: float = 30) -> None:
    """Wait until `text` appears inside `selector`."""
    page.locator(selector, has_text=text).first.wait_for(timeout=timeout_s * 1000)
