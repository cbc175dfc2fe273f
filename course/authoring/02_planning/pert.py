"""Assignment 02, parts E and F: the PERT duration and the chance of meeting the date."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY
PERT = _HIDDEN.PERT

CELLS = [
    part(
        "E",
        "The PERT duration",
        1,
        """
        The plan uses the most likely durations. Assign to `pert_duration` the review project's
        expected duration under PERT: the CPM duration of the network with each task at its
        PERT mean (o + 4m + p) / 6.
        """,
    ),
    answer(
        "pert_duration",
        "pert_duration = None  # working days",
        """
        tasks = one.tasks
        o, m, x = tasks["optimistic_days"], tasks["most_likely_days"], tasks["pessimistic_days"]
        means = one.tasks.assign(duration_days=(o + 4 * m + x) / 6)
        pert_duration = pmo.planning.critical_path(means, one.dependencies)["ef"].max()
        """,
    ),
    test(
        "test_pert_duration",
        1,
        "pert_duration: the CPM duration of the network on the tasks' PERT means.",
        """
        import numbers
        assert isinstance(pert_duration, numbers.Real), "a number of working days"
        """,
        [
            KEY,
            PERT,
            """
        _tri = _t.assign(duration_days=(_o + _m + _x) / 3)
        _on = lambda days: pmo.planning.project_duration(
            pmo.planning.critical_path(_t.assign(duration_days=days), _l))
        grading.expect_number(
            pert_duration, _mu, what="pert_duration",
            mistakes={
                "this is the planned duration, on the most likely durations; PERT weighs the "
                "three points (o + 4m + p) / 6": _d,
                "(o + m + p) / 3 is the triangular mean; PERT's is (o + 4m + p) / 6":
                    pmo.planning.project_duration(pmo.planning.critical_path(_tri, _l)),
                "a project lasts as long as its longest chain: run CPM on the means, do not sum "
                "them": ((_o + 4 * _m + _x) / 6).sum(),
            },
            search=grading.formula("pert", "pert_mean", o=_o, m=_m, p=_x, then=_on),
        )
        """,
        ],
    ),
    part(
        "F",
        "The chance of meeting the date",
        3,
        """
        The board holds a schedule reserve of 20 working days: the date it would announce is
        `planned_duration + 20` working days after the start. With classical PERT
        (`pmo.planning.completion_probability` and `pmo.planning.deadline_for_probability`),
        assign to `p_on_time` the probability that the review project finishes by then, and to
        `p90_days` the duration it meets with a probability of 90%.
        """,
    ),
    answer(
        "pert_chance",
        """
        p_on_time = None  # the probability of finishing within planned_duration + 20
        p90_days = None  # working days
        """,
        """
        deadline = planned_duration + 20
        p_on_time = pmo.planning.completion_probability(one.tasks, deadline, one.dependencies)
        p90_days = pmo.planning.deadline_for_probability(one.tasks, 0.9, one.dependencies)
        """,
    ),
    test(
        "test_p_on_time",
        2,
        "p_on_time: the PERT probability of finishing within the planned duration plus 20 days.",
        """
        import numbers
        assert isinstance(p_on_time, numbers.Real), "a probability is a number"
        assert 0 <= p_on_time <= 1, "a probability is a fraction between 0 and 1, not a percent"
        """,
        [
            KEY,
            PERT,
            """
        _p_on = _Normal(_mu, _sigma).cdf(_deadline)
        grading.expect_number(
            p_on_time, _p_on, what="p_on_time", rel=1e-4,
            mistakes={
                "a probability is a fraction between 0 and 1, not a percent": 100 * _p_on,
                "this is the chance of being LATE: the chance of finishing by the date is 1 minus "
                "it": 1 - _p_on,
                "this is the chance of the planned duration itself; the date includes the 20 "
                "days of reserve": _Normal(_mu, _sigma).cdf(_d),
                "variances add along the critical path, standard deviations do not":
                    _Normal(_mu, _sigma_summed).cdf(_deadline),
                "the mean of the PERT distribution is the PERT duration, not the planned one":
                    _Normal(_d, _sigma).cdf(_deadline),
            },
            search=grading.formula("pert", "chance", _pert_in),
        )
        """,
        ],
    ),
    test(
        "test_p90_days",
        1,
        "p90_days: the duration met with a probability of 0.9 under PERT.",
        """
        import numbers
        assert isinstance(p90_days, numbers.Real), "a number of working days"
        assert p90_days >= pert_duration, "a 90% date is later than the expected one"
        """,
        [
            KEY,
            PERT,
            """
        _z = _Normal().inv_cdf(0.9)
        grading.expect_number(
            p90_days, _mu + _z * _sigma, what="p90_days", rel=1e-4,
            mistakes={
                "this is the PERT mean, met only half of the time; P90 adds 1.28 standard "
                "deviations": _mu,
                "variances add along the critical path, standard deviations do not":
                    _mu + _z * _sigma_summed,
                "a 90% chance is the normal's 0.9 quantile, about 1.28 standard deviations "
                "above the mean, not 0.9 of one": _mu + 0.9 * _sigma,
            },
            search=grading.formula("pert", "pert_quantile", _pert_in, quantile=_z, target=0.9),
        )
        """,
        ],
    ),
]
