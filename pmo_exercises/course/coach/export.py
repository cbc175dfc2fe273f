"""Final grades out of the gradebook, for the school's learning platform.

``pmo course export`` writes the final grades (autograded and marked by hand,
less nbgrader's late penalty) of the assignments actually released, in one of
three formats:

``nbgrader``
    nbgrader's own CSV (its ``CsvExportPlugin``, run on the released
    assignments only): one row per trainee and assignment, with
    ``assignment, duedate, timestamp, student_id, last_name, first_name,
    email, raw_score, late_submission_penalty, score, max_score``.
``moodle``
    A file for Moodle's *Grades > Import > CSV file*: one row per trainee, the
    identifier columns ``Username``, ``First name``, ``Last name`` and
    ``Email address``, then one column per assignment. On import, map
    *Username* to the user's username (or *Email address* to their email),
    and each assignment column to its grade item (or to a new grade item).
``canvas``
    A file for Canvas's *Grades > Import*: the columns ``Student``, ``ID``,
    ``SIS User ID``, ``SIS Login ID`` and ``Section`` that Canvas's own export
    begins with, then one column per assignment, and a second row *Points
    Possible* with each assignment's maximum. Trainees are matched by
    *SIS Login ID*, the nbgrader id (on JupyterHub, the login); a column
    named after no existing assignment creates one.

Released means the assignment is in the exchange's outbound folder, or a
trainee has a submission of it in the gradebook: assignments that were
built but never released stay out, rather than giving every trainee a 0. A
trainee who did not submit a released assignment gets 0, as in nbgrader's
export. While a submission still awaits manual grading, the export is refused
(one line naming the assignments) unless it is asked for as partial.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .course import CoachError, Course

__all__ = [
    "FORMATS",
    "Export",
    "FinalGrade",
    "export",
    "final_grades",
    "max_scores",
    "released",
]

#: The formats :func:`export` writes, with the file name each gets by default.
FORMATS = {
    "nbgrader": "grades-nbgrader.csv",
    "moodle": "grades-moodle.csv",
    "canvas": "grades-canvas.csv",
}


@dataclass(frozen=True)
class FinalGrade:
    """One trainee's final grade on one assignment.

    Attributes
    ----------
    student, first_name, last_name, email : str
        The trainee, as the gradebook knows them ("" where unknown).
    assignment : str
        The assignment.
    score : float
        Autograded plus manual points, less the late penalty (0 when nothing
        was submitted).
    max_score : float
        The assignment's maximum.
    submitted : bool
        Whether the gradebook holds a submission.
    pending : bool
        Whether a part still awaits the coach's manual grade.
    """

    student: str
    first_name: str
    last_name: str
    email: str
    assignment: str
    score: float
    max_score: float
    submitted: bool
    pending: bool


@dataclass(frozen=True)
class Export:
    """What :func:`export` wrote."""

    path: Path
    format: str
    assignments: list[str]
    students: int
    pending: int

    def summary(self) -> str:
        """One line for the coach."""
        line = (
            f"wrote {self.path} ({self.format}): {self.students} "
            f"trainee{'s' if self.students != 1 else ''} x {len(self.assignments)} released "
            f"assignment{'s' if len(self.assignments) != 1 else ''} "
            f"({', '.join(self.assignments)})"
        )
        if self.pending:
            line += f"; partial: {self.pending} submission{'s' if self.pending != 1 else ''} "
            line += "still await manual grading"
        return line


def released(course: Course) -> list[str]:
    """The assignments the trainees have been given, in course order.

    An assignment counts when its copy is in the exchange's outbound folder
    (``pmo course release``) or when the gradebook holds a submission of it
    (released from another exchange, or the exchange since cleared).
    """
    config = course.config()
    exchange = Path(str(config.Exchange.get("root", course.root / "exchange")))
    if config.Exchange.get("path_includes_course", False):
        exchange = exchange / course.course_id
    outbound = exchange / "outbound"
    names = {p.name for p in outbound.iterdir() if p.is_dir()} if outbound.is_dir() else set()
    if course.gradebook.is_file():
        with course.open_gradebook() as gb:
            names |= {a.name for a in gb.assignments if gb.assignment_submissions(a.name)}
    known = course.assignments()
    return [a for a in known if a in names] + sorted(names - set(known))


def final_grades(course: Course, assignments: list[str]) -> list[FinalGrade]:
    """Every trainee of the gradebook on each of ``assignments``, trainee by trainee."""
    from nbgrader.api import MissingEntry

    grades = []
    with course.open_gradebook() as gb:
        students = sorted(gb.students, key=lambda s: s.id)
        for student in students:
            for name in assignments:
                max_score = float(gb.find_assignment(name).max_score or 0.0)
                try:
                    sub = gb.find_submission(name, student.id)
                except MissingEntry:
                    score, submitted, pending = 0.0, False, False
                else:
                    penalty = float(sub.late_submission_penalty or 0.0)
                    score = max(0.0, float(sub.score or 0.0) - penalty)
                    submitted, pending = True, bool(sub.needs_manual_grade)
                grades.append(
                    FinalGrade(
                        student=student.id,
                        first_name=student.first_name or "",
                        last_name=student.last_name or "",
                        email=student.email or "",
                        assignment=name,
                        score=score,
                        max_score=max_score,
                        submitted=submitted,
                        pending=pending,
                    )
                )
    return grades


def max_scores(course: Course, assignments: list[str]) -> dict[str, float]:
    """Each assignment's maximum, autograded and manual points together."""
    with course.open_gradebook() as gb:
        return {a: float(gb.find_assignment(a).max_score or 0.0) for a in assignments}


def export(
    course,
    format: str = "nbgrader",
    out: Path | None = None,
    *,
    partial: bool = False,
) -> Export:
    """Write the final grades of the released assignments in ``format``.

    Parameters
    ----------
    course : Course or path
        The course folder.
    format : {"nbgrader", "moodle", "canvas"}
        The file's format (see the module docstring).
    out : path, optional
        The file to write (default: ``grades/`` in the course, named by
        :data:`FORMATS`).
    partial : bool
        Write the grades even while some submissions await manual grading
        (their manual parts then count 0).

    Raises
    ------
    CoachError
        When the format is unknown, there is no gradebook, nothing has been
        released, or (without ``partial``) manual grading is pending.
    """
    course = course if isinstance(course, Course) else Course(course)
    if format not in FORMATS:
        raise CoachError(f"no export format {format!r} (there are: {', '.join(FORMATS)})")
    if not course.gradebook.is_file():
        raise CoachError("no gradebook yet: run `pmo course build` and grade an assignment first")
    assignments = released(course)
    if not assignments:
        raise CoachError("nothing released yet: `pmo course release ASSIGNMENT` first")
    grades = final_grades(course, assignments)
    maxima = max_scores(course, assignments)
    pending = [g for g in grades if g.pending]
    if pending and not partial:
        counts: dict[str, int] = {}
        for g in pending:
            counts[g.assignment] = counts.get(g.assignment, 0) + 1
        where = ", ".join(f"{a}: {n}" for a, n in counts.items())
        raise CoachError(
            f"manual grading is pending for {len(pending)} submission"
            f"{'s' if len(pending) != 1 else ''} ({where}): finish it in formgrader, "
            "or pass --partial"
        )
    path = Path(out) if out is not None else course.root / "grades" / FORMATS[format]
    path.parent.mkdir(parents=True, exist_ok=True)
    if format == "nbgrader":
        _nbgrader_csv(course, assignments, path)
    else:
        text = (
            _moodle(grades, assignments)
            if format == "moodle"
            else _canvas(grades, assignments, maxima)
        )
        path.write_text(text, encoding="utf-8", newline="")
    return Export(
        path=path,
        format=format,
        assignments=assignments,
        students=len({g.student for g in grades}),
        pending=len(pending),
    )


def _nbgrader_csv(course: Course, assignments: list[str], path: Path) -> None:
    """nbgrader's own CSV export, on the released assignments only."""
    from nbgrader.plugins.export import CsvExportPlugin

    plugin = CsvExportPlugin(to=str(path), assignment=assignments)
    with course.open_gradebook() as gb:
        plugin.export(gb)


def _number(value: float) -> str:
    """A score as both platforms read it: a decimal point, no needless zeros."""
    return f"{round(value, 2):g}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as both platforms export
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _by_student(grades: list[FinalGrade]) -> dict[str, dict[str, FinalGrade]]:
    table: dict[str, dict[str, FinalGrade]] = {}
    for g in grades:
        table.setdefault(g.student, {})[g.assignment] = g
    return table


def _moodle(grades: list[FinalGrade], assignments: list[str]) -> str:
    rows = []
    for student, by in _by_student(grades).items():
        first = next(iter(by.values()))
        rows.append(
            [student, first.first_name, first.last_name, first.email]
            + [_number(by[a].score) for a in assignments]
        )
    return _table(["Username", "First name", "Last name", "Email address", *assignments], rows)


def _canvas(grades: list[FinalGrade], assignments: list[str], maxima: dict[str, float]) -> str:
    rows = [["Points Possible", "", "", "", ""] + [_number(maxima[a]) for a in assignments]]
    for student, by in _by_student(grades).items():
        first = next(iter(by.values()))
        name = ", ".join(p for p in (first.last_name, first.first_name) if p) or student
        rows.append([name, "", "", student, ""] + [_number(by[a].score) for a in assignments])
    return _table(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments], rows)
