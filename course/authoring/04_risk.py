"""Assignment 04: Risk and opportunity (zones, EMV, reserve, decision tree, Monte Carlo)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "04_risk"

# The focus project: the longest open register (ties: the first project id).
FOCUS = """
open_register = portfolio.risks[portfolio.risks["state"] == "open"]
focus = open_register.groupby("project_id").size().idxmax()
print(f"Your focus project, from Part B on: {focus}")
"""

# Shared by the hidden tests: the key's register and its focus project.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_p = key.portfolio
_open = _p.risks[_p.risks["state"] == "open"]
_focus = _open.groupby("project_id").size().idxmax()
_fr = _open[_open["project_id"] == _focus]
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 04: Risk and opportunity",
        [
            "find the open risks that need a response this week, from the probability-impact zones",
            "price threats and opportunities with EMV, with the right sign",
            "size a project's contingency reserve from its register",
            "decide with a decision tree whether a response is worth its cost",
            "read P80 and the contingency for 80% confidence from a Monte Carlo run",
            "argue for the response you fund, and for the reserve you ask for",
        ],
        90,
        """
        You are the PMO analyst of Norbridge Industries, preparing the quarterly risk
        review. The sponsor of your busiest project wants to know how much money to hold
        back and which response to pay for. Every number comes from **your own**
        portfolio: your neighbour's answers are not yours. Autograded parts check your
        variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT, FOCUS),
    markdown(
        """
        The register is `portfolio.risks`: one row per threat, with its `probability` (a
        fraction: 0.35, not 35), its `cost_impact` in euros and `schedule_impact_days`, its
        owner, response and `response_cost`, and its `state` (`open`, or `occurred` once it
        has fired: then it is an issue, and its cost is in the actuals). Opportunities are
        in `portfolio.opportunities` (`cost_saving`; `state` is `open` or `realised`).

        Your **focus project** is the one with the longest open register, printed by the
        setup cell above as `focus`.
        """
    ),
    part(
        "A",
        "What needs attention this week",
        2,
        """
        Score the whole register with `pmo.risk.score_portfolio_risks(portfolio)`. In the
        kit's matrix a score (probability score x impact score) above 12 is in the **high**
        zone and 4 or below is **low** (the `zone` column). List in `high_open` the ids of
        the **open** risks in the high zone.
        """,
    ),
    answer(
        "high_open",
        "high_open = []  # risk ids",
        """
        scored = pmo.risk.score_portfolio_risks(portfolio)
        high_open = sorted(
            scored.loc[(scored["state"] == "open") & (scored["zone"] == "high"), "risk_id"]
        )
        """,
    ),
    test(
        "test_high_open",
        2,
        "high_open: the open risks in the high zone of the probability-impact matrix.",
        """
        assert isinstance(high_open, (list, tuple, set, pd.Index, pd.Series)), "a list of risk ids"
        assert all(isinstance(x, str) for x in high_open), "risk ids are text such as 'R-P03-11'"
        """,
        [
            KEY,
            """
            _s = pmo.risk.score_portfolio_risks(_p)
            _is_open = _s["state"] == "open"
            grading.expect_ids(
                high_open, _s.loc[_is_open & (_s["zone"] == "high"), "risk_id"], what="high_open",
                mistakes={
                    "this counts risks that have occurred: an occurred risk is an issue now, "
                    "its cost is already in the actuals; list the open ones":
                        _s.loc[_s["zone"] == "high", "risk_id"],
                    "a score of 12 is the top of the medium zone: high starts above 12":
                        _s.loc[_is_open & (_s["score"] >= 12), "risk_id"],
                    "the zone comes from the score (probability x impact), not from the "
                    "probability alone":
                        _s.loc[_is_open & (_s["probability_score"] >= 4), "risk_id"],
                },
                hint="keep the rows whose zone is high, then the open ones",
            )
            """,
        ],
    ),
    part(
        "B",
        "EMV, with its sign",
        3,
        """
        EMV = probability x impact, with the impact **signed**: a threat costs money
        (negative), an opportunity saves it (positive). The register holds magnitudes; the
        sign comes from the table the event is in. `pmo.risk.emv(probability, impact)` does
        the multiplication.

        - `threat_emv`: a Series indexed by `risk_id`, the EMV of each **open** threat of
          your focus project;
        - `opportunity_emv`: a Series indexed by `opportunity_id`, the EMV of each **open**
          opportunity of the whole portfolio.
        """,
    ),
    answer(
        "emv_series",
        """
        threat_emv = None  # a Series: EMV per open threat of the focus project
        opportunity_emv = None  # a Series: EMV per open opportunity of the portfolio
        """,
        """
        threats = portfolio.risks[
            (portfolio.risks["project_id"] == focus) & (portfolio.risks["state"] == "open")
        ].set_index("risk_id")
        threat_emv = pmo.risk.emv(threats["probability"], -threats["cost_impact"])
        gains = portfolio.opportunities[portfolio.opportunities["state"] == "open"]
        gains = gains.set_index("opportunity_id")
        opportunity_emv = pmo.risk.emv(gains["probability"], gains["cost_saving"])
        """,
    ),
    test(
        "test_threat_emv",
        2,
        "threat_emv: the signed EMV of each open threat of the focus project.",
        """
        assert isinstance(threat_emv, pd.Series), "threat_emv should be a pandas Series"
        assert (threat_emv <= 0).all(), "a threat's EMV is negative: its impact is a cost"
        """,
        [
            KEY,
            """
            _t = _fr.set_index("risk_id")
            _want = _t["probability"] * -_t["cost_impact"]
            _want.index.name = "risk_id"
            _all = _p.risks[_p.risks["project_id"] == _focus].set_index("risk_id")
            if set(map(str, threat_emv.index)) == set(_all.index) != set(_want.index):
                raise AssertionError(
                    "threat_emv: this prices risks that have occurred; their cost is in the "
                    "actuals now: keep the open threats"
                )
            grading.expect_series(
                threat_emv, _want, what="threat_emv", abs_tol=0.01,
                mistakes={
                    "the probability is a fraction (0.35), not a percent (35)": _want * 100,
                    "the cost impact alone is not an expected value: multiply by the "
                    "probability": -_t["cost_impact"],
                    "the schedule impact is in days: EMV prices the cost impact, in euros":
                        _t["probability"] * -_t["schedule_impact_days"],
                },
            )
            """,
        ],
    ),
    test(
        "test_opportunity_emv",
        1,
        "opportunity_emv: the signed EMV of each open opportunity of the portfolio.",
        """
        assert isinstance(opportunity_emv, pd.Series), "opportunity_emv should be a pandas Series"
        """,
        [
            KEY,
            """
            _o = _p.opportunities[_p.opportunities["state"] == "open"].set_index("opportunity_id")
            _want = _o["probability"] * _o["cost_saving"]
            _every = set(_p.opportunities["opportunity_id"])
            if _every != set(_o.index) and set(map(str, opportunity_emv.index)) == _every:
                raise AssertionError(
                    "opportunity_emv: a realised opportunity is banked, not expected: "
                    "keep the open ones"
                )
            grading.expect_series(
                opportunity_emv, _want, what="opportunity_emv", abs_tol=0.01,
                mistakes={
                    "an opportunity saves money: its EMV is positive (threats are negative)":
                        -_want,
                    "the probability is a fraction (0.35), not a percent (35)": _want * 100,
                },
            )
            """,
        ],
    ),
    part(
        "C",
        "The contingency reserve",
        2,
        """
        Assign to `reserve` the contingency reserve your focus project should hold for its
        known risks, in euros, as a **positive** amount to set aside. Follow the cautious
        PMO's rules: open risks only, EMVs not impacts, threats only (no opportunity netted
        against it). `pmo.risk.contingency_reserve` may help.
        """,
    ),
    answer(
        "reserve",
        "reserve = None  # euros, a positive amount",
        """
        focus_open = portfolio.risks[
            (portfolio.risks["project_id"] == focus) & (portfolio.risks["state"] == "open")
        ]
        reserve = pmo.risk.contingency_reserve(focus_open)["reserve"]
        """,
    ),
    test(
        "test_reserve",
        2,
        "reserve: the focus project's contingency reserve for its known risks.",
        """
        from pmo_exercises.course import grading
        assert not isinstance(reserve, bool), "reserve is an amount in euros"
        assert reserve is not None, "assign reserve"
        assert reserve >= 0, "a reserve is money set aside: a positive amount"
        """,
        [
            KEY,
            """
            _r = pmo.risk.contingency_reserve(_fr)
            _every = _p.risks[_p.risks["project_id"] == _focus]
            _gains = _p.opportunities[
                (_p.opportunities["project_id"] == _focus) & (_p.opportunities["state"] == "open")
            ]
            _net = pmo.risk.contingency_reserve(_fr, _gains)["net_reserve"]
            _mistakes = {
                "a reserve sums the threats' EMVs, not their impacts: summing impacts prices "
                "the day every threat fires at once": _fr["cost_impact"].sum(),
                "count the open risks only: an occurred risk is already paid for, in the "
                "actuals": pmo.risk.contingency_reserve(_every)["reserve"],
                "the probability is a fraction (0.35), not a percent (35)": _r["reserve"] * 100,
            }
            if abs(_net - _r["reserve"]) > 0.5:
                _mistakes["threats only: an opportunity that may not come is poor cover for a "
                          "threat that may (this is the net reserve)"] = _net
            grading.expect_number(
                reserve, _r["reserve"], what="reserve", abs_tol=0.5, mistakes=_mistakes,
                hint="open threats of the focus project, probability x cost impact, summed",
            )
            """,
        ],
    ),
    part(
        "D",
        "The threat to talk about",
        1,
        """
        Which open threat of your focus project carries the largest expected loss? Assign
        its id to `worst_threat` (a text such as `"R-P03-11"`).
        """,
    ),
    answer(
        "worst_threat",
        'worst_threat = ""  # a risk id',
        """
        mine = portfolio.risks[
            (portfolio.risks["project_id"] == focus) & (portfolio.risks["state"] == "open")
        ]
        expected_loss = mine["probability"] * mine["cost_impact"]
        worst_threat = mine.loc[expected_loss.idxmax(), "risk_id"]
        """,
    ),
    test(
        "test_worst_threat",
        1,
        "worst_threat: the open threat of the focus project with the largest expected loss.",
        """
        assert isinstance(worst_threat, str), "worst_threat should be a risk id, as text"
        """,
        [
            KEY,
            """
            _loss = (_fr["probability"] * _fr["cost_impact"]).set_axis(_fr["risk_id"])
            _top = set(_loss[_loss >= _loss.max() - 1e-9].index)
            if worst_threat.strip() not in _top:
                _by_impact = _fr.set_index("risk_id")["cost_impact"].idxmax()
                _scores = pmo.risk.score_portfolio_risks(_p).set_index("risk_id")
                _by_score = _scores.loc[_fr["risk_id"], "score"].idxmax()
                if worst_threat.strip() not in set(_fr["risk_id"]):
                    raise AssertionError(
                        "worst_threat should be an open threat of your focus project "
                        f"({_focus})"
                    )
                if worst_threat.strip() == _by_impact:
                    raise AssertionError(
                        "worst_threat: this is the largest impact; the expected loss weighs "
                        "it by its probability (EMV)"
                    )
                if worst_threat.strip() == _by_score:
                    raise AssertionError(
                        "worst_threat: this is the highest score; a score ranks attention, "
                        "the EMV ranks money"
                    )
                raise AssertionError("worst_threat is not right yet: rank by probability x impact")
            """,
        ],
    ),
    part(
        "E",
        "Fund the response, or accept?",
        2,
        """
        A response costs its `response_cost` whatever happens, and (in this review) halves
        the probability of the threat, with the same impact if it still fires. Write
        `fund_or_accept(probability, impact, response_cost, residual)` that builds the
        decision tree with `pmo.risk.Decision`, `Chance` and `Outcome`, evaluates it with
        `pmo.risk.evaluate`, and returns `(choice, emv)`: `choice` is `"fund"` or
        `"accept"`, `emv` the EMV of that option (negative: it is a loss). `impact` is the
        register's magnitude (a positive number of euros). On a tie, accept.
        """,
    ),
    answer(
        "fund_or_accept",
        '''
        def fund_or_accept(probability, impact, response_cost, residual):
            """The best option for one threat and its EMV: ('fund' or 'accept', emv)."""
        ''',
        """
        loss, nothing = pmo.risk.Outcome(-impact), pmo.risk.Outcome(0)
        tree = pmo.risk.Decision(
            {
                "accept": pmo.risk.Chance(
                    {"occurs": (probability, loss), "not": (1 - probability, nothing)}
                ),
                "fund": pmo.risk.Chance(
                    {"occurs": (residual, loss), "not": (1 - residual, nothing)},
                    cost=response_cost,
                ),
            }
        )
        result = pmo.risk.evaluate(tree)
        return result.best, result.emv
        """,
        indent=4,
    ),
    test(
        "test_fund_or_accept_choice",
        1,
        "fund_or_accept: picks the option with the higher EMV, the response's cost included.",
        """
        choice, _ = fund_or_accept(0.5, 4_000, 1_000, 0.1)
        assert choice == "fund", "compare the EMVs: accepting -2,000, funding -1,000 - 400"
        """,
        [
            KEY,
            """
            _rows = _p.risks[(_p.risks["state"] == "open") & (_p.risks["response_cost"] > 0)]
            for _r in _rows.itertuples():
                _accept = -_r.probability * _r.cost_impact
                _fund = -_r.probability / 2 * _r.cost_impact - _r.response_cost
                if abs(_accept - _fund) < 1e-6:
                    continue
                _want = "fund" if _fund > _accept else "accept"
                _got = fund_or_accept(_r.probability, _r.cost_impact, _r.response_cost,
                                      _r.probability / 2)[0]
                if _got != _want:
                    raise AssertionError(
                        f"fund_or_accept for {_r.risk_id} picks {_got!r}: compare the two "
                        "options' EMVs with the response's cost paid whatever happens, not "
                        "their best outcomes"
                    )
            """,
        ],
    ),
    test(
        "test_fund_or_accept_emv",
        1,
        "fund_or_accept: the EMV of the option picked, negative, the response's cost included.",
        """
        from pmo_exercises.course import grading
        grading.expect_number(
            fund_or_accept(0.5, 4_000, 1_000, 0.1)[1], -1_400, what="EMV of funding",
            mistakes={
                "a threat's EMV is negative: it is an expected loss": 1_400,
                "the response's cost is paid whatever happens: subtract it": -400,
                "this is the EMV of accepting; return the EMV of the option picked": -2_000,
            },
        )
        """,
        [
            KEY,
            """
            _rows = _p.risks[(_p.risks["state"] == "open") & (_p.risks["response_cost"] > 0)]
            for _r in _rows.itertuples():
                _res = _r.probability / 2
                _accept = -_r.probability * _r.cost_impact
                _fund = -_res * _r.cost_impact - _r.response_cost
                grading.expect_number(
                    fund_or_accept(_r.probability, _r.cost_impact, _r.response_cost, _res)[1],
                    max(_accept, _fund), what=f"EMV for {_r.risk_id}", abs_tol=0.01,
                    mistakes={
                        "a threat's EMV is negative: it is an expected loss": -max(_accept, _fund),
                        "the response's cost is paid whatever happens: subtract it":
                            max(_accept, -_res * _r.cost_impact),
                    },
                )
            """,
        ],
    ),
    part(
        "F",
        "How confident is the budget?",
        3,
        """
        Simulate your focus project with its **open** threats, exactly this way so that the
        grader can repeat your run:

        ```python
        one = portfolio.subset(focus)
        mc = pmo.risk.monte_carlo(one.tasks, one.dependencies, <the open risks of one>,
                                  iterations=2_000, seed=2026)
        ```

        Then assign `p80_days`, the project's P80 duration in working days, and
        `cost_contingency`, the cost reserve the project needs on top of its plan for 80%
        confidence, in euros.
        """,
    ),
    answer(
        "monte_carlo",
        """
        p80_days = None  # working days
        cost_contingency = None  # euros
        """,
        """
        one = portfolio.subset(focus)
        mc = pmo.risk.monte_carlo(
            one.tasks, one.dependencies, one.risks[one.risks["state"] == "open"],
            iterations=2_000, seed=2026,
        )
        p80_days, p80_cost = mc.percentile(80)
        cost_contingency = p80_cost - mc.planned_cost
        """,
    ),
    test(
        "test_p80_days",
        1,
        "p80_days: the P80 duration of the focus project's simulation (2,000 runs, seed 2026).",
        """
        from pmo_exercises.course import grading
        assert p80_days is not None and p80_days > 0, "a duration in working days"
        """,
        [
            KEY,
            """
            _one = _p.subset(_focus)
            _mc = pmo.risk.monte_carlo(_one.tasks, _one.dependencies, _fr, iterations=2_000,
                                       seed=2026)
            _d80, _c80 = _mc.percentile(80)
            _d50, _ = _mc.percentile(50)
            grading.expect_number(
                p80_days, _d80, what="p80_days", rel=1e-6, abs_tol=1e-6,
                mistakes={
                    "this is P50, a date missed one time in two; a commitment is P80": _d50,
                    "this is the deterministic plan; P80 is what 80% of the runs stay within":
                        _mc.planned_duration,
                    "this is the schedule contingency (P80 minus the plan); p80_days is the "
                    "P80 duration itself": _d80 - _mc.planned_duration,
                },
                hint="2,000 iterations, seed 2026, the open risks of the focus project",
            )
            """,
        ],
    ),
    test(
        "test_cost_contingency",
        2,
        "cost_contingency: the focus project's cost reserve for 80% confidence.",
        """
        assert cost_contingency is not None, "assign cost_contingency"
        """,
        [
            KEY,
            """
            _one = _p.subset(_focus)
            _mc = pmo.risk.monte_carlo(_one.tasks, _one.dependencies, _fr, iterations=2_000,
                                       seed=2026)
            _d80, _c80 = _mc.percentile(80)
            _, _c50 = _mc.percentile(50)
            _mistakes = {
                "this is the P80 cost itself; the contingency is what you add to the plan: "
                "P80 minus the plan": _c80,
                "this is P50 minus the plan; 80% confidence needs P80": _c50 - _mc.planned_cost,
                "this is the register's EMV reserve (Part C); the simulation's contingency is "
                "P80 minus the plan": pmo.risk.contingency_reserve(_fr)["reserve"],
            }
            if (_one.risks["state"] != "open").any():
                _all = pmo.risk.monte_carlo(_one.tasks, _one.dependencies, _one.risks,
                                            iterations=2_000, seed=2026)
                _mistakes["this simulates risks that have occurred too: their cost is in the "
                          "actuals, simulate the open ones"] = _all.contingency(0.8)["cost"]
            grading.expect_number(
                cost_contingency, _c80 - _mc.planned_cost, what="cost_contingency", rel=1e-6,
                abs_tol=0.01, mistakes=_mistakes,
                hint="2,000 iterations, seed 2026, the open risks of the focus project",
            )
            """,
        ],
    ),
    part(
        "G",
        "The response you fund",
        3,
        """
        Look at `worst_threat` in the register. If its owner has priced a response
        (`response_cost` above 0), run `fund_or_accept` on it (residual: half the
        probability); if not, there is nothing to fund yet. In the cell below, write to the
        sponsor of your focus project, in four lines at most: what you recommend for that
        threat (fund the response, or accept it and hold a reserve), what it costs and what
        it takes off the expected loss, who owns it, and the trigger you will watch.
        """,
    ),
    written(
        "response_funded",
        3,
        """
        (alice, P01: worst threat R-P01-03, p = 0.30, impact EUR 8,200, no priced response.)
        "R-P01-03 is the largest expected loss on P01: a 30% chance of EUR 8,200, EUR 2,460 in
        expectation. Its owner has priced no response, so the tree can only say accept: we
        hold EUR 2,460 of the reserve against it, and I ask Ulla Ivanova to price a
        mitigation by the 17th. Trigger: the supplier's test report on the sensor board; if
        it slips a week, the risk moves to the steering agenda."
        A trainee whose tree says fund writes: "funding costs EUR X, takes EUR Y off the
        expected loss (net gain Y - X)", with the same owner and trigger.
        """,
        [
            (
                1,
                "the choice follows the tree, with both figures: the response's cost and the "
                "expected loss it removes (or why accepting is cheaper)",
            ),
            (1, "names an owner and an observable trigger or date"),
            (1, "addressed to the sponsor: short, in money, with what is asked of them"),
        ],
    ),
    part(
        "H",
        "Which reserve do you ask for?",
        2,
        """
        Your focus project now has two reserves: the register's EMV reserve (Part C) and the
        P80 cost contingency (Part F). In three sentences at most: which one do you ask the
        sponsor to approve, and what explains the gap between them?
        """,
    ),
    written(
        "which_reserve",
        2,
        """
        "I ask for the P80 contingency, EUR 36k on P01, not the EUR 8k EMV reserve. The
        register prices only the risks somebody wrote down, one at a time; the simulation
        also prices the uncertainty of every estimate and the way the network passes delay
        (and cost) to the finish. The EUR 28k gap is the risk nobody listed: I will ask the
        team which of the estimates behind it they trust least."
        """,
        [
            (1, "a clear choice, with the figures of their own focus project"),
            (
                1,
                "explains the gap: estimate uncertainty and the network, not only the listed "
                "risks (or the reverse case, argued)",
            ),
        ],
    ),
]
