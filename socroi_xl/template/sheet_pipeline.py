"""The Pipeline sheet (issue 7): per channel MQL → SQL → opportunity → won, stage and
overall rates (SOCROI_FUNNEL), pipeline value, won revenue, cost per MQL and SQL, the
conversions credited under a chosen attribution model (SOCROI_ATTRIBUTE), assisted
conversions (SOCROI_ASSISTS) and time-decay weights (SOCROI_DECAY_WEIGHTS)."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from . import example as ex
from .book import Book
from .styles import (
    COUNT,
    DECIMAL,
    MONEY,
    MONEY2,
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

STAGES = ("MQL", "SQL", "Opportunities", "Won")
TRANSITIONS = ("MQL → SQL", "SQL → opportunity", "Opportunity → won")


def _channels() -> list[str]:
    return list(ex.PIPELINE)


def build(book: Book) -> None:
    """Lay out the Pipeline sheet."""
    ws = book.wb.create_sheet("Pipeline")
    title(ws, "Pipeline (B2B)",
          "Office-tea subscriptions for companies (example data): leads by the channel that sourced them.")  # fmt: skip
    channels = _channels()
    n = len(channels)
    cols = [get_column_letter(2 + i) for i in range(n)]
    tot = get_column_letter(2 + n)  # All social
    widths(ws, A=40, **{c: 14 for c in [*cols, tot]}, J=4, K=38, L=14, M=14)

    header(ws, 4, 1, ["Stage", *channels, "All social"])
    for i, stage in enumerate(STAGES):
        r = 5 + i
        put(ws, f"A{r}", stage)
        for c, channel in zip(cols, channels, strict=True):
            inp(ws, f"{c}{r}", ex.PIPELINE[channel][i], COUNT)
        put(ws, f"{tot}{r}", f"=SUM(B{r}:{cols[-1]}{r})", COUNT, TOTAL)
    block = f"B5:{tot}8"

    section(ws, "A10", "Stage rates (SOCROI_FUNNEL)")
    header(ws, 11, 1, ["Step: each stage over the one before", *channels, "All social"])
    header(ws, 15, 1, ["Overall: each stage over MQL", *channels, "All social"])
    for i, label in enumerate(TRANSITIONS):
        put(ws, f"A{12 + i}", label)
        put(ws, f"A{16 + i}", label)
    ws["B12"] = ArrayFormula(f"B12:{tot}14", f"=SOCROI_FUNNEL({block})")
    ws["B16"] = ArrayFormula(f"B16:{tot}18", f'=SOCROI_FUNNEL({block},"overall")')
    for r in (12, 13, 14, 16, 17, 18):
        for c in [*cols, tot]:
            ws[f"{c}{r}"].number_format = PCT

    section(ws, "A20", "Money and attribution")
    header(ws, 21, 1, ["", *channels, "All social"])
    costs, names = book.ref("channel_costs"), book.ref("channel_names")
    paths, conv, nulls = "$K$31:$K$42", "$L$31:$L$42", "$M$31:$M$42"
    attribution = "$K$46:$L$53"
    rows = (
        ("Pipeline value (opportunities × average deal value)", "={c}7*AvgDealValue", MONEY),
        ("Won revenue", None, MONEY),
        ("Channel cost (Costs, whole channel)", "=INDEX(" + costs + ",MATCH({c}$4," + names + ",0))", MONEY),
        ("Cost per MQL", '=IF({c}5=0,"",SOCROI_CPA({c}24,{c}5))', MONEY2),
        ("Cost per SQL", '=IF({c}6=0,"",SOCROI_CPA({c}24,{c}6))', MONEY2),
        ("Conversions credited (model below)", "=IFNA(VLOOKUP({c}$4," + attribution + ",2,FALSE),0)", DECIMAL),
        ("Assisted conversions (in the journey, not last)", "=SOCROI_ASSISTS(" + paths + "," + conv + ",{c}$4)", COUNT),
    )
    for i, (label, formula, fmt) in enumerate(rows):
        r = 22 + i
        put(ws, f"A{r}", label)
        for c, channel in zip(cols, channels, strict=True):
            if formula is None:
                inp(ws, f"{c}{r}", ex.PIPELINE[channel][4], fmt)
            else:
                put(ws, f"{c}{r}", formula.format(c=c), fmt)
        if label.startswith("Cost per"):
            src = 5 if "MQL" in label else 6
            put(ws, f"{tot}{r}", f'=IF({tot}{src}=0,"",SOCROI_CPA({tot}24,{tot}{src}))', fmt, TOTAL)
        else:
            put(ws, f"{tot}{r}", f"=SUM(B{r}:{cols[-1]}{r})", fmt, TOTAL)
    put(ws, "A29", "Assisted totals may count one journey for several channels. Won revenue is reported "
        "beside the ROI, not added to it (the online orders are already in direct sales).", style=NOTE)  # fmt: skip
    book.define("PipelineMQL", ws, f"{tot}5")
    book.define("PipelineSQL", ws, f"{tot}6")
    book.define("PipelineOpportunities", ws, f"{tot}7")
    book.define("PipelineWon", ws, f"{tot}8")
    book.define("PipelineValue", ws, f"{tot}22")
    book.define("PipelineWonRevenue", ws, f"{tot}23")
    book.define("PipelineCostPerSQL", ws, f"{tot}26")
    book.define("SocialCredited", ws, f"{tot}27")
    book.define("SocialAssists", ws, f"{tot}28")

    # --- journeys and attribution (columns K..M) -----------------------------------------------
    put(ws, "K26", "Attribution model")
    inp(ws, "L26", ex.ATTRIBUTION_MODEL)
    book.define("AttributionModel", ws, "L26")
    put(ws, "M26", "last, first, linear, position, markov or shapley", style=NOTE)
    models = DataValidation(type="list", formula1='"' + ",".join(ex.ATTRIBUTION_MODELS) + '"', allow_blank=True)
    ws.add_data_validation(models)
    models.add("L26")
    put(ws, "K27", "Time-decay half-life (days)")
    inp(ws, "L27", ex.HALF_LIFE_DAYS, DECIMAL)
    book.define("HalfLifeDays", ws, "L27")
    section(ws, "K29", "Journeys (example data): touches, first > … > last")
    header(ws, 30, 11, ["Journey", "Converted", "Did not convert"])
    for i, (path, c, nn) in enumerate(ex.JOURNEYS):
        inp(ws, f"K{31 + i}", path)
        inp(ws, f"L{31 + i}", c, COUNT)
        inp(ws, f"M{31 + i}", nn, COUNT)
    assert 31 + len(ex.JOURNEYS) - 1 == 42
    book.define("JourneyPaths", ws, "K31:K42")
    book.define("JourneyConversions", ws, "L31:L42")

    section(ws, "K44", "Credit by channel (SOCROI_ATTRIBUTE)")
    header(ws, 45, 11, ["Channel", "Credited conversions"])
    ws["K46"] = ArrayFormula("K46:L53", f"=SOCROI_ATTRIBUTE({paths},{conv},{nulls},AttributionModel)")
    for r in range(46, 54):
        ws[f"L{r}"].number_format = DECIMAL
    put(ws, "K54", "Total credited (equals conversions)", style=TOTAL)
    put(ws, "L54", "=SUM(L46:L53)", DECIMAL, TOTAL)
    put(ws, "K55", "The spill range holds one row per channel in the journeys (8 here): "
        "widen it if your journeys have more channels.", style=NOTE)  # fmt: skip

    section(ws, "A31", "One journey, touch by touch: time-decay weights (SOCROI_DECAY_WEIGHTS)")
    header(ws, 32, 1, ["Touch", "Channel", "Days before conversion", "Weight"])
    for i, (channel, days) in enumerate(ex.DECAY_TOUCHES):
        r = 33 + i
        put(ws, f"A{r}", f"Touch {i + 1}")
        inp(ws, f"B{r}", channel)
        inp(ws, f"C{r}", days, COUNT)
        ws[f"D{r}"].number_format = PCT
    last = 33 + len(ex.DECAY_TOUCHES) - 1
    ws["D33"] = ArrayFormula(f"D33:D{last}", f"=SOCROI_DECAY_WEIGHTS(C33:C{last},HalfLifeDays)")
    put(ws, f"A{last + 1}", "Total", style=TOTAL)
    put(ws, f"D{last + 1}", f"=SUM(D33:D{last})", PCT, TOTAL)
    put(ws, f"A{last + 2}", "Weight ∝ 0.5^(days / half-life): a touch a half-life earlier counts half as much.",
        style=NOTE)  # fmt: skip
    ws.freeze_panes = "B5"
