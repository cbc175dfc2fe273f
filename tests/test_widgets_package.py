"""The widgets package: each app name is the app's function, whatever was imported before."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

APPS = ["cockpit", "what_if", "risk_explorer", "portfolio_selection", "pmo_game"]


@pytest.mark.parametrize("name", APPS)
def test_the_app_name_stays_a_function_after_its_module_is_imported(name):
    import pmo_exercises.widgets as widgets

    importlib.import_module(widgets._LAZY[name])
    assert callable(getattr(widgets, name)) and not isinstance(getattr(widgets, name), type(sys))


def test_importing_the_package_loads_no_widget_library():
    code = (
        "import sys, pmo_exercises.widgets; "
        "print(sorted(m for m in ('ipywidgets', 'plotly', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
