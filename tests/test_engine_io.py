"""Engine: what ``recalc_path`` writes, and what it leaves alone.

Checks that every zip member other than the formula sheets and ``workbook.xml`` is
unchanged byte for byte and in the same order, that only ``<v>``/``t=`` of formula cells
change, that ``fullCalcOnLoad`` is set, that openpyxl (``data_only``) and pandas read
the computed numbers, that ``dst == src`` works in place, and that a failure leaves the
input untouched.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from socroi_xl.engine import RecalcResult, WorkbookError, evaluate, recalc_path

TEMPLATE = Path(__file__).resolve().parents[1] / "workbook_templates" / "social_media_roi.xlsx"


def book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Spend", "Clicks", "CPC", "Label"])
    for spend, clicks in [(100, 50), (80, 0), (30, 60)]:
        r = ws.max_row + 1
        ws.append([spend, clicks, f'=IFERROR(A{r}/B{r},"none")', f'=IF(A{r}>50,"big","small")'])
    ws["F1"] = "=SUM(A2:A4)"          # 210
    ws["F2"] = "=A2>A3"               # TRUE
    ws["F3"] = "=A2/B3"               # #DIV/0!
    ws["A1"].font = Font(bold=True)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "H2")
    ws.column_dimensions["A"].width = 25
    wb.create_sheet("Notes")["A1"] = "untouched sheet"
    wb.save(path)
    return path


def members(path: Path) -> list[tuple[str, bytes, int]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i.filename), i.compress_type) for i in zf.infolist()]


def test_values_written_and_everything_else_kept(tmp_path):
    src = book(tmp_path / "in.xlsx")
    before = members(src)
    result = recalc_path(src, tmp_path / "out.xlsx")
    after = members(tmp_path / "out.xlsx")
    assert isinstance(result, RecalcResult)
    assert result.path == tmp_path / "out.xlsx"
    assert result.formulas == 9 and result.errors == 1
    # same members, same order, same compression
    assert [(n, c) for n, _, c in before] == [(n, c) for n, _, c in after]
    changed = {n for (n, a, _), (_, b, _) in zip(before, after, strict=True) if a != b}
    # openpyxl already writes fullCalcOnLoad, so workbook.xml may come out identical
    assert "xl/worksheets/sheet1.xml" in changed
    assert changed <= {"xl/workbook.xml", "xl/worksheets/sheet1.xml"}
    old = dict((n, d) for n, d, _ in before)["xl/worksheets/sheet1.xml"].decode()
    new = dict((n, d) for n, d, _ in after)["xl/worksheets/sheet1.xml"].decode()

    def strip_values(xml: str) -> str:
        """The sheet with cached values and type attributes of formula cells removed."""
        xml = re.sub(r'(<c r="[A-Z]+\d+"[^>]*?) t="[a-zA-Z]+"(>\s*<f)', r"\1\2", xml)
        return re.sub(r"(</f>|<f[^>]*/>)<v>[^<]*</v>|(</f>)<v\s*/>|(</f>)<v></v>", lambda m: m.group(1) or m.group(2) or m.group(3), xml)

    assert strip_values(old) == strip_values(new)
    wbxml = dict((n, d) for n, d, _ in after)["xl/workbook.xml"].decode()
    assert 'fullCalcOnLoad="1"' in wbxml and wbxml.count("<calcPr") == 1


def test_readers_see_the_values(tmp_path):
    out = tmp_path / "out.xlsx"
    recalc_path(book(tmp_path / "in.xlsx"), out)
    ws = openpyxl.load_workbook(out, data_only=True)["Data"]
    # CPC: 100/50 = 2, 80/0 -> "none", 30/60 = 0.5; labels: big, big, small
    assert [ws[f"C{r}"].value for r in (2, 3, 4)] == [2, "none", 0.5]
    assert [ws[f"D{r}"].value for r in (2, 3, 4)] == ["big", "big", "small"]
    assert ws["F1"].value == 210 and ws["F2"].value is True and ws["F3"].value == "#DIV/0!"
    # formulas are still there
    assert openpyxl.load_workbook(out)["Data"]["C2"].value == '=IFERROR(A2/B2,"none")'
    df = pd.read_excel(out, sheet_name="Data")
    assert df["CPC"].tolist() == [2, "none", 0.5]


def test_in_place_and_temp_files(tmp_path):
    src = book(tmp_path / "in.xlsx")
    recalc_path(src, src)
    assert openpyxl.load_workbook(src, data_only=True)["Data"]["F1"].value == 210
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]  # no temp file left
    result = recalc_path(src)  # dst defaults to src
    assert result.path == src


def test_recalc_is_idempotent(tmp_path):
    src = book(tmp_path / "in.xlsx")
    recalc_path(src, tmp_path / "a.xlsx")
    recalc_path(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    assert members(tmp_path / "a.xlsx") == members(tmp_path / "b.xlsx")


def test_bad_input_raises_workbook_error_and_keeps_files(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"this is not a zip file")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous content")
    with pytest.raises(WorkbookError) as info:
        recalc_path(bad, out)
    assert str(info.value).startswith(str(bad)) and "\n" not in str(info.value)
    assert bad.read_bytes() == b"this is not a zip file"
    assert out.read_bytes() == b"previous content"
    with pytest.raises(WorkbookError):
        evaluate(tmp_path / "missing.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "out.xlsx"]


def test_evaluate_frame(tmp_path):
    df = evaluate(book(tmp_path / "in.xlsx"))
    assert list(df.columns) == ["sheet", "cell", "formula", "value"]
    assert len(df) == 9
    row = df[df.cell == "F3"].iloc[0]
    assert row["sheet"] == "Data" and row["formula"] == "=A2/B3" and row["value"] == "#DIV/0!"


@pytest.mark.skipif(not TEMPLATE.exists(), reason="template workbook not built")
def test_template_recalculates_without_warnings(tmp_path):
    result = recalc_path(TEMPLATE, tmp_path / "t.xlsx")
    assert result.warnings == []
    assert result.formulas > 100
    assert {"TotalCost", "TotalValue", "SocialROI"} <= set(result.headline)
    # SOCROI = (value - cost) / cost, from the template's own headline cells
    h = result.headline
    assert abs(h["SocialROI"] - (h["TotalValue"] - h["TotalCost"]) / h["TotalCost"]) < 1e-9
    assert os.path.getsize(tmp_path / "t.xlsx") > 0


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (b'<workbook><sheets/><calcPr calcId="191029"/></workbook>',
         b'<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'),
        (b'<workbook><sheets/><calcPr fullCalcOnLoad="0" calcId="1"/></workbook>',
         b'<workbook><sheets/><calcPr fullCalcOnLoad="1" calcId="1"/></workbook>'),
        (b"<workbook><sheets/><definedNames/><extLst/></workbook>",  # calcPr goes before extLst
         b'<workbook><sheets/><definedNames/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>'),
        (b"<x:workbook><x:sheets/></x:workbook>",
         b'<x:workbook><x:sheets/><x:calcPr fullCalcOnLoad="1"/></x:workbook>'),
    ],
)
def test_full_calc_on_load(xml, expected):
    from socroi_xl.xlsx.rebuild import with_full_calc

    assert with_full_calc(xml) == expected


def test_streamed_reading_and_writing_give_the_same_file(tmp_path, monkeypatch):
    """Large sheets are decompressed in a thread and cut in parts, and written in blocks;
    forced on a small sheet with tiny parts, the result must not change."""
    from socroi_xl.engine import package
    from socroi_xl.xlsx.worksheet import Worksheet

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 301):
        ws.append([r, r % 4, f'=IFERROR(A{r}/B{r},"-")', f"=A{r}>150", f"=SUM($A$1:A{r})"])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    recalc_path(src, tmp_path / "plain.xlsx")
    from socroi_xl.xlsx import worksheet

    monkeypatch.setattr(package, "STREAM_MIN", 0)
    monkeypatch.setattr(worksheet, "CUT_BLOCK", 997)
    original = Worksheet.chunks
    monkeypatch.setattr(Worksheet, "chunks", lambda self, values: original(self, values, block=7))
    recalc_path(src, tmp_path / "streamed.xlsx")
    assert members(tmp_path / "plain.xlsx") == members(tmp_path / "streamed.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "streamed.xlsx", data_only=True).active
    # row 8: 8/0 -> "-", 8>150 FALSE, 1+..+8 = 36; row 300: 300/0 -> "-", TRUE, 300*301/2 = 45150
    assert [ws["C8"].value, ws["D8"].value, ws["E8"].value] == ["-", False, 36]
    assert [ws["C7"].value, ws["D300"].value, ws["E300"].value] == [7 / 3, True, 45150]


def _mixed_sheet_book(path: Path) -> Path:
    """A sheet whose input columns hold every kind of cell (numbers with a text header,
    errors and booleans among numbers, a text column, inline and formula strings, a column
    that stops early), read by plain, shared, running-total and whole-column formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    wb.save(path)
    sst = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
        b"<si><t>Spend</t></si><si><t>Clicks</t></si></sst>"
    )
    sst_rel = (
        b'<Relationship Id="rIdSst" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    sst_type = (
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    rows = [
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>Label</t></is></c><c r="J1"><f>SUM(B:B)</f><v>0</v></c>'
        '<c r="L1"><f>COUNTA(C:C)</f><v>0</v></c></row>'
    ]
    for r in range(2, 401):
        b = {10: '<c r="B10" t="e"><v>#N/A</v></c>', 20: '<c r="B20" t="b"><v>1</v></c>'}.get(
            r, f'<c r="B{r}"><v>{r % 4}</v></c>'
        )
        c = f'<c r="C{r}"><v>{r / 8}</v></c>' if r % 7 == 0 else f'<c r="C{r}" t="inlineStr"><is><t>x{r}&amp;</t></is></c>'
        d = "" if r > 50 else (f'<c r="D{r}" t="str"><v>s{r}</v></c>' if r % 2 else f'<c r="D{r}"><v>{r}.5</v></c>')
        k = '<f t="shared" ref="K2:K400" si="0">A2*2+Q2</f>' if r == 2 else '<f t="shared" si="0"/>'
        rows.append(
            f'<row r="{r}"><c r="A{r}" s="0"><v>{r}</v></c>{b}{c}{d}'
            f'<c r="E{r}"><f>IFERROR(A{r}/B{r},"-")</f><v>0</v></c>'
            f'<c r="F{r}" t="str"><f>IF(ISNUMBER(C{r}),C{r}*2,C{r}&amp;"!")</f><v>old</v></c>'
            f'<c r="G{r}"><f>D{r}</f></c><c r="H{r}"><f>SUM($A$2:A{r})</f><v>0</v></c>'
            f'<c r="I{r}"><f>E{r}+1</f><v>0</v></c><c r="K{r}">{k}<v>0</v></c></row>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{"".join(rows)}</sheetData></worksheet>'
    ).encode()
    out = path.with_name("mixed.xlsx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = xml if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", sst_rel)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", sst_type)
            zout.writestr(info, data)
        zout.writestr("xl/sharedStrings.xml", sst)
    return out


def test_columns_read_by_a_child_process_give_the_same_file(tmp_path, monkeypatch):
    """Large sheets have their input columns read by a forked child while the parent cuts
    the sheet (in blocks); forced on a small sheet, with the child used, not used, or
    failing, the file written must not change."""
    from socroi_xl.engine import package
    from socroi_xl.xlsx import ahead

    src = _mixed_sheet_book(tmp_path / "base.xlsx")
    recalc_path(src, tmp_path / "plain.xlsx")
    expected = members(tmp_path / "plain.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "plain.xlsx", data_only=True).active
    assert [ws["E10"].value, ws["F7"].value, ws["F8"].value, ws["G3"].value, ws["G60"].value] == ["-", 1.75, "x8&!", "s3", 0]
    assert [ws["H400"].value, ws["I4"].value, ws["K5"].value, ws["J1"].value, ws["L1"].value] == [80199, "#VALUE!", 10, "#N/A", 400]
    from socroi_xl.xlsx import worksheet

    monkeypatch.setattr(package, "STREAM_MIN", 0)
    monkeypatch.setattr(worksheet, "CUT_BLOCK", 300)
    served = []
    get = ahead.Ahead.get

    def counting_get(self, name, wait=None):
        hit = get(self, name, wait)
        served.append(hit[0])
        return hit

    monkeypatch.setattr(ahead.Ahead, "get", counting_get)
    recalc_path(src, tmp_path / "ahead.xlsx")
    assert members(tmp_path / "ahead.xlsx") == expected
    if ahead.second_core():
        assert any(served)
    monkeypatch.setattr(ahead, "FORK_AHEAD", False)
    recalc_path(src, tmp_path / "here.xlsx")
    assert members(tmp_path / "here.xlsx") == expected
    monkeypatch.setattr(ahead, "FORK_AHEAD", True)

    def failing(*args):
        raise RuntimeError("child failed")

    monkeypatch.setattr(package, "_columns_ahead", failing)
    recalc_path(src, tmp_path / "failed.xlsx")
    assert members(tmp_path / "failed.xlsx") == expected

    def stuck(*args):  # a child that never answers (as one deadlocked after fork would)
        import time

        time.sleep(600)

    monkeypatch.setattr(package, "_columns_ahead", stuck)
    monkeypatch.setattr(ahead, "AHEAD_WAIT", 0.5)
    started = time.perf_counter()
    recalc_path(src, tmp_path / "stuck.xlsx")
    assert members(tmp_path / "stuck.xlsx") == expected
    assert time.perf_counter() - started < 60  # the stuck child was ended, not waited for


def test_prefixed_sheet_xml_is_read_and_written_with_its_prefix(tmp_path):
    """Worksheets written with a namespace prefix (.NET's Open XML SDK, ClosedXML) are
    recalculated and written back with the same prefix."""
    xml = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c></x:row></x:sheetData></x:worksheet>'
    )
    src = book(tmp_path / "in.xlsx")
    prefixed = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(prefixed, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info.filename))
    result = recalc_path(prefixed, tmp_path / "out.xlsx")
    assert result.formulas == 1 and result.errors == 0
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        out = zf.read("xl/worksheets/sheet1.xml")
    assert b'<x:c r="A1"><x:f>1+1</x:f><x:v>2</x:v></x:c>' in out  # 1+1


def test_error_count_is_the_error_cells_written(tmp_path):
    """``errors`` counts what the file gets as an Excel error, whatever kind of column holds
    the results: numbers (an overflow is stored as #NUM!), numbers with text, text too long
    for a cell (stored as #VALUE!), errors. 600 rows, so that each column is one vectorised run."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 601):
        ws.append([
            r,
            f"=1/(A{r}-300)",                               # #DIV/0! in row 300: 1
            f'=IF(A{r}=5,"txt",A{r})',                       # text among numbers: 0
            f'=IF(MOD(A{r},100)=7,REPT("x",40000),A{r})',    # over 32,767 characters in rows 7, 107, ..., 507: 6
            f"=IF(A{r}>598,A{r}*1E306,A{r})",                # 599E306 and 600E306 overflow a double: 2
            f'=IFERROR(1/(A{r}-10),"")',                     # caught: 0
        ])  # fmt: skip
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    result = recalc_path(path, tmp_path / "out.xlsx")
    assert result.formulas == 5 * 600
    assert result.errors == 1 + 6 + 2
    written = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True).active
    stored = [c.coordinate for row in written.iter_rows() for c in row if c.data_type == "e"]
    assert len(stored) == result.errors
    assert {"B300", "D7", "D507", "E599", "E600"} <= set(stored)


def test_a_released_book_refuses_to_read_columns(tmp_path):
    """After :meth:`Book.release` (recalc_path calls it once the book is written and counted)
    a column asked for is an error, never a blank."""
    from socroi_xl.engine.package import read_book
    from socroi_xl.xlsx.safety import open_package

    with open_package(book(tmp_path / "in.xlsx")) as zf:
        b = read_book(zf)
    sheet = b.sheets[0]
    assert sheet.columns[1][2] == 100  # Spend in A2, before
    b.release()
    assert sheet.pieces is None and sheet.formulas is None
    with pytest.raises(AssertionError, match="after the book was released"):
        sheet.columns[1]


def test_error_count_of_each_kind_of_column():
    """count_errors counts what cell_values would store as an error, column kind by column
    kind, including values the evaluator guards against before they reach a column (a
    number that is not finite, text over 32,767 characters)."""
    import numpy as np

    from socroi_xl.engine.package import Sheet
    from socroi_xl.engine.writer import cell_values, count_errors
    from socroi_xl.errors import XLError

    nan, inf = float("nan"), float("inf")
    sheet = Sheet("S", 0, "")
    sheet.columns[1] = np.array([nan, 1.0, inf, -inf, nan])  # rows 2, 3: #NUM!; NaN is a blank
    sheet.columns[2] = np.array(
        [None, "ok", "x" * 40000, XLError("#N/A"), nan, np.float64(inf), True, 3], dtype=object
    )  # rows 2 (too long), 3, 4 (NaN computed), 5 (numpy infinity): 4 errors
    sheet.columns[3] = np.array([nan, nan, nan, 2.0, inf])  # row 4: #NUM!
    sheet.extras[3] = (np.array([1, 2]), np.array(["note", XLError("#REF!")], dtype=object))  # row 2: 1
    rows = np.array([0, 1, 2, 3, 4] + list(range(8)) + [0, 1, 2, 3, 4, 9])
    cols = np.array([1] * 5 + [2] * 8 + [3] * 6)
    assert count_errors(sheet, rows, cols) == 2 + 4 + 2
    stored = cell_values(sheet, rows, cols)
    assert sum(type(v) is XLError for v in stored) == 2 + 4 + 2
