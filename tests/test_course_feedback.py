"""Feedback without the key: what a trainee's feedback page shows, and what it never shows.

The tiny course (tests/_course_helpers.py) is graded with plain nbgrader
(``autograde`` then ``generate_feedback``, through nbgrader's API on the
course's own configuration), so these hold for ``nbgrader generate_feedback``
as much as for ``pmo course grade``, which calls the same API. Each page must
show every check by its description, passed or not, and the mistake's
message; never a hidden test, a traceback, a model answer or a rubric; a
written part not yet marked says so; a trainee's markup never runs, in the
feedback or in formgrader, while their text and tables stay.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _course_helpers import (
    TINY,
    add_cell,
    cell_by_id,
    read,
    release_nb,
    replace_answer,
    solution_nb,
    source_text,
    submit,
    tiny_course,
)
from bs4 import BeautifulSoup
from nbformat.notebooknode import from_dict

from pmo_exercises.course.coach.build import build
from pmo_exercises.course.coach.course import quiet
from pmo_exercises.course.coach.feedback import (
    AWAITING,
    TEMPLATE_NAME,
    WITHHELD,
    check_description,
    clean_html,
    failure_message,
    hidden_lines,
    without_regions,
)

MISTAKE = "AssertionError: n_projects: this counts the tasks, not the projects"

# Markers are put together at run time, so that only an output can hold them
# whole (a trainee's code is shown on the page, as code).
OUTPUT_MARKUP = """
from IPython.display import HTML, display
mark = "XSS" + "-IN-OUTPUT"
display(HTML(
    "<p>kept output text</p><table><tr><td>kept-output-cell</td></tr></table>"
    f"<script>document.title = '{mark}'</script>"
    "<img src='x.png' on" "error='alert(1)'>"
    "<a href='java" "script:alert(2)'>output link</a>"
))
pd.DataFrame({"project": ["P01"], "cpi": [0.92]})
"""

WRITTEN_MARKUP = """Doubling a number adds it to itself, kept answer text.

<script>document.title = 'XSS-IN-ANSWER'</script>
<img src="x.png" onerror="alert(3)">
<a href="javascript:alert(4)">answer link</a> and [another](javascript:alert(5))

| project | cpi |
|---|---|
| kept-answer-cell | 0.92 |
"""

OWN_ANSWER = "Doubling a number is adding it to itself: 2 x is x + x."


def _written(nb: dict, text: str) -> dict:
    nb = json.loads(json.dumps(nb))
    cell_by_id(nb, "explain")["source"] = text
    return nb


def _append(nb: dict, code: str) -> dict:
    """The notebook with a trainee code cell at its very end (after every test)."""
    nb = json.loads(json.dumps(nb))
    last = nb["cells"][-1]["metadata"].get("nbgrader", {}).get("grade_id")
    return add_cell(nb, code, after=last)


def _page(course, student: str) -> str:
    """The feedback page as written (markup, not the text a reader sees)."""
    path = course.folder("feedback", student, TINY) / f"{TINY}.html"
    return path.read_text(encoding="utf-8")


def _panel(page: str, grade_id: str) -> str:
    """The text of one graded cell's panel on the page, spaces collapsed."""
    soup = BeautifulSoup(page, "html.parser")
    anchor = soup.find("a", attrs={"name": grade_id})
    assert anchor is not None, f"no cell {grade_id} on the page"
    panel = anchor.find_parent("div", class_="nbgrader_cell")
    return " ".join(panel.get_text(" ").split())


def _text(page: str) -> str:
    """What a trainee reads on the page: its text, outside styles and scripts."""
    soup = BeautifulSoup(page, "html.parser")
    for block in soup.find_all(["style", "script"]):
        block.decompose()
    return " ".join(soup.get_text(" ").split())


def _feedback(course, student: str) -> None:
    with quiet():
        outcome = course.api().generate_feedback(TINY, student, force=True)
    assert outcome["success"], outcome.get("error")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The tiny course, four submissions autograded and their feedback generated."""
    course = tiny_course(tmp_path_factory.mktemp("feedback"))
    build(course, execute=False, write_solutions=False)
    solved = _written(solution_nb(course, TINY), OWN_ANSWER)
    mistake = replace_answer(solved, "answer_n_projects", "n_projects = len(portfolio.tasks)")
    mistake = add_cell(mistake, OUTPUT_MARKUP, after="answer_double")
    submit(course, "mistake", TINY, _written(mistake, WRITTEN_MARKUP))
    submit(course, "blank", TINY, release_nb(course, TINY))
    submit(course, "sneaky", TINY, _append(solved, 'print("\\n".join(In))'))
    submit(course, "marked", TINY, solved)
    api = course.api()
    with quiet():
        for student in ("mistake", "blank", "sneaky", "marked"):
            outcome = api.autograde(TINY, student, force=True, create=True)
            assert outcome["success"], outcome.get("error")
            outcome = api.generate_feedback(TINY, student, force=True)
            assert outcome["success"], outcome.get("error")
    return course


def _hidden_blocks(course) -> list[str]:
    """Every line of every hidden-test block of the source notebook."""
    lines = []
    for cell in read(course.source_notebook(TINY))["cells"]:
        inside = False
        for line in source_text(cell).splitlines():
            if "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END HIDDEN TESTS" in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


def _feedback_files(course) -> list[Path]:
    return sorted(p for p in (course.root / "feedback").rglob("*") if p.is_file())


# -- the key never reaches a trainee ------------------------------------------------
@pytest.mark.slow
def test_no_hidden_test_rubric_or_model_answer_reaches_any_feedback_file(graded):
    hidden = _hidden_blocks(graded)
    assert len(hidden) >= 6, "the tiny assignment has hidden tests to look for"
    coach_only = ["For the coach", "Rubric", "says that doubling adds the number to itself"]
    coach_only += ["Doubling is adding a number to itself."]  # the model answer
    files = _feedback_files(graded)
    assert len([f for f in files if f.suffix == ".html"]) == 4
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for page in (text, html.unescape(text)):
            for line in hidden:
                # one-character lines such as ")" are in any page's styles
                if len(line) > 2:
                    assert line not in page, f"{path.name} shows the hidden line {line!r}"
            for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", *coach_only):
                assert marker not in page, f"{path.name} shows {marker!r}"


@pytest.mark.slow
def test_each_check_shows_its_description_its_points_and_the_mistake(graded):
    page = _page(graded, "mistake")
    source = read(graded.source_notebook(TINY))
    failed = _panel(page, "test_n_projects")
    described = check_description(source_text(cell_by_id(source, "test_n_projects")))
    assert described == "n_projects: the number of projects of your portfolio."
    assert failed.startswith(f"Not passed: {described}")
    assert "Score: 0.0 / 1.0" in failed
    assert MISTAKE in failed
    passed = _panel(page, "test_double")
    assert passed.startswith("Passed: double: twice its argument.")
    assert "Score: 2.0 / 2.0" in passed
    text = _text(page)
    for frame in ("Traceback", "Cell In[", "grading.py", "most recent call last"):
        assert frame not in text, f"the page shows a traceback ({frame!r})"
    assert "n_projects: the number of projects of your portfolio." in text  # the list at the top


@pytest.mark.slow
def test_a_notebook_left_as_released_shows_each_failure_and_no_response(graded):
    page = _page(graded, "blank")
    assert "AssertionError: assign n_projects" in _panel(page, "test_n_projects")
    assert "NotImplementedError" in _panel(page, "test_double")
    written = _panel(page, "explain")
    # an untouched answer is scored by the autograder (0, "No response."): nothing awaits
    assert "Score: 0.0 / 1.0" in written and "No response." in written
    assert AWAITING not in html.unescape(page)


@pytest.mark.slow
def test_an_output_that_quotes_the_hidden_tests_is_withheld(graded):
    page = html.unescape(_page(graded, "sneaky"))
    assert WITHHELD in page
    assert "key = grading.key()" not in page


@pytest.mark.slow
def test_a_written_part_awaits_the_coach_then_shows_its_mark(graded):
    from nbgrader.api import Gradebook

    before = _panel(_page(graded, "marked"), "explain")
    assert "Awaiting your coach's marking (1 point)" in before
    assert "Score:" not in before
    assert OWN_ANSWER in before
    assert f"Written response (1 point, {AWAITING})" in _text(_page(graded, "marked"))
    with quiet(), Gradebook(graded.db_url, graded.course_id) as gb:
        grade = gb.find_grade("explain", TINY, TINY, "marked")
        grade.manual_score = 1.0
        grade.needs_manual_grade = False  # as formgrader records a mark
        gb.db.commit()
    _feedback(graded, "marked")
    page = _page(graded, "marked")
    after = _panel(page, "explain")
    assert "Score: 1.0 / 1.0" in after
    assert AWAITING not in html.unescape(page).lower()
    assert "(Score: 4.0 / 4.0)" in page


# -- trainee markup never runs ------------------------------------------------------
def _live_markup(page: str, cells_only: bool = False) -> list[str]:
    """What would run in a browser: trainee scripts, on*= handlers, javascript: URLs.

    ``cells_only`` looks in the notebook's cells alone (formgrader's own page has
    buttons with handlers of its own).
    """
    soup = BeautifulSoup(page, "html.parser")
    found = []
    tags = soup.find_all(True)
    if cells_only:
        tags = [t for cell in soup.select("div.cell") for t in [cell, *cell.find_all(True)]]
        assert tags, "the page has cells"
    for tag in tags:
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=...>")
            if name.lower() in ("href", "src") and value.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={value}>")
    for script in soup.find_all("script"):
        if "XSS-IN" in script.get_text():
            found.append("<script> from the trainee")
    return found


def _assert_harmless_but_kept(page: str, cells_only: bool = False) -> None:
    assert _live_markup(page, cells_only) == []
    for marker in ("XSS-IN-OUTPUT", "XSS-IN-ANSWER"):
        # removed with their script, not escaped into text the trainee would read
        assert marker not in page and marker not in html.unescape(page)
    soup = BeautifulSoup(page, "html.parser")
    cells = {td.get_text(strip=True) for td in soup.find_all("td")}
    assert {"kept-output-cell", "kept-answer-cell", "P01"} <= cells
    frame = soup.find("table", class_="dataframe")
    assert frame is not None, "a pandas table stays a table"
    assert [th.get_text() for th in frame.thead.find_all("th")] == ["", "project", "cpi"]
    text = " ".join(soup.get_text(" ").split())
    for kept in ("kept output text", "kept answer text", "output link", "answer link"):
        assert kept in text


@pytest.mark.slow
def test_trainee_markup_does_not_run_in_the_feedback(graded):
    _assert_harmless_but_kept(_page(graded, "mistake"))


@pytest.mark.slow
def test_trainee_markup_does_not_run_in_formgrader(graded):
    """Formgrader renders the autograded notebook with nbconvert, on this course's config."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    # formgrader's own settings first, then the course's file, as formgrader loads them
    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    config.merge(graded.config())
    exporter = HTMLExporter(config=config)
    resources = {
        "assignment_id": TINY,
        "notebook_id": TINY,
        "submission_id": "x",
        "index": 0,
        "total": 1,
        "base_url": "",
        "student": "mistake",
        "last_name": None,
        "first_name": None,
        "notebook_path": "autograded/mistake/01_tiny/01_tiny.ipynb",
    }
    notebook = graded.folder("autograded", "mistake", TINY) / f"{TINY}.ipynb"
    page, _ = exporter.from_filename(str(notebook), resources=resources)
    assert "formgrader" in page  # formgrader's page, not the feedback's
    _assert_harmless_but_kept(page, cells_only=True)


@pytest.mark.slow
def test_plain_nbgrader_generate_feedback_makes_the_same_page(graded):
    nbgrader = Path(sys.executable).with_name("nbgrader")
    target = graded.folder("feedback", "mistake", TINY) / f"{TINY}.html"
    target.unlink()
    run = subprocess.run(
        [str(nbgrader), "generate_feedback", TINY, "--student", "mistake", "--force"],
        cwd=graded.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    page = _page(graded, "mistake")
    assert MISTAKE in _panel(page, "test_n_projects")
    assert "BEGIN HIDDEN TESTS" not in page and "key = grading.key()" not in page
    _assert_harmless_but_kept(page)


# -- the pieces, on their own -------------------------------------------------------
def test_the_course_configuration_wires_the_feedback_for_nbgrader_and_formgrader():
    from pmo_exercises.course.coach.course import Course
    from pmo_exercises.course.coach.exporter import TEMPLATES

    config = Course(Path(__file__).resolve().parent.parent / "course").config()
    steps = config.GenerateFeedback.preprocessors
    # nbgrader's own steps first (GetGrades gives the scores the last one reads)
    assert steps[0] == "nbgrader.preprocessors.GetGrades"
    assert steps[-1] == "pmo_exercises.course.coach.feedback.FeedbackWithoutKey"
    assert config.GenerateFeedback.HTMLExporter.template_file == TEMPLATE_NAME
    assert (TEMPLATES / TEMPLATE_NAME).is_file()
    # the HTMLExporter section is what formgrader's exporter reads too
    assert config.HTMLExporter.sanitize_html is True
    assert set(config.HTMLExporter.filters) == {"clean_html", "strip_files_prefix"}


TEST_CELL = '''"""cpi: EV over AC, per project."""
assert cpi is not None, "assign cpi"
### BEGIN HIDDEN TESTS
key = grading.key()
assert cpi.equals(key.cpi), "EV and AC are swapped"
### END HIDDEN TESTS'''


def test_a_check_is_described_by_its_docstring():
    assert check_description(TEST_CELL) == "cpi: EV over AC, per project."
    assert check_description("'''two\n   lines'''\npass") == "two lines"
    assert check_description("assert x", fallback="test_x") == "test_x"


def test_the_failure_is_its_last_line_without_the_traceback():
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "printed by a test\n"},
        {
            "output_type": "error",
            "ename": "AssertionError",
            "evalue": "cpi: EV and AC are swapped",
            "traceback": [
                "Traceback (most recent call last):\n",
                "  Cell In[7], line 5\n    assert cpi.equals(key.cpi), 'EV and AC are swapped'\n",
                "\x1b[31mAssertionError\x1b[39m: cpi: EV and AC are swapped\n",
            ],
        },
    ]
    assert failure_message(outputs) == "AssertionError: cpi: EV and AC are swapped"
    assert failure_message([{"output_type": "error", "ename": "AssertionError"}]) == (
        "AssertionError"
    )
    interrupted = [{"output_type": "error", "ename": "KeyboardInterrupt", "evalue": ""}]
    assert "time limit" in failure_message(interrupted)
    assert failure_message(outputs[:1]) == ""


def test_hidden_and_solution_regions_are_cut():
    visible = '"""cpi: EV over AC, per project."""\nassert cpi is not None, "assign cpi"\n'
    assert without_regions(TEST_CELL) == visible
    written = "intro\n### BEGIN SOLUTION\n**Rubric**\n### END SOLUTION\nafter"
    assert without_regions(written) == "intro\nafter"
    assert without_regions("a\n### BEGIN HIDDEN TESTS\nnever closed") == "a\n"
    assert hidden_lines(TEST_CELL) == {
        "key = grading.key()",
        'assert cpi.equals(key.cpi), "EV and AC are swapped"',
    }


def test_the_preprocessor_never_lets_a_hidden_line_through_a_message():
    from pmo_exercises.course.coach.feedback import FeedbackWithoutKey

    step = FeedbackWithoutKey()
    step._secret = hidden_lines(TEST_CELL)
    step._awaiting = set()
    cell = from_dict(
        {
            "cell_type": "code",
            "source": TEST_CELL,
            "metadata": {"nbgrader": {"grade": True, "grade_id": "test_cpi", "points": 2}},
            "outputs": [
                {
                    "output_type": "error",
                    "ename": "ValueError",
                    "evalue": "bad value in key = grading.key()",
                    "traceback": ["..."],
                }
            ],
        }
    )
    cell, _ = step.preprocess_cell(cell, {"pmo_feedback": {"awaiting_points": 0}}, 0)
    assert cell.source == '"""cpi: EV over AC, per project."""'
    assert cell.metadata.pmo_feedback == {
        "check": "cpi: EV over AC, per project.",
        "passed": False,
        "message": "ValueError",
    }
    assert [o.traceback for o in cell.outputs] == [["ValueError"]]


def test_clean_html_keeps_tables_and_text_and_drops_what_runs():
    frame = (
        '<table border="1" class="dataframe"><thead><tr style="text-align: right;">'
        "<th></th><th>cpi</th></tr></thead><tbody><tr><th>0</th><td>0.92</td></tr>"
        "</tbody></table>"
    )
    assert clean_html(frame) == frame.replace("text-align: right;", "text-align:right")
    dirty = (
        "<p>text</p><script>steal()</script><style>body{display:none}</style>"
        '<img src="a.png" onerror="steal()"><a href="javascript:steal()">link</a>'
        '<a href=" JaVaScRiPt:steal()">again</a><div onclick="steal()">div</div>'
        '<img src="data:image/png;base64,AAAA"><a href="data:text/html,<script>x</script>">d</a>'
        '<iframe src="https://example.org"></iframe><span style="position: fixed">s</span>'
    )
    clean = clean_html(dirty)
    assert "steal" not in clean and "display:none" not in clean
    assert "<iframe" not in clean and "position" not in clean
    assert "data:text/html" not in clean
    assert '<img src="data:image/png;base64,AAAA">' in clean
    for kept in ("<p>text</p>", ">link</a>", ">again</a>", "<div>div</div>", '<img src="a.png">'):
        assert kept in clean
    assert clean_html(b"<b>bytes</b>") == "<b>bytes</b>"
