"""Starting an assignment: the trainee's own portfolio, loaded in the first cell.

Every graded notebook opens with::

    TRAINEE_ID = ""  # the id your coach gave you (leave empty on JupyterHub)

    from pmo_exercises.course import start
    work = start("03_tracking", TRAINEE_ID)
    portfolio = work.portfolio
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from ..core.portfolio import Portfolio
from . import _guard
from .identity import TraineeIdError, grading_trainee, trainee_id

__all__ = [
    "Work",
    "adopt",
    "declared_trainee",
    "kept_portfolio",
    "prebuild",
    "prebuilt",
    "start",
]

# What start() was told in this kernel; grading reads it to check ownership.
_session: dict[str, str | None] = {}

# An untouched copy of each portfolio start() loaded, taken before any trainee code
# ran: the answer key of that trainee is the same portfolio (grading.key reads it).
_kept: dict[str, Portfolio] = {}

# A variant built before this kernel existed, by the grading zygote that forked it
# (see coach.zygote and prebuild): the same load_portfolio(variant=...) call, made
# while the grader was busy with other work. Empty everywhere else.
_prebuilt: dict[str, Portfolio] = {}


@dataclass(frozen=True)
class Work:
    """An assignment in progress.

    Attributes
    ----------
    assignment : str
        The assignment folder name, e.g. ``"03_tracking"``.
    trainee : str
        Whose portfolio variant ``portfolio`` is.
    graded_as : str or None
        The nbgrader student id when a coach is grading, else ``None``.
    portfolio : Portfolio
        The trainee's own variant of the teaching portfolio.
    """

    assignment: str
    trainee: str
    graded_as: str | None
    portfolio: Portfolio

    @property
    def owner_problem(self) -> str | None:
        """Why this notebook is not the grading trainee's own work, or ``None``."""
        return ownership_problem(self.trainee, self.graded_as)


def declared_trainee() -> str | None:
    """The trainee id :func:`start` was given in this kernel (None before it ran)."""
    return _session.get("trainee")


def kept_portfolio(trainee: str) -> Portfolio | None:
    """The copy of ``trainee``'s portfolio :func:`start` kept before any notebook code ran.

    None when :func:`start` has not loaded that trainee's portfolio in this
    process. The answer key (:func:`pmo_exercises.course.grading.key`) is
    this copy, so the variant is built once per notebook.
    """
    return _kept.get(trainee)


def prebuild(trainee: str, share: str | None = None) -> None:
    """Build ``trainee``'s variant now, for the next :func:`start` of this process to take.

    The grading zygote (:mod:`pmo_exercises.course.coach.zygote`) calls it
    while nbgrader prepares a submission, so that the kernel it forks next is
    born with the variant. The variant is built here, by the coach's own
    code, never handed in by a trainee, so that what :func:`start` takes is
    what it would have built itself. Only the last one is kept: one built
    before, for another trainee, is dropped first (variants are no secret:
    anyone can build anyone's from the id).

    Parameters
    ----------
    trainee : str
        Whose variant.
    share : str, optional
        Also write it to this file for the sandboxed zygote to :func:`adopt`
        (the same variant is then built once per notebook, not twice). The
        file appears whole (written aside, then renamed), and empty when the
        id is not valid.

    Raises
    ------
    PortfolioError, ValueError
        When ``trainee`` is not a valid id; nothing is kept then.
    """
    from ..simulation.loading import load_portfolio

    _prebuilt.clear()
    try:
        portfolio = load_portfolio(variant=trainee)
    except Exception:
        if share:
            _write_whole(share, b"")
        raise
    _prebuilt[trainee] = portfolio
    if share:
        import pickle

        _write_whole(share, pickle.dumps(portfolio, protocol=pickle.HIGHEST_PROTOCOL))


def adopt(trainee: str, path: str | None, timeout: float = 30.0) -> None:
    """Take ``trainee``'s variant from the file :func:`prebuild` shares, or build it.

    For the sandboxed grading zygote only: the file is written by the
    trusted zygote, the coach's process, in a folder the sandbox sees
    read-only, so no trainee's code can have put it there; it is unpickled
    for that reason alone. Waits up to ``timeout`` seconds for the file; when
    it does not come, is empty (the id is not valid) or is not that trainee's
    variant, the variant is built here as :func:`prebuild` would.
    """
    import pickle

    end = time.monotonic() + timeout
    while path and not os.path.exists(path) and time.monotonic() < end:
        time.sleep(0.002)  # the trusted zygote is building it (about a tenth of a second)
    portfolio = None
    try:
        with open(path or "", "rb") as shared:
            data = shared.read()
        portfolio = pickle.loads(data) if data else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        portfolio = None
    if not isinstance(portfolio, Portfolio) or portfolio.meta.get("variant") != trainee:
        prebuild(trainee)
        return
    _prebuilt.clear()
    _prebuilt[trainee] = portfolio


def _write_whole(path: str, data: bytes) -> None:
    """Write ``data`` aside, then rename it: a reader never sees half a file."""
    aside = f"{path}.part"
    with open(aside, "wb") as out:
        out.write(data)
    os.replace(aside, path)


def prebuilt() -> list[str]:
    """The trainees whose variant :func:`prebuild` built and no :func:`start` took yet."""
    return sorted(_prebuilt)


def ownership_problem(trainee: str | None, graded_as: str | None) -> str | None:
    """The message when a notebook worked on one portfolio is graded for another."""
    if graded_as is None or trainee is None or trainee == graded_as:
        return None
    return (
        f"this notebook was worked on the portfolio of trainee {trainee!r} but submitted "
        f"by {graded_as!r}: each trainee answers on their own portfolio (TRAINEE_ID)"
    )


def start(assignment: str, trainee: str | None = None) -> Work:
    """Load the trainee's portfolio for an assignment and say whose it is.

    Parameters
    ----------
    assignment : str
        The assignment's folder name.
    trainee : str, optional
        ``TRAINEE_ID`` as written in the notebook. Empty or ``None``: the id
        is found as :mod:`pmo_exercises.course.identity` explains.

    Returns
    -------
    Work
        The assignment, the trainee and their portfolio.

    Raises
    ------
    TraineeIdError
        When no id is written and none can be found.
    """
    from ..simulation.loading import load_portfolio

    graded_as = grading_trainee()
    who = trainee_id(trainee)
    if who is None:
        raise TraineeIdError(
            "no trainee id: write TRAINEE_ID = 'your id' in this cell (your coach gave it to "
            "you), or run `pmo course whoami YOUR_ID` once in a terminal"
        )
    _guard.snapshot()
    _session.update(assignment=assignment, trainee=who, graded_as=graded_as)
    portfolio = _prebuilt.pop(who, None)
    if portfolio is None:
        portfolio = load_portfolio(variant=who)
    work = Work(assignment, who, graded_as, portfolio)
    # The answer key of this trainee is the same portfolio: keep an untouched copy
    # for grading now, before any trainee code runs, instead of building it twice.
    _kept.setdefault(who, work.portfolio.copy())
    p = work.portfolio
    print(
        f"{assignment}: the portfolio of trainee {who!r}: {len(p.projects)} projects, "
        f"status week {p.status_week} ({p.status_date:%d %b %Y})."
    )
    return work
