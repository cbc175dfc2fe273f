"""Shared fixtures: portfolios built once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import settings

import pmo_exercises as pmo
from pmo_exercises.simulation.teaching import build_teaching_portfolio

# In CI every property-based test draws the same examples run after run, so a
# red build can be reproduced; on a developer's machine they explore afresh.
# No deadline in CI: a loaded machine must not fail a property test on time.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


# What the kit remembers for a user (the hints seen, the trainee id) goes to a
# folder of this run, for the tests and the kernels they start: never the
# developer's own ~/.config/pmo, and nothing carried from one run to the next.
_CONFIG_ROOT = tempfile.mkdtemp(prefix="pmo-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_ROOT


@pytest.fixture(autouse=True)
def _own_user_config(monkeypatch):
    """Each test starts with an empty user configuration: no hints seen, no trainee id."""
    monkeypatch.setenv("XDG_CONFIG_HOME", tempfile.mkdtemp(dir=_CONFIG_ROOT))


@pytest.fixture(scope="session")
def teaching():
    """The default teaching portfolio, built from its seed (not read from disk)."""
    return build_teaching_portfolio()


@pytest.fixture(scope="session")
def small():
    """A three-project portfolio with ten weeks of history."""
    plan = pmo.generate_portfolio(seed=7, n_projects=3, tasks_per_project=12)
    return pmo.simulate(plan, weeks=10, seed=7)


# The browser-test fixtures (a Voila server for the session, chromium, open_page):
# registered here so that every tests/test_browser_*.py file shares the one server.
from tests._browser import browser, open_page, voila_app  # noqa: E402, F401
