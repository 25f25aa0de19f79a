"""The Channels sheet: per platform, paid, organic and earned apart — cost, value,
SOCROI, ROAS, CPM, CPC, CPA — then per platform and per type."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from . import example as ex
from .book import Book
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
    "Platform", "Type", "Cost", "Reach", "Impressions", "Engagements", "Link clicks", "Leads",
    "Purchases", "Revenue", "Action value", "Total value", "SOCROI", "ROAS", "CPM", "CPC", "CPA",
)  # fmt: skip
COUNTS = {"D": "Reach", "E": "Impressions", "F": "Engagements", "G": "Clicks", "H": "Leads", "I": "Conversions", "J": "Revenue"}
FIRST = 6


def build(book: Book) -> None:
    """Lay out the Channels sheet."""
    ws = book.wb.create_sheet("Channels")
    title(ws, "Channels",
          "Paid rows carry their ad spend, earned rows their seeding spend; staff time, tools, content and "
          "other channel costs are charged to the organic row.")  # fmt: skip
    widths(ws, A=12, B=10, **{c: 13 for c in "CDEFGHIJKLMNOPQ"})
    put(ws, "B4", "Value of one:", style=NOTE)
    for c, name in zip("DEFGH", ("ValueReach", "ValueImpression", "ValuePerEngagement", "ValueLinkClick", "ValueLead"),
                       strict=True):  # fmt: skip
        put(ws, f"{c}4", f"={name}", MONEY3)
    header(ws, 5, 1, list(HEADERS))
    costs, names = book.ref("channel_costs"), book.ref("channel_names")
    r = FIRST
    for platform in ex.PLATFORMS:
        for kind in ex.TYPES:
            put(ws, f"A{r}", platform)
            put(ws, f"B{r}", kind)
            spend = "SUMIFS(Campaigns[Spend],Campaigns[Platform],$A{r},Campaigns[Type],\"{t}\")"
            if kind == "Organic":
                f = (f"=INDEX({costs},MATCH($A{r},{names},0))-" + spend.format(r=r, t="Paid")
                     + "-" + spend.format(r=r, t="Earned"))  # fmt: skip
            else:
                f = "=" + spend.format(r=r, t=kind)
            put(ws, f"C{r}", f, MONEY)
            for c, column in COUNTS.items():
                put(ws, f"{c}{r}", f"=SUMIFS(Campaigns[{column}],Campaigns[Platform],$A{r},Campaigns[Type],$B{r})",
                    MONEY if c == "J" else COUNT)  # fmt: skip
            _metrics(ws, r)
            r += 1
    last = r - 1
    put(ws, f"A{r}", "Shared", style=None)
    put(ws, f"B{r}", "Costs not tied to a platform", style=NOTE)
    put(ws, f"C{r}", f"=TotalCost-SUM(C{FIRST}:C{last})", MONEY)
    shared = r
    r += 1
    put(ws, f"A{r}", "All social", style=TOTAL)
    for c in "CDEFGHIJKL":
        put(ws, f"{c}{r}", f"=SUM({c}{FIRST}:{c}{shared})", MONEY if c in "CJKL" else COUNT, TOTAL)
    _metrics(ws, r, action_value=False)
    put(ws, f"A{r + 1}", "Channel value = revenue + the action value of the Campaigns counts. Follows, demo "
        "requests, downloads, sign-ups, PPC-equivalent and indirect value are not per channel: see Summary.",
        style=NOTE)  # fmt: skip

    top = r + 3
    p_last = _breakdown(ws, top, "By platform (all types)", "Platform", ex.PLATFORMS, "A", last)
    book.anchor("roi_labels", ws, f"A{top + 2}:A{p_last}")
    book.anchor("roi_values", ws, f"E{top + 2}:E{p_last}")

    top = p_last + 2
    t_last = _breakdown(ws, top, "By type: paid, organic and earned measured apart, then together", "Type",
                        ex.TYPES, "B", last)  # fmt: skip
    book.anchor("by_type", ws, f"A{top + 2}:E{t_last}")
    ws.freeze_panes = f"C{FIRST}"


def _metrics(ws: Worksheet, r: int, action_value: bool = True) -> None:
    """Value and ratio columns K..Q of row ``r``."""
    if action_value:
        put(ws, f"K{r}", f"=SOCROI_ACTION_VALUE(D{r}:H{r},$D$4:$H$4)", MONEY)
        put(ws, f"L{r}", f"=J{r}+K{r}", MONEY)
    put(ws, f"M{r}", f'=IF(C{r}=0,"",SOCROI(L{r},C{r}))', PCT)
    put(ws, f"N{r}", f'=IF(C{r}=0,"",SOCROI_ROAS(J{r},C{r}))', MULTIPLE)
    put(ws, f"O{r}", f'=IF(OR(C{r}=0,E{r}=0),"",SOCROI_CPM(C{r},E{r}))', MONEY2)
    put(ws, f"P{r}", f'=IF(OR(C{r}=0,G{r}=0),"",SOCROI_CPC(C{r},G{r}))', MONEY2)
    put(ws, f"Q{r}", f'=IF(OR(C{r}=0,I{r}=0),"",SOCROI_CPA(C{r},I{r}))', MONEY2)


def _breakdown(ws, top: int, title: str, label: str, keys, key_col: str, last: int) -> int:
    """Cost, value and SOCROI of the rows above summed by one key column; its last row."""
    section(ws, f"A{top}", title)
    header(ws, top + 1, 1, [label, "", "Cost", "Total value", "SOCROI"])
    rng = f"${key_col}${FIRST}:${key_col}${last}"
    for i, key in enumerate(keys):
        p = top + 2 + i
        put(ws, f"A{p}", key)
        put(ws, f"C{p}", f"=SUMIFS($C${FIRST}:$C${last},{rng},$A{p})", MONEY)
        put(ws, f"D{p}", f"=SUMIFS($L${FIRST}:$L${last},{rng},$A{p})", MONEY)
        put(ws, f"E{p}", f'=IF(C{p}=0,"",SOCROI(D{p},C{p}))', PCT)
    return top + 1 + len(keys)
