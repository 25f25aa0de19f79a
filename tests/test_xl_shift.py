"""Formula shifting (``socroi_xl.xl.shift``): a formula copied to another cell, as Excel copies it.

Expected texts are worked by hand from Excel's rule (relative rows and columns move by the
offset, ``$`` parts stay, a reference moved above row 1 or left of column A is ``#REF!``),
and checked against an independent implementation, openpyxl's ``Translator``, on every
formula of the workbooks under tests/.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl.formula.translate import Translator

from socroi_xl.xl.shift import RowTemplate, shift

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize(
    ("formula", "dr", "dc", "moved"),
    [
        ("E2/$H$2", 3, 1, "F5/$H$2"),
        ("SUM($A2:B$2)", 1, 1, "SUM($A3:C$2)"),
        ("SUM(B:B,$C:C,2:2)", 1, 1, "SUM(C:C,$C:D,3:3)"),
        ("'My Sheet'!A1&\"A1\"", 2, 0, "'My Sheet'!A3&\"A1\""),     # text in quotes stays
        ("Table1[[#This Row],[Spend]]*B2", 1, 0, "Table1[[#This Row],[Spend]]*B3"),
        ("LOG10(A1)+ATAN2(A1,B1)", 1, 0, "LOG10(A2)+ATAN2(A2,B2)"),  # function names are not cells
        ("a1+b2", 1, 0, "A2+B3"),                                     # lower case moves too
        ("A1+B5", -2, 0, "#REF!+B3"),                                 # above row 1
        ("B1+$A1", 0, -2, "#REF!+$A1"),                               # left of column A
    ],
)
def test_shift_moves_relative_references(formula, dr, dc, moved):
    assert shift(formula, dr, dc) == moved


def test_row_template_moves_rows_as_shift_does():
    tpl = RowTemplate("A2+$B$2*{1,2}+SUM(3:3)")
    assert tpl.moved(3) == "A5+$B$2*{1,2}+SUM(6:6)"
    assert tpl.moved(3) == shift("A2+$B$2*{1,2}+SUM(3:3)", 3, 0)


def _formulas() -> set[str]:
    out = set()
    for book in HERE.rglob("*.xlsx"):
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    for m in re.finditer(rb"<(?:\w+:)?f[^>]*>([^<]+)</(?:\w+:)?f>", z.read(name)):
                        text = m.group(1).decode()
                        for a, b in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
                            text = text.replace(a, b)
                        out.add(text)
    return out


def test_shift_agrees_with_openpyxl_on_the_test_workbooks():
    formulas = _formulas()
    assert len(formulas) > 1000  # the template, the importers' and the engine's workbooks
    differ = []
    for f in sorted(formulas):
        for dr, dc in ((1, 0), (250, 0), (3, 2)):
            theirs = Translator("=" + f, origin="E5").translate_formula(row_delta=dr, col_delta=dc)[1:]
            if shift(f, dr, dc) != theirs:
                differ.append((f, dr, dc, theirs))
    assert not differ, differ[:5]
