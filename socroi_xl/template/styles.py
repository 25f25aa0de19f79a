"""Cell styles and number formats of the template: one input style, used everywhere.

Every cell a person fills in carries the named style ``Input`` (light yellow fill, blue
text); everything else is calculated. Tests and tools find the inputs by that style name.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

INPUT = "Input"
HEADER = "Header"
TITLE = "Title"
SECTION = "Section"
NOTE = "Note"
TOTAL = "Total"
HEADLINE = "Headline"

# Money formats are written in dollars while a sheet is laid out and rewritten for the
# book's currency at the end (money.py): they mark the cells whose format follows it.
MONEY = '"$"#,##0'
MONEY2 = '"$"#,##0.00'
MONEY3 = '"$"#,##0.00##'  # 2 to 4 decimals: small values of one action
MONEY2Z = '"$"#,##0.00;-"$"#,##0.00;;@'  # zero shows blank (a lookup for an empty row)
AMOUNT = "#,##0.00"  # money in the currency of its own row (Campaigns Spend, Revenue)
PCT = "0.0%"
PCT2 = "0.00%"
COUNT = "#,##0"
DECIMAL = "#,##0.0"
DECIMAL2 = "#,##0.00"
MULTIPLE = '0.00"×"'
DATE = "yyyy-mm-dd"
MONTHS = '0.0" months"'
SHARE = "0%"

INPUT_FILL = "FFF2CC"
INPUT_FONT = "0000FF"
ACCENT = "1F4E79"

_thin = Side(style="thin", color="BFBFBF")


def register_styles(wb: Workbook) -> None:
    """Add the template's named styles to ``wb`` (once)."""
    styles = [
        NamedStyle(
            INPUT,
            font=Font(name="Calibri", size=11, color=INPUT_FONT),
            fill=PatternFill("solid", fgColor=INPUT_FILL),
            border=Border(left=_thin, right=_thin, top=_thin, bottom=_thin),
        ),
        NamedStyle(
            HEADER,
            font=Font(name="Calibri", size=11, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor=ACCENT),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(TITLE, font=Font(name="Calibri", size=16, bold=True, color=ACCENT)),
        NamedStyle(
            SECTION,
            font=Font(name="Calibri", size=12, bold=True, color=ACCENT),
            border=Border(bottom=Side(style="medium", color=ACCENT)),
        ),
        NamedStyle(NOTE, font=Font(name="Calibri", size=10, italic=True, color="595959")),
        NamedStyle(
            TOTAL,
            font=Font(name="Calibri", size=11, bold=True),
            border=Border(top=Side(style="thin", color="000000")),
        ),
        NamedStyle(
            HEADLINE,
            font=Font(name="Calibri", size=14, bold=True, color=ACCENT),
            fill=PatternFill("solid", fgColor="DDEBF7"),
        ),
    ]
    for style in styles:
        wb.add_named_style(style)


def put(ws: Worksheet, ref: str, value: Any, fmt: str | None = None, style: str | None = None) -> None:
    """Write ``value`` (a constant or a formula) to ``ref`` with an optional format and style."""
    cell = ws[ref]
    cell.value = value
    if style:
        cell.style = style
    if fmt:
        cell.number_format = fmt


def inp(ws: Worksheet, ref: str, value: Any, fmt: str | None = None) -> None:
    """Write an input cell (the one input style)."""
    put(ws, ref, value, fmt, INPUT)


def header(ws: Worksheet, row: int, col: int, labels: list[str]) -> None:
    """Write a row of column headers starting at (``row``, ``col``)."""
    for i, label in enumerate(labels):
        cell = ws.cell(row=row, column=col + i, value=label)
        cell.style = HEADER
    if any(len(label) > 11 for label in labels[1:]):  # room for a label wrapped on two lines
        ws.row_dimensions[row].height = 30


def title(ws: Worksheet, text: str, note: str | None = None) -> None:
    """The sheet title in A1 and a one-line note under it."""
    put(ws, "A1", text, style=TITLE)
    if note:
        put(ws, "A2", note, style=NOTE)


def section(ws: Worksheet, ref: str, text: str) -> None:
    """A section heading."""
    put(ws, ref, text, style=SECTION)


def widths(ws: Worksheet, **columns: float) -> None:
    """Set column widths, e.g. ``widths(ws, A=30, B=12)``."""
    for letter, width in columns.items():
        ws.column_dimensions[letter].width = width


def landscape(ws: Worksheet, pages_tall: int = 0, paper: int | None = None) -> None:
    """Print landscape, one page wide and ``pages_tall`` pages tall (0: as many as needed);
    the docs' pictures are rendered from these settings."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = paper or ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall


def dropdown(ws: Worksheet, values: tuple[str, ...], ref: str, strict: bool = True) -> None:
    """A drop-down list on ``ref`` (space-separated ranges); ``strict=False`` lets other
    values in (the list is a suggestion)."""
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=strict)
    ws.add_data_validation(dv)
    for part in ref.split():
        dv.add(part)
