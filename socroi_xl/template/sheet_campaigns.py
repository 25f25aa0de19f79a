"""The Campaigns sheet: the Excel table ``Campaigns``, one row per campaign, ad or day,
with seven formula columns written as structured references."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo

from . import example as ex
from .book import Book
from .styles import COUNT, DATE, MONEY2, MULTIPLE, PCT2, inp, title, widths

TABLE = "Campaigns"
HEADER_ROW = 3

#: Formula columns: (header, formula with [@Column] placeholders, number format).
#: A rate whose base is zero for the row (no spend, no clicks...) is blank: the metric
#: does not apply to that row. Anything else wrong (text, negative) shows Excel's error.
FORMULA_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("CPM", 'IF([@Impressions]=0,"",SOCROI_CPM([@Spend],[@Impressions]))', MONEY2),
    ("CPC", 'IF([@Clicks]=0,"",SOCROI_CPC([@Spend],[@Clicks]))', MONEY2),
    ("CTR", 'IF([@Impressions]=0,"",SOCROI_CTR([@Clicks],[@Impressions]))', PCT2),
    ("CPA", 'IF([@Conversions]=0,"",SOCROI_CPA([@Spend],[@Conversions]))', MONEY2),
    ("Conv. rate", 'IF([@Clicks]=0,"",SOCROI_CONV_RATE([@Conversions],[@Clicks]))', PCT2),
    ("ROAS", 'IF([@Spend]=0,"",SOCROI_ROAS([@Revenue],[@Spend]))', MULTIPLE),
    ("Engagement rate", 'IF([@Reach]=0,"",SOCROI_ENGAGEMENT_RATE([@Engagements],[@Reach]))', PCT2),
)
HEADERS: tuple[str, ...] = (*ex.CAMPAIGN_COLUMNS, *(h for h, _, _ in FORMULA_COLUMNS))
INPUT_FORMATS = {"Date": DATE, "Spend": MONEY2, "Revenue": MONEY2}


def file_formula(formula: str) -> str:
    """A formula with ``[@Col]`` written the way Excel stores it in the file:
    ``Campaigns[[#This Row],[Col]]`` (the ``@`` form is only Excel's display)."""
    out = formula
    for name in HEADERS:
        out = out.replace(f"[@{name}]", f"{TABLE}[[#This Row],[{name}]]")
    return out


def build(book: Book) -> None:
    """Lay out the Campaigns sheet and its table."""
    ws = book.wb.create_sheet("Campaigns")
    title(ws, "Campaigns (example data)",
          "One row per campaign, ad or day. Paste your own rows into the table: the grey formula "
          "columns fill themselves in.")  # fmt: skip
    rows = ex.campaign_rows()
    n = len(rows)
    first, last = HEADER_ROW + 1, HEADER_ROW + n
    for j, name in enumerate(HEADERS):
        ws.cell(row=HEADER_ROW, column=j + 1, value=name)
    for j, name in enumerate(ex.CAMPAIGN_COLUMNS):
        letter = get_column_letter(j + 1)
        fmt = INPUT_FORMATS.get(name, COUNT if j >= 5 else None)
        for i, value in enumerate(rows[name].tolist()):
            inp(ws, f"{letter}{first + i}", value, fmt)
    formulas = []
    for k, (_name, formula, fmt) in enumerate(FORMULA_COLUMNS):
        letter = get_column_letter(len(ex.CAMPAIGN_COLUMNS) + k + 1)
        text = "=" + file_formula(formula)
        for r in range(first, last + 1):
            cell = ws[f"{letter}{r}"]
            cell.value = text
            cell.number_format = fmt
        formulas.append(file_formula(formula))
    ref = f"A{HEADER_ROW}:{get_column_letter(len(HEADERS))}{last}"
    table = Table(displayName=TABLE, name=TABLE, ref=ref)
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    for j, name in enumerate(HEADERS):
        column = TableColumn(id=j + 1, name=name)
        k = j - len(ex.CAMPAIGN_COLUMNS)
        if k >= 0:  # Excel carries this formula into rows added to the table
            column.calculatedColumnFormula = TableFormula(attr_text=formulas[k])
        table.tableColumns.append(column)
    ws.add_table(table)

    types = DataValidation(type="list", formula1='"' + ",".join(ex.TYPES) + '"', allow_blank=True)
    platforms = DataValidation(type="list", formula1='"' + ",".join(ex.PLATFORMS) + '"', allow_blank=True)
    ws.add_data_validation(types)
    ws.add_data_validation(platforms)
    types.add(f"C{first}:C{last}")
    platforms.add(f"B{first}:B{last}")
    ws.freeze_panes = f"E{first}"
    widths(ws, A=12, B=11, C=9, D=30, **{get_column_letter(j): 12 for j in range(5, len(HEADERS) + 1)})
    book.anchor("campaign_rows", ws, f"A{first}:{get_column_letter(len(HEADERS))}{last}")
