"""Reading what a PMO's tools export: tables left out, every problem located, encodings.

The round trips of ``tests/test_io.py`` hold for the kit's own files; these are the
files a PMO brings: a folder or workbook without the tables it has no use for,
cp1252 or UTF-16 text, comma decimals in a workbook's text cells, and a holiday
calendar.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises.core.calendar import country_holidays
from pmo_exercises.core.errors import PortfolioError
from pmo_exercises.core.schema import TABLES
from pmo_exercises.io.files import open_portfolio, read_portfolio, save_portfolio
from tests._tiny import tiny_portfolio

OWN = Path(__file__).resolve().parent / "data" / "pmo_own"
OPTIONAL = [name for name, table in TABLES.items() if table.optional]


def test_a_folder_may_leave_out_every_optional_table(tmp_path):
    p = tiny_portfolio()
    folder = save_portfolio(p, tmp_path / "p")
    projects = (folder / "projects.csv").read_text()
    (folder / "projects.csv").write_text(projects.replace(",O1,", ",,"))  # no objectives
    for name in OPTIONAL:
        (folder / f"{name}.csv").unlink()
    (folder / "meta.json").write_text(
        '{"company": "Tiny Ltd", "currency": "EUR", "start_date": "2026-01-05", "status_week": 0}'
    )
    found = open_portfolio(folder)
    assert found.absent == OPTIONAL
    for name in OPTIONAL:
        frame = getattr(found.portfolio, name)
        assert len(frame) == 0 and list(frame.columns) == TABLES[name].column_names
    pmo.validate(found.portfolio)


def test_a_workbook_may_leave_out_optional_sheets(tmp_path):
    from openpyxl import load_workbook

    path = save_portfolio(tiny_portfolio(), tmp_path / "p.xlsx")
    book = load_workbook(path)
    for name in ("drivers", "events", "opportunities", "holidays"):
        book.remove(book[name])
    book.save(path)
    book.close()
    found = open_portfolio(path)
    assert found.absent == ["opportunities", "events", "drivers", "holidays"]
    assert len(found.portfolio.drivers) == 0


def test_every_problem_of_a_workbook_names_its_cell(tmp_path):
    from openpyxl import load_workbook

    path = save_portfolio(tiny_portfolio(), tmp_path / "p.xlsx")
    book = load_workbook(path)
    book["tasks"]["F4"] = "ten"  # most_likely_days of the third task
    book["risks"]["F3"] = 35  # a probability in percent
    book["roles"]["C3"] = "two"  # headcount
    book.save(path)
    book.close()
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(path)
    where = [p.where for p in caught.value.problems]
    assert where == [
        f"{path}, sheet 'roles', cell C3",
        f"{path}, sheet 'tasks', cell F4",
        f"{path}, sheet 'risks', cell F3",
    ]


def test_encodings_as_the_tools_write_them(tmp_path):
    p = tiny_portfolio()
    names = p.tasks["name"].copy()
    names.iloc[0] = "Étude préalable"
    p = p.replace(tasks=p.tasks.assign(name=names))
    folder = save_portfolio(p, tmp_path / "p")
    text = (folder / "tasks.csv").read_text(encoding="utf-8")
    (folder / "tasks.csv").write_bytes(text.encode("cp1252"))
    found = open_portfolio(folder)
    assert found.encodings["tasks"] == "cp1252"
    assert found.portfolio.digest() == p.digest()
    assert read_portfolio(folder, encoding="latin-1").digest() == p.digest()
    (folder / "tasks.csv").write_bytes(text.encode("utf-16"))  # Excel's "Unicode text"
    assert open_portfolio(folder).encodings["tasks"] == "utf-16"
    assert read_portfolio(folder).digest() == p.digest()
    with pytest.raises(PortfolioError, match=r"tasks\.csv is not utf-8 text \(byte 0\), as told"):
        read_portfolio(folder, encoding="utf-8")


def test_comma_decimals_in_the_text_cells_of_a_workbook(tmp_path):
    from openpyxl import load_workbook

    p = tiny_portfolio()
    path = save_portfolio(p, tmp_path / "p.xlsx")
    book = load_workbook(path)
    book["roles"]["D2"] = "18,0"  # capacity_days_per_week, typed as text in a French Excel
    book["tasks"]["J2"] = "05/01/2026"  # baseline_start, as text
    book.save(path)
    book.close()
    found = open_portfolio(path)
    assert (found.conventions.decimal, found.conventions.dayfirst) == (",", True)
    assert found.portfolio.digest() == p.digest()


def test_holidays_round_trip_and_an_empty_calendar_keeps_the_digest(tmp_path):
    p = tiny_portfolio()
    assert len(p.holidays) == 0
    folder = save_portfolio(p, tmp_path / "p")
    assert (folder / "holidays.csv").read_text() == "date,name\n"
    (folder / "holidays.csv").unlink()
    assert read_portfolio(folder).digest() == p.digest()  # absent, empty: the same digest
    french = p.replace(holidays=country_holidays("FR", [2026]))
    assert french.digest() != p.digest()
    for target in ("q", "q.xlsx"):
        back = read_portfolio(save_portfolio(french, tmp_path / target))
        assert back.digest() == french.digest()
        pd.testing.assert_frame_equal(back.holidays, french.holidays)


def test_the_french_export_round_trips_through_the_kits_own_files(tmp_path):
    p = read_portfolio(OWN.parent / "pmo_own_fr")
    for target in ("own", "own.xlsx"):
        assert read_portfolio(save_portfolio(p, tmp_path / target)).digest() == p.digest()


def test_a_status_week_past_the_data_still_reads_and_is_warned(tmp_path):
    folder = shutil.copytree(OWN, tmp_path / "own")
    meta = (folder / "meta.json").read_text(encoding="utf-8")
    meta = meta.replace('"status_week": 6', '"status_week": 7').replace("04-10", "04-17")
    (folder / "meta.json").write_text(meta, encoding="utf-8")
    found = open_portfolio(folder)
    warnings = found.warnings()
    assert {w.check for w in warnings} == {"status_week_beyond_data"}
    assert warnings[0].where == f"{folder / 'project_status.csv'}"
