"""The Summary sheet (the first after Start): what the book says, for the period and the
previous period of the same length.

* The leading figures change with the business model (Inputs): a direct-to-consumer shop
  leads with sales, ROAS and CPA, a B2B / SaaS business with leads, SQL and pipeline
  value, a brick-and-mortar brand with reach, impressions and CPM (METHOD.md §3).
* Every headline figure is a workbook-level name ``Headline_<Name>`` (the contract
  ``socroi recalc`` reports); the previous period's are ``Headline_Previous<Name>``.
* A figure that cannot be computed yet shows "–" and its note says what is missing; the
  B2B pipeline lines are blank unless the model is B2B or the Pipeline has data.
* The previous period's social ROI, cost and value come from the rows dated in it, the
  monthly costs × its months and the previous-period amounts entered on Costs and Values;
  when one is missing the figure is "–" and the note names it (never a lower cost).
* Paid, organic and earned are measured apart, then together: cost by the shares on
  Costs, value by type (Values); their sum is the total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font

from . import charts
from . import structure as st
from .book import Book
from .sheet_costs import SPEND_FIRST
from .styles import (
    COUNT,
    DECIMAL,
    HEADLINE,
    MONEY,
    MONEY2,
    MONTHS,
    MULTIPLE,
    NOTE,
    PCT,
    PCT2,
    SECTION,
    TOTAL,
    header,
    put,
    section,
    title,
    widths,
)

Ref = Callable[[str], str]
DASH = "–"
SHOW_PIPELINE = "OR(ModelIndex=2,PipelineHasData)"


def _all(column: str, status: str, kind: str | None = None) -> str:
    """SUMIFS of a Campaigns column over the rows of one period (and one type)."""
    by_type = f',Campaigns[Type],"{kind}"' if kind else ""
    return f'SUMIFS(Campaigns[{column}]{by_type},Campaigns[In period],"{status}")'


def _paid(column: str, status: str) -> str:
    return _all(column, status, "Paid")


@dataclass(frozen=True)
class Line:
    """One figure: its name, label, formula for a period (status ``Current`` or
    ``Previous``, and a function giving the cell of another line in the same column), and
    what to show when it cannot be computed."""

    section: str
    name: str
    label: str
    formula: Callable[[str, Ref], str]
    fmt: str
    note: str
    previous: bool | str = True  # True: the formula for "Previous"; "–": not in this book; False: blank
    missing: Callable[[Ref], str] | None = None  # condition under which the figure is "–"
    why: str = ""
    show: str | None = None
    prev_why: Callable[[Ref], str] | None = None  # text (formula) saying why the previous figure is "–"


def _f(text: str) -> Callable[[str, Ref], str]:
    return lambda status, ref: text


def _by_period(current: str, previous: str) -> Callable[[str, Ref], str]:
    return lambda status, ref: current if status == "Current" else previous


def _roi(s: str, r: Ref) -> str:
    cost, value = r("TotalCost"), r("TotalValue")
    if s == "Current":
        return f'=IF({cost}=0,"{DASH}",SOCROI({value},{cost}))'
    # the previous period's cost or value may be "–" (something missing): so is the ROI;
    # an error of either still shows
    return (f'=IF(AND(ISNUMBER({cost}),ISNUMBER({value})),IF({cost}=0,"{DASH}",SOCROI({value},{cost})),'
            f'IF(OR({cost}="{DASH}",{value}="{DASH}"),"{DASH}",{cost}+{value}))')  # fmt: skip


def _total_value(s: str, r: Ref) -> str:
    parts = [r(n) for n in ("DirectSales", "ActionValue", "PPCValue", "IndirectValue")]
    total = "+".join(parts)
    if s == "Current":
        return "=" + total
    # "–" when a part is "–", or when no Campaigns row is dated in the previous period (its
    # exports not imported: a value of the inputs alone would look like a collapse)
    numbers = ",".join(f"ISNUMBER({p})" for p in parts)
    dashes = ",".join(f'{p}="{DASH}"' for p in parts)
    return f'=IF(AND({numbers}),IF(RowsPrevious=0,"{DASH}",{total}),IF(OR({dashes}),"{DASH}",{total}))'


LINES: tuple[Line, ...] = (
    Line("Return", "SocialROI", "Social ROI", _roi, PCT,
         "(total value − total cost) / total cost", True, lambda r: f"{r('TotalCost')}=0",
         "no cost in the period yet: enter costs (Costs) or campaign rows",
         prev_why=lambda r: f'IF(AND(ISNUMBER({r("TotalCost")}),ISNUMBER({r("TotalValue")})),'
         '"no cost in the previous period","its cost or value is incomplete")'),
    Line("", "TotalCost", "Total cost", _by_period("=TotalCost", "=PrevTotalCost"), MONEY,
         "Staff time, tools, content, refunds, research, training (Costs) + campaign spend",
         prev_why=lambda r: '"no previous amount for "&PrevCostMissing&" (Costs, column V)"'),
    Line("", "TotalValue", "Total value", _total_value, MONEY,
         "Direct sales + action value + PPC-equivalent + indirect: each counted once (Values)",
         prev_why=lambda r: 'IF(RowsPrevious=0,"no Campaigns rows dated in it","a part is incomplete (below)")'),
    Line("", "DirectSales", "   Direct sales",
         lambda s, r: "=DirectSales" if s == "Current" else "=" + _all("Book revenue", s), MONEY,
         "Revenue of the Campaigns rows in the period"),
    Line("", "ActionValue", "   Action value",
         _by_period("=ActionValue", "=PrevActionValue"), MONEY,
         "Actions not already priced as revenue × assigned value (Values)",
         prev_why=lambda r: '"no previous count of "&PrevActionMissing'),
    Line("", "PPCValue", "   PPC-equivalent value",
         _by_period("=PPCValue", "=PrevPPCValue"), MONEY,
         "Organic social visits × published CPC (Values)",
         prev_why=lambda r: '"no previous visits by keyword (Values)"'),
    Line("", "IndirectValue", "   Indirect value counted",
         _by_period('=IF(IncludeIndirect="Yes",IndirectValue,0)',
                    '=IF(IncludeIndirect="Yes",PrevIndirectValue,0)'),
         MONEY, "Service costs saved + follower uplift, if Inputs says Yes",
         prev_why=lambda r: '"no previous "&PrevIndirectMissing&" (Values, column Q)"'),
    Line("Paid media: over the Paid rows' campaign spend", "AdSpend", "Ad spend (paid)",
         lambda s, r: "=AdSpendPaid" if s == "Current" else "=" + _paid("Book spend", s), MONEY,
         "Campaign spend of the Paid rows, in the book currency"),
    Line("", "ROAS", "ROAS (paid)",
         lambda s, r: f'=IF({r("AdSpend")}=0,"{DASH}",SOCROI_ROAS({_paid("Book revenue", s)},{r("AdSpend")}))',
         MULTIPLE, "Revenue ÷ spend", missing=lambda r: f"{r('AdSpend')}=0", why="no ad spend in the period"),
    Line("", "CPM", "CPM (paid)",
         lambda s, r: f'=IF(OR({r("AdSpend")}=0,{_paid("Impressions", s)}=0),"{DASH}",'
         f'SOCROI_CPM({r("AdSpend")},{_paid("Impressions", s)}))', MONEY2, "Spend ÷ impressions × 1,000",
         missing=lambda r: f"{r('AdSpend')}=0", why="no ad spend in the period"),
    Line("", "CPC", "CPC (paid)",
         lambda s, r: f'=IF(OR({r("AdSpend")}=0,{_paid("Clicks", s)}=0),"{DASH}",'
         f'SOCROI_CPC({r("AdSpend")},{_paid("Clicks", s)}))', MONEY2, "Spend ÷ link clicks",
         missing=lambda r: f"{r('AdSpend')}=0", why="no ad spend in the period"),
    Line("", "CPA", "CPA (paid)",
         lambda s, r: f'=IF(OR({r("AdSpend")}=0,{_paid("Conversions", s)}=0),"{DASH}",'
         f'SOCROI_CPA({r("AdSpend")},{_paid("Conversions", s)}))', MONEY2, "Spend ÷ purchases",
         missing=lambda r: f"{r('AdSpend')}=0", why="no ad spend in the period"),
    Line("", "CTR", "CTR (paid)",
         lambda s, r: f'=IF({_paid("Impressions", s)}=0,"{DASH}",SOCROI_CTR({_paid("Clicks", s)},'
         f'{_paid("Impressions", s)}))', PCT2, "Link clicks ÷ impressions",
         missing=lambda r: _paid("Impressions", "Current") + "=0", why="no paid impressions in the period"),
    Line("", "CostPerLead", "Cost per lead (paid)",
         lambda s, r: f'=IF(OR({r("AdSpend")}=0,{_paid("Leads", s)}=0),"{DASH}",'
         f'SOCROI_CPA({r("AdSpend")},{_paid("Leads", s)}))', MONEY2, "Spend ÷ leads",
         missing=lambda r: f"OR({r('AdSpend')}=0,{_paid('Leads', 'Current')}=0)", why="no ad spend or no paid leads"),
    Line("Audience and actions: all social", "Reach", "Reach", lambda s, r: "=" + _all("Reach", s), COUNT,
         "People reached (summed over rows)"),
    Line("", "Impressions", "Impressions", lambda s, r: "=" + _all("Impressions", s), COUNT, "Times shown"),
    Line("", "EngagementRate", "Engagement rate (of reach)",
         lambda s, r: f'=IF({r("Reach")}=0,"{DASH}",SOCROI_ENGAGEMENT_RATE({_all("Engagements", s)},{r("Reach")}))',
         PCT2, "Engagements ÷ reach", missing=lambda r: f"{r('Reach')}=0", why="no reach in the period"),
    Line("", "Leads", "Leads", lambda s, r: "=" + _all("Leads", s), COUNT, "Leads of the Campaigns rows"),
    Line("", "Purchases", "Purchases", lambda s, r: "=" + _all("Conversions", s), COUNT, "Conversions of the Campaigns rows"),
    Line("", "ConversionRate", "Conversion rate (of link clicks)",
         lambda s, r: f'=IF({_all("Clicks", s)}=0,"{DASH}",SOCROI_CONV_RATE({r("Purchases")},{_all("Clicks", s)}))',
         PCT2, "Purchases ÷ link clicks", missing=lambda r: _all("Clicks", "Current") + "=0",
         why="no link clicks in the period"),
    Line("", "FollowerGrowth", "Follower growth",
         _f(f'=IF(FollowersAtStart=0,"{DASH}",FollowerGrowth)'), PCT, "All platforms (Values)", DASH,
         lambda r: "FollowersAtStart=0", "no follower counts (Values)"),
    Line("Customer value", "CLV", "Customer lifetime value (margin)",
         _f(f'=IF(OR(AvgOrderValue="",PurchasesPerYear="",CustomerYears="",GrossMargin=""),"{DASH}",'
            "SOCROI_CLV(AvgOrderValue,PurchasesPerYear,CustomerYears,GrossMargin))"), MONEY,
         "AOV × purchases/year × years × margin", False,
         lambda r: 'OR(AvgOrderValue="",PurchasesPerYear="",CustomerYears="",GrossMargin="")',
         "needs order value, purchases per year, lifetime and margin (Inputs)"),
    Line("", "CLVRetention", "Lifetime value from retention",
         _f(f'=IF(OR(AvgOrderValue="",PurchasesPerYear="",GrossMargin="",RetentionRate="",DiscountRate=""),"{DASH}",'
            "SOCROI_CLV_RETENTION(AvgOrderValue*PurchasesPerYear*GrossMargin,RetentionRate,DiscountRate))"), MONEY,
         "Yearly margin × r / (1 + i − r)", False,
         lambda r: 'OR(AvgOrderValue="",PurchasesPerYear="",GrossMargin="",RetentionRate="",DiscountRate="")',
         "needs order value, purchases per year, margin, retention and discount rate (Inputs)"),
    Line("", "BreakevenCPA", "Break-even CPA",
         _f(f'=IF(OR(AvgOrderValue="",GrossMargin=""),"{DASH}",SOCROI_BREAKEVEN_CPA(AvgOrderValue,GrossMargin))'),
         MONEY2, "Most one may pay for a first sale", False, lambda r: 'OR(AvgOrderValue="",GrossMargin="")',
         "needs order value and margin (Inputs)"),
    Line("", "BreakevenROAS", "Break-even ROAS",
         _f(f'=IF(GrossMargin="","{DASH}",SOCROI_BREAKEVEN_ROAS(GrossMargin))'), MULTIPLE,
         "Below it, ads lose money", False, lambda r: 'GrossMargin=""', "needs the margin (Inputs)"),
    Line("", "BreakevenCPC", "Break-even CPC",
         _f(f'=IF(OR(AvgOrderValue="",GrossMargin="",LandingConvRate=""),"{DASH}",'
            "SOCROI_BREAKEVEN_CPC(AvgOrderValue,GrossMargin,LandingConvRate))"), MONEY2,
         "AOV × margin × landing-page conversion rate", False,
         lambda r: 'OR(AvgOrderValue="",GrossMargin="",LandingConvRate="")',
         "needs order value, margin and landing-page conversion rate (Inputs)"),
    Line("", "PaybackMonths", "Payback of the paid CPA",
         lambda s, r: f'=IF(OR(NOT(ISNUMBER({r("CPA")})),AvgOrderValue="",PurchasesPerYear="",GrossMargin=""),'
         f'"{DASH}",SOCROI_PAYBACK({r("CPA")},AvgOrderValue*PurchasesPerYear/12,GrossMargin))', MONTHS,
         "Months of a customer's margin to earn back the CPA", False,
         lambda r: f'OR(NOT(ISNUMBER({r("CPA")})),AvgOrderValue="",PurchasesPerYear="",GrossMargin="")',
         "needs a paid CPA and order value, purchases per year, margin"),
    Line("B2B pipeline", "MQL", "MQL", _f("=PipelineMQL"), COUNT, "Marketing-qualified leads from social", False,
         show=SHOW_PIPELINE),
    Line("", "SQL", "SQL", _f("=PipelineSQL"), COUNT, "Sales-qualified leads", False, show=SHOW_PIPELINE),
    Line("", "Opportunities", "Opportunities", _f("=PipelineOpportunities"), COUNT, "", False, show=SHOW_PIPELINE),
    Line("", "WonDeals", "Won deals", _f("=PipelineWon"), COUNT, "", False, show=SHOW_PIPELINE),
    Line("", "PipelineValue", "Pipeline value", _f("=PipelineValue"), MONEY, "Opportunities × average deal value",
         False, show=SHOW_PIPELINE),
    Line("", "WonRevenue", "Won revenue", _f("=PipelineWonRevenue"), MONEY, "Reported beside the ROI, not added to it",
         False, show=SHOW_PIPELINE),
    Line("", "CostPerSQL", "Cost per SQL",
         _f(f'=IF(OR(PipelineSQL=0,PipelineChannelCost=0),"{DASH}",PipelineCostPerSQL)'), MONEY2,
         "Cost of the social channels ÷ SQL", False, lambda r: "OR(PipelineSQL=0,PipelineChannelCost=0)",
         "no SQL or no channel cost", SHOW_PIPELINE),
    Line("", "SocialCredited", "Conversions credited to social",
         _f(f'=IF(SUM(JourneyConversions)=0,"{DASH}",SocialCredited)'), DECIMAL, "Under the model on Pipeline", False,
         lambda r: "SUM(JourneyConversions)=0", "no converted journeys (Pipeline)", SHOW_PIPELINE),
    Line("", "SocialAssists", "Conversions social assisted", _f("=SocialAssists"), COUNT,
         "Social touched, another channel closed", False, show=SHOW_PIPELINE),
    Line("Campaigns rows", "RowsCounted", "Rows counted in the period",
         lambda s, r: "=RowsCounted" if s == "Current" else "=RowsPrevious", COUNT,
         "Rows dated in the period with Counted not No (Periods)"),
    Line("", "RowsLeftOut", "Rows left out of the period's figures", _f("=RowsLeftOut"), COUNT,
         "Outside the period (the previous period's are beside), no date or type, or Counted = No", False),
)  # fmt: skip

#: The leading figures by business model: (direct-to-consumer, B2B / SaaS, brick-and-mortar).
LEADING: tuple[tuple[str, str, str], ...] = (
    ("SocialROI", "SocialROI", "SocialROI"),
    ("DirectSales", "Leads", "Reach"),
    ("ROAS", "CostPerLead", "Impressions"),
    ("CPA", "SQL", "CPM"),
    ("Purchases", "PipelineValue", "EngagementRate"),
    ("ConversionRate", "CostPerSQL", "FollowerGrowth"),
)
MODEL_TEXT = '"a direct-to-consumer shop","B2B / SaaS","a brick-and-mortar brand"'
TOP = 8  # first leading-figure row


def build(book: Book) -> None:
    """Lay out the Summary sheet with its headline names and charts."""
    ws = book.sheet("Summary")
    title(ws, "Summary")
    put(ws, "A2", '=BrandName&" · "&PeriodLabel&IF(BookCurrency=""," · (set the book currency)"," · "&BookCurrency)',
        style=NOTE)  # fmt: skip
    put(ws, "A3", '="Campaigns rows counted in the period: "&RowsCounted&" · left out: "&RowsLeftOut'
        '&IF(RowsNotCounted>0," (of which "&RowsNotCounted&" marked Counted = No)","")&" · see Periods"', style=NOTE)
    put(ws, "A4", '=TRIM(IF(PeriodSet,"","Set the period on Inputs. ")&IF(FXMissing>0,"Rows in the period with no FX rate: "&FXMissing&'
        '" (add their currency to Inputs › FX). ","")&IF(SharesOver100>0,"Cost shares over 100% on '
        'Costs. ",""))', style=NOTE)  # fmt: skip
    ws["A4"].font = Font(name="Calibri", size=10, bold=True, color="C00000")
    widths(ws, A=38, B=15, C=15, D=58, E=10)
    header(ws, 6, 1, ["Figure", "This period", "Previous period", "How it is computed (– : what is missing)"])
    put(ws, "B5", "=PeriodLabel", style=NOTE)
    put(ws, "C5", '=IF(PeriodSet,PrevLabel,"")', style=NOTE)
    for c in "BC":
        ws[f"{c}5"].alignment = Alignment(horizontal="right")

    # rows of the lines, after the leading figures
    rows: dict[str, int] = {}
    r = TOP + len(LEADING) + 1
    for line in LINES:
        if line.section:
            r += 1
        rows[line.name] = r
        r += 1
    end = r

    def ref(col: str) -> Ref:
        return lambda name: f"{col}{rows[name]}"

    by_name = {line.name: line for line in LINES}
    _leading(book, ws, rows, by_name)
    prev_names = []
    for line in LINES:
        r = rows[line.name]
        if line.section:
            text = line.section if line.show is None else f'=IF({line.show},"{line.section}","")'
            put(ws, f"A{r - 1}", text, style=SECTION)
        this = line.formula("Current", ref("B"))
        label = line.label
        if line.show is not None:  # a figure that does not apply is blank, label and all
            this, label = f'=IF({line.show},{this[1:]},"")', f'=IF({line.show},"{line.label}","")'
        put(ws, f"A{r}", label, style=HEADLINE if line.name == "SocialROI" else None)
        put(ws, f"B{r}", this, line.fmt, HEADLINE if line.name == "SocialROI" else None)
        if line.previous is True:
            put(ws, f"C{r}", line.formula("Previous", ref("C")), line.fmt)
            prev_names.append(line.name)
        elif line.previous == DASH:
            put(ws, f"C{r}", DASH)
        note = f'"{line.note}"'
        if line.missing is not None:
            note = f'IF({line.missing(ref("B"))},"{DASH} {line.why}",{note})'
        if line.previous is True and line.prev_why is not None:  # why the previous figure is "–"
            note += (f'&IF(ISNUMBER(C{r}),"",IF(COUNTIF(C{r},"{DASH}")>0,'
                     f'" · previous: {DASH} "&{line.prev_why(ref("C"))},""))')  # fmt: skip
        if line.show is not None:
            note = f'IF({line.show},{note},"")'
        put(ws, f"D{r}", line.note if note == f'"{line.note}"' else "=" + note, style=NOTE)
        _align(ws, r)
        book.define(f"Headline_{line.name}", ws, f"B{r}")
    for name in prev_names:
        book.define(f"Headline_Previous{name}", ws, f"C{rows[name]}")
    put(ws, f"A{end}", '="Previous period"&IF(PeriodSet," ("&PrevLabel&")","")&": the Campaigns rows dated in it, '
        "monthly costs × its months and the previous-period amounts on Costs and Values; – where one is missing "
        '(the note says which)."', style=NOTE)  # fmt: skip
    _by_type(book, ws, end + 2)
    charts.add_all(book, ws)
    ws.freeze_panes = "B7"


def _leading(book: Book, ws, rows: dict[str, int], lines: dict[str, Line]) -> None:
    """The leading figures: label, value, previous value and note chosen by ``ModelIndex``."""
    put(ws, f"A{TOP - 1}", f'="Leading figures for "&CHOOSE(ModelIndex,{MODEL_TEXT})&" (Inputs › Business model)"',
        style=SECTION)  # fmt: skip
    for i, names in enumerate(LEADING):
        r = TOP + i
        labels = ",".join('"' + lines[n].label.strip() + '"' for n in names)
        put(ws, f"A{r}", f"=CHOOSE(ModelIndex,{labels})", style=HEADLINE if i == 0 else None)
        put(ws, f"B{r}", "=CHOOSE(ModelIndex," + ",".join(f"B{rows[n]}" for n in names) + ")",
            style=HEADLINE if i == 0 else None)  # fmt: skip
        prev = ",".join(f"C{rows[n]}" if lines[n].previous else '""' for n in names)
        put(ws, f"C{r}", f"=CHOOSE(ModelIndex,{prev})")
        put(ws, f"D{r}", "=CHOOSE(ModelIndex," + ",".join(f"D{rows[n]}" for n in names) + ")", style=NOTE)
        _align(ws, r)
        kinds = tuple(lines[n].fmt for n in names)
        for c in "BC":
            ws[f"{c}{r}"].number_format = kinds[0]
            if len(set(kinds)) > 1:
                book.model_formats[(ws.title, f"{c}{r}")] = kinds


def _align(ws, r: int) -> None:
    """Figures (and "–") right-aligned, the note set off from them."""
    for c in "BC":
        ws[f"{c}{r}"].alignment = Alignment(horizontal="right")
    ws[f"D{r}"].alignment = Alignment(horizontal="left", indent=1)


def _by_type(book: Book, ws, top: int) -> None:
    """Paid, organic and earned measured apart, then together (their sum is the total)."""
    section(ws, f"A{top}", "Paid, organic and earned: cost by the shares on Costs, value by type (Values)")
    header(ws, top + 1, 1, ["Type", "Cost", "Total value", "SOCROI", "ROAS"])
    sales_row, action_row = book.row("sales_by_type"), book.row("action_by_type")
    cost_names = ("CostPaid", "CostOrganic", "CostEarned")
    for k, kind in enumerate(st.TYPES):
        r = top + 2 + k
        put(ws, f"A{r}", kind)
        put(ws, f"B{r}", f"={cost_names[k]}", MONEY)
        value = f"=Values!{'BCD'[k]}{sales_row}+Values!{'CDE'[k]}{action_row}" + ("+PPCValue" if kind == "Organic" else "")
        put(ws, f"C{r}", value, MONEY)
        put(ws, f"D{r}", f'=IF(B{r}=0,"{DASH}",SOCROI(C{r},B{r}))', PCT)
        ws[f"D{r}"].alignment = Alignment(horizontal="left", indent=1)
        spend = f"Costs!R{SPEND_FIRST + k}"
        revenue = f"Values!{'BCD'[k]}{sales_row}"
        put(ws, f"E{r}", f'=IF({spend}=0,"{DASH}",SOCROI_ROAS({revenue},{spend}))', MULTIPLE)
        for c, what in (("B", "Cost"), ("C", "Value"), ("D", "SOCROI")):
            book.define(f"Headline_{kind}{what}", ws, f"{c}{r}")
    r = top + 5
    put(ws, f"A{r}", "Not by type")
    put(ws, f"B{r}", "=CostNotAllocated", MONEY)
    put(ws, f"C{r}", f"=Values!F{action_row}+Headline_IndirectValue", MONEY)
    put(ws, f"D{r}", "Costs with no shares; follows, demo requests, downloads, sign-ups, indirect value", style=NOTE)
    ws[f"D{r}"].alignment = Alignment(horizontal="left", indent=1)
    book.define("Headline_NotAllocatedCost", ws, f"B{r}")
    put(ws, f"A{r + 1}", "All social", style=TOTAL)
    put(ws, f"B{r + 1}", f"=SUM(B{top + 2}:B{r})", MONEY, TOTAL)
    put(ws, f"C{r + 1}", f"=SUM(C{top + 2}:C{r})", MONEY, TOTAL)
    put(ws, f"D{r + 1}", f'=IF(B{r + 1}=0,"{DASH}",SOCROI(C{r + 1},B{r + 1}))', PCT, TOTAL)
    ws[f"D{r + 1}"].alignment = Alignment(horizontal="left", indent=1)
    put(ws, f"A{r + 2}", "All social equals the total cost and value above. A line of Costs with no shares is not "
        "allocated: it never flatters paid, organic or earned.", style=NOTE)  # fmt: skip
