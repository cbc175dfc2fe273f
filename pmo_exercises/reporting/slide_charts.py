"""Native PowerPoint charts for the deck: bars and lines, their data kept editable.

A native chart stays a chart in PowerPoint and LibreOffice Impress: the
reader can restyle it or read its numbers, which travel in a small workbook
inside the file. Every category and series name goes through
:func:`~.textfit.neutral` on its way into that workbook, so that a name such
as ``=cmd|' /C calc'!A0`` stays text.
"""

from __future__ import annotations

from .slides import FONT, rgb
from .textfit import neutral

__all__ = ["bar_chart", "line_chart"]


def _pt(value: float):
    from pptx.util import Pt

    return Pt(value)


def _chart(slide, kind, box, categories, series, number_format):
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_LEGEND_POSITION

    data = CategoryChartData(number_format=number_format)
    data.categories = [neutral(c) if isinstance(c, str) else c for c in categories]
    for name, values, _ in series:
        data.add_series(neutral(name), [None if v is None else float(v) for v in values])
    x, y, w, h = box
    chart = slide.shapes.add_chart(kind, _pt(x), _pt(y), _pt(w), _pt(h), data).chart
    chart.font.size = _pt(11)
    chart.font.name = FONT
    chart.has_title = False  # the slide titles the chart, in a measured text box
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    return chart


def bar_chart(slide, box, categories, series, *, stacked=True, maximum=None, label_colours=None):
    """A native horizontal bar chart: ``series`` is a list of ``(name, values, colour)``.

    Each bar is labelled with its value, in ``label_colours[i]`` for the
    ``i``-th series (white by default); ``maximum`` fixes the end of the axis.
    """
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION

    kind = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
    chart = _chart(slide, kind, box, categories, series, "0")
    plot = chart.plots[0]
    plot.gap_width = 60
    if stacked:
        plot.overlap = 100
    colours = label_colours or ["FFFFFF"] * len(series)
    for chart_series, (_, _, colour), text in zip(plot.series, series, colours, strict=True):
        chart_series.format.fill.solid()
        chart_series.format.fill.fore_color.rgb = rgb(colour)
        labels = chart_series.data_labels  # the series' own labels replace the plot's
        labels.show_value = True
        labels.number_format = '0;-0;""'  # no label on an empty segment
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.color.rgb = rgb(text)
        labels.font.bold = True
    if maximum is not None:
        chart.value_axis.maximum_scale = float(maximum)
    chart.value_axis.has_major_gridlines = False
    return chart


def line_chart(
    slide, box, categories, series, *, number_format="#,##0", max_labels=14, axes=(None, None)
):
    """A native line chart: ``series`` is a list of ``(name, values, colour)``.

    A colour written ``"dash:#9e9e9e"`` draws that series dashed. At most
    ``max_labels`` categories are labelled, evenly spaced. ``axes`` titles
    the category and the value axis (with their units).
    """
    from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    chart = _chart(slide, XL_CHART_TYPE.LINE, box, categories, series, number_format)
    for chart_series, (_, _, colour) in zip(chart.plots[0].series, series, strict=True):
        dashed = colour.startswith("dash:")
        chart_series.smooth = False
        chart_series.marker.style = XL_MARKER_STYLE.NONE
        line = chart_series.format.line
        line.color.rgb = rgb(colour.removeprefix("dash:"))
        line.width = _pt(1.75 if dashed else 2.5)
        if dashed:
            line.dash_style = MSO_LINE_DASH_STYLE.DASH
    chart.value_axis.tick_labels.number_format = number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = rgb("E0E0E0")
    _label_every(chart, max(1, -(-len(categories) // max_labels)))
    for axis, title in zip((chart.category_axis, chart.value_axis), axes, strict=True):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = neutral(title)
            font = axis.axis_title.text_frame.paragraphs[0].runs[0].font
            font.size, font.bold = _pt(10), False
    return chart


def _label_every(chart, step: int) -> None:
    """Label every ``step``-th category only, so that the labels stay level and legible."""
    if step <= 1:
        return
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    axis = chart.category_axis._element  # python-pptx has no API for c:tickLblSkip
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", str(step))
    marks = OxmlElement("c:tickMarkSkip")
    marks.set("val", str(step))
    before = axis.find(qn("c:noMultiLvlLbl"))
    if before is None:
        axis.append(skip)
        axis.append(marks)
    else:
        before.addprevious(skip)
        before.addprevious(marks)
