"""The Funnel sheet: awareness → interest → evaluation → purchase over the Campaigns rows
of the period, paid, organic and earned side by side, with stage and overall rates
(SOCROI_FUNNEL). A rate whose base is empty is blank: nobody there, nobody dropped out."""

from __future__ import annotations

from openpyxl.worksheet.formula import ArrayFormula

from . import structure as st
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

COLUMNS = (*st.TYPES, "All social")
LETTERS = "CDEF"
IN_PERIOD = 'Campaigns[In period],"Current"'

# (stage, metric, formula with {c} for the column letter and {sum:X} for Campaigns column X
#  summed over the column's type, number format). ROAS, CPA, CPC, CPM: over campaign spend.
ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("Cost", "Spend", "{sum:Book spend}", MONEY),
    ("Awareness", "Reach", "{sum:Reach}", COUNT),
    ("Awareness", "Impressions", "{sum:Impressions}", COUNT),
    ("Awareness", "CPM", '=IF(OR({c}4=0,{c}6=0),"",SOCROI_CPM({c}4,{c}6))', MONEY2),
    ("Interest", "Engagements", "{sum:Engagements}", COUNT),
    ("Interest", "Engagement rate (of reach)", '=IF({c}5=0,"",SOCROI_ENGAGEMENT_RATE({c}8,{c}5))', PCT2),
    ("Interest", "Link clicks", "{sum:Clicks}", COUNT),
    ("Interest", "CTR", '=IF({c}6=0,"",SOCROI_CTR({c}10,{c}6))', PCT2),
    ("Interest", "CPC", '=IF(OR({c}4=0,{c}10=0),"",SOCROI_CPC({c}4,{c}10))', MONEY2),
    ("Evaluation", "Leads", "{sum:Leads}", COUNT),
    ("Evaluation", "Cost per lead", '=IF(OR({c}4=0,{c}13=0),"",SOCROI_CPA({c}4,{c}13))', MONEY2),
    ("Purchase", "Purchases", "{sum:Conversions}", COUNT),
    ("Purchase", "Conversion rate (of clicks)", '=IF({c}10=0,"",SOCROI_CONV_RATE({c}15,{c}10))', PCT2),
    ("Purchase", "Revenue", "{sum:Book revenue}", MONEY),
    ("Purchase", "CPA", '=IF(OR({c}4=0,{c}15=0),"",SOCROI_CPA({c}4,{c}15))', MONEY2),
    ("Purchase", "ROAS", '=IF({c}4=0,"",SOCROI_ROAS({c}17,{c}4))', MULTIPLE),
)
STAGES = (("Awareness: reach", 5), ("Interest: link clicks", 10), ("Evaluation: leads", 13), ("Purchase: purchases", 15))
TRANSITIONS = ("Reach → link click", "Link click → lead", "Lead → purchase")


def _sum(column: str, col_letter: str, type_col: int) -> str:
    if type_col == len(st.TYPES):
        return f"=SUMIFS(Campaigns[{column}],{IN_PERIOD})"
    return f"=SUMIFS(Campaigns[{column}],Campaigns[Type],{col_letter}$3,{IN_PERIOD})"


def build(book: Book) -> None:
    """Lay out the Funnel sheet."""
    ws = book.sheet("Funnel")
    title(ws, "Funnel", "Where people drop out, paid, organic and earned side by side (Campaigns rows in the period). "
          "ROAS, CPA, CPC, CPM: over campaign spend.")  # fmt: skip
    widths(ws, A=14, B=30, C=15, D=15, E=15, F=15)
    header(ws, 3, 1, ["Stage", "Metric", *COLUMNS])
    for i, (stage, metric, formula, fmt) in enumerate(ROWS):
        r = 4 + i
        put(ws, f"A{r}", stage)
        put(ws, f"B{r}", metric)
        for k, c in enumerate(LETTERS):
            f = _sum(formula[5:-1], c, k) if formula.startswith("{sum:") else formula.format(c=c)
            put(ws, f"{c}{r}", f, fmt)
    assert ROWS[1][1] == "Reach" and ROWS[6][1] == "Link clicks" and ROWS[11][1] == "Purchases"
    put(ws, "A20", "Evaluation for B2B (MQL, SQL, opportunities) is on Pipeline.", style=NOTE)

    section(ws, "A21", "Stage counts")
    header(ws, 22, 1, ["Stage", "", *COLUMNS])
    for i, (label, src) in enumerate(STAGES):
        r = 23 + i
        put(ws, f"A{r}", label)
        for c in LETTERS:
            put(ws, f"{c}{r}", f"={c}{src}", COUNT)
    book.anchor("funnel_labels", ws, "A23:A26")
    book.anchor("funnel_counts", ws, "C23:F26")

    section(ws, "A28", "Step rates: each stage over the stage before (SOCROI_FUNNEL)")
    header(ws, 29, 1, ["Transition", "", *COLUMNS])
    section(ws, "A34", 'Overall rates: each stage over reach (SOCROI_FUNNEL, "overall")')
    header(ws, 35, 1, ["Transition", "", *COLUMNS])
    for i, label in enumerate(TRANSITIONS):
        put(ws, f"A{30 + i}", label)
        put(ws, f"A{36 + i}", label)
    for c in LETTERS:
        for k in range(3):  # one transition per cell: blank when the stage before is empty
            ws[f"{c}{30 + k}"] = ArrayFormula(f"{c}{30 + k}", f'=IF({c}{23 + k}=0,"",SOCROI_FUNNEL({c}{23 + k}:{c}{24 + k}))')
            ws[f"{c}{30 + k}"].number_format = PCT
        ws[f"{c}36"] = ArrayFormula(f"{c}36:{c}38", f'=IF({c}23=0,"",SOCROI_FUNNEL({c}23:{c}26,"overall"))')
        for r in range(36, 39):
            ws[f"{c}{r}"].number_format = PCT2
    put(ws, "A40", "A rate is blank when the stage before it is empty: with no one there, no one can drop out.",
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
    ws.freeze_panes = "C4"
