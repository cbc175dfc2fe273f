"""The questions of lesson 00, "Welcome": the pandas refresher's "Try it yourself".

Every expected value is read from the teaching portfolio's own tables, as the
refresher reads them: the budget by sponsor from ``Portfolio.projects``, the
stages and reported colours from :meth:`~pmo_exercises.core.Portfolio.summary`
at the status week, and the gap between reported and actual progress from
``Portfolio.project_status``, week by week. The mistakes recognised are a
newcomer's to pandas and to a portfolio: counting rows where projects are
meant, a filter forgotten or written in the wrong case, a gap taken the wrong
way round, a position counted from 0 given as a week, a ratio in percent. The
tables are computed once per teaching context and kept on it, as
:mod:`.lesson01` does, in :mod:`.lesson00_context`.
"""

from __future__ import annotations

from .detectors import close_to, in_percent, reciprocal
from .lesson00_context import (
    EXECUTION,
    GREEN,
    Refresher,
    answer_is,
    figure,
    gap_is,
    names_in,
    part_of_a_sponsor,
    person_name,
    project_id,
    refresher,
)
from .questions import Misconception, Question

__all__ = ["QUESTIONS", "Refresher", "refresher"]

QUESTIONS = (
    Question(
        id="00.top_sponsor",
        prompt="Which sponsor owns the largest total budget (BAC)? Their name.",
        kind="text",
        normalise=person_name,
        expected=figure(lambda r: r.top_sponsor),
        why="The sponsor with the most money in the portfolio is the one whose decisions move "
        "it most: a PMO knows who that is before the first steering committee.",
        hints=(
            "A sponsor can own several projects: add up each sponsor's budgets before you "
            "compare them.",
            "Total budget of a sponsor = the sum of bac over the projects they sponsor; "
            "the question asks for the largest total.",
            "p.projects: groupby('sponsor')['bac'].sum(), then .idxmax() (or "
            "sort_values(ascending=False) and the first label).",
        ),
        misconceptions=(
            Misconception(
                "a_project_not_a_sponsor",
                answer_is(lambda r: names_in(r, "project_id") | names_in(r, "name")),
                "That is a project. The question asks for a person, the sponsor, who may own "
                "several projects: add up the budget per sponsor.",
            ),
            Misconception(
                "manager_not_sponsor",
                answer_is(lambda r: names_in(r, "manager")),
                "That is a project manager: the manager runs a project, the sponsor owns its "
                "business case and its budget. Group on the sponsor column.",
            ),
            Misconception(
                "part_of_a_name",
                part_of_a_sponsor,
                "Give the sponsor's full name, first name and surname, as the sponsor column "
                "writes it: two people may share a first name or a surname.",
            ),
            Misconception(
                "not_a_sponsor",
                lambda answer, expected, ctx: answer not in names_in(refresher(ctx), "sponsor"),
                "Nobody of that name sponsors a project here. Copy the name from the sponsor "
                "column: p.projects['sponsor'].unique() lists them.",
            ),
            Misconception(
                "smallest_first",
                answer_is(lambda r: person_name(r.budget.idxmin())),
                "That sponsor owns the SMALLEST total budget: sort_values sorts smallest first "
                "unless you pass ascending=False (idxmax gives the largest, idxmin the smallest).",
            ),
        ),
        wrong="That sponsor does not own the largest total budget. Add up bac for each "
        "sponsor's projects, then take the largest total.",
    ),
    Question(
        id="00.sponsor_share",
        prompt="What share of the portfolio's total budget does that sponsor own? A ratio, 0 to 1.",
        expected=figure(lambda r: r.share()),
        abs_tol=0.005,
        unit="ratio",
        why="Concentration is a portfolio risk of its own: when one sponsor holds a large part "
        "of the budget, their priorities and their bad news reach every other project.",
        hints=(
            "A share is a part over the whole: the sponsor's budget over the whole "
            "portfolio's budget, both in euros.",
            "share = (sum of bac of the sponsor's projects) / (sum of bac of every project), "
            "a ratio between 0 and 1.",
            "p.projects['bac'].sum() is the whole; the sponsor's total is the groupby of "
            "exercise 1, or p.projects.loc[p.projects['sponsor'] == name, 'bac'].sum().",
        ),
        misconceptions=(
            Misconception(
                "in_percent",
                in_percent(),
                "You gave the share in percent. The question asks for a ratio between 0 and 1: "
                "divide by the total and do not multiply by 100.",
            ),
            Misconception(
                "upside_down",
                reciprocal(),
                "You divided the whole by the part. A share is the sponsor's budget over the "
                "portfolio's budget, so it is below 1.",
            ),
            Misconception(
                "amount_not_share",
                close_to(figure(lambda r: r.budget[r.top_sponsor])),
                "That is the sponsor's budget in euros. The question asks what share of the "
                "portfolio's total budget it is: divide by the total.",
            ),
            Misconception(
                "by_value",
                close_to(figure(lambda r: r.share(column="business_value")), abs_tol=0.005),
                "That is the sponsor's share of the business value, what the projects are "
                "expected to bring. The question is about the budget: the bac column.",
            ),
            Misconception(
                "by_count",
                close_to(figure(lambda r: len(r.mine) / len(r.summary)), abs_tol=0.005),
                "That is the sponsor's share of the projects, counted one each. A big project "
                "weighs more than a small one: add up their bac instead.",
            ),
            Misconception(
                "one_project",
                close_to(figure(lambda r: r.share("max")), abs_tol=0.005),
                "That is the share of the sponsor's largest project alone. The sponsor owns "
                "several: add up the bac of all of them.",
            ),
        ),
        wrong="That is not the sponsor's share of the budget. Divide the sponsor's total bac "
        "by the portfolio's total bac.",
    ),
    Question(
        id="00.in_execution",
        prompt="How many projects are in execution?",
        kind="integer",
        unit="a count of projects",
        expected=figure(lambda r: r.count(EXECUTION)),
        why="Projects in execution are the ones spending money and people every week: they are "
        "what the PMO follows first at each status date.",
        hints=(
            "Each project is in one stage of its life cycle; keep those in execution, then "
            "count projects, one each.",
            "A boolean mask keeps the rows where a condition holds: stage == 'execution'; "
            "counting a mask is .sum(), counting rows is len().",
            "p.projects (or p.summary()) has one row per project and a stage column: "
            "(p.projects['stage'] == 'execution').sum().",
        ),
        misconceptions=(
            Misconception(
                "nothing_matched",
                answer_is(lambda r: 0),
                "Your filter kept no project. pandas compares text exactly, case included: "
                "look at the values the stage column holds with p.projects['stage'].unique().",
            ),
            Misconception(
                "every_project",
                answer_is(lambda r: len(r.summary)),
                "That is every project of the portfolio. Keep only the rows whose stage is "
                "execution before you count.",
            ),
            Misconception(
                "not_in_execution",
                answer_is(lambda r: r.count(EXECUTION, negate=True)),
                "You counted the projects NOT in execution (the condition reversed, != for ==, "
                "or ~ on the mask). Count those whose stage is execution.",
            ),
            Misconception(
                "rows_not_projects",
                answer_is(lambda r: r.rows("tasks") | r.rows("project_status")),
                "You counted rows of a table with several rows per project (the tasks, or one "
                "status per week). Count projects: p.projects has one row each, or use "
                ".nunique() on project_id.",
            ),
        ),
        wrong="That is not how many projects are in execution. Filter p.projects on its stage "
        "column, then count the rows left.",
    ),
    Question(
        id="00.execution_green",
        prompt="Of the projects in execution, how many report green?",
        kind="integer",
        unit="a count of projects",
        expected=figure(lambda r: r.count(EXECUTION, GREEN)),
        why="Green is what the managers report, not yet what the data says: module 05 checks "
        "these colours against the figures, and not every green survives.",
        hints=(
            "Two conditions at once: the project is in execution AND its latest report is green.",
            "Combine two masks with & (each in brackets): (stage == 'execution') & "
            "(reported_rag == 'green'), then count.",
            "p.projects has stage and reported_rag, the colour of each project's latest "
            "report: filter on both and take len() or .sum() of the mask.",
        ),
        misconceptions=(
            Misconception(
                "nothing_matched",
                answer_is(lambda r: 0),
                "Your filter kept no project. pandas compares text exactly, case included: "
                "look at the values with .unique() on stage and on reported_rag.",
            ),
            Misconception(
                "stage_filter_forgotten",
                answer_is(lambda r: r.count(rag=GREEN)),
                "You counted every project that reports green, in every stage. Keep those in "
                "execution as well: both conditions, joined with &.",
            ),
            Misconception(
                "not_green",
                answer_is(lambda r: r.count(EXECUTION, GREEN, negate=True)),
                "You counted the projects in execution that do NOT report green. Keep those "
                "whose reported_rag is green.",
            ),
            Misconception(
                "colour_filter_forgotten",
                answer_is(lambda r: r.count(EXECUTION)),
                "That is every project in execution. Of those, keep the ones whose latest "
                "report is green.",
            ),
            Misconception(
                "every_project",
                answer_is(lambda r: len(r.summary)),
                "That is every project of the portfolio: each of them reported green in some "
                "week of the history. The question is about the latest report of the projects "
                "in execution.",
            ),
            Misconception(
                "rows_of_the_history",
                answer_is(lambda r: r.rows("project_status", green=True)),
                "You counted rows of the weekly history, one per project and week. The "
                "question is about each project's latest report: p.projects, or the status "
                "week's rows of p.project_status.",
            ),
        ),
        wrong="That is not how many projects in execution report green. Filter on the stage "
        "and on reported_rag together, then count.",
    ),
    Question(
        id="00.furthest_ahead",
        prompt="At the status week, which project's reported progress runs furthest ahead of "
        "its real progress? Its project id.",
        kind="text",
        normalise=project_id,
        expected=figure(lambda r: r.furthest_ahead),
        why="Progress reported well ahead of the real one is the '90% done' syndrome: the PMO "
        "asks that manager for the evidence of the work before it believes the figure.",
        hints=(
            "Compare two columns of the same row: what the manager reports, and what is "
            "really done. Ahead means the report says more.",
            "gap = pct_complete_reported - pct_complete_actual, in points; the project with "
            "the largest gap is furthest ahead.",
            "The latest table of the refresher (the status week's rows of p.project_status) "
            "has a gap column: sort it largest first, or take .idxmax() of it.",
        ),
        misconceptions=(
            Misconception(
                "name_not_id",
                answer_is(lambda r: names_in(r, "name", project_id)),
                "That is the project's name. The question asks for its project id: a P and "
                "two digits, from the project_id column.",
            ),
            Misconception(
                "unknown_project",
                lambda answer, expected, ctx: answer not in ctx.summary.index,
                "There is no project with that id. Project ids are a P and two digits, as in "
                "the project_id column.",
            ),
            Misconception(
                "behind_not_ahead",
                gap_is(lambda gap: gap < 0),
                "That project reports LESS than it has really done: its gap is negative (an old "
                "report lags the work). Take reported minus actual, and the largest first "
                "(ascending=False).",
            ),
            Misconception(
                "most_progress",
                answer_is(lambda r: r.summary["pct_complete_reported"].idxmax()),
                "That project reports the most progress, which is not the largest gap: the "
                "question is how far the report runs ahead of the real progress.",
            ),
            Misconception(
                "no_gap",
                gap_is(lambda gap: gap == 0),
                "That project reports exactly its real progress at the status week: no gap. "
                "Look for the largest positive gap.",
            ),
            Misconception(
                "a_smaller_gap",
                gap_is(lambda gap: gap > 0),
                "That project's report does run ahead of its real progress, but another's runs "
                "further. Compare every project's gap at the status week.",
            ),
        ),
        wrong="That is not the project furthest ahead. Take reported minus actual progress at "
        "the status week and find the largest.",
    ),
    Question(
        id="00.gap_week",
        prompt="In which week did that project's reported progress first run ahead of its real "
        "progress?",
        kind="integer",
        unit="a week number",
        expected=figure(lambda r: r.gap_week),
        why="The week the reports began to run ahead is when the PMO should have asked its "
        "first question: the longer an optimistic report goes unchallenged, the harder the "
        "correction.",
        hints=(
            "Go back through that one project's weekly history and find the first week its "
            "report said more than the real progress.",
            "In each week, gap = pct_complete_reported - pct_complete_actual; the answer is "
            "the smallest week in which the gap is above zero.",
            "p.project_status, filtered on the project_id: keep the rows with a gap > 0, then "
            "the minimum of their week column (a week number, not a row label).",
        ),
        misconceptions=(
            Misconception(
                "not_a_week",
                lambda answer, expected, ctx: not 1 <= answer <= ctx.status_week,
                "The status history runs from week 1 to the status week: that is not one of "
                "its weeks. A row label (the table's index) is not a week either: read the "
                "week column of the row.",
            ),
            Misconception(
                "counted_from_zero",
                lambda answer, expected, ctx: answer == expected - 1,
                "You gave a position counted from 0 (as argmax or a row number give it), or "
                "the last week the report still matched. Weeks are numbered from 1: read the "
                "week column of the first row with a gap.",
            ),
            Misconception(
                "status_week",
                answer_is(lambda r: int(r.portfolio.status_week)),
                "That is the status week: today's report. The question is when the report "
                "first ran ahead of the real progress: the earliest week with a gap.",
            ),
            Misconception(
                "gap_already_open",
                answer_is(lambda r: set(r.weeks_ahead(r.furthest_ahead))),
                "In that week the report was already ahead of the real progress. Go back to "
                "the first week it ran ahead.",
            ),
            Misconception(
                "another_project",
                answer_is(lambda r: r.other_first_weeks),
                "That is the week another project's report first ran ahead (perhaps the first "
                "in the whole portfolio). Filter the history on the one project first.",
            ),
            Misconception(
                "no_gap_yet",
                lambda answer, expected, ctx: answer < expected,
                "In that week the project's report still matched its real progress: no gap "
                "yet. Look for the first week in which reported exceeds actual.",
            ),
        ),
        wrong="That is not the first week that project's report ran ahead. Filter its history, "
        "keep the weeks with a gap above zero, and take the earliest.",
    ),
)
