"""A plotly figure as display data, the two ways the kit draws it.

* :func:`mime_bundle`: the plotly mime type (``application/vnd.plotly.v1+json``),
  drawn by the ``jupyterlab-plotly`` extension that ships inside the plotly
  package, full plotly.js included: the default, for figures in JupyterLab;
* :func:`fast_bundle`: the figure JSON with a script (``static/fast_figure.js``)
  that draws it with one ``Plotly.newPlot``, for pages that already hold
  plotly.js. On a Voila page that is plotly.js's basic bundle
  (:data:`PLOTLY_BASIC_JS`, sent by :func:`plotly_basic_html`).

:func:`figure_in_output` reads the figure back from either. No widget here: the
panes that show these are in :mod:`._figures`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import uuid
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import plotly.graph_objects as go

__all__ = [
    "PLOTLY_BASIC_JS",
    "PLOTLY_BASIC_TRACES",
    "PLOTLY_CONFIG",
    "PLOTLY_MIME",
    "fast_bundle",
    "fast_script",
    "figure_dict",
    "figure_in_output",
    "in_voila",
    "mime_bundle",
    "plotly_basic_html",
]

#: The mime type the plotly front-end extension draws.
PLOTLY_MIME = "application/vnd.plotly.v1+json"

#: Plotly options for the pages: no logo, no link to an online editor.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

#: The plotly.js the Voila pages load: the "basic" bundle (scatter, bar and pie
#: traces, the only ones the pages draw), a quarter of the full bundle's size.
PLOTLY_BASIC_JS = Path(__file__).with_name("static") / "plotly-basic.min.js"
#: The trace types :data:`PLOTLY_BASIC_JS` can draw.
PLOTLY_BASIC_TRACES = frozenset({"scatter", "bar", "pie"})


def in_voila() -> bool:
    """Whether this kernel runs a Voila page (Voila sets ``VOILA_BASE_URL`` for its kernels)."""
    return "VOILA_BASE_URL" in os.environ


def figure_dict(fig: go.Figure | dict) -> dict[str, Any]:
    """A figure as a JSON-safe plotly dict: cheap to show again with ``show_figure``."""
    from plotly.io import to_json

    return json.loads(to_json(fig, validate=False, remove_uids=False))


def _title(fig_dict: dict[str, Any]) -> str:
    return (fig_dict.get("layout", {}).get("title") or {}).get("text") or "plotly figure"


def mime_bundle(fig: go.Figure | dict) -> dict[str, Any]:
    """The display data of a figure (or a figure dict) as the plotly mime type, JSON-safe."""
    fig_dict = figure_dict(fig)
    fig_dict["config"] = dict(PLOTLY_CONFIG)
    return {PLOTLY_MIME: fig_dict, "text/plain": f"<figure: {_title(fig_dict)}>"}


@functools.cache
def plotly_basic_html() -> str:
    """A ``<script>`` that runs the basic plotly.js bundle once per page (read once)."""
    source = PLOTLY_BASIC_JS.read_text(encoding="utf-8")
    if "</script" in source.lower():  # it would end the script element early
        raise ValueError(f"{PLOTLY_BASIC_JS} holds '</script', which cannot be inlined")
    # Once run, the script removes itself: a megabyte of text less in the page's DOM.
    return (
        f"<script>if (!window.Plotly) {{\n{source}\n}}\n"
        "if (document.currentScript) { document.currentScript.remove(); }</script>"
    )


@functools.cache
def fast_script() -> str:
    """The ``<script>`` of a fast figure, with ``%(id)s`` and ``%(pane)s`` to fill in.

    It waits for plotly.js, then draws the figure whose JSON sits in the node
    ``<id>-json`` into the node ``<id>``, or updates the last drawing of the
    pane ``<pane>`` with ``Plotly.react``. Its source is the package file
    ``static/fast_figure.js``, read once, without its leading ``//`` comments.
    """
    source = files("pmo_exercises.widgets").joinpath("static", "fast_figure.js")
    lines = source.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    return "<script>" + "\n".join(lines).strip() + "</script>"


def fast_bundle(fig: go.Figure | dict, pane: str = "") -> dict[str, Any]:
    """The figure as HTML: its JSON and a script drawing it with the page's plotly.js.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure or dict
        The figure.
    pane : str
        The pane it is shown in (its widget model id): the script updates that
        pane's previous drawing instead of drawing anew.

    Returns
    -------
    dict
        Display data: ``text/html`` and ``text/plain``.

    Raises
    ------
    ValueError
        On a Voila page, for a trace type the basic bundle cannot draw: the
        page would show an empty chart.
    """
    fig_dict = mime_bundle(fig)[PLOTLY_MIME]
    if in_voila():
        kinds = {trace.get("type", "scatter") for trace in fig_dict.get("data", [])}
        if not kinds <= PLOTLY_BASIC_TRACES:
            raise ValueError(
                f"the Voila pages load plotly.js's basic bundle, which cannot draw "
                f"{', '.join(sorted(kinds - PLOTLY_BASIC_TRACES))} traces; use "
                f"{', '.join(sorted(PLOTLY_BASIC_TRACES))}"
            )
    height = int(fig_dict.get("layout", {}).get("height") or 360)
    node = f"pmo-figure-{uuid.uuid4().hex}"
    payload = json.dumps(fig_dict).replace("</", "<\\/")  # still JSON, never ends the tag
    html_text = (
        f'<div id="{node}" class="pmo-fast-figure" style="height:{height}px;width:100%"></div>'
        f'<script type="application/json" id="{node}-json">{payload}</script>'
        + fast_script()
        % {"id": node, "pane": re.sub(r"[^0-9A-Za-z_-]", "", pane) or node}
    )
    return {"text/html": html_text, "text/plain": f"<figure: {_title(fig_dict)}>"}


_FAST_JSON = re.compile(r'<script type="application/json" id="[^"]+">(.*?)</script>', re.S)


def figure_in_output(output: dict[str, Any]) -> dict[str, Any] | None:
    """The figure an output (an entry of ``Output.outputs``) shows, as a plotly dict, or None."""
    data = output.get("data", {})
    if PLOTLY_MIME in data:
        return data[PLOTLY_MIME]
    found = _FAST_JSON.search(data.get("text/html", ""))
    if found:
        return json.loads(found.group(1))
    return None
