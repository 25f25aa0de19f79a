"""GETPIVOTDATA reads a pivot table's shown values, placed by its definition.

The pivot tables below are small definitions written for these tests in the shape Excel saves
(``location``, ``rowItems``/``colItems``, ``dataFields``, a cache definition), with the cell
values Excel showed and the results Excel saved in two public workbooks:

* Apache POI's ``test-data/spreadsheet/54436.xlsx``: scores 1..5 of questions in two
  categories; the pivot table A8:B11 shows "Sum of Score" by Category (Category 1: 3,
  Category 2: 12, Grand Total: 15) and A14 ``=GETPIVOTDATA("Sum of Score",A8,"Category",
  "Category 1")`` was saved as 3;
* EPPlus's ``src/EPPlusTest/Workbooks/PivotTableCalculation.xlsx``, sheet PivotTables: the
  pivot table S3:V4 shows four data fields side by side and no row field; T11
  ``=GETPIVOTDATA("Sum of Rating",$S$3)`` was saved as 3727.881.

The other expected values follow Microsoft's documentation of the function
(support.microsoft.com, "GETPIVOTDATA function"): the data field may be named by its source
field ("Sales" for "Sum of Sales"), no field/item pair means the grand total, an item or
field the table does not show, or a reference outside any pivot table, is #REF!.
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from socroi_xl.engine import evaluate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

#: POI's 54436.xlsx pivot table, in Excel's form (compact layout, one row field)
SCORES_TABLE = f"""<pivotTableDefinition xmlns="{MAIN}" name="PivotTable2" cacheId="30" dataCaption="Values" outline="1" outlineData="1">
<location ref="A8:B11" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>
<pivotFields count="3"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField>
<pivotField showAll="0"/><pivotField dataField="1" showAll="0"/></pivotFields>
<rowFields count="1"><field x="0"/></rowFields>
<rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems>
<colItems count="1"><i/></colItems>
<dataFields count="1"><dataField name="Sum of Score" fld="2" baseField="0" baseItem="0"/></dataFields>
</pivotTableDefinition>"""
SCORES_CACHE = f"""<pivotCacheDefinition xmlns="{MAIN}" recordCount="5">
<cacheSource type="worksheet"><worksheetSource ref="A1:C6" sheet="S"/></cacheSource>
<cacheFields count="3"><cacheField name="Category" numFmtId="0"><sharedItems count="2"><s v="Category 1"/><s v="Category 2"/></sharedItems></cacheField>
<cacheField name="Question" numFmtId="0"><sharedItems/></cacheField>
<cacheField name="Score" numFmtId="0"><sharedItems containsNumber="1" minValue="1" maxValue="5"/></cacheField></cacheFields>
</pivotCacheDefinition>"""
SCORES_CELLS: dict[str, object] = {
    "A1": "Category", "B1": "Question", "C1": "Score",
    "A2": "Category 1", "B2": "Question 1", "C2": 1, "A3": "Category 1", "B3": "Question 2", "C3": 2,
    "A4": "Category 2", "B4": "Question 3", "C4": 3, "A5": "Category 2", "B5": "Question 4", "C5": 4,
    "A6": "Category 2", "B6": "Question 5", "C6": 5,
    "A8": "Row Labels", "B8": "Sum of Score", "A9": "Category 1", "B9": 3, "A10": "Category 2", "B10": 12,
    "A11": "Grand Total", "B11": 15,
}  # fmt: skip

#: EPPlus's PivotTableCalculation.xlsx, PivotTables!S3:V4: data fields across, no row field
SUMS_TABLE = f"""<pivotTableDefinition xmlns="{MAIN}" name="PivotTable3" cacheId="1" dataCaption="Values">
<location ref="S3:V4" firstHeaderRow="0" firstDataRow="1" firstDataCol="0"/>
<pivotFields count="3"><pivotField dataField="1" showAll="0"/><pivotField dataField="1" showAll="0"/><pivotField dataField="1" showAll="0"/></pivotFields>
<rowItems count="1"><i/></rowItems>
<colFields count="1"><field x="-2"/></colFields>
<colItems count="3"><i><x/></i><i i="1"><x v="1"/></i><i i="2"><x v="2"/></i></colItems>
<dataFields count="3"><dataField name="Sum of OrderValue" fld="0"/><dataField name="Sum of Rating" fld="1"/><dataField name="Sum of Score" fld="2"/></dataFields>
</pivotTableDefinition>"""
SUMS_CACHE = f"""<pivotCacheDefinition xmlns="{MAIN}" recordCount="0">
<cacheFields count="3"><cacheField name="OrderValue"><sharedItems/></cacheField><cacheField name="Rating"><sharedItems/></cacheField>
<cacheField name="Score"><sharedItems/></cacheField></cacheFields>
</pivotCacheDefinition>"""
SUMS_CELLS: dict[str, object] = {
    "S3": "Sum of OrderValue", "T3": "Sum of Rating", "U3": "Sum of Score",
    "S4": 8996331.09, "T4": 3727.8809999999994, "U4": 9689.130000000006,
}  # fmt: skip


def book_with_pivots(path, cells: dict[str, object], pivots: list[tuple[str, str]]):
    """An xlsx of sheet S with ``cells`` and the pivot tables ``pivots`` (definition, cache)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, value in cells.items():
        ws[ref] = value
    plain = path.with_suffix(".plain.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        names = src.namelist()
        types = src.read("[Content_Types].xml").decode()
        extra = "".join(
            f'<Override PartName="/xl/pivotTables/pivotTable{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"/>'
            f'<Override PartName="/xl/pivotCache/pivotCacheDefinition{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>'
            for n in range(1, len(pivots) + 1)
        )
        types = types.replace("</Types>", extra + "</Types>")
        rels = "".join(
            f'<Relationship Id="rIdP{n}" Type="{REL}/pivotTable" Target="../pivotTables/pivotTable{n}.xml"/>' for n in range(1, len(pivots) + 1)
        )
        sheet_rels = "xl/worksheets/_rels/sheet1.xml.rels"
        for name in names:
            if name == "[Content_Types].xml":
                out.writestr(name, types)
            elif name == sheet_rels:
                out.writestr(name, src.read(name).decode().replace("</Relationships>", rels + "</Relationships>"))
            else:
                out.writestr(name, src.read(name))
        if sheet_rels not in names:
            out.writestr(sheet_rels, f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">{rels}</Relationships>')
        for n, (table, cache) in enumerate(pivots, start=1):
            out.writestr(f"xl/pivotTables/pivotTable{n}.xml", table)
            if cache is None:  # a pivot table without its cache definition
                continue
            out.writestr(
                f"xl/pivotTables/_rels/pivotTable{n}.xml.rels",
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
                f'<Relationship Id="rId1" Type="{REL}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition{n}.xml"/></Relationships>',
            )
            out.writestr(f"xl/pivotCache/pivotCacheDefinition{n}.xml", cache)
    return path


def run(tmp_path, formulas: dict[str, str], cells=SCORES_CELLS, pivots=((SCORES_TABLE, SCORES_CACHE),)):
    path = book_with_pivots(tmp_path / "pivot.xlsx", {**cells, **formulas}, list(pivots))
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True)), df.attrs["warnings"]


def test_an_item_of_a_row_field_as_excel_saved_it(tmp_path):
    v, warnings = run(tmp_path, {"A14": '=GETPIVOTDATA("Sum of Score",A8, "Category", "Category 1")'})
    assert v["A14"] == 3.0  # Excel saved 3 (POI 54436.xlsx, A14)
    assert not [w for w in warnings if "GETPIVOTDATA" in w]


def test_other_items_the_grand_total_and_the_source_field_name(tmp_path):
    v, _ = run(tmp_path, {
        "E1": '=GETPIVOTDATA("Sum of Score",A8,"Category","category 2")',  # B10, items without case
        "E2": '=GETPIVOTDATA("Sum of Score",B10)',  # no pair: the grand total, B11; any cell of the table
        "E3": '=GETPIVOTDATA("Score",$A$8)',  # the source field's name (the documentation's "Sales")
        "E4": '=GETPIVOTDATA("Sum of Score",A8,"Category",A3)',  # an item from a cell
    })
    assert (v["E1"], v["E2"], v["E3"], v["E4"]) == (12.0, 15.0, 15.0, 3.0)


def test_what_the_table_does_not_show_is_ref(tmp_path):
    v, warnings = run(tmp_path, {
        "E1": '=GETPIVOTDATA("Sum of Score",A8,"Category","Category 3")',  # no such item
        "E2": '=GETPIVOTDATA("Sum of Score",A8,"Question","Question 1")',  # a field not on an axis
        "E3": '=GETPIVOTDATA("Count of Score",A8)',  # no such data field
        "E4": '=GETPIVOTDATA("Sum of Score",D20)',  # not a pivot table
        "E5": '=GETPIVOTDATA("Sum of Score",A8,"Category")',  # a field without its item
    })
    assert [v[c] for c in ("E1", "E2", "E3", "E4", "E5")] == ["#REF!"] * 5
    assert not [w for w in warnings if "GETPIVOTDATA" in w]


def test_the_excel_2000_form(tmp_path):
    v, warnings = run(tmp_path, {
        "E1": "=GETPIVOTDATA(A8,\"'Category 1'\")",  # an item, quoted: B9
        "E2": "=GETPIVOTDATA(A8,\"Category['Category 2']\")",  # field[item]: B10
        "E3": "=GETPIVOTDATA($A$8,\"'Sum of Score'\")",  # only the data field: the grand total
        "E4": "=GETPIVOTDATA(A8,\"Category[Category 2;Data,Sum]\")",  # no data field "Data": #REF!
        "E5": "=GETPIVOTDATA(A8,\"'Category 3'\")",  # no such item: #REF!
    })
    assert [v[c] for c in ("E1", "E2", "E3", "E4", "E5")] == [3.0, 12.0, 15.0, "#REF!", "#REF!"]
    assert not [w for w in warnings if "GETPIVOTDATA" in w]


def test_an_empty_cell_of_the_table_is_zero(tmp_path):
    # Excel saved 0 for blank cells of a pivot table (EPPlus, PivotTableMultSubtotals!A5)
    cells = {**SCORES_CELLS, "B10": None}
    v, _ = run(tmp_path, {"E1": '=GETPIVOTDATA("Sum of Score",A8,"Category","Category 2")'}, cells=cells)
    assert v["E1"] == 0.0


def test_data_fields_across_columns_as_excel_saved_it(tmp_path):
    v, _ = run(tmp_path, {
        "T11": '=GETPIVOTDATA("Sum of Rating",$S$3)',  # Excel saved 3727.881 (EPPlus, PivotTables!T11)
        "T12": '=GETPIVOTDATA("Sum of Score",U4)',
        "T13": '=GETPIVOTDATA("Sum of Calc Field 0",$S$3)',  # not in this smaller table
    }, cells=SUMS_CELLS, pivots=((SUMS_TABLE, SUMS_CACHE),))
    # (openpyxl writes the cells with 15 significant digits)
    assert v["T11"] == pytest.approx(3727.8809999999994, rel=1e-14)
    assert v["T12"] == pytest.approx(9689.130000000006, rel=1e-14)
    assert v["T13"] == "#REF!"


def test_an_unreadable_definition_is_named(tmp_path):
    broken = SCORES_TABLE.replace('<location ref="A8:B11"', '<location ref="nowhere"')
    v, warnings = run(tmp_path, {"E1": '=GETPIVOTDATA("Sum of Score",A8)'}, pivots=((broken, SCORES_CACHE),))
    assert v["E1"] == "#VALUE!"
    assert any("GETPIVOTDATA" in w and "cannot be read" in w for w in warnings)


def test_a_pivot_table_without_its_cache_is_named(tmp_path):
    v, warnings = run(tmp_path, {"E1": '=GETPIVOTDATA("Sum of Score",A8)', "E2": "=B11*2"}, pivots=((SCORES_TABLE, None),))
    assert v["E1"] == "#VALUE!"
    assert v["E2"] == 30.0  # the workbook is read all the same
    assert any("GETPIVOTDATA" in w and "no cache definition" in w for w in warnings)


def test_report_filters(tmp_path):
    # the scores table with Question as a report filter; what the documentation says: data a
    # filter hides is #REF!; the item it shows leaves the table's values (the table's cells
    # are not recomputed here: they are whatever the table shows)
    def with_filter(page: str) -> str:
        t = SCORES_TABLE.replace('<pivotField showAll="0"/><pivotField dataField', '<pivotField axis="axisPage" showAll="0">'
                                 '<items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField><pivotField dataField')
        return t.replace("<colItems", f"<pageFields count=\"1\">{page}</pageFields><colItems")

    cache = SCORES_CACHE.replace("<cacheField name=\"Question\" numFmtId=\"0\"><sharedItems/>",
                                 "<cacheField name=\"Question\" numFmtId=\"0\"><sharedItems><s v=\"Question 1\"/><s v=\"Question 2\"/></sharedItems>")
    formulas = {
        "E1": '=GETPIVOTDATA("Sum of Score",A8,"Question","Question 1")',  # the shown item
        "E2": '=GETPIVOTDATA("Sum of Score",A8,"Question","Question 2","Category","Category 1")',  # hidden
    }
    v, _ = run(tmp_path, formulas, pivots=((with_filter('<pageField fld="1" item="0" hier="-1"/>'), cache),))
    assert (v["E1"], v["E2"]) == (15.0, "#REF!")
    v, warnings = run(tmp_path, formulas, pivots=((with_filter('<pageField fld="1" hier="-1"/>'), cache),))
    assert (v["E1"], v["E2"]) == ("#VALUE!", "#VALUE!")  # (All): not evaluated
    assert any("report filter" in w for w in warnings)


def test_a_renamed_item_and_an_ambiguous_source_name(tmp_path):
    # an item the table shows under a caption of its own (<item n=...>) is found by it too;
    # a source field name two data fields share is named, not guessed
    renamed = SCORES_TABLE.replace('<item x="1"/>', '<item n="Second" x="1"/>')
    two = renamed.replace('<dataFields count="1"><dataField name="Sum of Score" fld="2" baseField="0" baseItem="0"/>',
                          '<dataFields count="2"><dataField name="Sum of Score" fld="2"/><dataField name="Max of Score" fld="2" subtotal="max"/>')
    v, _ = run(tmp_path, {"E1": '=GETPIVOTDATA("Sum of Score",A8,"Category","Second")',
                          "E2": '=GETPIVOTDATA("Sum of Score",A8,"Category","Category 2")'}, pivots=((renamed, SCORES_CACHE),))
    assert (v["E1"], v["E2"]) == (12.0, 12.0)
    v, warnings = run(tmp_path, {"E1": '=GETPIVOTDATA("Score",A8)'}, pivots=((two, SCORES_CACHE),))
    assert v["E1"] == "#VALUE!"
    assert any("several data fields" in w for w in warnings)
