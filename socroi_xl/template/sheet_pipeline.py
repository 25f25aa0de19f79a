"""The Pipeline sheet: per channel MQL → SQL → opportunity → won, stage and overall rates
(SOCROI_FUNNEL), pipeline value, won revenue, cost per MQL and SQL, the conversions
credited under a chosen attribution model (SOCROI_ATTRIBUTE), assisted conversions
(SOCROI_ASSISTS) and time-decay weights (SOCROI_DECAY_WEIGHTS).

A book with no pipeline data (a direct-to-consumer shop) shows blanks here, never errors:
every rate and attribution is computed only when its base has data."""

from __future__ import annotations

from openpyxl.worksheet.formula import ArrayFormula

from ..xl.refs import col_letters
from . import structure as st
from .book import Book
from .styles import (
    COUNT,
    DECIMAL,
    MONEY,
    MONEY2,
    NOTE,
    PCT,
    TOTAL,
    dropdown,
    header,
    inp,
    put,
    section,
    title,
    widths,
)

TRANSITIONS = ("MQL → SQL", "SQL → opportunity", "Opportunity → won")
JOURNEYS = 37
DECAY = 53


def build(book: Book) -> None:
    """Lay out the Pipeline sheet."""
    d = book.data
    ws = book.sheet("Pipeline")
    note = ("Office-tea subscriptions for companies (example data): leads by the channel that sourced them."
            if d.example else "B2B: leads by the channel that sourced them. Leave empty if you sell direct to consumers.")  # fmt: skip
    title(ws, "Pipeline (B2B)", note)
    channels = st.CHANNELS
    cols = [col_letters(2 + i) for i in range(len(channels))]
    tot = col_letters(2 + len(channels))  # All social
    widths(ws, A=44, **{c: 13 for c in [*cols, tot]})

    header(ws, 4, 1, ["Stage", *channels, "All social"])
    for i, stage in enumerate((*st.PIPELINE_STAGES, "Won revenue")):
        r = 5 + i
        put(ws, f"A{r}", stage)
        for c, channel in zip(cols, channels, strict=True):
            values = d.pipeline.get(channel)
            inp(ws, f"{c}{r}", values[i] if values else None, MONEY if i == 4 else COUNT)
        put(ws, f"{tot}{r}", f"=SUM(B{r}:{cols[-1]}{r})", MONEY if i == 4 else COUNT, TOTAL)

    section(ws, "A11", "Stage rates (SOCROI_FUNNEL); blank when the stage before is empty")
    header(ws, 12, 1, ["Step: each stage over the one before", *channels, "All social"])
    header(ws, 16, 1, ["Overall: each stage over MQL", *channels, "All social"])
    for i, label in enumerate(TRANSITIONS):
        put(ws, f"A{13 + i}", label)
        put(ws, f"A{17 + i}", label)
    for c in [*cols, tot]:
        for k in range(3):
            ws[f"{c}{13 + k}"] = ArrayFormula(f"{c}{13 + k}", f'=IF({c}{5 + k}=0,"",SOCROI_FUNNEL({c}{5 + k}:{c}{6 + k}))')
            ws[f"{c}{13 + k}"].number_format = PCT
        ws[f"{c}17"] = ArrayFormula(f"{c}17:{c}19", f'=IF({c}5=0,"",SOCROI_FUNNEL({c}5:{c}8,"overall"))')
        for r in range(17, 20):
            ws[f"{c}{r}"].number_format = PCT

    section(ws, "A21", "Money and attribution")
    header(ws, 22, 1, ["", *channels, "All social"])
    costs, names = book.ref("channel_costs"), book.ref("channel_names")
    paths, conv, nulls = (f"${c}${JOURNEYS}:${c}${JOURNEYS + st.JOURNEY_ROWS - 1}" for c in "ABC")
    out_first, out_last = JOURNEYS, JOURNEYS + st.ATTRIBUTION_ROWS - 1
    names_out, credits_out = f"$E${out_first}:$E${out_last}", f"$F${out_first}:$F${out_last}"
    rows = (
        ("Pipeline value (opportunities × average deal value)", "={c}7*AvgDealValue", MONEY, "sum"),
        ("Channel cost (Costs, whole channel)", "=INDEX(" + costs + ",MATCH({c}$4," + names + ",0))", MONEY, "sum"),
        ("Cost per MQL", '=IF(OR({c}24=0,{c}5=0),"",SOCROI_CPA({c}24,{c}5))', MONEY2, "ratio"),
        ("Cost per SQL", '=IF(OR({c}24=0,{c}6=0),"",SOCROI_CPA({c}24,{c}6))', MONEY2, "ratio"),
        # a channel in no journey gets 0; an error of the attribution itself shows, never a
        # silent 0 (tested with ISNUMBER: classic xlwings returns an error as text)
        ("Conversions credited (model below)",
         f"=IF(ISNUMBER($F${out_first}),IF(ISNUMBER(MATCH({{c}}$4,{names_out},0)),"
         f"INDEX({credits_out},MATCH({{c}}$4,{names_out},0)),0),$F${out_first})", DECIMAL, "plus"),
        ("Assisted conversions (in the journey, not last)", f"=SOCROI_ASSISTS({paths},{conv},{{c}}$4)", COUNT, "plus"),
    )
    for i, (label, formula, fmt, total) in enumerate(rows):
        r = 23 + i
        put(ws, f"A{r}", label)
        for c in cols:
            put(ws, f"{c}{r}", formula.format(c=c), fmt)
        if total == "ratio":
            src = 5 if "MQL" in label else 6
            put(ws, f"{tot}{r}", f'=IF(OR({tot}24=0,{tot}{src}=0),"",SOCROI_CPA({tot}24,{tot}{src}))', fmt, TOTAL)
        elif total == "plus":  # a sum that lets an error (or its text) through, unlike SUM
            cells = "+".join(f"{c}{r}" for c in cols)
            if label.startswith("Conversions credited"):  # blank, or the error, when no credit was computed
                cells = f"IF(ISNUMBER($F${out_first}),{cells},$F${out_first})"
            put(ws, f"{tot}{r}", "=" + cells, fmt, TOTAL)
        else:
            put(ws, f"{tot}{r}", f"=SUM(B{r}:{cols[-1]}{r})", fmt, TOTAL)
    put(ws, "A29", "Assisted totals may count one journey for several channels. Won revenue is reported "
        "beside the ROI, not added to it (the online orders are already in direct sales).", style=NOTE)  # fmt: skip
    for name, r in (("PipelineMQL", 5), ("PipelineSQL", 6), ("PipelineOpportunities", 7), ("PipelineWon", 8),
                    ("PipelineWonRevenue", 9), ("PipelineValue", 23), ("PipelineChannelCost", 24), ("PipelineCostPerSQL", 26),
                    ("SocialCredited", 27), ("SocialAssists", 28)):  # fmt: skip
        book.define(name, ws, f"{tot}{r}")
    put(ws, "A30", "Pipeline data entered? (Summary shows the pipeline when TRUE or the model is B2B)", style=NOTE)
    put(ws, "B30", f"=SUM(B5:{cols[-1]}9)>0")
    book.define("PipelineHasData", ws, "B30")

    # --- attribution inputs, journeys and credit ----------------------------------------------
    section(ws, "A32", "Attribution")
    put(ws, "A33", "Attribution model")
    inp(ws, "B33", d.attribution_model)
    book.define("AttributionModel", ws, "B33")
    put(ws, "C33", "last, first, linear, position, markov or shapley", style=NOTE)
    dropdown(ws, st.ATTRIBUTION_MODELS, "B33")
    put(ws, "A34", "Time-decay half-life (days)")
    inp(ws, "B34", d.half_life_days, DECIMAL)
    book.define("HalfLifeDays", ws, "B34")

    j0, j1 = JOURNEYS, JOURNEYS + st.JOURNEY_ROWS - 1
    section(ws, f"A{j0 - 2}", "Journeys (example data): touches, first > … > last" if d.example
            else "Journeys: touches, first > … > last")  # fmt: skip
    header(ws, j0 - 1, 1, ["Journey", "Converted", "Not converted"])
    journeys = list(d.journeys) + [(None, None, None)] * (st.JOURNEY_ROWS - len(d.journeys))
    for i, (path, c, nn) in enumerate(journeys):
        inp(ws, f"A{j0 + i}", path)
        inp(ws, f"B{j0 + i}", c, COUNT)
        inp(ws, f"C{j0 + i}", nn, COUNT)
    book.define("JourneyPaths", ws, f"A{j0}:A{j1}")
    book.define("JourneyConversions", ws, f"B{j0}:B{j1}")

    section(ws, f"E{j0 - 2}", "Credit by channel (SOCROI_ATTRIBUTE)")
    header(ws, j0 - 1, 5, ["Channel", "Credited"])
    ws[f"E{out_first}"] = ArrayFormula(
        f"E{out_first}:F{out_last}", f'=IF(SUM(B{j0}:B{j1})=0,"",SOCROI_ATTRIBUTE({paths},{conv},{nulls},AttributionModel))'
    )
    for r in range(out_first, out_last + 1):
        ws[f"F{r}"].number_format = DECIMAL
    put(ws, f"E{out_last + 1}", "Conversions", style=TOTAL)
    put(ws, f"F{out_last + 1}", f"=SUM(B{j0}:B{j1})", DECIMAL, TOTAL)
    put(ws, f"E{out_last + 2}", "The credits add up to the conversions.", style=NOTE)
    put(ws, f"E{out_last + 3}", f"One row per channel in the journeys ({st.ATTRIBUTION_ROWS}):", style=NOTE)
    put(ws, f"E{out_last + 4}", "widen the range if yours have more.", style=NOTE)

    section(ws, f"A{DECAY - 2}", "One journey, touch by touch: time-decay weights (SOCROI_DECAY_WEIGHTS)")
    header(ws, DECAY - 1, 1, ["Touch", "Channel", "Days before", "Weight"])
    touches = list(d.decay_touches) + [(None, None)] * (st.DECAY_ROWS - len(d.decay_touches))
    first, last = DECAY, DECAY + st.DECAY_ROWS - 1
    for i, (channel, days) in enumerate(touches):
        r = first + i
        put(ws, f"A{r}", f"Touch {i + 1}")
        inp(ws, f"B{r}", channel)
        inp(ws, f"C{r}", days, COUNT)
        ws[f"D{r}"].number_format = PCT
    ws[f"D{first}"] = ArrayFormula(
        f"D{first}:D{last}",
        f'=IF(OR(HalfLifeDays=0,COUNT(C{first}:C{last})=0),"",SOCROI_DECAY_WEIGHTS(C{first}:C{last},HalfLifeDays))',
    )
    put(ws, f"A{last + 1}", "Total", style=TOTAL)
    cells = "+".join(f"D{r}" for r in range(first, last + 1))
    put(ws, f"D{last + 1}", f'=IF(ISNUMBER(D{first}),{cells},"")', PCT, TOTAL)
    put(ws, f"A{last + 2}", "Weight ∝ 0.5^(days / half-life): a touch a half-life earlier counts half as much.",
        style=NOTE)  # fmt: skip
    ws.freeze_panes = "B5"
