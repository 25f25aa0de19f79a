"""The Periods sheet: weekly, monthly and quarterly roll-ups of the Campaigns rows by
date (SUMIFS on Campaigns[Date]) and goals vs actuals from the Inputs targets."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .book import Book
from .sheet_inputs import FORMATS
from .styles import (
    COUNT,
    DATE,
    MONEY,
    MONEY2,
    MULTIPLE,
    NOTE,
    PCT,
    TOTAL,
    header,
    put,
    section,
    title,
    widths,
)

WEEKS = 13  # a quarter; the last week runs to the period end
MONTHS = 3
SUMS = (("E", "Spend", MONEY), ("F", "Impressions", COUNT), ("G", "Clicks", COUNT), ("H", "Leads", COUNT),
        ("I", "Conversions", COUNT), ("J", "Revenue", MONEY))  # fmt: skip
COLUMNS = ["Period", "Start", "End", "Week no.", "Spend", "Impressions", "Link clicks", "Leads", "Purchases",
           "Revenue", "ROAS", "CPA"]  # fmt: skip
MONTH_NAMES = ",".join(f'"{m}"' for m in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())


def _rollup(ws: Worksheet, r: int) -> None:
    """Columns E..L of a period row whose start is in B and end in C."""
    for c, column, fmt in SUMS:
        put(ws, f"{c}{r}",
            f'=SUMIFS(Campaigns[{column}],Campaigns[Date],">="&$B{r},Campaigns[Date],"<="&$C{r})', fmt)  # fmt: skip
    put(ws, f"K{r}", f'=IF(E{r}=0,"",SOCROI_ROAS(J{r},E{r}))', MULTIPLE)
    put(ws, f"L{r}", f'=IF(I{r}=0,"",SOCROI_CPA(E{r},I{r}))', MONEY2)


def build(book: Book) -> None:
    """Lay out the Periods sheet."""
    ws = book.wb.create_sheet("Periods")
    title(ws, "Periods", "Report weekly, monthly and quarterly. Spend and revenue include every Campaigns row.")
    widths(ws, A=30, B=12, C=12, D=9, **{c: 13 for c in "EFGHIJKLMN"})

    section(ws, "A4", "Weekly (weeks counted from the period start)")
    header(ws, 5, 1, COLUMNS)
    first = 6
    for k in range(WEEKS):
        r = first + k
        put(ws, f"A{r}", f"Week {k + 1}")
        put(ws, f"B{r}", f"=PeriodStart+{7 * k}", DATE)
        put(ws, f"C{r}", "=PeriodEnd" if k == WEEKS - 1 else f"=MIN(B{r}+6,PeriodEnd)", DATE)
        put(ws, f"D{r}", f"=WEEKNUM(B{r})")
        _rollup(ws, r)
    last = first + WEEKS - 1
    r = last + 1
    put(ws, f"A{r}", "All weeks", style=TOTAL)
    for c, _, fmt in SUMS:
        put(ws, f"{c}{r}", f"=SUM({c}{first}:{c}{last})", fmt, TOTAL)
    book.anchor("weeks", ws, f"A{first}:A{last}")
    book.anchor("weekly_spend", ws, f"E{first - 1}:E{last}")
    book.anchor("weekly_revenue", ws, f"J{first - 1}:J{last}")

    top = r + 2
    section(ws, f"A{top}", "Monthly, with the revenue target spread over the period by days")
    header(ws, top + 1, 1, [*COLUMNS, "Revenue target", "Revenue vs target"])
    for k in range(MONTHS):
        r = top + 2 + k
        put(ws, f"B{r}", f"=MAX(PeriodStart,DATE(YEAR(PeriodStart),MONTH(PeriodStart)+{k},1))", DATE)
        put(ws, f"C{r}", f"=MIN(EOMONTH(B{r},0),PeriodEnd)", DATE)
        put(ws, f"A{r}", f'=CHOOSE(MONTH(B{r}),{MONTH_NAMES})&" "&YEAR(B{r})')
        _rollup(ws, r)
        put(ws, f"M{r}", f"=TargetRevenue*(C{r}-B{r}+1)/(PeriodEnd-PeriodStart+1)", MONEY)
        put(ws, f"N{r}", f'=IF(M{r}=0,"",J{r}/M{r})', PCT)

    top = top + 2 + MONTHS + 1
    section(ws, f"A{top}", "Quarterly")
    header(ws, top + 1, 1, COLUMNS)
    r = top + 2
    put(ws, f"A{r}", '="Q"&ROUNDUP(MONTH(B{r})/3,0)&" "&YEAR(B{r})'.replace("{r}", str(r)))
    put(ws, f"B{r}", "=PeriodStart", DATE)
    put(ws, f"C{r}", "=PeriodEnd", DATE)
    _rollup(ws, r)
    book.define("PeriodLabel", ws, f"A{r}")

    top = r + 2
    section(ws, f"A{top}", "Goals vs actuals for the period")
    header(ws, top + 1, 1, ["Goal", "Target", "Actual", "Difference", "% of target", "Status"])
    goals = (
        ("Direct sales (revenue)", "TargetRevenue", "DirectSales", "money", False),
        ("Purchases", "TargetConversions", "SUM(Campaigns[Conversions])", "count", False),
        ("Leads", "TargetLeads", "SUM(Campaigns[Leads])", "count", False),
        ("Ad spend (paid), within budget", "TargetAdSpend", "AdSpendPaid", "money", True),
        ("New follows", "TargetNewFollows", "NewFollows", "count", False),
        ("ROAS (paid)", "TargetROAS", "Headline_ROAS", "multiple", False),
        ("Social ROI", "TargetROI", "Headline_SocialROI", "pct", False),
    )
    for i, (label, target, actual, kind, budget) in enumerate(goals):
        g = top + 2 + i
        fmt = FORMATS[kind]
        put(ws, f"A{g}", label)
        put(ws, f"B{g}", f"={target}", fmt)
        put(ws, f"C{g}", f"={actual}", fmt)
        put(ws, f"D{g}", f'=IF({target}="","",C{g}-B{g})', fmt)
        put(ws, f"E{g}", f'=IF(OR({target}="",B{g}=0),"",C{g}/B{g})', PCT)
        ok, bad = ("Within budget", "Over budget") if budget else ("Met", "Below target")
        cmp = "<=" if budget else ">="
        put(ws, f"F{g}", f'=IF({target}="","",IF(C{g}{cmp}B{g},"{ok}","{bad}"))')
    put(ws, f"A{top + 2 + len(goals)}", "Set the targets on Inputs; review and reset them each period.", style=NOTE)
    ws.freeze_panes = "B4"
