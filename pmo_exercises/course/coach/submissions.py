"""Step 1 of grading: read every submission first, in the coach's process.

:func:`prepare_submission` makes a submission gradable before any worker runs
it: a notebook under the wrong name is copied to the right one; an unreadable
one is set aside and replaced by the release copy; links and special files are
removed; a trainee cell that monkeypatches the kit (:mod:`.tamper`) means the
notebook is not run. It returns the reason not to run it and the notes for the
log.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

from .course import Course

__all__ = ["prepare_submission", "read_json"]

# Beside a release copy the grader put in place of a missing or unreadable notebook.
_PLACEHOLDER = "NOT-A-SUBMISSION.txt"


def read_json(path: Path):
    """The JSON document at ``path`` (a notebook, a log's record)."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _remove_links(folder: Path) -> list[str]:
    """Delete symbolic links and special files from a submission; their names.

    nbgrader copies a submission by following its links, so a link to a file
    of the coach's (the source notebook, the gradebook) would reach the trainee's
    kernel as a file of its own. A submission is notebooks and data: regular
    files and folders only.
    """
    removed = []
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root) / name
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                path.unlink()
                removed.append(str(path.relative_to(folder)))
    return removed


def prepare_submission(
    course: Course, assignment: str, student: str, source_nb: dict
) -> tuple[str | None, list[str]]:
    """Make the submission gradable; return (reason not to run it, notes)."""
    import nbformat

    folder = course.folder("submitted", student, assignment)
    expected = folder / f"{assignment}.ipynb"
    release = course.folder("release", None, assignment) / expected.name
    marker = folder / _PLACEHOLDER
    notes: list[str] = []
    links = _remove_links(folder)
    if links:
        notes.append(
            f"removed {len(links)} link{'s' if len(links) > 1 else ''} or special "
            f"file{'s' if len(links) > 1 else ''} from the submission ({', '.join(links[:3])})"
        )
    if marker.is_file() and expected.is_file() and expected.read_bytes() == release.read_bytes():
        # the release copy put in place of a missing or unreadable notebook by an earlier run
        return marker.read_text(encoding="utf-8").strip(), notes
    if not expected.exists():
        others = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
        if len(others) == 1:
            shutil.copy2(others[0], expected)
            notes.append(f"the notebook was named {others[0].name!r}; graded as {expected.name}")
        else:
            shutil.copy2(release, expected)
            what = (
                f"{len(others)} notebooks under other names ({', '.join(p.name for p in others)})"
                if others
                else "no notebook"
            )
            reason = f"the submission holds {what}, not {expected.name}"
            marker.write_text(reason + "\n", encoding="utf-8")
            return reason, notes
    try:
        nb = read_json(expected)
        with warnings.catch_warnings():  # cells without ids (older notebooks) are fine
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.from_dict(nb), relax_add_props=True)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as error:  # any unreadable notebook: set aside, graded 0
        kept = expected.with_suffix(".ipynb.unreadable")
        shutil.move(expected, kept)
        shutil.copy2(release, expected)
        first = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
        reason = (
            f"{expected.name} is not a readable notebook ({type(error).__name__}"
            f"{': ' + first if first else ''}); kept as {kept.name}"
        )
        marker.write_text(reason + "\n", encoding="utf-8")
        return reason, notes
    from .tamper import scan_notebook

    found = scan_notebook(nb, source_nb)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return f"a trainee cell tampers with grading: {found[0]}{more}", notes
    return None, notes
