"""The template workbook: generated, checked in, structured as issues 4, 7 and 11 ask.

These tests read the checked-in file (and a blank book) with openpyxl and zipfile; none
needs the engine (the computed numbers are checked in test_template_values.py and
test_template_scenarios.py).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.cli import main
from socroi_xl.registry import REGISTRY
from socroi_xl.template import SHEETS, TEMPLATE_RELPATH, build_template, template_bytes

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / TEMPLATE_RELPATH

#: The importers' contract: the input columns, in this order, then the formula columns.
INPUT_COLUMNS = [
    "Date", "Platform", "Type", "Campaign", "Currency", "Spend", "Impressions", "Reach", "Clicks", "Engagements",
    "Leads", "Conversions", "Revenue", "Source", "Counted",
]  # fmt: skip
FORMULA_COLUMNS = [
    "Channel", "In period", "FX rate", "Book spend", "Book revenue", "CPM", "CPC", "CTR", "CPA", "Conv. rate",
    "ROAS", "Engagement rate",
]  # fmt: skip
CAMPAIGNS_HEADER = INPUT_COLUMNS + FORMULA_COLUMNS
HEADLINES = [
    "Headline_TotalCost", "Headline_TotalValue", "Headline_SocialROI", "Headline_ROAS", "Headline_DirectSales",
    "Headline_ActionValue", "Headline_PPCValue", "Headline_CPM", "Headline_CPC", "Headline_CPA",
    "Headline_PreviousDirectSales", "Headline_PreviousAdSpend", "Headline_PreviousROAS", "Headline_PreviousCPA",
    "Headline_PaidSOCROI", "Headline_OrganicSOCROI", "Headline_EarnedSOCROI", "Headline_RowsLeftOut",
    "Headline_PreviousSocialROI", "Headline_PreviousTotalCost", "Headline_PreviousTotalValue",
    "Headline_PreviousActionValue", "Headline_PreviousPPCValue", "Headline_PreviousIndirectValue",
]  # fmt: skip


def _engine_functions() -> set[str]:
    """Native functions the engine understands (the list docs/engine.md is generated from)."""
    from socroi_xl.engine.catalog import supported

    return supported()


SUPPORTED = _engine_functions()
SPILLING = {"SOCROI_FUNNEL", "SOCROI_KEYWORD_CPC", "SOCROI_ATTRIBUTE", "SOCROI_DECAY_WEIGHTS"}
_CALL = re.compile(r"([A-Z][A-Z0-9_.]*)\(")


@pytest.fixture(scope="module")
def wb() -> openpyxl.Workbook:
    return openpyxl.load_workbook(TEMPLATE)


@pytest.fixture(scope="module")
def blank() -> openpyxl.Workbook:
    import io

    return openpyxl.load_workbook(io.BytesIO(template_bytes(blank=True)))


def formulas(wb: openpyxl.Workbook) -> list[tuple[str, str, str, bool]]:
    """(sheet, cell, formula text, is array formula) of every formula cell."""
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, ArrayFormula):
                    out.append((ws.title, cell.coordinate, v.text, True))
                elif isinstance(v, str) and v.startswith("="):
                    out.append((ws.title, cell.coordinate, v, False))
    return out


def functions_called(text: str) -> set[str]:
    """Names of the functions a formula calls (text inside string literals ignored)."""
    return set(_CALL.findall(re.sub(r'"[^"]*"', '""', text)))


def test_checked_in_template_is_what_the_generator_makes(tmp_path: Path) -> None:
    fresh = build_template(tmp_path / "fresh.xlsx")
    with zipfile.ZipFile(TEMPLATE) as old, zipfile.ZipFile(fresh) as new:
        assert old.namelist() == new.namelist()
        for name in old.namelist():
            assert old.read(name) == new.read(name), f"{name} differs: run build_template({TEMPLATE_RELPATH})"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    # the example: the checked-in file, made in another process, equals a fresh one (above)
    a = build_template(tmp_path / "a.xlsx", blank=True).read_bytes()
    b = build_template(tmp_path / "b.xlsx", blank=True).read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
    assert "2026-07-01T00:00:00Z" in core and core.count("2026-07-01T00:00:00Z") == 2


def test_sheets_in_order(wb) -> None:
    # Summary, the sheet people open first, right after Start
    assert wb.sheetnames == list(SHEETS) == [
        "Start", "Summary", "Inputs", "Costs", "Values", "Campaigns", "Funnel", "Channels", "Periods", "Pipeline",
    ]  # fmt: skip
    assert wb.active.title == "Start"


def _tables_xml() -> str:
    with zipfile.ZipFile(TEMPLATE) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/tables/"))


def test_every_socroi_function_is_used(wb) -> None:
    used = set().union(*(functions_called(f) for _, _, f, _ in formulas(wb)))
    used |= functions_called(_tables_xml())
    socroi = {u for u in used if u.startswith("SOCROI")}
    assert set(REGISTRY) - socroi == set(), "SOCROI functions the template never uses"
    assert socroi - set(REGISTRY) == set(), "functions the library does not have"


def test_only_functions_the_engine_supports(wb) -> None:
    assert {"SUMIFS", "INDEX", "EOMONTH", "ISNUMBER"} <= SUPPORTED  # the list was read
    used = set().union(*(functions_called(f) for _, _, f, _ in formulas(wb)))
    used |= functions_called(_tables_xml())
    ordinary = {u for u in used if not u.startswith("SOCROI")}
    assert ordinary <= SUPPORTED, ordinary - SUPPORTED


def test_spilling_functions_are_array_formulas_over_their_output(wb) -> None:
    seen = set()
    for sheet, cell, text, is_array in formulas(wb):
        spilling = functions_called(text) & SPILLING
        if spilling:
            seen |= spilling
            assert is_array, f"{sheet}!{cell}: {text} must be an array formula"
    assert seen == SPILLING
    # the output ranges: one step rate per cell, the overall rates one row fewer than the
    # stages, attribution two columns
    step = wb["Funnel"]["C31"].value
    assert isinstance(step, ArrayFormula) and step.ref == "C31" and "SOCROI_FUNNEL(C24:C25)" in step.text
    overall = wb["Funnel"]["D36"].value
    assert isinstance(overall, ArrayFormula) and overall.ref == "D36:D38" and "D23:D26" in overall.text
    attribution = wb["Pipeline"]["E37"].value
    assert isinstance(attribution, ArrayFormula) and attribution.ref == "E37:F44"
    # one output row per distinct channel of the example journeys
    paths = [wb["Pipeline"][f"A{r}"].value for r in range(37, 49)]
    channels = {t.strip() for p in paths for t in p.split(">")}
    assert len(channels) == 8


def test_campaigns_table(wb) -> None:
    ws = wb["Campaigns"]
    table = ws.tables["Campaigns"]
    assert table.displayName == "Campaigns"
    header = [c.value for c in ws[table.ref][0]]
    assert header == CAMPAIGNS_HEADER
    assert [c.name for c in table.tableColumns] == CAMPAIGNS_HEADER
    rows = ws[table.ref][1:]
    assert len(rows) == 366
    col = {name: i for i, name in enumerate(CAMPAIGNS_HEADER)}
    assert {r[col["Type"]].value for r in rows} == {"Paid", "Organic", "Earned"}
    assert len({r[col["Platform"]].value for r in rows}) == 6  # Facebook, Instagram, LinkedIn, TikTok, YouTube, X
    assert {r[col["Source"]].value for r in rows} == {"Example"}
    assert {r[col["Currency"]].value for r in rows} == {r[col["Counted"]].value for r in rows} == {None}
    dates = [r[0].value for r in rows]
    assert min(dates).date().isoformat() == "2026-07-01" and max(dates).date().isoformat() == "2026-09-30"
    # the formula columns: structured references in every row, and the table's calculated
    # column formula so Excel (and the importers) carry them into new rows
    n = len(INPUT_COLUMNS)
    for k, name in enumerate(FORMULA_COLUMNS):
        column = table.tableColumns[n + k]
        assert column.calculatedColumnFormula is not None, name
        calc = column.calculatedColumnFormula.attr_text
        assert "Campaigns[[#This Row]," in calc
        assert {r[n + k].value for r in rows} == {"=" + calc}
    for r in rows:
        assert all(not isinstance(c.value, str) or not c.value.startswith("=") for c in r[:n])


def test_in_period_currency_and_channel_rules_are_in_the_formula_columns(wb) -> None:
    calc = {c.name: c.calculatedColumnFormula.attr_text for c in wb["Campaigns"].tables["Campaigns"].tableColumns
            if c.calculatedColumnFormula is not None}  # fmt: skip
    period = calc["In period"]
    for word in ('"Not counted"', "PeriodStart", "PeriodEnd", "PrevStart", '"Previous"', '"Current"', '"No date"'):
        assert word in period, word
    assert '[Counted]]="No"' in period
    fx = calc["FX rate"]
    assert "BookCurrency" in fx and "FX[Rate]" in fx and "FX[Currency]" in fx and "NA()" in fx
    assert calc["Book spend"] == "Campaigns[[#This Row],[Spend]]*Campaigns[[#This Row],[FX rate]]"
    assert "PlatformNames" in calc["Channel"] and "ChannelNames" in calc["Channel"]
    # rows without spend: blank CPC, CPA, CPM (never $0.00)
    for name in ("CPC", "CPA", "CPM", "ROAS"):
        assert calc[name].startswith("IF(OR(Campaigns[[#This Row],[Book spend]]=0,") or calc[name].startswith(
            "IF(Campaigns[[#This Row],[Book spend]]=0,"), name


def test_fx_is_a_real_table_with_currency_and_rate(wb, blank) -> None:
    for book in (wb, blank):
        table = book["Inputs"].tables["FX"]
        assert [c.name for c in table.tableColumns] == ["Currency", "Rate"]
    ws = wb["Inputs"]
    rows = ws[ws.tables["FX"].ref][1:]
    assert [(r[0].value, r[1].value) for r in rows] == [("EUR", 1.08), ("GBP", 1.27)]


def test_table_xml_carries_calculated_column_formulas() -> None:
    xml = _tables_xml()
    assert xml.count("<calculatedColumnFormula>") == len(FORMULA_COLUMNS)
    assert 'name="Conv. rate"' in xml and 'displayName="Campaigns"' in xml


def _target(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")]


NAMED_INPUTS = (
    "GrossMargin", "AvgOrderValue", "Currency", "BookCurrency", "PeriodStart", "PeriodEnd", "BusinessModel",
    "PurchasesPerYear", "RetentionRate", "DiscountRate", "TargetRevenue", "AttributionModel", "HalfLifeDays",
    "AvgDealValue", "TargetBasis", "IncludeIndirect", "BrandName",
)  # fmt: skip


def test_named_inputs_are_input_cells(wb, blank) -> None:
    for name in NAMED_INPUTS:
        cell = _target(wb, name)
        assert cell.style == "Input", name
        assert cell.value is not None and not str(cell.value).startswith("="), name
        assert _target(blank, name).value is None, name
    assert _target(wb, "Currency").value == _target(wb, "BookCurrency").value == "USD"
    assert _target(wb, "BookCurrency").coordinate == _target(wb, "Currency").coordinate
    assert "%" in _target(wb, "GrossMargin").number_format


def test_one_input_style_and_it_holds_constants(wb) -> None:
    inputs = formulas_in_inputs = 0
    for sheet, cell, _, _ in formulas(wb):
        assert wb[sheet][cell].style != "Input", f"{sheet}!{cell}: a formula in an input cell"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.style == "Input":
                    inputs += 1
                    assert cell.fill.fgColor.rgb.endswith("FFF2CC") and cell.font.color.rgb.endswith("0000FF")
    assert inputs > 4000 and formulas_in_inputs == 0
    assert "Input" in wb["Start"]["A11"].style and "input" in wb["Start"]["B11"].value.lower()


def _input_blocks(ws) -> list[set[tuple[int, int]]]:
    """Groups of input cells that touch (side by side or one above the other)."""
    cells = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.style == "Input"}
    blocks, seen = [], set()
    for start in sorted(cells):
        if start in seen:
            continue
        block, todo = set(), [start]
        while todo:
            r, c = todo.pop()
            if (r, c) in seen or (r, c) not in cells:
                continue
            seen.add((r, c))
            block.add((r, c))
            todo += [(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)]
        blocks.append(block)
    return blocks


@pytest.mark.parametrize("book", ["example", "blank"])
def test_clearing_any_input_block_never_deletes_a_formula(wb, blank, book) -> None:
    """Select an input block (its whole rectangle) and press Delete: no formula is inside."""
    book = wb if book == "example" else blank
    checked = 0
    for ws in book.worksheets:
        for block in _input_blocks(ws):
            r1, r2 = min(r for r, _ in block), max(r for r, _ in block)
            c1, c2 = min(c for _, c in block), max(c for _, c in block)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    v = ws.cell(r, c).value
                    text = getattr(v, "text", v)
                    assert not (isinstance(text, str) and text.startswith("=")), f"{ws.title}!{ws.cell(r, c).coordinate}"
            checked += 1
    assert checked >= 20  # the input blocks of every sheet were found


def test_blank_book_has_no_example_and_every_input_empty(blank) -> None:
    inputs = 0
    for ws in blank.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.style == "Input" and ws.title != "Start":  # Start shows what an input cell looks like
                    inputs += 1
                    assert cell.value is None, f"{ws.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    text = cell.value.lower()
                    assert "kettle" not in text and "example data" not in text and "tea" not in text.split(), (
                        f"{ws.title}!{cell.coordinate}: {cell.value}")
    assert inputs > 400
    table = blank["Campaigns"].tables["Campaigns"]
    assert table.ref == f"A3:{table.ref.split(':')[1][:-1]}4"  # one empty row (a table has at least one)


def test_blank_book_has_the_same_formulas_as_the_example(wb, blank) -> None:
    """Same layout, names and formulas; only the Campaigns rows differ in number."""
    assert set(wb.defined_names) == set(blank.defined_names)
    for ws in wb.worksheets:
        if ws.title in ("Campaigns", "Start"):
            continue
        a = {(c, f) for s, c, f, _ in formulas(wb) if s == ws.title}
        b = {(c, f) for s, c, f, _ in formulas(blank) if s == ws.title}
        assert a == b, ws.title


def test_headline_names_on_summary(wb) -> None:
    for name in HEADLINES:
        assert name in wb.defined_names, name
        sheet, _ = next(iter(wb.defined_names[name].destinations))
        assert sheet == "Summary"
    roi = _target(wb, "Headline_SocialROI")
    cost, value = _target(wb, "Headline_TotalCost"), _target(wb, "Headline_TotalValue")
    assert roi.value == f'=IF({cost.coordinate}=0,"–",SOCROI({value.coordinate},{cost.coordinate}))'
    assert "%" in roi.number_format
    assert _target(wb, "Headline_TotalCost").number_format == '"$"#,##0'  # the example's USD
    assert _target(wb, "Headline_PreviousROAS").row == _target(wb, "Headline_ROAS").row
    # Issue 7: the Summary gains the pipeline figures
    for name in ("Headline_MQL", "Headline_SQL", "Headline_PipelineValue", "Headline_WonRevenue"):
        assert name in wb.defined_names


def test_layout_aids(wb) -> None:
    for title in ("Summary", "Inputs", "Costs", "Values", "Campaigns", "Funnel", "Channels", "Periods", "Pipeline"):
        assert wb[title].freeze_panes, title
    assert wb["Campaigns"].freeze_panes == "E4"
    assert wb["Summary"].column_dimensions["A"].width >= 30


def test_charts_are_real_excel_charts() -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        kinds = [re.search(r"<(?:c:)?(\w+Chart)>", z.read(n).decode()).group(1) for n in charts]
        drawing_rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode()
    assert sorted(kinds) == ["barChart", "barChart", "barChart", "pieChart"]
    assert "drawing" in drawing_rels  # the charts sit on Summary (sheet 2)


def test_socroi_new_writes_a_fresh_copy_and_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "mine.xlsx"
    result = runner.invoke(main, ["new", str(target)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(TEMPLATE) as a, zipfile.ZipFile(target) as b:
        assert all(a.read(n) == b.read(n) for n in a.namelist())

    target.write_bytes(b"my own work")
    result = runner.invoke(main, ["new", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert target.read_bytes() == b"my own work"

    result = runner.invoke(main, ["new", str(target), "--force"])
    assert result.exit_code == 0
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.xlsx"]  # no temporary files left


def test_socroi_new_blank_and_currency(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(tmp_path / "blank.xlsx"), "--blank", "--currency", "eur"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "blank.xlsx").read_bytes() == template_bytes(blank=True, currency="EUR")
    book = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    assert _target(book, "BookCurrency").value == "EUR" and _target(book, "PeriodStart").value is None
    result = runner.invoke(main, ["new", str(tmp_path / "x.xlsx"), "--currency", "euro"])
    assert result.exit_code == 2 and "ISO" in result.output and not (tmp_path / "x.xlsx").exists()


def test_socroi_new_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "socroi new" in result.output
    assert "--blank" in result.output


def test_socroi_new_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path / "nope" / "x.xlsx")])
    assert result.exit_code == 1 and "does not exist" in result.output


def _render_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_template_images", ROOT / "scripts" / "render_template_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_render_copy_shows_one_sheet_and_never_asks_to_recalculate(tmp_path: Path) -> None:
    render = _render_module()
    copy = tmp_path / "funnel_only.xlsx"
    render.only_sheet(TEMPLATE, copy, "Funnel")
    with zipfile.ZipFile(copy) as z:
        workbook = z.read("xl/workbook.xml").decode()
        funnel = z.read("xl/worksheets/sheet7.xml").decode()
        names = [n for n in z.namelist()]
    states = {}
    for tag in re.findall(r"<sheet\b[^>]*/>", workbook):
        state = re.search(r'\bstate="([^"]*)"', tag)
        states[re.search(r'\bname="([^"]*)"', tag).group(1)] = state.group(1) if state else "visible"
    assert states["Funnel"] == "visible"
    assert all(state == "hidden" for name, state in states.items() if name != "Funnel") and len(states) == 10
    assert 'activeTab="6"' in workbook and "fullCalcOnLoad" not in workbook
    assert 't="array"' not in funnel and not re.search(r"<f[^>]*>SOCROI_FUNNEL", funnel)  # values only
    assert "<f>SUMIFS(" in funnel  # ordinary formulas stay (LibreOffice is told not to recalculate them)
    with zipfile.ZipFile(TEMPLATE) as z:
        assert names == z.namelist()


def test_socroi_demo_prints_the_headline_beside_the_previous_period(tmp_path: Path) -> None:
    engine = pytest.importorskip("socroi_xl.engine")
    result = CliRunner().invoke(main, ["demo", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("(0 error cells)") and "this period" in lines[1] and "previous period" in lines[1]
    h = engine.recalc_path(TEMPLATE, tmp_path / "check.xlsx").headline  # figures checked by hand elsewhere
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    # the example enters no previous-period amounts for its per-period costs: no previous social ROI
    assert rows["SocialROI"] == [f"{h['SocialROI']:,.4f}", "–"] and rows["TotalCost"][1] == "–"
    assert rows["ROAS"] == [f"{h['ROAS']:,.4f}", "–"]  # nothing dated in Q2 2026: no previous ROAS
    assert rows["AdSpend"] == [f"{h['AdSpend']:,.4f}", "0.0000"]
    assert "PreviousROAS" not in rows and "MQL" in rows  # the example has pipeline data
