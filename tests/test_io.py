"""Saving and reading portfolios: lossless round trips, files edited by hand, bad files."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.core.canonical import table_to_csv
from pmo_exercises.core.errors import PortfolioError
from pmo_exercises.core.schema import TABLES
from pmo_exercises.io.files import read_portfolio, save_portfolio
from tests._tiny import tiny_portfolio

FORMATS = ["folder", "book.xlsx"]


def _missing_as_nan(frame):
    """Missing texts as NaN: pandas < 3 keeps None or NaN in object columns, both missing."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), np.nan)
    return out


def assert_same(a, b):
    """Equal digests, equal tables (values and dtypes) and equal metadata."""
    assert a.digest() == b.digest()
    for name in TABLES:
        left, right = _missing_as_nan(getattr(a, name)), _missing_as_nan(getattr(b, name))
        pd.testing.assert_frame_equal(left, right, obj=name)
    assert dict(a.meta) == dict(b.meta)


def round_trip(p, path):
    written = save_portfolio(p, path)
    assert written == path
    return read_portfolio(path)


def awkward(p):
    """The tiny portfolio with texts and numbers that trip naive writers."""
    texts = [
        "=SUM(A1:A3)",
        " leading space",
        "trailing space ",
        "two\nlines",
        "a\ttab",
        "émoji 🎉 ünïcode",
        "0123",
        "TRUE",
        "#N/A",
        "1e5",
        "NaN",
        '"quoted", comma',
    ]
    numbers = [
        0.1 + 0.2,
        1 / 3,
        5e-324,
        2 / 3,
        1e-300,
        0.9999999999999999,
        123456789.12345679,
        1e16,
        12345678901234567.0,
        1e300,
        7e15 + 1,
        0.0,
    ]
    n = len(texts)
    risks = pd.concat([p.risks] * n, ignore_index=True).iloc[:n].copy()
    risks["risk_id"] = pd.Series([f"R-{i:02d}" for i in range(n)], dtype=risks["risk_id"].dtype)
    risks["title"] = pd.Series(texts, dtype=risks["title"].dtype)
    risks["probability"] = [min(abs(x), 1.0) for x in numbers]
    risks["cost_impact"] = numbers
    roles = p.roles.copy()
    roles["headcount"] = np.array([2**62 + 1, 12345678901234567], dtype=np.int64)
    links = p.dependencies.copy()
    links["lag_days"] = [-0.0, -1e-300, -2.5, 0.1, -(2**60) + 0.0, 3.0, -1 / 3, 0.0, 1e10]
    meta = {"seed": 2**40 + 1, "note": None, "ratio": 0.1 + 0.2, "flag": True, "tags": ["a"]}
    return p.replace(risks=risks, roles=roles, dependencies=links, meta=meta)


# -- lossless round trips --------------------------------------------------------------
@pytest.mark.parametrize("target", FORMATS)
def test_tiny_round_trip_is_lossless(tmp_path, target):
    p = tiny_portfolio()
    assert_same(round_trip(p, tmp_path / target), p)


@pytest.mark.parametrize("target", FORMATS)
def test_awkward_values_round_trip(tmp_path, target):
    p = awkward(tiny_portfolio())
    assert_same(round_trip(p, tmp_path / target), p)


@pytest.mark.parametrize("target", FORMATS)
def test_teaching_build_round_trip_is_lossless(tmp_path, target, teaching):
    assert_same(round_trip(teaching, tmp_path / target), teaching)


@pytest.mark.parametrize("target", FORMATS)
def test_generated_portfolio_round_trip_is_lossless(tmp_path, target, small):
    assert_same(round_trip(small, tmp_path / target), small)


@pytest.fixture(scope="module")
def shipped():
    """The teaching portfolio as lessons load it (skipped until its files are shipped)."""
    if not hasattr(pmo, "load_portfolio"):
        pytest.skip("pmo_exercises.load_portfolio is not written yet")
    from pmo_exercises.simulation.teaching import TEACHING_DIR

    if not (TEACHING_DIR / "tasks.csv").exists():
        pytest.skip(f"the teaching portfolio is not shipped yet in {TEACHING_DIR}")
    return pmo.load_portfolio()


@pytest.mark.parametrize("target", FORMATS)
def test_load_portfolio_round_trip_is_lossless(tmp_path, target, shipped):
    assert_same(round_trip(shipped, tmp_path / target), shipped)


def test_a_variant_round_trips(tmp_path):
    if not hasattr(pmo, "load_portfolio"):
        pytest.skip("pmo_exercises.load_portfolio is not written yet")
    p = pmo.load_portfolio(variant="alice")
    assert_same(round_trip(p, tmp_path / "alice.xlsx"), p)


_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(i) for i in range(32) if chr(i) not in "\t\n"]
        + ["\ufffe", "\uffff"],
    ),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() != "")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    titles=st.lists(_TEXT, min_size=3, max_size=3),
    costs=st.lists(st.floats(0, 1e300, allow_nan=False), min_size=3, max_size=3),
    lags=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=9, max_size=9),
)
def test_any_text_and_number_survive_excel(tmp_path_factory, titles, costs, lags):
    p = tiny_portfolio()
    risks = p.risks.assign(title=pd.Series(titles, dtype=p.risks["title"].dtype), cost_impact=costs)
    p = p.replace(risks=risks, dependencies=p.dependencies.assign(lag_days=lags))
    path = tmp_path_factory.mktemp("book") / "p.xlsx"
    assert_same(round_trip(p, path), p)


# -- what the files look like ------------------------------------------------------------
def test_folder_holds_canonical_csv_and_meta(tmp_path):
    p = tiny_portfolio()
    save_portfolio(p, tmp_path / "p")
    names = sorted(f.name for f in (tmp_path / "p").iterdir())
    assert names == sorted([f"{n}.csv" for n in TABLES] + ["meta.json"])
    for name, frame in p.tables().items():
        assert (tmp_path / "p" / f"{name}.csv").read_bytes() == table_to_csv(name, frame).encode()
    assert json.loads((tmp_path / "p" / "meta.json").read_text()) == dict(p.meta)
    first = {f.name: f.read_bytes() for f in (tmp_path / "p").iterdir()}
    save_portfolio(p, tmp_path / "p")  # saving again gives the same bytes
    assert {f.name: f.read_bytes() for f in (tmp_path / "p").iterdir()} == first
    assert b"\r" not in first["tasks.csv"]
    assert first["tasks.csv"].startswith(b"task_id,project_id,name,")


def test_workbook_is_readable_in_excel(tmp_path):
    from openpyxl import load_workbook

    path = save_portfolio(tiny_portfolio(), tmp_path / "p.xlsx")
    book = load_workbook(path)
    try:
        assert book.sheetnames == ["README", *TABLES, "meta"]
        tasks = book["tasks"]
        assert [c.value for c in tasks[1]] == TABLES["tasks"].column_names
        assert all(c.font.b for c in tasks[1])
        assert tasks.freeze_panes == "A2"
        assert tasks["J2"].is_date and tasks["J2"].number_format == "yyyy-mm-dd"
        assert tasks["I2"].value == 3500 and tasks["I2"].number_format == "#,##0.00"
        assert all(tasks.column_dimensions[letter].width >= 8 for letter in "ABCDEFGHIJK")
        readme = [row[0] for row in book["README"].iter_rows(values_only=True) if row[0]]
        assert "Project portfolio of Tiny Ltd" in readme[0]
        for name in TABLES:
            assert name in readme
        cells = {row[0]: row for row in book["README"].iter_rows(values_only=True) if row[0]}
        assert cells["most_likely_days"][1:3] == ("number", "working days")
        assert "fraction" in str(cells["probability"])
        meta = {row[0]: row[1:] for row in book["meta"].iter_rows(min_row=2, values_only=True)}
        assert meta["company"] == ("Tiny Ltd", "text")
        assert meta["status_week"] == (3, "whole number")
    finally:
        book.close()


def test_a_workbook_saved_again_by_a_spreadsheet_tool_still_reads(tmp_path):
    from openpyxl import load_workbook

    p = tiny_portfolio()
    path = save_portfolio(p, tmp_path / "p.xlsx")
    book = load_workbook(path)
    book.save(tmp_path / "again.xlsx")
    book.close()
    assert_same(read_portfolio(tmp_path / "again.xlsx"), p)


def test_save_writes_nothing_for_an_invalid_portfolio(tmp_path):
    p = tiny_portfolio()
    bad = p.replace(risks=p.risks.assign(probability=[0.3, 20.0, 0.1]))
    for target in ("p", "p.xlsx"):
        with pytest.raises(PortfolioError, match="a probability is a fraction"):
            save_portfolio(bad, tmp_path / target)
        assert not (tmp_path / target).exists()


def test_save_refuses_other_file_types(tmp_path):
    with pytest.raises(ValueError, match=r"a folder .* or a file ending in \.xlsx"):
        save_portfolio(tiny_portfolio(), tmp_path / "p.csv")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        save_portfolio(tiny_portfolio(), tmp_path / "plain")


# -- files edited by hand -------------------------------------------------------------------
def test_a_folder_written_by_hand_in_excel_style(tmp_path):
    p = tiny_portfolio()
    folder = tmp_path / "hand"
    save_portfolio(p, folder)
    # Excel in a European locale: a byte-order mark, ';' between fields, CRLF line
    # ends, whole numbers without '.0', and an empty row left at the end.
    roles = "\ufeffrole_id;name;headcount;capacity_days_per_week;day_rate\r\n"
    roles += "DEV;Developer;4;18;700\r\nQA;Test engineer;2;9;600\r\n;;;;\r\n"
    (folder / "roles.csv").write_bytes(roles.encode("utf-8"))
    # dates typed by hand, columns in another order
    objectives = "weight,objective_id,name,description\n"
    objectives += '0.6,O1,Grow digital revenue,"Sell more through online channels."\n'
    objectives += "0.4,O2,Comply with the new tax rules,Be ready for the 2026 audit.\n"
    (folder / "objectives.csv").write_text(objectives)
    assert_same(read_portfolio(folder), p)


@pytest.fixture()
def folder(tmp_path):
    return save_portfolio(tiny_portfolio(), tmp_path / "p")


def edit_csv(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_text_in_a_number_column_of_a_csv(folder):
    edit_csv(folder / "tasks.csv", "Build,DEV,8.0,10.0", "Build,DEV,8.0,ten")
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(folder)
    error = caught.value
    assert (error.table, error.row, error.key, error.column) == (
        "tasks",
        2,
        "task_id 'P01-T03'",
        "most_likely_days",
    )
    assert str(error) == (
        "tasks, row 2 (task_id 'P01-T03'), column 'most_likely_days': 'ten' is not a number "
        f"(in {folder / 'tasks.csv'}, line 4)"
    )


def test_a_bad_date_in_a_csv(folder):
    edit_csv(folder / "projects.csv", "2026-02-09", "2026-02-30")
    with pytest.raises(
        PortfolioError,
        match=r"'2026-02-30' is not a date \(use YYYY-MM-DD\)"
        r" \(in .*projects.csv, line 3\)",
    ) as caught:
        read_portfolio(folder)
    assert (caught.value.row, caught.value.column) == (1, "planned_finish")


def test_a_rule_broken_in_a_csv_names_the_file_and_line(folder):
    edit_csv(folder / "dependencies.csv", "P02-T01,P02-T02", "P02-T01,P02-T99")
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(folder)
    assert str(caught.value) == (
        "dependencies, row 4 (predecessor 'P02-T01', successor 'P02-T99'), column 'successor': "
        f"unknown task 'P02-T99' (in {folder / 'dependencies.csv'}, line 6)"
    )


def test_a_missing_csv_file(folder):
    (folder / "tasks.csv").unlink()
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(folder)
    assert str(caught.value) == f"tasks: missing: expected tasks.csv in {folder}"


def test_a_missing_or_broken_meta_json(folder):
    (folder / "meta.json").write_text("{'company': 'x'}")
    with pytest.raises(PortfolioError, match=r"^meta: .*meta.json is not valid JSON"):
        read_portfolio(folder)
    (folder / "meta.json").write_text(
        json.dumps(
            {
                "company": "Tiny Ltd",
                "currency": "EUR",
                "start_date": "2026-01-07",
                "status_week": 3,
                "status_date": "2026-01-23",
            }
        )
    )
    with pytest.raises(
        PortfolioError,
        match=r"^meta, key 'start_date': .* is a Wednesday.*"
        r"\(in .*meta.json\)$",
    ):
        read_portfolio(folder)
    (folder / "meta.json").unlink()
    with pytest.raises(PortfolioError, match=r"^meta: missing: expected meta\.json in "):
        read_portfolio(folder)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b"", "is empty; it needs at least the header row", id="empty-file"),
        # bytes that are neither UTF-8 nor cp1252 (0x81 is undefined there)
        pytest.param(b"role_id,name\n\x81\x8d,x\n", "is not UTF-8 text", id="not-utf8"),
        pytest.param(
            b'role_id,name,headcount,capacity_days_per_week,day_rate\n"DEV,Developer\n',
            "is not a readable CSV file",
            id="unclosed-quote",
        ),
        pytest.param(
            b"role_id,name,headcount,capacity_days_per_week\nDEV,Developer,4,18\n",
            "column 'day_rate': missing column",
            id="missing-column",
        ),
    ],
)
def test_unreadable_csv_files(folder, content, problem):
    (folder / "roles.csv").write_bytes(content)
    with pytest.raises(PortfolioError, match=r"^roles") as caught:
        read_portfolio(folder)
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_nothing_at_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="no portfolio at"):
        read_portfolio(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match="neither a folder of CSV files nor an Excel workbook"):
        read_portfolio(tmp_path / "notes.txt")


@pytest.fixture()
def book(tmp_path):
    return save_portfolio(tiny_portfolio(), tmp_path / "p.xlsx")


def edit_book(path, change):
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    workbook.close()


def test_a_missing_sheet(book):
    edit_book(book, lambda wb: wb.remove(wb["tasks"]))
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(book)
    assert str(caught.value) == f"tasks: missing: expected a sheet 'tasks' in {book}"


def test_text_in_a_number_cell_names_the_cell(book):
    def change(wb):
        wb["tasks"]["F4"] = "ten"  # most_likely_days of the third task

    edit_book(book, change)
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(book)
    assert (caught.value.table, caught.value.row, caught.value.column) == (
        "tasks",
        2,
        "most_likely_days",
    )
    assert str(caught.value).endswith(f"'ten' is not a number (in {book}, sheet 'tasks', cell F4)")


def test_a_date_typed_as_text_in_excel_is_fine(book):
    def change(wb):
        wb["tasks"]["J2"] = "2026-01-05"
        wb["tasks"]["I2"] = "3500"

    edit_book(book, change)
    assert_same(read_portfolio(book), tiny_portfolio())


def test_a_broken_rule_in_a_workbook_names_the_cell(book):
    def change(wb):
        wb["risks"]["F3"] = 35  # probability in percent

    edit_book(book, change)
    with pytest.raises(
        PortfolioError,
        match=r"risks, row 1 \(risk_id 'R-P01-02'\), column "
        r"'probability': 35 is above 1; a probability is a fraction: 35% is 0.35 "
        r"\(in .*p.xlsx, sheet 'risks', cell F3\)$",
    ):
        read_portfolio(book)


def test_a_renamed_header_in_a_workbook(book):
    def change(wb):
        wb["roles"]["C1"] = "people"

    edit_book(book, change)
    with pytest.raises(
        PortfolioError,
        match=r"^roles, column 'headcount': missing column "
        r"\(there is an unknown column 'people'\)",
    ):
        read_portfolio(book)


def test_a_broken_meta_sheet(book):
    def change(wb):
        wb["meta"]["B5"] = "three"  # status_week

    edit_book(book, change)
    with pytest.raises(
        PortfolioError,
        match=r"^meta, key 'status_week': 'three' is not a whole "
        r"number \(in .*sheet 'meta', row 5\)",
    ):
        read_portfolio(book)


def test_not_a_workbook(tmp_path):
    (tmp_path / "fake.xlsx").write_text("not a zip file")
    with pytest.raises(PortfolioError, match=r"^fake.xlsx: .* is not a readable Excel workbook"):
        read_portfolio(tmp_path / "fake.xlsx")


def test_a_text_excel_cannot_store_is_refused_before_saving(tmp_path):
    p = tiny_portfolio()
    bad = p.replace(risks=p.risks.assign(title=["ok", "bell\x07", "ok"]))
    with pytest.raises(PortfolioError, match="holds the character U\\+0007"):
        save_portfolio(bad, tmp_path / "p.xlsx")
