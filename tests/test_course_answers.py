"""Answers as data: what crosses from the sandboxed kernel to the clean verdict.

Every answer an assignment asks for comes back equal, with its type and dtype
(a property test over Series, DataFrames and plain values); anything else
becomes a stand-in that fails the test reading it, with the reason; and no
payload a hostile kernel could send makes decoding run code or import a module.
"""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd

import pmo_exercises as pmo
from pmo_exercises.course import answers
from pmo_exercises.course.answers import serving
from pmo_exercises.course.answers.channel import Channel
from pmo_exercises.course.coach.verdict import _clean_setup, free_names, setup_names


def _wire(value):
    """Encode, send as strict JSON (no NaN literals), decode."""
    text = json.dumps(answers.encode(value), allow_nan=False)
    return answers.decode(json.loads(text), portfolio=_PORTFOLIO)


_PORTFOLIO = pmo.load_portfolio(variant="answers-test")

plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


def _same(a, b) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


@settings(max_examples=200, deadline=None)
@given(plain)
def test_plain_values_come_back_equal_with_their_types(value):
    assert _same(value, _wire(value))


@settings(max_examples=60, deadline=None)
@given(
    hpd.series(
        elements=st.floats(allow_nan=True, allow_infinity=True, width=64),
        index=hpd.indexes(elements=st.text(min_size=1, max_size=4), unique=True, max_size=8),
        dtype=float,
    )
)
def test_float_series_keep_index_values_and_dtype(series):
    pd.testing.assert_series_equal(_wire(series.rename("cpi")), series.rename("cpi"))


@settings(max_examples=40, deadline=None)
@given(
    hpd.data_frames(
        [
            hpd.column("bac", dtype=np.int64),
            hpd.column("spi", dtype=float),
            hpd.column("flag", dtype=bool),
            hpd.column("project_id", elements=st.text(max_size=4)),
        ],
        index=hpd.range_indexes(max_size=6),
    )
)
def test_frames_keep_every_column_and_dtype(frame):
    pd.testing.assert_frame_equal(_wire(frame), frame)


@pytest.mark.parametrize(
    "table", ["projects", "tasks", "risks", "project_status", "dependencies"], ids=str
)
def test_the_portfolio_tables_cross_unchanged(table):
    frame = getattr(_PORTFOLIO, table)
    pd.testing.assert_frame_equal(_wire(frame), frame)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(np.int64(7), id="numpy-int"),
        pytest.param(np.float64(0.5), id="numpy-float"),
        pytest.param(np.bool_(True), id="numpy-bool"),
        pytest.param(np.array([[1.5, np.nan], [3.0, 4.0]]), id="ndarray"),
        pytest.param(pd.Timestamp("2026-07-03"), id="timestamp"),
        pytest.param(pd.Series([1, None], dtype="Int64"), id="nullable-int"),
        pytest.param(pd.Series(["P07", None], dtype="str"), id="text-with-missing"),
        pytest.param(pd.Series(pd.Categorical(["red", "green", "red"])), id="categorical"),
        pytest.param(pd.Index(["P01", "P02"], name="project_id"), id="index"),
        pytest.param({"P07", "P12"}, id="set"),
    ],
)
def test_numpy_and_pandas_values_keep_their_type(value):
    back = _wire(value)
    assert type(back) is type(value)
    if isinstance(value, pd.Series):
        pd.testing.assert_series_equal(back, value)
    elif isinstance(value, pd.Index):
        pd.testing.assert_index_equal(back, value)
    elif isinstance(value, np.ndarray):
        np.testing.assert_array_equal(back, value)
        assert back.dtype == value.dtype
    else:
        assert back == value


def test_a_kit_dataclass_is_rebuilt_from_its_fields():
    policy = pmo.governance.load_policy()
    assert _wire(policy) == policy


def test_the_own_portfolio_is_the_answer_key_s_copy_and_another_is_not_gradable():
    back = _wire(_PORTFOLIO)
    assert back.digest() == _PORTFOLIO.digest() and back is not _PORTFOLIO
    other = answers.decode(answers.encode(pmo.load_portfolio(variant="someone-else")))
    assert isinstance(other, answers.Opaque)


def test_a_game_is_replayed_from_its_record():
    game = pmo.game.new_game(_PORTFOLIO, seed=7, weeks=3)
    game.decide("escalate", project_id=str(_PORTFOLIO.projects["project_id"].iloc[0]))
    game.advance()
    back = _wire(game)
    assert back.decisions == game.decisions and back.score() == game.score()


def test_what_is_not_data_fails_the_test_that_reads_it_and_says_why():
    class Mine:
        pass

    stand_in = answers.decode(answers.encode(Mine()), what="my_answer")
    assert isinstance(stand_in, answers.Opaque)
    for use in (lambda x: x.over, lambda x: x + 1, lambda x: len(x), lambda x: x == 3):
        with pytest.raises(AssertionError, match="could not read my_answer: a Mine is not data"):
            use(stand_in)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"$": "dataclass", "type": "os:system", "fields": {}}, id="not-a-kit-class"),
        pytest.param(
            {"$": "dataclass", "type": "pmo_exercises.nothing:X", "fields": {}},
            id="unimported-module",
        ),
        pytest.param(
            {
                "$": "dataclass",
                "type": "pmo_exercises.core.portfolio:Portfolio.digest",
                "fields": {},
            },
            id="not-a-dataclass",
        ),
        pytest.param({"$": "series", "dtype": "object"}, id="truncated"),
        pytest.param({"$": "pickle", "v": "gASV"}, id="unknown-tag"),
        pytest.param(
            {
                "$": "series",
                "dtype": "float64",
                "values": ["__import__('os')"],
                "name": None,
                "index": {"$": "range", "start": 0, "stop": 1, "step": 1, "name": None},
            },
            id="code-as-a-value",
        ),
        pytest.param(
            {"$": "ndarray", "shape": [1], "dtype": "O", "values": [1]}, id="object-dtype-name"
        ),
        pytest.param(json.loads("[" * 60 + "]" * 60), id="deep-nesting"),
    ],
)
def test_a_hostile_payload_decodes_to_a_stand_in_and_imports_nothing(payload):
    before = set(sys.modules)
    back = answers.decode(payload, what="x")
    assert isinstance(back, answers.Opaque)
    assert set(sys.modules) == before


def test_free_names_are_what_a_test_reads_from_the_trainee():
    code = '''
"""ev_by_project: EV per project."""
from pmo_exercises.course import grading
key = grading.key()
assert len(ev_by_project) == len(portfolio.projects)
for _r in rows:
    grading.expect_number(eac(_r.bac), 1, what=f"{_r}")
'''
    assert free_names(code) == ["eac", "ev_by_project", "portfolio", "rows"]
    assert free_names("%matplotlib inline\nprint(cpi)") == ["cpi"]  # magics are skipped
    assert free_names("this is ( not python") == []


def test_the_clean_setup_takes_the_declared_id_as_data_only():
    setup = 'TRAINEE_ID = ""  # your id\nwork = start("03", TRAINEE_ID)\nportfolio = work.portfolio'
    assert "TRAINEE_ID = 'alice'\n" in _clean_setup(setup, "alice")
    hostile = "x'); import os; os.system('id'); ('"
    assert "TRAINEE_ID = ''\n" in _clean_setup(setup, hostile)
    assert setup_names(setup) == {"TRAINEE_ID", "work", "portfolio"}


# -- calling a trainee's function through its socket ------------------------------------------
@pytest.fixture
def trainee_functions(tmp_path, monkeypatch):
    """A call socket served as the sandboxed kernel serves it, with three functions published."""
    import time as _time

    def eac(bac, ev, ac, cause, pv=None):
        if cause == "unknown":
            raise ValueError(f"unknown cause {cause!r}")
        if cause == "typo":
            return len(bac)  # TypeError: a number has no len
        if cause == "stuck":
            _time.sleep(5)
        return bac / (ev / ac)

    monkeypatch.setattr(serving, "_published", {7: {"eac": eac}})
    path = str(tmp_path / "calls")
    answers.serve_calls(path)
    channel = Channel(path, 1.0)
    yield answers.Remote(channel, 7, "eac")
    channel.close()


def test_a_trainee_function_is_called_with_data_and_answers_data(trainee_functions):
    assert trainee_functions(1000, 400, 500, "typical") == 1250
    assert trainee_functions(1000.0, 400, 500, cause="typical", pv=None) == 1250.0


def test_the_trainee_function_s_error_reaches_the_test_as_the_same_builtin(trainee_functions):
    with pytest.raises(ValueError, match="unknown cause 'unknown'"):
        trainee_functions(1000, 400, 500, "unknown")
    with pytest.raises(TypeError, match="has no len"):
        trainee_functions(1000, 400, 500, "typo")


def test_a_function_that_never_returns_fails_its_test_and_the_next_at_once(trainee_functions):
    with pytest.raises(TimeoutError, match=r"eac\(\.\.\.\) did not return within 1 s"):
        trainee_functions(1000, 400, 500, "stuck")
    with pytest.raises(TimeoutError):
        trainee_functions(1000, 400, 500, "typical")
