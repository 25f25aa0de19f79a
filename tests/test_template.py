"""The template workbook: generated, checked in, structured as issues 4 and 7 ask.

These tests read the checked-in file with openpyxl and zipfile; none needs the engine
(the computed numbers are checked in test_template_values.py).
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
from socroi_xl.template import SHEETS, TEMPLATE_RELPATH, build_template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / TEMPLATE_RELPATH

CAMPAIGNS_HEADER = [
    "Date", "Platform", "Type", "Campaign", "Spend", "Impressions", "Reach", "Clicks", "Engagements",
    "Leads", "Conversions", "Revenue", "CPM", "CPC", "CTR", "CPA", "Conv. rate", "ROAS", "Engagement rate",
]  # fmt: skip
HEADLINES = [
    "Headline_TotalCost", "Headline_TotalValue", "Headline_SocialROI", "Headline_ROAS", "Headline_DirectSales",
    "Headline_ActionValue", "Headline_PPCValue", "Headline_CPM", "Headline_CPC", "Headline_CPA",
]  # fmt: skip
#: Ordinary Excel functions the engine supports (the brief's list) and that the template may use.
SUPPORTED = set(
    "SUM SUMPRODUCT SUMIF SUMIFS COUNT COUNTIF COUNTIFS AVERAGE AVERAGEIF AVERAGEIFS MIN MAX ROUND ROUNDUP "
    "ROUNDDOWN ABS IF IFS IFERROR IFNA AND OR NOT ISBLANK ISNUMBER ISTEXT ISERROR ISNA INDEX MATCH VLOOKUP "
    "XLOOKUP CHOOSE DATE YEAR MONTH DAY EOMONTH WEEKNUM LEFT RIGHT MID LEN TRIM UPPER LOWER CONCAT TEXTJOIN".split()
)
SPILLING = {"SOCROI_FUNNEL", "SOCROI_KEYWORD_CPC", "SOCROI_ATTRIBUTE", "SOCROI_DECAY_WEIGHTS"}
_CALL = re.compile(r"([A-Z][A-Z0-9_.]*)\(")


@pytest.fixture(scope="module")
def wb() -> openpyxl.Workbook:
    return openpyxl.load_workbook(TEMPLATE)


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
    a = build_template(tmp_path / "a.xlsx").read_bytes()
    b = build_template(tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
    assert "2026-07-01T00:00:00Z" in core and core.count("2026-07-01T00:00:00Z") == 2


def test_sheets_in_order(wb) -> None:
    assert wb.sheetnames == list(SHEETS) == [
        "Start", "Inputs", "Costs", "Values", "Campaigns", "Funnel", "Channels", "Periods", "Pipeline", "Summary",
    ]  # fmt: skip
    assert wb.active.title == "Start"


def test_every_socroi_function_is_used(wb) -> None:
    used = set().union(*(functions_called(f) for _, _, f, _ in formulas(wb)))
    with zipfile.ZipFile(TEMPLATE) as z:
        table_xml = z.read("xl/tables/table1.xml").decode()
    used |= functions_called(table_xml)
    socroi = {u for u in used if u.startswith("SOCROI")}
    assert set(REGISTRY) - socroi == set(), "SOCROI functions the template never uses"
    assert socroi - set(REGISTRY) == set(), "functions the library does not have"


def test_only_supported_excel_functions(wb) -> None:
    used = set().union(*(functions_called(f) for _, _, f, _ in formulas(wb)))
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
    # the output ranges: funnel rates one row fewer than the stages, attribution two columns
    funnel = wb["Funnel"]["C30"].value
    assert isinstance(funnel, ArrayFormula) and funnel.ref == "C30:F32" and "C23:F26" in funnel.text
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
    assert 300 <= len(rows) <= 1000
    types = {r[2].value for r in rows}
    assert types == {"Paid", "Organic", "Earned"}
    assert len({r[1].value for r in rows}) >= 6  # Facebook, Instagram, LinkedIn, TikTok, YouTube, X
    dates = [r[0].value for r in rows]
    assert min(dates).date().isoformat() == "2026-07-01" and max(dates).date().isoformat() == "2026-09-30"
    # the 7 formula columns: structured references in every row, and the table's calculated
    # column formula so Excel carries them into new rows
    for k, name in enumerate(CAMPAIGNS_HEADER[12:]):
        column = table.tableColumns[12 + k]
        assert column.calculatedColumnFormula is not None, name
        calc = column.calculatedColumnFormula.attr_text
        assert "Campaigns[[#This Row]," in calc and "SOCROI_" in calc
        assert {r[12 + k].value for r in rows} == {"=" + calc}
    for r in rows:
        assert all(not isinstance(c.value, str) or not c.value.startswith("=") for c in r[:12])


def test_table_xml_carries_calculated_column_formulas() -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        xml = z.read("xl/tables/table1.xml").decode()
    assert xml.count("<calculatedColumnFormula>") == 7
    assert 'name="Conv. rate"' in xml and 'displayName="Campaigns"' in xml


def _target(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")]


def test_named_inputs_are_input_cells(wb) -> None:
    for name in ("GrossMargin", "AvgOrderValue", "Currency", "PeriodStart", "PeriodEnd", "BusinessModel",
                 "PurchasesPerYear", "RetentionRate", "DiscountRate", "TargetRevenue", "AttributionModel",
                 "HalfLifeDays", "AvgDealValue"):  # fmt: skip
        cell = _target(wb, name)
        assert cell.style == "Input", name
        assert cell.value is not None and not str(cell.value).startswith("="), name
    assert _target(wb, "Currency").value == "USD"
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
    assert "Input" in wb["Start"]["A12"].style and "input" in wb["Start"]["B12"].value.lower()


def test_headline_names_on_summary(wb) -> None:
    for name in HEADLINES:
        assert name in wb.defined_names, name
        sheet, _ = next(iter(wb.defined_names[name].destinations))
        assert sheet == "Summary"
    assert _target(wb, "Headline_SocialROI").value == "=SOCROI(B7,B6)"
    assert "%" in _target(wb, "Headline_SocialROI").number_format
    assert _target(wb, "Headline_TotalCost").number_format.startswith('"$"')
    # Issue 7: the Summary gains the pipeline figures
    for name in ("Headline_MQL", "Headline_SQL", "Headline_PipelineValue", "Headline_WonRevenue"):
        assert name in wb.defined_names


def test_layout_aids(wb) -> None:
    for title in ("Inputs", "Costs", "Values", "Campaigns", "Funnel", "Channels", "Periods", "Pipeline", "Summary"):
        assert wb[title].freeze_panes, title
    assert wb["Campaigns"].freeze_panes == "E4"
    assert wb["Summary"].column_dimensions["A"].width >= 30


def test_charts_are_real_excel_charts() -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        kinds = [re.search(r"<(?:c:)?(\w+Chart)>", z.read(n).decode()).group(1) for n in charts]
        drawing_rels = z.read("xl/worksheets/_rels/sheet10.xml.rels").decode()
    assert sorted(kinds) == ["barChart", "barChart", "lineChart", "pieChart"]
    assert "drawing" in drawing_rels  # the charts sit on Summary (sheet 10)


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


def test_socroi_new_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "socroi new" in result.output


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
        funnel = z.read("xl/worksheets/sheet6.xml").decode()
        names = [n for n in z.namelist()]
    states = {}
    for tag in re.findall(r"<sheet\b[^>]*/>", workbook):
        state = re.search(r'\bstate="([^"]*)"', tag)
        states[re.search(r'\bname="([^"]*)"', tag).group(1)] = state.group(1) if state else "visible"
    assert states["Funnel"] == "visible"
    assert all(state == "hidden" for name, state in states.items() if name != "Funnel") and len(states) == 10
    assert 'activeTab="5"' in workbook and "fullCalcOnLoad" not in workbook
    assert 't="array"' not in funnel and not re.search(r"<f[^>]*>SOCROI_FUNNEL", funnel)  # values only
    assert "<f>SUMIFS(" in funnel  # ordinary formulas stay (LibreOffice is told not to recalculate them)
    with zipfile.ZipFile(TEMPLATE) as z:
        assert names == z.namelist()
