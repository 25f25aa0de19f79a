"""The Inputs sheet: period, currency, business model, customer economics, hourly rates,
the value assigned to each action and the targets for the period."""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from . import example as ex
from .book import Book
from .styles import (
    COUNT,
    DATE,
    DECIMAL,
    MONEY,
    MONEY2,
    MONEY3,
    MULTIPLE,
    NOTE,
    PCT,
    PCT2,
    header,
    inp,
    put,
    section,
    title,
    widths,
)

FORMATS = {
    "pct": PCT,
    "pct2": PCT2,
    "money": MONEY,
    "money2": MONEY2,
    "decimal": DECIMAL,
    "count": COUNT,
    "multiple": MULTIPLE,
}

#: Defined names of single action values that the Channels sheet uses.
ACTION_NAMES = {
    "Reach": "ValueReach",
    "Impressions": "ValueImpression",
    "Link clicks": "ValueLinkClick",
    "Leads": "ValueLead",
}


def build(book: Book) -> None:
    """Lay out the Inputs sheet and define its named input cells."""
    ws = book.wb.create_sheet("Inputs")
    title(ws, "Inputs", f"Example data: {ex.BRAND}, Q3 2026. Yellow cells with blue text are inputs.")
    widths(ws, A=44, B=22, C=16, D=52)

    section(ws, "A4", "General")
    general = (
        ("Brand", ex.BRAND, "BrandName", None, "Shown on the Summary"),
        ("Period start", ex.PERIOD_START, "PeriodStart", DATE, "First day of the period"),
        ("Period end", ex.PERIOD_END, "PeriodEnd", DATE, "Last day of the period"),
        ("Currency", ex.CURRENCY, "Currency", None,
         "Cost, value and return must all be in this currency; money cells are formatted $"),
        ("Business model", ex.BUSINESS_MODELS[0], "BusinessModel", None,
         "Direct-to-consumer, B2B or Brick-and-mortar: decides which actions matter most"),
        ("Count indirect value in total value?", "Yes", "IncludeIndirect", None,
         "Yes: service costs saved and the follower uplift (Values) count in the ROI"),
    )  # fmt: skip
    row = 5
    for label, value, name, fmt, note in general:
        put(ws, f"A{row}", label)
        inp(ws, f"B{row}", value, fmt)
        put(ws, f"D{row}", note, style=NOTE)
        book.define(name, ws, f"B{row}")
        row += 1
    models = DataValidation(type="list", formula1='"' + ",".join(ex.BUSINESS_MODELS) + '"', allow_blank=True)
    yes_no = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    ws.add_data_validation(models)
    ws.add_data_validation(yes_no)
    models.add("B9")
    put(ws, "D9", '=IF(BusinessModel="","",IF(BusinessModel="B2B","B2B: long funnel; watch demo and trial '
        'requests, MQL to SQL (Pipeline) and assisted conversions",IF(BusinessModel="Brick-and-mortar",'
        '"Brick-and-mortar: sales close offline; reach and impressions are the best online signal",'
        '"Direct-to-consumer: follow the whole journey online; purchases, CPA and ROAS matter most")))', style=NOTE)  # fmt: skip
    yes_no.add("B10")

    section(ws, "A12", "Customer economics")
    row = 13
    for label, value, name, kind, note in ex.CUSTOMER:
        put(ws, f"A{row}", label)
        inp(ws, f"B{row}", value, FORMATS[kind])
        put(ws, f"D{row}", note, style=NOTE)
        book.define(name, ws, f"B{row}")
        row += 1

    section(ws, "A22", "Hourly rates by role (loaded: salary, taxes, overhead)")
    header(ws, 23, 1, ["Role", "Rate per hour"])
    first = 24
    for i, (role, rate) in enumerate(ex.ROLES):
        inp(ws, f"A{first + i}", role)
        inp(ws, f"B{first + i}", rate, MONEY2)
    last = first + len(ex.ROLES) - 1
    book.anchor("roles", ws, f"A{first}:B{last}")

    section(ws, "A31", "Assigned value of each action")
    header(ws, 32, 1, ["Action", "Value of one action", "Kind", "Note"])
    first = 33
    for i, (action, kind, value, note) in enumerate(ex.ACTIONS):
        r = first + i
        put(ws, f"A{r}", action)
        inp(ws, f"B{r}", value, MONEY3)
        put(ws, f"C{r}", kind)
        put(ws, f"D{r}", note, style=NOTE)
        if action in ACTION_NAMES:
            book.define(ACTION_NAMES[action], ws, f"B{r}")
    last = first + len(ex.ACTIONS) - 1
    book.anchor("actions", ws, f"A{first}:B{last}")
    put(ws, f"A{last + 1}", "Micro actions are cheap and plentiful; macro actions are what the "
        "business wants. Purchases are valued as direct sales (Values), so 0 here.", style=NOTE)  # fmt: skip

    section(ws, "A47", "Targets for the period (goals vs actuals on Periods)")
    header(ws, 48, 1, ["Goal", "Target"])
    row = 49
    for label, value, name, kind in ex.TARGETS:
        put(ws, f"A{row}", label)
        inp(ws, f"B{row}", value, FORMATS[kind])
        book.define(name, ws, f"B{row}")
        row += 1
    ws.freeze_panes = "A4"
