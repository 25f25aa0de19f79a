"""The template on real-shaped data (issue 11): any period, one currency, each thing counted
once, a blank start.

Each scenario starts from ``socroi new --blank`` (every input empty), writes a few inputs
and Campaigns rows with openpyxl — the rows go into the table by header text, the way the
importers write them (the column contract), the formula columns copied from the table's
calculated-column formulas — recalculates with the engine and compares the figures with
a hand computation written in the test's comment. None of the expected numbers comes
from running the template.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from socroi_xl.errors import XLError
from socroi_xl.template import sheet_costs, template_bytes

engine = pytest.importorskip("socroi_xl.engine")

D = dt.datetime
INPUT_COLUMNS = ["Date", "Platform", "Type", "Campaign", "Currency", "Spend", "Impressions", "Reach", "Clicks",
                 "Engagements", "Leads", "Conversions", "Revenue", "Source", "Counted"]  # fmt: skip


# --- writing a book the way a user (or an importer) would -------------------------------------
@functools.cache
def _blank_bytes() -> bytes:
    return template_bytes(blank=True)


def blank_book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(_blank_bytes()))


def named_cell(wb: openpyxl.Workbook, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")]


def set_inputs(wb: openpyxl.Workbook, **values) -> None:
    """Named input cells: ``set_inputs(wb, PeriodStart=..., BookCurrency="EUR")``."""
    for name, value in values.items():
        cell = named_cell(wb, name)
        assert cell.style == "Input", name
        cell.value = value


def add_rows(wb: openpyxl.Workbook, rows: list[dict]) -> None:
    """Write ``rows`` (dicts by input header) into the Campaigns table from its first data
    row, growing it; formula columns get the table's calculated-column formulas."""
    ws = wb["Campaigns"]
    table = ws.tables["Campaigns"]
    c1, r1, c2, r2 = range_boundaries(table.ref)
    header = [ws.cell(r1, c).value for c in range(c1, c2 + 1)]
    assert header[: len(INPUT_COLUMNS)] == INPUT_COLUMNS  # the contract
    last = max(r2, r1 + len(rows))
    for i, row in enumerate(rows):
        assert set(row) <= set(INPUT_COLUMNS), set(row) - set(INPUT_COLUMNS)
        for j, name in enumerate(INPUT_COLUMNS):
            ws.cell(r1 + 1 + i, c1 + j, row.get(name))
    for j, column in enumerate(table.tableColumns):
        if column.calculatedColumnFormula is not None:
            for r in range(r1 + 1, last + 1):
                ws.cell(r, c1 + j, "=" + column.calculatedColumnFormula.attr_text)
    table.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{last}"
    table.autoFilter.ref = table.ref


def set_role(wb: openpyxl.Workbook, i: int, role: str, rate: float, basis: str | None, hours: dict, shares) -> None:
    """Role ``i`` on Inputs and its hours by channel and shares on Costs."""
    inputs = wb["Inputs"]
    first = next(r for r in range(1, 100) if inputs[f"A{r}"].value == "Role") + 1
    inputs[f"A{first + i}"], inputs[f"B{first + i}"] = role, rate
    _cost_line(wb, sheet_costs.STAFF_FIRST + i, basis, hours, shares)


def set_cost(wb: openpyxl.Workbook, line: str, basis: str | None, amounts: dict, shares) -> None:
    costs = wb["Costs"]
    row = next(r for r in range(sheet_costs.OTHER_FIRST, 40) if costs[f"A{r}"].value == line)
    _cost_line(wb, row, basis, amounts, shares)


def _cost_line(wb, row: int, basis, amounts: dict, shares) -> None:
    costs = wb["Costs"]
    head = {costs.cell(sheet_costs.STAFF_FIRST - 1, c).value: c for c in range(1, 25)}
    costs.cell(row, head["Basis"], basis)
    for channel, amount in amounts.items():
        costs.cell(row, head[channel], amount)
    for kind, share in zip(("Paid", "Organic", "Earned"), shares or (None, None, None), strict=True):
        costs.cell(row, head[kind], share)


def set_action_values(wb: openpyxl.Workbook, **values: float) -> None:
    inputs = wb["Inputs"]
    for r in range(1, 100):
        label = inputs[f"A{r}"].value
        if isinstance(label, str) and "(" in label and label.split(" (")[0] in values:
            inputs[f"B{r}"] = values[label.split(" (")[0]]


def evaluate(wb: openpyxl.Workbook, tmp_path: Path, name: str = "book.xlsx"):
    """The engine's values: the ``Headline_*`` figures (without the prefix) and every cell."""
    path = tmp_path / name
    wb.save(path)
    values = engine.evaluate(path)
    cells = {(s, c): v for s, c, v in zip(values["sheet"], values["cell"], values["value"], strict=True)}
    headline = {}
    for n, d in wb.defined_names.items():
        if n.startswith("Headline_"):
            sheet, ref = next(iter(d.destinations))
            headline[n[len("Headline_"):]] = cells[(sheet, ref.replace("$", ""))]
    return headline, cells


def errors(cells: dict) -> list:
    return sorted(k for k, v in cells.items() if isinstance(v, XLError))


def row(date, platform, kind, campaign, **numbers) -> dict:
    return {"Date": date, "Platform": platform, "Type": kind, "Campaign": campaign, **numbers}


approx = pytest.approx


# --- scenario 1: a one-month book -------------------------------------------------------------
def one_month_book() -> openpyxl.Workbook:
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2026, 7, 1), PeriodEnd=D(2026, 7, 31), BookCurrency="USD")
    add_rows(wb, [
        row(D(2026, 7, 5), "Facebook", "Paid", "A", Spend=100, Impressions=10000, Reach=8000, Clicks=200,
            Engagements=300, Leads=10, Conversions=5, Revenue=250),
        row(D(2026, 7, 20), "Instagram", "Organic", "B", Impressions=5000, Reach=4000, Clicks=50, Engagements=400,
            Conversions=1, Revenue=40),
        row(D(2026, 6, 15), "Facebook", "Paid", "A", Spend=80, Impressions=8000, Reach=6000, Clicks=100,
            Engagements=200, Leads=4, Conversions=2, Revenue=100),
        row(D(2026, 8, 2), "Facebook", "Paid", "A", Spend=999, Impressions=1, Reach=1, Clicks=1, Conversions=1,
            Revenue=5000),
    ])  # fmt: skip
    set_role(wb, 0, "Manager", 50, "Monthly", {"Facebook": 10, "Instagram": 10}, (0.5, 0.5, 0))
    set_cost(wb, "Tools & platform subscriptions", None, {"Shared": 300}, None)  # blank basis = monthly; no shares
    set_cost(wb, "Research", "This period", {"Shared": 120}, (0, 1, 0))
    set_action_values(wb, **{"Reach": 0.001, "Link clicks": 0.1, "Leads": 2})
    return wb


def test_one_month_book(tmp_path):
    """July 2026 (1 month). Rows: Jul 5 paid, Jul 20 organic (in); Jun 15 (previous month);
    Aug 2 (after: counted nowhere, though it carries 999 spend and 5000 revenue).

    Cost: staff 50/h × (10 + 10) h/month × 1 month = 1000; tools 300/month × 1 = 300;
    research 120 (this period); ad spend 100 → total 1520.
    Value: direct sales 250 + 40 = 290. Action value, purchases taken away first:
      paid    reach (8000 − 5) × 0.001 = 7.995, clicks (200 − 5) × 0.1 = 19.5, leads (10 − 5) × 2 = 10 → 37.495
      organic reach (4000 − 1) × 0.001 = 3.999, clicks (50 − 1) × 0.1 = 4.9, leads max(0, 0 − 1) = 0 → 8.899
      → 46.394. Total value 336.394; social ROI (336.394 − 1520) / 1520 = −0.7786881579.
    Paid: ROAS 250 / 100 = 2.5, CPA 100 / 5 = 20, CPC 100 / 200 = 0.5, CPM 100 / 10000 × 1000 = 10.
    Previous (June): ad spend 80, ROAS 100 / 80 = 1.25, CPA 80 / 2 = 40, direct sales 100.
    Paid cost 1000 × 0.5 + 100 = 600, organic 500 + 120 = 620, tools not allocated 300;
    paid value 250 + 37.495 = 287.495 → paid SOCROI −0.5208416667.
    """
    h, cells = evaluate(one_month_book(), tmp_path)
    assert errors(cells) == []
    assert h["TotalCost"] == approx(1520)
    assert h["DirectSales"] == approx(290)
    assert h["ActionValue"] == approx(46.394)
    assert h["TotalValue"] == approx(336.394)
    assert h["SocialROI"] == approx(-0.7786881579)
    assert (h["AdSpend"], h["ROAS"], h["CPA"], h["CPC"], h["CPM"]) == approx((100, 2.5, 20, 0.5, 10))
    assert (h["PreviousAdSpend"], h["PreviousROAS"], h["PreviousCPA"], h["PreviousDirectSales"]) == approx((80, 1.25, 40, 100))
    assert (h["RowsCounted"], h["RowsLeftOut"], h["PreviousRowsCounted"]) == (2, 2, 1)
    assert (h["PaidCost"], h["OrganicCost"], h["EarnedCost"], h["NotAllocatedCost"]) == approx((600, 620, 0, 300))
    assert h["PaidValue"] == approx(287.495) and h["PaidSOCROI"] == approx(-0.5208416667)
    # Periods: one row per day, 31 rows, the last one July 31, nothing past the end
    assert cells[name_cell("BucketUnit")] == "Day"
    assert cells[("Periods", "A18")] == "1 Jul" and cells[("Periods", "A48")] == "31 Jul"
    assert cells[("Periods", "D22")] == approx(100)  # Jul 5
    assert cells[("Periods", "D49")] == approx(100)  # all rows = the period's spend (not 1179)
    assert cells[name_cell("PeriodLabel")] == "Jul 2026"
    assert cells[name_cell("PrevLabel")] == "Jun 2026"


@functools.cache
def _names() -> dict[str, tuple[str, str]]:
    wb = blank_book()
    return {n: (s, r.replace("$", "")) for n, d in wb.defined_names.items() for s, r in d.destinations}


def name_cell(name: str) -> tuple[str, str]:
    """``(sheet, cell)`` of a defined name (the same in every book made from the template)."""
    return _names()[name]


def label_row(ws, text: str, col: str = "A") -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws[f"{col}{r}"].value == text)


# --- scenario 2: an annual book ---------------------------------------------------------------
def annual_book() -> openpyxl.Workbook:
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2026, 1, 1), PeriodEnd=D(2026, 12, 31), BookCurrency="USD", TargetBasis="Month",
               TargetRevenue=1000)  # fmt: skip
    add_rows(wb, [
        row(D(2026, 1, 15), "Facebook", "Paid", "A", Spend=100, Impressions=6000, Reach=5000, Clicks=60, Conversions=3,
            Revenue=300),
        row(D(2026, 12, 31), "Instagram", "Paid", "B", Spend=200, Impressions=9000, Reach=7000, Clicks=100,
            Conversions=4, Revenue=500),
        row(D(2025, 6, 30), "Facebook", "Paid", "A", Spend=50, Impressions=2000, Reach=1500, Clicks=20, Conversions=1,
            Revenue=75),
        row(D(2027, 1, 1), "Facebook", "Paid", "A", Spend=70, Revenue=700),
    ])  # fmt: skip
    set_role(wb, 0, "Specialist", 40, "Monthly", {"Facebook": 5}, (1, 0, 0))
    set_cost(wb, "Tools & platform subscriptions", "This period", {"Shared": 600}, (0, 1, 0))
    return wb


def test_annual_book(tmp_path):
    """2026 as one period: 12 months.

    Cost: 40/h × 5 h/month × 12 months = 2400 staff (all paid); tools 600 for the period
    (organic); ad spend 100 + 200 = 300 → total 3300. Value: direct sales 300 + 500 = 800
    (no action values set) → social ROI (800 − 3300) / 3300 = −0.7575757576.
    Paid: ROAS 800 / 300 = 2.6666667, CPA 300 / 7 = 42.857142857. Previous period = 2025:
    the June 2025 row (spend 50, revenue 75 → ROAS 1.5); the 2027 row is after, counted nowhere.
    Periods: one row per month, Jan 2026 … Dec 2026 (Dec 31 inside), the 13th row blank.
    Goal: 1000 a month → 12000 for the year; actual 800 → 6.67 %, below target.
    """
    wb = annual_book()
    h, cells = evaluate(wb, tmp_path)
    assert errors(cells) == []
    assert (h["TotalCost"], h["DirectSales"], h["TotalValue"]) == approx((3300, 800, 800))
    assert h["SocialROI"] == approx(-0.7575757576)
    assert (h["AdSpend"], h["ROAS"], h["CPA"]) == approx((300, 800 / 300, 300 / 7))
    assert (h["PreviousAdSpend"], h["PreviousROAS"], h["PreviousDirectSales"]) == approx((50, 1.5, 75))
    assert (h["PaidCost"], h["OrganicCost"]) == approx((2700, 600))
    assert cells[name_cell("PeriodMonths")] == approx(12)
    assert cells[name_cell("PeriodLabel")] == "2026"
    assert cells[name_cell("PrevLabel")] == "2025"
    months = [cells[("Periods", f"A{r}")] for r in range(18, 31)]
    assert months[0] == "Jan 2026" and months[11] == "Dec 2026" and months[12] == ""
    assert cells[("Periods", "C29")] == 46387  # 2026-12-31, the period's end
    assert (cells[("Periods", "D18")], cells[("Periods", "D29")], cells[("Periods", "D30")]) == (100, 200, "")
    goals = openpyxl.load_workbook(tmp_path / "book.xlsx")["Periods"]
    g = label_row(goals, "Direct sales (revenue)")
    assert [cells[("Periods", f"{c}{g}")] for c in "CDG"] == [approx(12000), approx(800), "Below target"]
    assert cells[("Periods", f"F{g}")] == approx(800 / 12000)


# --- scenario 3: two months of rows, the period set to one ---------------------------------------
def two_months_book() -> openpyxl.Workbook:
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2026, 8, 1), PeriodEnd=D(2026, 8, 31), BookCurrency="USD")
    add_rows(wb, [
        row(D(2026, 7, 10), "Facebook", "Paid", "July FB", Spend=300, Impressions=30000, Reach=20000, Clicks=300,
            Conversions=10, Revenue=600, Source="Meta"),
        row(D(2026, 7, 20), "Instagram", "Paid", "July IG", Spend=100, Impressions=10000, Reach=8000, Clicks=100,
            Conversions=2, Revenue=200, Source="Meta"),
        row(D(2026, 8, 10), "Facebook", "Paid", "August FB", Spend=200, Impressions=20000, Reach=15000, Clicks=250,
            Conversions=8, Revenue=500, Source="Meta"),
    ])  # fmt: skip
    return wb


def test_two_months_imported_period_set_to_one(tmp_path):
    """Rows of July and August, the period August: only the August row counts anywhere.

    August: ad spend 200, revenue 500 → ROAS 2.5, CPA 200 / 8 = 25, CPC 200 / 250 = 0.8.
    July is the previous month: spend 300 + 100 = 400, revenue 800 → ROAS 2.0, CPA 400 / 12.
    (Summing every row would give spend 600, revenue 1300, ROAS 2.1667.)
    """
    h, cells = evaluate(two_months_book(), tmp_path)
    assert errors(cells) == []
    assert (h["AdSpend"], h["DirectSales"], h["ROAS"], h["CPA"], h["CPC"]) == approx((200, 500, 2.5, 25, 0.8))
    assert (h["PreviousAdSpend"], h["PreviousROAS"], h["PreviousCPA"]) == approx((400, 2.0, 400 / 12))
    assert (h["RowsCounted"], h["RowsLeftOut"], h["PreviousRowsCounted"]) == (1, 2, 2)
    assert h["TotalCost"] == approx(200) and h["PaidCost"] == approx(200)
    wb = openpyxl.load_workbook(tmp_path / "book.xlsx")
    costs, funnel, channels, values = wb["Costs"], wb["Funnel"], wb["Channels"], wb["Values"]
    fb = sheet_costs.col(0)
    assert cells[("Costs", f"{fb}{sheet_costs.SPEND_FIRST}")] == approx(200)  # Facebook paid spend
    assert cells[("Funnel", "C4")] == approx(200) and cells[("Funnel", "F17")] == approx(500)
    fb_paid = next(r for r in range(6, 40) if (channels[f"A{r}"].value, channels[f"B{r}"].value) == ("Facebook", "Paid"))
    assert cells[("Channels", f"K{fb_paid}")] == approx(500) and cells[("Channels", f"D{fb_paid}")] == approx(200)
    assert cells[("Values", f"B{label_row(values, 'Facebook')}")] == approx(500)
    del costs, funnel


# --- scenario 4: a EUR book with USD rows -----------------------------------------------------------
def set_fx(wb: openpyxl.Workbook, rates: dict[str, float]) -> None:
    ws = wb["Inputs"]
    table = ws.tables["FX"]
    c1, r1, c2, _ = range_boundaries(table.ref)
    for i, (code, rate) in enumerate(rates.items()):
        ws.cell(r1 + 1 + i, c1, code)
        ws.cell(r1 + 1 + i, c1 + 1, rate)
    table.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r1 + max(len(rates), 1)}"
    table.autoFilter.ref = table.ref


def eur_book(rates: dict[str, float]) -> openpyxl.Workbook:
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2026, 7, 1), PeriodEnd=D(2026, 7, 31), BookCurrency="EUR")
    set_fx(wb, rates)
    add_rows(wb, [
        row(D(2026, 7, 3), "Facebook", "Paid", "EUR account", Spend=100, Impressions=10000, Reach=8000, Clicks=100,
            Conversions=4, Revenue=200),
        row(D(2026, 7, 4), "Instagram", "Paid", "USD account", Currency="USD", Spend=100, Impressions=5000, Reach=4000,
            Clicks=50, Conversions=2, Revenue=300),
    ])  # fmt: skip
    return wb


def test_eur_book_with_usd_rows(tmp_path):
    """Book in EUR, FX USD = 0.92 (EUR per USD). The USD row: spend 100 → 92, revenue 300 → 276.
    Ad spend 100 + 92 = 192; direct sales 200 + 276 = 476; ROAS 476 / 192 = 2.4791667;
    CPA 192 / 6 = 32; CPC 192 / 150 = 1.28."""
    h, cells = evaluate(eur_book({"USD": 0.92}), tmp_path)
    assert errors(cells) == []
    assert (h["AdSpend"], h["DirectSales"], h["ROAS"], h["CPA"], h["CPC"]) == approx((192, 476, 476 / 192, 32, 1.28))
    assert cells[name_cell("FXMissing")] == 0


def test_a_missing_rate_is_an_error_and_a_warning_never_an_unconverted_amount(tmp_path):
    h, cells = evaluate(eur_book({}), tmp_path)
    assert isinstance(h["AdSpend"], XLError) and isinstance(h["DirectSales"], XLError)
    assert isinstance(h["SocialROI"], XLError) and isinstance(h["ROAS"], XLError)
    assert cells[name_cell("FXMissing")] == 1
    assert "no FX rate: 1" in cells[("Summary", "A4")]


def _money_formats(wb: openpyxl.Workbook, sheet: str, cell: str) -> dict[str, str]:
    """Conditional formats of ``cell``: condition -> number format."""
    out = {}
    for cf in wb[sheet].conditional_formatting:
        if cell in cf.sqref:
            for rule in cf.rules:
                out[rule.formula[0]] = rule.dxf.numFmt.formatCode
    return out


def test_money_cells_follow_the_book_currency():
    example = Path(__file__).resolve().parents[1] / "workbook_templates" / "social_media_roi.xlsx"
    for data, currency, base in ((_blank_bytes(), None, "#,##0"), (template_bytes(blank=True, currency="EUR"), "EUR",
                                 '"€"#,##0'), (example.read_bytes(), "USD", '"$"#,##0')):  # fmt: skip
        wb = openpyxl.load_workbook(io.BytesIO(data))
        assert named_cell(wb, "BookCurrency").value == currency
        sheet, ref = next(iter(wb.defined_names["Headline_TotalCost"].destinations))
        cell = ref.replace("$", "")
        assert wb[sheet][cell].number_format == base
        rules = _money_formats(wb, sheet, cell)
        assert rules['BookCurrency="EUR"'] == '"€"#,##0' and rules['BookCurrency="GBP"'] == '"£"#,##0'
        assert rules['BookCurrency="USD"'] == '"$"#,##0' and rules['BookCurrency="SEK"'] == '#,##0" kr"'
        assert any(k.startswith("NOT(OR(") and v == "#,##0" for k, v in rules.items())  # any other code
    # no money cell keeps a fixed dollar format
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(blank=True, currency="EUR")))
    dollars = [f"{ws.title}!{c.coordinate}" for ws in wb for r in ws.iter_rows() for c in r if "$" in c.number_format]
    assert dollars == []


# --- scenario 5: Meta without platform breakdown, GA4 with paid social ------------------------------
META = row(D(2024, 3, 1), "Meta", "Paid", "Spring Sale", Spend=1072.50, Impressions=76500, Reach=61200, Clicks=765,
           Engagements=1665, Conversions=30, Revenue=1200, Source="Meta")  # fmt: skip
GA4_PAID = row(D(2024, 3, 1), "Facebook", "Paid", "GA4: spring_sale", Clicks=700, Engagements=400, Conversions=90,
               Revenue=3000, Source="GA4", Counted="No")  # fmt: skip
GA4_ORGANIC = row(D(2024, 3, 2), "Instagram", "Organic", "GA4: (organic)", Clicks=120, Engagements=80, Conversions=3,
                  Revenue=150, Source="GA4")  # fmt: skip


def meta_ga4_book(rows: list[dict]) -> openpyxl.Workbook:
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2024, 3, 1), PeriodEnd=D(2024, 3, 31), BookCurrency="USD")
    add_rows(wb, rows)
    return wb


def test_meta_without_breakdown_and_ga4_paid_social(tmp_path):
    """Meta's default export (platform "Meta") and GA4's rows; the GA4 paid-social row of the
    same campaign is marked Counted = No by the importer.

    Paid: spend 1072.50, revenue 1200 → ROAS 1.1188811, CPA 1072.50 / 30 = 35.75,
    CPC 1072.50 / 765 = 1.4019608. (Counting the GA4 row too: ROAS 4200 / 1072.5 = 3.92, CPA 8.94.)
    Direct sales 1200 + 150 (GA4 organic) = 1350. The Meta spend reaches the Meta channel
    on Costs, Channels and Summary's paid cost (never $0 beside the ad spend).
    """
    h, cells = evaluate(meta_ga4_book([META, GA4_PAID, GA4_ORGANIC]), tmp_path)
    assert errors(cells) == []
    assert (h["AdSpend"], h["ROAS"], h["CPA"], h["CPC"]) == approx((1072.50, 1200 / 1072.5, 35.75, 1072.5 / 765))
    assert h["DirectSales"] == approx(1350) and h["Purchases"] == 33
    assert (h["RowsCounted"], h["RowsLeftOut"]) == (2, 1)
    assert h["PaidCost"] == approx(1072.50) and h["TotalCost"] == approx(1072.50)
    wb = openpyxl.load_workbook(tmp_path / "book.xlsx")
    meta = sheet_costs.col(2)
    assert wb["Costs"][f"{meta}{sheet_costs.STAFF_FIRST - 1}"].value == "Meta"
    assert cells[("Costs", f"{meta}{sheet_costs.SPEND_FIRST}")] == approx(1072.50)
    assert cells[("Costs", f"{sheet_costs.col(8)}{sheet_costs.TOTAL_ROW}")] == 0  # nothing lands in Shared
    ch = wb["Channels"]
    meta_paid = next(r for r in range(6, 40) if (ch[f"A{r}"].value, ch[f"B{r}"].value) == ("Meta", "Paid"))
    assert cells[("Channels", f"C{meta_paid}")] == approx(1072.50)  # cost
    assert cells[("Channels", f"K{meta_paid}")] == approx(1200)  # revenue
    assert cells[("Channels", f"O{meta_paid}")] == approx(1200 / 1072.5)  # ROAS
    # the GA4 organic row has no spend: its CPC and CPA are blank, never $0.00
    camp = wb["Campaigns"]
    head = {camp.cell(3, c).value: get_column_letter(c) for c in range(1, 40)}
    ga4 = next(r for r in range(4, 10) if camp[f"D{r}"].value == "GA4: (organic)")
    assert cells[("Campaigns", f"{head['CPC']}{ga4}")] == "" and cells[("Campaigns", f"{head['CPA']}{ga4}")] == ""
    assert cells[("Campaigns", f"{head['Channel']}{ga4}")] == "Instagram"
    ga4_paid = next(r for r in range(4, 10) if camp[f"D{r}"].value == "GA4: spring_sale")
    assert cells[("Campaigns", f"{head['In period']}{ga4_paid}")] == "Not counted"


def test_meta_with_platform_breakdown(tmp_path):
    """The same spend broken down: Facebook 600, Instagram 472.50 (revenue 700 + 500), plus a
    Messenger row (Meta's placement, counted as Facebook): 0 spend, 1 purchase, revenue 50."""
    fb = {**META, "Platform": "Facebook", "Spend": 600, "Revenue": 700, "Conversions": 18}
    ig = {**META, "Platform": "Instagram", "Spend": 472.50, "Revenue": 500, "Conversions": 12}
    messenger = row(D(2024, 3, 3), "Messenger", "Paid", "Spring Sale", Conversions=1, Revenue=50, Source="Meta")
    h, cells = evaluate(meta_ga4_book([fb, ig, messenger]), tmp_path)
    assert errors(cells) == []
    assert (h["AdSpend"], h["DirectSales"]) == approx((1072.50, 1250))
    assert cells[("Costs", f"{sheet_costs.col(0)}{sheet_costs.SPEND_FIRST}")] == approx(600)
    assert cells[("Costs", f"{sheet_costs.col(1)}{sheet_costs.SPEND_FIRST}")] == approx(472.50)
    values = openpyxl.load_workbook(tmp_path / "book.xlsx")["Values"]
    assert cells[("Values", f"B{label_row(values, 'Facebook')}")] == approx(750)
    assert cells[("Values", f"B{label_row(values, 'Instagram')}")] == approx(500)


# --- scenario 6: a blank direct-to-consumer book ---------------------------------------------------
@pytest.mark.parametrize("model", ["Direct-to-consumer", None])
def test_blank_dtc_book_has_no_error_cell(tmp_path, model):
    """A blank book (business model DTC, or not set) with no data at all: zero error cells in
    the whole workbook; every Summary figure is a number, "–" with a note saying what is
    missing, or blank (the B2B pipeline lines, which do not apply)."""
    wb = blank_book()
    set_inputs(wb, BusinessModel=model)
    h, cells = evaluate(wb, tmp_path)
    assert errors(cells) == []
    for name, value in h.items():
        assert isinstance(value, float | int) or value in ("–", ""), (name, value)
    assert h["SocialROI"] == "–" and h["TotalCost"] == 0 and h["ROAS"] == "–"
    for name in ("MQL", "SQL", "PipelineValue", "CostPerSQL", "SocialCredited"):
        assert h[name] == "", name
    summary = openpyxl.load_workbook(tmp_path / "book.xlsx")["Summary"]
    dashes = [r for r in range(8, 80) if cells.get(("Summary", f"B{r}")) == "–"]
    assert len(dashes) >= 10
    for r in dashes:
        assert str(cells[("Summary", f"D{r}")]).startswith("– "), (r, summary[f"A{r}"].value)
    assert cells[("Summary", "A4")] == "Set the period on Inputs."
    assert cells[("Summary", "A9")] == "Direct sales"  # a shop leads with its sales


def test_business_model_changes_what_summary_leads_with(tmp_path):
    """B2B / SaaS leads with leads and pipeline and shows the pipeline lines (still no
    error, no data); brick-and-mortar leads with reach and impressions."""
    wb = blank_book()
    set_inputs(wb, BusinessModel="B2B / SaaS")
    h, cells = evaluate(wb, tmp_path, "b2b.xlsx")
    assert errors(cells) == []
    assert [cells[("Summary", f"A{r}")] for r in range(8, 14)] == [
        "Social ROI", "Leads", "Cost per lead (paid)", "SQL", "Pipeline value", "Cost per SQL"]
    assert h["MQL"] == 0 and h["CostPerSQL"] == "–"
    set_inputs(wb, BusinessModel="Brick-and-mortar")
    h, cells = evaluate(wb, tmp_path, "bm.xlsx")
    assert [cells[("Summary", f"A{r}")] for r in (9, 10, 11)] == ["Reach", "Impressions", "CPM (paid)"]
    assert h["MQL"] == ""


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # 15 Jul – 14 Aug: 17 of July's 31 days + 14 of August's 31 = 1 month; 31 days, so one
        # row per day; the previous period is the 31 days before: 14 Jun – 14 Jul
        (D(2026, 7, 15), D(2026, 8, 14), {"PeriodMonths": 1.0, "BucketUnit": "Day", "PrevStart": 46187,
                                          "PrevEnd": 46217, "PeriodLabel": "15 Jul 2026 – 14 Aug 2026"}),
        # a week: 7 days (7/31 of July), previous week 29 Jun – 5 Jul
        (D(2026, 7, 6), D(2026, 7, 12), {"PeriodMonths": 7 / 31, "BucketUnit": "Day", "PrevStart": 46202,
                                         "PrevEnd": 46208, "PeriodLabel": "6 Jul 2026 – 12 Jul 2026"}),
        # two calendar years: 24 months, one row per month; the previous two years
        (D(2025, 1, 1), D(2026, 12, 31), {"PeriodMonths": 24.0, "BucketUnit": "Month", "PrevStart": 44927,
                                          "PrevEnd": 45657, "PeriodLabel": "Jan 2025 – Dec 2026"}),
        # five years (60 months > 31): one row per quarter
        (D(2022, 1, 1), D(2026, 12, 31), {"PeriodMonths": 60.0, "BucketUnit": "Quarter", "PrevStart": 42736}),
    ],
)
def test_any_period_length(tmp_path, start, end, expected):
    """Serial dates by hand: 2026-06-14 = 46187, 2026-07-14 = 46217, 2026-06-29 = 46202,
    2026-07-05 = 46208, 2023-01-01 = 44927 (2024-01-01 = 45292 less 2023's 365 days),
    2024-12-31 = 45657, 2017-01-01 = 42736."""
    wb = blank_book()
    set_inputs(wb, PeriodStart=start, PeriodEnd=end)
    _, cells = evaluate(wb, tmp_path)
    assert errors(cells) == []
    for name, value in expected.items():
        assert cells[name_cell(name)] == (approx(value) if isinstance(value, float) else value), name
    # the Periods rows start at the period start, end at its end and never go past it
    starts = [cells[("Periods", f"B{r}")] for r in range(18, 49)]
    ends = [cells[("Periods", f"C{r}")] for r in range(18, 49)]
    used = [s for s in starts if s != ""]
    last = ends[len(used) - 1]
    assert used[0] == (start - D(1899, 12, 30)).days and last == (end - D(1899, 12, 30)).days
    assert all(s == "" for s in starts[len(used):]) and all(a < b for a, b in zip(used, used[1:], strict=False))


# --- the previous period: cost, value and social ROI beside the period's ---------------------------
def header_col(ws, row: int, text: str) -> str:
    """Letter of the column whose header in ``row`` is ``text``."""
    return next(get_column_letter(c) for c in range(1, 40) if ws.cell(row, c).value == text)


def set_previous_cost(wb: openpyxl.Workbook, line: str | int, amount: float) -> None:
    """The previous period's amount of a cost line entered for the period (``line``: its
    label), or the previous period's hours of role number ``line``."""
    costs = wb["Costs"]
    if isinstance(line, int):
        row = sheet_costs.STAFF_FIRST + line
    else:
        row = next(r for r in range(sheet_costs.OTHER_FIRST, 40) if costs[f"A{r}"].value == line)
    head = sheet_costs.OTHER_FIRST - 1 if row >= sheet_costs.OTHER_FIRST else sheet_costs.STAFF_FIRST - 1
    cell = costs[f"{sheet_costs.PREV_IN}{row}"]
    assert costs[f"{sheet_costs.PREV_IN}{head}"].value.startswith("Previous period") and cell.style == "Input"
    cell.value = amount


def set_values_inputs(wb: openpyxl.Workbook, *, follows=None, follows_prev=None, signups=None, signups_prev=None,
                      keyword=None, visits=None, visits_prev=None, service=None) -> None:
    """Facebook's new follows (and the previous period's), sign-ups counted outside Campaigns,
    one keyword's published CPC and organic visits, the service-cost inputs on Values."""
    ws = wb["Values"]
    fol = label_row(ws, "Platform")
    fb = fol + 1
    assert ws[f"A{fb}"].value == "Facebook"
    ws[f"{header_col(ws, fol, 'New follows')}{fb}"] = follows
    ws[f"{header_col(ws, fol, 'New follows, previous period')}{fb}"] = follows_prev
    sign = label_row(ws, "Sign-ups", "L")
    ws[f"M{sign}"], ws[f"N{sign}"] = signups, signups_prev
    assert ws[f"N{label_row(ws, 'Action', 'L')}"].value == "Previous period"
    ppc = label_row(ws, "Keyword or topic of the visits")
    if keyword:
        ws[f"G{ppc + 1}"], ws[f"H{ppc + 1}"] = keyword
        ws[f"A{ppc + 1}"], ws[f"B{ppc + 1}"] = keyword[0].title(), visits
        ws[f"{header_col(ws, ppc, 'Visits, previous period')}{ppc + 1}"] = visits_prev
    if service:
        first = label_row(ws, "Questions answered publicly on social")
        for i, v in enumerate(service):
            ws[f"B{first + i}"] = v


def previous_book() -> openpyxl.Workbook:
    """July 2026 in USD; June 2026 is the previous period. Monthly cost lines only."""
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2026, 7, 1), PeriodEnd=D(2026, 7, 31), BookCurrency="USD", IncludeIndirect="Yes")
    set_fx(wb, {"EUR": 1.1})
    add_rows(wb, [
        row(D(2026, 7, 5), "Facebook", "Paid", "A", Spend=100, Impressions=10000, Reach=8000, Clicks=200,
            Engagements=300, Leads=10, Conversions=5, Revenue=250),
        row(D(2026, 7, 20), "Instagram", "Organic", "B", Impressions=5000, Reach=4000, Clicks=50, Conversions=1,
            Revenue=40),
        row(D(2026, 6, 15), "Facebook", "Paid", "A", Spend=80, Impressions=8000, Reach=6000, Clicks=100,
            Engagements=200, Leads=4, Conversions=2, Revenue=100),
        row(D(2026, 6, 20), "Instagram", "Organic", "B", Impressions=4000, Reach=3000, Clicks=60, Leads=3),
        row(D(2026, 6, 28), "Instagram", "Paid", "EU", Currency="EUR", Spend=50, Impressions=1500, Reach=1000,
            Clicks=20, Conversions=1, Revenue=90),
        row(D(2026, 5, 30), "Facebook", "Paid", "A", Spend=500, Reach=9999, Clicks=999, Conversions=9, Revenue=900),
    ])  # fmt: skip
    set_role(wb, 0, "Manager", 50, "Monthly", {"Facebook": 10, "Instagram": 10}, (0.5, 0.5, 0))
    set_cost(wb, "Tools & platform subscriptions", None, {"Shared": 300}, None)  # blank basis = monthly
    set_action_values(wb, **{"Reach": 0.001, "Link clicks": 0.1, "Leads": 2, "Follows": 0.5, "Sign-ups": 1})
    set_values_inputs(wb, follows=100, follows_prev=60, signups=10, signups_prev=8, keyword=("tea", 1.5), visits=100,
                      visits_prev=40, service=(10, 1, 5))  # fmt: skip
    set_inputs(wb, ServiceSavedPrevious=30)
    return wb


def test_previous_period_cost_value_and_roi_by_hand(tmp_path):
    """July 2026; June is the previous period (whole months: the same number of calendar
    months before, 1 month each). The May 30 row is before both: counted nowhere.

    Previous cost: staff 50/h × 20 h/month × 1 month = 1000; tools 300/month × 1 = 300;
    campaign spend of the June rows 80 + 50 EUR × 1.1 = 135 → 1435.
    Previous value:
      direct sales 100 + 0 + 90 × 1.1 = 199;
      action value, each counted once (purchases taken away, organic clicks less the 40 PPC visits):
        paid (Jun 15 + Jun 28): reach (6000 + 1000 − 3) × 0.001 = 6.997, clicks (100 + 20 − 3) × 0.1 = 11.7,
             leads max(0, 4 − 3) × 2 = 2 → 20.697
        organic (Jun 20): reach 3000 × 0.001 = 3, clicks (60 − 0 − 40) × 0.1 = 2, leads 3 × 2 = 6 → 11
        not by type: follows 60 × 0.5 = 30, sign-ups 8 × 1 = 8 → 38
        → 69.697;
      PPC-equivalent 40 visits × 1.5 = 60; indirect: service costs saved 30 (entered), uplift 0.
      Total 199 + 69.697 + 60 + 30 = 358.697 → social ROI (358.697 − 1435) / 1435 = −0.7500369338.
    The period (July), for comparison: cost 1000 + 300 + 100 = 1400; direct sales 290; action value
      paid 7.995 + 19.5 + 10 = 37.495, organic reach 3.999 + clicks max(0, 50 − 1 − 100) = 0, follows
      100 × 0.5 = 50, sign-ups 10 → 101.494; PPC 100 × 1.5 = 150; service 10 × 1 × 5 = 50;
      total 591.494 → ROI (591.494 − 1400) / 1400 = −0.5775042857.
    """
    h, cells = evaluate(previous_book(), tmp_path)
    assert errors(cells) == []
    assert (h["TotalCost"], h["DirectSales"], h["ActionValue"], h["PPCValue"], h["IndirectValue"]) == approx(
        (1400, 290, 101.494, 150, 50))
    assert (h["TotalValue"], h["SocialROI"]) == approx((591.494, -0.5775042857))
    assert h["PreviousTotalCost"] == approx(1435)
    assert h["PreviousDirectSales"] == approx(199)
    assert h["PreviousActionValue"] == approx(69.697)
    assert h["PreviousPPCValue"] == approx(60)
    assert h["PreviousIndirectValue"] == approx(30)
    assert h["PreviousTotalValue"] == approx(358.697)
    assert h["PreviousSocialROI"] == approx(-0.7500369338)
    assert (h["PreviousAdSpend"], h["PreviousRowsCounted"]) == approx((135, 3))
    assert cells[name_cell("PrevCostMissing")] == "" and cells[name_cell("PrevActionMissing")] == ""
    # the leading figure (a shop leads with social ROI) shows the previous period's too
    assert cells[("Summary", "C8")] == approx(-0.7500369338)
    # Indirect value not counted (Inputs): 0 in both periods
    wb = previous_book()
    set_inputs(wb, IncludeIndirect="No")
    h, _ = evaluate(wb, tmp_path, "no_indirect.xlsx")
    assert (h["IndirectValue"], h["PreviousIndirectValue"], h["PreviousTotalValue"]) == approx((0, 0, 328.697))


def test_a_per_period_cost_without_its_previous_amount_is_named_never_a_lower_cost(tmp_path):
    """Research is entered for the period (120) with no amount for June: the previous total
    cost is unknown, so it and the previous social ROI show "–" and the notes name Research
    (1435 would be a silently lower cost). The period's figures: 1400 + 120 = 1520.
    With June's research entered (70): 1435 + 70 = 1505 → ROI (358.697 − 1505) / 1505 = −0.7616631229.
    Another per-period line, a role's hours for the period, is named the same way."""
    wb = previous_book()
    set_cost(wb, "Research", "This period", {"Shared": 120}, (0, 1, 0))
    h, cells = evaluate(wb, tmp_path)
    assert errors(cells) == []
    assert h["TotalCost"] == approx(1520)
    assert h["PreviousTotalCost"] == "–" and h["PreviousSocialROI"] == "–"
    assert h["PreviousTotalValue"] == approx(358.697)  # the value does not depend on it
    assert cells[name_cell("PrevCostMissing")] == "Research"
    cost_row, roi_row = (int(name_cell(f"Headline_{n}")[1][1:]) for n in ("TotalCost", "SocialROI"))
    assert "previous: – no previous amount for Research (Costs, column V)" in cells[("Summary", f"D{cost_row}")]
    assert "previous: – its cost or value is incomplete" in cells[("Summary", f"D{roi_row}")]
    # a role entered for the period without its previous hours is named too
    set_role(wb, 1, "Freelancer", 40, "This period", {"TikTok": 5}, (0, 1, 0))
    h, cells = evaluate(wb, tmp_path, "two.xlsx")
    assert cells[name_cell("PrevCostMissing")] == "Freelancer; Research"
    # both previous amounts entered: 1435 + 70 research + 3 h × 40 = 120 → 1625
    set_previous_cost(wb, "Research", 70)
    set_previous_cost(wb, 1, 3)  # the Freelancer
    h, cells = evaluate(wb, tmp_path, "three.xlsx")
    assert errors(cells) == []
    assert h["PreviousTotalCost"] == approx(1625)
    assert h["PreviousSocialROI"] == approx((358.697 - 1625) / 1625)
    wb2 = previous_book()
    set_cost(wb2, "Research", "This period", {"Shared": 120}, (0, 1, 0))
    set_previous_cost(wb2, "Research", 70)
    h, _ = evaluate(wb2, tmp_path, "four.xlsx")
    assert h["PreviousTotalCost"] == approx(1505) and h["PreviousSocialROI"] == approx(-0.7616631229)
    # an amount entered for a monthly line is its amount for the previous period: tools cost
    # 250 in June instead of 300 a month → 1505 − 300 + 250 = 1455; the period keeps 300
    set_previous_cost(wb2, "Tools & platform subscriptions", 250)
    h, _ = evaluate(wb2, tmp_path, "five.xlsx")
    assert (h["TotalCost"], h["PreviousTotalCost"]) == approx((1520, 1455))


def test_previous_value_inputs_missing_are_named(tmp_path):
    """New follows, sign-ups, organic visits and service costs saved have amounts for July
    but none for June: the previous action, PPC-equivalent, indirect and total value and the
    social ROI show "–" and the notes say which inputs are missing; the previous cost
    (1435) is still shown."""
    wb = previous_book()
    set_values_inputs(wb, follows=100, signups=10, keyword=("tea", 1.5), visits=100, service=(10, 1, 5))
    set_inputs(wb, ServiceSavedPrevious=None)
    h, cells = evaluate(wb, tmp_path)
    assert errors(cells) == []
    assert h["ActionValue"] == approx(101.494)  # the period is unchanged
    for name in ("ActionValue", "PPCValue", "IndirectValue", "TotalValue", "SocialROI"):
        assert h[f"Previous{name}"] == "–", name
    assert h["PreviousTotalCost"] == approx(1435) and h["PreviousDirectSales"] == approx(199)
    assert cells[name_cell("PrevActionMissing")] == "new follows; sign-ups"
    assert cells[name_cell("PrevPPCMissing")] == "organic visits by keyword"
    assert cells[name_cell("PrevIndirectMissing")] == "service costs saved"


def test_monthly_costs_over_a_previous_period_of_days(tmp_path):
    """15 Jul – 14 Aug 2026 (31 days, not whole months): the previous period is the 31 days
    before, 14 Jun – 14 Jul. Months are counted the same way in both: each calendar month
    the period touches counts the share of its days inside.
    Period: 17/31 + 14/31 = 1 month → tools 310/month = 310.
    Previous: June 14–30 is 17 of 30 days, July 1–14 is 14 of 31 → 17/30 + 14/31 = 1.0182796
    months → 310 × 17/30 + 310 × 14/31 = 175.6667 + 140 = 315.6667."""
    wb = blank_book()
    set_inputs(wb, PeriodStart=D(2026, 7, 15), PeriodEnd=D(2026, 8, 14))
    set_cost(wb, "Tools & platform subscriptions", "Monthly", {"Shared": 310}, None)
    h, cells = evaluate(wb, tmp_path)
    assert errors(cells) == []
    assert cells[name_cell("PrevMonths")] == approx(17 / 30 + 14 / 31)
    assert h["TotalCost"] == approx(310) and h["PreviousTotalCost"] == approx(310 * 17 / 30 + 140)


def test_blank_book_previous_figures_are_numbers_or_dashes(tmp_path):
    """The blank book: every Headline_Previous* figure is a number or "–", no Summary cell is
    an error, and no input is missing (no current amounts). No Campaigns row is dated in the
    previous period, so its total value and social ROI are "–" with the note saying so (a
    value of the inputs alone would read as a collapse); its cost is 0."""
    h, cells = evaluate(blank_book(), tmp_path)
    assert [k for k, v in cells.items() if k[0] == "Summary" and isinstance(v, XLError)] == []
    previous = {k: v for k, v in h.items() if k.startswith("Previous")}
    for name in ("SocialROI", "TotalCost", "TotalValue", "DirectSales", "ActionValue", "PPCValue", "IndirectValue"):
        assert f"Previous{name}" in previous, name
    assert all(isinstance(v, float | int) or v == "–" for v in previous.values()), previous
    assert previous["PreviousSocialROI"] == "–" and previous["PreviousTotalCost"] == 0
    assert previous["PreviousTotalValue"] == "–" and previous["PreviousActionValue"] == 0
    value_row = int(name_cell("Headline_TotalValue")[1][1:])
    assert cells[("Summary", f"D{value_row}")].endswith("previous: – no Campaigns rows dated in it")
    for name in ("PrevCostMissing", "PrevActionMissing", "PrevPPCMissing", "PrevIndirectMissing"):
        assert cells[name_cell(name)] == "", name


#: The SOCROI functions on the path of the headline cost and value, written out as the
#: native formulas their docstrings define, so LibreOffice (which does not know them) can
#: compute the books itself: effort cost = Σ hours × rate + Σ other, action and
#: PPC-equivalent value = Σ count × value, SOCROI = (value − cost) / cost, the keyword's CPC
#: by an exact (case-blind) match of the trimmed topic.
_NATIVE = (
    (r"SOCROI_EFFORT_COST\(([^(),]+),([^(),]+),([^(),]+)\)", r"(SUMPRODUCT(\1,\2)+SUM(\3))"),
    (r"SOCROI_EFFORT_COST\(([^(),]+),([^(),]+)\)", r"SUMPRODUCT(\1,\2)"),
    (r"SOCROI_(?:ACTION|PPC)_VALUE\(([^(),]+),([^(),]+)\)", r"SUMPRODUCT(\1,\2)"),
    (r"SOCROI\(([^(),]+),([^(),]+)\)", r"((\1-\2)/\2)"),
    (r"SOCROI_KEYWORD_CPC\(([^(),]+),([^(),]+),([^(),]+)\)", r"INDEX(\3,MATCH(TRIM(\1),\2,0))"),
)


def _native(wb: openpyxl.Workbook) -> int:
    import re

    from openpyxl.worksheet.formula import ArrayFormula

    done = 0
    for ws in wb.worksheets:
        for cells in ws.iter_rows():
            for cell in cells:
                v = cell.value
                text = v.text if isinstance(v, ArrayFormula) else v
                if isinstance(text, str) and "SOCROI" in text:
                    new = text
                    for pattern, replacement in _NATIVE:
                        new = re.sub(pattern, replacement, new)
                    done += new != text
                    cell.value = ArrayFormula(v.ref, new) if isinstance(v, ArrayFormula) else new
    return done


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_computes_the_same_previous_period(tmp_path):
    """LibreOffice recalculates the previous-period books itself and gives the hand
    computations above: June's cost 1435 + 70 research = 1505, value 358.697, social ROI
    −0.7616631229; without June's research, "–" and the note naming it."""
    from socroi_xl import libreoffice

    given, missing = previous_book(), previous_book()
    for wb in (given, missing):
        set_cost(wb, "Research", "This period", {"Shared": 120}, (0, 1, 0))
        assert _native(wb) > 80
    set_previous_cost(given, "Research", 70)
    paths = [tmp_path / "given.xlsx", tmp_path / "missing.xlsx"]
    given.save(paths[0])
    missing.save(paths[1])
    out = tmp_path / "lo"
    out.mkdir()
    libreoffice.convert(paths, out, libreoffice.XLSX, libreoffice.make_profile(tmp_path / "profile", True))
    summary = [openpyxl.load_workbook(out / p.name, data_only=True)["Summary"] for p in paths]
    rows = {n: int(name_cell(f"Headline_{n}")[1][1:]) for n in ("SocialROI", "TotalCost", "TotalValue", "ActionValue")}
    s = summary[0]
    assert [s[f"C{rows[n]}"].value for n in ("TotalCost", "TotalValue", "ActionValue")] == approx([1505, 358.697, 69.697])
    assert s[f"C{rows['SocialROI']}"].value == approx(-0.7616631229)
    assert [s[f"B{rows[n]}"].value for n in ("TotalCost", "TotalValue")] == approx([1520, 591.494])  # the period
    s = summary[1]
    assert s[f"C{rows['TotalCost']}"].value == "–" and s[f"C{rows['SocialROI']}"].value == "–"
    assert s[f"D{rows['TotalCost']}"].value.endswith("previous: – no previous amount for Research (Costs, column V)")
