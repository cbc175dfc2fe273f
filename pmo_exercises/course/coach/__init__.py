"""The coach's tools around nbgrader: one command per step of the weekly cycle.

``pmo course build|release|collect|grade|report|mastery|export`` call these modules; plain
``nbgrader`` commands and formgrader keep working on the same course folder
and gradebook. One idea per module:

- :mod:`.course`: the course folder, its nbgrader configuration, its assignments;
- :mod:`.build`: release copies and the executed solution copies;
- :mod:`.exchange`: release to and collect from the exchange;
- :mod:`.tamper`: the static scan of trainee cells for monkeypatching;
- :mod:`.grade`: autograding a class in parallel worker processes, with limits:
  :mod:`.submissions` (read first), :mod:`.pool` (the workers), :mod:`.records`
  (outcomes, the grades CSV, the log);
- :mod:`.worker`: one worker process (nbgrader's API, one submission at a time);
- :mod:`.zygote` and :mod:`.zygote_process`: kernels forked from a warm process;
- :mod:`.sandbox`, :mod:`.bwrap`, :mod:`.cgroups`: the grading sandbox;
- :mod:`.verdict` and :mod:`.clean_shell`: the tests run in a clean IPython shell, on
  the answers as data;
- :mod:`.preprocessors`: grading without running, forked kernels, one commit of the
  grades, and cutting huge outputs;
- :mod:`.exporter`: the feedback pages, their templates compiled once per worker;
- :mod:`.progress`: the progress bar;
- :mod:`.report`: the class report (HTML);
- :mod:`.parts`: the graded parts of an assignment (its PMO concepts), from their headings;
- :mod:`.mastery`: every trainee's mastery by concept across the released assignments,
  and who needs help first (the table, CSV); :mod:`.mastery_page`: its page (HTML);
- :mod:`.export`: the final grades for nbgrader, Moodle or Canvas (CSV).

Nothing here is imported by ``import pmo_exercises``.
"""

from __future__ import annotations

from ..._lazy import attach

# build, grade, report, mastery and export are reached through their modules
# (``from pmo_exercises.course.coach.grade import grade``): a package attribute
# named like a submodule becomes the module as soon as the submodule is imported.
__all__ = ["CoachError", "Course", "collect", "release", "scan"]

_LAZY = {
    "Course": ".course",
    "CoachError": ".course",
    "release": ".exchange",
    "collect": ".exchange",
    "scan": ".tamper",
}

# no __dir__: dir() of the package lists what is loaded
__getattr__ = attach(__name__, globals(), _LAZY)[0]
