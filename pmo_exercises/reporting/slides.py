"""Slides with python-pptx that never spill: titled slides, fitted text, paged tables.

Every text is measured before it is placed (:mod:`.textfit`): a text box's
font shrinks until its text fits, and past a floor the text is cut with an
ellipsis; :meth:`Deck.table` puts as many rows on a slide as fit, then
continues on the next one, "(2/3)" in its title and the header repeated; a
row taller than a whole slide is cut between lines and continued. Text that
python-pptx writes into the slides is XML-escaped by it: ``<script>`` shows as
it is typed. The charts are in :mod:`.slide_charts`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .textfit import LINE_SPACING, clean, fits, text_width, wrap

__all__ = [
    "BODY",
    "FONT",
    "HEIGHT_PT",
    "MARGIN_PT",
    "WIDTH_PT",
    "Column",
    "Deck",
    "column_widths",
    "rgb",
]

#: The slide: 16:9, 13.333 x 7.5 inches, in points (72 to the inch).
WIDTH_PT, HEIGHT_PT = 960.0, 540.0
MARGIN_PT = 36.0
#: Where the body of a slide goes, below the title and above the footer: x, y, width, height.
BODY = (MARGIN_PT, 84.0, WIDTH_PT - 2 * MARGIN_PT, 408.0)
FONT = "Arial"
INK, GREY, RULE, HEADER_FILL = "212121", "616161", "D0D0D0", "ECEFF1"
#: Cell padding, in points: left and right, top and bottom.
CELL_X, CELL_Y = 4.0, 2.5


@dataclass(frozen=True)
class Column:
    """A table column: its heading, its share of the table's width, its alignment, its kind.

    ``kind`` is ``"text"``, or ``"rag"`` for a cell filled with its RAG colour.
    """

    title: str
    weight: float
    align: str = "left"
    kind: str = "text"


def column_widths(columns: list[Column], width: float, size: float, rows=()) -> list[float]:
    """The columns' widths: shares of ``width`` by weight, each wide enough for its longest word.

    A word never breaks ("worsenin-g", "projec-t"): a column too narrow for
    the longest word of its heading (bold) or of its cells at ``size``
    points is widened, and the columns with room to spare give it their
    room, in proportion. When they have too little, the weights stand and
    the long words break.
    """
    total = sum(c.weight for c in columns)
    widths = [width * c.weight / total for c in columns]
    need = []
    for j, c in enumerate(columns):
        words = [(w, True) for w in c.title.split()]
        words += [(w, c.kind == "rag") for r in rows for w in clean(r[j] or "").split()]
        longest = max((text_width(w, size, bold=b) for w, b in words), default=0.0)
        need.append(longest + 2 * CELL_X + 2)
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if short <= 0 or spare <= short:
        return widths
    return [n if w < n else w - (w - n) / spare * short for n, w in zip(need, widths, strict=True)]


def rgb(hex_colour: str):
    """A python-pptx colour from ``"#c62828"`` or ``"C62828"``."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _pt(value: float):
    from pptx.util import Pt

    return Pt(value)


class Deck:
    """A 16:9 presentation built slide by slide, with a footer and page numbers on each.

    Parameters
    ----------
    footer : str
        The text at the bottom left of every slide but the first.
    rag_colours : dict
        ``{"red": "#c62828", ...}`` and ``"grey"`` for an undefined RAG.
    """

    def __init__(self, footer: str, rag_colours: dict) -> None:
        from pptx import Presentation

        self.prs = Presentation()
        self.prs.slide_width = _pt(WIDTH_PT)
        self.prs.slide_height = _pt(HEIGHT_PT)
        self.footer = clean(footer)
        self.rag = rag_colours

    # -- slides and text ---------------------------------------------------------------------
    def slide(self, title: str):
        """A new blank slide with ``title`` at the top (shrunk to fit its line)."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        width = WIDTH_PT - 2 * MARGIN_PT
        size = 26.0
        while size > 14 and len(wrap(title, width - 8, size, bold=True)) > 1:
            size -= 1
        self.text(slide, title, (MARGIN_PT, 26.0, width, 46.0), size=size, bold=True)
        self.rule(slide, 72.0)
        return slide

    def rule(self, slide, y: float) -> None:
        """A thin line across the slide at height ``y``."""
        from pptx.enum.shapes import MSO_SHAPE

        bar = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, _pt(MARGIN_PT), _pt(y), _pt(WIDTH_PT - 2 * MARGIN_PT), _pt(1.5)
        )
        bar.fill.solid()
        bar.fill.fore_color.rgb = rgb(INK)
        bar.line.fill.background()

    def text(
        self,
        slide,
        text: str,
        box: tuple[float, float, float, float],
        *,
        size: float = 14.0,
        bold: bool = False,
        colour: str = INK,
        align: str = "left",
        min_size: float = 9.0,
    ):
        """A text box at ``box`` (x, y, width, height in points), its text made to fit.

        The font shrinks from ``size`` down to ``min_size`` until the text
        fits; text that fits even then at no size is cut at the last line
        that fits, with an ellipsis: nothing runs off the box.
        """
        from pptx.enum.text import MSO_AUTO_SIZE

        x, y, w, h = box
        inner_w, inner_h = w - 8.0, h - 4.0
        text = clean(text)
        while size > min_size and not fits(text, inner_w, inner_h, size, bold):
            size -= 0.5
        lines = wrap(text, inner_w, size, bold)
        room = max(1, math.floor(inner_h / (size * LINE_SPACING)))
        if len(lines) > room:
            lines = [*lines[: room - 1], _ellipsis(lines[room - 1], inner_w, size, bold)]
            text = "\n".join(lines)
        shape = slide.shapes.add_textbox(_pt(x), _pt(y), _pt(w), _pt(h))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        for side in ("margin_left", "margin_right"):
            setattr(frame, side, _pt(4.0))
        frame.margin_top = frame.margin_bottom = _pt(2.0)
        _paragraphs(frame, text, size, bold, colour, align)
        return shape

    def tiles(self, slide, tiles, box, *, per_row: int = 5, height: float = 56.0) -> None:
        """Figure tiles, a large value over its label, ``per_row`` to a row, in a light frame.

        Every value has one font size, every label another: the largest at
        which each fits its tile.
        """
        from pptx.enum.shapes import MSO_SHAPE

        x0, y0, width, _ = box
        gap = 10.0
        w = (width - (per_row - 1) * gap) / per_row
        value_h, label_h = height * 0.55, height * 0.42
        inner = w - 16.0  # the tile's padding and the text box's own margins
        value_size = self._common_size([v for v, _ in tiles], inner, value_h - 4, 22.0, bold=True)
        label_size = self._common_size([t for _, t in tiles], inner, label_h - 4, 11.0)
        for k, (value, label) in enumerate(tiles):
            x = x0 + (k % per_row) * (w + gap)
            y = y0 + (k // per_row) * (height + 8.0)
            frame = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _pt(x), _pt(y), _pt(w), _pt(height))
            frame.fill.solid()
            frame.fill.fore_color.rgb = rgb("FFFFFF")
            frame.line.color.rgb = rgb(RULE)
            frame.line.width = _pt(1.0)
            frame.shadow.inherit = False
            self.text(slide, value, (x + 4, y + 4, w - 8, value_h), size=value_size, bold=True)
            self.text(
                slide, label, (x + 4, y + value_h, w - 8, label_h), size=label_size, colour=GREY
            )

    @staticmethod
    def _common_size(texts, width: float, height: float, size: float, bold: bool = False):
        while size > 8 and not all(fits(t, width, height, size, bold) for t in texts):
            size -= 0.5
        return size

    # -- tables --------------------------------------------------------------------------------
    def table(
        self,
        title: str,
        columns: list[Column],
        rows: list[list],
        *,
        size: float = 11.0,
        box: tuple[float, float, float, float] = BODY,
        empty: str = "None.",
    ) -> list:
        """The rows as tables on as many slides as they need, the header on each.

        Parameters
        ----------
        title : str
            The slides' title; " (2/3)" is added when the table takes several.
        columns : list of Column
            The columns; their weights share the width of ``box``.
        rows : list of list
            The cells' text, row by row (a RAG cell holds its RAG or None).
        size : float
            The font size, in points.
        box : tuple
            Where the table goes on each slide: x, y, width, height in points.
        empty : str
            What the slide says when there are no rows.

        Returns
        -------
        list
            The slides made.
        """
        x, y, width, height = box
        widths = column_widths(columns, width, size, rows)
        header = [c.title for c in columns]
        header_h = self._row_height(header, widths, size, bold=True)
        pages = self._pages(rows, widths, size, height - header_h)
        if not pages:
            slide = self.slide(title)
            self.text(slide, empty, (x, y, width, 40.0))
            return [slide]
        slides = []
        for number, page in enumerate(pages, start=1):
            name = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
            slide = self.slide(name)
            self._table(slide, columns, widths, header, page, size, (x, y))
            slides.append(slide)
        return slides

    def _cell_lines(self, value, width: float, size: float, bold: bool = False) -> list[str]:
        return wrap(clean("" if value is None else value), width - 2 * CELL_X - 1, size, bold)

    def _row_height(self, cells, widths, size: float, bold: bool = False) -> float:
        lines = max(
            len(self._cell_lines(v, w, size, bold)) for v, w in zip(cells, widths, strict=True)
        )
        return lines * size * LINE_SPACING + 2 * CELL_Y + 2

    def _pages(self, rows, widths, size: float, room: float) -> list[list[tuple]]:
        """Rows grouped by slide, each as ``(cells, height)``; a too-tall row is cut in two."""
        line = size * LINE_SPACING
        most = max(1, math.floor((room - 2 * CELL_Y - 2) / line))  # lines a slide holds
        pages: list[list[tuple]] = []
        page: list[tuple] = []
        used = 0.0
        queue = [list(r) for r in rows]
        while queue:
            cells = queue.pop(0)
            wrapped = [self._cell_lines(v, w, size) for v, w in zip(cells, widths, strict=True)]
            lines = max(len(w) for w in wrapped)
            if lines > most:  # taller than a slide: this part here, the rest on the next
                head = [
                    ("\n".join(w[:most]) if len(w) > most else c)
                    for w, c in zip(wrapped, cells, strict=True)
                ]
                tail = [
                    ("\n".join(w[most:]) if len(w) > most else ("" if i else f"{c} (cont.)"))
                    for i, (w, c) in enumerate(zip(wrapped, cells, strict=True))
                ]
                queue[:0] = [head, tail]
                continue
            height = lines * line + 2 * CELL_Y + 2
            if page and used + height > room:
                pages.append(page)
                page, used = [], 0.0
            page.append((cells, height))
            used += height
        if page:
            pages.append(page)
        return pages

    def _table(self, slide, columns, widths, header, page, size: float, at) -> None:
        from pptx.enum.text import MSO_ANCHOR

        x, y = at
        header_h = self._row_height(header, widths, size, bold=True)
        height = header_h + sum(h for _, h in page)
        shape = slide.shapes.add_table(
            len(page) + 1, len(columns), _pt(x), _pt(y), _pt(sum(widths)), _pt(height)
        )
        table = shape.table
        table.first_row = True
        table.horz_banding = False
        for j, w in enumerate(widths):
            table.columns[j].width = _pt(w)
        table.rows[0].height = _pt(header_h)
        for i, (cells, h) in enumerate([(header, header_h), *page]):
            table.rows[i].height = _pt(h)
            for j, value in enumerate(cells):
                column = columns[j]
                cell = table.cell(i, j)
                cell.margin_left = cell.margin_right = _pt(CELL_X)
                cell.margin_top = cell.margin_bottom = _pt(CELL_Y)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                fill, colour, bold, text = "FFFFFF", INK, i == 0, value
                if i == 0:
                    fill = HEADER_FILL
                elif column.kind == "rag":
                    rag = value if value in self.rag else "grey"
                    fill = self.rag[rag]
                    colour, bold = (INK if rag == "amber" else "FFFFFF"), True
                    text = value if value in self.rag else "n/a"
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(fill)
                frame = cell.text_frame
                frame.word_wrap = True
                align = "center" if column.kind == "rag" else column.align
                _paragraphs(frame, clean("" if text is None else text), size, bold, colour, align)

    # -- the end ---------------------------------------------------------------------------
    def finish(self):
        """Put the footer and "page / pages" on every slide but the first; return the deck."""
        slides = list(self.prs.slides)
        for number, slide in enumerate(slides[1:], start=2):
            y = HEIGHT_PT - 36.0
            self.text(slide, self.footer, (MARGIN_PT, y, 700.0, 20.0), size=10.0, colour=GREY)
            self.text(
                slide,
                f"{number} / {len(slides)}",
                (WIDTH_PT - MARGIN_PT - 120.0, y, 120.0, 20.0),
                size=10.0,
                colour=GREY,
                align="right",
            )
        return self.prs


def _paragraphs(frame, text: str, size: float, bold: bool, colour: str, align: str) -> None:
    """Fill ``frame`` with ``text``, a paragraph per line, in the deck's font."""
    from pptx.enum.text import PP_ALIGN

    alignment = {"center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}.get(align, PP_ALIGN.LEFT)
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = alignment
        run = paragraph.add_run()
        run.text = line
        run.font.name = FONT
        run.font.size = _pt(size)
        run.font.bold = bold
        run.font.color.rgb = rgb(colour)


def _ellipsis(line: str, width: float, size: float, bold: bool) -> str:
    while line and text_width(line + " …", size, bold) > width:
        line = line[:-1]
    return (line.rstrip() + " …").strip()
