"""Assignment 04, parts A to D: the high zone, signed EMVs, the reserve and the worst threat."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY
THREATS = _HIDDEN.THREATS

CELLS = [
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
            THREATS,
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
                search=grading.formula("emv", "emv", _emv_in),
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
            THREATS,
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
                # the reserve sets aside the threats' expected losses: minus their EMVs, summed
                search=grading.formula("emv", "emv", _emv_in, then=lambda emvs: -emvs.sum()),
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
]
