"""Writing exports into a workbook's Campaigns table: growth, formulas, de-duplication,
what is kept byte for byte, hostile text, and failures that leave the workbook as it was.

The workbook is a minimal one built here with openpyxl: a ``Campaigns`` table with the
contract's header and two rows, formula columns in three styles (structured reference as
Excel stores it, plain A1 references, and a calculated-column formula only), a data
validation on Type, a chart on another sheet and a defined name.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableFormula, TableStyleInfo

from socroi_xl.importers import ExportError, import_into
from socroi_xl.importers import writer as writer_mod
from socroi_xl.xlsx.safety import WorkbookError

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
HEADER = ["Date", "Platform", "Type", "Campaign", "Spend", "Impressions", "Reach", "Clicks",
          "Engagements", "Leads", "Conversions", "Revenue", "CPM", "CPC", "CTR", "CPA",
          "Conv. rate", "ROAS", "Engagement rate"]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def build_book(path: Path, *, below: str | None = None) -> Path:
    """The minimal workbook; ``below`` puts a value under the table (cell A5)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Campaigns"
    ws.append(HEADER)
    old = [[dt.datetime(2024, 1, 1), "Meta", "Paid", "Old A", 100, 10000, 8000, 50, 60, 1, 2, 300],
           [dt.datetime(2024, 1, 2), "LinkedIn", "Paid", "Old B", 200, 20000, None, 100, None, 5,
            3, 0]]
    for r, row in enumerate(old, start=2):
        ws.append(row)
        ws.cell(r, 1).number_format = "yyyy-mm-dd"
        ws.cell(r, 5).number_format = "#,##0.00"
        ws.cell(r, 13).value = ("=SOCROI_CPM(Campaigns[[#This Row],[Spend]],"
                                "Campaigns[[#This Row],[Impressions]])")
        ws.cell(r, 14).value = f"=SOCROI_CPC(E{r},H{r})"
    table = Table(displayName="Campaigns", ref="A1:S3")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table._initialise_columns()
    for column, name in zip(table.tableColumns, HEADER, strict=True):
        column.name = name
    # CTR only as a calculated-column formula (no cell formula in the rows)
    table.tableColumns[14].calculatedColumnFormula = TableFormula(
        attr_text="SOCROI_CTR(Campaigns[[#This Row],[Clicks]],Campaigns[[#This Row],[Impressions]])"
    )
    ws.add_table(table)
    dv = DataValidation(type="list", formula1='"Paid,Organic,Earned"')
    ws.add_data_validation(dv)
    dv.add("C2:C3")
    ws.conditional_formatting.add("E2:E3", CellIsRule(operator="greaterThan", formula=["150"],
                                                      font=Font(bold=True)))
    if below is not None:
        ws["A5"] = below
    summary = wb.create_sheet("Summary")
    summary.append(["Platform", "Spend"])
    summary.append(["Meta", 100])
    summary.append(["LinkedIn", 200])
    chart = BarChart()
    chart.add_data(Reference(summary, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    summary.add_chart(chart, "D2")
    wb.defined_names["Headline_TotalCost"] = DefinedName(
        "Headline_TotalCost", attr_text="Summary!$B$2"
    )
    wb.save(path)
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def sheet_xml(path: Path) -> etree._Element:
    return etree.fromstring(members(path)["xl/worksheets/sheet1.xml"])


def xml_cell(root: etree._Element, ref: str) -> etree._Element | None:
    for c in root.iter(f"{MAIN}c"):
        if c.get("r") == ref:
            return c
    return None


@pytest.fixture
def book(tmp_path) -> Path:
    return build_book(tmp_path / "book.xlsx")


def test_import_appends_rows_grows_table_and_formulas(book):
    report = import_into(EXPORTS / "linkedin_campaigns.csv", book)
    assert (report.added, report.replaced, report.skipped) == (32, 0, 0)
    wb = openpyxl.load_workbook(book)
    ws = wb["Campaigns"]
    assert ws.tables["Campaigns"].ref == "A1:S35"  # header + 2 old rows + 32 new
    assert ws.tables["Campaigns"].autoFilter.ref == "A1:S35"
    # the old rows are untouched
    assert [ws.cell(r, 4).value for r in (2, 3)] == ["Old A", "Old B"]
    # first new row: 3/1/2024, "Q1 Lead Gen – CFOs", spend 55.50 + 0 + 1
    assert ws["A4"].value == dt.datetime(2024, 3, 1)
    assert ws["A4"].number_format == "yyyy-mm-dd"  # style of the row above
    assert ws["E4"].number_format == "#,##0.00"
    assert [ws["B4"].value, ws["C4"].value, ws["D4"].value] == ["LinkedIn", "Paid",
                                                                "Q1 Lead Gen – CFOs"]
    assert ws["E4"].value == 56.5 and ws["F4"].value == 1510 and ws["G4"].value is None
    # formula columns extend: structured reference copied, A1 references shifted,
    # calculated-column formula used where the rows had none
    assert ws["M35"].value == ("=SOCROI_CPM(Campaigns[[#This Row],[Spend]],"
                               "Campaigns[[#This Row],[Impressions]])")
    assert ws["N35"].value == "=SOCROI_CPC(E35,H35)"
    assert ws["O35"].value == ("=SOCROI_CTR(Campaigns[[#This Row],[Clicks]],"
                               "Campaigns[[#This Row],[Impressions]])")
    # the Type validation grows with the table
    assert str(ws.data_validations.dataValidation[0].sqref) == "C2:C35"
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E2:E35"]
    # sum of Spend over the new rows read back = the hand total of the fixture, 2880.00
    assert sum(ws.cell(r, 5).value for r in range(4, 36)) == pytest.approx(2880.00)


def test_shared_formula_in_the_last_row_is_expanded(book):
    # Excel often stores a filled-down column as a shared formula: a master cell with the
    # text and a range, the cells below only pointing at it
    parts = members(book)
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = xml.replace("<f>SOCROI_CPC(E2,H2)</f>",
                      '<f t="shared" ref="N2:N3" si="0">SOCROI_CPC(E2,H2)</f>')
    xml = xml.replace("<f>SOCROI_CPC(E3,H3)</f>", '<f t="shared" si="0"/>')
    assert xml.count('si="0"') == 2
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(book, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    import_into(EXPORTS / "meta_ads_es.csv", book)
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["N4"].value == "=SOCROI_CPC(E4,H4)" and ws["N11"].value == "=SOCROI_CPC(E11,H11)"


def test_other_members_byte_identical_and_chart_kept(book):
    before = members(book)
    import_into(EXPORTS / "meta_ads_en.csv", book)
    after = members(book)
    assert list(after) == list(before)  # same members, same order
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/worksheets/sheet1.xml", "xl/tables/table1.xml"}
    assert any(name.startswith("xl/charts/chart") for name in after)
    wb = openpyxl.load_workbook(book)
    assert "Headline_TotalCost" in wb.defined_names


def test_chart_over_a_table_column_grows_with_the_table(tmp_path):
    p = build_book(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb["Campaigns"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=3), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=4, min_row=2, max_row=3))
    ws.add_chart(chart, "U2")
    wb.save(p)
    before = members(p)
    import_into(EXPORTS / "meta_ads_es.csv", p)  # 8 rows: data now ends on row 11
    after = members(p)
    grown = [n for n in after if n.startswith("xl/charts/") and after[n] != before[n]]
    assert len(grown) == 1  # the Summary chart (not over the table) is untouched
    refs = [f.text for f in etree.fromstring(after[grown[0]]).iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/chart}f")]
    assert "'Campaigns'!$E$2:$E$11" in refs and "'Campaigns'!$D$2:$D$11" in refs
    assert not any(r.endswith("$3") for r in refs)


def test_reimport_is_idempotent(book):
    first = import_into(EXPORTS / "meta_ads_en.csv", book)
    # Meta's summary row (no campaign name) is skipped and reported
    assert (first.added, first.replaced, first.skipped) == (30, 0, 1)
    once = openpyxl.load_workbook(book)["Campaigns"]
    values_once = [[c.value for c in row] for row in once.iter_rows()]
    second = import_into(EXPORTS / "meta_ads_en.csv", book)
    assert (second.added, second.replaced, second.skipped) == (0, 30, 1)
    twice = openpyxl.load_workbook(book)["Campaigns"]
    assert twice.tables["Campaigns"].ref == "A1:S33"
    assert [[c.value for c in row] for row in twice.iter_rows()] == values_once


def test_changed_export_replaces_rows_and_clears_stale_cached_values(book, tmp_path):
    import_into(EXPORTS / "google_ads_campaigns.csv", book)
    changed = tmp_path / "changed.csv"
    text = (EXPORTS / "google_ads_campaigns.csv").read_bytes().decode("utf-16")
    changed.write_bytes(text.replace("1,010.50", "2,000.00").encode("utf-16"))
    report = import_into(changed, book)
    assert (report.added, report.replaced) == (0, 30)
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["E4"].value == 2000.0 and ws["D4"].value == "Brand – Search"
    root = sheet_xml(book)
    assert xml_cell(root, "M4").find(f"{MAIN}v") is None  # to be recalculated


def test_matching_existing_row_by_platform_campaign_date(tmp_path, book):
    p = tmp_path / "meta.csv"
    p.write_text("Reporting starts,Campaign name,Amount spent (USD),Impressions\n"
                 "2024-01-01,Old A,999,1\n2024-01-02,Old A,5,1\n", encoding="utf-8")
    report = import_into(p, book)
    # (Meta, Old A, 2024-01-01) is row 2; the 2nd of January is a new row
    assert (report.added, report.replaced) == (1, 1)
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["E2"].value == 999 and ws["F2"].value == 1 and ws["G2"].value is None
    assert ws["E4"].value == 5


def test_numeric_campaign_name_typed_by_the_user_matches(tmp_path, book):
    wb = openpyxl.load_workbook(book)
    wb["Campaigns"]["D2"] = 2024  # the user typed the campaign name 2024: a number cell
    wb.save(book)
    p = tmp_path / "meta.csv"
    p.write_text("Reporting starts,Campaign name,Amount spent (USD)\n2024-01-01,2024,7\n",
                 encoding="utf-8")
    report = import_into(p, book)
    assert (report.added, report.replaced) == (0, 1)
    assert openpyxl.load_workbook(book)["Campaigns"]["E2"].value == 7


def test_duplicate_keys_in_one_export_are_added_together(tmp_path, book):
    p = tmp_path / "meta.csv"
    p.write_text("Reporting starts,Campaign name,Amount spent (USD),Impressions,Reach\n"
                 "2024-02-01,Twin,10.5,100,\n2024-02-01,Twin,4.5,50,\n", encoding="utf-8")
    report = import_into(p, book)
    assert (report.added, report.files[0].merged) == (1, 1)
    ws = openpyxl.load_workbook(book)["Campaigns"]
    # 10.5 + 4.5 = 15; 100 + 50 = 150; reach blank in both stays blank
    assert (ws["E4"].value, ws["F4"].value, ws["G4"].value) == (15, 150, None)


def test_later_export_replaces_earlier_one_in_the_same_import(tmp_path, book):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    head = "Reporting starts,Campaign name,Amount spent (USD),Impressions\n"
    a.write_text(head + "2024-02-01,X,1,1\n", encoding="utf-8")
    b.write_text(head + "2024-02-01,X,2,2\n", encoding="utf-8")
    report = import_into([a, b], book)
    assert [(f.added, f.replaced) for f in report.files] == [(1, 0), (0, 1)]
    assert openpyxl.load_workbook(book)["Campaigns"]["E4"].value == 2


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
           "_x0041_ literal", "bell\x07char"]


def test_formula_like_text_is_stored_as_text(tmp_path, book):
    p = tmp_path / "meta.csv"
    rows = [f'2024-02-{i + 1:02d},"{name.replace(chr(34), chr(34) * 2)}",1'
            for i, name in enumerate(HOSTILE)]
    p.write_text("Reporting starts,Campaign name,Amount spent (USD)\n" + "\n".join(rows) + "\n",
                 encoding="utf-8")
    assert import_into(p, book).added == len(HOSTILE)
    root = sheet_xml(book)
    for i in range(len(HOSTILE)):
        c = xml_cell(root, f"D{4 + i}")
        assert c.get("t") == "inlineStr" and c.find(f"{MAIN}f") is None
    # nothing written from the export is a formula: only the table's own formula columns
    for c in root.iter(f"{MAIN}c"):
        if c.find(f"{MAIN}f") is not None:
            assert c.get("r")[0] in "MNO", c.get("r")
    ws = openpyxl.load_workbook(book)["Campaigns"]
    assert ws["D4"].value == '=HYPERLINK("http://x","y")'
    assert ws["D4"].data_type == "s"
    got = [ws.cell(4 + i, 4).value for i in range(len(HOSTILE))]
    assert got[:6] == HOSTILE[:6]
    # XML cannot hold U+0007 and a literal "_x0041_" would read back as "A": both are
    # written with OOXML's ST_Xstring escapes (ECMA-376 Part 1, 22.9.2.19)
    texts = [xml_cell(root, f"D{4 + i}").findtext(f"{MAIN}is/{MAIN}t") for i in (6, 7)]
    assert texts == ["_x005F_x0041_ literal", "bell_x0007_char"]


def test_export_with_only_skipped_rows_leaves_file_alone(tmp_path, book):
    p = tmp_path / "meta.csv"
    p.write_text("Reporting starts,Campaign name,Amount spent (USD)\n,A,1\n2024-01-01,,2\n",
                 encoding="utf-8")
    before, mtime = book.read_bytes(), book.stat().st_mtime_ns
    report = import_into(p, book)
    assert (report.added, report.replaced, report.skipped) == (0, 0, 2)
    assert book.read_bytes() == before and book.stat().st_mtime_ns == mtime


def test_bad_export_leaves_workbook_byte_identical(tmp_path, book):
    bad = tmp_path / "bad.csv"
    bad.write_text("Reporting starts,Campaign name,Amount spent (USD)\n2024-01-05,A,oops\n",
                   encoding="utf-8")
    before = book.read_bytes()
    with pytest.raises(ExportError):
        import_into([EXPORTS / "meta_ads_en.csv", bad], book)
    assert book.read_bytes() == before


def test_failure_while_writing_leaves_workbook_and_no_temp_file(tmp_path, book, monkeypatch):
    before = book.read_bytes()

    def explode(src, dst, parts):
        Path(dst).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(writer_mod, "write_package", explode)
    with pytest.raises(OSError, match="disk full"):
        import_into(EXPORTS / "meta_ads_en.csv", book)
    assert book.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["book.xlsx"]


def test_cells_in_use_below_table_refused(tmp_path):
    book = build_book(tmp_path / "book.xlsx", below="my notes")
    before = book.read_bytes()
    with pytest.raises(WorkbookError, match="cell A5 below it is in use"):
        import_into(EXPORTS / "meta_ads_es.csv", book)
    assert book.read_bytes() == before


def test_rows_with_cells_beside_the_table_are_filled_in_place(tmp_path):
    p = build_book(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(p)
    wb["Campaigns"]["U5"] = "a note beside the table"
    wb.save(p)
    report = import_into(EXPORTS / "meta_ads_es.csv", p)
    assert report.added == 8
    ws = openpyxl.load_workbook(p)["Campaigns"]
    assert ws["U5"].value == "a note beside the table"
    assert ws["D5"].value == "Rebajas de primavera" and ws["E5"].value == 1001.0
    assert ws["N5"].value == "=SOCROI_CPC(E5,H5)"
    row5 = [c for c in sheet_xml(p).iter(f"{MAIN}row") if c.get("r") == "5"]
    assert len(row5) == 1
    refs = [c.get("r") for c in row5[0]]
    assert refs == sorted(refs, key=lambda ref: (len(ref), ref)) and refs[-1] == "U5"
    rows = [int(r.get("r")) for r in sheet_xml(p).iter(f"{MAIN}row")]
    assert rows == sorted(rows) and len(rows) == len(set(rows))


def test_workbook_without_campaigns_table(tmp_path):
    p = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(p)
    with pytest.raises(WorkbookError, match="no Excel table named 'Campaigns'"):
        import_into(EXPORTS / "meta_ads_es.csv", p)


def test_not_a_workbook(tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_text("hello", encoding="utf-8")
    with pytest.raises(WorkbookError):
        import_into(EXPORTS / "meta_ads_es.csv", p)


def _with_totals_row(tmp_path) -> Path:
    p = build_book(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb["Campaigns"]
    t = ws.tables["Campaigns"]
    t.ref = "A1:S4"
    t.totalsRowCount = 1
    t.autoFilter.ref = "A1:S3"
    ws["A4"] = "Total"
    ws["E4"] = "=SUBTOTAL(109,Campaigns[Spend])"
    ws["F4"] = "=SUM(F2:F3)"
    wb.save(p)
    return p


def test_totals_row_moves_down(tmp_path):
    p = _with_totals_row(tmp_path)
    import_into(EXPORTS / "meta_ads_es.csv", p)  # 8 rows
    ws = openpyxl.load_workbook(p)["Campaigns"]
    assert ws.tables["Campaigns"].ref == "A1:S12"
    assert ws.tables["Campaigns"].autoFilter.ref == "A1:S11"
    assert ws["A12"].value == "Total" and ws["E12"].value == "=SUBTOTAL(109,Campaigns[Spend])"
    assert ws["F12"].value == "=SUM(F10:F11)"  # moved like Excel moves a cell: refs shift
    assert ws["D4"].value == "Rebajas de primavera" and ws["D11"].value == "Rebajas de primavera"
    assert ws["E4"].value == 1000.5


def test_calc_chain_follows_moved_formula_cells(tmp_path):
    p = _with_totals_row(tmp_path)
    parts = members(p)
    parts["xl/calcChain.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="M2" i="1"/>'
        b'<c r="E4"/><c r="F4"/><c r="B2" i="2"/></calcChain>'
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.'
        b'org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(p, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    import_into(EXPORTS / "meta_ads_es.csv", p)
    chain = etree.fromstring(members(p)["xl/calcChain.xml"])
    # the totals cells E4 and F4 of sheet 1 are now E12 and F12; other entries unchanged
    assert [(c.get("r"), c.get("i")) for c in chain] == [
        ("M2", "1"), ("E12", None), ("F12", None), ("B2", "2")
    ]


def test_blank_first_row_of_an_empty_table_is_used(tmp_path):
    p = tmp_path / "empty.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Campaigns"
    ws.append(HEADER)
    ws["M2"] = "=SOCROI_CPM(Campaigns[[#This Row],[Spend]],Campaigns[[#This Row],[Impressions]])"
    ws.add_table(Table(displayName="Campaigns", ref="A1:S2"))
    wb.save(p)
    report = import_into(EXPORTS / "meta_ads_es.csv", p)
    assert report.added == 8
    ws = openpyxl.load_workbook(p)["Campaigns"]
    assert ws.tables["Campaigns"].ref == "A1:S9"
    assert ws["D2"].value == "Rebajas de primavera" and ws["M9"].value.startswith("=SOCROI_CPM(")


def test_import_date1904_workbook(tmp_path):
    p = build_book(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(p)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(p)
    import_into(EXPORTS / "meta_ads_es.csv", p)
    ws = openpyxl.load_workbook(p)["Campaigns"]
    assert ws["A4"].value == dt.datetime(2024, 5, 1)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_imported_cells(tmp_path, book):
    """An independent reader: LibreOffice opens the patched workbook and shows the text
    and numbers we wrote (formula-like text as text, escapes decoded)."""
    p = tmp_path / "meta.csv"
    names = ['=HYPERLINK("http://x","y")', "@SUM(A1:A2)", "_x0041_ literal", "Ünïcödé – ok"]
    rows = [f'2024-02-{i + 1:02d},"{n.replace(chr(34), chr(34) * 2)}",{i + 1}.25'
            for i, n in enumerate(names)]
    p.write_text("Reporting starts,Campaign name,Amount spent (USD)\n" + "\n".join(rows) + "\n",
                 encoding="utf-8")
    import_into(p, book)
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out),
         str(book)],
        check=True, capture_output=True, timeout=180,
    )
    with open(out / "book.csv", encoding="utf-8", newline="") as fh:
        got = list(csv.reader(fh))
    assert got[0][:5] == HEADER[:5]
    assert [r[3] for r in got[3:7]] == names
    assert [r[4] for r in got[3:7]] == ["1.25", "2.25", "3.25", "4.25"]
    assert [r[0] for r in got[3:7]] == [f"2024-02-{d:02d}" for d in range(1, 5)]


def test_damaged_workbooks_refused_and_left_as_they_were(tmp_path, book):
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(book.read_bytes()[:-200])
    parts = members(book)
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-50]
    broken_xml = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken_xml, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    for p in (truncated, broken_xml):
        before = p.read_bytes()
        with pytest.raises(WorkbookError) as err:
            import_into(EXPORTS / "meta_ads_es.csv", p)
        assert str(err.value).startswith(str(p)) and "\n" not in str(err.value)
        assert p.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["book.xlsx", "broken.xlsx", "truncated.xlsx"]
