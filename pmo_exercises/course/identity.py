"""Who is working: the trainee id, when a trainee works and when a coach grades.

A trainee's assignment runs on their own variant of the portfolio, so the kit
must know whose notebook it is running, in two situations:

**While the trainee works** (JupyterLab or JupyterHub), the id comes from, in order:

1. ``TRAINEE_ID`` written in the notebook's first code cell (what the trainee
   typed, passed to :func:`pmo_exercises.course.start`);
2. the environment variable ``PMO_TRAINEE`` (a coach can set it for a room);
3. ``JUPYTERHUB_USER``, set by JupyterHub for every user;
4. the file ``~/.config/pmo/trainee`` written once by ``pmo course whoami ID``
   or :func:`set_trainee`.

**While a coach grades**, the id is the nbgrader student id of the submission:
``pmo course grade`` sets ``PMO_GRADING_TRAINEE`` for each submission, and a
plain ``nbgrader autograde`` runs each notebook inside
``autograded/<student id>/<assignment>/``, which is read from the working
directory. The grading id always decides what the answers are checked against.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "GRADING_ENV",
    "TRAINEE_ENV",
    "TraineeIdError",
    "grading_trainee",
    "is_trainee_id",
    "set_trainee",
    "trainee_file",
    "trainee_id",
]

TRAINEE_ENV = "PMO_TRAINEE"
GRADING_ENV = "PMO_GRADING_TRAINEE"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")


def is_trainee_id(value: object) -> bool:
    """Whether ``value`` can be a trainee id: letters, digits and ``. _ @ + -``, 64 at most.

    It must start with a letter or a digit, so that it is also a safe folder
    name (no ``..``, no hidden file, no space, quote or markup).
    """
    return isinstance(value, str) and _ID.fullmatch(value) is not None


class TraineeIdError(ValueError):
    """A trainee id that is missing or cannot be a file name."""


def _clean(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise TraineeIdError(f"{where}: a trainee id is text, not {type(value).__name__}")
    value = value.strip()
    if not _ID.match(value):
        raise TraineeIdError(
            f"{where}: {value!r} is not a trainee id (letters, digits and . _ @ + -, "
            "starting with a letter or digit, at most 64 characters)"
        )
    return value


def trainee_file() -> Path:
    """Where :func:`set_trainee` keeps the id (``$XDG_CONFIG_HOME/pmo/trainee``)."""
    from ..core.user_config import user_config_dir

    return user_config_dir() / "trainee"


def set_trainee(trainee: str) -> Path:
    """Remember the trainee id on this machine, once for every assignment.

    Parameters
    ----------
    trainee : str
        The id the coach gave (the same as the nbgrader student id).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    trainee = _clean(trainee, "set_trainee")
    path = trainee_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(trainee + "\n", encoding="utf-8")
    return path


def grading_trainee(cwd: str | os.PathLike | None = None) -> str | None:
    """The student id being graded, or ``None`` when nobody is grading.

    Parameters
    ----------
    cwd : path, optional
        The working directory to read (default: the current one).
    """
    explicit = os.environ.get(GRADING_ENV, "").strip()
    if explicit:
        return _clean(explicit, GRADING_ENV)
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        return None
    parts = Path(cwd if cwd is not None else os.getcwd()).resolve().parts
    # nbgrader executes in <course>/autograded/<student>/<assignment>/
    if len(parts) >= 3 and parts[-3] == "autograded":
        return _clean(parts[-2], "the autograded folder")
    return None


def trainee_id(declared: str | None = None) -> str | None:
    """The trainee whose portfolio the notebook works on.

    Parameters
    ----------
    declared : str, optional
        The ``TRAINEE_ID`` written in the notebook; empty means "not written".

    Returns
    -------
    str or None
        The id, or ``None`` when none is known (outside grading).
    """
    if declared is not None and str(declared).strip():
        return _clean(declared, "TRAINEE_ID")
    grading = grading_trainee()
    if grading is not None:
        return grading
    for name in (TRAINEE_ENV, "JUPYTERHUB_USER"):
        value = os.environ.get(name, "").strip()
        if value:
            return _clean(value, name)
    path = trainee_file()
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return _clean(value, str(path))
    return None
