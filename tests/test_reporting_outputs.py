"""The steering pack as it leaves the kit: the HTML page, the PowerPoint deck and the PDF.

Each output is opened as its reader would open it (the HTML parsed and drawn by
Chromium, the deck read back by python-pptx and rendered by LibreOffice
Impress, the PDF read by pypdf) and checked to hold every project, every
exception and every decision, with a hostile project name shown as text:
``<script>alert(1)</script>`` never a script, ``=cmd|' /C calc'!A0`` never a
formula.

Chromium and LibreOffice are Debian packages (``.ci/run`` installs them under
CI): missing, their tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

import pmo_exercises as pmo
from pmo_exercises.reporting import (
    PrintError,
    capacity_picture,
    steering_deck,
    steering_html,
    steering_report,
    write_steering_deck,
    write_steering_pdf,
)
from pmo_exercises.reporting.pdf import chromium_executable
from pmo_exercises.reporting.slide_charts import line_chart
from pmo_exercises.reporting.slides import HEIGHT_PT, WIDTH_PT, Deck
from pmo_exercises.reporting.textfit import neutral, wrap

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
FOOTER_TOP_PT = HEIGHT_PT - 36.0


def _tool_missing(reason: str) -> None:
    """Skip on a developer's machine, fail in CI, where .ci/run installs the tool."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _flat(text) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def hostile():
    """The teaching portfolio with two hostile project names."""
    p = pmo.load_portfolio()
    projects = p.projects.copy()
    projects.loc[projects["project_id"] == "P11", "name"] = SCRIPT  # a red watermelon
    projects.loc[projects["project_id"] == "P06", "name"] = FORMULA  # red, value below cost
    return p.replace(projects=projects)


@pytest.fixture(scope="module")
def report(hostile):
    return steering_report(hostile)


def _expected_texts(report) -> dict[str, list[str]]:
    """What every output must show: the projects, the exceptions, the decisions."""
    return {
        "projects": [
            *report.dashboard["project_id"].astype(str),
            *report.dashboard["name"].astype(str),
        ],
        "exceptions": [_flat(e) for e in report.exceptions["evidence"]],
        "decisions": [_flat(d) for d in report.decisions["decision"]],
    }


def test_the_hostile_names_reach_the_exceptions_and_decisions(report):
    # the test below is only as good as its portfolio: the names are in every part
    for name in (SCRIPT, FORMULA):
        assert name in set(report.exceptions["name"])
        assert report.decisions["decision"].str.contains(name, regex=False).any()


# -- HTML ------------------------------------------------------------------------------------
class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._in: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def _parse(html: str) -> _Scripts:
    page = _Scripts()
    page.feed(html)
    page.close()
    return page


def test_html_embeds_plotlyjs_once_packed(report):
    from plotly.offline import get_plotlyjs

    html = steering_html(report)
    page = _parse(html)
    kinds = [attrs.get("type", "text/javascript") for attrs, _ in page.scripts]
    packed = [
        text for attrs, text in page.scripts if attrs.get("type") == "application/gzip+base64"
    ]
    assert len(packed) == 1, kinds
    assert gzip.decompress(base64.b64decode(packed[0])).decode("utf-8") == get_plotlyjs()
    figures = [a for a, _ in page.scripts if a.get("type") == "application/json"]
    red = report.exceptions.loc[report.exceptions["kind"] == "red", "project_id"].nunique()
    assert len(figures) == 1 + red  # the S-curve and a Gantt per red project
    code = [t for a, t in page.scripts if a.get("type", "text/javascript") == "text/javascript"]
    assert len(code) == 1 and len(code[0]) < 10_000, "one small loader, no plotly.js as code"
    assert len(html) < 2_500_000, "plotly.js packed: the page was 4.99 MB with it as plain code"


def test_html_escapes_hostile_names_in_text_and_in_figure_data(report):
    html = steering_html(report)
    assert SCRIPT not in html
    page = _parse(html)
    body = _flat(" ".join(page.text))
    assert SCRIPT in body and FORMULA in body
    for attrs, text in page.scripts:
        assert "<script" not in text.lower() and "</" not in text
        if attrs.get("type") == "application/json":
            json.loads(text)  # still valid JSON: "<" and ">" as \u escapes


def test_html_for_print_draws_with_plain_plotlyjs(report):
    page = _parse(steering_html(report, for_print=True))
    assert not [a for a, _ in page.scripts if a.get("type") == "application/gzip+base64"]
    big = [t for a, t in page.scripts if len(t) > 1_000_000]
    assert len(big) == 1 and "plotly" in big[0][:2000].lower()


@pytest.mark.slow
def test_html_charts_are_drawn_in_a_browser(report, tmp_path):
    """The packed plotly.js is unpacked and every chart drawn, offline, with no error."""
    from tests._browser import launch_browser

    path = tmp_path / "steering.html"
    path.write_text(steering_html(report), encoding="utf-8")
    browser_gen = launch_browser()
    browser = next(browser_gen)
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-charts='drawn']", timeout=60_000)
        drawn = page.locator(".pmo-chart .main-svg").count()
        red = report.exceptions.loc[report.exceptions["kind"] == "red", "project_id"].nunique()
        assert drawn >= 1 + red
        assert page.locator("body").inner_text().count(SCRIPT) >= 1
        assert errors == []
        assert [u for u in requests if not u.startswith("file:")] == []
    finally:
        browser_gen.close()


# -- the deck --------------------------------------------------------------------------------
def _slide_texts(prs) -> list[str]:
    """The text of each slide: its text boxes and its table cells."""
    out = []
    for slide in prs.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                for row in shape.table.rows:
                    parts += [cell.text for cell in row.cells]
        out.append("\n".join(parts))
    return out


@pytest.fixture(scope="module")
def deck_file(hostile, report, tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "steering.pptx"
    return write_steering_deck(report, path, capacity=capacity_picture(hostile, report))


def test_deck_holds_every_project_exception_and_decision(report, deck_file):
    from pptx import Presentation

    prs = Presentation(str(deck_file))
    texts = _slide_texts(prs)
    flat = _flat(" ".join(texts))
    titles = [t.splitlines()[0] for t in texts]
    for part, wanted in _expected_texts(report).items():
        missing = [w for w in wanted if w not in flat]
        assert missing == [], f"{part} missing from the deck: {missing[:3]}"
    for title in ("Portfolio summary", "Portfolio dashboard", "Exceptions", "Decisions needed"):
        assert any(t.startswith(title) for t in titles), (title, titles)
    assert any(t.startswith("Top open risks") for t in titles)
    assert any(t.startswith("Capacity") for t in titles)
    for risk in report.risks["risk_id"]:
        assert risk in flat
    assert report.company in texts[0] and f"Status week {report.week}" in texts[0]
    assert "Watermelons: P11 " + SCRIPT in flat  # the summary names the watermelon


def test_deck_charts_are_native(report, deck_file):
    from pptx import Presentation

    prs = Presentation(str(deck_file))
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    over = report.decisions[report.decisions["rule"] == "overbooked_role"]
    assert len(charts) == 2 + len(over)  # RAG bars, S-curve, one per over-booked role
    s_curve = charts[1]
    names = [series.name for series in s_curve.plots[0].series]
    assert names == ["PV (planned value)", "EV (earned value)", "AC (actual cost)"]
    assert list(s_curve.plots[0].series[2].values) == pytest.approx(report.history["ac"].tolist())
    bars = charts[0].plots[0]
    assert [s.name for s in bars.series][:3] == ["red", "amber", "green"]
    assert bars.series[0].values == (
        report.summary["reported_rag"]["red"],
        report.summary["rag"]["red"],
    )


def test_deck_shows_hostile_names_as_text(deck_file):
    from pptx import Presentation

    with zipfile.ZipFile(deck_file) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        workbooks = [z.read(n) for n in z.namelist() if n.endswith(".xlsx")]
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    flat = _flat(" ".join(_slide_texts(Presentation(str(deck_file)))))
    assert SCRIPT in flat and FORMULA in flat
    assert workbooks, "the native charts carry their data"
    for blob in workbooks:
        book = openpyxl.load_workbook(io.BytesIO(blob))
        assert not [c for s in book for r in s.iter_rows() for c in r if c.data_type == "f"]


def test_chart_labels_never_become_formulas(tmp_path):
    from pptx import Presentation

    assert neutral(FORMULA) == "'" + FORMULA and neutral("+1") == "'+1"
    assert neutral("P06 Portal") == "P06 Portal"
    deck = Deck("footer", {"red": "#c62828", "amber": "#f2a900", "green": "#2e7d32"})
    slide = deck.slide("A chart")
    line_chart(slide, (40, 90, 400, 300), [FORMULA, "@SUM(A1)"], [(FORMULA, [1, 2], "#000000")])
    path = tmp_path / "chart.pptx"
    deck.finish().save(path)
    chart = next(s.chart for s in Presentation(str(path)).slides[0].shapes if s.has_chart)
    blob = chart.part.chart_workbook.xlsx_part.blob
    cells = [c for s in openpyxl.load_workbook(io.BytesIO(blob)) for r in s.iter_rows() for c in r]
    assert {c.value for c in cells} >= {"'" + FORMULA, "'@SUM(A1)"}
    assert not [c for c in cells if c.data_type == "f"]


def _table_bottoms(prs) -> list[float]:
    return [
        (shape.top + shape.height) / 12700
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_table
    ]


def test_a_long_table_continues_on_the_next_slides(report):
    """27 exceptions of the teaching portfolio, and one evidence longer than a slide."""
    endless = " ".join(f"finding{i} holds on." for i in range(900))
    exceptions = report.exceptions.copy()
    exceptions.loc[1, "evidence"] = endless
    long = dataclasses.replace(report, exceptions=exceptions)
    prs = steering_deck(long)
    texts = _slide_texts(prs)
    titles = [t.splitlines()[0] for t in texts]
    parts = [t for t in titles if t.startswith("Exceptions")]
    n = len(parts)
    assert n >= 3 and parts == [f"Exceptions ({i}/{n})" for i in range(1, n + 1)]
    assert all(b <= FOOTER_TOP_PT for b in _table_bottoms(prs)), "a table runs off its slide"
    # the evidence cut between slides loses and repeats no word
    words = [w for t in texts for w in t.split() if re.fullmatch(r"finding\d+", w)]
    assert words == [f"finding{i}" for i in range(900)]
    assert f"{exceptions.loc[1, 'project_id']} (cont.)" in " ".join(texts)


def test_text_boxes_never_run_off_a_slide(report):
    huge = dataclasses.replace(report, company="Very Long Company Name Holding " * 12)
    prs = steering_deck(huge)
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert (shape.left + shape.width) / 12700 <= WIDTH_PT + 0.01
            assert (shape.top + shape.height) / 12700 <= HEIGHT_PT + 0.01
            if shape.has_text_frame and shape.text_frame.text:
                frame = shape.text_frame
                runs = [r for p in frame.paragraphs for r in p.runs]
                size = runs[0].font.size.pt
                lines = sum(
                    len(wrap(p.text, shape.width / 12700 - 8, size, bool(runs[0].font.bold)))
                    for p in frame.paragraphs
                )
                assert lines * size * 1.2 <= shape.height / 12700, frame.text[:60]


def test_deck_of_a_portfolio_without_exceptions_or_decisions(report):
    calm = dataclasses.replace(
        report,
        exceptions=report.exceptions.iloc[0:0],
        decisions=report.decisions.iloc[0:0],
        risks=report.risks.iloc[0:0],
    )
    flat = _flat(" ".join(_slide_texts(steering_deck(calm))))
    assert "No exceptions this week." in flat
    assert "No decision is needed this week." in flat
    assert "No role is booked beyond its capacity" in flat
    assert "No open risk." in flat


@pytest.mark.slow
def test_libreoffice_renders_every_slide_within_its_page(report, deck_file, tmp_path):
    """LibreOffice Impress opens the deck; every text it draws lies on its page."""
    from pptx import Presentation
    from pypdf import PdfReader

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        _tool_missing("LibreOffice is not installed (apt-get install libreoffice-impress)")
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck_file),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "steering.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    reader = PdfReader(pdf)
    slides = len(Presentation(str(deck_file)).slides)
    assert len(reader.pages) == slides
    text = ""
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        width = float(page.mediabox.width)
        off = []

        def visit(t, cm, tm, font, size, off=off, width=width, height=height):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if t.strip() and not (-1 <= x <= width and 0 <= y <= height):
                off.append((t, round(x), round(y)))

        text += unicodedata.normalize("NFKC", page.extract_text(visitor_text=visit)) + "\n"
        assert off == [], f"slide {number}: text drawn off the page: {off[:3]}"
    flat = _flat(text)
    for pid in report.dashboard["project_id"]:
        assert pid in flat
    assert SCRIPT in flat and FORMULA in flat


# -- the PDF ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_file(report, tmp_path_factory):
    if chromium_executable() is None:
        _tool_missing("chromium is not installed (apt-get install chromium)")
    return write_steering_pdf(report, tmp_path_factory.mktemp("pdf") / "steering.pdf")


@pytest.mark.slow
def test_pdf_holds_every_project_exception_and_decision(report, pdf_file):
    from pypdf import PdfReader

    reader = PdfReader(pdf_file)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    # NFKC: the printed text holds the font's ligatures ("ﬀ" for "ff")
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() + "\n" for p in reader.pages))
    flat = _flat(text)
    squeezed = re.sub(r"\s+", "", text)
    for part, wanted in _expected_texts(report).items():
        # a cell's text wraps at the printed width: compare without the white space
        missing = [w for w in wanted if re.sub(r"\s+", "", w) not in squeezed]
        assert missing == [], f"{part} missing from the PDF: {missing[:3]}"
    assert SCRIPT in flat and FORMULA in flat
    assert "Portfolio summary" in flat and "Decisions needed" in flat
    assert reader.metadata.title.startswith(report.company)
    # one section per page at least, each chart on a page: fewer pages than a naive print
    red = report.exceptions.loc[report.exceptions["kind"] == "red", "project_id"].nunique()
    assert 5 <= len(reader.pages) <= 6 + red


def test_pdf_without_chromium_is_a_clear_error(report, tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(PrintError, match="writing a PDF needs Chromium"):
        write_steering_pdf(report, tmp_path / "r.pdf")
    with pytest.raises(PrintError, match="cannot run Chromium"):
        write_steering_pdf(report, tmp_path / "r.pdf", chromium=str(tmp_path))
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.slow
def test_outputs_take_the_users_file_mode(report, hostile, tmp_path, pdf_file):
    old = os.umask(0o027)
    try:
        deck = write_steering_deck(report, tmp_path / "d.pptx")
        pdf = write_steering_pdf(report, tmp_path / "d.pdf")
    finally:
        os.umask(old)
    assert [Path(p).stat().st_mode & 0o777 for p in (deck, pdf)] == [0o640, 0o640]
