"""Benchmark: the Voila pages in a real browser, first render and input-to-output latency.

Prints figures; asserts nothing. Targets (issue #7):

* first render of each page <= 1.3 x the first render of a trivial Voila page
  (a title and one slider) measured in the same run, on the same server;
* p95 latency from an input to the updated output <= 150 ms for the cockpit
  and the what-if explorer, <= 500 ms for the risk explorer's 10,000-iteration
  Monte Carlo update.

How. One standalone Voila is started as ``make app`` starts it
(:func:`pmo_exercises.launch.app_command`: one pre-heated kernel per page) on a
temporary folder holding links to every page of ``notebooks/apps`` and the
trivial page, generated here. Debian's chromium is driven by playwright.

* First render: from the start of navigation to the last time a widget or a
  plotly figure was added to the page or Voila's spinner was hidden, once
  nothing more has happened for 1.5 s (a MutationObserver installed before
  the page loads records it); for a page with no widget, when the document
  has loaded. Each page is opened ``VISITS`` times, the pages taken in turn,
  in a fresh browser (cold: nothing cached) and, with ``--warm``, in a browser
  that has already loaded plotly.js for another page (a visitor's second
  page); the medians are kept. Before each visit the machine is idle: every page's pool
  is refilled, and Voila, its kernels and the browser together have used less
  than QUIET_CPU_S of CPU in the last QUIET_WINDOW_S (a refilled cockpit kernel
  goes on drawing its charts for every week in the background for a second or
  two, and a closed browser context takes a while to go: either would
  otherwise be charged to the next page). The pools refill FILL_DELAY_S
  after a visit, not Voila's default 1 s: here the browser shares the machine
  with the server, and a kernel starting and running its page would slow the
  browser still drawing the page, which a visitor's own browser never is.
* Latency: a slider's readout is typed into and Enter pressed; the clock starts
  on the Enter key (a listener in the page) and stops when the output shows the
  value that input must produce (a MutationObserver checking the output's text
  or, for the risk explorer, that every figure has been redrawn). Cockpit: the
  status week; the table (summary line) and the charts (the S-curve's title)
  are timed apart. What-if: the days a critical task is crashed; the result
  tables (the decision line, written after them) and the finish chart.
  Risk explorer: the probability of the first risk, until both figures are redrawn.

A second reference page, the trivial page plus one small plotly figure, is
timed too (not a target): it shows how much of a page's first render is
loading and starting plotly.js, which every page with a figure pays.

A page that does not exist yet is reported as missing. Run with
``make bench`` or ``.venv/bin/python benchmarks/bench_pages.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmo_exercises import launch  # noqa: E402
from tests._browser import CHROMIUM_ARGS, VIEWPORT, chromium_path, free_port  # noqa: E402

APPS = ROOT / launch.APPS_DIR
PAGES = ("index", "cockpit", "what_if", "risk_explorer", "selection", "pmo_game")
TRIVIAL = "trivial"
#: A second reference, not a target: the trivial page plus one small plotly figure,
#: to show what loading plotly.js alone costs a page with figures.
TRIVIAL_PLOT = "trivial_plot"
VISITS = 5
TOKEN = "pmo-pages-bench-token"  # the pages are served as make app serves them
SAMPLES = {"cockpit": 20, "what_if": 20, "risk_explorer": 12}
TARGET_RATIO = 1.3
TARGET_P95_MS = {"cockpit": 150, "what_if": 150, "risk_explorer": 500}
SETTLE_MS = 1500
FILL_DELAY_S = 4
QUIET_WINDOW_S = 0.5
QUIET_CPU_S = 0.05
TIMEOUT_MS = 120_000

# Records, from the first byte of the page, the last time a widget or a figure appeared.
RENDER_PROBE = """
window.__pmoLast = 0;
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType === 1 && (n.matches('.jupyter-widgets, .js-plotly-plot, .main-svg') ||
        n.querySelector('.jupyter-widgets, .js-plotly-plot'))) {
      window.__pmoLast = performance.now();
      return;
    }
  }
  for (const r of records) {
    if (r.type === 'attributes' && r.target.id === 'loading') window.__pmoLast = performance.now();
  }
}).observe(document, {childList: true, subtree: true, attributes: true,
                      attributeFilter: ['style']});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') window.__pmoT0 = performance.now();
}, true);
"""

# Resolves with the time the page first satisfies `check`, checked on every mutation.
WATCH = """
([kind, arg]) => {
  const plots = () => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter((p) => p.offsetWidth > 0);
  // a figure is redrawn when the page marks it drawn with another figure id
  const before = new Map(plots().map((p) => [p, p.getAttribute('data-pmo-drawn')]));
  const check = kind === 'text'
    ? () => document.body.textContent.includes(arg)
    : () => {
        const now = plots();
        return now.length >= arg && now.every((p) => {
          const drawn = p.getAttribute('data-pmo-drawn');
          return drawn !== null && drawn !== before.get(p);
        });
      };
  window.__pmoHit = null;
  window.__pmoT0 = null;
  const obs = new MutationObserver(() => {
    if (window.__pmoHit === null && window.__pmoT0 !== null && check()) {
      window.__pmoHit = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true,
                              attributes: true, attributeFilter: ['data-pmo-drawn']});
}
"""


def trivial_page(folder: Path) -> None:
    """Write the trivial page and the trivial page with one figure into `folder`."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    slider = "import ipywidgets as widgets\n\nwidgets.IntSlider(description='n')"
    plot = (  # drawn the way the pages draw their figures
        "from pmo_exercises.widgets._common import figure_pane, plotly_loader\n\n"
        "loader = plotly_loader()\n"
        "bars = {'data': [{'type': 'bar', 'x': [1, 2], 'y': [3, 1]}], 'layout': {}}\n"
        "widgets.VBox([loader, figure_pane(bars, fast=True)])"
    )
    for name, cells in ((TRIVIAL, [slider]), (TRIVIAL_PLOT, [slider, plot])):
        nb = new_notebook(metadata=kernel)
        nb.cells = [new_markdown_cell("# Trivial page\n\nFor comparison.")]
        nb.cells += [new_code_cell(source) for source in cells]
        nbformat.write(nb, folder / f"{name}.ipynb")


def pools_filled(log: Path, page: str) -> int:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return text.count(f"Kernel pool of {page}.ipynb is filled")


def wait_pool(log: Path, page: str, at_least: int, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while pools_filled(log, page) < at_least and time.monotonic() < deadline:
        time.sleep(0.2)


def wait_quiet(timeout_s: float = 60) -> None:
    """Wait until this process's children (Voila, its kernels, the browser) are idle.

    Idle: less than QUIET_CPU_S seconds of CPU used, all processes together,
    in the last QUIET_WINDOW_S seconds. Prints a line if they never are.
    """
    import psutil

    def cpu_s() -> float:
        total = 0.0
        root = psutil.Process()
        for proc in (root, *root.children(recursive=True)):
            try:
                times = proc.cpu_times()
            except psutil.Error:  # a process that ended meanwhile
                continue
            total += times.user + times.system
        return total

    deadline = time.monotonic() + timeout_s
    before = cpu_s()
    while time.monotonic() < deadline:
        time.sleep(QUIET_WINDOW_S)
        now = cpu_s()
        if now - before < QUIET_CPU_S:
            return
        before = now
    print(f"  (the machine was still busy after {timeout_s} s; measuring all the same)")


def first_render_ms(browser, url: str, widgets: bool = True, context=None) -> float:
    """First render of `url`, in a fresh browser context (empty cache) or in `context`."""
    fresh = context is None
    context = browser.new_context(viewport=VIEWPORT) if fresh else context
    page = None
    try:
        page = context.new_page()
        page.add_init_script(RENDER_PROBE)
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_selector("#loading", state="hidden", timeout=TIMEOUT_MS)
        if widgets:
            page.wait_for_selector(".jupyter-widgets", timeout=TIMEOUT_MS)
        while True:  # settled: nothing new for SETTLE_MS
            last = page.evaluate("window.__pmoLast")
            now = page.evaluate("performance.now()")
            if now - last >= SETTLE_MS:
                # a page with no widget (the index) is drawn when its document has loaded
                loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                return float(max(last, loaded))
            page.wait_for_timeout(SETTLE_MS - (now - last) + 50)
    finally:
        leave(page)
        if fresh:
            context.close()


def leave(page) -> None:
    """Close `page` as a visitor closes the tab: Voila then shuts its kernel down.

    Voila asks the server to shut a page's kernel down on ``beforeunload``,
    which playwright runs only when asked: without it every visit would leave
    a kernel behind, and later visits would be measured on a server holding
    dozens of them.
    """
    if page is not None and not page.is_closed():
        page.close(run_before_unload=True)


def set_readout(page, description: str, value) -> None:
    """Type into a slider's readout; Enter (which starts the clock) is left to the caller."""
    from tests._browser import control

    readout = control(page, description).locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))


def timed_input(page, description: str, value, kind: str, arg) -> float | None:
    """Milliseconds from Enter in the slider readout to the expected output, or None."""
    page.evaluate(WATCH, [kind, arg])
    set_readout(page, description, value)
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("window.__pmoHit !== null", timeout=20_000, polling=50)
    except Exception:  # playwright's TimeoutError: this input changed nothing visible
        return None
    return float(page.evaluate("window.__pmoHit - window.__pmoT0"))


def ms_since_input_until(page, condition: str, arg) -> float | None:
    """Milliseconds from the last input (``window.__pmoT0``) until the JavaScript
    ``condition`` (an expression of ``arg``) holds in the page; None after 20 s."""
    return page.evaluate(
        """([condition, arg]) => new Promise((resolve) => {
          const t0 = window.__pmoT0;
          const ok = new Function("arg", "return " + condition).bind(null, arg);
          if (ok()) return resolve(performance.now() - t0);
          const obs = new MutationObserver(() => {
            if (ok()) { obs.disconnect(); resolve(performance.now() - t0); }
          });
          obs.observe(document.body, {childList: true, subtree: true, characterData: true});
          setTimeout(() => { obs.disconnect(); resolve(null); }, 20000);
        })""",
        [condition, arg],
    )


def latency_cockpit(page, samples: int) -> dict[str, list[float]]:
    out = {"table": [], "charts": []}
    weeks = [5 + (i * 5) % 21 for i in range(samples)]  # 5, 10, 15, 20, 25, 9...
    for week in weeks:
        table = timed_input(page, "Status week", week, "text", f"Week {week} (status date")
        charts_ms = None
        if table is not None:  # the charts follow the table; time them from the same Enter
            charts_ms = ms_since_input_until(
                page, "document.body.textContent.includes(`PV, EV and AC to week ${arg}`)", week
            )
        out["table"].append(table)
        out["charts"].append(charts_ms)
    return out


def latency_what_if(page, samples: int) -> dict[str, list[float]]:
    from tests._browser import select_option

    select_option(page, "Intervention", "crash a task")
    page.locator("body", has_text="Decision: Crash").first.wait_for(timeout=30_000)
    out = {"tables": [], "chart": []}
    cycle = (3, 4, 5, 6, 7, 8, 1, 2)  # starts off the default (2); never twice the same
    for i in range(samples):
        days = cycle[i % len(cycle)]
        text = f"by {days} working days"
        out["tables"].append(
            timed_input(page, "Days saved", days, "text", f"Decision: Crash P01-T02 {text}")
        )
        chart_ms = ms_since_input_until(
            page,
            "Array.from(document.querySelectorAll('.js-plotly-plot .gtitle'))"
            ".some((g) => g.textContent.includes(arg))",
            text,
        )
        out["chart"].append(chart_ms)
    return out


def latency_risk(page, samples: int) -> dict[str, list[float]]:
    label = page.locator(".widget-slider .widget-label", has_text="R-").first
    rid = label.inner_text().strip()
    n_plots = page.locator(".js-plotly-plot").count()
    out = {"figures": []}
    values = [0.05, 0.95]
    for i in range(samples):
        out["figures"].append(
            timed_input(page, rid, f"{values[i % 2]:.2f}", "plots", max(n_plots, 1))
        )
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    parser.add_argument("--visits", type=int, default=VISITS, help="first-render visits per page")
    parser.add_argument(
        "--warm", action="store_true", help="also time each page with plotly.js already cached"
    )
    args = parser.parse_args(argv)
    wanted = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = sorted(set(wanted) - set(PAGES))
    if unknown:
        parser.error(f"unknown page {unknown[0]!r}; pages: {', '.join(PAGES)}")
    visits = args.visits
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed: pip install -e '.[test]'")
        return 1
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed: apt-get install chromium")
        return 1
    present = [p for p in wanted if (APPS / f"{p}.ipynb").exists()]
    missing = [p for p in wanted if p not in present]
    with tempfile.TemporaryDirectory(prefix="pmo-bench-") as tmp:
        home = Path(tmp)
        folder = home / "apps"
        folder.mkdir()
        for name in present:
            (folder / f"{name}.ipynb").symlink_to(APPS / f"{name}.ipynb")
        trivial_page(folder)
        port = free_port()
        # The browser shares this machine with the server; a visitor's does not. Voila
        # refills a page's pool one second after a visit (fill_delay), and the new kernel
        # running the page would then compete with the browser still drawing it.
        argv = [
            *launch.app_command(port, "127.0.0.1", apps_dir=folder, token=TOKEN),
            f"--VoilaKernelManager.fill_delay={FILL_DELAY_S}",
        ]
        env = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "IPYTHONDIR": str(home / "ipython"),
        }
        log = home / "voila.log"
        pages = [TRIVIAL, TRIVIAL_PLOT, *present]
        with log.open("wb") as out:
            server = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
            )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    urllib.request.urlopen(url + "/login", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            print(f"Voila on {url}: {', '.join(pages)}; waiting for the pre-heated kernels")
            for name in pages:
                wait_pool(log, name, 1)
            renders: dict[str, list[float]] = {name: [] for name in pages}
            warm: dict[str, list[float]] = {name: [] for name in pages}
            used = dict.fromkeys(pages, 0)
            latencies: dict[str, dict[str, list[float]]] = {}

            def visit(name: str, context=None) -> float:
                # the server idle: every pool refilled, no kernel starting or drawing ahead
                for other in pages:
                    wait_pool(log, other, used[other] + 1)
                wait_quiet()
                used[name] += 1
                page = f"{url}/voila/render/{name}.ipynb?token={TOKEN}"
                return first_render_ms(browser, page, name != "index", context)

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
                cached = browser.new_context(viewport=VIEWPORT)  # plotly.js in its cache
                visit(TRIVIAL_PLOT, cached)
                for _visit in range(visits):
                    for name in pages:
                        renders[name].append(visit(name))
                        if args.warm:
                            warm[name].append(visit(name, cached))
                cached.close()
                for name, run in (
                    ("cockpit", latency_cockpit),
                    ("what_if", latency_what_if),
                    ("risk_explorer", latency_risk),
                ):
                    if name not in present:
                        continue
                    wait_pool(log, name, used[name] + 1)
                    wait_quiet()
                    context = browser.new_context(viewport=VIEWPORT)
                    page = context.new_page()
                    page.add_init_script(RENDER_PROBE)
                    page.goto(f"{url}/voila/render/{name}.ipynb?token={TOKEN}", timeout=TIMEOUT_MS)
                    page.wait_for_function(  # a visible figure drawn (not a hidden loader)
                        "Array.from(document.querySelectorAll('.js-plotly-plot'))"
                        ".some((p) => p.offsetWidth > 0 && p.querySelector('.main-svg'))",
                        timeout=TIMEOUT_MS,
                    )
                    page.wait_for_timeout(1000)
                    latencies[name] = run(page, SAMPLES[name])
                    leave(page)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()

    trivial = statistics.median(renders[TRIVIAL])
    print(
        f"\nFirst render (median of {visits} visits, pre-heated kernels), target <= "
        f"{TARGET_RATIO}x the trivial page; cold: a fresh browser, warm (--warm): plotly.js "
        "cached"
    )
    print(f"{'page':<16}{'cold ms':>8}{'ratio':>7}{'warm ms':>9}{'ratio':>7}  cold visits (ms)")
    for name in pages:
        cold = statistics.median(renders[name])
        ratio = cold / trivial
        hot = hot_ratio = float("nan")
        if args.warm:
            hot = statistics.median(warm[name])
            hot_ratio = hot / statistics.median(warm[TRIVIAL])
        if name in (TRIVIAL, TRIVIAL_PLOT):
            mark = "  (reference)"
        else:
            mark = "  ok" if ratio <= TARGET_RATIO else "  OVER TARGET cold"
            mark += "" if not hot_ratio > TARGET_RATIO else ", OVER TARGET warm"
        shown = ", ".join(f"{v:.0f}" for v in renders[name])
        print(f"{name:<16}{cold:>8.0f}{ratio:>7.2f}{hot:>9.0f}{hot_ratio:>7.2f}  {shown}{mark}")
    for name in missing:
        print(f"{name:<16}{'missing':>8}  (notebooks/apps/{name}.ipynb does not exist)")

    print("\nInput to updated output, in the browser")
    print(f"{'page':<16}{'output':<10}{'n':>4}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}  target")
    for name in ("cockpit", "what_if", "risk_explorer"):
        if name not in latencies:
            print(f"{name:<16}missing")
            continue
        for what, values in latencies[name].items():
            got = [v for v in values if v is not None]
            lost = len(values) - len(got)
            if not got:
                print(f"{name:<16}{what:<10}   0  (no output changed)")
                continue
            target = TARGET_P95_MS[name]
            verdict = "ok" if p95(got) <= target else "OVER TARGET"
            note = f" ({lost} inputs changed nothing)" if lost else ""
            print(
                f"{name:<16}{what:<10}{len(got):>4}{statistics.median(got):>11.0f}"
                f"{p95(got):>9.0f}{max(got):>9.0f}  p95 <= {target}: {verdict}{note}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
