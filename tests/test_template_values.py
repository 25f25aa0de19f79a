"""The template's numbers: every formula evaluates on the example, and the Summary's headline
figures equal a hand computation of the method from the example's input cells.

The expected figures are computed here with pandas straight from the INPUT cells of the
checked-in workbook (read by openpyxl) — the method of METHOD.md and the counting rules of
docs/template.md written out again, not the workbook's formulas — and compared with what
our engine computes from the formulas.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from socroi_xl.errors import XLError
from socroi_xl.template import TEMPLATE_RELPATH

try:  # the engine is built by another helper; without it these tests cannot run
    from socroi_xl.engine import evaluate, recalc_path
except ImportError:  # pragma: no cover
    evaluate = recalc_path = None

pytestmark = pytest.mark.skipif(evaluate is None, reason="socroi_xl.engine (evaluate, recalc_path) is not there yet")

TEMPLATE = Path(__file__).resolve().parents[1] / TEMPLATE_RELPATH
CHANNELS = ["Facebook", "Instagram", "Meta", "LinkedIn", "TikTok", "YouTube", "X", "Other"]
TYPES = ["Paid", "Organic", "Earned"]
INPUT_COLUMNS = ["Date", "Platform", "Type", "Campaign", "Currency", "Spend", "Impressions", "Reach", "Clicks",
                 "Engagements", "Leads", "Conversions", "Revenue", "Source", "Counted"]  # fmt: skip


@pytest.fixture(scope="module")
def wb() -> openpyxl.Workbook:
    return openpyxl.load_workbook(TEMPLATE)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    out = tmp_path_factory.mktemp("recalc") / "template.xlsx"
    return recalc_path(TEMPLATE, out)


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return evaluate(TEMPLATE)


# --- reading the example's input cells --------------------------------------------------------
def named(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")].value


def find_row(ws, text: str, col: str = "A", start: int = 1) -> int:
    return next(r for r in range(start, ws.max_row + 1) if ws[f"{col}{r}"].value == text)


def rows_below(ws, header_cell: str, n: int, cols: str) -> list[list]:
    """Values of ``cols`` in the ``n`` rows under ``header_cell``."""
    r0 = ws[header_cell].row
    return [[ws[f"{c}{r0 + 1 + i}"].value for c in cols] for i in range(n)]


def campaigns(wb) -> pd.DataFrame:
    ws = wb["Campaigns"]
    cells = ws[ws.tables["Campaigns"].ref]
    header = [c.value for c in cells[0]][: len(INPUT_COLUMNS)]
    assert header == INPUT_COLUMNS
    df = pd.DataFrame([[c.value for c in row[: len(INPUT_COLUMNS)]] for row in cells[1:]], columns=header)
    for c in INPUT_COLUMNS[5:13]:
        df[c] = pd.to_numeric(df[c]).fillna(0.0)
    return df


def months_in(start: dt.datetime, end: dt.datetime) -> float:
    """Each calendar month the period touches counts the share of its days inside."""
    total, day = 0.0, start
    while day <= end:
        last = dt.datetime(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        inside = (min(last, end) - day).days + 1
        total += inside / calendar.monthrange(day.year, day.month)[1]
        day = last + dt.timedelta(days=1)
    return total


def cost_lines(wb) -> list[dict]:
    """Every cost line of Costs: its rate (staff) or None, months counted, amounts by
    channel (hours for staff) and shares, read from the input cells."""
    costs, inputs = wb["Costs"], wb["Inputs"]
    head = {costs.cell(5, c).value: c for c in range(1, 30) if costs.cell(5, c).value}
    months = months_in(named(wb, "PeriodStart"), named(wb, "PeriodEnd"))
    role_first = find_row(inputs, "Role") + 1
    lines = []
    staff_rows = [(r, inputs[f"B{role_first + i}"].value or 0.0) for i, r in enumerate(range(6, 14))]
    other_rows = [(find_row(costs, label), None) for label in (
        "Tools & platform subscriptions", "Refunds & discounts given on social", "Content production", "Research",
        "Training & conferences", "Other costs")]  # fmt: skip
    for r, rate in staff_rows + other_rows:
        basis = costs.cell(r, head["Basis"]).value
        lines.append({
            "rate": rate,
            "months": 1.0 if basis == "This period" else months,
            "amounts": {ch: costs.cell(r, head[ch]).value or 0.0 for ch in [*CHANNELS, "Shared"]},
            "shares": {t: costs.cell(r, head[t]).value or 0.0 for t in TYPES},
        })  # fmt: skip
    return lines


def line_cost(line: dict, channel: str | None = None) -> float:
    amounts = line["amounts"].values() if channel is None else [line["amounts"][channel]]
    return sum(amounts) * (line["rate"] if line["rate"] is not None else 1.0) * line["months"]


def hand_figures(wb) -> dict[str, float]:
    """The headline figures of the example, by the method (METHOD.md §2–4) and the counting
    rules (docs/template.md), by hand.

    Every Campaigns row of the example is in the period (Q3 2026), in the book currency and
    counted.
    Total cost  = Σ staff lines (hours × rate × months) + Σ other lines (amount × months;
                  months = 1 for "This period", else the period's calendar months: 3)
                + every Spend of the Campaigns rows.
    Total value = direct sales (Σ Revenue)
                + action value: per type, reach, impressions, link clicks and leads less the
                  type's purchases (never below 0), organic link clicks less the PPC-priced
                  visits too; likes/comments/shares = engagements × the mix; follows, demo
                  requests, downloads, sign-ups as entered; purchases of rows with no revenue
                + PPC-equivalent: Σ organic visits × published CPC of the keyword (matched
                  ignoring case and repeated spaces)
                + indirect (Inputs says Yes).
    Social ROI  = (total value − total cost) / total cost.
    Paid ratios over the Paid rows' spend. Paid / organic / earned cost: each line × its
    share, plus the type's campaign spend; value: the type's sales and action value
    (organic: + PPC-equivalent).
    """
    inputs, vals, pipe = wb["Inputs"], wb["Values"], wb["Pipeline"]
    camp = campaigns(wb)
    assert camp["Date"].between(named(wb, "PeriodStart"), named(wb, "PeriodEnd")).all()
    assert camp["Currency"].isna().all() and camp["Counted"].isna().all()
    lines = cost_lines(wb)
    total_cost = sum(line_cost(li) for li in lines) + camp["Spend"].sum()

    direct = camp["Revenue"].sum()
    unit = {}
    first = find_row(inputs, "Action", start=40) + 1
    for r in range(first, first + 12):
        unit[inputs[f"A{r}"].value.split(" (")[0]] = inputs[f"B{r}"].value or 0.0
    mix = {k: vals[f"M{find_row(vals, k, 'L')}"].value for k in ("Likes", "Comments", "Shares")}
    entered = {k: vals[f"M{find_row(vals, k, 'L', 36)}"].value for k in ("Demo or trial requests", "Downloads", "Sign-ups")}
    follows = sum(r[0] or 0 for r in rows_below(vals, f"D{find_row(vals, 'Platform')}", 7, "D"))

    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip().casefold()

    kw_header = find_row(vals, "Published keyword", "G")
    cpc = {norm(k): v for k, v in rows_below(vals, f"G{kw_header}", 12, "GH") if k}
    traffic = [(t, v) for t, v in rows_below(vals, f"A{kw_header}", 10, "AB") if t]
    ppc_visits = sum(v for _, v in traffic)
    ppc = sum(visits * cpc[norm(topic)] for topic, visits in traffic)

    def action_counts(rows: pd.DataFrame, kind: str) -> dict[str, float]:
        p = rows["Conversions"].sum()
        less = ppc_visits if kind == "Organic" else 0.0
        return {
            "Reach": max(0.0, rows["Reach"].sum() - p), "Impressions": max(0.0, rows["Impressions"].sum() - p),
            **{k: rows["Engagements"].sum() * share for k, share in mix.items()},
            "Link clicks": max(0.0, rows["Clicks"].sum() - p - less), "Leads": max(0.0, rows["Leads"].sum() - p),
            "Purchases": rows.loc[rows["Revenue"] == 0, "Conversions"].sum(),
        }  # fmt: skip

    action_by_type = {}
    for kind in TYPES:
        counts = action_counts(camp[camp["Type"] == kind], kind)
        action_by_type[kind] = sum(counts[k] * unit[k] for k in counts)
    not_by_type = follows * unit["Follows"] + sum(entered[k] * unit[k] for k in entered)
    action = sum(action_by_type.values()) + not_by_type

    service = np.prod([r[0] for r in rows_below(vals, f"A{find_row(vals, 'Service costs saved') - 4}", 3, "B")])
    seg_header = find_row(vals, "Metric")
    seg = {r[0]: (r[1], r[2]) for r in rows_below(vals, f"A{seg_header}", 4, "ABC")}
    orders, customers, upsell_value = (r[0] for r in rows_below(vals, f"A{seg_header + 5}", 3, "B"))
    segment = orders * (seg["Average order value"][0] - seg["Average order value"][1]) + customers * (
        seg["Upsell rate"][0] - seg["Upsell rate"][1]
    ) * upsell_value
    indirect = service + segment if named(wb, "IncludeIndirect") == "Yes" else 0.0
    total_value = direct + action + ppc + indirect

    paid = camp[camp["Type"] == "Paid"]
    spend = paid["Spend"].sum()
    aov, margin, ppy = named(wb, "AvgOrderValue"), named(wb, "GrossMargin"), named(wb, "PurchasesPerYear")
    cpa = spend / paid["Conversions"].sum()

    by_type = {}
    for kind in TYPES:
        rows = camp[camp["Type"] == kind]
        cost = sum(line_cost(li) * li["shares"][kind] for li in lines) + rows["Spend"].sum()
        value = rows["Revenue"].sum() + action_by_type[kind] + (ppc if kind == "Organic" else 0.0)
        by_type[kind] = (cost, value)

    stages = rows_below(pipe, "A4", 5, "BCDEFGHI")
    sums = [sum(v or 0 for v in r) for r in stages]
    channel_cost = {
        ch: sum(line_cost(li, ch) for li in lines) + camp.loc[camp["Platform"] == ch, "Spend"].sum() for ch in CHANNELS
    }
    journeys = [r for r in rows_below(pipe, "A36", 12, "AB") if r[0]]
    assists = 0
    for channel in CHANNELS:
        for path, conv in journeys:
            touches = [t.strip() for t in path.split(">")]
            assists += conv if channel in touches and touches[-1] != channel else 0

    return {
        "TotalCost": total_cost, "TotalValue": total_value, "SocialROI": (total_value - total_cost) / total_cost,
        "DirectSales": direct, "ActionValue": action, "PPCValue": ppc, "IndirectValue": indirect,
        "AdSpend": spend, "ROAS": paid["Revenue"].sum() / spend,
        "CPM": spend / paid["Impressions"].sum() * 1000, "CPC": spend / paid["Clicks"].sum(), "CPA": cpa,
        "CTR": paid["Clicks"].sum() / paid["Impressions"].sum(), "CostPerLead": spend / paid["Leads"].sum(),
        "Reach": camp["Reach"].sum(), "Impressions": camp["Impressions"].sum(), "Leads": camp["Leads"].sum(),
        "Purchases": camp["Conversions"].sum(), "ConversionRate": camp["Conversions"].sum() / camp["Clicks"].sum(),
        "EngagementRate": camp["Engagements"].sum() / camp["Reach"].sum(),
        "CLV": aov * ppy * named(wb, "CustomerYears") * margin,
        "CLVRetention": aov * ppy * margin * named(wb, "RetentionRate")
        / (1 + named(wb, "DiscountRate") - named(wb, "RetentionRate")),
        "BreakevenCPA": aov * margin, "BreakevenROAS": 1 / margin,
        "BreakevenCPC": aov * margin * named(wb, "LandingConvRate"),
        "PaybackMonths": cpa / (aov * ppy / 12 * margin),
        "MQL": sums[0], "SQL": sums[1], "Opportunities": sums[2], "WonDeals": sums[3], "WonRevenue": sums[4],
        "PipelineValue": sums[2] * named(wb, "AvgDealValue"),
        "CostPerSQL": sum(channel_cost.values()) / sums[1],
        "SocialAssists": assists, "RowsCounted": len(camp), "RowsLeftOut": 0,
        **{f"{k}Cost": v[0] for k, v in by_type.items()}, **{f"{k}Value": v[1] for k, v in by_type.items()},
        **{f"{k}SOCROI": (v[1] - v[0]) / v[0] for k, v in by_type.items()},
        "NotAllocatedCost": total_cost - sum(v[0] for v in by_type.values()),
        # nothing is dated in the previous period (Q2 2026)
        "PreviousAdSpend": 0, "PreviousDirectSales": 0, "PreviousROAS": "–", "PreviousRowsCounted": 0,
    }  # fmt: skip


# --- the tests --------------------------------------------------------------------------------
def test_every_formula_evaluates_without_error_on_the_example(values) -> None:
    errors = values[values["value"].map(lambda v: isinstance(v, XLError))]
    assert errors.empty, errors.head(20).to_string()
    assert len(values) > 6000  # every formula cell, array-formula cells included


def test_headline_figures_equal_the_hand_computation(wb, recalculated) -> None:
    expected = hand_figures(wb)
    got = recalculated.headline
    for name, value in expected.items():
        if isinstance(value, str):
            assert got[name] == value, name
        else:
            assert got[name] == pytest.approx(value, rel=1e-9, abs=1e-9), name
    # the example is a plausible quarter, not a degenerate one
    assert 0.1 < got["SocialROI"] < 2 and got["ROAS"] > 1
    assert recalculated.errors == 0
    # paid, organic and earned add up to the total
    assert sum(got[f"{k}Cost"] for k in TYPES) + got["NotAllocatedCost"] == pytest.approx(got["TotalCost"])


def test_headline_names_reported_in_definition_order(recalculated) -> None:
    keys = list(recalculated.headline)
    assert keys[:4] == ["SocialROI", "TotalCost", "TotalValue", "DirectSales"]
    for name in ("TotalCost", "TotalValue", "SocialROI", "ROAS", "DirectSales", "ActionValue", "PPCValue",
                 "CPM", "CPC", "CPA", "PreviousROAS", "PaidSOCROI"):  # fmt: skip
        assert name in keys
    assert keys.index("SocialAssists") < keys.index("PreviousDirectSales")


def test_credits_sum_to_the_conversions(wb, values) -> None:
    v = values.set_index(["sheet", "cell"])["value"]
    credited = [v[("Pipeline", f"F{r}")] for r in range(37, 45)]
    conversions = sum(r[0] for r in rows_below(wb["Pipeline"], "B36", 12, "B"))
    assert sum(credited) == pytest.approx(conversions)
    channels = {v[("Pipeline", f"E{r}")] for r in range(37, 45)}
    assert channels == {"LinkedIn", "Email", "Facebook", "YouTube", "Search", "Instagram", "X", "TikTok"}
    # time-decay weights of the example journey: 0.5^(days/7), normalised (hand computed)
    days = np.array([21, 12, 4, 1, 0], dtype=float)
    w = 0.5 ** (days / 7)
    got = [v[("Pipeline", f"D{r}")] for r in range(53, 58)]
    assert got == pytest.approx(w / w.sum())


def test_funnel_rates_by_hand(values) -> None:
    v = values.set_index(["sheet", "cell"])["value"]
    for c in "CDEF":
        reach, clicks, leads, buys = (v[("Funnel", f"{c}{r}")] for r in (23, 24, 25, 26))
        assert [v[("Funnel", f"{c}{r}")] for r in (30, 31, 32)] == pytest.approx([clicks / reach, leads / clicks, buys / leads])
        assert [v[("Funnel", f"{c}{r}")] for r in (36, 37, 38)] == pytest.approx([clicks / reach, leads / reach, buys / reach])


def test_cost_and_period_checks_balance(wb, values) -> None:
    v = values.set_index(["sheet", "cell"])["value"]
    costs, periods = wb["Costs"], wb["Periods"]
    assert v[("Costs", "R37")] == 0  # total by channel − (staff + other + campaign spend)
    assert v[("Costs", f"B{find_row(costs, 'Total', start=50) + 1}")] == 0  # by channel − by category
    weeks = [v[("Periods", f"A{r}")] for r in range(18, 49)]
    assert weeks[:14] == [f"Week {k}" for k in range(1, 15)] and set(weeks[14:]) == {""}  # a quarter: 14 weeks
    assert v[("Periods", "C31")] == 46295  # the 14th week ends on the period's end, 2026-09-30
    assert v[("Periods", "D50")] == 0  # the weeks add up to the quarter
    assert v[("Periods", "I49")] == pytest.approx(v[("Values", "E14")])  # revenue by week = direct sales
    assert v[("Periods", f"C{find_row(periods, 'Direct sales (revenue)')}")] == 60000  # a quarter's target, one quarter


def test_clearing_every_input_leaves_no_error_cell(tmp_path) -> None:
    """Every input cell of the example emptied (the Campaigns rows stay, empty): the
    workbook shows zeros, blanks and "–", never an error."""
    wb = openpyxl.load_workbook(TEMPLATE)
    cleared = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.style == "Input" and cell.value is not None:
                    cell.value = None
                    cleared += 1
    assert cleared > 5000
    path = tmp_path / "cleared.xlsx"
    wb.save(path)
    v = evaluate(path)
    errors = v[v["value"].map(lambda x: isinstance(x, XLError))]
    assert errors.empty, errors.head(20).to_string()
    by_cell = v.set_index(["sheet", "cell"])["value"]
    assert by_cell[("Summary", "B16")] == "–"  # social ROI
    assert str(by_cell[("Summary", "D16")]).startswith("– no cost")


def _content_digest(data: bytes) -> str:
    """SHA-256 over the names and contents of a package's members (not the zip bytes)."""
    import hashlib
    import io
    import zipfile

    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            digest.update(name.encode() + b"\0" + z.read(name) + b"\0")
    return digest.hexdigest()


def test_libreoffices_golden_books_are_the_current_template() -> None:
    """tests/test_faithful.py compares every native formula cell of tests/golden/template*.xlsx
    with LibreOffice's own recalculation (scripts/make_golden.py). Those books must be the
    template as it is now: the example, the blank book and the blank book with rows."""
    import json

    from socroi_xl.template import template_bytes

    golden = Path(__file__).parent / "golden"
    stale = "the template changed since LibreOffice's values were recorded: run scripts/make_golden.py --only {}"
    assert _content_digest((golden / "template.xlsx").read_bytes()) == _content_digest(TEMPLATE.read_bytes()), (
        stale.format("template"))
    blank = template_bytes(blank=True)
    assert _content_digest((golden / "template_blank.xlsx").read_bytes()) == _content_digest(blank), (
        stale.format("template_blank"))
    rows = openpyxl.load_workbook(golden / "template_rows.xlsx")
    fresh = openpyxl.load_workbook(__import__("io").BytesIO(blank))
    for ws in fresh.worksheets:
        if ws.title != "Campaigns":
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        assert rows[ws.title][cell.coordinate].value == cell.value, stale.format("template_rows")
    for name, least in (("template", 2900), ("template_blank", 1100), ("template_rows", 1200)):
        record = json.loads((golden / f"{name}.json").read_text(encoding="utf-8"))
        assert len(record["cells"]) > least, name  # cells LibreOffice computed itself


def test_an_attribution_error_is_not_turned_into_zero_credit(tmp_path) -> None:
    wb = openpyxl.load_workbook(TEMPLATE)
    sheet, ref = next(iter(wb.defined_names["AttributionModel"].destinations))
    wb[sheet][ref.replace("$", "")].value = "coin toss"  # not a model
    path = tmp_path / "bad_model.xlsx"
    wb.save(path)
    v = evaluate(path).set_index(["sheet", "cell"])["value"]
    assert isinstance(v[("Pipeline", "E37")], XLError)
    assert all(isinstance(v[("Pipeline", f"{c}27")], XLError) for c in "BCDEFGHIJ")
    sheet, ref = next(iter(wb.defined_names["Headline_SocialCredited"].destinations))
    assert isinstance(v[(sheet, ref.replace("$", ""))], XLError)
    # assisted conversions do not depend on the model: LinkedIn (column E) assisted
    # "LinkedIn > Email" 18 + "Facebook > LinkedIn > Email" 6 + "Search > LinkedIn > Email" 9
    assert v[("Pipeline", "E28")] == 33


def test_the_examples_previous_period_by_hand(wb, recalculated, values) -> None:
    """The example's previous period is Q2 2026 (the three calendar months before Q3): no
    Campaigns row is dated in it and it gives no Q2 amounts for its lines entered for the
    period, so the previous cost, value and social ROI are "–" with the lines named.
    The lines it does know: every monthly line × Q2's 3 months (April, May and June are
    whole months), by hand from the input cells: 41,640."""
    lines = cost_lines(wb)
    per_period = [li for li in lines if li["months"] == 1.0]
    monthly = sum(line_cost(li) for li in lines if li["months"] != 1.0)
    costs = wb["Costs"]
    named = [costs[f"A{r}"].value for r in range(18, 24) if costs[f"C{r}"].value == "This period"]
    assert len(per_period) == len(named) == 3 and monthly == pytest.approx(41640)
    v = values.set_index(["sheet", "cell"])["value"]
    assert v[("Costs", "X30")] == pytest.approx(monthly)  # the lines with a previous amount, + 0 spend
    assert v[("Costs", "X31")] == "; ".join(named)
    got = recalculated.headline
    for name in ("SocialROI", "TotalCost", "TotalValue", "ActionValue", "PPCValue", "IndirectValue"):
        assert got[f"Previous{name}"] == "–", name
    assert (got["PreviousDirectSales"], got["PreviousAdSpend"], got["PreviousRowsCounted"]) == (0, 0, 0)
