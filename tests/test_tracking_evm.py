"""Earned value figures: published worked examples, edge cases and properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmo_exercises import tracking
from pmo_exercises.tracking import EVM_COLUMNS, EVMWarning, evm

# -- published worked examples ----------------------------------------------------------


def test_fence_example_from_pmp_exam_prep():
    """The four-sided fence, $1,000 a side, one side a day, status at the end of day three.

    Source: R. Mulcahy, *PMP Exam Prep* (p. 210), as reproduced in "Earned Value
    Exercise", studylib.net/doc/5898152. Published: PV 3,000, EV 2,500, AC 2,800,
    BAC 4,000; CV -300, CPI .893, SV -500, SPI .833, EAC 4,479, ETC 1,679, VAC -479.
    The source rounds CPI to .893 before dividing; unrounded, EAC is exactly 4,480.
    """
    f = evm(bac=4000, pv=3000, ev=2500, ac=2800)
    assert f["cv"] == -300 and f["sv"] == -500
    assert round(f["cpi"], 3) == 0.893 and round(f["spi"], 3) == 0.833
    assert f["eac_cpi"] == pytest.approx(4479, abs=1.5) and f["eac_cpi"] == 4480
    assert f["etc"] == pytest.approx(1679, abs=1.5)
    assert f["vac"] == pytest.approx(-479, abs=1.5)


def test_atypical_eac_from_a_pmp_study_guide():
    """EAC when the variance so far was a one-off: the rest is done at the budgeted rate.

    Source: "Integration" (Figure 7-13, "The EAC can also account for anomalies in a
    project's expenses"), gristprojectmanagement.us/integration/info-uhq.html: AC
    $127,000, BAC $500,000, EV $100,000 give EAC $527,000. No PV is given; any PV
    leaves this EAC unchanged.
    """
    f = evm(bac=500_000, pv=100_000, ev=100_000, ac=127_000)
    assert f["eac_atypical"] == 527_000


def test_typical_eac_written_as_ac_plus_remaining_over_cpi():
    """The same page: BAC $500,000, EV $150,000, AC $162,000, "CPI .93", EAC
    = AC + (BAC - EV) / CPI = $538,344. That is BAC / CPI, and with CPI unrounded
    (0.9259...) it is exactly $540,000; the published figure is off by the rounding.
    """
    f = evm(bac=500_000, pv=150_000, ev=150_000, ac=162_000)
    assert round(f["cpi"], 2) == 0.93
    assert f["eac_cpi"] == pytest.approx(540_000)
    assert 162_000 + (500_000 - 150_000) / 0.93 == pytest.approx(538_344, abs=1)


def test_cpi_spi_eac_and_tcpi_from_an_evm_forecasting_sheet():
    """Source: "EVM forecasting", wikislate.com/view.php?p=15-evm-forecasting.html, worked
    example "from Poster 14": BAC 100, EV 40, AC 45 (k$), CPI 0.89, SPI 0.80 (so PV 50);
    EAC = BAC / CPI $112.5k, ETC $67.5k, VAC -$12.5k, EAC (cost x schedule) about
    $129k, TCPI to BAC 1.09.
    """
    f = evm(bac=100, pv=50, ev=40, ac=45)
    assert round(f["cpi"], 2) == 0.89 and f["spi"] == 0.8
    assert f["eac_cpi"] == pytest.approx(112.5)
    assert f["etc"] == pytest.approx(67.5)
    assert f["vac"] == pytest.approx(-12.5)
    assert f["eac_cpi_spi"] == pytest.approx(129.375) and round(f["eac_cpi_spi"]) == 129
    assert round(f["tcpi_bac"], 2) == 1.09


def test_tcpi_on_eac_from_a_pmp_practice_question():
    """Source: "TCPI", pmzilla.com/tcpi, a PMP practice question: AC $200,000, CV
    $25,000, BAC $350,000; so EV $225,000, CPI 1.125, EAC = BAC / CPI $311,111, and
    TCPI based on EAC = 125,000 / 111,111 = 1.125 (answer 1). No PV is given.
    """
    f = evm(bac=350_000, pv=225_000, ev=225_000, ac=200_000)
    assert f["cv"] == 25_000
    assert f["cpi"] == 1.125
    assert f["eac_cpi"] == pytest.approx(311_111, abs=0.5)
    assert f["tcpi_eac"] == pytest.approx(1.125)


def test_spi_from_the_pra_package_example():
    """Source: the R package PRA (P. Govan), reference page of spi(), after Damnjanovic &
    Reinschmidt, *Data Analytics for Engineering and Construction Project Risk
    Management* (Springer, 2020): BAC 100,000, cumulative plan 10/20/40/70/100%, period
    3, 35% complete: PV 40,000, EV 35,000, SPI 0.875.
    """
    assert evm(bac=100_000, pv=40_000, ev=35_000, ac=35_000)["spi"] == 0.875


def test_constructed_example_with_every_figure():
    """Constructed example (no source): each formula checked by hand."""
    f = evm(bac=1000, pv=500, ev=400, ac=500)
    assert f == pytest.approx(
        {
            "sv": -100,
            "cv": -100,
            "spi": 0.8,
            "cpi": 0.8,
            "eac_cpi": 1250,  # 1000 / 0.8
            "eac_atypical": 1100,  # 500 + 600
            "eac_cpi_spi": 1437.5,  # 500 + 600 / 0.64
            "etc": 750,
            "vac": -250,
            "tcpi_bac": 1.2,  # 600 / 500
            "tcpi_eac": 0.8,  # 600 / 750
        }
    )


# -- shapes -----------------------------------------------------------------------------


def test_scalars_give_a_dict_of_floats_in_order():
    f = evm(100, 50, 40, 45)
    assert list(f) == list(EVM_COLUMNS)
    assert all(type(v) is float for v in f.values())


def test_series_give_a_frame_with_their_index():
    idx = pd.Index(["P01", "P02"], name="project_id")
    out = evm(
        pd.Series([100.0, 200.0], idx), pd.Series([50, 100], idx), 40, pd.Series([45, 90], idx)
    )
    assert list(out.columns) == list(EVM_COLUMNS)
    assert out.index.equals(idx)
    assert out.loc["P02", "cpi"] == pytest.approx(40 / 90)


def test_lists_give_a_frame_with_a_range_index():
    out = evm([100, 100], [50, 50], [40, 60], [45, 45])
    assert out.index.equals(pd.RangeIndex(2))
    assert out["sv"].tolist() == [-10, 10]


def test_series_with_different_indexes_are_refused():
    with pytest.raises(ValueError, match="pv and ev are Series with different indexes"):
        evm(100, pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]), 1)


def test_different_lengths_are_refused():
    with pytest.raises(ValueError, match="different lengths"):
        evm([1, 2], [1, 2, 3], 1, 1)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("bac", id="negative-bac"),
        pytest.param("pv", id="negative-pv"),
        pytest.param("ev", id="negative-ev"),
        pytest.param("ac", id="negative-ac"),
    ],
)
def test_a_negative_input_is_refused_by_name(name):
    args = {"bac": 100.0, "pv": 50.0, "ev": 40.0, "ac": 45.0, name: -1.0}
    with pytest.raises(ValueError, match=rf"^{name} is negative \(-1\)"):
        evm(**args)


def test_a_negative_in_a_series_names_its_label():
    with pytest.raises(ValueError, match=r"ac is negative \(-5 at index 'P02'\)"):
        evm(100, 50, 40, pd.Series([45.0, -5.0], index=["P01", "P02"]))


def test_text_is_refused_with_the_argument_named():
    with pytest.raises(TypeError, match="ev must be the earned value"):
        evm(100, 50, "forty", 45)


def test_missing_inputs_give_nan_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = evm(100, 50, math.nan, 45)
    assert math.isnan(f["cpi"]) and f["sv"] != f["sv"]


# -- undefined figures: NaN with the reason, never a silent wrong number -----------------


@pytest.mark.parametrize(
    ("args", "reason", "nan"),
    [
        pytest.param(
            (100, 50, 0, 0),
            r"CPI is undefined: no actual cost yet \(AC = 0\)",
            ["cpi", "eac_cpi", "etc", "vac", "tcpi_eac", "eac_cpi_spi"],
            id="no-actual-cost",
        ),
        pytest.param(
            (100, 0, 10, 10),
            r"SPI is undefined: no work was planned yet \(PV = 0\)",
            ["spi", "eac_cpi_spi"],
            id="nothing-planned",
        ),
        pytest.param(
            (100, 50, 0, 10),
            r"EAC = BAC / CPI is undefined: no value earned yet \(EV = 0, so CPI = 0\)",
            ["eac_cpi", "etc", "vac", "tcpi_eac", "eac_cpi_spi"],
            id="nothing-earned",
        ),
        pytest.param(
            (100, 80, 60, 100),
            r"TCPI \(BAC\) is undefined: the whole budget is spent \(AC = BAC\)",
            ["tcpi_bac"],
            id="budget-spent",
        ),
        pytest.param(
            (100, 100, 100, 90),
            r"TCPI \(EAC\) is undefined: no work remains \(EV = BAC\)",
            ["tcpi_eac"],
            id="work-done",
        ),
    ],
)
def test_a_zero_denominator_gives_nan_and_says_why(args, reason, nan):
    with pytest.warns(EVMWarning, match=reason) as record:
        f = evm(*args)
    assert all(isinstance(w.message, EVMWarning) for w in record)  # never numpy's own warning
    for name in nan:
        assert math.isnan(f[name]), name
    defined = [n for n in EVM_COLUMNS if n not in nan]
    assert any(not math.isnan(f[n]) for n in defined)


def test_the_warning_is_a_user_and_a_runtime_warning():
    assert issubclass(EVMWarning, UserWarning) and issubclass(EVMWarning, RuntimeWarning)
    assert tracking.EVMWarning is EVMWarning


def test_the_ac_zero_warning_names_the_figures_it_voids():
    with pytest.warns(EVMWarning) as record:
        evm(100, 50, 10, 0)
    text = str(record[0].message)
    assert text.startswith("CPI is undefined: no actual cost yet (AC = 0)")
    assert "ETC" in text and "VAC" in text
    assert record[0].filename == __file__  # points at the caller, not the library


def test_on_series_the_warning_counts_the_rows():
    with pytest.warns(EVMWarning, match=r"AC = 0\), in 1 of 3 rows") as record:
        out = evm(pd.Series([100.0] * 3), pd.Series([10.0] * 3), pd.Series([5.0] * 3), [0, 5, 5])
    assert len(record) == 1
    assert out["cpi"].isna().tolist() == [True, False, False]


def test_tcpi_bac_past_the_budget_is_negative_not_hidden():
    """AC above BAC: no efficiency can finish on budget any more; TCPI(BAC) < 0 says so."""
    assert evm(100, 100, 80, 120)["tcpi_bac"] == pytest.approx(-1.0)


# -- properties -------------------------------------------------------------------------

money = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)


@pytest.mark.filterwarnings("ignore::pmo_exercises.tracking.EVMWarning")
@given(bac=money, value=money)
def test_the_eac_formulas_agree_when_cpi_and_spi_are_one(bac, value):
    f = evm(bac, value, value, value)
    assert f["cpi"] == 1 and f["spi"] == 1
    assert f["eac_cpi"] == pytest.approx(bac, rel=1e-9)
    assert f["eac_atypical"] == pytest.approx(bac, rel=1e-9, abs=1e-6)
    assert f["eac_cpi_spi"] == pytest.approx(bac, rel=1e-9, abs=1e-6)
    assert f["vac"] == pytest.approx(0, abs=1e-6 * bac)


@pytest.mark.filterwarnings("ignore::pmo_exercises.tracking.EVMWarning")
@given(bac=money, spent=money)
def test_tcpi_on_bac_is_one_when_there_is_no_cost_variance(bac, spent):
    if spent == bac:
        return
    f = evm(bac, spent, spent, spent)
    assert f["cv"] == 0
    assert f["tcpi_bac"] == pytest.approx(1.0)


@pytest.mark.filterwarnings("ignore::pmo_exercises.tracking.EVMWarning")
@given(bac=money, pv=money, ev=money, ac=money)
def test_eac_etc_vac_and_tcpi_hang_together(bac, pv, ev, ac):
    scale = bac + ev + ac
    if abs(bac - ev) < 1e-6 * scale:  # nothing (or rounding noise) left to do
        return
    f = evm(bac, pv, ev, ac)
    tol = {"rel": 1e-9, "abs": 1e-9 * scale}
    assert f["etc"] == pytest.approx(f["eac_cpi"] - ac, **tol)
    assert f["vac"] == pytest.approx(bac - f["eac_cpi"], **tol)
    assert f["eac_cpi"] == pytest.approx(ac + (bac - ev) / f["cpi"], **tol)
    assert f["tcpi_eac"] == pytest.approx(f["cpi"], rel=1e-6)  # EAC = BAC/CPI: keep today's CPI


amount = st.one_of(st.just(0.0), money)  # zeros too: NaN must land on the same rows
rows = st.lists(st.tuples(amount, amount, amount, amount), min_size=1, max_size=20)


@given(rows=rows)
def test_evm_on_series_equals_evm_on_each_row(rows):
    bac, pv, ev, ac = (
        pd.Series(col, index=[f"P{i}" for i in range(len(rows))]) for col in zip(*rows, strict=True)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EVMWarning)
        table = evm(bac, pv, ev, ac)
        for label, row in zip(bac.index, rows, strict=True):
            expected = evm(*row)
            np.testing.assert_allclose(
                table.loc[label].to_numpy(), [expected[c] for c in EVM_COLUMNS], rtol=1e-12
            )


# -- the specification table ----------------------------------------------------------


def test_every_figure_is_specified_once_and_its_reasons_exist():
    from pmo_exercises.tracking.evm import FIGURES, UNDEFINED

    names = [f.name for f in FIGURES]
    assert tuple(names) == EVM_COLUMNS and len(set(names)) == len(names)
    for figure in FIGURES:
        assert set(figure.undefined_when) <= set(UNDEFINED), figure.name
        assert figure.label and figure.formula and figure.reads


def test_the_module_table_is_made_from_the_specification():
    import sys

    from pmo_exercises.tracking.evm import FIGURES

    doc = sys.modules["pmo_exercises.tracking.evm"].__doc__
    for figure in FIGURES:
        line = next(li for li in doc.splitlines() if li.startswith(f"``{figure.name}``  "))
        assert figure.formula in line and figure.reads in line


def _by_hand(bac, pv, ev, ac):
    """The formulas written out one by one, as the Practice Standard gives them."""
    spi, cpi = ev / pv, ev / ac
    eac = bac * ac / ev
    return {
        "sv": ev - pv,
        "cv": ev - ac,
        "spi": spi,
        "cpi": cpi,
        "eac_cpi": eac,
        "eac_atypical": ac + (bac - ev),
        "eac_cpi_spi": ac + (bac - ev) / (cpi * spi),
        "etc": eac - ac,
        "vac": bac - eac,
        "tcpi_bac": (bac - ev) / (bac - ac),
        "tcpi_eac": (bac - ev) / (eac - ac),
    }


@given(bac=money, pv=money, ev=money, ac=money)
def test_the_table_computes_each_formula_exactly(bac, pv, ev, ac):
    if min(pv, ev, ac) == 0 or bac in (ac, ev):
        return  # the undefined cases are tested above
    f = evm(bac, pv, ev, ac)
    assert f == pytest.approx(_by_hand(bac, pv, ev, ac), rel=0, abs=0)
