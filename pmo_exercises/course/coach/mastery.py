"""Mastery by PMO concept: every trainee across the released assignments, and who needs help first.

:func:`class_mastery` reads the gradebook for every released assignment (see
:func:`.export.released`) and gives one row per trainee, one column per PMO
concept (:meth:`Mastery.csv` is that table); ``pmo course mastery`` writes it
with its page (:mod:`.mastery_page`) to ``reports/mastery.html`` and
``reports/mastery.csv``.

Concepts
    A concept is a graded part of an assignment, named by its heading
    (``03_tracking Part B: CPI and SPI``, see :mod:`.parts`), with the points of
    its graded cells in the gradebook. The course tags nothing across
    assignments (earned value is Part A of 03 and hides in 07's "biggest
    forecast overrun"), so no concept is merged across assignments: that map
    would be a taxonomy the course does not have.
Scores
    A trainee's score on a concept is the sum of its cells' scores in the
    gradebook (the coach's mark where there is one, else the autograder's,
    plus any extra credit) out of their points. The late penalty is not taken
    off: this says what a trainee can do, not their grade. A concept counts
    only once every cell of it is final: a written part not marked yet is
    *awaiting marking*, never 0.
Bands
    *mastered* at :data:`MASTERY` (80%) of the points or more: the lower end
    of the 80 to 90% correct that mastery learning usually asks of a formative
    test (after Bloom, "Learning for Mastery", *Evaluation Comment* 1(2), UCLA,
    1968). With parts of 1 to 4 points that is full marks; a part of 5 points
    or more may lose one. *partly* below it with some points, *missed* with none.
Missing work
    A released assignment a trainee has not submitted is *no submission* for
    each of its concepts (flagged, never shown as 0); one in ``submitted/``
    that is not in the gradebook yet is *not graded yet*.
Who needs help first
    See :func:`help_first`: the lowest share of mastered concepts first, then
    the lowest share of points, then the trainee id.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from typing import Any

from .course import CoachError, Course
from .parts import GENERAL, graded_parts

__all__ = [
    "AWAITING",
    "BANDS",
    "MASTERED",
    "MASTERY",
    "MISSED",
    "NOT_GRADED",
    "NO_SUBMISSION",
    "PARTLY",
    "WEAKEST",
    "Concept",
    "Mastery",
    "Score",
    "Trainee",
    "band",
    "class_mastery",
    "help_first",
    "points",
]

#: The share of a concept's points from which it is mastered.
MASTERY = 0.8
#: How many of a trainee's weakest concepts the ranking names.
WEAKEST = 3
MASTERED, PARTLY, MISSED = "mastered", "partly", "missed"
#: The statuses of a concept with a final score, best first.
BANDS = (MASTERED, PARTLY, MISSED)
AWAITING = "awaiting marking"
NOT_GRADED = "not graded yet"
NO_SUBMISSION = "no submission"


def band(earned: float, possible: float, threshold: float = MASTERY) -> str:
    """The band of ``earned`` points out of ``possible``: mastered, partly or missed.

    >>> band(3, 3), band(4, 5), band(2, 3), band(0, 2)
    ('mastered', 'mastered', 'partly', 'missed')
    """
    if earned >= threshold * possible - 1e-9:
        return MASTERED
    return PARTLY if earned > 1e-9 else MISSED


@dataclass(frozen=True)
class Concept:
    """One PMO concept: a graded part of an assignment.

    Attributes
    ----------
    assignment : str
        The assignment, ``"03_tracking"``.
    part : str
        The part's heading, ``"Part B: CPI and SPI"``.
    points : float
        The points of its graded cells.
    written : bool
        Whether the coach marks some of it by hand.
    """

    assignment: str
    part: str
    points: float
    written: bool

    @property
    def name(self) -> str:
        """``"03_tracking Part B: CPI and SPI"``: unique in the course."""
        return f"{self.assignment} {self.part}"

    @property
    def letter(self) -> str:
        """The part's letter (``"B"``), or the label when it has none."""
        head = self.part.split(":", 1)[0]
        return head.removeprefix("Part ").strip() if head.startswith("Part ") else self.part


@dataclass(frozen=True)
class Score:
    """One trainee on one concept.

    Attributes
    ----------
    status : str
        One of :data:`BANDS`, :data:`AWAITING`, :data:`NOT_GRADED` or
        :data:`NO_SUBMISSION`.
    earned : float or None
        The points of the concept's final cells (so far, when awaiting
        marking); ``None`` without a graded submission.
    possible : float
        The concept's points.
    """

    status: str
    earned: float | None
    possible: float

    @property
    def final(self) -> bool:
        """Whether the score is known: every cell graded, and marked where written."""
        return self.status in BANDS

    @property
    def counted(self) -> bool:
        """Whether the ranking counts it: final, or a released assignment not submitted."""
        return self.final or self.status == NO_SUBMISSION

    @property
    def share(self) -> float | None:
        """The share of the points earned, when final."""
        return (self.earned or 0.0) / self.possible if self.final else None


@dataclass(frozen=True)
class Trainee:
    """One trainee across the concepts, and what the ranking reads.

    Attributes
    ----------
    student, first_name, last_name : str
        The trainee, as the gradebook knows them ("" where unknown).
    scores : tuple of Score
        One per concept, in the order of :attr:`Mastery.concepts`.
    weakest : tuple of Concept
        Up to :data:`WEAKEST` concepts with a final score below mastery: the
        lowest share first, then the most points lost, then in course order.
    missing, not_graded : tuple of str
        The released assignments with no submission, and those submitted but
        not in the gradebook yet.
    rank : int
        1 for the trainee who needs help first.
    """

    student: str
    first_name: str
    last_name: str
    scores: tuple[Score, ...]
    weakest: tuple[Concept, ...]
    missing: tuple[str, ...]
    not_graded: tuple[str, ...]
    rank: int = 0

    @property
    def name(self) -> str:
        """First and last name, or ""."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def mastered(self) -> int:
        """How many concepts are mastered."""
        return sum(s.status == MASTERED for s in self.scores)

    @property
    def counted(self) -> int:
        """How many concepts count: final ones, and those of assignments not submitted."""
        return sum(s.counted for s in self.scores)

    @property
    def awaiting(self) -> int:
        """How many concepts await the coach's marking."""
        return sum(s.status == AWAITING for s in self.scores)

    @property
    def earned(self) -> float:
        """Points earned on the counted concepts (0 on those not submitted)."""
        return sum(s.earned or 0.0 for s in self.scores if s.counted)

    @property
    def possible(self) -> float:
        """Points of the counted concepts."""
        return sum(s.possible for s in self.scores if s.counted)

    @property
    def mastered_share(self) -> float | None:
        """Mastered concepts over counted concepts (``None`` when none counts yet)."""
        return self.mastered / self.counted if self.counted else None

    @property
    def points_share(self) -> float | None:
        """Points earned over the points of the counted concepts."""
        return self.earned / self.possible if self.possible else None


def help_first(trainee: Trainee) -> tuple:
    """The sort key of "who needs help first": sort ascending, first is most urgent.

    1. the lowest share of mastered concepts, out of the concepts that count:
       each concept of each released assignment, except those awaiting
       marking or in a submission not graded yet; a concept of an assignment
       the trainee did not submit counts as not mastered (the trainee is
       flagged with it, so a silent trainee comes up, not down);
    2. ties: the lowest share of points on those concepts;
    3. ties: the trainee id.

    A trainee with nothing that counts yet (everything awaits grading) comes last.
    """
    share = trainee.mastered_share
    return (share is None, share or 0.0, trainee.points_share or 0.0, trainee.student)


@dataclass(frozen=True)
class Mastery:
    """The class across concepts, trainees in help-first order (tested without HTML)."""

    assignments: tuple[str, ...]
    concepts: tuple[Concept, ...]
    threshold: float
    trainees: tuple[Trainee, ...]

    def class_mastered(self, index: int) -> tuple[int, int]:
        """Trainees who mastered concept ``index``, and those with a final score on it."""
        scores = [t.scores[index] for t in self.trainees]
        return sum(s.status == MASTERED for s in scores), sum(s.final for s in scores)

    def count(self, status: str) -> int:
        """How many trainee-and-concept cells have ``status``."""
        return sum(s.status == status for t in self.trainees for s in t.scores)

    def header(self) -> list[str]:
        """The CSV's header: the trainee's columns, then one per concept."""
        concepts = [f"{c.name} ({points(c.points)} point{_s(c.points)})" for c in self.concepts]
        return [*_COLUMNS, *concepts]

    def rows(self) -> list[list[str]]:
        """The CSV's rows, one per trainee in help-first order (a concept: points or status)."""
        rows = []
        for t in self.trainees:
            share = t.mastered_share
            rows.append(
                [
                    str(t.rank),
                    *(_safe(x) for x in (t.student, t.first_name, t.last_name)),
                    str(t.mastered),
                    str(t.counted),
                    "" if share is None else f"{100 * share:.0f}",
                    points(t.earned),
                    points(t.possible),
                    "; ".join(t.missing),
                    "; ".join(t.not_graded),
                    str(t.awaiting),
                    _safe("; ".join(c.name for c in t.weakest)),
                    *(points(s.earned or 0.0) if s.final else s.status for s in t.scores),
                ]
            )
        return rows

    def csv(self) -> str:
        """The table as CSV (RFC 4180, UTF-8), as :meth:`header` and :meth:`rows`."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.header())
        writer.writerows(self.rows())
        return buffer.getvalue()


_COLUMNS = (
    "rank",
    "trainee",
    "first_name",
    "last_name",
    "mastered",
    "concepts_counted",
    "mastered_pct",
    "points",
    "points_possible",
    "no_submission",
    "not_graded_yet",
    "awaiting_marking",
    "weakest",
)


def points(value: float) -> str:
    """Points as the table writes them: two decimals at most, no needless zeros.

    >>> points(3.0), points(1.5), points(2 / 3)
    ('3', '1.5', '0.67')
    """
    return f"{round(value, 2):g}"


def _s(value: float) -> str:
    return "" if value == 1 else "s"


def _safe(text: str) -> str:
    """A cell a spreadsheet shows as text, not a formula (OWASP's CSV injection advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _chosen(course: Course, assignments: list[str] | None) -> list[str]:
    from .export import released

    if not course.gradebook.is_file():
        raise CoachError("no gradebook yet: run `pmo course build` and grade an assignment first")
    out = released(course)
    for name in assignments or []:
        if name not in out:
            course.check_assignment(name)  # an unknown name lists the known ones
            raise CoachError(
                f"{name} has not been released yet (released: {', '.join(out) or 'none'})"
            )
    chosen = [a for a in out if a in assignments] if assignments else out
    if not chosen:
        raise CoachError("nothing released yet: `pmo course release ASSIGNMENT` first")
    return chosen


def _concepts(course: Course, record) -> list[tuple[Concept, set[str]]]:
    """An assignment's concepts with the gradebook ids of their cells, in course order."""
    notebooks = sorted(record.notebooks, key=lambda n: n.name)
    found = []
    for notebook in notebooks:
        path = course.root / "source" / record.name / f"{notebook.name}.ipynb"
        parts = graded_parts(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else []
        part_of = {gid: p for p in parts for gid in p.cells}
        members: dict[str, list] = {p.label: [] for p in parts}
        for cell in [*notebook.grade_cells, *notebook.task_cells]:
            part = part_of.get(cell.name)
            members.setdefault(part.label if part else GENERAL, []).append(cell)
        for label, cells in members.items():
            points = sum(float(c.max_score or 0.0) for c in cells)
            if points <= 0:
                continue
            written = any(
                c.name in part_of[c.name].manual if c.name in part_of else c.cell_type != "code"
                for c in cells
            )
            shown = label if len(notebooks) == 1 else f"{notebook.name} {label}"
            found.append((Concept(record.name, shown, points, written), {c.id for c in cells}))
    return found


def _score(grades: list | None, cells: set[str], possible: float, threshold: float) -> Score:
    """A concept's score from a submission's grades of its cells (``None``: no submission)."""
    if grades is None:
        return Score(NO_SUBMISSION, None, possible)
    earned = sum(float(g.score or 0.0) for g in grades if not g.needs_manual_grade)
    if len(grades) < len(cells) or any(g.needs_manual_grade for g in grades):
        return Score(AWAITING, earned, possible)
    return Score(band(earned, possible, threshold), earned, possible)


def class_mastery(
    course, assignments: list[str] | None = None, *, threshold: float = MASTERY
) -> Mastery:
    """Every trainee on every concept of the released assignments, in help-first order.

    Parameters
    ----------
    course : Course or path
        The course folder.
    assignments : list of str, optional
        Only these released assignments (default: every released one).
    threshold : float
        The share of a concept's points from which it is mastered, in (0, 1].

    Raises
    ------
    CoachError
        When the threshold is out of range, there is no gradebook, nothing is
        released, or a named assignment is unknown or not released.
    """
    from nbgrader.api import MissingEntry

    course = course if isinstance(course, Course) else Course(course)
    if not 0 < threshold <= 1:
        raise CoachError(f"the mastery threshold is a share in (0, 1], not {threshold:g}")
    chosen = _chosen(course, assignments)
    roster = course.roster()
    concepts: list[Concept] = []
    scores: dict[str, list[Score]] = {s: [] for s in roster}
    missing: dict[str, list[str]] = {s: [] for s in roster}
    ungraded: dict[str, list[str]] = {s: [] for s in roster}
    with course.open_gradebook() as gb:
        names = {s.id: (s.first_name or "", s.last_name or "") for s in gb.students}
        for name in chosen:
            try:
                record = gb.find_assignment(name)
            except MissingEntry:
                raise CoachError(
                    f"{name} is released but not in the gradebook: run `pmo course build`"
                ) from None
            found = _concepts(course, record)
            # trainee -> gradebook cell id -> their Grade (cell ids, not names: no extra query)
            grades: dict[str, dict[str, Any]] = {}
            for submission in gb.assignment_submissions(name):
                theirs = grades.setdefault(submission.student_id, {})
                for notebook in submission.notebooks:
                    theirs.update({g.cell_id: g for g in notebook.grades})
            submitters = set(course.submitters(name))
            for student in roster:
                got = grades.get(student)
                if got is None:
                    (ungraded if student in submitters else missing)[student].append(name)
                for concept, cells in found:
                    if got is None and student in submitters:
                        scores[student].append(Score(NOT_GRADED, None, concept.points))
                        continue
                    graded = None if got is None else [got[c] for c in cells if c in got]
                    scores[student].append(_score(graded, cells, concept.points, threshold))
            concepts.extend(c for c, _ in found)
    trainees = []
    for student in roster:
        first, last = names.get(student, ("", ""))
        final = [(i, s) for i, s in enumerate(scores[student]) if s.final and s.status != MASTERED]
        final.sort(key=lambda x: (x[1].share, (x[1].earned or 0.0) - x[1].possible, x[0]))
        trainees.append(
            Trainee(
                student=student,
                first_name=first,
                last_name=last,
                scores=tuple(scores[student]),
                weakest=tuple(concepts[i] for i, _ in final[:WEAKEST]),
                missing=tuple(missing[student]),
                not_graded=tuple(ungraded[student]),
            )
        )
    ranked = sorted(trainees, key=help_first)
    return Mastery(
        assignments=tuple(chosen),
        concepts=tuple(concepts),
        threshold=threshold,
        trainees=tuple(_with_rank(t, i + 1) for i, t in enumerate(ranked)),
    )


def _with_rank(trainee: Trainee, rank: int) -> Trainee:
    return replace(trainee, rank=rank)
