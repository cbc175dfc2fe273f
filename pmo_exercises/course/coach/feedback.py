"""Feedback without the key: what a trainee's feedback page may show, and how.

nbgrader restores every test cell from ``source/`` before grading, hidden tests
included, and its feedback page prints each cell as it was graded: a trainee
who reads the page reads the key. And the page, like formgrader's, shows the
trainee's markup as the browser's own: a ``<script>`` in an output or in a
written answer runs there. This module closes both.

- :class:`FeedbackWithoutKey` is the last preprocessor of nbgrader's
  ``GenerateFeedback`` (after ``GetGrades``). Each autograded test cell is
  reduced to the one-line description that opens it, whether it passed, its
  points, and the line that names the mistake (``AssertionError: cpi_by_project:
  EV and AC are swapped``), never the test code nor a traceback frame, which can
  quote it. A written part the coach has not marked yet says so instead of
  showing 0 points. Any output that quotes a hidden test (a trainee cell that
  prints ``In``, say) is withheld, and a solution or hidden-test region left in
  any cell is cut.
- :func:`clean_html` is nbconvert's ``clean_html`` filter with the kit's
  allow-list, through `nh3` (the Ammonia sanitiser): scripts and styles are
  removed with their content, ``on*=`` handlers and ``javascript:`` URLs
  dropped, while text, tables (``thead``, ``th``, pandas' classes and
  alignment), images and links are kept. nbconvert's own list would escape a
  pandas table into text.
- :func:`strip_files_prefix` is nbconvert's filter of the same name followed
  by :func:`clean_html`. nbgrader's feedback and formgrade templates render
  markdown cells (the written answers) as ``markdown2html |
  strip_files_prefix`` without cleaning them, even with ``sanitize_html``; this
  filter is where every HTML template passes rendered markdown, so replacing it
  sanitises written answers in the feedback and in formgrader alike.

``course/nbgrader_config.py`` wires all three (see "Feedback without the key"
there) and picks :data:`TEMPLATE_NAME`, the feedback template that shows the
reduced cells.
"""

from __future__ import annotations

import re

import nh3
from nbconvert.filters import strip_files_prefix as _nbconvert_strip_files_prefix
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker
from traitlets import List

__all__ = [
    "AWAITING",
    "TEMPLATE_NAME",
    "WITHHELD",
    "FeedbackWithoutKey",
    "check_description",
    "clean_html",
    "failure_message",
    "hidden_lines",
    "strip_files_prefix",
    "without_regions",
]

#: The feedback template, in ``templates/`` beside this module (found by name
#: through :class:`~pmo_exercises.course.coach.exporter.CachedHTMLExporter`).
TEMPLATE_NAME = "pmo_feedback.html.j2"

#: What a written part not yet marked says in place of its score.
AWAITING = "awaiting your coach's marking"

#: What an output that quotes a hidden test shows instead.
WITHHELD = "(output withheld from the feedback: it quotes the grading tests)"

_REGIONS = re.compile(
    r"^[ \t]*### BEGIN (HIDDEN TESTS|SOLUTION)\b.*?(?:^[ \t]*### END \1\b[^\n]*(?:\n|\Z)|\Z)",
    re.S | re.M,
)
_HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)(?:^[ \t]*### END HIDDEN TESTS|\Z)", re.S | re.M
)
_DOCSTRING = re.compile(r"""\A\s*[rRuU]?(\"\"\"|'''|"|')(.*?)\1""", re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

#: Hidden-test lines shorter than this (``)``, ``else:``) are too common to
#: withhold an output for.
_QUOTABLE = 10


# -- what a test cell may say ---------------------------------------------------------
def without_regions(source: str) -> str:
    """`source` without its hidden-test and solution regions, markers included.

    Parameters
    ----------
    source : str
        A cell's source.

    Returns
    -------
    str
        Everything outside ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN
        TESTS`` and ``### BEGIN SOLUTION`` ... ``### END SOLUTION``; a region
        left open runs to the end of the cell.
    """
    return _REGIONS.sub("", source)


def hidden_lines(source: str) -> set[str]:
    """The lines of a test cell's hidden region that are long enough to recognise.

    Parameters
    ----------
    source : str
        A test cell's source, as nbgrader restored it.

    Returns
    -------
    set of str
        Each stripped line of the hidden region of at least ten characters.
    """
    lines = set()
    for block in _HIDDEN.findall(source):
        lines.update(ln.strip() for ln in block.splitlines() if len(ln.strip()) >= _QUOTABLE)
    return lines


def check_description(source: str, fallback: str = "") -> str:
    """The one line that says what a test cell checks: its opening docstring.

    Parameters
    ----------
    source : str
        The test cell's source (``\"\"\"cpi: EV over AC, per project.\"\"\"`` first).
    fallback : str
        What to say when the cell opens with no docstring (its grade id).

    Returns
    -------
    str
        The docstring, its lines joined with single spaces.
    """
    match = _DOCSTRING.match(source)
    text = " ".join(match.group(2).split()) if match else ""
    return text or fallback


def _error_line(output) -> str:
    """``ExceptionName: message`` of one error output, as its traceback's last line."""
    name = _ANSI.sub("", str(output.get("ename", "Error")))
    value = _ANSI.sub("", str(output.get("evalue", ""))).strip()
    if name == "KeyboardInterrupt" and not value:
        value = "the check ran past the time limit and was stopped"
    return f"{name}: {value}" if value else name


def failure_message(outputs: list) -> str:
    """The line that names the mistake: ``ExceptionName: message`` of the cell's error.

    The traceback above it is dropped: its frames quote the test code that
    raised, hidden tests included.

    Parameters
    ----------
    outputs : list
        The test cell's outputs.

    Returns
    -------
    str
        ``"AssertionError: n_projects: this counts the tasks, not the projects"``,
        the name alone when the error has no message, ``""`` when nothing failed.
    """
    return "\n".join(_error_line(o) for o in outputs if o.get("output_type") == "error")


def _quotes(text, secret: set[str]) -> bool:
    if isinstance(text, list):
        text = "".join(text)
    if not isinstance(text, str):
        return False
    return "BEGIN HIDDEN TESTS" in text or any(line in text for line in secret)


def _output_quotes(output, secret: set[str]) -> bool:
    if _quotes(output.get("text"), secret):
        return True
    if output.get("output_type") == "error":
        parts = [output.get("evalue", ""), *output.get("traceback", [])]
        return any(_quotes(_ANSI.sub("", str(p)), secret) for p in parts)
    return any(_quotes(value, secret) for value in output.get("data", {}).values())


def _withheld() -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=WITHHELD + "\n")


#: nbgrader's order of output types (its preprocessors' ``display_data_priority``).
_PRIORITY = ["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png"]
_PRIORITY += ["image/jpeg", "text/plain"]


# -- the preprocessor -----------------------------------------------------------------
class FeedbackWithoutKey(NbGraderPreprocessor):
    """Reduce the graded notebook to what its trainee may read.

    Runs in nbgrader's ``GenerateFeedback`` after ``GetGrades``, whose cell
    scores it reads. Each cell gets ``metadata.pmo_feedback``, which the
    course's feedback template (:data:`TEMPLATE_NAME`) shows:

    - an autograded test cell: ``{"check": description, "passed": bool,
      "message": "AssertionError: ..."}``; its source becomes the docstring
      alone and its outputs the message alone, so that even nbgrader's own
      template would show nothing more;
    - a written part with neither an autograder's nor a coach's score yet:
      ``{"awaiting": True}``.

    ``resources["pmo_feedback"]["awaiting_points"]`` adds up the points still
    to be marked, for the page's heading.
    """

    # nbconvert's exporter configures this on every preprocessor; like nbgrader's
    # GetGrades, accept it (unused) rather than warn on every run
    display_data_priority = List(_PRIORITY, config=True)

    def preprocess(self, nb, resources):
        """Find what is secret and what awaits marking, then reduce every cell."""
        meta = resources["nbgrader"]
        self._awaiting = self._unmarked(
            meta["db_url"], meta["notebook"], meta["assignment"], meta["student"]
        )
        secret: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type == "code" and _is_test(cell):
                secret |= hidden_lines(cell.source)
        self._secret = secret
        resources["pmo_feedback"] = {"awaiting_points": 0.0}
        return super().preprocess(nb, resources)

    @staticmethod
    def _unmarked(db_url: str, notebook: str, assignment: str, student: str) -> set[str]:
        """Grade ids of this submission's cells that nobody has scored yet."""
        with _KeptGradebook(db_url) as gradebook:
            try:
                submitted = gradebook.find_submission_notebook(notebook, assignment, student)
            except MissingEntry:
                return set()
            return {
                grade.name
                for grade in submitted.grades
                if grade.manual_score is None and grade.auto_score is None
            }

    def preprocess_cell(self, cell, resources, index):
        """A test cell reduced to its verdict; other cells without solution regions."""
        if cell.cell_type == "code" and _is_test(cell):
            self._reduce_test(cell)
            return cell, resources
        if cell.cell_type in ("code", "markdown"):
            cell.source = without_regions(cell.source)
        if cell.cell_type == "code":
            cell.outputs = [
                _withheld() if _output_quotes(output, self._secret) else output
                for output in cell.outputs
            ]
        nbgrader = cell.metadata.get("nbgrader", {})
        if utils.is_grade(cell) and nbgrader.get("grade_id") in self._awaiting:
            cell.metadata["pmo_feedback"] = {"awaiting": True}
            resources["pmo_feedback"]["awaiting_points"] += float(nbgrader.get("points") or 0)
        return cell, resources

    def _reduce_test(self, cell) -> None:
        nbgrader = cell.metadata["nbgrader"]
        check = check_description(cell.source, fallback=nbgrader.get("grade_id", "this check"))
        errors = []
        for output in cell.outputs:
            if output.get("output_type") != "error":
                continue
            name, line = _ANSI.sub("", str(output.get("ename", "Error"))), _error_line(output)
            if any(secret in line for secret in self._secret):
                line = name  # the exception's name alone: never the test's code
            value = line[len(name) + 2 :] if line.startswith(f"{name}: ") else ""
            errors.append(
                NotebookNode(output_type="error", ename=name, evalue=value, traceback=[line])
            )
        message = "\n".join(e.traceback[0] for e in errors)
        points = float(nbgrader.get("points") or 0)
        score = nbgrader.get("score")
        passed = not errors if score is None else float(score) >= points - 1e-9
        cell.source = f'"""{check}"""'
        cell.outputs = errors  # prints and displays of the tests are dropped with them
        cell.metadata["pmo_feedback"] = {"check": check, "passed": passed, "message": message}


#: One SQLAlchemy engine per gradebook URL, for the life of the process.
_ENGINES: dict[str, object] = {}


class _KeptGradebook(Gradebook):
    """nbgrader's gradebook on an engine kept for the process, without its set-up.

    nbgrader's ``Gradebook()`` creates an engine, checks every table and the
    course row each time: 28 ms, against 3 for the query itself. ``GetGrades``
    has just done all that on the same database, so this one only opens a
    session (fresh each time: the coach's marks are read as they are now).
    """

    def __init__(self, db_url: str) -> None:
        engine = _ENGINES.get(db_url)
        if engine is None:
            engine = _ENGINES[db_url] = create_engine(db_url, future=True)
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))

    def close(self) -> None:
        self.db.remove()  # the engine stays for the next notebook


def _is_test(cell) -> bool:
    """An autograded test cell: graded, not an answer the trainee writes."""
    return utils.is_grade(cell) and not utils.is_solution(cell)


# -- sanitising -----------------------------------------------------------------------
#: Inline styles kept (pandas aligns its headers; nothing here can load or run code).
_STYLES = {
    "background-color",
    "border",
    "border-collapse",
    "color",
    "font-style",
    "font-weight",
    "max-width",
    "min-width",
    "padding",
    "text-align",
    "vertical-align",
    "white-space",
    "width",
}
_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"class", "id", "title", "lang", "dir", "style"}
_ATTRIBUTES["table"] = _ATTRIBUTES.get("table", set()) | {"border"}
_SCHEMES = set(nh3.ALLOWED_URL_SCHEMES) | {"data"}


def _only_images_as_data(tag: str, attribute: str, value: str) -> str | None:
    """``data:`` URLs are kept as an image's source only (nbconvert embeds images so)."""
    if value.strip().lower().startswith("data:") and not (
        tag == "img" and attribute == "src" and value.strip().lower().startswith("data:image/")
    ):
        return None
    return value


def clean_html(html) -> str:
    """`html` without anything that runs: nbconvert's ``clean_html`` filter, for the kit.

    Parameters
    ----------
    html : str or bytes
        Markup from a trainee: an output, a rendered written answer.

    Returns
    -------
    str
        The markup with ``<script>`` and ``<style>`` removed with their
        content, event handlers (``onerror=``, ``onclick=``...) and
        ``javascript:`` URLs dropped, unknown tags unwrapped; text, tables,
        lists, code, images and links are kept.
    """
    html = html.decode() if isinstance(html, bytes) else str(html)
    return nh3.clean(
        html,
        attributes=_ATTRIBUTES,
        attribute_filter=_only_images_as_data,
        url_schemes=_SCHEMES,
        filter_style_properties=_STYLES,
    )


def strip_files_prefix(text: str) -> str:
    """nbconvert's ``strip_files_prefix`` on rendered markdown, then :func:`clean_html`.

    Every HTML template of nbconvert and nbgrader renders a markdown cell as
    ``cell.source | markdown2html | strip_files_prefix``; nbgrader's feedback
    and formgrade templates then print it as it is. Registered under the same
    name (``HTMLExporter.filters``), this makes every rendered markdown cell,
    a trainee's written answer first, safe in both.
    """
    return clean_html(_nbconvert_strip_files_prefix(text))
