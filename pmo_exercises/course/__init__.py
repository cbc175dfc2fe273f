"""The graded course: trainee ids, the assignment's first cell, and grading.

Trainees meet one function, :func:`start`, in the first cell of every graded
notebook. Hidden tests use :mod:`pmo_exercises.course.grading`. Coaches use the
``pmo course`` command, built on :mod:`pmo_exercises.course.coach`.
"""

from __future__ import annotations

from .._lazy import attach

__all__ = ["TraineeIdError", "Work", "set_trainee", "start", "trainee_id"]

_LAZY = {
    "start": "pmo_exercises.course.work",
    "Work": "pmo_exercises.course.work",
    "trainee_id": "pmo_exercises.course.identity",
    "set_trainee": "pmo_exercises.course.identity",
    "TraineeIdError": "pmo_exercises.course.identity",
}


_SUBMODULES = {
    name: f"pmo_exercises.course.{name}" for name in ("grading", "identity", "work", "coach")
}

# no __dir__: dir() of the package lists what is loaded
__getattr__ = attach(__name__, globals(), _LAZY, modules=_SUBMODULES)[0]
