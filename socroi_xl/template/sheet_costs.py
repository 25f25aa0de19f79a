"""The Costs sheet: staff time by role and channel, every other cost, campaign spend from
Campaigns, totals by channel (SOCROI_EFFORT_COST) and by category, and the split of every
cost into paid, organic and earned.

Staff hours and other costs are entered **per month** (the Basis column says
*Monthly*, or is blank) and multiplied by the months of the period (``PeriodMonths``), or
**for the period** (*This period*) and counted as entered. Recurring costs — salaries,
subscriptions, content retainers — are monthly, so a month, a quarter or a year book
stays right when the period changes; one-off costs (a conference, a research project)
are entered for the period they fall in.

Each line has shares of paid, organic and earned. A line with no shares is **not
allocated**: it counts in the total cost and the social ROI but in none of paid, organic
and earned (Summary shows it on its own line), so a missing share never flatters one of
them. Campaign spend goes to the Type of its Campaigns row.
"""

from __future__ import annotations

from ..xl.refs import col_letters
from . import structure as st
from .book import Book
from .styles import (
    COUNT,
    MONEY,
    MONEY2,
    MONEY2Z,
    NOTE,
    PCT,
    SHARE,
    TOTAL,
    dropdown,
    header,
    inp,
    put,
    section,
    title,
    widths,
)

FIRST_COL = 4  # D: first channel column
STAFF_FIRST = 6
OTHER_FIRST = 18
SPEND_FIRST = 28
TOTAL_ROW = 35
ALLOC_FIRST = 40
MIX_FIRST = 55
SHARE_COLS = ("M", "N", "O")  # paid, organic, earned shares
IN_PERIOD = 'Campaigns[In period],"Current"'


def col(i: int) -> str:
    """Letter of the i-th cost channel column (0 = Facebook … 8 = Shared)."""
    return col_letters(FIRST_COL + i)


def build(book: Book) -> None:
    """Lay out the Costs sheet; defines ``TotalCost``, ``StaffCost``, ``AdSpendPaid`` and
    the cost of each type (``CostPaid``, ``CostOrganic``, ``CostEarned``, ``CostNotAllocated``)."""
    d = book.data
    ws = book.sheet("Costs")
    title(ws, "Costs", "Everything the social effort takes. Basis: Monthly (or blank) = per month, multiplied by the "
          "months of the period; This period = counted as entered. Shared: costs not tied to one channel.")  # fmt: skip
    widths(ws, A=40, B=11, C=12, **{col(i): 10 for i in range(len(st.COST_CHANNELS))}, M=8, N=8, O=8, P=9, Q=10, R=12,
           S=11, T=8)  # fmt: skip
    n = len(st.COST_CHANNELS)
    first_ch, last_ch = col(0), col(n - 1)
    roles_first = book.row("roles")

    # --- staff time -------------------------------------------------------------------------------
    section(ws, f"A{STAFF_FIRST - 2}", "Staff time: hours by role and channel, and each role's split into paid, organic, earned")
    header(ws, STAFF_FIRST - 1, 1, ["Role", "Rate per hour", "Basis", *st.COST_CHANNELS, "Paid", "Organic", "Earned",
                                    "Months counted", "Hours", "Staff cost", "Rate × months", "Shares"])  # fmt: skip
    staff = list(d.staff) + [(None, (None,) * n, (None, None, None))] * (st.ROLE_ROWS - len(d.staff))
    staff_last = STAFF_FIRST + st.ROLE_ROWS - 1
    for i, (basis, hours, shares) in enumerate(staff):
        r = STAFF_FIRST + i
        put(ws, f"A{r}", f'=IF(Inputs!A{roles_first + i}="","",Inputs!A{roles_first + i})')
        put(ws, f"B{r}", f"=Inputs!B{roles_first + i}", MONEY2Z)
        inp(ws, f"C{r}", basis)
        for j, h in enumerate(hours):
            inp(ws, f"{col(j)}{r}", h, COUNT)
        for c, share in zip(SHARE_COLS, shares, strict=True):
            inp(ws, f"{c}{r}", share, SHARE)
        _line_formulas(ws, r, staff=True)
    r = staff_last + 1
    put(ws, f"A{r}", "Staff cost in the period", style=TOTAL)
    for j in range(n):
        c = col(j)
        put(ws, f"{c}{r}", f"=SOCROI_EFFORT_COST({c}{STAFF_FIRST}:{c}{staff_last},$S${STAFF_FIRST}:$S${staff_last})",
            MONEY, TOTAL)  # fmt: skip
    put(ws, f"Q{r}", f"=SUM(Q{STAFF_FIRST}:Q{staff_last})", COUNT, TOTAL)
    put(ws, f"R{r}", f"=SUM(R{STAFF_FIRST}:R{staff_last})", MONEY, TOTAL)
    staff_row = r
    book.define("StaffCost", ws, f"R{r}")

    # --- other costs ---------------------------------------------------------------------------------
    section(ws, f"A{OTHER_FIRST - 2}", "Other costs by channel, and each line's split into paid, organic, earned")
    header(ws, OTHER_FIRST - 1, 1, ["Cost", "", "Basis", *st.COST_CHANNELS, "Paid", "Organic", "Earned",
                                    "Months counted", "", "Cost", "", "Shares"])  # fmt: skip
    other_last = OTHER_FIRST + len(st.COST_LINES) - 1
    for i, label in enumerate(st.COST_LINES):
        r = OTHER_FIRST + i
        basis, amounts, shares = d.other_costs.get(label, (None, (None,) * n, (None, None, None)))
        put(ws, f"A{r}", label)
        inp(ws, f"C{r}", basis)
        for j, amount in enumerate(amounts):
            inp(ws, f"{col(j)}{r}", amount, MONEY)
        for c, share in zip(SHARE_COLS, shares, strict=True):
            inp(ws, f"{c}{r}", share, SHARE)
        _line_formulas(ws, r, staff=False)
    r = other_last + 1
    put(ws, f"A{r}", "Other costs in the period", style=TOTAL)
    for j in range(n):
        c = col(j)
        put(ws, f"{c}{r}", f"=SUMPRODUCT({c}{OTHER_FIRST}:{c}{other_last},$P${OTHER_FIRST}:$P${other_last})", MONEY, TOTAL)
    put(ws, f"R{r}", f"=SUM(R{OTHER_FIRST}:R{other_last})", MONEY, TOTAL)
    other_row = r
    dropdown(ws, st.BASES, f"C{STAFF_FIRST}:C{staff_last} C{OTHER_FIRST}:C{other_last}")

    # --- campaign spend --------------------------------------------------------------------------------
    section(ws, f"A{SPEND_FIRST - 2}", "Campaign spend in the period, from Campaigns (in the book currency)")
    header(ws, SPEND_FIRST - 1, 1, ["Type", "", "", *st.COST_CHANNELS, "", "", "", "", "", "Total"])
    labels = ("Paid: ad spend", "Organic: boosts and other spend", "Earned: creator seeding and other spend")
    for i, (kind, label) in enumerate(zip(st.TYPES, labels, strict=True)):
        r = SPEND_FIRST + i
        put(ws, f"A{r}", label)
        for j in range(len(st.CHANNELS)):
            c = col(j)
            put(ws, f"{c}{r}", f'=SUMIFS(Campaigns[Book spend],Campaigns[Channel],{c}${STAFF_FIRST - 1},'
                f'Campaigns[Type],"{kind}",{IN_PERIOD})', MONEY)  # fmt: skip
        put(ws, f"R{r}", f"=SUM({first_ch}{r}:{last_ch}{r})", MONEY)
    spend_last = SPEND_FIRST + len(st.TYPES) - 1
    r = spend_last + 1
    put(ws, f"A{r}", "Campaign spend", style=TOTAL)
    for j in range(len(st.CHANNELS)):
        c = col(j)
        put(ws, f"{c}{r}", f"=SUM({c}{SPEND_FIRST}:{c}{spend_last})", MONEY, TOTAL)
    put(ws, f"R{r}", f"=SUM(R{SPEND_FIRST}:R{spend_last})", MONEY, TOTAL)
    spend_row = r
    book.define("AdSpendPaid", ws, f"R{SPEND_FIRST}")
    book.define("CampaignSpend", ws, f"R{spend_row}")

    # --- total by channel ---------------------------------------------------------------------------------
    t = TOTAL_ROW
    section(ws, f"A{t - 2}", "Total cost by channel: hours × rate × months (SOCROI_EFFORT_COST) + other costs + campaign spend")
    header(ws, t - 1, 1, ["", "", "", *st.COST_CHANNELS, "", "", "", "", "", "Total"])
    put(ws, f"A{t}", "Total cost", style=TOTAL)
    for j in range(n):
        c = col(j)
        put(ws, f"{c}{t}", f"=SOCROI_EFFORT_COST({c}{STAFF_FIRST}:{c}{staff_last},$S${STAFF_FIRST}:$S${staff_last},"
            f"{c}{other_row})+{c}{spend_row}", MONEY, TOTAL)  # fmt: skip
    put(ws, f"R{t}", f"=SUM({first_ch}{t}:{last_ch}{t})", MONEY, TOTAL)
    book.define("TotalCost", ws, f"R{t}")
    put(ws, f"A{t + 1}", "Share of total")
    for j in range(n):
        c = col(j)
        put(ws, f"{c}{t + 1}", f'=IF($R${t}=0,"",{c}{t}/$R${t})', PCT)
    put(ws, f"A{t + 2}", "Check: total by channel − (staff + other + campaign spend), 0 when consistent", style=NOTE)
    put(ws, f"R{t + 2}", f"=ROUND(R{t}-R{staff_row}-R{other_row}-R{spend_row},2)", MONEY2, NOTE)
    book.anchor("channel_costs", ws, f"{first_ch}{t}:{col(len(st.CHANNELS) - 1)}{t}")
    book.define("ChannelNames", ws, f"{first_ch}{STAFF_FIRST - 1}:{col(len(st.CHANNELS) - 1)}{STAFF_FIRST - 1}")
    book.anchor("channel_names", ws, f"{first_ch}{STAFF_FIRST - 1}:{col(len(st.CHANNELS) - 1)}{STAFF_FIRST - 1}")

    # --- allocation -------------------------------------------------------------------------------------------
    a = ALLOC_FIRST
    section(ws, f"A{a - 2}", "Cost by type: each line by its shares, campaign spend by its Type; a line without shares is not allocated")
    header(ws, a - 1, 1, ["Channel", "", "Paid", "Organic", "Earned", "Not allocated", "Total"])
    for i, channel in enumerate(st.COST_CHANNELS):
        r = a + i
        c = col(i)
        put(ws, f"A{r}", channel)
        for k, (share, out) in enumerate(zip(SHARE_COLS, "CDE", strict=True)):
            f = (f"=SUMPRODUCT({c}{STAFF_FIRST}:{c}{staff_last},$S${STAFF_FIRST}:$S${staff_last},"
                 f"${share}${STAFF_FIRST}:${share}${staff_last})"
                 f"+SUMPRODUCT({c}{OTHER_FIRST}:{c}{other_last},$P${OTHER_FIRST}:$P${other_last},"
                 f"${share}${OTHER_FIRST}:${share}${other_last})")  # fmt: skip
            if channel in st.CHANNELS:
                f += f"+{c}{SPEND_FIRST + k}"
            put(ws, f"{out}{r}", f, MONEY)
        put(ws, f"G{r}", f"={c}{t}", MONEY)
        put(ws, f"F{r}", f"=ROUND(G{r}-C{r}-D{r}-E{r},2)", MONEY)
    alloc_last = a + n - 1
    r = alloc_last + 1
    put(ws, f"A{r}", "All channels", style=TOTAL)
    for c in "CDEFG":
        put(ws, f"{c}{r}", f"=SUM({c}{a}:{c}{alloc_last})", MONEY, TOTAL)
    for c, name in zip("CDEF", ("CostPaid", "CostOrganic", "CostEarned", "CostNotAllocated"), strict=True):
        book.define(name, ws, f"{c}{r}")
    book.anchor("alloc_rows", ws, f"A{a}:G{alloc_last}")
    put(ws, f"A{r + 1}", "Lines whose shares add up to more than 100%")
    put(ws, f"C{r + 1}", f'=COUNTIF(T{STAFF_FIRST}:T{other_last},">1.000001")', COUNT)
    book.define("SharesOver100", ws, f"C{r + 1}")
    put(ws, f"D{r + 1}", "Shares under 100% leave the rest not allocated; over 100% count a cost twice.", style=NOTE)

    # --- by category -----------------------------------------------------------------------------------------
    m = MIX_FIRST
    section(ws, f"A{m - 2}", "Total cost by category")
    header(ws, m - 1, 1, ["Category", "Cost", "Share"])
    categories = [("Staff time", f"=R{staff_row}")]
    categories += [(label, f"=R{OTHER_FIRST + i}") for i, label in enumerate(st.COST_LINES)]
    categories += [("Ad spend (paid)", f"=R{SPEND_FIRST}"),
                   ("Other campaign spend (boosts, seeding)", f"=R{SPEND_FIRST + 1}+R{SPEND_FIRST + 2}")]  # fmt: skip
    last = m + len(categories) - 1
    for i, (label, f) in enumerate(categories):
        put(ws, f"A{m + i}", label)
        put(ws, f"B{m + i}", f, MONEY)
        put(ws, f"C{m + i}", f'=IF($B${last + 1}=0,"",B{m + i}/$B${last + 1})', PCT)
    put(ws, f"A{last + 1}", "Total", style=TOTAL)
    put(ws, f"B{last + 1}", f"=SUM(B{m}:B{last})", MONEY, TOTAL)
    put(ws, f"A{last + 2}", "Check: total by channel − total by category (0 when consistent)", style=NOTE)
    put(ws, f"B{last + 2}", f"=ROUND(R{t}-B{last + 1},2)", MONEY2, NOTE)
    book.anchor("cost_mix_labels", ws, f"A{m}:A{last}")
    book.anchor("cost_mix", ws, f"B{m}:B{last}")
    ws.freeze_panes = f"D{STAFF_FIRST}"


def _line_formulas(ws, r: int, staff: bool) -> None:
    """Months counted, hours, cost, rate × months and the shares' total of one line."""
    last = col(len(st.COST_CHANNELS) - 1)
    put(ws, f"P{r}", f'=IF(C{r}="This period",1,PeriodMonths)', "0.00")
    if staff:
        put(ws, f"Q{r}", f"=SUM(D{r}:{last}{r})*P{r}", COUNT)
        put(ws, f"R{r}", f"=SOCROI_EFFORT_COST(D{r}:{last}{r},B{r})*P{r}", MONEY)
        put(ws, f"S{r}", f"=B{r}*P{r}", MONEY2Z)
    else:
        put(ws, f"R{r}", f"=SUM(D{r}:{last}{r})*P{r}", MONEY)
    put(ws, f"T{r}", f"=SUM(M{r}:O{r})", SHARE)
