"""FILTERXML: XML text and an XPath, evaluated with no network and no DTD.

Microsoft's "FILTERXML function" page shows its example as a picture: =FILTERXML(B2,"//rc/@title")
over a Wikipedia "recent changes" answer, one title per <rc> element, as a column (B3:B5).
The XML here has the same shape, typed by hand; the expected values are read off it.
"""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from socroi_xl.engine import evaluate

RC = ('<api><query><recentchanges>'
      '<rc type="edit" title="Alpha" timestamp="2026-12-01T10:00:00Z"/>'
      '<rc type="edit" title="Beta" timestamp="2026-12-01T10:01:00Z"/>'
      '<rc type="new" title="Gamma" timestamp="2026-12-01T10:02:00Z"/>'
      '</recentchanges></query></api>')


def _run(tmp_path, cells: dict[str, object]) -> dict[str, object]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for ref, v in cells.items():
        ws[ref] = ArrayFormula(v[0], v[1]) if isinstance(v, tuple) else v
    path = tmp_path / "b.xlsx"
    wb.save(path)
    df = evaluate(path)
    return dict(zip(df["cell"], df["value"], strict=True))


def test_filterxml_as_microsofts_example(tmp_path):
    v = _run(tmp_path, {
        "B2": RC,
        "B3": ("B3:B5", '=FILTERXML(B2,"//rc/@title")'),
        "C3": ("C3:C5", '=FILTERXML(B2,"//rc/@timestamp")'),
        "D3": '=FILTERXML(B2,"//rc[@type=\'new\']/@title")',  # one node: a single value
    })
    assert [v["B3"], v["B4"], v["B5"]] == ["Alpha", "Beta", "Gamma"]
    assert v["C3"] == "2026-12-01T10:00:00Z"
    assert v["D3"] == "Gamma"


def test_filterxml_numbers_text_and_errors(tmp_path):
    v = _run(tmp_path, {
        "A1": "<a><b>1.5</b><b> x </b><b><c>2</c>0</b></a>",
        "B1": ("B1:B3", '=FILTERXML(A1,"//b")'),  # 1.5 a number; " x " its text "x"; "20"
        "C1": '=FILTERXML(A1,"count(//b)")',  # a number, not nodes: #VALUE! (MSXML selectNodes)
        "C2": '=FILTERXML(A1,"//nothing")',  # no node
        "C3": '=FILTERXML("<a><b>","//b")',  # not well-formed
        "C4": '=FILTERXML(A1,"//x:b")',  # unknown prefix
        "C5": '=FILTERXML("<!DOCTYPE a [<!ENTITY e \'boom\'>]><a>&e;</a>","/a")',  # a DTD: refused
        "C6": '=FILTERXML(A1,"//b[")',  # not an XPath
    })
    assert [v["B1"], v["B2"], v["B3"]] == [1.5, "x", 20]
    assert [v[f"C{i}"] for i in range(1, 7)] == ["#VALUE!"] * 6
