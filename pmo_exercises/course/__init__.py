"""The graded course: trainee ids, the assignment's first cell, and grading.

Trainees meet one function, :func:`start`, in the first cell of every graded
notebook. Hidden tests use :mod:`pmo_exercises.course.grading`. Coaches use the
``pmo course`` command, built on :mod:`pmo_exercises.course.coach`.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["TraineeIdError", "Work", "set_trainee", "start", "trainee_id"]

_LAZY = {
    "start": "pmo_exercises.course.work",
    "Work": "pmo_exercises.course.work",
    "trainee_id": "pmo_exercises.course.identity",
    "set_trainee": "pmo_exercises.course.identity",
    "TraineeIdError": "pmo_exercises.course.identity",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        if name in {"grading", "identity", "work", "coach"}:
            return import_module(f"pmo_exercises.course.{name}")
        raise AttributeError(f"module 'pmo_exercises.course' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
