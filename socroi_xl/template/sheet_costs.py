"""The Costs sheet: staff time by role and channel, every other cost, campaign spend from
Campaigns, totals by channel (SOCROI_EFFORT_COST) and by category, and the split of every
cost into paid, organic and earned.

Staff hours and other costs are entered **per month** (the Basis column says
*Monthly*, or is blank) and multiplied by the months of the period (``PeriodMonths``), or
**for the period** (*This period*) and counted as entered. Recurring costs — salaries,
subscriptions, content retainers — are monthly, so a month, a quarter or a year book
stays right when the period changes; one-off costs (a conference, a research project)
are entered for the period they fall in.

**The previous period** (the one of the same length just before, ``PrevStart`` to
``PrevEnd``) has the same lines: a monthly line is multiplied by the previous period's
months (``PrevMonths``, counted the same way), a *This period* line needs its previous
amount in the column *Previous period* (hours for a role, money for a cost line; an input
of its own). An amount entered there is the line's for the whole previous period, whatever
its basis (a subscription whose price changed). When a *This period* line has a current amount and no previous one, the
previous total cost is unknown: ``PrevCostMissing`` names the lines and Summary shows "–"
instead of a lower cost. Campaign spend of the rows dated in the previous period is added
in the book currency, as for the period.

Each line has shares of paid, organic and earned. A line with no shares is **not
allocated**: it counts in the total cost and the social ROI but in none of paid, organic
and earned (Summary shows it on its own line), so a missing share never flatters one of
them. Campaign spend goes to the Type of its Campaigns row.
"""

from __future__ import annotations

from openpyxl.styles import Alignment

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
PREV_IN, PREV_OUT, PREV_MISSING = "V", "W", "X"  # previous period: input, hours or amount, missing line
PREV_FIRST = 26  # the previous period's totals (columns V to X, below the lines)
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
           S=11, T=8, U=3, V=11, W=11, X=24)  # fmt: skip
    n = len(st.COST_CHANNELS)
    first_ch, last_ch = col(0), col(n - 1)
    roles_first = book.row("roles")

    # --- staff time -------------------------------------------------------------------------------
    section(ws, f"A{STAFF_FIRST - 2}", "Staff time: hours by role and channel, and each role's split into paid, organic, earned")
    header(ws, STAFF_FIRST - 1, 1, ["Role", "Rate per hour", "Basis", *st.COST_CHANNELS, "Paid", "Organic", "Earned",
                                    "Months counted", "Hours", "Staff cost", "Rate × months", "Shares"])  # fmt: skip
    header(ws, STAFF_FIRST - 1, 22, ["Previous period: hours", "Hours, previous period", "No previous hours"])
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
        inp(ws, f"{PREV_IN}{r}", None, COUNT)
        _previous_formulas(ws, r, f"Role {i + 1}", COUNT)
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
    header(ws, OTHER_FIRST - 1, 22, ["Previous period: amount", "Cost, previous period", "No previous amount"])
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
        inp(ws, f"{PREV_IN}{r}", None, MONEY)
        _previous_formulas(ws, r, label, MONEY)
    r = other_last + 1
    put(ws, f"A{r}", "Other costs in the period", style=TOTAL)
    for j in range(n):
        c = col(j)
        put(ws, f"{c}{r}", f"=SUMPRODUCT({c}{OTHER_FIRST}:{c}{other_last},$P${OTHER_FIRST}:$P${other_last})", MONEY, TOTAL)
    put(ws, f"R{r}", f"=SUM(R{OTHER_FIRST}:R{other_last})", MONEY, TOTAL)
    other_row = r
    dropdown(ws, st.BASES, f"C{STAFF_FIRST}:C{staff_last} C{OTHER_FIRST}:C{other_last}")
    _previous_totals(book, ws, staff_last, other_last)

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


def _previous_formulas(ws, r: int, name: str, fmt: str) -> None:
    """A line's hours or amount in the previous period — as entered for it, else a monthly
    line's per month × ``PrevMonths`` — and its name when a *This period* line has a current
    amount but no previous one."""
    last = col(len(st.COST_CHANNELS) - 1)
    v = f"{PREV_IN}{r}"
    put(ws, f"{PREV_OUT}{r}", f'=IF({v}<>"",{v},IF(C{r}="This period",0,SUM(D{r}:{last}{r})*PrevMonths))', fmt)
    label = f'IF(A{r}="","{name}",A{r})' if name.startswith("Role") else f'"{name}"'
    put(ws, f"{PREV_MISSING}{r}", f'=IF(AND(C{r}="This period",SUM(D{r}:{last}{r})<>0,{PREV_IN}{r}=""),{label},"")',
        style=NOTE)  # fmt: skip


def _previous_totals(book: Book, ws, staff_last: int, other_last: int) -> None:
    """The previous period's total cost: the same lines (monthly ones × ``PrevMonths``, the
    others as entered for it) by ``SOCROI_EFFORT_COST``, plus the campaign spend of the rows
    dated in it; and the lines whose previous amount is missing."""
    p = PREV_FIRST
    section(ws, f"{PREV_IN}{p}", "Previous period: the same lines")
    lines = [f"{PREV_MISSING}{r}" for r in (*range(STAFF_FIRST, staff_last + 1), *range(OTHER_FIRST, other_last + 1))]
    joined = "&".join(f'IF({c}="","","; "&{c})' for c in lines)
    x = PREV_MISSING
    rows = (
        ("Period", '=IF(PeriodSet,PrevLabel,"")', None, None),
        ("Months (monthly lines × this)", "=PrevMonths", "0.00", None),
        ("Campaign spend of its rows", '=SUMIFS(Campaigns[Book spend],Campaigns[In period],"Previous")', MONEY, None),
        ("Lines and spend with a previous amount", f"=SOCROI_EFFORT_COST({PREV_OUT}{STAFF_FIRST}:{PREV_OUT}{staff_last},"
         f"B{STAFF_FIRST}:B{staff_last},{PREV_OUT}{OTHER_FIRST}:{PREV_OUT}{other_last})+{x}{p + 3}", MONEY, None),
        ("Lines with no previous amount", f"=MID({joined},3,1000)", None, "PrevCostMissing"),
        ("Total cost, previous period", f'=IF(AND({x}{p + 5}<>"",ISNUMBER({x}{p + 4})),"–",{x}{p + 4})', MONEY,
         "PrevTotalCost"),
    )  # fmt: skip
    for i, (label, formula, fmt, name) in enumerate(rows):
        r = p + 1 + i
        put(ws, f"{PREV_IN}{r}", label, style=TOTAL if name == "PrevTotalCost" else None)
        put(ws, f"{x}{r}", formula, fmt, TOTAL if name == "PrevTotalCost" else None)
        ws[f"{x}{r}"].alignment = Alignment(horizontal="right")
        if name:
            book.define(name, ws, f"{x}{r}")
    put(ws, f"{PREV_IN}{p + 1 + len(rows)}", "A This period line needs its previous amount (column V); until then "
        "the previous total cost is –, never a lower one.", style=NOTE)  # fmt: skip
    assert p + 1 + len(rows) < TOTAL_ROW


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
