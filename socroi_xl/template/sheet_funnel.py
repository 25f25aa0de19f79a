"""The Funnel sheet: awareness → interest → evaluation → purchase, paid, organic and
earned side by side, with stage and overall rates (SOCROI_FUNNEL)."""

from __future__ import annotations

from openpyxl.worksheet.formula import ArrayFormula

from . import example as ex
from .book import Book
from .styles import (
    COUNT,
    MONEY,
    MONEY2,
    MULTIPLE,
    NOTE,
    PCT,
    PCT2,
    header,
    put,
    section,
    title,
    widths,
)

COLUMNS = (*ex.TYPES, "All social")
LETTERS = "CDEF"

# (stage, metric, formula with {c} for the column letter and {sum} for the Campaigns
#  column summed over the column's type, number format)
ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("Cost", "Spend", "{sum:Spend}", MONEY),
    ("Awareness", "Reach", "{sum:Reach}", COUNT),
    ("Awareness", "Impressions", "{sum:Impressions}", COUNT),
    ("Awareness", "CPM (paid metric)", '=IF(OR({c}4=0,{c}6=0),"",SOCROI_CPM({c}4,{c}6))', MONEY2),
    ("Interest", "Engagements", "{sum:Engagements}", COUNT),
    ("Interest", "Engagement rate (of reach)", '=IF({c}5=0,"",SOCROI_ENGAGEMENT_RATE({c}8,{c}5))', PCT2),
    ("Interest", "Link clicks", "{sum:Clicks}", COUNT),
    ("Interest", "CTR", '=IF({c}6=0,"",SOCROI_CTR({c}10,{c}6))', PCT2),
    ("Interest", "CPC (paid metric)", '=IF(OR({c}4=0,{c}10=0),"",SOCROI_CPC({c}4,{c}10))', MONEY2),
    ("Evaluation", "Leads", "{sum:Leads}", COUNT),
    ("Evaluation", "Cost per lead", '=IF(OR({c}4=0,{c}13=0),"",SOCROI_CPA({c}4,{c}13))', MONEY2),
    ("Purchase", "Purchases", "{sum:Conversions}", COUNT),
    ("Purchase", "Conversion rate (of clicks)", '=IF({c}10=0,"",SOCROI_CONV_RATE({c}15,{c}10))', PCT2),
    ("Purchase", "Revenue", "{sum:Revenue}", MONEY),
    ("Purchase", "CPA", '=IF(OR({c}4=0,{c}15=0),"",SOCROI_CPA({c}4,{c}15))', MONEY2),
    ("Purchase", "ROAS", '=IF({c}4=0,"",SOCROI_ROAS({c}17,{c}4))', MULTIPLE),
)
STAGES = (("Awareness: reach", 5), ("Interest: link clicks", 10), ("Evaluation: leads", 13), ("Purchase: purchases", 15))
TRANSITIONS = ("Reach → link click", "Link click → lead", "Lead → purchase")


def _sum(column: str, col_letter: str, type_col: int) -> str:
    if type_col == len(ex.TYPES):
        return f"=SUM(Campaigns[{column}])"
    return f"=SUMIFS(Campaigns[{column}],Campaigns[Type],{col_letter}$3)"


def build(book: Book) -> None:
    """Lay out the Funnel sheet."""
    ws = book.wb.create_sheet("Funnel")
    title(ws, "Funnel", "Where people drop out, paid, organic and earned side by side (from Campaigns).")
    widths(ws, A=14, B=30, C=15, D=15, E=15, F=15)
    header(ws, 3, 1, ["Stage", "Metric", *COLUMNS])
    for i, (stage, metric, formula, fmt) in enumerate(ROWS):
        r = 4 + i
        put(ws, f"A{r}", stage)
        put(ws, f"B{r}", metric)
        for k, c in enumerate(LETTERS):
            if formula.startswith("{sum:"):
                f = _sum(formula[5:-1], c, k)
            else:
                f = formula.format(c=c)
            put(ws, f"{c}{r}", f, fmt)
    assert ROWS[1][1] == "Reach" and ROWS[6][1] == "Link clicks" and ROWS[11][1] == "Purchases"

    section(ws, "A21", "Stage counts")
    header(ws, 22, 1, ["Stage", "", *COLUMNS])
    for i, (label, src) in enumerate(STAGES):
        r = 23 + i
        put(ws, f"A{r}", label)
        for c in LETTERS:
            put(ws, f"{c}{r}", f"={c}{src}", COUNT)
    counts = "C23:F26"
    book.anchor("funnel_labels", ws, "A23:A26")
    book.anchor("funnel_counts", ws, counts)

    section(ws, "A28", "Step rates: each stage over the stage before (SOCROI_FUNNEL)")
    header(ws, 29, 1, ["Transition", "", *COLUMNS])
    section(ws, "A34", "Overall rates: each stage over reach (SOCROI_FUNNEL, \"overall\")")
    header(ws, 35, 1, ["Transition", "", *COLUMNS])
    for i, label in enumerate(TRANSITIONS):
        put(ws, f"A{30 + i}", label)
        put(ws, f"A{36 + i}", label)
    ws["C30"] = ArrayFormula("C30:F32", f"=SOCROI_FUNNEL({counts})")
    ws["C36"] = ArrayFormula("C36:F38", f'=SOCROI_FUNNEL({counts},"overall")')
    for r in (*range(30, 33), *range(36, 39)):
        for c in LETTERS:
            ws[f"{c}{r}"].number_format = PCT if r < 33 else PCT2
    put(ws, "A40", "A rate is #DIV/0! when the stage before it is empty: with no one there, no one can drop out.",
        style=NOTE)  # fmt: skip

    section(ws, "A42", "Recorded for all social only (not per type)")
    header(ws, 43, 1, ["Stage", "Metric", "", "", "", "All social"])
    extra = (
        ("Interest", "New follows (Values)", "=NewFollows"),
        ("Evaluation", "Demo or trial requests (Values)", "=DemoRequests"),
        ("Evaluation", "Downloads (Values)", "=Downloads"),
        ("Evaluation", "Sign-ups (Values)", "=SignUps"),
        ("Evaluation", "Marketing-qualified leads (Pipeline)", "=PipelineMQL"),
        ("Evaluation", "Sales-qualified leads (Pipeline)", "=PipelineSQL"),
    )
    for i, (stage, metric, formula) in enumerate(extra):
        put(ws, f"A{44 + i}", stage)
        put(ws, f"B{44 + i}", metric)
        put(ws, f"F{44 + i}", formula, COUNT)
    put(ws, "A20", "Evaluation for B2B (MQL, SQL, opportunities) is on Pipeline.", style=NOTE)
    ws.freeze_panes = "C4"
