"""The Campaigns sheet: the Excel table ``Campaigns``, one row per campaign, ad or day.

Its fifteen input columns, found by header text by the importers (the contract), are
:data:`~.example.CAMPAIGN_COLUMNS`: Date, Platform, Type, Campaign, Currency, Spend,
Impressions, Reach, Clicks, Engagements, Leads, Conversions, Revenue, Source, Counted.
The formula columns after them, written as structured references, decide for every row

* its **Channel** (the platform through the platform -> channel table on Inputs),
* whether it is **In period** (``Current``, ``Previous`` — the period of the same length
  just before —, ``Before``, ``After``, ``Not counted`` when Counted is No, ``No date``,
  ``No type``, ``No period``; blank for an empty row): every other sheet counts only
  ``Current`` rows, and Summary says how many were left out,
* its **FX rate** to the book currency (1 when Currency is blank or the book's; ``#N/A``
  when the FX table has no positive rate for it, so an amount is never left unconverted),
* Spend and Revenue in the book currency, and the row's CPM, CPC, CTR, CPA, conversion
  rate, ROAS and engagement rate.
"""

from __future__ import annotations

from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo

from ..xl.refs import col_letters
from . import structure as st
from .book import Book
from .example import CAMPAIGN_COLUMNS
from .styles import AMOUNT, COUNT, DATE, MONEY2, MULTIPLE, PCT2, dropdown, inp, put, title, widths

TABLE = "Campaigns"
HEADER_ROW = 3

# an empty row: no date, platform, type, spend or revenue (tested on columns the other
# formulas read anyway; a range over the whole row would make the engine evaluate the
# column cell by cell and read Campaign and Source too)
_EMPTY = 'AND({Date}="",{Platform}="",{Type}="",{Spend}="",{Revenue}="")'
_FX = "INDEX(FX[Rate],MATCH({Currency},FX[Currency],0))"
_MAPPED = "INDEX(PlatformChannels,MATCH({Platform},PlatformNames,0))"

#: Formula columns: (header, formula with ``{Column}`` for this row's cell, number format).
#: A rate whose base is zero for the row (no spend, no clicks...) is blank: the metric
#: does not apply to that row. Anything else wrong (text, a missing FX rate) shows Excel's error.
FORMULA_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("Channel",
     f'IF({_EMPTY},"",IF({{Platform}}="","Other",IF(ISNUMBER(MATCH({{Platform}},PlatformNames,0)),'
     f'IF(ISNUMBER(MATCH({_MAPPED},ChannelNames,0)),{_MAPPED},"Other"),"Other")))', None),
    ("In period",
     f'IF({_EMPTY},"",IF({{Counted}}="No","Not counted",IF(NOT(ISNUMBER({{Date}})),"No date",'
     'IF(AND({Type}<>"Paid",{Type}<>"Organic",{Type}<>"Earned"),"No type",IF(NOT(PeriodSet),"No period",'
     'IF({Date}<PrevStart,"Before",IF({Date}<PeriodStart,"Previous",IF({Date}>=PeriodEnd+1,"After","Current"))))))))',
     None),
    ("FX rate",
     f'IF(OR({{Currency}}="",{{Currency}}=BookCurrency),1,IF(ISNUMBER(MATCH({{Currency}},FX[Currency],0)),'
     f"IF(AND(ISNUMBER({_FX}),{_FX}>0),{_FX},NA()),NA()))", "0.0000"),
    ("Book spend", "{Spend}*{FX rate}", MONEY2),
    ("Book revenue", "{Revenue}*{FX rate}", MONEY2),
    ("CPM", 'IF(OR({Book spend}=0,{Impressions}=0),"",SOCROI_CPM({Book spend},{Impressions}))', MONEY2),
    ("CPC", 'IF(OR({Book spend}=0,{Clicks}=0),"",SOCROI_CPC({Book spend},{Clicks}))', MONEY2),
    ("CTR", 'IF({Impressions}=0,"",SOCROI_CTR({Clicks},{Impressions}))', PCT2),
    ("CPA", 'IF(OR({Book spend}=0,{Conversions}=0),"",SOCROI_CPA({Book spend},{Conversions}))', MONEY2),
    ("Conv. rate", 'IF({Clicks}=0,"",SOCROI_CONV_RATE({Conversions},{Clicks}))', PCT2),
    ("ROAS", 'IF({Book spend}=0,"",SOCROI_ROAS({Book revenue},{Book spend}))', MULTIPLE),
    ("Engagement rate", 'IF({Reach}=0,"",SOCROI_ENGAGEMENT_RATE({Engagements},{Reach}))', PCT2),
)  # fmt: skip
HEADERS: tuple[str, ...] = (*CAMPAIGN_COLUMNS, *(h for h, _, _ in FORMULA_COLUMNS))
NUMBER_COLUMNS = ("Impressions", "Reach", "Clicks", "Engagements", "Leads", "Conversions")
INPUT_FORMATS = {"Date": DATE, "Spend": AMOUNT, "Revenue": AMOUNT, **{c: COUNT for c in NUMBER_COLUMNS}}


def file_formula(formula: str) -> str:
    """A formula with ``{Col}`` written the way Excel stores it in the file:
    ``Campaigns[[#This Row],[Col]]`` (Excel shows it as ``[@Col]``)."""
    out = formula
    for name in HEADERS:
        out = out.replace("{" + name + "}", f"{TABLE}[[#This Row],[{name}]]")
    assert "{" not in out, out
    return out


def build(book: Book) -> None:
    """Lay out the Campaigns sheet and its table."""
    ws = book.sheet("Campaigns")
    example = book.data.example
    title(ws, "Campaigns (example data)" if example else "Campaigns",
          "One row per campaign, ad or day; `socroi import` adds platform exports. Currency blank = the book's; "
          "Counted No = left out (a duplicate). The columns after Counted are formulas.")  # fmt: skip
    rows = book.data.campaign_rows()
    n = max(len(rows), 1)  # an Excel table has at least one row: the blank book's is empty
    first, last = HEADER_ROW + 1, HEADER_ROW + n
    for j, name in enumerate(HEADERS):
        ws.cell(row=HEADER_ROW, column=j + 1, value=name)
    for j, name in enumerate(CAMPAIGN_COLUMNS):
        letter = col_letters(j + 1)
        values = rows[name].tolist() if len(rows) else [None]
        for i, value in enumerate(values):
            inp(ws, f"{letter}{first + i}", None if value is None or value != value else value, INPUT_FORMATS.get(name))
    formulas = []
    for k, (_name, formula, fmt) in enumerate(FORMULA_COLUMNS):
        letter = col_letters(len(CAMPAIGN_COLUMNS) + k + 1)
        text = file_formula(formula)
        for r in range(first, last + 1):
            put(ws, f"{letter}{r}", "=" + text, fmt)
        formulas.append(text)
    ref = f"A{HEADER_ROW}:{col_letters(len(HEADERS))}{last}"
    table = Table(displayName=TABLE, name=TABLE, ref=ref)
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    for j, name in enumerate(HEADERS):
        column = TableColumn(id=j + 1, name=name)
        k = j - len(CAMPAIGN_COLUMNS)
        if k >= 0:  # Excel carries this formula into rows added to the table
            column.calculatedColumnFormula = TableFormula(attr_text=formulas[k])
        table.tableColumns.append(column)
    ws.add_table(table)

    col = {name: col_letters(j + 1) for j, name in enumerate(HEADERS)}
    dropdown(ws, st.TYPES, f"{col['Type']}{first}:{col['Type']}{last}")
    dropdown(ws, ("Yes", "No"), f"{col['Counted']}{first}:{col['Counted']}{last}")
    dropdown(ws, tuple(p for p, _ in st.PLATFORMS), f"{col['Platform']}{first}:{col['Platform']}{last}", strict=False)
    ws.freeze_panes = f"E{first}"
    widths(ws, A=11, B=11, C=9, D=30, E=9, **{col_letters(j): 11 for j in range(6, len(HEADERS) + 1)})
    book.anchor("campaign_rows", ws, f"A{first}:{col_letters(len(HEADERS))}{last}")
