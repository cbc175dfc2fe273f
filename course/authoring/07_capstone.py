"""Assignment 07: Capstone (a short run of the PMO game with decisions, then a debrief)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "07_capstone"

KEY = """
from pmo_exercises.course import grading
key = grading.key()
_start = pmo.game.new_game(key.portfolio, seed=SEED, weeks=WEEKS)
_facts = _start.facts()
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 07: Capstone, eight weeks as head of the PMO",
        [
            "read a portfolio's state as a steering committee would, from the policy and not the slides",
            "set a baseline: what happens if the PMO does nothing",
            "run the PMO for eight weeks: decide with evidence, every week if needed",
            "explain which decisions mattered, and tell decision from luck",
        ],
        120,
        """
        You take over the PMO of Norbridge Industries on the status date of **your own**
        portfolio. For eight simulated weeks you read the reports, decide (escalate,
        pause, re-prioritise, move or hire people, fund risk responses) and live with
        random events. The game scores strategic value delivered, delivery on time and on
        budget, and the trust of your stakeholders. Everything here is played with
        `pmo.game`; the Voila page *The PMO game* is the same game with buttons, over
        twelve weeks.
        """,
    ),
    setup(
        ASSIGNMENT,
        """
        SEED = 7  # fixes the simulated future and the events: keep it
        WEEKS = 8  # the length of your run
        """,
    ),
    markdown(
        """
        `pmo.game.new_game(portfolio, seed=SEED, weeks=WEEKS)` starts a game at your status date.
        `game.facts()` is one row per project as the week opens: state, the policy's
        `overall_rag` beside the `reported_rag`, the EAC, the business value and the
        project's strategic weight. `game.report()` holds what the steering committee
        reads (`dashboard`, `exceptions`, `decisions_needed`); `game.options()` lists
        what you can decide now.
        """
    ),
    part(
        "A",
        "What the committee should see",
        2,
        """
        At week 0, list in `reds_at_start` the ids of the **active** projects whose policy
        RAG is red, whatever their managers report.
        """,
    ),
    answer(
        "reds_at_start",
        "reds_at_start = []  # project ids",
        """
        game = pmo.game.new_game(portfolio, seed=SEED, weeks=WEEKS)
        facts = game.facts()
        reds_at_start = sorted(
            facts.index[(facts["state"] == "active") & (facts["overall_rag"] == "red")]
        )
        """,
    ),
    test(
        "test_reds_at_start",
        2,
        "reds_at_start: the active projects red on the policy at week 0.",
        """
        assert all(isinstance(x, str) for x in reds_at_start), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
            _active = _facts[_facts["state"] == "active"]
            grading.expect_ids(
                reds_at_start, _active.index[_active["overall_rag"] == "red"],
                what="reds_at_start",
                mistakes={
                    "these are the projects their managers call red; the committee needs the "
                    "policy's RAG (overall_rag)": _active.index[_active["reported_rag"] == "red"],
                    "a completed or paused project needs no rescue: keep the active ones":
                        _facts.index[_facts["overall_rag"] == "red"],
                },
            )
            """,
        ],
    ),
    part(
        "B",
        "The biggest forecast overrun",
        2,
        """
        Among the active projects, which one is forecast to overrun its budget by the most
        euros (EAC minus BAC, with the EAC in `facts`)? Assign its id to `biggest_overrun`.
        The BAC is in `portfolio.projects`.
        """,
    ),
    answer(
        "biggest_overrun",
        "biggest_overrun = None  # a project id",
        """
        bac = portfolio.projects.set_index("project_id")["bac"]
        active = facts[facts["state"] == "active"]
        biggest_overrun = (active["eac"] - bac.reindex(active.index)).idxmax()
        """,
    ),
    test(
        "test_biggest_overrun",
        2,
        "biggest_overrun: the active project with the largest EAC - BAC at week 0.",
        """
        assert isinstance(biggest_overrun, str), "a project id, as text"
        """,
        [
            KEY,
            """
            _bac = key.portfolio.projects.set_index("project_id")["bac"]
            _a = _facts[_facts["state"] == "active"]
            _over = _a["eac"] - _bac.reindex(_a.index)
            _ratio = _a["eac"] / _bac.reindex(_a.index)
            _largest_eac = _a["eac"].idxmax()
            if biggest_overrun != _over.idxmax():
                if biggest_overrun == _ratio.idxmax():
                    raise AssertionError("this is the largest overrun in percent; the question "
                                         "asks for euros (EAC - BAC)")
                if biggest_overrun == _largest_eac:
                    raise AssertionError("this is the largest EAC: a big project, not "
                                         "necessarily a big overrun; subtract its BAC")
                raise AssertionError("biggest_overrun is not right yet: EAC - BAC, active projects")
            """,
        ],
    ),
    part(
        "C",
        "The baseline: doing nothing",
        2,
        """
        Before you decide anything, measure what doing nothing gives: play a fresh game with
        the same `SEED` for all its weeks without a single decision, and assign its final
        total score to `do_nothing_total`. Every decision you take later is judged against
        this number, not against the plan.
        """,
    ),
    answer(
        "do_nothing_total",
        "do_nothing_total = None  # the total score after WEEKS weeks without decisions",
        """
        idle = pmo.game.new_game(portfolio, seed=SEED, weeks=WEEKS)
        while not idle.over:
            idle.advance()
        do_nothing_total = idle.score()["total"]
        """,
    ),
    test(
        "test_do_nothing_total",
        2,
        "do_nothing_total: the total score of WEEKS weeks without a decision, same seed.",
        """
        from pmo_exercises.course import grading
        assert 0 <= do_nothing_total <= 100, "scores are out of 100"
        """,
        [
            KEY,
            """
            _idle = pmo.game.new_game(key.portfolio, seed=SEED, weeks=WEEKS)
            _week1 = None
            while not _idle.over:
                _idle.advance()
                _week1 = _week1 if _week1 is not None else _idle.score()["total"]
            grading.expect_number(
                do_nothing_total, _idle.score()["total"], what="do_nothing_total", abs_tol=1e-6,
                mistakes={"this is the score after one week: play all the weeks": _week1},
            )
            """,
        ],
    ),
    markdown(
        """
        ## Your eight weeks

        Now play. Each week: read `game.report()`, decide with `game.decide(...)` (as many
        decisions as you want, or none), then `game.advance()`. Keep your notes: Part F asks
        you why you decided what you did. A pattern that works well:

        ```python
        my_game = pmo.game.new_game(portfolio, seed=SEED, weeks=WEEKS)
        facts = my_game.facts()  # what the data says about each project this week
        for pid in facts.index[facts["watermelon"]]:  # your variant's watermelons
            my_game.decide("escalate", project_id=pid)
        my_game.advance()
        ...
        ```

        You may also write your decisions as a list and play them with
        `my_game.play(decisions, until_week=my_game.weeks)`. `my_game.replay(until_week=k)`
        goes back to week k to try another choice.
        """
    ),
    part(
        "D",
        "Play the eight weeks",
        4,
        """
        Leave in `my_game` your finished game (all `WEEKS` weeks played, on your portfolio,
        with `SEED`), with at least three decisions. Full marks if its total score beats
        `do_nothing_total`.
        """,
    ),
    answer(
        "my_game",
        "my_game = None  # your finished game",
        """
        my_game = pmo.game.new_game(portfolio, seed=SEED, weeks=WEEKS)
        # The committee must hear bad news from the PMO first: escalate the red
        # projects that report green (watermelons), then the largest overruns.
        reds = facts.loc[reds_at_start].assign(
            overrun=lambda f: f["eac"] - portfolio.projects.set_index("project_id")["bac"]
        )
        for project in reds.sort_values(["watermelon", "overrun"], ascending=False).index[:3]:
            my_game.decide("escalate", project_id=project)
        while not my_game.over:
            my_game.advance()
        """,
    ),
    test(
        "test_my_game_played",
        2,
        "my_game: WEEKS weeks played on your portfolio with SEED and at least three decisions.",
        """
        assert my_game is not None and my_game.over, "play all the weeks: advance until my_game.over"
        assert len(my_game.decisions) >= 3, "take at least three decisions"
        """,
        [
            KEY,
            """
            assert my_game.seed == SEED and my_game.weeks == WEEKS, (
                "play with SEED and WEEKS, the future everyone is judged on")
            assert my_game.start.digest() == key.portfolio.digest(), (
                "my_game was not started from your own portfolio")
            _again = pmo.game.new_game(key.portfolio, seed=SEED, weeks=WEEKS).play(
                my_game.decisions, until_week=my_game.weeks)
            grading.expect_number(
                my_game.score()["total"], _again.score()["total"], what="my_game's score",
                abs_tol=1e-6, hint="replaying your decisions gives another score: play the "
                "game only through decide() and advance()")
            """,
        ],
    ),
    test(
        "test_my_game_beats_doing_nothing",
        2,
        "my_game: the total score beats doing nothing on the same seed.",
        """
        assert my_game is not None and my_game.over, "play all the weeks first"
        """,
        [
            KEY,
            """
            _idle = pmo.game.new_game(key.portfolio, seed=SEED, weeks=WEEKS)
            while not _idle.over:
                _idle.advance()
            _again = pmo.game.new_game(key.portfolio, seed=SEED, weeks=WEEKS).play(
                my_game.decisions, until_week=my_game.weeks)
            assert _again.score()["total"] > _idle.score()["total"], (
                f"your decisions score {_again.score()['total']:.2f}, doing nothing "
                f"{_idle.score()['total']:.2f}: look at my_game.debrief() to see which decisions cost "
                "you, and replay from that week")
            """,
        ],
    ),
    part(
        "E",
        "The decision that mattered most",
        2,
        """
        `my_game.debrief()` replays the game without each decision in turn and reports
        each one's effect on the total score (the counterfactual). Assign to
        `most_useful_decision` the label (column `decision`) of the decision with the
        largest positive effect.
        """,
    ),
    answer(
        "most_useful_decision",
        "most_useful_decision = None  # a label from the decision column, e.g. 'pause P11'",
        """
        debrief = my_game.debrief()
        most_useful_decision = debrief.loc[debrief["effect"].idxmax(), "decision"]
        """,
    ),
    test(
        "test_most_useful_decision",
        2,
        "most_useful_decision: the debrief's decision with the largest effect on the score.",
        """
        assert isinstance(most_useful_decision, str), "a decision label, as text"
        """,
        [
            KEY,
            """
            _again = pmo.game.new_game(key.portfolio, seed=SEED, weeks=WEEKS).play(
                my_game.decisions, until_week=my_game.weeks)
            _d = _again.debrief()
            _best = _d.loc[_d["effect"].idxmax(), "decision"]
            _last = _d.sort_values("week").iloc[-1]["decision"]
            if most_useful_decision != _best:
                if most_useful_decision == _last and _last != _best:
                    raise AssertionError("the latest decision is not the one that mattered "
                                         "most: compare the effects")
                raise AssertionError("most_useful_decision is not right yet: the largest "
                                     "effect in the debrief")
            """,
        ],
    ),
    part(
        "F",
        "Debrief: decision or luck?",
        4,
        """
        Write your debrief (eight lines at most): your two most important decisions, the
        evidence you took each on (quote the numbers you read that week), the effect the
        debrief gives each, and one event that helped or hurt you by luck. Say what you
        would decide differently, and check it with `my_game.replay(until_week=k)`.
        """,
    ),
    written(
        "debrief",
        4,
        """
        "Week 0: I escalated P12, reported green but red on the policy (CPI 0.50, EAC EUR 859k
        for a BAC of EUR 431k); trust rose because the committee heard it from us first.
        Week 0: I paused P11, which serves no objective: its people went to P06 and P08, and
        the debrief credits the pause with +1.9 points. The supplier delay in week 5 was
        luck; it would have hit us whatever we did. Hiring an architect in week 1 cost more
        than it gave (-0.4): the shortage was in August, not July. Replaying from week 1
        without the hire scores 62.2 instead of 61.7."
        """,
        [
            (1, "two decisions with the evidence they were taken on, quoted from the data"),
            (1, "uses the debrief's counterfactual effects correctly (against doing nothing)"),
            (1, "separates an event's luck from the quality of a decision"),
            (1, "a different choice, tested with replay, and its result"),
        ],
    ),
    part(
        "G",
        "The steering committee at the end of your run",
        3,
        """
        Write the three lines you would put in front of the steering committee at the end
        of your run: where the portfolio stands (score components, reds), what you changed,
        and the one decision you need from them now.
        """,
    ),
    written(
        "steering_at_the_end",
        3,
        """
        "After eight weeks the portfolio delivers 82% of the value planned for the quarter
        and runs at 74% on time and 73% on budget; P01 and P12 are still red. We paused P11
        (no strategic objective) and escalated the watermelon P12. We need your decision
        on P01: re-baseline at EUR 500k or stop it; its value (EUR 230k) no longer covers
        its cost."
        """,
        [
            (1, "the state in figures from the game, including what is still red"),
            (1, "what the PMO changed, briefly"),
            (1, "one clear decision asked of the committee, with its evidence"),
        ],
    ),
]
