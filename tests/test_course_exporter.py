"""The feedback exporter makes the page nbconvert makes, without parsing it twice."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from pmo_exercises.course.coach.exporter import NO_ALT, CachedHTMLExporter, accessible

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def _notebook() -> nbformat.NotebookNode:
    """A graded notebook's shapes: markdown, code, text, HTML, images, an error, a script."""
    nb = new_notebook(metadata={"language_info": {"name": "python"}})
    nb.cells = [
        new_markdown_cell("# Tracking\n\n![chart](chart.png) and <img src='x.png' alt='kept'>"),
        new_code_cell(
            "cpi = ev / ac  # '<img' in code is text\nprint(cpi)",
            outputs=[new_output("stream", name="stdout", text="0.92\n")],
        ),
        new_code_cell(
            "df",
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/html": "<table><tr><td>P01</td></tr></table>", "text/plain": "P01"},
                    execution_count=1,
                ),
                new_output("display_data", data={"image/png": PNG, "text/plain": "<figure>"}),
                new_output(
                    "display_data",
                    data={"text/html": '<script>var s = "<img src=a>";</script><b>drawn</b>'},
                ),
            ],
        ),
        new_code_cell(
            "assert cpi > 1, 'CPI below 1: the project is over cost'",
            outputs=[
                new_output(
                    "error",
                    ename="AssertionError",
                    evalue="CPI below 1",
                    traceback=["AssertionError: CPI below 1: the project is over cost"],
                )
            ],
        ),
    ]
    return nb


def _marks(html: str) -> tuple[list, list, str]:
    """What the accessibility pass sets, and the page's text, as a browser reads them."""
    soup = BeautifulSoup(html, "html.parser")
    focusable = [
        (e.name, " ".join(e.get("class", []))) for e in soup.find_all(attrs={"tabindex": "0"})
    ]
    alts = [e.get("alt") for e in soup.find_all("img")]
    text = re.sub(r"\s+", " ", soup.get_text())
    return focusable, alts, text


def test_the_page_is_nbconvert_s_own() -> None:
    nb = _notebook()
    ours, _ = CachedHTMLExporter().from_notebook_node(nb)
    theirs, _ = HTMLExporter().from_notebook_node(nb)
    focusable, alts, text = _marks(ours)
    assert (focusable, alts, text) == _marks(theirs)
    assert len(focusable) == 9  # four cell inputs, five outputs
    assert alts == ["chart", "kept", NO_ALT]  # the markdown's own text is kept
    assert 'var s = "<img src=a>";' in ours, "script text is never edited"
    assert "'<img' in code is text" in text  # code is escaped, never taken for a tag


def test_templates_are_compiled_once_for_every_page() -> None:
    first, second = CachedHTMLExporter(), CachedHTMLExporter()
    first.from_notebook_node(_notebook())
    html, _ = second.from_notebook_node(_notebook())
    assert "Tracking" in html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="a.png">', f'<img alt="{NO_ALT}" src="a.png">'),
        ('<img alt="" src="a.png">', '<img alt="" src="a.png">'),  # decorative: kept
        ('<IMG SRC="a.png">', f'<IMG alt="{NO_ALT}" SRC="a.png">'),
        ('<div class="jp-Cell-inputWrapper">', '<div class="jp-Cell-inputWrapper" tabindex="0">'),
        (
            '<div class="jp-OutputArea-output x" tabindex="-1">',
            '<div class="jp-OutputArea-output x" tabindex="-1">',
        ),
        ('<div class="jp-OutputArea-outputs">', '<div class="jp-OutputArea-outputs">'),
        ('<div class="x-jp-Cell-inputWrapper-y">', '<div class="x-jp-Cell-inputWrapper-y">'),
        (
            "<style>img{}</style><script>'<img'</script>",
            "<style>img{}</style><script>'<img'</script>",
        ),
    ],
)
def test_accessible_edits(html: str, expected: str) -> None:
    assert accessible(html) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' imgIMGaltdivscriptsyle")), max_size=80))
def test_accessible_never_loses_text(html: str) -> None:
    """Whatever the markup, the edits only add attributes: nothing is removed or moved."""
    out = accessible(html)
    added = re.sub(r' alt="No description has been provided for this image"| tabindex="0"', "", out)
    assert added == html
