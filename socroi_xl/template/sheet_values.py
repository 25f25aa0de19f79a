"""The Values sheet: direct sales from Campaigns, actions × assigned value, follower growth,
PPC-equivalent value of organic traffic, service costs saved, the follower vs
non-follower comparison and a tracked-link builder.

Each thing is priced once (the rule is written on the sheet and in docs/template.md):

* direct sales are the revenue of the Campaigns rows in the period;
* a purchase takes one reach, one impression, one link click and one lead away from what
  the action values price: they led to it, and the purchase is priced already — by its
  revenue, or, on a row without revenue, by the value of one purchase;
* organic link clicks are priced as PPC-equivalent value when the organic visits table has
  them: those visits are taken away from the organic link clicks before clicks are priced.

The previous period (the one of the same length just before) is valued the same way, to
the right of the sheet: direct sales and the action counts from the Campaigns rows dated
in it, counted once by the same rules; what is entered for the period (new follows, demo
or trial requests, downloads, sign-ups, organic visits by keyword, service costs saved and
the follower uplift) has a previous-period input beside it. When an input has a current
amount and no previous one, the previous figure is unknown and named in
``PrevActionMissing``, ``PrevPPCMissing`` or ``PrevIndirectMissing`` (Summary shows "–").
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.formula import ArrayFormula

from . import structure as st
from .book import Book
from .sheet_inputs import FORMATS
from .styles import (
    COUNT,
    MONEY,
    MONEY2,
    MONEY2Z,
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

IN_PERIOD = 'Campaigns[In period],"Current"'
TYPE_COLS = "BCD"  # Paid, Organic, Earned in the by-type tables
PREV_COLS = "QRS"  # the same for the previous period (label in P)
SALES = 6
TOTALS = 18
ACTIONS = 30
MIX = 30
MACRO = 37
FOLLOWERS = 47
PPC = 59
SERVICE = 75
SEGMENTS = 82
PREV_VALUE = 75  # header row of the previous period's value (columns P and Q)
UTM = 100
RULE = ("Each thing is priced once. A purchase is priced by its revenue (or, on a row without revenue, by the value "
        "of one purchase), so the reach, impression, link click and lead that led to it are taken away from what "
        "actions price; organic visits priced as PPC-equivalent value are taken away from organic link clicks.")  # fmt: skip

#: The per-type campaign totals the action counts come from: (label, Campaigns column, extra criteria).
TOTAL_ROWS: tuple[tuple[str, str, str], ...] = (
    ("Reach", "Reach", ""),
    ("Impressions", "Impressions", ""),
    ("Engagements", "Engagements", ""),
    ("Link clicks", "Clicks", ""),
    ("Leads", "Leads", ""),
    ("Purchases", "Conversions", ""),
    ("Purchases on rows without revenue", "Conversions", ",Campaigns[Book revenue],0"),
    ("Revenue", "Book revenue", ""),
)
_T = {label: TOTALS + i for i, (label, _, _) in enumerate(TOTAL_ROWS)}


def build(book: Book) -> None:
    """Lay out the Values sheet; defines ``DirectSales``, ``ActionValue``, ``PPCValue``,
    ``IndirectValue`` and friends."""
    ws = book.sheet("Values")
    title(ws, "Values", "A money figure for what social produced in the period. Yellow cells are inputs. " + RULE)
    widths(ws, A=42, B=14, C=14, D=14, E=14, F=14, G=22, H=14, I=14, J=26, K=3, L=30, M=12, N=12, O=3, P=40,
           Q=13, R=13, S=13, T=13, U=13, V=13)  # fmt: skip
    _direct_sales(book, ws)
    _totals(ws)
    _totals(ws, "Previous")
    _actions(book, ws)
    _previous_actions(book, ws)
    _followers(book, ws)
    _ppc(book, ws)
    _indirect(book, ws)
    _previous(book, ws)
    _utm(book, ws)
    ws.freeze_panes = "A4"


def _direct_sales(book: Book, ws) -> None:
    section(ws, f"A{SALES - 2}", "Direct sales attributed to social (tracked links, UTM, pixels), from Campaigns")
    header(ws, SALES - 1, 1, ["Channel", *st.TYPES, "Total"])
    for i, channel in enumerate(st.CHANNELS):
        r = SALES + i
        put(ws, f"A{r}", channel)
        for c in TYPE_COLS:
            put(ws, f"{c}{r}", f"=SUMIFS(Campaigns[Book revenue],Campaigns[Channel],$A{r},Campaigns[Type],{c}${SALES - 1},"
                f"{IN_PERIOD})", MONEY)  # fmt: skip
        put(ws, f"E{r}", f"=SUM(B{r}:D{r})", MONEY)
    r = SALES + len(st.CHANNELS)
    put(ws, f"A{r}", "All channels", style=TOTAL)
    for c in TYPE_COLS:
        put(ws, f"{c}{r}", f"=SUMIFS(Campaigns[Book revenue],Campaigns[Type],{c}${SALES - 1},{IN_PERIOD})", MONEY, TOTAL)
    put(ws, f"E{r}", f"=SUM(B{r}:D{r})", MONEY, TOTAL)
    book.define("DirectSales", ws, f"E{r}")
    book.anchor("sales_by_type", ws, f"B{r}:D{r}")
    put(ws, f"A{r + 1}", "Revenue of the Campaigns rows in the period, in the book currency.", style=NOTE)


def _totals(ws, status: str = "Current") -> None:
    """The per-type totals of the Campaigns rows of the period (or of the previous one, in
    columns P to T)."""
    current = status == "Current"
    label_col, cols, all_col = ("A", TYPE_COLS, "E") if current else ("P", PREV_COLS, "T")
    what = "in the period" if current else "dated in the previous period"
    section(ws, f"{label_col}{TOTALS - 2}", f"Campaigns rows {what}, by type: what the action counts below start from")
    header(ws, TOTALS - 1, ord(label_col) - 64, ["Figure", *st.TYPES, "All social"])
    for label, column, extra in TOTAL_ROWS:
        r = _T[label]
        put(ws, f"{label_col}{r}", label)
        fmt = MONEY if column == "Book revenue" else COUNT
        for c in cols:
            put(ws, f"{c}{r}", f'=SUMIFS(Campaigns[{column}],Campaigns[Type],{c}${TOTALS - 1},Campaigns[In period],'
                f'"{status}"{extra})', fmt)  # fmt: skip
        put(ws, f"{all_col}{r}", f"=SUM({cols[0]}{r}:{cols[-1]}{r})", fmt)


def _actions(book: Book, ws) -> None:
    section(ws, f"A{ACTIONS - 2}", "Actions × assigned value (SOCROI_ACTION_VALUE), each counted once")
    header(ws, ACTIONS - 1, 1, ["Action", "Kind", *st.TYPES, "Not by type", "Counted", "Value of one", "Value",
                                "How it is counted"])  # fmt: skip
    actions_first = book.row("actions")
    mix_row = {name: MIX + i for i, name in enumerate(st.ENGAGEMENTS)}
    macro_row = {name: MACRO + i for i, name in enumerate(st.MACRO_INPUTS)}
    p = "{t}" + str(_T["Purchases"])

    def less_purchases(metric: str) -> str:
        return f"=MAX(0,{{t}}{_T[metric]}-{p})"

    per_type = {
        "Reach": (less_purchases("Reach"), "Reach − purchases"),
        "Impressions": (less_purchases("Impressions"), "Impressions − purchases"),
        "Link clicks": (less_purchases("Link clicks"), "Link clicks − purchases (organic: − PPC-equivalent visits)"),
        "Leads": (less_purchases("Leads"), "Leads − purchases"),
        "Purchases": ("={t}" + str(_T["Purchases on rows without revenue"]), "Only rows without revenue"),
    }
    for name in st.ENGAGEMENTS:
        per_type[name] = (f"={{t}}{_T['Engagements']}*$M${mix_row[name]}", "Engagements × mix")
    first = ACTIONS
    for i, (action, kind) in enumerate(st.ACTIONS):
        r = first + i
        put(ws, f"A{r}", action)
        put(ws, f"B{r}", kind)
        if action in per_type:
            formula, how = per_type[action]
            for out, t in zip("CDE", TYPE_COLS, strict=True):
                f = formula.format(t=t)
                if action == "Link clicks" and out == "D":  # organic
                    f = f"=MAX(0,{t}{_T['Link clicks']}-{t}{_T['Purchases']}-PPCVisits)"
                put(ws, f"{out}{r}", f, COUNT)
        elif action == "Follows":
            put(ws, f"F{r}", "=NewFollows", COUNT)
            how = "New follows (follower table)"
        else:
            put(ws, f"F{r}", f"=M{macro_row[action]}", COUNT)
            how = "Entered for the period →"
        put(ws, f"G{r}", f"=SUM(C{r}:F{r})", COUNT)
        put(ws, f"H{r}", f"=Inputs!B{actions_first + i}", MONEY3)
        put(ws, f"I{r}", f"=G{r}*H{r}", MONEY)
        put(ws, f"J{r}", how, style=NOTE)
    last = first + len(st.ACTIONS) - 1
    r = last + 1
    _action_value_row(ws, r, "A", "Action value", "CDEF", "G", "I", first, last)
    book.define("ActionValue", ws, f"I{r}")
    book.anchor("action_by_type", ws, f"C{r}:F{r}")
    put(ws, f"A{r + 1}", RULE, style=NOTE)

    # engagement mix and the macro actions counted outside Campaigns: inputs of their own
    section(ws, f"L{MIX - 2}", "Engagement mix (platform analytics)")
    header(ws, MIX - 1, 12, ["Engagement", "Share"])
    for name in st.ENGAGEMENTS:
        put(ws, f"L{mix_row[name]}", name)
        inp(ws, f"M{mix_row[name]}", book.data.engagement_mix.get(name), PCT)
    value_row = MIX + len(st.ENGAGEMENTS)
    likes = first + [a for a, _ in st.ACTIONS].index(st.ENGAGEMENTS[0])
    put(ws, f"L{value_row}", "Value of one engagement")
    put(ws, f"M{value_row}", f"=SOCROI_ACTION_VALUE(M{MIX}:M{value_row - 1},H{likes}:H{likes + len(st.ENGAGEMENTS) - 1})",
        MONEY3)  # fmt: skip
    book.define("ValuePerEngagement", ws, f"M{value_row}")
    section(ws, f"L{MACRO - 2}", "Counted outside Campaigns, for the period")
    header(ws, MACRO - 1, 12, ["Action", "Count", "Previous period"])
    names = {"Demo or trial requests": "DemoRequests", "Downloads": "Downloads", "Sign-ups": "SignUps"}
    for name in st.MACRO_INPUTS:
        put(ws, f"L{macro_row[name]}", name)
        inp(ws, f"M{macro_row[name]}", book.data.macro_counts.get(name), COUNT)
        inp(ws, f"N{macro_row[name]}", None, COUNT)
        book.define(names[name], ws, f"M{macro_row[name]}")


def _action_value_row(ws, r: int, at: str, label: str, by_type: str, count: str, value: str, first: int, last: int) -> None:
    """Row ``r`` of action value totals over rows ``first``..``last``: ``label`` in column
    ``at``, each of the ``by_type`` columns' counts valued at column H, and column ``value``
    the value of the ``count`` column's counts."""
    put(ws, f"{at}{r}", label, style=TOTAL)
    for c in by_type:
        put(ws, f"{c}{r}", f"=SOCROI_ACTION_VALUE({c}{first}:{c}{last},$H${first}:$H${last})", MONEY, TOTAL)
    put(ws, f"{value}{r}", f"=SOCROI_ACTION_VALUE({count}{first}:{count}{last},H{first}:H{last})", MONEY, TOTAL)


def _previous_actions(book: Book, ws) -> None:
    """The action value of the previous period, counted once by the same rules as the
    period's (columns P to V): per type from the previous period's totals, organic link
    clicks less the previous period's PPC-priced visits, follows and the macro actions
    counted outside Campaigns from their previous-period inputs."""
    section(ws, f"P{ACTIONS - 2}", "Previous period: actions × assigned value, counted once the same way")
    header(ws, ACTIONS - 1, 16, ["Action", *st.TYPES, "Not by type", "Counted", "Value"])
    macro_row = {name: MACRO + i for i, name in enumerate(st.MACRO_INPUTS)}
    mix_row = {name: MIX + i for i, name in enumerate(st.ENGAGEMENTS)}
    p = _T["Purchases"]
    first = ACTIONS
    for i, (action, _kind) in enumerate(st.ACTIONS):
        r = first + i
        put(ws, f"P{r}", action)
        for t in PREV_COLS:
            if action in ("Reach", "Impressions", "Leads"):
                f = f"=MAX(0,{t}{_T[action]}-{t}{p})"
            elif action == "Link clicks":
                ppc = "-PPCVisitsPrevious" if t == PREV_COLS[1] else ""  # organic
                f = f"=MAX(0,{t}{_T['Link clicks']}-{t}{p}{ppc})"
            elif action == "Purchases":
                f = f"={t}{_T['Purchases on rows without revenue']}"
            elif action in mix_row:
                f = f"={t}{_T['Engagements']}*$M${mix_row[action]}"
            else:
                continue
            put(ws, f"{t}{r}", f, COUNT)
        if action == "Follows":
            put(ws, f"T{r}", "=NewFollowsPrevious", COUNT)
        elif action in macro_row:
            put(ws, f"T{r}", f"=N{macro_row[action]}", COUNT)
        put(ws, f"U{r}", f"=SUM(Q{r}:T{r})", COUNT)
        put(ws, f"V{r}", f"=U{r}*H{r}", MONEY)
    last = first + len(st.ACTIONS) - 1
    r = last + 1
    _action_value_row(ws, r, "P", "Action value, previous period", "QRST", "U", "V", first, last)
    book.define("ActionValuePrevious", ws, f"V{r}")
    put(ws, f"P{r + 1}", "Values of one action as for the period (column H); counts from the rows dated in the "
        "previous period and the previous-period inputs.", style=NOTE)  # fmt: skip


def _followers(book: Book, ws) -> None:
    f0 = FOLLOWERS
    section(ws, f"A{f0 - 2}", "Follower growth (SOCROI_GROWTH); new follows as reported by each platform")
    header(ws, f0 - 1, 1, ["Platform", "Followers at start", "Followers at end", "New follows", "Growth",
                           "New follows, previous period"])  # fmt: skip
    for i, platform in enumerate(st.FOLLOWER_PLATFORMS):
        r = f0 + i
        start, end, follows = book.data.followers.get(platform, (None, None, None))
        put(ws, f"A{r}", platform)
        inp(ws, f"B{r}", start, COUNT)
        inp(ws, f"C{r}", end, COUNT)
        inp(ws, f"D{r}", follows, COUNT)
        put(ws, f"E{r}", f'=IF(B{r}=0,"",SOCROI_GROWTH(B{r},C{r}))', PCT)
        inp(ws, f"F{r}", None, COUNT)
    r = f0 + len(st.FOLLOWER_PLATFORMS)
    put(ws, f"A{r}", "All platforms", style=TOTAL)
    for c in "BCD":
        put(ws, f"{c}{r}", f"=SUM({c}{f0}:{c}{r - 1})", COUNT, TOTAL)
    put(ws, f"E{r}", f'=IF(B{r}=0,"",SOCROI_GROWTH(B{r},C{r}))', PCT, TOTAL)
    put(ws, f"F{r}", f"=SUM(F{f0}:F{r - 1})", COUNT, TOTAL)
    book.define("FollowerGrowth", ws, f"E{r}")
    book.define("FollowersAtStart", ws, f"B{r}")
    book.define("NewFollows", ws, f"D{r}")
    book.define("NewFollowsPrevious", ws, f"F{r}")
    assert r < PPC - 3


def _ppc(book: Book, ws) -> None:
    d = book.data
    section(ws, f"A{PPC - 2}", "PPC-equivalent value: organic social visits priced at published CPC "
            "(SOCROI_KEYWORD_CPC, SOCROI_PPC_VALUE)")  # fmt: skip
    header(ws, PPC - 1, 1, ["Keyword or topic of the visits", "Organic visits from social", "Matched CPC", "Value",
                            "Visits, previous period", "Value, previous period"])  # fmt: skip
    header(ws, PPC - 1, 7, ["Published keyword", "CPC"])
    kw_last = PPC + st.KEYWORD_ROWS - 1
    keywords = list(d.keyword_cpc) + [(None, None)] * (st.KEYWORD_ROWS - len(d.keyword_cpc))
    for i, (keyword, cpc) in enumerate(keywords):
        inp(ws, f"G{PPC + i}", keyword)
        inp(ws, f"H{PPC + i}", cpc, MONEY2)
    tr_last = PPC + st.TRAFFIC_ROWS - 1
    traffic = list(d.organic_traffic) + [(None, None)] * (st.TRAFFIC_ROWS - len(d.organic_traffic))
    for i, (topic, visits) in enumerate(traffic):
        r = PPC + i
        inp(ws, f"A{r}", topic)
        inp(ws, f"B{r}", visits, COUNT)
        inp(ws, f"E{r}", None, COUNT)
        # an empty row's CPC is 0 (shown blank); visits (of either period) without a
        # keyword, or a keyword without a published CPC, give #N/A
        ws[f"C{r}"] = ArrayFormula(
            f"C{r}",
            f'=IF(AND(A{r}="",B{r}=0,E{r}=0),0,SOCROI_KEYWORD_CPC(A{r},$G${PPC}:$G${kw_last},$H${PPC}:$H${kw_last}))',
        )
        ws[f"C{r}"].number_format = MONEY2Z
        put(ws, f"D{r}", f'=IF(B{r}=0,"",B{r}*C{r})', MONEY)
        put(ws, f"F{r}", f'=IF(E{r}=0,"",E{r}*C{r})', MONEY)
    r = max(kw_last, tr_last) + 1
    put(ws, f"A{r}", "PPC-equivalent value", style=TOTAL)
    put(ws, f"B{r}", f"=SUM(B{PPC}:B{tr_last})", COUNT, TOTAL)
    put(ws, f"D{r}", f"=IF(B{r}=0,0,SOCROI_PPC_VALUE(B{PPC}:B{tr_last},C{PPC}:C{tr_last}))", MONEY, TOTAL)
    put(ws, f"E{r}", f"=SUM(E{PPC}:E{tr_last})", COUNT, TOTAL)
    put(ws, f"F{r}", f"=IF(E{r}=0,0,SOCROI_PPC_VALUE(E{PPC}:E{tr_last},C{PPC}:C{tr_last}))", MONEY, TOTAL)
    book.define("PPCVisits", ws, f"B{r}")
    book.define("PPCValue", ws, f"D{r}")
    book.define("PPCVisitsPrevious", ws, f"E{r}")
    book.define("PPCValuePrevious", ws, f"F{r}")
    put(ws, f"A{r + 1}", "Keywords match whatever their case and spacing; visits with no published CPC show #N/A: add "
        "the keyword to the CPC table. These visits are not priced again as organic link clicks.", style=NOTE)  # fmt: skip
    assert r + 2 < SERVICE - 1


def _indirect(book: Book, ws) -> None:
    d = book.data
    section(ws, f"A{SERVICE - 1}", "Service costs saved by answering one-to-many on social")
    service = list(d.service) or [None] * len(st.SERVICE)
    for i, ((label, kind), value) in enumerate(zip(st.SERVICE, service, strict=True)):
        put(ws, f"A{SERVICE + i}", label)
        inp(ws, f"B{SERVICE + i}", value, FORMATS[kind])
    r = SERVICE + len(st.SERVICE)
    put(ws, f"A{r}", "Service costs saved", style=TOTAL)
    put(ws, f"B{r}", f"=B{SERVICE}*B{SERVICE + 1}*B{SERVICE + 2}", MONEY, TOTAL)
    book.define("ServiceSaved", ws, f"B{r}")

    s0 = SEGMENTS
    section(ws, f"A{s0 - 2}", "Followers vs non-followers: what following us is worth (SOCROI_UPLIFT)")
    header(ws, s0 - 1, 1, ["Metric", "Followers", "Non-followers", "Uplift", "Note"])
    segments = list(d.segments) or [(None, None)] * len(st.SEGMENTS)
    seg = {}
    for i, ((metric, kind, text), (fol, non)) in enumerate(zip(st.SEGMENTS, segments, strict=True)):
        r = s0 + i
        put(ws, f"A{r}", metric)
        inp(ws, f"B{r}", fol, FORMATS[kind])
        inp(ws, f"C{r}", non, FORMATS[kind])
        put(ws, f"D{r}", f'=IF(C{r}=0,"",SOCROI_UPLIFT(B{r},C{r}))', PCT)
        put(ws, f"E{r}", text, style=NOTE)
        seg[metric] = r
    v0 = s0 + len(st.SEGMENTS) + 1
    volumes = list(d.segment_volumes) or [None] * len(st.SEGMENT_VOLUMES)
    for i, ((label, kind), value) in enumerate(zip(st.SEGMENT_VOLUMES, volumes, strict=True)):
        put(ws, f"A{v0 + i}", label)
        inp(ws, f"B{v0 + i}", value, FORMATS[kind])
    aov, upsell = seg["Average order value"], seg["Upsell rate"]
    r = v0 + len(st.SEGMENT_VOLUMES)
    put(ws, f"A{r}", "Value of the larger orders: follower orders × AOV difference")
    put(ws, f"B{r}", f"=B{v0}*(B{aov}-C{aov})", MONEY)
    put(ws, f"A{r + 1}", "Value of the extra upsells: follower customers × upsell-rate difference × upsell value")
    put(ws, f"B{r + 1}", f"=B{v0 + 1}*(B{upsell}-C{upsell})*B{v0 + 2}", MONEY)
    put(ws, f"A{r + 2}", "Follower uplift value", style=TOTAL)
    put(ws, f"B{r + 2}", f"=B{r}+B{r + 1}", MONEY, TOTAL)
    book.define("SegmentValue", ws, f"B{r + 2}")
    put(ws, f"A{r + 4}", "Indirect value (service costs saved + follower uplift)", style=TOTAL)
    put(ws, f"B{r + 4}", "=ServiceSaved+SegmentValue", MONEY, TOTAL)
    book.define("IndirectValue", ws, f"B{r + 4}")
    put(ws, f"A{r + 5}", "Counted in the Summary's total value when Inputs › Count indirect value is Yes. "
        "Retention and time to purchase are shown, not priced.", style=NOTE)  # fmt: skip
    assert r + 5 < UTM - 2


def _previous(book: Book, ws) -> None:
    """The previous period's value beside the period's (columns P and Q): direct sales of
    the rows dated in it, its action and PPC-equivalent value, its indirect value (two
    amounts entered for it), and what is missing for each."""
    p = PREV_VALUE
    section(ws, f"P{p - 1}", "Previous period: value, and what is missing")
    header(ws, p, 16, ["Figure", "Amount"])
    macro = [(MACRO + i, name.lower()) for i, name in enumerate(st.MACRO_INPUTS)]
    f1, f2 = FOLLOWERS, FOLLOWERS + len(st.FOLLOWER_PLATFORMS) - 1
    actions_missing = f'IF(SUMPRODUCT((D{f1}:D{f2}<>0)*(F{f1}:F{f2}=""))>0,"; new follows","")' + "".join(
        f'&IF(AND(M{r}<>0,N{r}=""),"; {name}","")' for r, name in macro
    )
    v1, v2 = PPC, PPC + st.TRAFFIC_ROWS - 1
    ppc_missing = f'=IF(SUMPRODUCT((B{v1}:B{v2}<>0)*(E{v1}:E{v2}=""))>0,"organic visits by keyword","")'
    r = {key: p + 1 + i for i, key in enumerate(("sales", "action", "ppc", "service", "segment", "indirect",
                                                   "action_missing", "ppc_missing", "indirect_missing"))}  # fmt: skip

    def known(figure: str, missing: str) -> str:  # "–" when something is missing; an error still shows
        return f'=IF(AND(Q{r[missing]}<>"",ISNUMBER({figure})),"–",{figure})'

    rows = (
        ("Direct sales (revenue of the rows dated in it)",
         '=SUMIFS(Campaigns[Book revenue],Campaigns[In period],"Previous")', MONEY, "PrevDirectSales"),
        ("Action value (counted once, above)", known("ActionValuePrevious", "action_missing"), MONEY, "PrevActionValue"),
        ("PPC-equivalent value (visits, previous period)", known("PPCValuePrevious", "ppc_missing"), MONEY,
         "PrevPPCValue"),
        ("Service costs saved, previous period", None, MONEY, "ServiceSavedPrevious"),
        ("Follower uplift value, previous period", None, MONEY, "SegmentValuePrevious"),
        ("Indirect value, previous period", known(f"Q{r['service']}+Q{r['segment']}", "indirect_missing"), MONEY,
         "PrevIndirectValue"),
        ("No previous count of", f"=MID({actions_missing},3,1000)", None, "PrevActionMissing"),
        ("No previous-period visits", ppc_missing, None, "PrevPPCMissing"),
        ("No previous amount of", f'=MID(IF(AND(ServiceSaved<>0,Q{r["service"]}=""),"; service costs saved","")'
         f'&IF(AND(SegmentValue<>0,Q{r["segment"]}=""),"; follower uplift value",""),3,1000)', None,
         "PrevIndirectMissing"),
    )  # fmt: skip
    for (label, formula, fmt, name), row in zip(rows, r.values(), strict=True):
        put(ws, f"P{row}", label)
        if formula is None:
            inp(ws, f"Q{row}", None, fmt)
        else:
            put(ws, f"Q{row}", formula, fmt)
        book.define(name, ws, f"Q{row}")
        ws[f"Q{row}"].alignment = Alignment(horizontal="right")
    put(ws, f"P{p + 1 + len(rows)}", "Enter the previous period's amounts in the yellow cells (here, in the follower, "
        "macro-action and visits tables). An input with a current amount and no previous one makes the previous "
        'figure unknown: it shows "–" here and on Summary, which names what is missing.', style=NOTE)  # fmt: skip
    assert p + 1 + len(rows) < UTM - 2


def _utm(book: Book, ws) -> None:
    section(ws, f"A{UTM - 2}", "Tracked links: UTM parameters on every shared link (SOCROI_UTM)")
    header(ws, UTM - 1, 1, ["Base URL", "Source", "Medium", "Campaign", "Term", "Content", "Tagged link",
                            "utm_campaign read back"])  # fmt: skip
    links = list(book.data.utm_links) + [(None,) * 6] * (st.UTM_ROWS - len(book.data.utm_links))
    for i, values in enumerate(links):
        r = UTM + i
        for c, v in zip("ABCDEF", values, strict=True):
            inp(ws, f"{c}{r}", v)
        put(ws, f"G{r}", f'=IF(A{r}="","",SOCROI_UTM(A{r},B{r},C{r},D{r},E{r},F{r}))')
        put(ws, f"H{r}", f'=IF(A{r}="","",SOCROI_UTM_PARAM(G{r},"utm_campaign"))')
