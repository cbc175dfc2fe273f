"""The class report of an assignment: one self-contained HTML page for the coach.

``pmo course report ASSIGNMENT`` reads the gradebook, the autograded notebooks
and the last grading log, and writes ``reports/ASSIGNMENT.html``:

- the score distribution (autograded points, in tenths of the maximum);
- the pass rate of every autograded test, under the part (the PMO concept) it checks;
- the failure messages, grouped by part: the messages the hidden tests give
  name the PMO mistake ("EV and AC are swapped"), so the groups say what to
  re-teach. Each is counted once per trainee (a blank notebook that fails three
  tests of a part counts once), and messages that differ only in their numbers
  ("2 missing", "3 missing") are one mistake, one row. The most common five of
  a part are shown, the rest behind a fold;
- the submissions graded without running, with the reason;
- the trainees of the roster who have not submitted.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .course import CoachError, Course
from .parts import graded_parts

__all__ = ["ClassReport", "class_report", "mistake_of", "render", "report"]

#: The failure messages of a part shown before the fold.
TOP_MESSAGES = 5
# a number standing alone (not inside an id such as P03 or 03_tracking): 2, -1.5, 12,500, 85%
_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?%?(?![\w])")


@dataclass
class GradedCell:
    """One graded cell of the assignment and how the class did on it."""

    grade_id: str
    part: str
    points: float
    autograded: bool
    passed: int = 0
    graded: int = 0
    #: the mistake (see :func:`mistake_of`) -> the trainees whose copy failed with it
    failures: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def pass_rate(self) -> float | None:
        """Share of the graded submissions with full marks on this cell."""
        return self.passed / self.graded if self.graded else None


@dataclass
class ClassReport:
    """Everything the page shows, as data (tested without parsing HTML)."""

    assignment: str
    roster: list[str]
    scores: dict[str, float]
    max_autograded: float
    tests: list[GradedCell]
    not_run: dict[str, str]
    not_submitted: list[str]

    def histogram(self, bins: int = 10) -> list[tuple[str, int]]:
        """Submissions per tenth of the autograded maximum: ``[("0-10%", n), ...]``."""
        counts = [0] * bins
        for score in self.scores.values():
            share = score / self.max_autograded if self.max_autograded else 0.0
            counts[min(int(share * bins), bins - 1)] += 1
        step = 100 // bins
        return [(f"{i * step}-{(i + 1) * step}%", n) for i, n in enumerate(counts)]

    def failures_by_part(self, top: int | None = None) -> dict[str, list[tuple[str, int]]]:
        """The failure messages of each part with how many trainees had them, most first.

        A trainee counts once per message and part, however many of the part's
        tests failed with it. Ties are in alphabetical order. ``top`` keeps the
        first ``top`` of each part (default: all of them).
        """
        grouped: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for test in self.tests:
            for message, students in test.failures.items():
                grouped[test.part][message] |= students
        return {
            part: sorted(((m, len(s)) for m, s in messages.items()), key=lambda x: (-x[1], x[0]))[
                :top
            ]
            for part, messages in grouped.items()
            if messages
        }


def _tests(source_nb: dict) -> list[GradedCell]:
    """The graded cells, each under the part heading that precedes it (:mod:`.parts`)."""
    points, tasks = {}, set()
    for cell in source_nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id"):
            points[meta["grade_id"]] = float(meta.get("points", 0))
            if not meta.get("grade"):
                tasks.add(meta["grade_id"])  # a task cell has no gradebook score to count
    return [
        GradedCell(grade_id=gid, part=p.label, points=points[gid], autograded=gid not in p.manual)
        for p in graded_parts(source_nb)
        for gid in p.cells
        if gid not in tasks
    ]


def mistake_of(ename: str, evalue: str) -> str:
    r"""A failure as one mistake: the message's first line, with its numbers as "N".

    Two trainees who made the same mistake get messages that differ only in
    their own figures; the coach wants one row for it.

    >>> mistake_of("AssertionError", "ev: 2 missing values (P03, P07)")
    'ev: N missing values (P03, P07)'
    >>> mistake_of("AssertionError", "ev: 3 missing values (P03, P07)\nmore")
    'ev: N missing values (P03, P07)'
    >>> mistake_of("NameError", "name 'cpi' is not defined")
    "NameError: name 'cpi' is not defined"
    """
    lines = str(evalue or "").strip().splitlines()
    first = re.sub(r"\s+", " ", lines[0] if lines else "")[:200]
    first = _NUMBER.sub("N", first)
    if ename == "AssertionError" and first:
        return first
    return f"{ename}: {first}" if first else str(ename or "Error")


def class_report(course, assignment: str) -> ClassReport:
    """Collect the class's results on an assignment."""
    from nbgrader.api import MissingEntry

    from .grade import read_outcomes

    course = course if isinstance(course, Course) else Course(course)
    course.check_assignment(assignment)
    source_nb = json.loads(course.source_notebook(assignment).read_text(encoding="utf-8"))
    tests = _tests(source_nb)
    by_id = {t.grade_id: t for t in tests}
    if not course.gradebook.is_file():
        raise CoachError(f"no gradebook yet: run `pmo course grade {assignment}` first")
    scores: dict[str, float] = {}
    with course.open_gradebook() as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise CoachError(
                f"{assignment} is not in the gradebook: run `pmo course build`"
            ) from None
        for submission in gb.assignment_submissions(assignment):
            scores[submission.student.id] = float(submission.code_score)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    test = by_id.get(grade.name)
                    if test is None or not test.autograded:
                        continue
                    test.graded += 1
                    if grade.score is not None and grade.score >= grade.max_score - 1e-9:
                        test.passed += 1
    for student in scores:
        path = course.folder("autograded", student, assignment) / f"{assignment}.ipynb"
        if not path.is_file():
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            test = by_id.get(meta.get("grade_id"))
            if test is None or not test.autograded:
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") != "NotGraded":
                    mistake = mistake_of(str(output.get("ename", "Error")), output.get("evalue"))
                    test.failures[mistake].add(student)
                    break
    outcomes = {o.student: o for o in read_outcomes(course, assignment)}
    not_run = {
        s: (o.reason or "")
        for s, o in sorted(outcomes.items())
        if o.status in {"not run", "failed"} and (s in scores or o.status == "failed")
    }
    roster = course.roster()
    submitted = set(course.submitters(assignment)) | set(scores)
    return ClassReport(
        assignment=assignment,
        roster=roster,
        scores=dict(sorted(scores.items())),
        max_autograded=sum(t.points for t in tests if t.autograded),
        tests=tests,
        not_run=not_run,
        not_submitted=[s for s in roster if s not in submitted],
    )


def report(course, assignment: str, out: Path | None = None) -> tuple[Path, ClassReport]:
    """Write the class report as HTML; return its path and its content.

    Parameters
    ----------
    course : Course or path
        The course folder.
    assignment : str
        The assignment.
    out : path, optional
        The page to write (default: ``reports/ASSIGNMENT.html`` in the course).
    """
    course = course if isinstance(course, Course) else Course(course)
    data = class_report(course, assignment)
    path = Path(out) if out is not None else course.root / "reports" / f"{assignment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(data, course.course_id), encoding="utf-8")
    return path, data


def render(data: ClassReport, course_id: str) -> str:
    """The class report page of ``data``: self-contained HTML, every value escaped."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("pmo_exercises.course.coach", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    scores = list(data.scores.values())
    histogram = data.histogram()
    return env.get_template("report.html.j2").render(
        r=data,
        course_id=course_id,
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        mean=sum(scores) / len(scores) if scores else None,
        histogram=histogram,
        peak=max([n for _, n in histogram] + [1]),
        failures=data.failures_by_part(),
        top=TOP_MESSAGES,
        parts=sorted({t.part for t in data.tests if t.autograded}, key=_part_order(data)),
    )


def _part_order(data: ClassReport):
    order: dict[str, int] = {}
    for test in data.tests:
        order.setdefault(test.part, len(order))
    return order.__getitem__
