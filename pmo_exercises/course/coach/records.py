"""What a grading run leaves: an outcome per submission, the grades CSV and the log.

:class:`Outcome` is what happened to one submission and :class:`GradeRun` a
whole run (:func:`.grade.grade`); :func:`scores` fills the scores from the
gradebook, :func:`write_csv` and :func:`write_log` write ``grades/ASSIGNMENT.csv``
and ``logs/grade-ASSIGNMENT.log`` (with its JSON twin, which
:func:`read_outcomes` reads back).
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .course import Course

__all__ = ["GradeRun", "Outcome", "read_outcomes", "scores", "write_csv", "write_log"]


@dataclass
class Outcome:
    """What happened to one submission.

    Attributes
    ----------
    student : str
        The trainee id (nbgrader student id).
    status : str
        ``"graded"`` (run and graded), ``"not run"`` (graded without running:
        autograded tests score 0, see ``reason``), ``"failed"`` (not in the
        gradebook) or ``"refused"`` (the folder's name is not a valid trainee id).
    reason : str or None
        Why it was not run or failed; notes (a renamed notebook) for graded ones.
    seconds : float
        Wall-clock time spent on it.
    score, max_score : float or None
        The total from the gradebook (autograded and manual so far).
    """

    student: str
    status: str
    reason: str | None = None
    seconds: float = 0.0
    score: float | None = None
    max_score: float | None = None


@dataclass
class GradeRun:
    """A grading run of one assignment."""

    assignment: str
    outcomes: list[Outcome]
    seconds: float
    workers: int
    log: Path
    csv: Path | None
    notes: list[str] = field(default_factory=list)
    sandboxed: bool = True

    def counts(self) -> dict[str, int]:
        """Submissions per status."""
        counts = {"graded": 0, "not run": 0, "failed": 0, "refused": 0}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    def summary(self) -> str:
        """One line: how many, how fast, what happened."""
        n = len(self.outcomes)
        per = self.seconds / n if n else 0.0
        c = self.counts()
        refused = f", {c['refused']} refused (not a trainee id)" if c["refused"] else ""
        where = "sandboxed" if self.sandboxed else "NOT sandboxed (--no-sandbox)"
        return (
            f"graded {n} submission{'s' if n != 1 else ''} of {self.assignment} in "
            f"{self.seconds:.1f} s with {self.workers} worker{'s' if self.workers != 1 else ''} "
            f"({per:.2f} s per notebook), {where}: {c['graded']} run, {c['not run']} not run "
            f"(autograded parts 0), {c['failed']} failed{refused}"
        )


def scores(course: Course, assignment: str, outcomes: dict[str, Outcome]) -> list[dict]:
    """Fill scores from the gradebook; return the CSV rows (one per submission)."""
    from nbgrader.api import MissingEntry

    rows = []
    with course.open_gradebook() as gb:
        for student, outcome in sorted(outcomes.items()):
            row = {"student": student, "status": outcome.status, "reason": outcome.reason or ""}
            if outcome.status == "refused":
                rows.append(row)
                continue
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                if outcome.status != "failed":
                    outcome.status, outcome.reason = "failed", "not in the gradebook"
                rows.append(row)
                continue
            outcome.score = float(submission.score)
            outcome.max_score = float(submission.max_score)
            row.update(
                score=outcome.score,
                max_score=outcome.max_score,
                autograded=float(submission.code_score),
                autograded_max=float(submission.max_code_score),
                needs_manual_grade=bool(submission.needs_manual_grade),
            )
            for notebook in submission.notebooks:
                for g in sorted(notebook.grades, key=lambda g: g.name):
                    row[g.name] = "" if g.score is None else float(g.score)
            rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict]) -> Path:
    """Write the grades CSV: the fixed columns first, then one per graded part."""
    fixed = [
        "student",
        "score",
        "max_score",
        "autograded",
        "autograded_max",
        "needs_manual_grade",
        "status",
        "reason",
    ]
    parts = sorted({k for r in rows for k in r} - set(fixed))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fixed + parts, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_log(path: Path, run: GradeRun, everyone: list[Outcome]) -> None:
    """One line per submission ever graded (this run's and earlier ones), and a JSON twin."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [f"# {stamp}: {run.summary()}"]
    for o in everyone:
        score = "-" if o.score is None else f"{o.score:g}/{o.max_score:g}"
        lines.append(f"{o.student}\t{o.status}\t{score}\t{o.seconds:.1f} s\t{o.reason or 'ok'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = {
        "assignment": run.assignment,
        "when": stamp,
        "outcomes": [asdict(o) for o in everyone],
    }
    path.with_suffix(".json").write_text(json.dumps(record, indent=1), encoding="utf-8")


def read_outcomes(course: Course, assignment: str) -> list[Outcome]:
    """The outcomes of the last ``pmo course grade`` of an assignment (empty if none)."""
    path = course.logs / f"grade-{assignment}.json"
    if not path.is_file():
        return []
    record = json.loads(path.read_text(encoding="utf-8"))
    return [Outcome(**o) for o in record["outcomes"]]
