"""Charts in the HTML reports: plotly.js once per page, packed, and each figure as data.

plotly.js is 4.8 MB, far more than every chart of a report together. A page
holds it once, gzip-compressed and base64-encoded in an inert
``<script type="application/gzip+base64">`` (about 2 MB), and one small loader
unpacks it with the browser's ``DecompressionStream`` (every browser since
2023), runs it, then draws each figure from its JSON, held in an inert
``<script type="application/json">``. The page still opens offline and can be
mailed as it is; a browser without JavaScript shows the tables and a note
where the charts would be.

``for_print=True`` makes the page to print headless (:mod:`.pdf`): plotly.js as
plain script, so that the charts are drawn as the page loads, before the
``load`` event Chromium prints at, and each chart drawn at the width it is
printed at.

::

    figures = PageFigures()          # or PageFigures(for_print=True)
    fragment = figures(fig)          # a <div> and the figure's JSON, in the page's body
    scripts = figures.scripts()      # plotly.js and the loader, once, at the end of the body

A chart taller than a printed page (:data:`PRINT_HEIGHT_PX`) is printed smaller
(CSS ``zoom``), and drawn wider by as much, so that it fills the page's width
(:data:`PRINT_WIDTH_PX`): before a reader prints, the browser's
``beforeprint`` event redraws every chart at that width, and ``afterprint``
gives it back the window's width.
"""

from __future__ import annotations

import base64
import functools
import gzip

__all__ = ["PRINT_HEIGHT_PX", "PRINT_WIDTH_PX", "PageFigures", "packed_plotlyjs"]

#: The width of the charts in print: A4 landscape less 12 mm margins, at 96 px per inch.
PRINT_WIDTH_PX = 1000
#: The tallest a chart is printed: an A4 landscape page less its margins and a heading.
PRINT_HEIGHT_PX = 640

_CONFIG = '{"displaylogo": false, "responsive": true}'

# The loader: unpack plotly.js (unless it is already there), then draw each figure.
_LOADER = """
(function () {
  "use strict";
  var config = %(config)s;
  var forPrint = %(for_print)s;
  function draw() {
    var figures = document.querySelectorAll("script.pmo-figure");
    var drawn = [];
    for (var i = 0; i < figures.length; i++) {
      var spec = JSON.parse(figures[i].textContent);
      if (forPrint) { spec.layout.width = Number(figures[i].dataset.printWidth); }
      drawn.push(Plotly.newPlot(figures[i].dataset.target, spec.data, spec.layout, config));
    }
    return Promise.all(drawn).then(function () { document.body.dataset.charts = "drawn"; });
  }
  function unpack() {
    var packed = document.getElementById("pmo-plotlyjs");
    if (window.Plotly || !packed) { return Promise.resolve(); }
    var text = atob(packed.textContent.replace(/\\s+/g, ""));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (code) {
      var script = document.createElement("script");
      script.textContent = code;
      document.head.appendChild(script);
    });
  }
  function charts() { return document.querySelectorAll(".pmo-chart .js-plotly-plot"); }
  window.addEventListener("beforeprint", function () {
    charts().forEach(function (gd) {
      Plotly.relayout(gd, {width: Number(gd.parentNode.dataset.printWidth)});
    });
  });
  window.addEventListener("afterprint", function () {
    charts().forEach(function (gd) { Plotly.relayout(gd, {width: null, autosize: true}); });
  });
  try {
    unpack().then(draw).catch(failed);
  } catch (error) {
    failed(error);
  }
  function failed(error) {
    document.body.dataset.charts = "failed";
    document.querySelectorAll(".pmo-chart").forEach(function (box) {
      box.textContent = "The chart could not be drawn in this browser (" + error + ").";
    });
  }
})();
"""


@functools.cache
def packed_plotlyjs() -> str:
    """plotly.js, gzip-compressed (deterministic: no timestamp) and base64-encoded."""
    from plotly.offline import get_plotlyjs

    data = get_plotlyjs().encode("utf-8")
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


def _json_in_html(text: str) -> str:
    """JSON that cannot close its ``<script>``: ``<``, ``>`` and ``&`` as unicode escapes."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class PageFigures:
    """The figures of one HTML page: each as a placeholder and its data, plotly.js once.

    Parameters
    ----------
    for_print : bool
        False: the page a reader gets, plotly.js compressed (about 2 MB).
        True: a page to print headless, plotly.js as plain script (4.8 MB)
        and the charts drawn before ``load``, at their printed width.
    """

    def __init__(self, for_print: bool = False) -> None:
        self.for_print = for_print
        self.count = 0

    def __call__(self, fig, *, print_height: int = PRINT_HEIGHT_PX) -> str:
        """The HTML fragment of ``fig``: a sized ``<div>`` and the figure's JSON.

        A chart taller than ``print_height`` pixels is printed smaller, to
        that height (CSS ``zoom``), so that it stays on one page, and drawn
        wider by as much for print, so that it fills the page's width.
        """
        self.count += 1
        target = f"pmo-figure-{self.count}"
        height = int(fig.layout.height or 450)
        zoom = min(1.0, print_height / height)
        width = round(PRINT_WIDTH_PX / zoom)
        return (
            f'<div class="pmo-chart" style="--print-zoom:{zoom:.3f}" data-print-width="{width}">'
            f'<div id="{target}" style="height:{height}px">'
            "<noscript>This chart is drawn by JavaScript, which is off.</noscript></div>"
            f'<script type="application/json" class="pmo-figure" data-target="{target}" '
            f'data-print-width="{width}">'
            f"{_json_in_html(fig.to_json())}</script></div>"
        )

    def scripts(self) -> str:
        """plotly.js and the loader, to put once at the end of the body ('' without figures)."""
        if not self.count:
            return ""
        if not self.for_print:
            library = (
                '<script type="application/gzip+base64" id="pmo-plotlyjs">'
                f"{packed_plotlyjs()}</script>"
            )
        else:
            from plotly.offline import get_plotlyjs

            library = f'<script type="text/javascript">{get_plotlyjs()}</script>'
        loader = _LOADER % {"config": _CONFIG, "for_print": "true" if self.for_print else "false"}
        return f"{library}\n<script>{loader}</script>"
