"""The answer key and the checks hidden tests use: what they accept, and what they say."""

from __future__ import annotations

import builtins
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.course import _guard, grading, work
from pmo_exercises.course.identity import GRADING_ENV, TRAINEE_ENV


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch, tmp_path):
    for name in (TRAINEE_ENV, GRADING_ENV, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    work._session.clear()
    work._kept.clear()
    _guard._seen.clear()
    grading._cache.clear()
    yield
    _guard._seen.clear()


# --- the key --------------------------------------------------------------------


def test_the_key_is_the_grading_trainees_portfolio(monkeypatch):
    monkeypatch.setenv(GRADING_ENV, "bob")
    work.start("03_tracking")
    key = grading.key()
    assert key.trainee == "bob"
    assert key.portfolio.digest() == pmo.load_portfolio(variant="bob").digest()


def test_the_key_is_a_fresh_copy_each_time(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "bob")
    work.start("03_tracking")
    first = grading.key()
    first.portfolio.projects.loc[:, "bac"] = 0.0  # a trainee's in-place edit
    assert grading.key().portfolio.projects["bac"].gt(0).all()


def test_the_key_keeps_the_portfolio_start_loaded_before_any_trainee_code(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "bob")
    w = work.start("03_tracking")
    w.portfolio.projects.loc[:, "bac"] = 0.0  # the trainee edits their own tables in place
    key = grading.key()
    assert key.portfolio.digest() == pmo.load_portfolio(variant="bob").digest()


def test_a_notebook_worked_on_another_portfolio_fails_every_part(monkeypatch):
    monkeypatch.setenv(GRADING_ENV, "bob")
    work.start("03_tracking", "alice")
    with pytest.raises(AssertionError, match="portfolio of trainee 'alice' but submitted by 'bob'"):
        grading.key()


def test_a_replaced_builtin_fails_grading(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "bob")
    work.start("03_tracking")
    monkeypatch.setattr(builtins, "abs", lambda x: 0)
    with pytest.raises(AssertionError, match=r"replaced builtins\.abs"):
        grading.key()


def test_a_replaced_analytics_function_fails_grading(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "bob")
    work.start("03_tracking")
    monkeypatch.setattr(pmo.tracking, "evm", lambda *a, **k: None)
    with pytest.raises(AssertionError, match=r"pmo_exercises\.tracking\.evm"):
        grading.key()


def test_a_replaced_grading_helper_fails_grading(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "bob")
    work.start("03_tracking")
    monkeypatch.setattr(grading, "expect_number", lambda *a, **k: None)
    with pytest.raises(AssertionError, match="expect_number"):
        grading.key()


def test_honest_work_changes_nothing_watched(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "bob")
    w = work.start("03_tracking")
    history = pmo.tracking.earned_value_history(w.portfolio)
    history["mine"] = 1  # trainees change their own tables all the time
    assert _guard.changed() == []


# --- expect_number ----------------------------------------------------------------


def test_a_number_of_the_wrong_type_says_so_first():
    with pytest.raises(AssertionError, match="should be a number, not str"):
        grading.expect_number("0.9", 0.9, what="cpi")
    with pytest.raises(AssertionError, match="not bool"):
        grading.expect_number(True, 1.0, what="cpi")


def test_a_known_mistake_is_named():
    with pytest.raises(AssertionError, match="cpi: EV and AC are swapped"):
        grading.expect_number(1.25, 0.8, what="cpi", mistakes={"EV and AC are swapped": 1.25})


def test_an_unknown_error_gives_the_hint_not_the_answer():
    with pytest.raises(AssertionError) as raised:
        grading.expect_number(0.5, 0.8, what="cpi", hint="CPI = EV / AC")
    assert "CPI = EV / AC" in str(raised.value) and "0.8" not in str(raised.value)


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.floats(min_value=-0.9e-6, max_value=0.9e-6),
)
def test_numbers_within_tolerance_pass(x, wiggle):
    grading.expect_number(x * (1 + wiggle), x, what="x", rel=1e-6, abs_tol=1e-9)


@given(st.floats(min_value=1.0, max_value=1e9), st.floats(min_value=1e-3, max_value=10))
def test_numbers_outside_tolerance_fail(x, off):
    with pytest.raises(AssertionError):
        grading.expect_number(x * (1 + off), x, what="x", rel=1e-6)


def test_nan_matches_only_nan():
    grading.expect_number(math.nan, math.nan, what="spi")
    with pytest.raises(AssertionError):
        grading.expect_number(0.0, math.nan, what="spi")


# --- expect_series ------------------------------------------------------------


EXPECTED = pd.Series([0.8, 1.1, np.nan], index=pd.Index(["P01", "P02", "P03"], name="project_id"))


def test_series_type_then_ids_then_values():
    with pytest.raises(AssertionError, match="should be a pandas Series indexed by project_id"):
        grading.expect_series({"P01": 0.8}, EXPECTED, what="cpi")
    with pytest.raises(AssertionError, match=r"missing P03; unexpected P09"):
        grading.expect_series(
            pd.Series([0.8, 1.1, 1.0], index=["P01", "P02", "P09"]), EXPECTED, what="cpi"
        )
    with pytest.raises(AssertionError, match=r"wrong for 1 of 3 \(P02\)"):
        grading.expect_series(
            pd.Series([0.8, 1.2, np.nan], index=["P01", "P02", "P03"]), EXPECTED, what="cpi"
        )


def test_series_order_does_not_matter_and_nan_matches_nan():
    grading.expect_series(EXPECTED.iloc[::-1], EXPECTED, what="cpi")


def test_series_mistake_is_named():
    swapped = 1 / EXPECTED
    with pytest.raises(AssertionError, match="cpi: swapped"):
        grading.expect_series(swapped, EXPECTED, what="cpi", mistakes={"swapped": swapped})


def test_series_of_text_says_it_needs_numbers():
    with pytest.raises(AssertionError, match="should hold numbers"):
        grading.expect_series(
            pd.Series(["a", "b", "c"], index=EXPECTED.index), EXPECTED, what="cpi"
        )


# --- ids, choices and text ----------------------------------------------------


def test_ids_any_order_and_counted_when_wrong():
    grading.expect_ids(["P02", "P01"], ["P01", "P02"], what="reds")
    with pytest.raises(AssertionError, match=r"1 missing and 1 that should not be there"):
        grading.expect_ids(["P01", "P09"], ["P01", "P02"], what="reds")
    with pytest.raises(AssertionError, match="should be a list of ids, not str"):
        grading.expect_ids("P01", ["P01"], what="reds")
    with pytest.raises(AssertionError, match="reds: all red, not only green"):
        grading.expect_ids(
            ["P01", "P02", "P03"],
            ["P01"],
            what="reds",
            mistakes={"all red, not only green": ["P03", "P02", "P01"]},
        )


def test_answers_in_the_forms_a_trainee_gives_them():
    import numpy as np

    # ids in any case and with stray spaces, as numpy text or in an Index
    grading.expect_ids(["p02 ", np.str_("P01")], ["P01", "P02"], what="reds")
    grading.expect_ids(pd.Index(["P01", "P02"]), ["P02", "P01"], what="reds")
    grading.expect_choice(
        " One_Off", "one_off", what="cause", options=["typical", "one_off"], why=""
    )
    # a week number from .at[...] or .max() is a numpy integer; 7.0 means 7
    for week in (7, np.int64(7), np.int32(7), 7.0):
        assert grading.whole_number(week)
        grading.expect_number(week, 7, what="step_in_week")
    for not_a_week in (7.5, True, "7", None):
        assert not grading.whole_number(not_a_week)


def test_choice_and_text():
    grading.expect_choice(
        "one_off", "one_off", what="cause", options=["typical", "one_off"], why=""
    )
    with pytest.raises(AssertionError, match="should be one of"):
        grading.expect_choice(
            "other", "one_off", what="cause", options=["typical", "one_off"], why=""
        )
    with pytest.raises(AssertionError, match="it will not recur"):
        grading.expect_choice(
            "typical",
            "one_off",
            what="cause",
            options=["typical", "one_off"],
            why="it will not recur",
        )
    grading.expect_text("The project is late because the architect is shared.", what="why")
    with pytest.raises(AssertionError, match="a sentence or more"):
        grading.expect_text("late", what="why")


def test_a_mistake_that_changes_the_ids_is_named_before_the_ids_are_counted():
    only_two = EXPECTED.iloc[:2]
    with pytest.raises(AssertionError, match="cpi: only the active projects"):
        grading.expect_series(
            only_two, EXPECTED, what="cpi", mistakes={"only the active projects": only_two}
        )
    with pytest.raises(AssertionError, match="missing P03"):
        grading.expect_series(
            only_two * 2, EXPECTED, what="cpi", mistakes={"only the active projects": only_two}
        )
