"""Interactive apps for the Voila scenario pages and the notebooks (ipywidgets).

Each app is a function that builds and returns one widget; a page in
``notebooks/apps/`` imports it and displays it::

    from pmo_exercises.widgets import cockpit
    cockpit()

The apps never compute PMO figures themselves: they call the analytics
(:mod:`pmo_exercises.reporting`, :mod:`~pmo_exercises.planning`, ...) and lay
out what those return. Each app is tested by setting the ``.value`` of its
controls and checking the widgets that depend on them.

``import pmo_exercises.widgets`` stays light: ipywidgets, plotly and pandas
load on first use of an app.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# public name -> module that defines it (imported on first access)
_LAZY = {
    "cockpit": "pmo_exercises.widgets.cockpit",
    "what_if": "pmo_exercises.widgets.what_if",
    "risk_explorer": "pmo_exercises.widgets.risk_explorer",
    "portfolio_selection": "pmo_exercises.widgets.selection",
    "pmo_game": "pmo_exercises.widgets.game",
}

__all__ = ["cockpit", "pmo_game", "portfolio_selection", "risk_explorer", "what_if"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pmo_exercises.widgets' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover
    from .cockpit import cockpit
    from .game import pmo_game
    from .risk_explorer import risk_explorer
    from .selection import portfolio_selection
    from .what_if import what_if
