"""The mastery page: the class's mastery by PMO concept as one self-contained HTML page.

``pmo course mastery`` writes ``reports/mastery.html`` and ``reports/mastery.csv``
from :func:`.mastery.class_mastery`. The page holds:

- the ranking "who needs help first" (:func:`.mastery.help_first`), each trainee
  with their three weakest concepts and what to follow up (no submission, not
  graded yet, parts awaiting marking); the first :data:`SHOWN` above a fold;
- the heat map, one row per trainee in the same order, one column per concept
  grouped under its assignment, with the class's count of mastered trainees on
  top. Each cell says its band in a symbol and its points in figures as well as
  in colour (light blue, amber, dark orange: apart in lightness too, so a
  colour-blind coach or a grey print reads them); an assignment not submitted
  is one cell across its concepts;
- the concepts, named, with how many trainees mastered each.

Everything from the gradebook is escaped (Jinja2's autoescape).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .course import Course
from .mastery import (
    MASTERED,
    MASTERY,
    MISSED,
    NO_SUBMISSION,
    NOT_GRADED,
    PARTLY,
    Concept,
    Mastery,
    Trainee,
    class_mastery,
    points,
)

__all__ = ["SHOWN", "mastery_report", "render"]

#: How many trainees the page's ranking shows before the fold (the heat map shows all).
SHOWN = 20


def mastery_report(
    course,
    assignments: list[str] | None = None,
    *,
    threshold: float = MASTERY,
    out: Path | None = None,
    csv_out: Path | None = None,
) -> tuple[Path, Path, Mastery]:
    """Write the mastery page (HTML) and its table (CSV); return both paths and the data.

    Parameters
    ----------
    course : Course or path
        The course folder.
    assignments : list of str, optional
        Only these released assignments (default: every released one).
    threshold : float
        The share of a concept's points from which it is mastered.
    out : path, optional
        The page (default: ``reports/mastery.html`` in the course).
    csv_out : path, optional
        The CSV (default: the page's path with ``.csv``).
    """
    course = course if isinstance(course, Course) else Course(course)
    data = class_mastery(course, assignments, threshold=threshold)
    page = Path(out) if out is not None else course.root / "reports" / "mastery.html"
    table = Path(csv_out) if csv_out is not None else page.with_suffix(".csv")
    for path in (page, table):
        path.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render(data, course.course_id), encoding="utf-8")
    table.write_text(data.csv(), encoding="utf-8", newline="")
    return page, table, data


#: What each status shows in a cell of the page, before the points.
_MARKS = {MASTERED: "✓", PARTLY: "◐", MISSED: "✗"}


def _cells(data: Mastery, trainee: Trainee) -> list[dict]:
    """The heat map's cells of a trainee: one per concept, one per assignment not graded."""
    cells: list[dict] = []
    previous = None
    for concept, score in zip(data.concepts, trainee.scores, strict=True):
        first, previous = concept.assignment != previous, concept.assignment
        if score.status in (NO_SUBMISSION, NOT_GRADED):
            if not first:
                cells[-1]["span"] += 1
                continue
            text = NO_SUBMISSION if score.status == NO_SUBMISSION else "submitted, not graded yet"
            cells.append(
                {
                    "first": True,
                    "span": 1,
                    "css": score.status,
                    "text": f"{text}: {concept.assignment}",
                    "title": f"{trainee.student}: {text} of {concept.assignment}",
                }
            )
            continue
        of = f"{points(score.earned or 0.0)}/{points(concept.points)}"
        if score.final:
            text, detail = f"{_MARKS[score.status]} {of}", f"{of} points, {score.status}"
        else:
            text, detail = "to mark", f"{of} points so far, the rest awaits marking"
        cells.append(
            {
                "first": first,
                "span": 1,
                "css": score.status,
                "text": text,
                "title": f"{trainee.student}, {concept.name}: {detail}",
            }
        )
    return cells


def _weakest(data: Mastery, trainee: Trainee) -> list[tuple[str, list[tuple[Concept, str]]]]:
    """A trainee's weakest concepts by assignment, each with its points: ``"1/3"``."""
    by: dict[str, list[tuple[Concept, str]]] = {}
    for concept in trainee.weakest:
        score = trainee.scores[data.concepts.index(concept)]
        of = f"{points(score.earned or 0.0)}/{points(concept.points)}"
        by.setdefault(concept.assignment, []).append((concept, of))
    return list(by.items())


def render(data: Mastery, course_id: str) -> str:
    """The mastery page of ``data``: self-contained HTML, every value escaped."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("pmo_exercises.course.coach", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    groups: dict[str, list[tuple[int, Concept]]] = {}
    for i, concept in enumerate(data.concepts):
        groups.setdefault(concept.assignment, []).append((i, concept))
    return env.get_template("mastery.html.j2").render(
        m=data,
        course_id=course_id,
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        groups=groups,
        rows=[(t, _cells(data, t)) for t in data.trainees],
        weak={t.student: _weakest(data, t) for t in data.trainees},
        shown=SHOWN,
        points=points,
        bands={MASTERED: "✓ mastered", PARTLY: "◐ partly", MISSED: "✗ missed"},
        missing=sum(len(t.missing) for t in data.trainees),
        ungraded=sum(len(t.not_graded) for t in data.trainees),
    )
