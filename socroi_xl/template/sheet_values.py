"""The Values sheet: direct sales from tracked links, actions × assigned value, follower
growth, PPC-equivalent value of organic traffic, service costs saved and the follower
vs non-follower comparison."""

from __future__ import annotations

from openpyxl.worksheet.formula import ArrayFormula

from . import example as ex
from .book import Book
from .sheet_inputs import FORMATS
from .styles import (
    COUNT,
    MONEY,
    MONEY2,
    MONEY3,
    NOTE,
    PCT,
    TOTAL,
    header,
    inp,
    put,
    section,
    title,
    widths,
)

#: Defined names of the macro-action counts entered here (the Funnel shows them).
MACRO_NAMES = {"Demo or trial requests": "DemoRequests", "Downloads": "Downloads", "Sign-ups": "SignUps"}

#: Where each action's count comes from (Campaigns columns, the engagement mix, inputs).
COUNT_FORMULAS = {
    "Reach": "=SUM(Campaigns[Reach])",
    "Impressions": "=SUM(Campaigns[Impressions])",
    "Link clicks": "=SUM(Campaigns[Clicks])",
    "Leads": "=SUM(Campaigns[Leads])",
    "Purchases": "=SUM(Campaigns[Conversions])",
}


def build(book: Book) -> None:
    """Lay out the Values sheet; defines ``DirectSales``, ``ActionValue``, ``PPCValue``,
    ``IndirectValue`` and friends."""
    ws = book.wb.create_sheet("Values")
    title(ws, "Values", "A money figure for what social produced. Yellow cells are inputs.")
    widths(ws, A=44, B=16, C=16, D=16, E=16, F=16, G=22, H=24, I=12)

    # --- direct sales ------------------------------------------------------------------
    section(ws, "A4", "Direct sales attributed to social (tracked links, UTM, pixels), from Campaigns")
    header(ws, 5, 1, ["Platform", *ex.TYPES, "Total"])
    first = 6
    for i, platform in enumerate(ex.PLATFORMS):
        r = first + i
        put(ws, f"A{r}", platform)
        for c in "BCD":
            put(ws, f"{c}{r}",
                f"=SUMIFS(Campaigns[Revenue],Campaigns[Platform],$A{r},Campaigns[Type],{c}$5)", MONEY)  # fmt: skip
        put(ws, f"E{r}", f"=SUM(B{r}:D{r})", MONEY)
    last = first + len(ex.PLATFORMS) - 1
    r = last + 1
    put(ws, f"A{r}", "All platforms", style=TOTAL)
    for c in "BCD":
        put(ws, f"{c}{r}", f"=SUMIFS(Campaigns[Revenue],Campaigns[Type],{c}$5)", MONEY, TOTAL)
    put(ws, f"E{r}", "=SUM(Campaigns[Revenue])", MONEY, TOTAL)
    book.define("DirectSales", ws, f"E{r}")

    # --- tracked links -----------------------------------------------------------------
    section(ws, "A15", "Tracked links: UTM parameters on every shared link (SOCROI_UTM)")
    header(ws, 16, 1, ["Base URL", "Source", "Medium", "Campaign", "Term", "Content", "Tagged link", "utm_campaign read back"])
    for i, (url, source, medium, campaign, term, content) in enumerate(ex.UTM_LINKS):
        r = 17 + i
        for c, v in zip("ABCDEF", (url, source, medium, campaign, term, content), strict=True):
            inp(ws, f"{c}{r}", v)
        put(ws, f"G{r}", f'=IF(A{r}="","",SOCROI_UTM(A{r},B{r},C{r},D{r},E{r},F{r}))')
        put(ws, f"H{r}", f'=IF(G{r}="","",SOCROI_UTM_PARAM(G{r},"utm_campaign"))')

    # --- actions -----------------------------------------------------------------------
    section(ws, "A23", "Actions × assigned value (SOCROI_ACTION_VALUE)")
    header(ws, 24, 1, ["Action", "Kind", "Count", "Value of one", "Value", "Count from"])
    put(ws, "H23", "Engagement mix (platform analytics)", style=TOTAL)
    header(ws, 24, 8, ["Engagement", "Share"])
    mix_rows = {}
    for i, (kind, share) in enumerate(ex.ENGAGEMENT_MIX):
        put(ws, f"H{25 + i}", kind)
        inp(ws, f"I{25 + i}", share, PCT)
        mix_rows[kind] = 25 + i
    put(ws, "H28", "Value of one engagement")
    put(ws, "I28", "=SOCROI_ACTION_VALUE(I25:I27,D27:D29)", MONEY3)
    book.define("ValuePerEngagement", ws, "I28")

    follow_total_row = 48
    macro = dict(ex.MACRO_COUNTS)
    actions_first_in_inputs = int(book.anchors["actions"][1].split(":")[0][1:])
    first = 25
    for i, (action, kind, _value, _note) in enumerate(ex.ACTIONS):
        r = first + i
        put(ws, f"A{r}", action)
        put(ws, f"B{r}", kind)
        if action in COUNT_FORMULAS:
            put(ws, f"C{r}", COUNT_FORMULAS[action], COUNT)
            put(ws, f"F{r}", "Campaigns", style=NOTE)
        elif action in mix_rows:
            put(ws, f"C{r}", f"=SUM(Campaigns[Engagements])*I{mix_rows[action]}", COUNT)
            put(ws, f"F{r}", "Campaigns engagements × mix", style=NOTE)
        elif action == "Follows":
            put(ws, f"C{r}", f"=E{follow_total_row}", COUNT)
            put(ws, f"F{r}", "Follower growth below", style=NOTE)
        else:
            inp(ws, f"C{r}", macro[action], COUNT)
            book.define(MACRO_NAMES[action], ws, f"C{r}")
            put(ws, f"F{r}", "input", style=NOTE)
        put(ws, f"D{r}", f"=Inputs!B{actions_first_in_inputs + i}", MONEY3)
        put(ws, f"E{r}", f"=C{r}*D{r}", MONEY)
    last = first + len(ex.ACTIONS) - 1
    r = last + 1
    put(ws, f"A{r}", "Action value", style=TOTAL)
    put(ws, f"E{r}", f"=SOCROI_ACTION_VALUE(C{first}:C{last},D{first}:D{last})", MONEY, TOTAL)
    book.define("ActionValue", ws, f"E{r}")
    assert ex.ACTIONS[2][0] == "Likes" and ex.ACTIONS[4][0] == "Shares"  # I28 pairs I25:I27 with D27:D29

    # --- follower growth ----------------------------------------------------------------
    section(ws, "A40", "Follower growth (SOCROI_GROWTH); new follows as reported by each platform")
    header(ws, 41, 1, ["Platform", "Followers at start", "Followers at end", "Growth", "New follows"])
    for i, (platform, start, end, follows) in enumerate(ex.FOLLOWERS):
        r = 42 + i
        put(ws, f"A{r}", platform)
        inp(ws, f"B{r}", start, COUNT)
        inp(ws, f"C{r}", end, COUNT)
        put(ws, f"D{r}", f'=IF(B{r}="","",SOCROI_GROWTH(B{r},C{r}))', PCT)
        inp(ws, f"E{r}", follows, COUNT)
    r = follow_total_row
    assert r == 42 + len(ex.FOLLOWERS)
    put(ws, f"A{r}", "All platforms", style=TOTAL)
    for c in "BCE":
        put(ws, f"{c}{r}", f"=SUM({c}42:{c}{r - 1})", COUNT, TOTAL)
    put(ws, f"D{r}", f'=IF(B{r}=0,"",SOCROI_GROWTH(B{r},C{r}))', PCT, TOTAL)
    book.define("FollowerGrowth", ws, f"D{r}")
    book.define("NewFollows", ws, f"E{r}")

    # --- PPC-equivalent value -------------------------------------------------------------
    section(ws, "A51", "PPC-equivalent value: organic social traffic priced at published CPC (SOCROI_KEYWORD_CPC, SOCROI_PPC_VALUE)")
    header(ws, 52, 1, ["Keyword or topic of the visits", "Organic visits from social", "Matched CPC", "Value"])
    header(ws, 52, 7, ["Published keyword", "CPC"])
    kw_first, kw_last = 53, 53 + len(ex.KEYWORD_CPC) - 1
    for i, (keyword, cpc) in enumerate(ex.KEYWORD_CPC):
        inp(ws, f"G{kw_first + i}", keyword)
        inp(ws, f"H{kw_first + i}", cpc, MONEY2)
    tr_first, tr_last = 53, 53 + len(ex.ORGANIC_TRAFFIC) - 1
    for i, (topic, visits) in enumerate(ex.ORGANIC_TRAFFIC):
        r = tr_first + i
        inp(ws, f"A{r}", topic)
        inp(ws, f"B{r}", visits, COUNT)
        put(ws, f"D{r}", f'=IF(B{r}=0,"",B{r}*C{r})', MONEY)
    cpc_ref = f"C{tr_first}:C{tr_last}"
    ws[f"C{tr_first}"] = ArrayFormula(
        cpc_ref, f"=SOCROI_KEYWORD_CPC(A{tr_first}:A{tr_last},$G${kw_first}:$G${kw_last},$H${kw_first}:$H${kw_last})"
    )
    for r in range(tr_first, tr_last + 1):
        ws[f"C{r}"].number_format = MONEY2
    r = kw_last + 1
    put(ws, f"A{r}", "PPC-equivalent value", style=TOTAL)
    put(ws, f"D{r}", f"=IF(SUM(B{tr_first}:B{tr_last})=0,0,SOCROI_PPC_VALUE(B{tr_first}:B{tr_last},{cpc_ref}))",
        MONEY, TOTAL)  # fmt: skip
    put(ws, f"A{r + 1}", "Keywords match whatever their case and spacing; a keyword with visits and no "
        "published CPC shows #N/A: add it to the CPC table.", style=NOTE)  # fmt: skip
    book.define("PPCValue", ws, f"D{r}")

    # --- indirect value ---------------------------------------------------------------------
    section(ws, "A66", "Service costs saved by answering one-to-many on social")
    for i, (label, value, kind) in enumerate(ex.SERVICE):
        put(ws, f"A{67 + i}", label)
        inp(ws, f"B{67 + i}", value, FORMATS[kind])
    put(ws, "A70", "Service costs saved", style=TOTAL)
    put(ws, "B70", "=B67*B68*B69", MONEY, TOTAL)
    book.define("ServiceSaved", ws, "B70")

    section(ws, "A72", "Followers vs non-followers: what following us is worth (SOCROI_UPLIFT)")
    header(ws, 73, 1, ["Metric", "Followers", "Non-followers", "Uplift", "Note"])
    seg = {}
    for i, (metric, fol, non, kind, note) in enumerate(ex.SEGMENTS):
        r = 74 + i
        put(ws, f"A{r}", metric)
        inp(ws, f"B{r}", fol, FORMATS[kind])
        inp(ws, f"C{r}", non, FORMATS[kind])
        put(ws, f"D{r}", f'=IF(C{r}="","",SOCROI_UPLIFT(B{r},C{r}))', PCT)
        put(ws, f"E{r}", note, style=NOTE)
        seg[metric] = r
    for i, (label, value, kind) in enumerate(ex.SEGMENT_VOLUMES):
        put(ws, f"A{79 + i}", label)
        inp(ws, f"B{79 + i}", value, FORMATS[kind])
    aov, upsell = seg["Average order value"], seg["Upsell rate"]
    put(ws, "A82", "Value of the larger orders: follower orders × AOV difference")
    put(ws, "B82", f"=B79*(B{aov}-C{aov})", MONEY)
    put(ws, "A83", "Value of the extra upsells: follower customers × upsell-rate difference × upsell value")
    put(ws, "B83", f"=B80*(B{upsell}-C{upsell})*B81", MONEY)
    put(ws, "A84", "Follower uplift value", style=TOTAL)
    put(ws, "B84", "=B82+B83", MONEY, TOTAL)
    book.define("SegmentValue", ws, "B84")
    put(ws, "A86", "Indirect value (service costs saved + follower uplift)", style=TOTAL)
    put(ws, "B86", "=ServiceSaved+SegmentValue", MONEY, TOTAL)
    book.define("IndirectValue", ws, "B86")
    put(ws, "A87", "Counted in the Summary's total value when Inputs › Count indirect value is Yes. "
        "Retention and time to purchase are shown, not priced.", style=NOTE)  # fmt: skip
    ws.freeze_panes = "A4"
