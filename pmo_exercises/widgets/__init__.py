"""Interactive apps for the Voila scenario pages and the notebooks (ipywidgets).

Each app is a function that builds and returns one widget; a page in
``notebooks/apps/`` imports it and displays it::

    from pmo_exercises.widgets import cockpit
    cockpit()

The apps never compute PMO figures themselves: they call the analytics
(:mod:`pmo_exercises.reporting`, :mod:`~pmo_exercises.planning`, ...) and lay
out what those return. Each app is tested by setting the ``.value`` of its
controls and checking the widgets that depend on them.

Each app lives in a module named ``<app>_app`` (``cockpit_app`` defines
``cockpit``): a module named like its function would replace the function on
this package as soon as anything imported the module.

``import pmo_exercises.widgets`` stays light: ipywidgets, plotly and pandas
load on first use of an app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

# public name -> module that defines it (imported on first access)
_LAZY = {
    "cockpit": "pmo_exercises.widgets.cockpit_app",
    "what_if": "pmo_exercises.widgets.what_if_app",
    "risk_explorer": "pmo_exercises.widgets.risk_explorer_app",
    "portfolio_selection": "pmo_exercises.widgets.selection_app",
    "pmo_game": "pmo_exercises.widgets.game_app",
}

__all__ = ["cockpit", "pmo_game", "portfolio_selection", "risk_explorer", "what_if"]


__getattr__, __dir__ = attach(__name__, globals(), _LAZY)


if TYPE_CHECKING:  # pragma: no cover
    from .cockpit_app import cockpit
    from .game_app import pmo_game
    from .risk_explorer_app import risk_explorer
    from .selection_app import portfolio_selection
    from .what_if_app import what_if
