"""The Periods sheet: how many Campaigns rows fall in the period (and why the others are
left out), roll-ups over buckets sized to the period — days for up to a month, weeks up
to 31 weeks, then months, quarters, years; never past the period's end —, the period
beside the previous one, and goals vs actuals with targets pro-rated to the period."""

from __future__ import annotations

from . import structure as st
from .book import Book
from .sheet_inputs import FORMATS, month_name
from .styles import (
    COUNT,
    DATE,
    MONEY,
    MONEY2,
    MULTIPLE,
    NOTE,
    PCT,
    SECTION,
    TOTAL,
    header,
    put,
    section,
    title,
    widths,
)

STATUS = 6
BUCKETS = 18
COMPARE = BUCKETS + st.BUCKETS + 4
GOALS = COMPARE + 6
SUMS = (("D", "Book spend", MONEY), ("E", "Impressions", COUNT), ("F", "Clicks", COUNT), ("G", "Leads", COUNT),
        ("H", "Conversions", COUNT), ("I", "Book revenue", MONEY))  # fmt: skip
COLUMNS = ["Period", "Start", "End", "Spend", "Impressions", "Link clicks", "Leads", "Purchases", "Revenue", "ROAS", "CPA"]

#: In-period statuses of Campaigns rows and what they mean.
STATUSES: tuple[tuple[str, str], ...] = (
    ("Current", "In the period: counted on every sheet"),
    ("Previous", "In the previous period of the same length: shown beside the current figures on Summary only"),
    ("Before", "Before the previous period: counted nowhere"),
    ("After", "After the period: counted nowhere"),
    ("No date", "The Date is empty or not a date: counted nowhere"),
    ("No type", "The Type is not Paid, Organic or Earned: counted nowhere"),
    ("No period", "The period on Inputs is not set: nothing is counted"),
    ("Not counted", "Counted = No (e.g. GA4 paid-social rows an ad platform's own rows already count): counted nowhere"),
)


def _rollup(ws, r: int, status: str, by_date: bool) -> None:
    """Columns D..K of a row whose start is in B and end in C."""
    dates = f',Campaigns[Date],">="&$B{r},Campaigns[Date],"<"&($C{r}+1)' if by_date else ""
    for c, column, fmt in SUMS:
        f = f'SUMIFS(Campaigns[{column}],Campaigns[In period],"{status}"{dates})'
        put(ws, f"{c}{r}", f'=IF($B{r}="","",{f})' if by_date else "=" + f, fmt)
    put(ws, f"J{r}", f'=IF(OR($B{r}="",D{r}=0),"",SOCROI_ROAS(I{r},D{r}))', MULTIPLE)
    put(ws, f"K{r}", f'=IF(OR($B{r}="",D{r}=0,H{r}=0),"",SOCROI_CPA(D{r},H{r}))', MONEY2)


def build(book: Book) -> None:
    """Lay out the Periods sheet."""
    ws = book.sheet("Periods")
    title(ws, "Periods", "Only Campaigns rows dated in the period (Inputs) count; the table below has one row per "
          "day, week, month, quarter or year, whichever fits the period in 31 rows.")  # fmt: skip
    widths(ws, A=30, B=12, C=12, **{c: 13 for c in "DEFGHIJKLM"}, N=70)

    section(ws, f"A{STATUS - 2}", "Campaigns rows: counted in the period, or left out and why")
    header(ws, STATUS - 1, 1, ["Status (Campaigns › In period)", "Rows", "What it means"])
    for i, (status, text) in enumerate(STATUSES):
        r = STATUS + i
        put(ws, f"A{r}", status)
        put(ws, f"B{r}", f'=COUNTIFS(Campaigns[In period],"{status}")', COUNT)
        put(ws, f"C{r}", text, style=NOTE)
    last = STATUS + len(STATUSES) - 1
    r = last + 1
    put(ws, f"A{r}", "Left out of the period's figures", style=TOTAL)
    put(ws, f"B{r}", f"=SUM(B{STATUS + 1}:B{last})", COUNT, TOTAL)
    book.define("RowsCounted", ws, f"B{STATUS}")
    book.define("RowsPrevious", ws, f"B{STATUS + 1}")
    book.define("RowsNotCounted", ws, f"B{last}")
    book.define("RowsLeftOut", ws, f"B{r}")

    b0, b1 = BUCKETS, BUCKETS + st.BUCKETS - 1
    put(ws, f"A{b0 - 2}", '=IF(PeriodSet,"One row per "&LOWER(BucketUnit)&" of "&PeriodLabel,"Set the period on Inputs")',
        style=SECTION)  # fmt: skip
    header(ws, b0 - 1, 1, [*COLUMNS, "Revenue target", "Revenue vs target"])
    unit_end = ('IF(BucketUnit="Day",{b},IF(BucketUnit="Week",{b}+6,IF(BucketUnit="Month",EOMONTH({b},0),'
                'IF(BucketUnit="Quarter",EOMONTH({b},MOD(12-MONTH({b}),3)),DATE(YEAR({b}),12,31)))))')  # fmt: skip
    for k in range(st.BUCKETS):
        r = b0 + k
        b = f"B{r}"
        if k == 0:
            put(ws, b, '=IF(PeriodSet,PeriodStart,"")', DATE)
        else:
            put(ws, b, f'=IF(C{r - 1}="","",IF(C{r - 1}>=PeriodEnd,"",C{r - 1}+1))', DATE)
        put(ws, f"C{r}", f'=IF({b}="","",MIN(PeriodEnd,{unit_end.format(b=b)}))', DATE)
        label = (f'IF(BucketUnit="Day",DAY({b})&" "&{month_name(b)},IF(BucketUnit="Week","Week {k + 1}",'
                 f'IF(BucketUnit="Month",{month_name(b)}&" "&YEAR({b}),IF(BucketUnit="Quarter",'
                 f'"Q"&INT((MONTH({b})+2)/3)&" "&YEAR({b}),""&YEAR({b})))))')  # fmt: skip
        put(ws, f"A{r}", f'=IF({b}="","",{label})')
        _rollup(ws, r, "Current", by_date=True)
        put(ws, f"L{r}", f'=IF(OR({b}="",NOT(ISNUMBER(TargetRevenuePeriod))),"",TargetRevenuePeriod*(C{r}-{b}+1)/PeriodDays)',
            MONEY)  # fmt: skip
        put(ws, f"M{r}", f'=IF(OR(L{r}="",L{r}=0),"",I{r}/L{r})', PCT)
    r = b1 + 1
    put(ws, f"A{r}", "All rows", style=TOTAL)
    for c, _, fmt in SUMS:
        put(ws, f"{c}{r}", f"=SUM({c}{b0}:{c}{b1})", fmt, TOTAL)
    put(ws, f"A{r + 1}", "Check: all rows − the period below (0 unless the period needs more than 31 rows)", style=NOTE)
    put(ws, f"D{r + 1}", f"=ROUND(D{r}-D{COMPARE},2)", MONEY2, NOTE)
    book.anchor("buckets", ws, f"A{b0}:A{b1}")
    book.anchor("bucket_spend", ws, f"D{b0 - 1}:D{b1}")
    book.anchor("bucket_revenue", ws, f"I{b0 - 1}:I{b1}")

    section(ws, f"A{COMPARE - 2}", "The period and the previous period of the same length")
    header(ws, COMPARE - 1, 1, COLUMNS)
    put(ws, f"A{COMPARE}", "=PeriodLabel")
    put(ws, f"B{COMPARE}", '=IF(PeriodSet,PeriodStart,"")', DATE)
    put(ws, f"C{COMPARE}", '=IF(PeriodSet,PeriodEnd,"")', DATE)
    _rollup(ws, COMPARE, "Current", by_date=False)
    put(ws, f"A{COMPARE + 1}", '=IF(PeriodSet,"Previous: "&PrevLabel,"Previous period")')
    put(ws, f"B{COMPARE + 1}", "=PrevStart", DATE)
    put(ws, f"C{COMPARE + 1}", "=PrevEnd", DATE)
    _rollup(ws, COMPARE + 1, "Previous", by_date=False)

    g0 = GOALS
    section(ws, f"A{g0 - 2}", "Goals vs actuals for the period (targets from Inputs, pro-rated by Inputs › Targets … for one)")
    header(ws, g0 - 1, 1, ["Goal", "Target (Inputs)", "For the period", "Actual", "Difference", "% of target", "Status"])
    actuals = {
        "TargetRevenue": "DirectSales",
        "TargetConversions": 'SUMIFS(Campaigns[Conversions],Campaigns[In period],"Current")',
        "TargetLeads": 'SUMIFS(Campaigns[Leads],Campaigns[In period],"Current")',
        "TargetAdSpend": "AdSpendPaid",
        "TargetNewFollows": "NewFollows",
        "TargetROAS": "Headline_ROAS",
        "TargetROI": "Headline_SocialROI",
    }
    for i, (label, name, kind, prorated) in enumerate(st.TARGETS):
        g = g0 + i
        fmt = FORMATS[kind]
        put(ws, f"A{g}", label)
        put(ws, f"B{g}", f'=IF({name}="","",{name})', fmt)
        if prorated:
            put(ws, f"C{g}", f'=IF(OR({name}="",TargetFactor=""),"",{name}*TargetFactor)', fmt)
        else:
            put(ws, f"C{g}", f"=B{g}", fmt)
        put(ws, f"D{g}", f"={actuals[name]}", fmt)
        # the actual may be a SOCROI result: tested with ISNUMBER (an error is text in classic xlwings)
        both = f"AND(ISNUMBER(C{g}),ISNUMBER(D{g}))"
        put(ws, f"E{g}", f'=IF({both},D{g}-C{g},"–")', fmt)
        put(ws, f"F{g}", f'=IF({both},IF(C{g}=0,"",D{g}/C{g}),"–")', PCT)
        ok, bad, cmp = ("Within budget", "Over budget", "<=") if name == "TargetAdSpend" else ("Met", "Below target", ">=")
        put(ws, f"G{g}", f'=IF(NOT(ISNUMBER(C{g})),IF(B{g}="","No target","Say what targets are for (Inputs)"),'
            f'IF(NOT(ISNUMBER(D{g})),"–",IF(D{g}{cmp}C{g},"{ok}","{bad}")))')  # fmt: skip
        if name == "TargetRevenue":
            book.define("TargetRevenuePeriod", ws, f"C{g}")
    put(ws, f"A{g0 + len(st.TARGETS)}", "Set the targets on Inputs; review and reset them each period.", style=NOTE)
    ws.freeze_panes = "B4"
