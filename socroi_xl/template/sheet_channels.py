"""The Channels sheet: per channel, paid, organic and earned apart — cost, spend, counts,
revenue, action value, SOCROI, ROAS, CPM, CPC, CPA — then per channel.

A row's cost is its campaign spend plus its share of staff time, tools, content and the
other costs (Costs › cost by type); costs with no shares and value that is not per channel
(PPC-equivalent, follows, demo requests, downloads, sign-ups, indirect value) have lines
of their own, so *All social* equals the Summary's total cost and total value. ROAS, CPA,
CPC and CPM are over campaign spend, as on every sheet.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from . import structure as st
from .book import Book
from .sheet_costs import SPEND_FIRST
from .sheet_costs import col as cost_col
from .styles import (
    COUNT,
    MONEY,
    MONEY2,
    MONEY3,
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

HEADERS = (
    "Channel", "Type", "Cost", "Spend", "Reach", "Impressions", "Engagements", "Link clicks", "Leads", "Purchases",
    "Revenue", "Action value", "Total value", "SOCROI", "ROAS", "CPM", "CPC", "CPA", "Purchases without revenue",
)  # fmt: skip
COUNTS = {"E": "Reach", "F": "Impressions", "G": "Engagements", "H": "Clicks", "I": "Leads", "J": "Conversions",
          "K": "Book revenue"}  # fmt: skip
FIRST = 6
IN_PERIOD = 'Campaigns[In period],"Current"'


def build(book: Book) -> None:
    """Lay out the Channels sheet."""
    ws = book.sheet("Channels")
    title(ws, "Channels", "Cost = campaign spend + the row's share of staff time, tools, content and other costs (Costs). "
          "ROAS = revenue ÷ spend, CPA = spend ÷ purchases, CPC = spend ÷ link clicks, as on every sheet.")  # fmt: skip
    widths(ws, A=22, B=10, **{c: 12 for c in "CDEFGHIJKLMNOPQR"}, S=12)
    put(ws, "D4", "Value of one:", style=NOTE)
    values = {"E": "ValueReach", "F": "ValueImpression", "G": "ValuePerEngagement", "H": "ValueLinkClick",
              "I": "ValueLead", "J": "ValuePurchase"}  # fmt: skip
    for c, name in values.items():
        put(ws, f"{c}4", f"={name}", MONEY3)
    header(ws, 5, 1, list(HEADERS))
    alloc = book.row("alloc_rows")
    r = FIRST
    for i, channel in enumerate(st.CHANNELS):
        for k, kind in enumerate(st.TYPES):
            put(ws, f"A{r}", channel)
            put(ws, f"B{r}", kind)
            put(ws, f"C{r}", f"=Costs!{'CDE'[k]}{alloc + i}", MONEY)
            put(ws, f"D{r}", f"=Costs!{cost_col(i)}{SPEND_FIRST + k}", MONEY)
            for c, column in COUNTS.items():
                put(ws, f"{c}{r}", f"=SUMIFS(Campaigns[{column}],Campaigns[Channel],$A{r},Campaigns[Type],$B{r},"
                    f"{IN_PERIOD})", MONEY if c == "K" else COUNT)  # fmt: skip
            put(ws, f"S{r}", f"=SUMIFS(Campaigns[Conversions],Campaigns[Channel],$A{r},Campaigns[Type],$B{r},{IN_PERIOD},"
                "Campaigns[Book revenue],0)", COUNT)  # fmt: skip
            # each action priced once: the purchase takes its reach, impression, click and lead away
            put(ws, f"L{r}", f"=MAX(0,E{r}-J{r})*$E$4+MAX(0,F{r}-J{r})*$F$4+G{r}*$G$4+MAX(0,H{r}-J{r})*$H$4"
                f"+MAX(0,I{r}-J{r})*$I$4+S{r}*$J$4", MONEY)  # fmt: skip
            put(ws, f"M{r}", f"=K{r}+L{r}", MONEY)
            _metrics(ws, r)
            r += 1
    last = r - 1
    shared = st.COST_CHANNELS.index("Shared")
    for k, kind in enumerate(st.TYPES):
        put(ws, f"A{r}", "Shared (not one channel)")
        put(ws, f"B{r}", kind)
        put(ws, f"C{r}", f"=Costs!{'CDE'[k]}{alloc + shared}", MONEY)
        r += 1
    put(ws, f"A{r}", "Not allocated to a type")
    put(ws, f"B{r}", "", style=NOTE)
    put(ws, f"C{r}", "=CostNotAllocated", MONEY)
    put(ws, f"D{r}", "Cost lines with no paid / organic / earned shares (Costs)", style=NOTE)
    r += 1
    put(ws, f"A{r}", "Not per channel")
    put(ws, f"M{r}", f"=Headline_TotalValue-SUM(M{FIRST}:M{last})", MONEY)
    put(ws, f"D{r}", "PPC-equivalent, follows, demo requests, downloads, sign-ups, indirect value (Values)", style=NOTE)
    residual = r
    r += 1
    put(ws, f"A{r}", "All social", style=TOTAL)
    for c in "CDEFGHIJKM":
        put(ws, f"{c}{r}", f"=SUM({c}{FIRST}:{c}{residual})", MONEY if c in "CDKM" else COUNT, TOTAL)
    put(ws, f"N{r}", f'=IF(C{r}=0,"",SOCROI(M{r},C{r}))', PCT, TOTAL)
    put(ws, f"O{r}", f'=IF(D{r}=0,"",SOCROI_ROAS(K{r},D{r}))', MULTIPLE, TOTAL)
    total = r
    put(ws, f"A{r + 1}", "All social equals the Summary's total cost and total value. Organic link clicks are priced "
        "here before the visits priced as PPC-equivalent are taken away (Values): the difference sits in "
        "'Not per channel'.", style=NOTE)  # fmt: skip

    top = total + 3
    section(ws, f"A{top}", "By channel: the channel's whole cost (Costs) and value")
    header(ws, top + 1, 1, ["Channel", "", "Cost", "Total value", "SOCROI", "Revenue", "Spend", "ROAS"])
    costs, names = book.ref("channel_costs"), book.ref("channel_names")
    for i, channel in enumerate(st.CHANNELS):
        p = top + 2 + i
        put(ws, f"A{p}", channel)
        put(ws, f"C{p}", f"=INDEX({costs},MATCH($A{p},{names},0))", MONEY)
        put(ws, f"D{p}", f"=SUMIFS($M${FIRST}:$M${last},$A${FIRST}:$A${last},$A{p})", MONEY)
        put(ws, f"E{p}", f'=IF(C{p}=0,"",SOCROI(D{p},C{p}))', PCT)
        put(ws, f"F{p}", f"=SUMIFS($K${FIRST}:$K${last},$A${FIRST}:$A${last},$A{p})", MONEY)
        put(ws, f"G{p}", f"=SUMIFS($D${FIRST}:$D${last},$A${FIRST}:$A${last},$A{p})", MONEY)
        put(ws, f"H{p}", f'=IF(G{p}=0,"",SOCROI_ROAS(F{p},G{p}))', MULTIPLE)
    p_last = top + 1 + len(st.CHANNELS)
    book.anchor("roi_labels", ws, f"A{top + 2}:A{p_last}")
    book.anchor("roi_values", ws, f"E{top + 2}:E{p_last}")
    put(ws, f"A{p_last + 1}", "A channel's cost here includes its cost lines with no shares; shared costs are on no channel.",
        style=NOTE)  # fmt: skip
    ws.freeze_panes = f"C{FIRST}"


def _metrics(ws: Worksheet, r: int) -> None:
    """SOCROI (over cost) and ROAS, CPM, CPC, CPA (over spend) of row ``r``."""
    put(ws, f"N{r}", f'=IF(C{r}=0,"",SOCROI(M{r},C{r}))', PCT)
    put(ws, f"O{r}", f'=IF(D{r}=0,"",SOCROI_ROAS(K{r},D{r}))', MULTIPLE)
    put(ws, f"P{r}", f'=IF(OR(D{r}=0,F{r}=0),"",SOCROI_CPM(D{r},F{r}))', MONEY2)
    put(ws, f"Q{r}", f'=IF(OR(D{r}=0,H{r}=0),"",SOCROI_CPC(D{r},H{r}))', MONEY2)
    put(ws, f"R{r}", f'=IF(OR(D{r}=0,J{r}=0),"",SOCROI_CPA(D{r},J{r}))', MONEY2)
