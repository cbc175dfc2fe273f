"""Hostile submissions graded in one sandboxed batch beside honest neighbours (issue #13, part 5).

The catalogue (tests/_hostile.py) attacks the grader from inside trainee
kernels: IPython's machinery, the libraries the hidden tests call, the coach's
files (read and written), processes that outlive their kernel, memory,
processes, file size and CPU time, live markup, and submission folders whose
names are not trainee ids. One ``grade(..., sandbox=True)`` grades them all
beside honest neighbours, and the test holds the grader to its promises:

- every honest neighbour keeps its marks, its submitted files and its feedback;
- no hostile submission scores more than the answers it carries are worth;
- nothing an attacker started outlives grading, nor writes after it;
- the gradebook holds only what the grader wrote;
- no feedback page shows a hidden test, a solution, the rubric or a coach's
  file, nor runs a trainee's script;
- what the sandbox stopped is named in the log, and an invalid id is refused.

Until the sandboxed grader lands, :func:`_grade` drops the keyword arguments
that ``grade`` does not take yet, so the same batch runs unsandboxed and shows
which attacks succeed.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import os
import re
import secrets
import shutil
import sqlite3
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import psutil
import pytest
from _course_helpers import ROOT, TINY, read, release_nb, submit, tiny_course
from _hostile import (
    CAPABILITIES,
    EXTRAS,
    FEEDBACK_MARK,
    HONEST,
    INVALID_IDS,
    LINKER,
    MARKER,
    MISTAKE,
    ONERROR_MARK,
    PARTIAL,
    SCRIPT_MARK,
    SURVIVOR_SLEEP,
    TARGET_FLAG,
    VICTIMS,
    catalogue,
    cell_sources,
)

from pmo_exercises.course.coach.build import build
from pmo_exercises.course.coach.grade import grade

pytestmark = pytest.mark.slow

CELL_TIMEOUT = 5
NOTEBOOK_TIMEOUT = 30
MEMORY = "768M"
SECRET_ENV = "PMO_TEST_SECRET"

# student -> (test_n_projects, test_double, what the log says stopped it; "a|b": either).
# For an honest neighbour the scores it gets; for a hostile submission the most it may
# get: what its answers are worth (a blank notebook 0, a wrong n_projects 0 on that part).
EXPECTED = {
    "alice": (1, 2, None),
    "bruno": (1, 2, None),
    "chloe": (1, 2, None),
    "dora": (0, 2, None),  # the typical mistake: the tasks counted
    "hooks-cell": (0, 0, None),  # blank: every later cell made a no-op
    "hooks-module": (0, 0, None),
    "patch-cell": (0, 2, None),  # wrong n_projects, expect_number replaced
    "patch-module": (0, 2, None),
    "reader-cell": (0, 0, None),  # blank: the coach's files printed
    "reader-module": (0, 0, None),
    "writer-cell": (0, 0, None),  # blank: its own score raised, neighbours' files overwritten
    "writer-module": (0, 0, None),
    "survivor-cell": (0, 0, None),  # blank: the same writes from a process that outlives it
    "survivor-module": (0, 0, None),
    "memory-cell": (1, 2, "the memory limit"),  # solved, then 1.5 GB
    "memory-module": (1, 2, "the memory limit"),
    "forged-line-cell": (0, 2, None),  # wrong n_projects, the neighbour's id and count forged
    "forged-line-module": (0, 2, None),
    "garbled-line-cell": (1, 2, None),  # solved, the line to the grader answering nonsense
    "garbled-line-module": (1, 2, None),
    "forkbomb": (1, 2, "the process limit"),  # solved, then processes for 3 s
    # solved, then a 2 GiB file: a write the file-size limit refuses (either words will do)
    "hugefile": (1, 2, "a refused write|the file-size limit"),
    "cpu-loop": (1, 2, "the time limit"),  # solved, then a loop deaf to SIGINT
    "markup": (1, 2, None),  # solved, with a live script and onerror= in its outputs
    "linker": (0, 0, "removed 1 link"),  # blank: reads the source through a submitted link
}
HOSTILE = sorted(set(EXPECTED) - set(VICTIMS))
STOPPED = sorted(s for s, (_, _, said) in EXPECTED.items() if said)
# The written part is the coach's to mark: the grader never scores it above 0.
WRITTEN = "explain"


# -- running the batch --------------------------------------------------------------------
def _grade(course, assignment, **options):
    """``grade`` with the options it takes: today's grader has no ``sandbox`` nor ``memory``."""
    accepted = inspect.signature(grade).parameters
    return grade(course, assignment, **{k: v for k, v in options.items() if k in accepted})


def _require_bwrap() -> None:
    if shutil.which("bwrap"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("bwrap is missing: CI grades hostile submissions in the sandbox only")
    pytest.skip("bwrap (bubblewrap) is not installed: the grading sandbox cannot run here")


def _digests(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under a folder."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as con:
        return con.execute(sql).fetchall()


def _grades(course) -> list[tuple]:
    """(student, grade id, auto_score, manual_score, extra_credit, needs_manual_grade) rows."""
    return _query(
        course.gradebook,
        "select sa.student_id, bc.name, g.auto_score, g.manual_score, g.extra_credit,"
        " g.needs_manual_grade from grade g"
        " join submitted_notebook sn on g.notebook_id = sn.id"
        " join submitted_assignment sa on sn.assignment_id = sa.id"
        " join base_cell bc on bc.id = g.cell_id order by 1, 2",
    )


def _assignment_tables(course) -> dict[str, list[tuple]]:
    """What the gradebook knows of the assignment itself: cells, sources, points."""
    return {
        "source_cell": _query(
            course.gradebook, "select name, cell_type, locked, source, checksum from source_cell"
        ),
        "grade_cells": _query(
            course.gradebook,
            "select bc.name, gc.max_score, gc.cell_type from grade_cells gc"
            " join base_cell bc on bc.id = gc.id order by 1",
        ),
        "notebook": _query(course.gradebook, "select name, kernelspec from notebook"),
    }


def _marked() -> dict[psutil.Process, str]:
    """Live processes with this run's attackers' marker in their command line -> its tail."""
    found = {}
    for process in psutil.process_iter(["cmdline", "status"]):
        cmdline = process.info["cmdline"] or []
        if process.info["status"] != psutil.STATUS_ZOMBIE and any(MARKER in a for a in cmdline):
            found[process] = f"pid {process.pid}: ...{' '.join(cmdline)[-40:]!r}"
    return found


def _stop(processes) -> None:
    """Kill the attackers' processes this run started (psutil checks each is the same one)."""
    for process in processes:
        try:
            process.kill()
        except psutil.Error:
            pass


@dataclass
class Batch:
    course: object
    run: object
    entries: dict[str, dict]
    secret: str
    seconds: float
    digests_before: dict[str, dict[str, str]]
    tables_before: dict[str, list[tuple]]
    grades_right_after: list[tuple]
    survivors: list[str]

    def outcome(self, student):
        return next(o for o in self.run.outcomes if o.student == student)

    def log_line(self, student) -> str:
        lines = self.run.log.read_text(encoding="utf-8").splitlines()
        return next((ln for ln in lines if ln.startswith(student + "\t")), "")

    def feedback_pages(self) -> dict[str, Path]:
        root = self.course.folder("feedback")
        return {p.parts[-3]: p for p in sorted(root.glob(f"*/{TINY}/{TINY}.html"))}

    def scores(self) -> dict[str, dict[str, tuple]]:
        """Student -> grade id -> (auto, manual, extra credit), as the gradebook holds them now."""
        out: dict[str, dict[str, tuple]] = {}
        for student, name, auto, manual, extra, _ in _grades(self.course):
            out.setdefault(student, {})[name] = (auto, manual, extra)
        return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    _require_bwrap()
    course = tiny_course(tmp_path_factory.mktemp("hostile"))
    build(course, solutions=course.root / "solutions")
    (course.root / TARGET_FLAG).write_text("the hostile catalogue may write here\n")
    entries = catalogue(course)
    for student, nb in entries.items():
        submit(course, student, TINY, nb)
    link = course.folder("submitted", LINKER, TINY) / "key.ipynb"
    link.symlink_to(course.source_notebook(TINY))
    digests = {s: _digests(course.folder("submitted", s, TINY)) for s in VICTIMS}
    tables = _assignment_tables(course)
    secret = "pmo-secret-" + secrets.token_hex(8)
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv(SECRET_ENV, secret)
            t0 = time.perf_counter()
            run = _grade(
                course,
                TINY,
                workers=3,
                cell_timeout=CELL_TIMEOUT,
                notebook_timeout=NOTEBOOK_TIMEOUT,
                sandbox=True,
                memory=MEMORY,
                progress=False,
            )
            seconds = time.perf_counter() - t0
        right_after = _grades(course)
        # past the survivors' sleep: whatever outlived grading has done its writes by now
        time.sleep(SURVIVOR_SLEEP + 3)
        survivors = sorted(_marked().values())
        yield Batch(course, run, entries, secret, seconds, digests, tables, right_after, survivors)
    finally:
        _stop(_marked())
        for big in course.root.rglob("huge.bin"):
            big.unlink()


def test_the_catalogue_is_the_expected_table():
    names = {*(f"{c}-{f}" for c in CAPABILITIES for f in ("cell", "module")), *EXTRAS}
    assert set(HOSTILE) == names
    assert set(EXPECTED) == names | set(VICTIMS)
    assert all(EXPECTED[s] == (1, 2, None) for s in HONEST)


# -- the honest neighbours --------------------------------------------------------------------
@pytest.mark.parametrize("student", VICTIMS)
def test_an_honest_neighbour_keeps_its_marks(batch, student):
    n_projects, double, _ = EXPECTED[student]
    scores = batch.scores()[student]
    assert scores["test_n_projects"] == (n_projects, None, None)
    assert scores["test_double"] == (double, None, None)
    outcome = batch.outcome(student)
    assert outcome.status == "graded", outcome
    assert outcome.score == n_projects + double


@pytest.mark.parametrize("student", VICTIMS)
def test_an_honest_neighbour_s_submitted_files_are_unchanged(batch, student):
    now = _digests(batch.course.folder("submitted", student, TINY))
    assert now == batch.digests_before[student]


@pytest.mark.parametrize("student", VICTIMS)
def test_an_honest_neighbour_s_feedback_is_the_grader_s(batch, student):
    page = batch.feedback_pages().get(student)
    assert page is not None, "no feedback page"
    text = _page_text(page)
    assert FEEDBACK_MARK not in text
    assert MARKER not in text
    assert "double: twice its argument." in text  # the test cells the grader ran
    if student == PARTIAL:
        assert "this counts the tasks, not the projects" in text
        assert MISTAKE in text
    else:
        assert "n_projects = len(portfolio.projects)" in text  # the trainee's own answer


# -- what the hostile submissions get ---------------------------------------------------------
def test_a_line_that_answers_nonsense_still_lets_its_answers_through(batch):
    """The grader then asks the kernel itself; only the calls of double meet the nonsense."""
    scores = batch.scores()["garbled-line-module"]
    assert scores["test_n_projects"][0] == 1
    assert scores["test_double"][0] == 0  # double(2) answered 42 through the garbled line


@pytest.mark.parametrize("student", HOSTILE)
def test_a_hostile_submission_scores_no_more_than_its_answers(batch, student):
    n_projects, double, _ = EXPECTED[student]
    scores = batch.scores().get(student, {})
    for grade_id, most in (("test_n_projects", n_projects), ("test_double", double)):
        auto, manual, extra = scores.get(grade_id, (0, None, None))
        assert (auto or 0) <= most, f"{grade_id}: auto_score {auto} > {most}"
        assert manual is None and extra is None, f"{grade_id}: manual {manual}, extra {extra}"
    outcome = batch.outcome(student)
    assert outcome.status in {"graded", "not run"}, outcome
    assert (outcome.score or 0) <= n_projects + double, outcome


# -- nothing outlives grading -------------------------------------------------------------
def test_nothing_an_attacker_started_outlives_grading(batch):
    assert batch.survivors == []


def test_nothing_is_written_to_the_gradebook_after_grading(batch):
    assert _grades(batch.course) == batch.grades_right_after


# -- the gradebook ------------------------------------------------------------------------
def test_no_manual_score_nor_extra_credit_was_set_by_anyone(batch):
    rows = _grades(batch.course)
    assert [(s, g, m) for s, g, _, m, _, _ in rows if m is not None] == []
    assert [(s, g, e) for s, g, _, _, e, _ in rows if e is not None] == []


def test_the_written_part_is_never_auto_scored_above_zero(batch):
    scored = [(s, a) for s, g, a, *_ in _grades(batch.course) if g == WRITTEN and a]
    assert scored == []


def test_the_max_scores_are_the_source_s(batch):
    source = read(batch.course.source_notebook(TINY))
    points = {
        c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"]["points"])
        for c in source["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    }
    tables = _assignment_tables(batch.course)
    assert {name: top for name, top, _ in tables["grade_cells"]} == points
    assert tables == batch.tables_before


def test_the_gradebook_holds_the_graded_submissions_only(batch):
    students = {s for (s,) in _query(batch.course.gradebook, "select id from student")}
    assert students == set(EXPECTED)
    submitted = {s for s, *_ in _grades(batch.course)}
    assert submitted == set(EXPECTED)


# -- what the feedback shows ----------------------------------------------------------------
def _page_text(path: Path) -> str:
    """A feedback page as its reader sees the text: tags dropped, references resolved."""
    raw = path.read_text(encoding="utf-8")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", raw)).split())


def _plain(line: str) -> str:
    """A source line as rendered text: markdown emphasis and list marks dropped."""
    line = re.sub(r"^\s*(?:#+|[-*]|\d+\.)\s+", "", line).replace("**", "").replace("__", "")
    return " ".join(line.split())


def _secret_lines(nb: dict) -> set[str]:
    """The lines of hidden tests and solution regions (model answers, rubrics) of a source."""
    lines, inside = set(), False
    for text in cell_sources(nb):
        for line in text.splitlines():
            if "### BEGIN HIDDEN TESTS" in line or "### BEGIN SOLUTION" in line:
                inside = True
            elif "### END HIDDEN TESTS" in line or "### END SOLUTION" in line:
                inside = False
            elif inside:
                lines.add(_plain(line))
    return lines


def _known(nb: dict) -> set[str]:
    """The lines a trainee had or wrote: in a notebook's cells."""
    return {_plain(line) for text in cell_sources(nb) for line in text.splitlines()}


def _leaks(page: str, secret: set[str], known: set[str], shortest: int = 10) -> list[str]:
    """The secret lines a page shows, but those the trainee had or wrote (or part of one)."""
    return sorted(
        line
        for line in secret
        if len(line) >= shortest and line in page and not any(line in k for k in known)
    )


@pytest.fixture(scope="module")
def pages(batch):
    """Student -> the text of its feedback page."""
    return {s: _page_text(p) for s, p in batch.feedback_pages().items()}


@pytest.fixture(scope="module")
def secrets_of_the_course(batch):
    """The tiny source's hidden lines, solutions and rubric, less what the release shows."""
    course = batch.course
    release = _known(release_nb(course, TINY))
    return _secret_lines(read(course.source_notebook(TINY))) - release


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_no_feedback_shows_a_hidden_test_a_solution_or_the_rubric(
    batch, pages, secrets_of_the_course, student
):
    assert secrets_of_the_course, "the source's secret lines were not found"
    page = pages.get(student, "")
    own = _known(batch.entries[student])
    assert _leaks(page, secrets_of_the_course, own) == []


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_no_feedback_carries_the_coach_s_files_or_environment(batch, pages, student):
    page = pages.get(student, "")
    assert "SQLite format 3" not in page  # the gradebook's bytes
    assert batch.secret not in page  # the grader's environment
    assert SECRET_ENV not in page


@pytest.fixture(scope="module")
def secrets_of_the_kit():
    """The hidden lines, solutions and rubrics of the kit's own course sources."""
    kit = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
    return set().union(*(_secret_lines(read(p)) for p in kit))


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_no_feedback_shows_the_kit_s_own_course_sources(batch, pages, secrets_of_the_kit, student):
    if not secrets_of_the_kit:
        pytest.skip("the kit has no course sources here")
    # lines as long as a sentence, and none that the tiny assignment has too
    tiny = _known(read(batch.course.source_notebook(TINY))) | _known(batch.entries[student])
    assert _leaks(pages.get(student, ""), secrets_of_the_kit, tiny, shortest=20) == []


class _Live(HTMLParser):
    """Scripts and ``on...=`` handlers of a page that carry a marker."""

    def __init__(self, marks: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.marks, self.found, self._in_script = marks, [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and any(m in (value or "") for m in self.marks):
                self.found.append(f"<{tag} {name}={value!r}>")
            if tag == "script" and name == "src" and any(m in (value or "") for m in self.marks):
                self.found.append(f"<script src={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and any(m in data for m in self.marks):
            self.found.append(f"<script>{data.strip()[:80]}")


def test_no_feedback_runs_a_trainee_s_script_or_handler(batch):
    pages = batch.feedback_pages()
    assert "markup" in pages, "the markup submission has no feedback page"
    live = {}
    for student, path in pages.items():
        parser = _Live((SCRIPT_MARK, ONERROR_MARK))
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            live[student] = parser.found
    assert live == {}


# -- what the log says ------------------------------------------------------------------
@pytest.mark.parametrize("student", STOPPED)
def test_the_log_names_what_the_sandbox_stopped(batch, student):
    said = EXPECTED[student][2].split("|")
    outcome = batch.outcome(student)
    assert any(s in (outcome.reason or "") for s in said), outcome
    line = batch.log_line(student)
    assert any(s in line for s in said), line


@pytest.mark.parametrize("student", INVALID_IDS)
def test_a_folder_that_is_not_a_trainee_id_is_refused(batch, student):
    outcome = batch.outcome(student)
    assert outcome.status == "refused", outcome
    assert "not a valid trainee id" in (outcome.reason or "")
    line = batch.log_line(student)
    assert "\trefused\t" in line and "not a valid trainee id" in line
    assert not batch.course.folder("autograded", student).exists()
    assert not batch.course.folder("feedback", student).exists()


def test_every_submission_is_in_the_run_and_the_log(batch):
    assert sorted(o.student for o in batch.run.outcomes) == sorted([*EXPECTED, *INVALID_IDS])
    logged = batch.run.log.read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(ln.split("\t")[0] for ln in logged) == sorted([*EXPECTED, *INVALID_IDS])
    assert not [o for o in batch.run.outcomes if o.status == "failed"]


def test_the_batch_is_fast(batch):
    # 25 notebooks of about a second on 3 workers, and one that runs into its limit
    assert batch.seconds < 90, f"{batch.seconds:.1f} s"
