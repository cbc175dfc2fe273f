"""Assignment 02: Planning (CPM with link types and lags, float, PERT, loading and levelling).

The parts live by idea in the folder ``02_planning/``: ``schedule.py`` (A to D),
``pert.py`` (E and F), ``resources.py`` (G and H), and ``hidden.py``, the set-up
their hidden tests share; the written parts (I and J) close the notebook here.
"""

from pathlib import Path

from pmo_exercises.course.authoring import front, load, markdown, part, setup, written

ASSIGNMENT = "02_planning"
PARTS = Path(__file__).with_name(ASSIGNMENT)

CELLS = [
    front(
        "front_matter",
        "Assignment 02: Planning",
        [
            "schedule a real project with CPM through every link type and lag",
            "read total and free float, and find the near-critical tasks",
            "test what one pessimistic estimate does to the end date",
            "give the chance of meeting a date with PERT, as a fraction",
            "find the over-booked pools across the portfolio and level them",
            "tell a sponsor what date to commit to, and why",
        ],
        90,
        """
        The portfolio board has asked the PMO to review the plan of your **largest active
        project** (the highest `bac`) before it commits to a date, and to check whether the
        portfolio's plans fit the people the company has. Every number below comes from
        **your own** portfolio: your neighbour's answers are not yours.
        Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT),
    markdown(
        """
        Durations and lags are in **working days**, counted from the project's day 0; a task
        occupies days `[ES, EF)`. `pmo.planning.critical_path(tasks, links)` reads the
        portfolio's columns as they are (`duration_days`; `type` and `lag_days` of the links).
        `portfolio.subset(project_id)` is a portfolio holding one project: its tasks, the links
        between them, and its assignments.
        """
    ),
    *load(PARTS / "schedule.py").CELLS,
    *load(PARTS / "pert.py").CELLS,
    *load(PARTS / "resources.py").CELLS,
    part(
        "I",
        "What you tell the sponsor about the date",
        3,
        """
        The sponsor of the review project asks: "The plan says it takes `planned_duration`
        working days. Can I announce that date?" Write your answer in a few sentences a
        sponsor reads: the chance of the plan's date, the date you would commit to and with
        what confidence, and what the PMO will watch.
        """,
    ),
    written(
        "sponsor_date",
        3,
        """
        (Trainee alice, P04 Supplier Onboarding Automation, 403 working days as planned.)
        "No: the plan adds up the most likely durations, and most of our estimates can run
        much longer than they can run shorter, so the plan's own date is unlikely to hold
        (PERT's expected duration is 424 days; with the board's 20-day reserve the chance of
        finishing by day 423 is only about 47%). I recommend announcing day 444, our P90
        date, about two months after the planned finish; anything earlier is a coin toss. The
        PMO will watch the critical tasks and the two near-critical ones (T06 and T16), and
        report each month how much of the reserve is left."
        """,
        [
            (1, "the right figures for their project: the plan, the chance of the date, P90"),
            (1, "why the plan's date is optimistic (most likely, skewed estimates), plainly said"),
            (1, "a date to commit to with its confidence, and what the PMO will watch"),
        ],
    ),
    part(
        "J",
        "Levelling: who pays, and what you propose",
        2,
        """
        Look at `levelling_delay` beside each project's `priority` (1 is the highest) and at the
        pools in `overbooked_weeks`. Levelling by least float knows nothing of the board's
        priorities. Say which project pays for the over-booking, whether that fits the
        priorities, and what you propose to the board (and at what cost).
        """,
    ),
    written(
        "levelling_recommendation",
        2,
        """
        (Trainee alice.) "Levelling moves P11 Channel Partner Programme 48 working days, P09 21
        and P12 6; the solution architects (ARC) are over-booked in four weeks of the
        baseline. P11 is priority 3 while P04, priority 1, is not delayed, so the rule happens
        to fit the priorities; P12, priority 2, loses six days. I propose to accept the
        levelled plan for P11 and to borrow one architect for the four peak weeks (about
        20 days at EUR 950, EUR 19k) so that P12 keeps its date; the board decides on the
        budget."
        """,
        [
            (1, "reads the levelling right: which project(s) pay, how much, for which pool"),
            (1, "a proposal weighed against the priorities, with its cost in days or money"),
        ],
    ),
]
