"""Assignment 03, part D: the EAC function, for the cause of the variance."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

EAC_INPUTS = load(Path(__file__).with_name("hidden.py")).EAC_INPUTS

CELLS = [
    part(
        "D",
        "Which EAC?",
        3,
        """
        Write `eac(bac, ev, ac, cause)` that returns the estimate at completion for one
        project. `cause` says why it is off plan:

        - `"typical"`: the overrun reflects how the work is done and will continue (EAC = BAC / CPI);
        - `"atypical"`: the overrun came from events not expected to recur, such as risks that
          fired, while the work itself runs to budget (the remaining work costs its budget);
        - `"deadline"`: late against a fixed date, so both cost and schedule performance weigh
          on the remaining work (pass `pv` as a keyword argument too).

        The names are PMI's (*Practice Standard for Earned Value Management*).
        """,
    ),
    answer(
        "eac_function",
        '''
        def eac(bac, ev, ac, cause, pv=None):
            """Estimate at completion of one project, for the cause of its variance."""
        ''',
        """
        cpi = ev / ac
        if cause == "typical":
            return bac / cpi
        if cause == "atypical":
            return ac + (bac - ev)
        if cause == "deadline":
            spi = ev / pv
            return ac + (bac - ev) / (cpi * spi)
        raise ValueError(f"unknown cause {cause!r}")
        """,
        indent=4,
    ),
    test(
        "test_eac_typical",
        1,
        "eac(..., 'typical') is BAC / CPI.",
        """
        from pmo_exercises.course import grading
        grading.expect_number(eac(1000, 400, 500, "typical"), 1250, what="eac(1000, 400, 500, 'typical')",
                              mistakes={"EV and AC are swapped in the CPI": 800})
        """,
        [
            EAC_INPUTS,
            """
        key = grading.key()
        _h = pmo.tracking.earned_value_history(key.portfolio)
        _n = _h[(_h["week"] == key.portfolio.status_week) & (_h["ac"] > 0)]
        for _r in _n.itertuples():
            grading.expect_number(eac(_r.bac, _r.ev, _r.ac, "typical"), _r.eac_cpi,
                                  what=f"eac for {_r.project_id} (typical)",
                                  search=grading.formula("earned value", "eac_cpi", **_given(_r)))
        """,
        ],
    ),
    test(
        "test_eac_atypical",
        1,
        "eac(..., 'atypical') is AC + (BAC - EV).",
        """
        from pmo_exercises.course import grading
        grading.expect_number(
            eac(1000, 400, 500, "atypical"), 1100, what="eac(1000, 400, 500, 'atypical')",
            mistakes={"EAC should use AC + (BAC - EV) here: the overrun was atypical, "
                      "BAC / CPI assumes it goes on": 1250},
        )
        """,
        [
            EAC_INPUTS,
            """
        key = grading.key()
        _h = pmo.tracking.earned_value_history(key.portfolio)
        _n = _h[(_h["week"] == key.portfolio.status_week) & (_h["ac"] > 0)]
        for _r in _n.itertuples():
            grading.expect_number(
                eac(_r.bac, _r.ev, _r.ac, "atypical"), _r.eac_atypical,
                what=f"eac for {_r.project_id} (atypical)",
                mistakes={"EAC should use AC + (BAC - EV) here: the overrun was atypical": _r.eac_cpi},
                search=grading.formula("earned value", "eac_atypical", **_given(_r)),
            )
        """,
        ],
    ),
    test(
        "test_eac_deadline",
        1,
        "eac(..., 'deadline', pv=...) is AC + (BAC - EV) / (CPI x SPI).",
        """
        from pmo_exercises.course import grading
        grading.expect_number(eac(1000, 400, 500, "deadline", pv=500), 1437.5,
                              what="eac(1000, 400, 500, 'deadline', pv=500)")
        """,
        [
            EAC_INPUTS,
            """
        key = grading.key()
        _h = pmo.tracking.earned_value_history(key.portfolio)
        _n = _h[(_h["week"] == key.portfolio.status_week) & (_h["ac"] > 0) & (_h["pv"] > 0)]
        for _r in _n.itertuples():
            grading.expect_number(
                eac(_r.bac, _r.ev, _r.ac, "deadline", pv=_r.pv), _r.eac_cpi_spi,
                what=f"eac for {_r.project_id} (deadline)",
                mistakes={"divide the remaining work by CPI x SPI, not by CPI alone": _r.eac_cpi},
                search=grading.formula("earned value", "eac_cpi_spi", **_given(_r, _deadline=True)),
            )
        """,
        ],
    ),
]
