"""The Costs sheet: staff time by role and channel, every other cost, totals by channel
(SOCROI_EFFORT_COST) and by category."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from . import example as ex
from .book import Book
from .styles import COUNT, MONEY, MONEY2, NOTE, PCT, TOTAL, header, inp, put, section, title, widths

CHANNELS = (*ex.PLATFORMS, "Shared")
FIRST_COL = 3  # C: first channel column
STAFF_FIRST = 6
OTHER_FIRST = 16
TOTAL_ROW = 27


def col(i: int) -> str:
    """Letter of the i-th channel column (0 = first platform, len(PLATFORMS) = Shared)."""
    return get_column_letter(FIRST_COL + i)


def build(book: Book) -> None:
    """Lay out the Costs sheet and define ``TotalCost``, ``StaffCost``, ``AdSpendPaid``."""
    ws = book.wb.create_sheet("Costs")
    title(ws, "Costs", "Everything the social effort takes, in the period. Shared: costs not tied to one platform.")
    widths(ws, A=46, B=12, **{col(i): 12 for i in range(len(CHANNELS))}, J=13, K=13)
    last_ch = col(len(CHANNELS) - 1)  # Shared column
    hours_col, cost_col = get_column_letter(FIRST_COL + len(CHANNELS)), get_column_letter(FIRST_COL + len(CHANNELS) + 1)
    roles_sheet_ref = book.anchors["roles"][1]
    roles_first = int(roles_sheet_ref.split(":")[0][1:])

    section(ws, "A4", "Staff time: hours in the period by role and channel")
    header(ws, 5, 1, ["Role", "Rate per hour", *CHANNELS, "Hours", "Staff cost"])
    staff_last = STAFF_FIRST + len(ex.ROLES) - 1
    for i, hours in enumerate(ex.STAFF_HOURS):
        r = STAFF_FIRST + i
        put(ws, f"A{r}", f"=Inputs!A{roles_first + i}")
        put(ws, f"B{r}", f"=Inputs!B{roles_first + i}", MONEY2)
        for j, h in enumerate(hours):
            inp(ws, f"{col(j)}{r}", h, COUNT)
        put(ws, f"{hours_col}{r}", f"=SUM(C{r}:{last_ch}{r})", COUNT)
        put(ws, f"{cost_col}{r}", f"=SOCROI_EFFORT_COST(C{r}:{last_ch}{r},B{r})", MONEY)
    r = staff_last + 1
    put(ws, f"A{r}", "Staff cost", style=TOTAL)
    for j in range(len(CHANNELS)):
        c = col(j)
        put(ws, f"{c}{r}", f"=SOCROI_EFFORT_COST({c}{STAFF_FIRST}:{c}{staff_last},$B${STAFF_FIRST}:$B${staff_last})",
            MONEY, TOTAL)  # fmt: skip
    put(ws, f"{hours_col}{r}", f"=SUM({hours_col}{STAFF_FIRST}:{hours_col}{staff_last})", COUNT, TOTAL)
    put(ws, f"{cost_col}{r}", f"=SUM({cost_col}{STAFF_FIRST}:{cost_col}{staff_last})", MONEY, TOTAL)
    staff_total = f"{cost_col}{r}"
    book.define("StaffCost", ws, staff_total)

    section(ws, "A14", "Other costs in the period")
    header(ws, 15, 1, ["Cost", "Source", *CHANNELS, "Total"])
    other_last = OTHER_FIRST + len(ex.OTHER_COSTS) - 1
    platforms_hdr = f"$C$5:${col(len(ex.PLATFORMS) - 1)}$5"
    for i, (label, amounts) in enumerate(ex.OTHER_COSTS):
        r = OTHER_FIRST + i
        put(ws, f"A{r}", label)
        if amounts is not None:
            put(ws, f"B{r}", "input", style=NOTE)
            for j, amount in enumerate(amounts):
                inp(ws, f"{col(j)}{r}", amount, MONEY)
        else:
            paid = i == 1
            put(ws, f"B{r}", "Campaigns", style=NOTE)
            for j in range(len(ex.PLATFORMS)):
                c = col(j)
                if paid:
                    f = f'=SUMIFS(Campaigns[Spend],Campaigns[Platform],{c}$5,Campaigns[Type],"Paid")'
                else:
                    # rounded to cents: two sums of the same amounts may differ by 1e-12
                    f = f"=ROUND(SUMIFS(Campaigns[Spend],Campaigns[Platform],{c}$5)-{c}{r - 1},2)"
                put(ws, f"{c}{r}", f, MONEY)
            # spend on platforms not listed above lands in Shared, so nothing is lost
            if paid:
                f = f'=ROUND(SUMIFS(Campaigns[Spend],Campaigns[Type],"Paid")-SUM(C{r}:{col(len(ex.PLATFORMS) - 1)}{r}),2)'
            else:
                f = f"=ROUND(SUM(Campaigns[Spend])-SUM(C{r - 1}:{last_ch}{r - 1})-SUM(C{r}:{col(len(ex.PLATFORMS) - 1)}{r}),2)"
            put(ws, f"{last_ch}{r}", f, MONEY)
        put(ws, f"{hours_col}{r}", f"=SUM(C{r}:{last_ch}{r})", MONEY, TOTAL)
    book.define("AdSpendPaid", ws, f"{hours_col}{OTHER_FIRST + 1}")
    r = other_last + 1
    put(ws, f"A{r}", "Other costs", style=TOTAL)
    for j in range(len(CHANNELS) + 1):
        c = get_column_letter(FIRST_COL + j)
        put(ws, f"{c}{r}", f"=SUM({c}{OTHER_FIRST}:{c}{other_last})", MONEY, TOTAL)

    section(ws, "A25", "Total cost by channel: staff hours × rate + other costs (SOCROI_EFFORT_COST)")
    header(ws, 26, 1, ["", "", *CHANNELS, "Total"])
    t = TOTAL_ROW
    put(ws, f"A{t}", "Total cost", style=TOTAL)
    for j in range(len(CHANNELS)):
        c = col(j)
        put(ws, f"{c}{t}",
            f"=SOCROI_EFFORT_COST({c}{STAFF_FIRST}:{c}{staff_last},$B${STAFF_FIRST}:$B${staff_last},"
            f"{c}{OTHER_FIRST}:{c}{other_last})", MONEY, TOTAL)  # fmt: skip
    put(ws, f"{hours_col}{t}", f"=SUM(C{t}:{last_ch}{t})", MONEY, TOTAL)
    book.define("TotalCost", ws, f"{hours_col}{t}")
    put(ws, f"A{t + 1}", "Share of total")
    for j in range(len(CHANNELS)):
        c = col(j)
        put(ws, f"{c}{t + 1}", f'=IF(${hours_col}${t}=0,"",{c}{t}/${hours_col}${t})', PCT)
    book.anchor("channel_costs", ws, f"C{t}:{col(len(ex.PLATFORMS) - 1)}{t}")
    book.anchor("channel_names", ws, platforms_hdr.replace("$", ""))

    section(ws, "A30", "Total cost by category")
    header(ws, 31, 1, ["Category", "Cost", "Share"])
    categories = [("Staff time", f"={staff_total}")] + [
        (label, f"={hours_col}{OTHER_FIRST + i}") for i, (label, _) in enumerate(ex.OTHER_COSTS)
    ]
    first = 32
    for i, (label, f) in enumerate(categories):
        r = first + i
        put(ws, f"A{r}", label)
        put(ws, f"B{r}", f, MONEY)
    last = first + len(categories) - 1
    for r in range(first, last + 1):
        put(ws, f"C{r}", f'=IF($B${last + 1}=0,"",B{r}/$B${last + 1})', PCT)
    put(ws, f"A{last + 1}", "Total", style=TOTAL)
    put(ws, f"B{last + 1}", f"=SUM(B{first}:B{last})", MONEY, TOTAL)
    put(ws, f"A{last + 2}", "Check: total by channel − total by category (0 when consistent)", style=NOTE)
    put(ws, f"B{last + 2}", f"=ROUND({hours_col}{t}-B{last + 1},2)", MONEY2, NOTE)
    book.anchor("cost_mix_labels", ws, f"A{first}:A{last}")
    book.anchor("cost_mix", ws, f"B{first}:B{last}")
    ws.freeze_panes = "C6"
