"""The Summary's charts: ROI by channel, cost mix, the funnel and value over time —
real Excel charts (openpyxl.chart) over the calculated cells of the other sheets."""

from __future__ import annotations

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart._chart import ChartBase
from openpyxl.chart.label import DataLabelList
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from .book import Book

WIDTH, HEIGHT = 15.0, 8.5  # cm


def _ref(book: Book, key: str) -> Reference:
    ws, ref = book.get(key)
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def _size(chart: ChartBase) -> None:
    chart.width, chart.height = WIDTH, HEIGHT


def roi_by_channel(book: Book) -> BarChart:
    """SOCROI per channel (Channels › By channel)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Social ROI by channel"
    chart.add_data(_ref(book, "roi_values"), titles_from_data=False)
    chart.set_categories(_ref(book, "roi_labels"))
    chart.legend = None
    chart.y_axis.numFmt = "0%"
    chart.x_axis.tickLblPos = "low"  # platform names at the left even for negative bars
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    _size(chart)
    return chart


def cost_mix(book: Book) -> PieChart:
    """Total cost by category (Costs)."""
    chart = PieChart()
    chart.title = "Cost mix"
    chart.add_data(_ref(book, "cost_mix"), titles_from_data=False)
    chart.set_categories(_ref(book, "cost_mix_labels"))
    chart.dataLabels = DataLabelList(showPercent=True, showVal=False, showCatName=False, showSerName=False,
                                     showLegendKey=False, showLeaderLines=False)
    _size(chart)
    return chart


def funnel(book: Book) -> BarChart:
    """Stage counts, paid, organic and earned (Funnel), on a logarithmic axis."""
    ws, ref = book.get("funnel_counts")
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    chart = BarChart()
    chart.type = "col"
    chart.title = "Funnel: reach → clicks → leads → purchases"
    data = Reference(ws, min_col=min_col, min_row=min_row - 1, max_col=max_col - 1, max_row=max_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(_ref(book, "funnel_labels"))
    chart.y_axis.scaling.logBase = 10
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.title = "people (log scale)"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    _size(chart)
    return chart


def value_over_time(book: Book) -> BarChart:
    """Revenue and spend by day, week or month of the period (Periods); the rows past the
    period's end are blank and draw nothing."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "Revenue and spend over the period"
    chart.add_data(_ref(book, "bucket_revenue"), titles_from_data=True)
    chart.add_data(_ref(book, "bucket_spend"), titles_from_data=True)
    chart.set_categories(_ref(book, "buckets"))
    chart.y_axis.numFmt = "#,##0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    _size(chart)
    return chart


def add_all(book: Book, ws: Worksheet) -> None:
    """Place the four charts on the Summary sheet, two by two to the right of the figures."""
    ws.add_chart(roi_by_channel(book), "F6")
    ws.add_chart(cost_mix(book), "N6")
    ws.add_chart(funnel(book), "F24")
    ws.add_chart(value_over_time(book), "N24")
