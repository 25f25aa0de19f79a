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
    widths(ws, A=44, **{c: 14 for c in [*cols, tot]})

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
    paths, conv, nulls = "$A$37:$A$48", "$B$37:$B$48", "$C$37:$C$48"
    attribution = "$E$37:$F$44"
    rows = (
        ("Pipeline value (opportunities × average deal value)", "={c}7*AvgDealValue", MONEY),
        ("Won revenue", None, MONEY),
        ("Channel cost (Costs, whole channel)", "=INDEX(" + costs + ",MATCH({c}$4," + names + ",0))", MONEY),
        ("Cost per MQL", '=IF({c}5=0,"",SOCROI_CPA({c}24,{c}5))', MONEY2),
        ("Cost per SQL", '=IF({c}6=0,"",SOCROI_CPA({c}24,{c}6))', MONEY2),
        # a channel in no journey gets 0; an error of the attribution itself shows, not a silent 0
        ("Conversions credited (model below)",
         "=IF(ISERROR($F$45),$F$45,_xlfn.IFNA(VLOOKUP({c}$4," + attribution + ",2,FALSE),0))", DECIMAL),
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

    # --- attribution inputs, journeys and credit ----------------------------------------------
    section(ws, "A31", "Attribution")
    put(ws, "A32", "Attribution model")
    inp(ws, "B32", ex.ATTRIBUTION_MODEL)
    book.define("AttributionModel", ws, "B32")
    put(ws, "C32", "last, first, linear, position, markov or shapley", style=NOTE)
    models = DataValidation(type="list", formula1='"' + ",".join(ex.ATTRIBUTION_MODELS) + '"', allow_blank=True)
    ws.add_data_validation(models)
    models.add("B32")
    put(ws, "A33", "Time-decay half-life (days)")
    inp(ws, "B33", ex.HALF_LIFE_DAYS, DECIMAL)
    book.define("HalfLifeDays", ws, "B33")

    section(ws, "A35", "Journeys (example data): touches, first > … > last")
    header(ws, 36, 1, ["Journey", "Converted", "Not converted"])
    for i, (path, c, nn) in enumerate(ex.JOURNEYS):
        inp(ws, f"A{37 + i}", path)
        inp(ws, f"B{37 + i}", c, COUNT)
        inp(ws, f"C{37 + i}", nn, COUNT)
    assert 37 + len(ex.JOURNEYS) - 1 == 48
    book.define("JourneyPaths", ws, "A37:A48")
    book.define("JourneyConversions", ws, "B37:B48")

    section(ws, "E35", "Credit by channel (SOCROI_ATTRIBUTE)")
    header(ws, 36, 5, ["Channel", "Credited"])
    ws["E37"] = ArrayFormula("E37:F44", f"=SOCROI_ATTRIBUTE({paths},{conv},{nulls},AttributionModel)")
    for r in range(37, 45):
        ws[f"F{r}"].number_format = DECIMAL
    put(ws, "E45", "Total", style=TOTAL)
    put(ws, "F45", "=SUM(F37:F44)", DECIMAL, TOTAL)
    put(ws, "E46", "Credits add up to the conversions.", style=NOTE)
    put(ws, "E47", "One row per channel in the journeys (8 here):", style=NOTE)
    put(ws, "E48", "widen the range if yours have more.", style=NOTE)

    section(ws, "A51", "One journey, touch by touch: time-decay weights (SOCROI_DECAY_WEIGHTS)")
    header(ws, 52, 1, ["Touch", "Channel", "Days before", "Weight"])
    first = 53
    for i, (channel, days) in enumerate(ex.DECAY_TOUCHES):
        r = first + i
        put(ws, f"A{r}", f"Touch {i + 1}")
        inp(ws, f"B{r}", channel)
        inp(ws, f"C{r}", days, COUNT)
        ws[f"D{r}"].number_format = PCT
    last = first + len(ex.DECAY_TOUCHES) - 1
    ws[f"D{first}"] = ArrayFormula(f"D{first}:D{last}", f"=SOCROI_DECAY_WEIGHTS(C{first}:C{last},HalfLifeDays)")
    put(ws, f"A{last + 1}", "Total", style=TOTAL)
    put(ws, f"D{last + 1}", f"=SUM(D{first}:D{last})", PCT, TOTAL)
    put(ws, f"A{last + 2}", "Weight ∝ 0.5^(days / half-life): a touch a half-life earlier counts half as much.",
        style=NOTE)  # fmt: skip
    ws.freeze_panes = "B5"
