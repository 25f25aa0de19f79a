"""The Start sheet: what the workbook is for, how to use it, the one input style, and the
rules every figure follows."""

from __future__ import annotations

from openpyxl.styles import Alignment

from .book import Book
from .styles import HEADER, NOTE, SECTION, inp, put, title, widths

HOW_TO = (
    "1. Inputs: the period (any length), the book currency, business model, margin, order value, hourly rates, "
    "the value of each action, targets and FX rates.",
    "2. Costs: staff hours by role and channel and every other cost, per month or for the period, with each "
    "line's split into paid, organic and earned; campaign spend comes from Campaigns.",
    "3. Campaigns: one row per campaign, ad or day (`socroi import` adds platform exports); Values: follower "
    "counts, organic visits by keyword, service and follower comparison.",
    "4. Summary: the headline social ROI beside the previous period; Funnel, Channels, Periods and Pipeline "
    "give the detail.",
)

RULES = (
    ("Period", "Only Campaigns rows dated in the period count, anywhere; Summary and Periods say how many were "
     "left out and why. Monthly costs and targets are pro-rated to the period's months."),
    ("Currency", "Every money figure is in the book currency (Inputs); a row in another currency is converted "
     "with the FX table, and shows #N/A when its rate is missing: never an unconverted amount."),
    ("Counted once", "A purchase is priced by its revenue, so the reach, click and lead that led to it are not "
     "priced again; organic visits priced as PPC-equivalent are not priced again as link clicks; rows marked "
     "Counted = No (duplicates) count nowhere."),
    ("Same words", "ROAS = revenue ÷ spend, CPA = spend ÷ purchases, CPC = spend ÷ link clicks, CPM = spend ÷ "
     "impressions × 1,000, always over campaign spend. SOCROI = (value − cost) ÷ cost over the full cost."),
    ("Blanks", "A rate whose base is empty (ROAS of an organic post, CPA with no purchases) is blank in tables "
     "and – on Summary, whose note says what is missing. Anything else wrong shows Excel's error, never a 0."),
    ("Functions", "SOCROI_* functions come from the socroi_xl add-in (xlwings, xlwings Lite) or are computed "
     "by `socroi recalc`. Without the add-in Excel shows #NAME? in those cells."),
)

SHEETS = (
    ("Summary", "Headline social ROI, cost and value, paid metrics, customer value, pipeline, paid / organic / "
     "earned, beside the previous period; charts."),
    ("Inputs", "Period, currency, business model, margin, order value, hourly rates, action values, targets, "
     "FX rates, platform → channel."),
    ("Costs", "Every cost the ROI must include: staff time (hours × rate), tools, refunds, content, research, "
     "training, campaign spend; split into paid, organic, earned."),
    ("Values", "Direct sales, actions × assigned value (each counted once), PPC-equivalent value, follower "
     "growth, service costs saved, followers vs others, tracked links."),
    ("Campaigns", "The Excel table `Campaigns`: one row per campaign, ad or day; channel, in period, FX rate, "
     "CPM, CPC, CTR, CPA, conversion rate, ROAS, engagement rate."),
    ("Funnel", "Awareness → interest → evaluation → purchase, paid, organic and earned side by side, with stage rates."),
    ("Channels", "Per channel, paid, organic and earned apart: cost, spend, value, SOCROI, ROAS, CPM, CPC, CPA."),
    ("Periods", "Rows counted and left out; roll-ups by day, week, month, quarter or year; the period beside the "
     "previous one; goals vs actuals."),
    ("Pipeline", "B2B: MQL → SQL → opportunity → won per channel, multi-touch attribution and assisted conversions."),
)


def build(book: Book) -> None:
    """Lay out the Start sheet (the first sheet of the workbook)."""
    ws = book.sheet("Start")
    note = ("Filled with an example: Kettle & Leaf Tea Co., a small tea brand, Q3 2026. Replace the yellow cells "
            "with your own, or start blank: `socroi new --blank`." if book.data.example
            else "A blank book: every yellow cell is an input, empty. Start with Inputs (period, currency).")  # fmt: skip
    title(ws, "Social-media ROI workbook (socroi_xl)", note)
    widths(ws, A=16, B=110)
    put(ws, "A4", "How to use it", style=SECTION)
    for i, line in enumerate(HOW_TO):
        put(ws, f"A{5 + i}", line)

    put(ws, "A10", "Inputs", style=SECTION)
    inp(ws, "A11", "1,234")
    put(ws, "B11", "An input cell: light yellow fill, blue text. Every number you type goes in a cell styled like "
        "this (cell style \"Input\"); every other cell is a formula or a label. Input blocks hold no formulas, so "
        "clearing them never deletes one.")  # fmt: skip
    for i, (label, text) in enumerate(RULES):
        put(ws, f"A{12 + i}", label)
        put(ws, f"B{12 + i}", text)
    for r in range(11, 12 + len(RULES)):
        ws[f"B{r}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws[f"A{r}"].alignment = Alignment(vertical="top")
        ws.row_dimensions[r].height = 30
    s = 13 + len(RULES)
    put(ws, f"A{s}", "Sheets", style=SECTION)
    put(ws, f"A{s + 1}", "Sheet", style=HEADER)
    put(ws, f"B{s + 1}", "What it is for", style=HEADER)
    for i, (name, text) in enumerate(SHEETS):
        put(ws, f"A{s + 2 + i}", name)
        put(ws, f"B{s + 2 + i}", text)
    put(ws, f"A{s + 3 + len(SHEETS)}", "Generated by socroi_xl.template.build_template; a fresh copy: "
        "`socroi new PATH` (with the example) or `socroi new PATH --blank`.", style=NOTE)  # fmt: skip
