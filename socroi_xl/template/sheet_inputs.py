"""The Inputs sheet: period, book currency, business model, customer economics, hourly
rates, the value assigned to each action, the targets, the FX table and the platform ->
channel table; and, calculated from them, the period's length, the previous period and
the other names every sheet uses."""

from __future__ import annotations

from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableStyleInfo

from . import structure as st
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
    dropdown,
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

#: Defined names of single action values (Channels prices its rows with them).
ACTION_NAMES = {
    "Reach": "ValueReach",
    "Impressions": "ValueImpression",
    "Link clicks": "ValueLinkClick",
    "Leads": "ValueLead",
    "Purchases": "ValuePurchase",
}

MONTH_NAMES = ",".join(f'"{m}"' for m in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())

#: Rows of the layout.
GENERAL = 5
PERIOD = 14
CUSTOMER = 32
ROLES = 43
ACTIONS = 55
TARGETS = 71
FX_HEADER = 5
MAP_HEADER = 5


def month_name(d: str) -> str:
    """Formula text: the short English month name of date ``d``."""
    return f"CHOOSE(MONTH({d}),{MONTH_NAMES})"


def months_between(s: str, e: str) -> str:
    """Formula text: calendar months from ``s`` to ``e`` (both days counted), each month
    counting the share of its days inside: a calendar month is 1, July 15 – August 14 is
    17/31 + 14/31, a quarter 3, a year 12."""
    first = f"(EOMONTH({s},0)-{s}+1)/DAY(EOMONTH({s},0))"
    last = f"DAY({e})/DAY(EOMONTH({e},0))"
    between = f"(YEAR({e})*12+MONTH({e}))-(YEAR({s})*12+MONTH({s}))-1"
    same = f"({e}-{s}+1)/DAY(EOMONTH({s},0))"
    return f"IF(YEAR({s})*12+MONTH({s})=YEAR({e})*12+MONTH({e}),{same},{first}+{between}+{last})"


def period_label(s: str, e: str) -> str:
    """Formula text: "Jul 2026", "Q3 2026", "2026", "Jul 2026 – Dec 2026" for whole calendar
    months, else "15 Jul 2026 – 14 Aug 2026"."""
    day = "DAY({d})&\" \"&" + month_name("{d}") + "&\" \"&YEAR({d})"
    mon = month_name("{d}") + "&\" \"&YEAR({d})"
    return (
        f"IF(PeriodWholeMonths,IF(PeriodMonthsSpanned=1,{mon.format(d=s)},"
        f'IF(AND(PeriodMonthsSpanned=3,MOD(MONTH({s}),3)=1),"Q"&INT((MONTH({s})+2)/3)&" "&YEAR({s}),'
        f'IF(AND(PeriodMonthsSpanned=12,MONTH({s})=1),""&YEAR({s}),{mon.format(d=s)}&" – "&{mon.format(d=e)}))),'
        f'{day.format(d=s)}&" – "&{day.format(d=e)})'
    )


def build(book: Book) -> None:
    """Lay out the Inputs sheet and define its named cells."""
    d = book.data
    ws = book.sheet("Inputs")
    note = (
        "Example data: Kettle & Leaf Tea Co., Q3 2026. Yellow cells with blue text are inputs."
        if d.example
        else "Yellow cells with blue text are inputs. Start with the period and the book currency."
    )
    title(ws, "Inputs", note)
    widths(ws, A=44, B=22, C=3, D=54, E=3, F=12, G=10, H=3, I=20, J=13)
    _general(book, ws)
    _period(book, ws)
    _customer(book, ws)
    _roles(book, ws)
    _actions(book, ws)
    _targets(book, ws)
    _fx(book, ws)
    _platforms(book, ws)
    ws.freeze_panes = "A4"


def _general(book: Book, ws) -> None:
    d = book.data
    section(ws, f"A{GENERAL - 1}", "General")
    general = (
        ("Brand", d.brand, "BrandName", None, "Shown on the Summary"),
        ("Period start", d.period_start, "PeriodStart", DATE, "First day of the period (any length: a week, a month, a year…)"),
        ("Period end", d.period_end, "PeriodEnd", DATE, "Last day of the period; Campaigns rows outside it are counted nowhere"),
        ("Book currency (ISO code)", d.currency, "BookCurrency", None,
         "Every money figure is in this currency; rows in another are converted with the FX table →"),
        ("Business model", d.business_model, "BusinessModel", None,
         "Decides what Summary leads with (blank: Direct-to-consumer)"),
        ("Count indirect value in total value?", d.include_indirect, "IncludeIndirect", None,
         "Yes: service costs saved and the follower uplift (Values) count in the ROI"),
        ("Targets below are for one", d.target_basis, "TargetBasis", None,
         "Month, Quarter, Year or Period: targets are pro-rated to the period's length"),
    )  # fmt: skip
    for i, (label, value, name, fmt, text) in enumerate(general):
        r = GENERAL + i
        put(ws, f"A{r}", label)
        inp(ws, f"B{r}", value, fmt)
        put(ws, f"D{r}", text, style=NOTE)
        book.define(name, ws, f"B{r}")
    book.define("Currency", ws, f"B{GENERAL + 3}")  # the name before BookCurrency; kept for scripts
    dropdown(ws, st.BUSINESS_MODELS, f"B{GENERAL + 4}")
    dropdown(ws, ("Yes", "No"), f"B{GENERAL + 5}")
    dropdown(ws, st.TARGET_BASES, f"B{GENERAL + 6}")


def _period(book: Book, ws) -> None:
    section(ws, f"A{PERIOD - 1}", "The period, calculated from the dates above")
    rows = (
        ("Dates set and in order", "PeriodSet", "=AND(ISNUMBER(PeriodStart),ISNUMBER(PeriodEnd),PeriodEnd>=PeriodStart)",
         None, "FALSE: set both dates, the end on or after the start"),
        ("Days in the period", "PeriodDays", "=IF(PeriodSet,PeriodEnd-PeriodStart+1,0)", COUNT, ""),
        ("Calendar months it touches", "PeriodMonthsSpanned",
         "=IF(PeriodSet,(YEAR(PeriodEnd)-YEAR(PeriodStart))*12+MONTH(PeriodEnd)-MONTH(PeriodStart)+1,0)", COUNT, ""),
        ("Whole calendar months?", "PeriodWholeMonths",
         "=IF(PeriodSet,AND(DAY(PeriodStart)=1,PeriodEnd=EOMONTH(PeriodEnd,0)),FALSE)", None,
         "Then the previous period is the same number of calendar months before"),
        ("Months in the period", "PeriodMonths", f"=IF(PeriodSet,{months_between('PeriodStart', 'PeriodEnd')},0)",
         DECIMAL, "Each month counts the share of its days inside: pro-rates monthly costs and targets"),
        ("Period", "PeriodLabel", f'=IF(PeriodSet,{period_label("PeriodStart", "PeriodEnd")},"(no period set)")', None, ""),
        ("Previous period start", "PrevStart",
         '=IF(PeriodSet,IF(PeriodWholeMonths,DATE(YEAR(PeriodStart),MONTH(PeriodStart)-PeriodMonthsSpanned,1),'
         'PeriodStart-PeriodDays),"")', DATE, "The period of the same length just before (shown beside on Summary)"),
        ("Previous period end", "PrevEnd", '=IF(PeriodSet,PeriodStart-1,"")', DATE, ""),
        ("Months in the previous period", "PrevMonths", f"=IF(PeriodSet,{months_between('PrevStart', 'PrevEnd')},0)",
         DECIMAL, ""),
        ("Previous period", "PrevLabel", f'=IF(PeriodSet,{period_label("PrevStart", "PrevEnd")},"")', None, ""),
        ("Periods sheet: one row per", "BucketUnit",
         '=IF(PeriodSet,IF(PeriodDays<=31,"Day",IF(PeriodDays<=217,"Week",IF(PeriodMonthsSpanned<=31,"Month",'
         'IF(PeriodMonthsSpanned<=93,"Quarter","Year")))),"")', None, "Sized so the period fits in 31 rows"),
        ("Business model, as a number", "ModelIndex",
         '=IF(LEFT(BusinessModel,3)="B2B",2,IF(LEFT(BusinessModel,5)="Brick",3,1))', None,
         "1 direct-to-consumer (also when blank), 2 B2B / SaaS, 3 brick-and-mortar"),
        ("Targets × this = targets for the period", "TargetFactor",
         '=IF(TargetBasis="Period",1,IF(TargetBasis="Month",PeriodMonths,IF(TargetBasis="Quarter",PeriodMonths/3,'
         'IF(TargetBasis="Year",PeriodMonths/12,""))))', DECIMAL, "Blank until you say what the targets are for"),
        ("Rows in the period with no FX rate", "FXMissing",
         '=SUMPRODUCT((Campaigns[In period]="Current")*ISNA(Campaigns[FX rate]))', COUNT,
         "Their amounts show #N/A: add the currency to the FX table →"),
    )  # fmt: skip
    for i, (label, name, formula, fmt, text) in enumerate(rows):
        r = PERIOD + i
        put(ws, f"A{r}", label)
        put(ws, f"B{r}", formula, fmt)
        if text:
            put(ws, f"D{r}", text, style=NOTE)
        book.define(name, ws, f"B{r}")
    assert PERIOD + len(rows) < CUSTOMER - 1


def _customer(book: Book, ws) -> None:
    section(ws, f"A{CUSTOMER - 1}", "Customer economics")
    for i, (label, name, kind, text) in enumerate(st.CUSTOMER):
        r = CUSTOMER + i
        put(ws, f"A{r}", label)
        inp(ws, f"B{r}", book.data.customer.get(name), FORMATS[kind])
        put(ws, f"D{r}", text, style=NOTE)
        book.define(name, ws, f"B{r}")


def _roles(book: Book, ws) -> None:
    section(ws, f"A{ROLES - 2}", "Hourly rates by role (loaded: salary, taxes, overhead)")
    header(ws, ROLES - 1, 1, ["Role", "Rate per hour"])
    roles = list(book.data.roles) + [(None, None)] * (st.ROLE_ROWS - len(book.data.roles))
    for i, (role, rate) in enumerate(roles):
        inp(ws, f"A{ROLES + i}", role)
        inp(ws, f"B{ROLES + i}", rate, MONEY2)
    book.anchor("roles", ws, f"A{ROLES}:B{ROLES + st.ROLE_ROWS - 1}")
    put(ws, f"D{ROLES}", "Hours by role and channel are on Costs.", style=NOTE)


def _actions(book: Book, ws) -> None:
    section(ws, f"A{ACTIONS - 2}", "Assigned value of one action")
    header(ws, ACTIONS - 1, 1, ["Action", "Value of one action", "", "Note"])
    notes = {
        "Shares": "Shares signal relevance: worth more than likes",
        "Purchases": "Only purchases on rows without revenue (rows with revenue are priced by it)",
        "Leads": "Sample requests, quote requests",
    }
    for i, (action, kind) in enumerate(st.ACTIONS):
        r = ACTIONS + i
        put(ws, f"A{r}", f"{action} ({kind.lower()})")
        inp(ws, f"B{r}", book.data.action_values.get(action), MONEY3)
        put(ws, f"D{r}", notes.get(action, ""), style=NOTE)
        if action in ACTION_NAMES:
            book.define(ACTION_NAMES[action], ws, f"B{r}")
    last = ACTIONS + len(st.ACTIONS) - 1
    book.anchor("actions", ws, f"B{ACTIONS}:B{last}")
    put(ws, f"A{last + 1}", "Each action is priced once: what led to a purchase is priced by the purchase (Values).",
        style=NOTE)  # fmt: skip


def _targets(book: Book, ws) -> None:
    section(ws, f"A{TARGETS - 2}", "Targets (goals vs actuals on Periods)")
    header(ws, TARGETS - 1, 1, ["Goal", "Target", "", "Note"])
    for i, (label, name, kind, prorated) in enumerate(st.TARGETS):
        r = TARGETS + i
        put(ws, f"A{r}", label)
        inp(ws, f"B{r}", book.data.targets.get(name), FORMATS[kind])
        text = "For one Month / Quarter / Year / Period (above); pro-rated" if prorated else "A ratio: not pro-rated"
        put(ws, f"D{r}", text, style=NOTE)
        book.define(name, ws, f"B{r}")


def _fx(book: Book, ws) -> None:
    section(ws, f"F{FX_HEADER - 1}", "FX rates")
    put(ws, f"F{FX_HEADER - 2}", "Rate = book currency per 1 unit", style=NOTE)
    put(ws, f"F{FX_HEADER}", "Currency")
    put(ws, f"G{FX_HEADER}", "Rate")
    rows = list(book.data.fx) or [(None, None)]  # a table has at least one row
    for i, (code, rate) in enumerate(rows):
        inp(ws, f"F{FX_HEADER + 1 + i}", code)
        inp(ws, f"G{FX_HEADER + 1 + i}", rate, "0.0000")
    ref = f"F{FX_HEADER}:G{FX_HEADER + len(rows)}"
    table = Table(displayName="FX", name="FX", ref=ref)
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=False)
    ws.add_table(table)


def _platforms(book: Book, ws) -> None:
    section(ws, f"I{MAP_HEADER - 1}", "Platform → channel")
    put(ws, f"I{MAP_HEADER - 2}", "Your rows first; others: Other", style=NOTE)
    header(ws, MAP_HEADER, 9, ["Platform", "Channel"])
    first = MAP_HEADER + 1
    user = list(book.data.platform_map) + [(None, None)] * (st.PLATFORM_ROWS - len(book.data.platform_map))
    for i, (platform, channel) in enumerate(user):
        inp(ws, f"I{first + i}", platform)
        inp(ws, f"J{first + i}", channel)
    dropdown(ws, st.CHANNELS, f"J{first}:J{first + st.PLATFORM_ROWS - 1}")
    builtin = first + st.PLATFORM_ROWS
    for i, (platform, channel) in enumerate(st.PLATFORMS):
        put(ws, f"I{builtin + i}", platform)
        put(ws, f"J{builtin + i}", channel)
    last = builtin + len(st.PLATFORMS) - 1
    book.define("PlatformNames", ws, f"I{first}:I{last}")
    book.define("PlatformChannels", ws, f"J{first}:J{last}")
    put(ws, f"I{last + 1}", "Built in (fixed); add yours above.", style=NOTE)
