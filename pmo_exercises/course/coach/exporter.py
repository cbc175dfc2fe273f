"""nbgrader's feedback exporter: nbconvert's HTML exporter, made cheap per page.

Two costs of nbconvert's exporter grow with every trainee, and neither changes
the page:

* nbgrader makes a new HTML exporter for every feedback page, and nbconvert a
  new Jinja environment for every exporter, so the same templates were compiled
  again for every trainee. This exporter keeps the compiled templates in memory,
  keyed by their source's checksum (Jinja's own bytecode cache), so a changed
  template is compiled again.
* Once the page is rendered, nbconvert parses all of it again with
  BeautifulSoup's pure-Python parser only to add two accessibility touches:
  alternative text on images without any, and ``tabindex="0"`` on every cell
  input and output so that a keyboard reaches them. On a fourteen-cell
  assignment that parse was a third of the feedback's time. Here the same two
  edits are made on the text, outside ``<script>`` and ``<style>`` blocks.
* Most code cells are the same in every trainee's notebook (the set-up and the
  test cells, restored by nbgrader before grading), yet pygments coloured each
  one again for every page. Coloured cells are remembered, keyed by their
  source and language.

The exporter also finds the kit's own templates by name (``templates/`` beside
this module, after nbconvert's and nbgrader's, so it never shadows theirs): the
course's feedback page, ``pmo_feedback.html.j2``, is one of them (see
:mod:`.feedback` and ``course/nbgrader_config.py``). It renders what the
configuration asks, nothing more: sanitising trainee markup is the course
configuration's ``HTMLExporter.sanitize_html`` and ``HTMLExporter.filters``.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

from jinja2 import BytecodeCache, FileSystemLoader
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.highlight import Highlight2HTML

__all__ = ["CachedHTMLExporter", "accessible"]

#: The kit's templates (the class report, the course's feedback page).
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: nbconvert's words for an image without a description.
NO_ALT = "No description has been provided for this image"

_RAW_BLOCKS = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>)", re.S | re.I)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt\s*=)", re.I)
_FOCUSABLE_DIV = re.compile(
    r'<div class="([^"]*?(?<![\w-])(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?![\w-])[^"]*)"'
    r"(?![^>]*\stabindex\s*=)"
)


def accessible(html: str) -> str:
    """`html` with nbconvert's accessibility edits: image alt text, focusable cells.

    Parameters
    ----------
    html : str
        A page rendered by nbconvert's lab template.

    Returns
    -------
    str
        The page with ``alt`` on every ``<img>`` that had none and
        ``tabindex="0"`` on every cell input wrapper and output area; the text
        of ``<script>`` and ``<style>`` blocks is left as it is.
    """
    parts = _RAW_BLOCKS.split(html)
    for i in range(0, len(parts), 2):  # the even parts lie outside script and style
        text = _IMG_WITHOUT_ALT.sub(lambda tag: f'{tag.group(0)} alt="{NO_ALT}"', parts[i])
        parts[i] = _FOCUSABLE_DIV.sub(r'<div class="\1" tabindex="0"', text)
    return "".join(parts)


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_CACHE = _InMemory()


class _Unparsed(str):
    """Stands in for ``BeautifulSoup(html)`` in nbconvert: the page, with nothing selected."""

    def __new__(cls, markup: str, *args, **kwargs) -> _Unparsed:
        return super().__new__(cls, markup)

    def select(self, selector: str) -> list:
        return []


#: Coloured code cells kept per worker: (source, language) -> HTML.
_HIGHLIGHTED: dict[tuple[str, str], str] = {}
_HIGHLIGHTED_MAX = 2048


class _RememberedHighlight:
    """nbconvert's code colouring, computed once per (source, language)."""

    def __init__(self, highlight: Highlight2HTML) -> None:
        self._highlight = highlight

    def __call__(self, source: str, language: str | None = None, metadata=None) -> str:
        # the cell metadata matters to nbconvert only through "magics_language"
        magics = (metadata or {}).get("magics_language")
        key = (source, f"{language or self._highlight.pygments_lexer}|{magics}")
        html = _HIGHLIGHTED.get(key)
        if html is None:
            html = self._highlight(source, language, metadata)
            if len(_HIGHLIGHTED) >= _HIGHLIGHTED_MAX:
                _HIGHLIGHTED.clear()
            _HIGHLIGHTED[key] = html
        return html


class CachedHTMLExporter(HTMLExporter):
    """The HTML exporter nbgrader uses for feedback: shared templates, no second parse.

    Templates are found where nbconvert finds them, then in the kit's
    ``templates/`` (:data:`TEMPLATES`).
    """

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _CACHE
        # last: nbconvert's and nbgrader's templates of the same name come first
        environment.loader.loaders.append(FileSystemLoader(str(TEMPLATES)))
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        """The feedback page of ``nb``, highlighted once per cell and made accessible."""
        # nbconvert takes a "highlight_code" filter from self.filters when one is given
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        highlight = Highlight2HTML(pygments_lexer=lexer, parent=self)
        self.filters = {**self.filters, "highlight_code": _RememberedHighlight(highlight)}
        with mock.patch("nbconvert.exporters.html.BeautifulSoup", _Unparsed):
            html, resources = super().from_notebook_node(nb, resources, **kw)
        return accessible(str(html)), resources
