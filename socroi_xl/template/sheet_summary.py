"""The Summary sheet: the headline social ROI, total cost and value, paid metrics,
customer value and break-even points, the B2B pipeline figures, and the charts.

Every headline cell is a workbook-level defined name ``Headline_<Name>`` (the contract
``socroi recalc`` reports)."""

from __future__ import annotations

from . import charts
from .book import Book
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
    header,
    put,
    section,
    title,
    widths,
)

PAID = 'SUMIFS(Campaigns[{col}],Campaigns[Type],"Paid")'

#: (section or None, label, headline name, formula, format, note)
LINES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Return", "Social ROI", "SocialROI", "=SOCROI(B7,B6)", PCT, "(total value − total cost) / total cost"),
    ("", "Total cost", "TotalCost", "=TotalCost", MONEY, "Staff time, tools, ad spend, refunds, content, research, training"),
    ("", "Total value", "TotalValue", "=B8+B9+B10+B11", MONEY, "Direct sales + action value + PPC-equivalent + indirect"),
    ("", "   Direct sales", "DirectSales", "=DirectSales", MONEY, "Revenue attributed to social (Campaigns)"),
    ("", "   Action value", "ActionValue", "=ActionValue", MONEY, "Actions × assigned value (Values)"),
    ("", "   PPC-equivalent value", "PPCValue", "=PPCValue", MONEY, "Organic social visits × published CPC (Values)"),
    ("", "   Indirect value counted", "IndirectValue", '=IF(IncludeIndirect="Yes",IndirectValue,0)', MONEY,
     "Service costs saved + follower uplift, if Inputs says Yes"),
    ("Paid media", "Ad spend (paid)", "AdSpend", "=AdSpendPaid", MONEY, "Paid rows of Campaigns"),
    ("", "ROAS (paid)", "ROAS", "=SOCROI_ROAS(" + PAID.format(col="Revenue") + ",B13)", MULTIPLE, "Paid revenue / ad spend"),
    ("", "CPM (paid)", "CPM", "=SOCROI_CPM(B13," + PAID.format(col="Impressions") + ")", MONEY2, "Cost per 1,000 impressions"),
    ("", "CPC (paid)", "CPC", "=SOCROI_CPC(B13," + PAID.format(col="Clicks") + ")", MONEY2, "Cost per link click"),
    ("", "CPA (paid)", "CPA", "=SOCROI_CPA(B13," + PAID.format(col="Conversions") + ")", MONEY2, "Cost per purchase"),
    ("", "CTR (paid)", "CTR", "=SOCROI_CTR(" + PAID.format(col="Clicks") + "," + PAID.format(col="Impressions") + ")",
     PCT2, "Link clicks / impressions"),
    ("Audience", "Engagement rate (all social, of reach)", "EngagementRate",
     "=SOCROI_ENGAGEMENT_RATE(SUM(Campaigns[Engagements]),SUM(Campaigns[Reach]))", PCT2, "Engagements / reach"),
    ("", "Follower growth", "FollowerGrowth", "=FollowerGrowth", PCT, "All platforms (Values)"),
    ("Customer value", "Customer lifetime value (margin)", "CLV",
     "=SOCROI_CLV(AvgOrderValue,PurchasesPerYear,CustomerYears,GrossMargin)", MONEY, "AOV × purchases/year × years × margin"),
    ("", "Lifetime value from retention", "CLVRetention",
     "=SOCROI_CLV_RETENTION(AvgOrderValue*PurchasesPerYear*GrossMargin,RetentionRate,DiscountRate)", MONEY,
     "Yearly margin × r / (1 + i − r)"),
    ("", "Break-even CPA", "BreakevenCPA", "=SOCROI_BREAKEVEN_CPA(AvgOrderValue,GrossMargin)", MONEY2,
     "Most one may pay for a first sale"),
    ("", "Break-even ROAS", "BreakevenROAS", "=SOCROI_BREAKEVEN_ROAS(GrossMargin)", MULTIPLE, "Below it, ads lose money"),
    ("", "Break-even CPC", "BreakevenCPC", "=SOCROI_BREAKEVEN_CPC(AvgOrderValue,GrossMargin,LandingConvRate)", MONEY2,
     "AOV × margin × landing-page conversion rate"),
    ("", "Payback of the paid CPA", "PaybackMonths", "=SOCROI_PAYBACK(B17,AvgOrderValue*PurchasesPerYear/12,GrossMargin)",
     MONTHS, "Months of a customer's margin to earn back the CPA"),
    ("B2B pipeline", "MQL", "MQL", "=PipelineMQL", COUNT, "Marketing-qualified leads from social"),
    ("", "SQL", "SQL", "=PipelineSQL", COUNT, "Sales-qualified leads"),
    ("", "Opportunities", "Opportunities", "=PipelineOpportunities", COUNT, ""),
    ("", "Won deals", "WonDeals", "=PipelineWon", COUNT, ""),
    ("", "Pipeline value", "PipelineValue", "=PipelineValue", MONEY, "Opportunities × average deal value"),
    ("", "Won revenue", "WonRevenue", "=PipelineWonRevenue", MONEY, "Reported beside the ROI, not added to it"),
    ("", "Cost per SQL", "CostPerSQL", "=PipelineCostPerSQL", MONEY2, "Cost of the social channels / SQL"),
    ("", "Conversions credited to social", "SocialCredited", "=SocialCredited", DECIMAL, "Under the model on Pipeline"),
    ("", "Conversions social assisted", "SocialAssists", "=SocialAssists", COUNT, "Social touched, another channel closed"),
)  # fmt: skip


def build(book: Book) -> None:
    """Lay out the Summary sheet with its headline names and charts."""
    ws = book.wb.create_sheet("Summary")
    title(ws, "Summary")
    put(ws, "A2", '=BrandName&" · "&PeriodLabel&" · "&Currency', style=NOTE)
    widths(ws, A=36, B=14, C=46)
    header(ws, 3, 1, ["Figure", "Value", "How it is computed"])
    r = 4
    for sect, label, name, formula, fmt, note in LINES:
        if sect:
            section(ws, f"A{r}", sect)
            r += 1
        put(ws, f"A{r}", label, style=HEADLINE if name == "SocialROI" else None)
        put(ws, f"B{r}", formula, fmt, HEADLINE if name == "SocialROI" else None)
        put(ws, f"C{r}", note, style=NOTE)
        book.define(f"Headline_{name}", ws, f"B{r}")
        r += 1
    # formulas above refer to fixed rows: check the layout matches them
    assert ws["A5"].value == "Social ROI" and ws["A13"].value == "Ad spend (paid)" and ws["A17"].value == "CPA (paid)"
    assert ws["A7"].value == "Total value" and ws["A11"].value.strip() == "Indirect value counted"

    top = r + 1
    section(ws, f"A{top}", "Paid, organic and earned (Channels)")
    header(ws, top + 1, 1, ["Type", "Cost", "Total value", "SOCROI"])
    _, ref = book.get("by_type")
    first_row = int(ref.split(":")[0][1:])
    for i in range(3):
        src = first_row + i
        put(ws, f"A{top + 2 + i}", f"=Channels!A{src}")
        put(ws, f"B{top + 2 + i}", f"=Channels!C{src}", MONEY)
        put(ws, f"C{top + 2 + i}", f"=Channels!D{src}", MONEY)
        put(ws, f"D{top + 2 + i}", f"=Channels!E{src}", PCT)
    put(ws, f"A{top + 5}", "Channel values leave out PPC-equivalent and indirect value (not per channel).", style=NOTE)
    put(ws, f"A{top + 6}", "Figures are computed by the SOCROI functions; see Start for blank and error cells.",
        style=NOTE)  # fmt: skip
    charts.add_all(book, ws)
    ws.freeze_panes = "A4"
