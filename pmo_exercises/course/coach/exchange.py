"""Release to and collect from the exchange: nbgrader's own commands, one line each."""

from __future__ import annotations

from .course import CoachError, Course, nbgrader_reason, quiet

__all__ = ["collect", "release"]


def _course(course) -> Course:
    return course if isinstance(course, Course) else Course(course)


def _fail(what: str, outcome: dict) -> CoachError:
    return CoachError(f"{what}: {nbgrader_reason(outcome)}")


def release(course, assignment: str, force: bool = False) -> str:
    """Put an assignment's release copy in the exchange for trainees to fetch.

    Parameters
    ----------
    course : Course or path
        The course folder.
    assignment : str
        The assignment.
    force : bool
        Replace a copy already released (trainees who fetched keep theirs).

    Returns
    -------
    str
        What was done, in one line.
    """
    course = _course(course)
    course.check_assignment(assignment)
    if not (course.folder("release", None, assignment) / f"{assignment}.ipynb").is_file():
        raise CoachError(f"{assignment} has no release copy yet: run `pmo course build` first")
    config = course.config()
    if force:
        config.ExchangeReleaseAssignment.force = True
    api = course.api(config)
    with quiet():
        outcome = api.release_assignment(assignment)
    if not outcome.get("success"):
        if "already exists" in (outcome.get("error") or "") + (outcome.get("log") or ""):
            raise CoachError(
                f"{assignment} is already released: add --force to replace the released copy"
            )
        raise _fail(f"nbgrader could not release {assignment}", outcome)
    root = course.config().Exchange.get("root", "the exchange")
    return f"released {assignment} to {root} (course {course.course_id})"


def collect(course, assignment: str) -> str:
    """Copy every trainee's latest submission from the exchange into ``submitted/``.

    Returns
    -------
    str
        What was done, in one line.
    """
    course = _course(course)
    course.check_assignment(assignment)
    before = set(course.submitters(assignment))
    api = course.api()
    with quiet():
        outcome = api.collect(assignment, update=True)
    if not outcome.get("success"):
        raise _fail(f"nbgrader could not collect {assignment}", outcome)
    after = course.submitters(assignment)
    new = [s for s in after if s not in before]
    return (
        f"collected {assignment}: {len(after)} submission{'s' if len(after) != 1 else ''} "
        f"in {course.folder('submitted')} ({len(new)} new)"
    )
