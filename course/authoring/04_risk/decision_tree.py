"""Assignment 04, part E: fund the response or accept the threat, decided with a decision tree."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
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
                _in = {"probability": _r.probability, "impact": _r.cost_impact,
                       "cost": _r.response_cost, "residual": _res}
                grading.expect_number(
                    fund_or_accept(_r.probability, _r.cost_impact, _r.response_cost, _res)[1],
                    max(_accept, _fund), what=f"EMV for {_r.risk_id}", abs_tol=0.01,
                    mistakes={
                        "a threat's EMV is negative: it is an expected loss": -max(_accept, _fund),
                        "the response's cost is paid whatever happens: subtract it":
                            max(_accept, -_res * _r.cost_impact),
                    },
                    search=grading.formula("emv", "fund" if _fund > _accept else "accept", _in),
                )
            """,
        ],
    ),
]
