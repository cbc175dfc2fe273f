"""The course folder: its nbgrader configuration, assignments, trainees and logs.

Every coach command takes the course folder (``course/`` by default,
``--course-dir`` otherwise) and reads its ``nbgrader_config.py``, exactly as
``nbgrader`` does when run from that folder, so both see the same gradebook,
exchange and release copies.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CoachError", "Course", "nbgrader_reason", "quiet"]

_ASSIGNMENT = re.compile(r"^\d\d_[A-Za-z0-9_]+$")


class CoachError(ValueError):
    """A coach command cannot run: the message says why, in one line."""


@contextlib.contextmanager
def quiet():
    """Silence nbgrader's and SQLAlchemy's warnings and INFO logs for the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        previous = logging.root.manager.disable
        logging.disable(logging.INFO)
        try:
            yield
        finally:
            logging.disable(previous)


def _scripts_on_path() -> None:
    """Put this Python's scripts folder on PATH: nbgrader runs ``alembic`` by name."""
    scripts = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + (os.pathsep + path if path else "")


def nbgrader_reason(outcome: dict) -> str:
    """The most telling line of a failed nbgrader API call (its error and log)."""
    text = (outcome.get("error") or "") + "\n" + (outcome.get("log") or "")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    generic = ("Please see the", "There was an error processing", "NbGraderException")
    telling = [
        ln
        for ln in lines
        if ("Error" in ln or "Exception" in ln or ln.startswith("[ERROR]"))
        and not any(g in ln for g in generic)
        and not ln.startswith(("File ", "Traceback"))
    ]
    chosen = telling[-1] if telling else (lines[-1] if lines else "nbgrader gave no reason")
    return chosen.removeprefix("[ERROR] ")[:300]


@dataclass(frozen=True)
class Course:
    """An nbgrader course folder.

    Parameters
    ----------
    root : path
        The folder holding ``nbgrader_config.py`` and ``source/``.
    """

    root: Path

    def __init__(self, root) -> None:
        root = Path(root).expanduser().resolve()
        if not (root / "nbgrader_config.py").is_file():
            raise CoachError(f"{root} is not a course folder: it has no nbgrader_config.py")
        object.__setattr__(self, "root", root)

    # -- configuration ------------------------------------------------------------
    def config(self, **overrides):
        """The course's nbgrader configuration, with ``Section__option`` overrides.

        ``course.config(Execute__timeout=5)`` sets ``c.Execute.timeout = 5``.
        """
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        with quiet():
            loader = PyFileConfigLoader("nbgrader_config.py", path=str(self.root))
            config = loader.load_config()
        merged = Config()
        merged.merge(config)
        merged.CourseDirectory.root = str(self.root)
        for key, value in overrides.items():
            section, option = key.split("__")
            merged[section][option] = value
        return merged

    def api(self, config=None):
        """An :class:`nbgrader.apps.NbGraderAPI` on this course."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        _scripts_on_path()
        config = config if config is not None else self.config()
        with quiet():
            previous = logging.root.manager.disable
            # nbgrader logs a CRITICAL line when the exchange folder does not exist yet
            logging.disable(logging.CRITICAL)
            try:
                coursedir = CourseDirectory(config=config)
                return NbGraderAPI(coursedir=coursedir, config=config)
            finally:
                logging.disable(previous)

    @contextlib.contextmanager
    def open_gradebook(self):
        """The course's :class:`nbgrader.api.Gradebook`, opened quietly and closed after.

        nbgrader checks the gradebook's schema by running ``alembic`` by name,
        so this Python's scripts folder is put on ``PATH`` first (a coach who
        runs ``.venv/bin/pmo`` may not have it there).
        """
        from nbgrader.api import Gradebook

        _scripts_on_path()
        with quiet(), Gradebook(self.db_url, self.course_id) as gb:
            yield gb

    @property
    def db_url(self) -> str:
        """The gradebook's SQLAlchemy URL."""
        return str(self.config().CourseDirectory.get("db_url", f"sqlite:///{self.gradebook}"))

    @property
    def gradebook(self) -> Path:
        """The gradebook file (when the gradebook is SQLite)."""
        url = self.config().CourseDirectory.get("db_url", "")
        if url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///") :])
        return self.root / "gradebook.db"

    @property
    def course_id(self) -> str:
        """The nbgrader course id."""
        return str(self.config().CourseDirectory.get("course_id", ""))

    # -- folders ------------------------------------------------------------------
    def folder(self, step: str, student: str | None = None, assignment: str | None = None) -> Path:
        """``<root>/<step>[/<student>][/<assignment>]`` (release and source have no student)."""
        path = self.root / step
        if student is not None:
            path = path / student
        if assignment is not None:
            path = path / assignment
        return path

    @property
    def logs(self) -> Path:
        """Where the coach commands write their logs (git-ignored)."""
        return self.root / "logs"

    def assignments(self) -> list[str]:
        """The assignments of ``source/``, in course order."""
        source = self.root / "source"
        if not source.is_dir():
            return []
        return sorted(p.name for p in source.iterdir() if p.is_dir() and _ASSIGNMENT.match(p.name))

    def check_assignment(self, assignment: str) -> str:
        """The assignment's name, or a :class:`CoachError` listing the known ones."""
        known = self.assignments()
        if assignment not in known:
            raise CoachError(
                f"no assignment {assignment!r} in {self.root / 'source'} "
                f"(there are: {', '.join(known) or 'none'})"
            )
        return assignment

    def source_notebook(self, assignment: str) -> Path:
        """The assignment's source notebook (``source/NN_topic/NN_topic.ipynb``)."""
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def submitters(self, assignment: str) -> list[str]:
        """The trainees with a folder in ``submitted/`` for the assignment, sorted."""
        submitted = self.root / "submitted"
        if not submitted.is_dir():
            return []
        return sorted(
            p.name for p in submitted.iterdir() if (p / assignment).is_dir() and p.is_dir()
        )

    def roster(self) -> list[str]:
        """Every trainee the course knows: the gradebook's students and every submitter."""
        known = set()
        submitted = self.root / "submitted"
        if submitted.is_dir():
            known.update(p.name for p in submitted.iterdir() if p.is_dir())
        if self.gradebook.is_file():
            with self.open_gradebook() as gb:
                known.update(s.id for s in gb.students)
        return sorted(known)
