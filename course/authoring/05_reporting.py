"""Assignment 05: Reporting and communication (policy RAG, watermelons, dashboard, steering).

The parts live by idea in the folder ``05_reporting/``: ``rag.py`` (A and B),
``watermelons.py`` (C), ``steering.py`` (D and E, the dashboard and the steering report),
and ``hidden.py``, the set-up their hidden tests share; the written parts (F and G) close
the notebook here.
"""

from pathlib import Path

from pmo_exercises.course.authoring import front, load, markdown, part, setup, written

ASSIGNMENT = "05_reporting"
PARTS = Path(__file__).with_name(ASSIGNMENT)

POLICY = """
policy = pmo.governance.load_policy()  # the PMO's written rules (module 01)
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 05: Reporting and communication",
        [
            "compute a project's RAG from the policy's thresholds, the worst part winning",
            "find the reds the reports hide, and how long they have been hidden",
            "read the dashboard's forecast and trend the way a steering committee does",
            "pick out the exceptions and the decisions only the committee can take",
            "write the steering committee's summary, and the same truth for another audience",
        ],
        90,
        """
        You are the PMO analyst of Norbridge Industries. The steering committee meets on
        Monday and the head of the PMO has asked you for the report: the colours computed
        from the policy, the exceptions, the decisions needed, and the summary on top.
        Every number comes from **your own** portfolio: your neighbour's answers are not
        yours. Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT, POLICY),
    markdown(
        """
        The policy's `rag` rules: for an index (SPI = EV / PV, CPI = EV / AC), **red below**
        `policy.schedule.red` (or `policy.cost.red`) and **amber below** the `amber`
        threshold; an index exactly on a threshold belongs to the better band. The overall
        colour is the **worst** of its parts. `pmo.reporting.rag_history(portfolio)` applies
        all the rules (schedule, cost and risk) to every project and week, and puts the
        manager's `reported_rag` beside the computed `overall_rag`.
        """
    ),
    *load(PARTS / "rag.py").CELLS,
    *load(PARTS / "watermelons.py").CELLS,
    *load(PARTS / "steering.py").CELLS,
    part(
        "F",
        "The summary on top of the report",
        3,
        """
        Write the summary that opens your steering report, in five lines at most: the
        portfolio in figures (reds by the policy against reds reported, the watermelons,
        the forecast against the budget), the two exceptions that matter most, and the
        decisions you ask the committee for. Every figure must be your portfolio's.
        """,
    ),
    written(
        "steering_summary",
        3,
        """
        (alice, week 26.) "Six of our twelve projects are red by the policy; their managers
        report two. P12 Cybersecurity Hardening has been reported green for 21 weeks while
        red (SPI 0.77, CPI 0.50): it heads for EUR 859k against EUR 431k, above its business
        value of EUR 650k. The ten started projects forecast EUR 5.0M against EUR 2.9M
        budgeted. The exceptions that matter: P12's hidden overrun, and P02 ERP Migration,
        in execution without its gate artefacts and forecast at EUR 602k for EUR 513k of
        value. We ask you to decide: an independent review of P12 and a stop-or-continue on
        P12, P01 and P02 by the next meeting, and a rebalancing of the solution architects,
        booked beyond capacity for four of the coming weeks."
        """,
        [
            (
                1,
                "the figures are the trainee's own and right: reds computed against reported, "
                "the watermelon(s), forecast against budget",
            ),
            (
                1,
                "exceptions chosen by severity, each with its evidence, not a tour of every "
                "project",
            ),
            (1, "decisions asked as questions the committee can answer, with a date"),
        ],
    ),
    part(
        "G",
        "The same truth, for another audience",
        2,
        """
        Take the most serious exception of your summary and write it, in three lines, for
        **one** other audience of your choice: its sponsor (the business case, a number and a
        date, the decision you need from them) or its team (what the data shows, the actions
        with their owners, what the PMO checks next week). Say which audience you chose.
        """,
    ),
    written(
        "other_audience",
        2,
        """
        To Daniel Petit, sponsor of P12: "P12 is forecast at EUR 859k against its EUR 431k
        budget, above the EUR 650k the business case promised. Its reports have said green
        since February while the data says red; the numbers, not the team, are the news. I
        need your choice by the 15th: a recovery plan you sign, or a stop at the committee."
        """,
        [
            (
                1,
                "the lead fits the audience (sponsor: business case and a decision; team: "
                "actions and owners), not the committee's version copied",
            ),
            (1, "the facts agree with the summary and are said plainly, without blame"),
        ],
    ),
]
