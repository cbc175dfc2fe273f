"""The index, cockpit and what-if pages, opened in headless chromium (see tests/_browser.py)."""

from __future__ import annotations

import pytest

from tests._browser import screenshot

pytestmark = pytest.mark.slow


def test_index_links_every_page(open_page) -> None:
    """The index renders and links the five scenario pages by their file names."""
    page = open_page("index", widgets=False)
    assert "PMO scenario pages" in page.inner_text("body")
    screenshot(page, "index")
