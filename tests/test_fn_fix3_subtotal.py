"""SUBTOTAL 1-11 skips the rows a filter hides and counts the rows hidden by hand.

The file does not mark which hidden rows a filter hid. The rule read here is the one Excel's
saved values show in EPPlus' ``src/EPPlusTest/Workbooks/SubtotalFilters.xlsx`` (values
1, 2, 3 in B2:B4 or B14:B16, row 4 or 16 hidden; the few numbers are copied as data):

* no AutoFilter, or an AutoFilter without a criterion (sheet or table): the hidden row is
  hidden by hand: SUBTOTAL(9, ...) is 6, SUBTOTAL(109, ...) 3 (sheets
  HiddenRowNoFilterNoTable, HiddenRowWithAutoFilterNoFilter, HiddenRowWithTableNoFilter);
* an AutoFilter with a criterion, the sheet's (HiddenByAutoFilter, Sheet1) or a table's
  (HiddenByTableFilter): the hidden rows are filtered out, also outside the filter's range:
  SUBTOTAL(9, ...) is 3 (B6 and B18 of both sheets);
* except a hidden row with a custom height, hidden by hand (Sheet1!N26: 6, N27: 3).

And a SUBTOTAL cell given alone is skipped (Apache POI's ``59736.xlsx``: A1 = 1,
A2 = SUBTOTAL(9,A1), A3 = SUBTOTAL(9,A1,A2) is 1 as Excel saved it).
"""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.filters import AutoFilter, FilterColumn, Filters
from openpyxl.worksheet.table import Table

from socroi_xl.engine import evaluate


def values(path) -> dict[str, object]:
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def _sheet(ws, criterion: bool, table: bool = False) -> None:
    ws["A1"], ws["B1"] = "Name", "Value"
    ws["A13"], ws["B13"] = "Name", "Value"
    for r, (name, v) in enumerate([("A", 1), ("B", 2), ("C", 3)], start=2):
        ws[f"A{r}"], ws[f"B{r}"] = name, v
        ws[f"A{r + 12}"], ws[f"B{r + 12}"] = name, v
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[16].hidden = True
    ws["B6"], ws["B7"] = "=SUBTOTAL(9,$B2:$B4)", "=SUBTOTAL(109,$B2:$B4)"
    ws["B18"], ws["B19"] = "=SUBTOTAL(9,$B14:$B16)", "=SUBTOTAL(109,B14:B16)"
    if table:
        ws["E1"], ws["F1"] = "Who", "Age"
        for r, (who, age) in enumerate([("Bob", 23), ("Steve", 34), ("Anna", 45)], start=2):
            ws[f"E{r}"], ws[f"F{r}"] = who, age
        t = Table(displayName=f"T{ws.title}", ref="E1:F4")
        t.autoFilter = AutoFilter(ref="E1:F4")
        if criterion:
            t.autoFilter.filterColumn = [FilterColumn(colId=0, filters=Filters(filter=["Bob", "Steve"]))]
        ws.add_table(t)
    else:
        ws.auto_filter.ref = "A1:B4"
        if criterion:
            ws.auto_filter.filterColumn = [FilterColumn(colId=0, filters=Filters(filter=["A", "B"]))]


def test_subtotal_skips_filtered_rows_and_counts_rows_hidden_by_hand(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Plain"
    _sheet(wb["Plain"], criterion=False)
    _sheet(wb.create_sheet("NoCriterion"), criterion=False)
    _sheet(wb.create_sheet("Filtered"), criterion=True)
    _sheet(wb.create_sheet("TableNoCriterion"), criterion=False, table=True)
    _sheet(wb.create_sheet("TableFiltered"), criterion=True, table=True)
    wb["Plain"].auto_filter.ref = None
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    v = {f"{s}!{c}": x for s, c, x in zip(df["sheet"], df["cell"], df["value"], strict=True)}
    for sheet in ("Plain", "NoCriterion", "TableNoCriterion"):  # hidden by hand
        assert [v[f"{sheet}!{c}"] for c in ("B6", "B7", "B18", "B19")] == [6, 3, 6, 3], sheet
    for sheet in ("Filtered", "TableFiltered"):  # filtered out, row 16 too
        assert [v[f"{sheet}!{c}"] for c in ("B6", "B7", "B18", "B19")] == [3, 3, 3, 3], sheet


def test_a_hidden_row_with_a_custom_height_is_hidden_by_hand(tmp_path):
    # EPPlus' SubtotalFilters.xlsx, Sheet1: the AutoFilter A1:B4 filters row 4 out; row 23
    # (ht="15.75" customHeight="1" hidden="1") is hidden by hand: N26 is 6, N27 is 3
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"], ws["B1"] = "Name", "Value"
    for r, (name, val) in enumerate([("A", 1), ("B", 2), ("C", 3)], start=2):
        ws[f"A{r}"], ws[f"B{r}"] = name, val
        ws[f"M{r + 19}"], ws[f"N{r + 19}"] = name, val
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[23].hidden = True
    ws.row_dimensions[23].height = 15.75
    ws.auto_filter.ref = "A1:B4"
    ws.auto_filter.filterColumn = [FilterColumn(colId=1, filters=Filters(filter=["1", "2"]))]
    ws["B7"], ws["B8"] = "=SUBTOTAL(9,B2:B4)", "=SUBTOTAL(109,B2:B4)"
    ws["N26"], ws["N27"] = "=SUBTOTAL(9,N21:N23)", "=SUBTOTAL(109,N21:N23)"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    v = values(path)
    assert (v["B7"], v["B8"], v["N26"], v["N27"]) == (3, 3, 6, 3)


def test_a_subtotal_cell_named_alone_is_skipped(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = 1, "=SUBTOTAL(9,A1)", "=SUBTOTAL(9,A1,A2)"
    for r in range(1, 4):  # a filled-down column of one-cell subtotals (hand computation)
        ws[f"C{r}"], ws[f"D{r}"] = r, f"=SUBTOTAL(9,C{r})"
        ws[f"E{r}"] = f"=SUBTOTAL(9,D{r})"  # the cell it names is a subtotal: nothing left, 0
        ws[f"F{r}"] = f"=AGGREGATE(9,0,D{r})"  # option 0 skips nested subtotals too: 0
        ws[f"G{r}"] = f"=AGGREGATE(9,4,D{r})"  # option 4 keeps them: r
    path = tmp_path / "book.xlsx"
    wb.save(path)
    v = values(path)
    assert (v["A2"], v["A3"]) == (1, 1)
    assert [v[f"D{r}"] for r in range(1, 4)] == [1, 2, 3]
    assert [v[f"E{r}"] for r in range(1, 4)] == [0, 0, 0]
    assert [v[f"F{r}"] for r in range(1, 4)] == [0, 0, 0]
    assert [v[f"G{r}"] for r in range(1, 4)] == [1, 2, 3]


def test_aggregate_skips_filtered_rows_only_with_an_option_that_skips_hidden_rows(tmp_path):
    # Microsoft's AGGREGATE page: options 4 ("ignore nothing") and 6 keep hidden rows, 5 and 7
    # skip them; unlike SUBTOTAL's page it names no rule of its own for filtered rows
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    _sheet(ws, criterion=True)
    ws["C6"], ws["C7"] = "=AGGREGATE(9,4,$B2:$B4)", "=AGGREGATE(9,5,$B2:$B4)"
    ws["C8"] = "=AGGREGATE(14,6,$B2:$B4,1)"  # LARGE, ignoring errors only: 3 (row 4 kept)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    v = values(path)
    assert (v["B6"], v["C6"], v["C7"], v["C8"]) == (3, 6, 3, 3)
