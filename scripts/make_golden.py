"""Build the faithfulness corpus and record LibreOffice's values for it as golden files.

For each corpus workbook (built here with openpyxl, no cached values) this script

1. writes ``tests/golden/NAME.xlsx``;
2. has LibreOffice headless recalculate it (``soffice --headless --convert-to xlsx`` with a
   throw-away user profile whose ``OOXMLRecalcMode``/``ODFRecalcMode`` is 0, "always
   recalculate on load");
3. reads LibreOffice's stored values from the converted copy (openpyxl, ``data_only=True``)
   for every formula cell of the source workbook, and writes ``tests/golden/NAME.json``.

Cells that call a SOCROI function (LibreOffice shows ``#NAME?``) and every cell that
depends on one are listed under ``"excluded"`` instead (a precedence walk over the
references of each formula: cells, ranges, whole columns, defined names, table columns).

The template workbook (``workbook_templates/social_media_roi.xlsx``) is copied into the
corpus as ``template.xlsx`` when it exists; ``template_blank.xlsx`` is the blank book
(``socroi new --blank``) and ``template_rows.xlsx`` the blank book with a month, an FX
table and Campaigns rows of every kind the period, currency and channel rules sort.

Usage::

    scripts/install-libreoffice.sh          # once, if soffice is missing
    .venv/bin/python scripts/make_golden.py # rebuild every golden file
    .venv/bin/python scripts/make_golden.py --only lookup dates

Golden JSON layout::

    {"workbook": "lookup.xlsx", "sha256": "...", "generator": "LibreOffice 7.4.7.2 ...",
     "cells": {"Sheet!B2": 3.0, "Sheet!B3": "text", "Sheet!B4": true,
               "Sheet!B5": {"error": "#N/A"}, "Sheet!B6": null},
     "excluded": {"Sheet!C2": "calls SOCROI"}, "notes": {...}}
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from defusedxml import ElementTree
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table, TableStyleInfo

from socroi_xl import libreoffice

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
TEMPLATE = ROOT / "workbook_templates" / "social_media_roi.xlsx"

ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}



# --------------------------------------------------------------------------- corpus


def _fill(ws, top_left: str, rows: list[list]) -> None:
    """Write a block of values starting at ``top_left``."""
    c0, r0, _, _ = range_boundaries(top_left)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(r0 + i, c0 + j, v)


def _cases(ws, cases: list[tuple[str, str]], col: str = "E", row: int = 1) -> None:
    """A label in ``col`` and its formula in the next column, one per row."""
    c = column_index_from_string(col)
    ws.cell(row, c, "case")
    ws.cell(row, c + 1, "formula")
    for i, (label, formula) in enumerate(cases, start=row + 1):
        ws.cell(i, c, label)
        ws.cell(i, c + 1, formula)


def build_arith() -> openpyxl.Workbook:
    """Arithmetic, comparison, ``&``, ``%``, ``^``; blanks, text in number cells, booleans."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Arith"
    # A: inputs (A6 stays blank)
    _fill(ws, "A1", [[10], [4], [-2.5], ["12"], [True], [None], ["abc"], [0], [0.1], ['=""'], [False]])
    _cases(ws, [
        ("add", "=A1+A2"), ("sub", "=A1-A2"), ("mul", "=A1*A3"), ("div", "=A1/A2"),
        ("precedence", "=A1+A2*A3-A1/A2"), ("parens", "=(A1+A2)*A3"),
        ("power", "=A2^2"), ("power frac", "=A1^0.5"), ("neg power", "=-A2^2"),
        ("percent", "=A1*50%"), ("percent literal", "=25%"), ("unary minus", "=-A3"),
        ("div by zero", "=A1/A8"), ("div by blank", "=A1/A6"),
        ("blank plus", "=A6+1"), ("blank ref", "=A6"), ("blank times", "=A6*5"),
        ("text number plus", "=A4+1"), ("text number times", "=A4*A2"),
        ("text literal plus", '="3"+1'), ("text plus", "=A7+1"),
        ("bool plus", "=A5+1"), ("bool times", "=A5*A1"), ("false plus", "=A11+1"),
        ("float sum", "=A9+0.2"), ("float diff", "=A9*3-0.3"),
        ("concat", '=A1&"-"&A2'), ("concat num", "=A9&A3"), ("concat bool", '=A5&"x"'),
        ("concat blank", '=A6&"x"'), ("concat float", "=1/3&\"\""),
        ("eq", "=A1=10"), ("ne", "=A1<>A2"), ("lt", "=A2<A1"), ("le", "=A2<=4"),
        ("gt text", '=A7>"abb"'), ("eq text case", '=A7="ABC"'),
        ("text vs number", "=A4>A1"), ("num vs text", "=A1<A7"), ("bool vs num", "=A5>A1"),
        ("blank eq zero", "=A6=0"), ("blank eq empty", '=A6=""'), ("empty str eq blank", "=A10=A6"),
        ("empty string", '=""'), ("string", '="hello"'), ("bool literal", "=TRUE"),
        ("compare bool", "=A5=TRUE"), ("not equal text", '=A7<>"abc"'),
        ("sum mix", "=SUM(A1:A11)"), ("sum args", '=SUM(A1,"3",TRUE)'),
        ("count", "=COUNT(A1:A11)"), ("counta", "=COUNTA(A1:A11)"),
        ("countblank", "=COUNTBLANK(A1:A11)"),
        ("average", "=AVERAGE(A1:A3)"), ("average mix", "=AVERAGE(A1:A11)"),
        ("min", "=MIN(A1:A11)"), ("max", "=MAX(A1:A11)"), ("min empty", "=MIN(A6)"),
        ("abs", "=ABS(A3)"), ("sumproduct", "=SUMPRODUCT(A1:A3,A1:A3)"),
        ("sumproduct text", "=SUMPRODUCT(A1:A4,A1:A4)"),
        ("sumproduct bool", "=SUMPRODUCT((A1:A3>0)*A1:A3)"),
        ("sumproduct neg", "=SUMPRODUCT(--(A1:A3>1))"),
        ("nested if", '=IF(A1>5,IF(A2>5,"both","first"),"none")'),
        ("if no else", "=IF(A1<0,1)"), ("if text cond", '=IF("TRUE",1,2)'),
        ("if num cond", "=IF(A3,1,2)"), ("if blank cond", "=IF(A6,1,2)"),
        ("and", "=AND(A1>5,A2>5)"), ("or", "=OR(A1>5,A2>5)"), ("not", "=NOT(A1>5)"),
        ("and range", "=AND(A1:A3)"), ("xor-like", "=OR(AND(A5,A1),NOT(A11))"),
        ("ifs", '=_xlfn.IFS(A1<0,"neg",A1<5,"small",TRUE,"big")'),
        ("ifs none", '=_xlfn.IFS(A1<0,"neg")'),
        ("choose", '=CHOOSE(2,"a","b","c")'), ("choose bad", '=CHOOSE(4,"a","b","c")'),
        ("choose float", '=CHOOSE(2.7,"a","b","c")'),
    ], col="C")
    return wb


def build_text() -> openpyxl.Workbook:
    """LEFT, RIGHT, MID, LEN, TRIM, UPPER, LOWER, CONCAT, TEXTJOIN."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Text"
    _fill(ws, "A1", [["  Social   media  ROI "], ["Paid"], [12.5], [None], [True], ["ünïcode"],
                     ["Earned"], [1234567.891]])
    _cases(ws, [
        ("left", "=LEFT(A2,2)"), ("left default", "=LEFT(A2)"), ("left long", "=LEFT(A2,10)"),
        ("left zero", "=LEFT(A2,0)"), ("left neg", "=LEFT(A2,-1)"), ("left number", "=LEFT(A3,3)"),
        ("right", "=RIGHT(A7,3)"), ("right default", "=RIGHT(A7)"), ("mid", "=MID(A7,2,3)"),
        ("mid past end", "=MID(A7,5,10)"), ("mid start past", "=MID(A7,20,2)"),
        ("mid zero start", "=MID(A7,0,2)"), ("len", "=LEN(A1)"), ("len number", "=LEN(A3)"),
        ("len blank", "=LEN(A4)"), ("len bool", "=LEN(A5)"), ("len unicode", "=LEN(A6)"),
        ("trim", "=TRIM(A1)"), ("upper", "=UPPER(A6)"), ("lower", "=LOWER(A2)"),
        ("upper number", "=UPPER(A3)"), ("lower bool", "=LOWER(A5)"),
        ("concat", '=_xlfn.CONCAT(A2," ",A7)'), ("concat range", "=_xlfn.CONCAT(A2:A3)"),
        ("concat num", "=_xlfn.CONCAT(A3,A5)"),
        ("textjoin", '=_xlfn.TEXTJOIN(", ",TRUE,A2:A4,A7)'),
        ("textjoin keep empty", '=_xlfn.TEXTJOIN("-",FALSE,A2:A4)'),
        ("textjoin bool", '=_xlfn.TEXTJOIN("/",TRUE,A5,A3)'),
        ("concatenate", '=CONCATENATE(A2,"+",A7)'), ("amp big", "=A8&\"\""),
        ("mid of len", "=MID(A1,LEN(A1)-3,4)"), ("len of trim", "=LEN(TRIM(A1))"),
        ("exact-like", '=UPPER(A2)="PAID"'), ("left of error", "=LEFT(1/0,2)"),
        ("len error", "=LEN(#N/A)"),
    ], col="C")
    return wb


def build_conditional() -> openpyxl.Workbook:
    """SUMIF(S), COUNTIF(S), AVERAGEIF(S) with criteria strings and wildcards."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    rows = [
        ["Platform", "Type", "Spend", "Clicks", "Date"],
        ["Facebook", "Paid", 120, 30, dt.date(2024, 1, 5)],
        ["Instagram", "Paid", 80, 12, dt.date(2024, 1, 20)],
        ["Facebook", "Organic", 0, 40, dt.date(2024, 2, 3)],
        ["LinkedIn", "Earned", 15, None, dt.date(2024, 2, 17)],
        ["TikTok", "Paid", 210.5, 55, dt.date(2024, 3, 1)],
        ["facebook", "Organic", "7", 9, dt.date(2024, 3, 15)],
        ["Pinterest", "Paid", 9, 3, None],
        [None, "Paid", 11, 0, dt.date(2024, 3, 31)],
        ["X", "Organic", 22, True, dt.date(2024, 4, 2)],
    ]
    _fill(ws, "A1", rows)
    for r in range(2, 11):
        ws.cell(r, 5).number_format = "yyyy-mm-dd"
    ws["G1"] = "criterion"
    ws["G2"] = ">50"
    ws["G3"] = "Paid"
    ws["G4"] = dt.date(2024, 2, 1)
    ws["G4"].number_format = "yyyy-mm-dd"
    _cases(ws, [
        ("sumif gt", '=SUMIF(C2:C10,">10")'), ("sumif eq text", '=SUMIF(B2:B10,"Paid",C2:C10)'),
        ("sumif ne", '=SUMIF(B2:B10,"<>Paid",C2:C10)'),
        ("sumif case", '=SUMIF(A2:A10,"FACEBOOK",C2:C10)'),
        ("sumif wildcard star", '=SUMIF(A2:A10,"*book",C2:C10)'),
        ("sumif wildcard q", '=SUMIF(A2:A10,"?ikTok",C2:C10)'),
        ("sumif escaped", '=SUMIF(A2:A10,"~*",C2:C10)'),
        ("sumif number", "=SUMIF(D2:D10,30,C2:C10)"), ("sumif number text", '=SUMIF(D2:D10,"30",C2:C10)'),
        ("sumif ge", '=SUMIF(D2:D10,">=12",C2:C10)'), ("sumif le", '=SUMIF(C2:C10,"<=15")'),
        ("sumif cell crit", "=SUMIF(C2:C10,G2)"), ("sumif cell text", "=SUMIF(B2:B10,G3,C2:C10)"),
        ("sumif concat crit", '=SUMIF(C2:C10,">"&C3)'),
        ("sumif date", '=SUMIF(E2:E10,">="&G4,C2:C10)'),
        ("sumif blank", '=SUMIF(A2:A10,"",C2:C10)'), ("sumif nonblank", '=SUMIF(A2:A10,"<>",C2:C10)'),
        ("sumif eq blank", '=SUMIF(D2:D10,"=",C2:C10)'),
        ("sumif bool", "=SUMIF(D2:D10,TRUE,C2:C10)"),
        ("sumif whole col", '=SUMIF(B:B,"Organic",C:C)'),
        ("sumifs", '=SUMIFS(C2:C10,B2:B10,"Paid",D2:D10,">10")'),
        ("sumifs wildcard", '=SUMIFS(C2:C10,A2:A10,"*a*",B2:B10,"<>Organic")'),
        ("sumifs dates", '=SUMIFS(C2:C10,E2:E10,">="&DATE(2024,2,1),E2:E10,"<"&DATE(2024,3,1))'),
        ("countif gt", '=COUNTIF(C2:C10,">10")'), ("countif text", '=COUNTIF(B2:B10,"Paid")'),
        ("countif ne", '=COUNTIF(B2:B10,"<>Paid")'), ("countif blank", '=COUNTIF(A2:A10,"")'),
        ("countif nonblank", '=COUNTIF(D2:D10,"<>")'), ("countif star", '=COUNTIF(A2:A10,"*")'),
        ("countif num as text", '=COUNTIF(C2:C10,"7")'),
        ("countif bool", "=COUNTIF(D2:D10,TRUE)"), ("countif lt text", '=COUNTIF(A2:A10,"<G")'),
        ("countifs", '=COUNTIFS(B2:B10,"Paid",C2:C10,">=80")'),
        ("countifs none", '=COUNTIFS(B2:B10,"Nope",C2:C10,">=80")'),
        ("averageif", '=AVERAGEIF(B2:B10,"Paid",C2:C10)'), ("averageif gt", '=AVERAGEIF(C2:C10,">10")'),
        ("averageif none", '=AVERAGEIF(B2:B10,"Nope",C2:C10)'),
        ("averageifs", '=AVERAGEIFS(D2:D10,B2:B10,"Paid",C2:C10,"<100")'),
        ("averageifs none", '=AVERAGEIFS(D2:D10,B2:B10,"Nope")'),
        ("sumproduct cond", '=SUMPRODUCT((B2:B10="Paid")*(C2:C10))'),
        ("sumif ratio", "=SUMIF(C2:C9,\">0\",D2:D9)/COUNTIF(B2:B10,\"Paid\")"),
    ], col="I")
    return wb


def build_lookup() -> openpyxl.Workbook:
    """INDEX, MATCH, VLOOKUP (exact and approximate), CHOOSE; not-found errors."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lookup"
    _fill(ws, "A1", [
        ["Keyword", "CPC", "Band"],
        ["shoes", 1.2, 0],
        ["running shoes", 2.5, 10],
        ["boots", 0.8, 100],
        ["Sandals", 1.75, 1000],
        ["42", 3.1, 10000],
        [42, 4.2, 100000],
    ])
    ws["E1"] = "desc"
    _fill(ws, "E2", [[50], [40], [30], [20], [10]])
    _cases(ws, [
        ("vlookup exact", '=VLOOKUP("boots",A2:C7,2,FALSE)'),
        ("vlookup case", '=VLOOKUP("sandals",A2:C7,2,FALSE)'),
        ("vlookup wildcard", '=VLOOKUP("run*",A2:B7,2,FALSE)'),
        ("vlookup missing", '=VLOOKUP("hats",A2:B7,2,FALSE)'),
        ("vlookup col too big", '=VLOOKUP("boots",A2:B7,3,FALSE)'),
        ("vlookup col zero", '=VLOOKUP("boots",A2:B7,0,FALSE)'),
        ("vlookup number", "=VLOOKUP(42,A2:B7,2,FALSE)"),
        ("vlookup text number", '=VLOOKUP("42",A2:B7,2,FALSE)'),
        ("vlookup approx", "=VLOOKUP(150,C2:C7,1,TRUE)"),
        ("vlookup approx default", "=VLOOKUP(999,C2:C7,1)"),
        ("vlookup approx below", "=VLOOKUP(-1,C2:C7,1,TRUE)"),
        ("vlookup approx above", "=VLOOKUP(10^9,C2:C7,1,TRUE)"),
        ("match exact", '=MATCH("boots",A2:A7,0)'), ("match missing", '=MATCH("x",A2:A7,0)'),
        ("match approx", "=MATCH(150,C2:C7,1)"), ("match approx default", "=MATCH(10000,C2:C7)"),
        ("match desc", "=MATCH(25,E2:E6,-1)"), ("match wildcard", '=MATCH("*oo*",A2:A7,0)'),
        ("match number", "=MATCH(42,A2:A7,0)"), ("match row", "=MATCH(2.5,A3:C3,0)"),
        ("index 2d", "=INDEX(A2:C7,3,2)"), ("index col", "=INDEX(B2:B7,4)"),
        ("index row vec", "=INDEX(A3:C3,3)"), ("index out", "=INDEX(A2:C7,9,1)"),
        ("index match", '=INDEX(B2:B7,MATCH("Sandals",A2:A7,0))'),
        ("index match 2", '=INDEX(A2:C7,MATCH("boots",A2:A7,0),MATCH("Band",A1:C1,0))'),
        ("index in sum", "=SUM(INDEX(B2:B7,2):INDEX(B2:B7,4))"),
        ("choose index", "=CHOOSE(MATCH(\"boots\",A2:A7,0),\"a\",\"b\",\"c\",\"d\")"),
        ("iferror lookup", '=IFERROR(VLOOKUP("hats",A2:B7,2,FALSE),0)'),
        ("ifna lookup", '=_xlfn.IFNA(MATCH("hats",A2:A7,0),-1)'),
        ("ifna other error", "=_xlfn.IFNA(1/0,-1)"),
    ], col="G")
    return wb


def build_dates() -> openpyxl.Workbook:
    """DATE, YEAR, MONTH, DAY, EOMONTH, WEEKNUM; date cells and date arithmetic."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dates"
    dates = [dt.date(2024, 1, 1), dt.date(2024, 2, 29), dt.date(2023, 12, 31),
             dt.datetime(2024, 7, 4, 18, 30), dt.date(2025, 1, 5)]
    for i, d in enumerate(dates, start=1):
        ws.cell(i, 1, d).number_format = "yyyy-mm-dd"
    ws["A6"] = 45000
    ws["A7"] = "2024-03-15"
    cases = [
        ("date", "=DATE(2024,3,15)"), ("date month overflow", "=DATE(2024,14,1)"),
        ("date day overflow", "=DATE(2024,1,32)"), ("date month zero", "=DATE(2024,0,1)"),
        ("date day zero", "=DATE(2024,3,0)"), ("date neg month", "=DATE(2024,-1,15)"),
        ("date 2-digit year", "=DATE(24,1,1)"), ("date frac", "=DATE(2024,2.9,1.9)"),
        ("year", "=YEAR(A2)"), ("month", "=MONTH(A2)"), ("day", "=DAY(A2)"),
        ("year serial", "=YEAR(A6)"), ("month serial", "=MONTH(A6)"), ("day serial", "=DAY(A6)"),
        ("day of datetime", "=DAY(A4)"), ("year text", "=YEAR(A7)"), ("month text", "=MONTH(A7)"),
        ("year blank", "=YEAR(A20)"), ("year neg", "=YEAR(-1)"),
        ("eomonth", "=EOMONTH(A1,0)"), ("eomonth leap", "=EOMONTH(A1,1)"),
        ("eomonth back", "=EOMONTH(A2,-1)"), ("eomonth year", "=EOMONTH(A3,12)"),
        ("eomonth frac", "=EOMONTH(A1,1.9)"), ("eomonth datetime", "=EOMONTH(A4,0)"),
        ("weeknum", "=WEEKNUM(A1)"), ("weeknum 2", "=WEEKNUM(A1,2)"),
        ("weeknum end", "=WEEKNUM(A3)"), ("weeknum end 2", "=WEEKNUM(A3,2)"),
        ("weeknum leap", "=WEEKNUM(A2)"), ("weeknum sunday", "=WEEKNUM(A5)"),
        ("weeknum sunday 2", "=WEEKNUM(A5,2)"), ("weeknum 11", "=WEEKNUM(A5,11)"),
        ("weeknum 21 iso", "=WEEKNUM(A5,21)"), ("weeknum 21 jan1", "=WEEKNUM(A1,21)"),
        ("weeknum bad type", "=WEEKNUM(A1,5)"),
        ("date diff", "=A2-A1"), ("date plus", "=A1+30"), ("date compare", "=A2>A1"),
        ("date parts", "=DATE(YEAR(A4),MONTH(A4)+1,1)"),
        ("days in month", "=DAY(EOMONTH(A2,0))"),
        ("month start", "=EOMONTH(A4,-1)+1"),
        ("date text concat", '=YEAR(A1)&"-"&MONTH(A1)'),
        ("date error", '=YEAR("not a date")'),
    ]
    _cases(ws, cases, col="C")
    for r in range(2, len(cases) + 2):
        ws.cell(r, 4).number_format = "General"
    return wb


def build_errors() -> openpyxl.Workbook:
    """Error values: propagation, IFERROR, IFNA, IS* functions, error literals."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Errors"
    ws["A1"] = 5
    ws["A2"] = "=1/0"
    ws["A3"] = "=NA()"
    ws["A4"] = "text"
    ws["A5"] = None
    ws["A6"] = "#N/A"  # text that reads like an error (openpyxl writes an error cell)
    ws["A7"] = '="#N/A"'  # a formula returning the text
    _cases(ws, [
        ("propagate add", "=A2+1"), ("propagate na", "=A3*2"), ("first error left", "=A3+A2"),
        ("first error right", "=A2+A3"), ("value error", "=A4*2"), ("error literal", "=#DIV/0!"),
        ("error in sum", "=SUM(A1:A3)"), ("error in concat", '=A3&"x"'),
        ("error in if cond", "=IF(A2,1,2)"), ("error in unused branch", "=IF(TRUE,1,A2)"),
        ("error in used branch", "=IF(FALSE,1,A2)"),
        ("iferror", '=IFERROR(A2,"fallback")'), ("iferror ok", "=IFERROR(A1*2,0)"),
        ("iferror na", "=IFERROR(A3,-1)"), ("iferror blank", "=IFERROR(A5,1)"),
        ("ifna na", '=_xlfn.IFNA(A3,"none")'), ("ifna div0", '=_xlfn.IFNA(A2,"none")'),
        ("iserror", "=ISERROR(A2)"), ("iserror ok", "=ISERROR(A1)"), ("isna", "=ISNA(A3)"),
        ("isna div0", "=ISNA(A2)"), ("iserr", "=ISERR(A3)"), ("iserr div0", "=ISERR(A2)"),
        ("isblank", "=ISBLANK(A5)"), ("isblank text", "=ISBLANK(A4)"),
        ("isblank formula", "=ISBLANK(A7)"), ("isnumber", "=ISNUMBER(A1)"),
        ("isnumber text", '=ISNUMBER("5")'), ("istext", "=ISTEXT(A4)"), ("istext num", "=ISTEXT(A1)"),
        ("islogical", "=ISLOGICAL(TRUE)"), ("iseven-like", "=ISNUMBER(A5)"),
        ("error cell ref", "=A6"), ("iserror error cell", "=ISERROR(A6)"),
        ("text error ref", "=A7"), ("iserror text", "=ISERROR(A7)"),
        ("na function", "=NA()"),
        ("max with error", "=MAX(A1,A2)"), ("and with error", "=AND(TRUE,A3)"),
        ("compare error", "=A2=A2"), ("div error by zero", "=A2/0"),
        ("iferror nested", "=IFERROR(IFERROR(A2,A3),\"both\")"),
        ("error in range arith", "=SUMPRODUCT(A1:A3)"),
        ("unknown function", "=NOSUCHFUNC(1)+1"), ("sumif skips error", '=SUMIF(A1:A4,">0")'),
        ("countif skips error", '=COUNTIF(A1:A4,"<>text")'), ("match before error", "=MATCH(5,A1:A3,0)"),
        ("sumif error in sum range", '=SUMIF(A4:A6,"text",A1:A3)'),
        ("iferror of array sum", "=SUMPRODUCT(IFERROR(A1:A3,0))"),
    ], col="C")
    return wb


def build_rounding() -> openpyxl.Workbook:
    """ROUND, ROUNDUP, ROUNDDOWN (halves, negative digits, negatives), ABS, MIN, MAX."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Round"
    ws["A1"] = 2.5
    ws["A2"] = -2.5
    ws["A3"] = 1234.5678
    ws["A4"] = 0.285
    ws["A5"] = 1.005
    ws["A6"] = -0.0001
    _cases(ws, [
        ("round half", "=ROUND(A1,0)"), ("round neg half", "=ROUND(A2,0)"),
        ("round 2", "=ROUND(A3,2)"), ("round -2", "=ROUND(A3,-2)"), ("round -4", "=ROUND(A3,-4)"),
        ("round float half", "=ROUND(A4,2)"), ("round 1.005", "=ROUND(A5,2)"),
        ("round frac digits", "=ROUND(A3,1.9)"), ("round tiny neg", "=ROUND(A6,2)"),
        ("round text", '=ROUND("2.5",0)'), ("round blank", "=ROUND(A9,0)"),
        ("roundup", "=ROUNDUP(A3,1)"), ("roundup neg", "=ROUNDUP(A2,0)"),
        ("roundup -1", "=ROUNDUP(A3,-1)"), ("roundup exact", "=ROUNDUP(1.2,1)"),
        ("roundup 0.1+0.2", "=ROUNDUP(0.1+0.2,1)"),
        ("rounddown", "=ROUNDDOWN(A3,1)"), ("rounddown neg", "=ROUNDDOWN(A2,0)"),
        ("rounddown -2", "=ROUNDDOWN(A3,-2)"), ("rounddown tiny", "=ROUNDDOWN(A6,3)"),
        ("round big", "=ROUND(123456789.123456,4)"), ("round sum", "=ROUND(SUM(A1:A6),3)"),
        ("abs", "=ABS(A2)"), ("abs text", '=ABS("-3")'), ("min", "=MIN(A1:A6)"),
        ("max", "=MAX(A1:A6)"), ("min args", '=MIN(3,"2",TRUE)'), ("max none", "=MAX(A9:A10)"),
        ("round div", "=ROUND(10/3,4)"), ("round pct", "=ROUND(2/3*100,1)"),
        ("roi", "=ROUND((A3-1000)/1000,4)"),
    ], col="C")
    return wb


def build_coercion() -> openpyxl.Workbook:
    """Text read as numbers, numbers shown as text, logicals in arithmetic and text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Coerce"
    _fill(ws, "A1", [[" 12 "], ["1,200"], ["12%"], ["1e3"], ["abc"], ["12"], [True], [None],
                     ["2024-01-15"], ["-3.5"]])
    ws["A11"] = dt.date(2024, 1, 15)
    ws["A11"].number_format = "yyyy-mm-dd"
    _cases(ws, [
        ("spaces plus", "=A1+0"), ("thousands plus", "=A2+0"), ("percent text", "=A3*1"),
        ("exponent text", "=A4+0"), ("plain text", "=A5+0"), ("negative text", "=A10*2"),
        ("double unary", "=--A6"), ("text times text", '="12"*"3"'), ("unary minus text", '=-"abc"'),
        ("date text plus", "=A9+1"), ("text eq number", "=A6=12"), ("text literal eq", '="12"=12'),
        ("date vs text", "=A11=A9"), ("date text gt", '=A9>DATE(2024,1,1)'),
        ("bool plus bool", "=A7+A7"), ("bool literal math", "=TRUE+TRUE"), ("bool neg", "=-TRUE"),
        ("sum text range", "=SUM(A1:A6)"), ("sum text arg", '=SUM("abc")'),
        ("count args", '=COUNT("12",3,TRUE,"x")'), ("counta args", '=COUNTA("",3,A8)'),
        ("average text args", '=AVERAGE("2",4)'), ("average text range", "=AVERAGE(A1:A6)"),
        ("max text arg", '=MAX("5",1)'), ("round text", '=ROUND("1.25",1)'),
        ("sumproduct text cells", "=SUMPRODUCT(A6:A6,A10:A10)"),
        ("len number", "=LEN(12345.6789)"), ("left float", "=LEFT(0.1+0.2,5)"),
        ("num to text big", '=1E+20&""'), ("num to text small", '=0.000001&""'),
        ("num to text long", '=123456789012345678&""'),
        ("num to text 12 digits", '=100000000000&""'), ("num to text neg", '=-0.5&""'),
        ("num to text seventh", '=1/7&""'), ("num to text 2^53", '=2^53&""'),
        ("num to text int float", '=3*0.1*10&""'),
        ("blank concat blank", "=A8&A8"), ("blank plus blank", "=A8+A8"),
        ("isnumber date", "=ISNUMBER(A11)"), ("isnumber text num", "=ISNUMBER(A6)"),
        ("istext blank", "=ISTEXT(A8)"), ("third", "=1/3*3"),
        ("if text number", '=IF(A6="12","text","number")'),
        ("and text cell", "=AND(A7,A6)"), ("concat date", '=A11&""'),
    ], col="C")
    return wb


SHARED_ROWS = 120
# formula columns of the "shared" workbook, written in row 2 and shared down to the last row
SHARED_FORMULAS = {
    "G": '=IFERROR(B2/C2,"")',
    "H": '=IF(C2=0,"",ROUND(B2/C2,2))',
    "I": '=A2&"-"&D2',
    "J": "=SUMIF($E$2:$E${n},E2,$B$2:$B${n})",
    "K": "=B2*$N$1",
    "L": "=IF(ISBLANK(B2),\"blank\",B2)",
    "M": "=COUNTIF($A$2:A2,A2)",
    "O": "=B3-B2",
    "P": "=MATCH(A2,$A$2:$A${n},0)",
    "Q": "=IF(AND(D2=\"Paid\",C2>10),B2,0)+IF(OR(D2=\"Organic\",E2=\"X\"),1,0)",
    "R": "=SUMPRODUCT(($D$2:$D${n}=D2)*($E$2:$E${n}=E2))",
    "S": '=IFERROR(VLOOKUP(A2,$A$2:$C${n},3,FALSE),"none")',
    "T": "=LEN(A2)+LEN(D2)",
    "U": "=ISNUMBER(B2)",
}


def build_shared() -> openpyxl.Workbook:
    """A 120-row campaign list with mixed cells (blank, zero, text, error) and formula
    columns that Excel would store as shared formulas (see :func:`share_formulas`)."""
    import random

    rng = random.Random(20240601)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rows"
    for col, head in zip("ABCDE", ["Campaign", "Spend", "Clicks", "Type", "Platform"], strict=True):
        ws[f"{col}1"] = head
    ws["N1"] = 1.2
    n = SHARED_ROWS + 1
    names = ["spring", "summer", "autumn", "winter", "launch", "promo", "brand", "retarget"]
    for r in range(2, n + 1):
        kind = rng.random()
        ws[f"A{r}"] = None if kind < 0.05 else rng.choice(names) + ("" if kind < 0.5 else str(r % 7))
        x = rng.random()
        if x < 0.08:
            spend = None
        elif x < 0.14:
            spend = 0
        elif x < 0.18:
            spend = "n/a"
        elif x < 0.20:
            spend = "#N/A"  # an error cell
        elif x < 0.24:
            spend = str(rng.randint(1, 99))  # a number stored as text
        else:
            spend = round(rng.uniform(0, 500), 2)
        ws[f"B{r}"] = spend
        y = rng.random()
        ws[f"C{r}"] = None if y < 0.1 else (0 if y < 0.2 else rng.randint(1, 80))
        ws[f"D{r}"] = rng.choice(["Paid", "Organic", "Earned"])
        ws[f"E{r}"] = rng.choice(["Facebook", "Instagram", "X", "TikTok"])
        for col, f in SHARED_FORMULAS.items():
            ws[f"{col}{r}"] = _shift(f.format(n=n), r - 2)
    ws["W1"] = f"=SUM(G2:G{n})"
    ws["W2"] = f"=COUNTIF(L2:L{n},\"blank\")"
    ws["W3"] = "=SUM(K:K)"
    ws["W4"] = f"=MAX(M2:M{n})"
    return wb


_REL = re.compile(r"(\$?)([A-Z]{1,2})(\$?)(\d+)(?![\d(])")


def _shift(formula: str, rows: int) -> str:
    """Move a formula's relative row references down by ``rows`` (strings left alone)."""
    parts = re.split(r'("[^"]*")', formula)

    def move(m: re.Match[str]) -> str:
        row = int(m.group(4)) if m.group(3) else int(m.group(4)) + rows
        return f"{m.group(1)}{m.group(2)}{m.group(3)}{row}"

    return "".join(p if p.startswith('"') else _REL.sub(move, p) for p in parts)


def share_formulas(path: Path, sheet_part: str, columns: list[str], first: int, last: int) -> None:
    """Rewrite ``columns`` of a sheet as Excel's shared formulas: the formula text only in
    the first row (``<f t="shared" ref=... si=...>``), the other rows pointing to it."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = parts[sheet_part].decode("utf-8")
    for si, col in enumerate(columns):
        def repl(m: re.Match[str], col=col, si=si) -> str:
            row = int(m.group(2))
            if row == first:
                return (f'<c r="{col}{row}"{m.group(3)}><f t="shared" ref="{col}{first}:{col}{last}" '
                        f'si="{si}">{m.group(4)}</f>')
            return f'<c r="{col}{row}"{m.group(3)}><f t="shared" si="{si}"/>'

        xml = re.sub(rf'<c r="({col})(\d+)"([^>]*)><f>([^<]*)</f>', repl, xml)
    parts[sheet_part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def build_structure() -> openpyxl.Workbook:
    """Tables with structured references, defined names, cross-sheet and whole-column refs,
    legacy array formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Campaigns"
    header = ["Platform", "Type", "Spend", "Clicks", "Revenue", "CPC", "ROI"]
    data = [
        ["Facebook", "Paid", 120, 30, 300],
        ["Instagram", "Paid", 80, 0, 100],
        ["Blog", "Organic", 0, 40, 60],
        ["LinkedIn", "Earned", 15, 5, None],
        ["TikTok", "Paid", 210.5, 55, 400],
    ]
    _fill(ws, "A1", [header] + data)
    for r in range(2, 7):
        ws.cell(r, 6, "=IFERROR(Campaigns[[#This Row],[Spend]]/Campaigns[[#This Row],[Clicks]],\"\")")
        ws.cell(r, 7, "=IF(Campaigns[[#This Row],[Spend]]=0,\"\",(Campaigns[[#This Row],[Revenue]]"
                      "-Campaigns[[#This Row],[Spend]])/Campaigns[[#This Row],[Spend]])")
    tab = Table(displayName="Campaigns", ref="A1:G6")
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(tab)

    inp = wb.create_sheet("Inputs")
    inp["A1"] = "Hourly rate"
    inp["B1"] = 45
    inp["A2"] = "Hours"
    inp["B2"] = 12.5
    inp["A3"] = "Tools"
    inp["B3"] = 99
    inp["A4"] = "Margin"
    inp["B4"] = 0.4
    wb.defined_names["Rate"] = DefinedName("Rate", attr_text="Inputs!$B$1")
    wb.defined_names["Hours"] = DefinedName("Hours", attr_text="Inputs!$B$2")
    wb.defined_names["CostBlock"] = DefinedName("CostBlock", attr_text="Inputs!$B$1:$B$3")
    wb.defined_names["Margin"] = DefinedName("Margin", attr_text="Inputs!$B$4")

    two = wb.create_sheet("Sheet Two")
    two["A1"] = 7
    two["A2"] = 3

    s = wb.create_sheet("Summary")
    _cases(s, [
        ("table col sum", "=SUM(Campaigns[Spend])"), ("table col count", "=COUNT(Campaigns[Clicks])"),
        ("table revenue", "=SUM(Campaigns[Revenue])"),
        ("table roi", "=(SUM(Campaigns[Revenue])-SUM(Campaigns[Spend]))/SUM(Campaigns[Spend])"),
        ("table sumif", '=SUMIF(Campaigns[Type],"Paid",Campaigns[Spend])'),
        ("table countif", '=COUNTIF(Campaigns[CPC],"")'),
        ("table avg calc col", "=AVERAGE(Campaigns[CPC])"),
        ("table sumproduct", "=SUMPRODUCT(Campaigns[Spend],Campaigns[Clicks])"),
        ("table index match", '=INDEX(Campaigns[Revenue],MATCH("TikTok",Campaigns[Platform],0))'),
        ("table vlookup", '=VLOOKUP("Blog",Campaigns,4,FALSE)'),
        ("table data ref", "=ROWS(Campaigns[#Data])"),
        ("name", "=Rate*Hours"), ("name range", "=SUM(CostBlock)"),
        ("names mixed", "=Rate*Hours+Inputs!B3"), ("name margin", "=SUM(Campaigns[Revenue])*Margin"),
        ("cross sheet", "=Inputs!B1+Inputs!B2"), ("quoted sheet", "='Sheet Two'!A1*'Sheet Two'!A2"),
        ("cross range", "=SUM('Sheet Two'!A1:A2)"), ("abs ref", "=Inputs!$B$1*2"),
        ("whole column", "=SUM(Campaigns!C:C)"), ("whole column count", "=COUNTA(Campaigns!A:A)"),
        ("whole column other", "=SUM('Sheet Two'!A:A)"), ("row range", "=SUM(Inputs!1:2)"),
        ("chain", "=B3*2"), ("chain 2", "=B13+B14"),
    ], col="A")
    # legacy array formulas (CSE): one cell and a multi-cell range
    s["D1"] = "array"
    s["D2"] = ArrayFormula("D2", "=SUM(Campaigns!C2:C6*Campaigns!D2:D6)")
    s["D3"] = ArrayFormula("D3", "=MAX(IF(Campaigns!B2:B6=\"Paid\",Campaigns!C2:C6))")
    s["E2"] = ArrayFormula("E2:E4", "='Sheet Two'!A1:A2*2")
    s["F2"] = ArrayFormula("F2:F6", "=Campaigns!C2:C6*2")
    return wb


# Where LibreOffice is known to differ from Excel, the golden value is Excel's, taken from
# Excel's documentation or computed by hand (the reason says which); LibreOffice's own value
# is kept beside it in the JSON under "libreoffice". Keyed by (corpus name, case label).
# LibreOffice has no boolean type (a logical value is the number 1 or 0), which explains
# most entries: Excel keeps TRUE a logical value, shows it as the text "TRUE", skips it in
# ranges given to SUM/COUNT/AVERAGE, and sorts it above every number.
_MS = "support.microsoft.com, "
EXCEL_OVERRIDES: dict[tuple[str, str], tuple[object, str]] = {
    ("arith", "concat bool"): ("TRUEx", "Excel converts TRUE to the text TRUE; LibreOffice has no "
                               "boolean type and gives 1x"),
    ("arith", "bool vs num"): (True, "Excel compares values by type, numbers < text < logicals "
                               "(Excel sort order, " + _MS + "'Sort data in a range or table'); TRUE>10"),
    ("arith", "sum args"): (14.0, _MS + "'SUM function' and excelfunctions.net SUM table: text "
                            "numbers and logicals typed as arguments are counted: 10+3+1"),
    ("arith", "sum mix"): (11.6, _MS + "'SUM function': logicals and text in a range are ignored: "
                           "10+4-2.5+0+0.1"),
    ("arith", "count"): (5.0, _MS + "'COUNT function': logical values, text and empty cells in a "
                         "reference are not counted: 10, 4, -2.5, 0, 0.1"),
    ("arith", "average mix"): (2.32, _MS + "'AVERAGE function': logicals and text in a reference "
                               "are ignored: (10+4-2.5+0+0.1)/5"),
    ("text", "len bool"): (4.0, "Excel reads TRUE as the text TRUE (4 characters); LibreOffice: 1"),
    ("text", "lower bool"): ("true", "Excel reads TRUE as the text TRUE; LibreOffice: 1"),
    ("text", "concat num"): ("12.5TRUE", "Excel reads TRUE as the text TRUE; LibreOffice: 1"),
    ("text", "textjoin bool"): ("TRUE/12.5", "Excel reads TRUE as the text TRUE; LibreOffice: 1"),
    ("dates", "date 2-digit year"): (8767.0, _MS + "'DATE function': a year from 0 to 1899 is "
                                     "added to 1900, so 1924-01-01 = serial 8767 (days since "
                                     "1899-12-30); LibreOffice applies its two-digit-year window"),
    ("dates", "year blank"): (1900.0, "Excel's serial 0 is day 0 of January 1900 (shown "
                              "1900-01-00); LibreOffice counts from 1899-12-30 and says 1899"),
    ("dates", "year neg"): ({"error": "#NUM!"}, "Excel has no dates before serial 0; LibreOffice "
                            "says 1899"),
    ("dates", "weeknum end"): (53.0, "by hand: 2023-01-01 and 2023-12-31 are Sundays, weeks start "
                               "on Sunday (return_type 1), so Dec 31 opens week 53; LibreOffice "
                               "says 1"),
    ("dates", "weeknum bad type"): ({"error": "#NUM!"}, _MS + "'WEEKNUM function': a return_type "
                                    "outside the table gives #NUM!"),
    ("lookup", "vlookup col too big"): ({"error": "#REF!"}, _MS + "'VLOOKUP function': "
                                        "col_index_num greater than the number of columns gives #REF!"),
    ("lookup", "index out"): ({"error": "#REF!"}, _MS + "'INDEX function': a row_num outside the "
                              "array gives #REF!"),
    ("rounding", "min args"): (1.0, _MS + "'MIN function': logical values and text numbers typed "
                               "as arguments are counted: MIN(3,2,1)"),
    ("coercion", "average text args"): (3.0, _MS + "'AVERAGE function': text numbers typed as "
                                        "arguments are counted: (2+4)/2"),
    ("coercion", "max text arg"): (5.0, _MS + "'MAX function': text numbers typed as arguments "
                                   "are counted"),
    ("coercion", "num to text big"): ("1E+20", "Excel writes General-format exponents with at "
                                      "least two digits (1E+20); LibreOffice writes three (1E+020)"),
    ("coercion", "num to text long"): ("1.23456789012346E+17", "15 significant digits, Excel's "
                                       "two-digit exponent; LibreOffice writes E+017"),
    ("coercion", "num to text 2^53"): ("9.00719925474099E+15", "15 significant digits, Excel's "
                                       "two-digit exponent; LibreOffice writes E+015"),
    ("structure", "table data ref"): (5.0, "the table A1:G6 has 5 data rows; LibreOffice 7.4 does "
                                      "not read [#Data] here (#NAME?)"),
}


def build_template_blank() -> openpyxl.Workbook:
    """The template as ``socroi new --blank`` writes it: every input empty, so blanks flow
    through every SUMIFS, ratio, period and target formula."""
    import io

    from socroi_xl.template import template_bytes

    return openpyxl.load_workbook(io.BytesIO(template_bytes(blank=True)))


#: Campaigns rows of ``template_rows``: every status of the In period column, three
#: currencies, Meta with and without platform breakdown, GA4 rows counted and not.
TEMPLATE_ROWS: tuple[tuple, ...] = (
    # Date, Platform, Type, Campaign, Currency, Spend, Impr., Reach, Clicks, Eng., Leads, Conv., Revenue, Source, Counted
    (dt.datetime(2026, 8, 3), "Meta", "Paid", "Launch", None, 1072.5, 76500, 61200, 765, 1665, 12, 30, 1200, "Meta", None),
    (dt.datetime(2026, 8, 3), "Facebook", "Paid", "GA4: launch", None, None, None, None, 700, 400, None, 90, 3000, "GA4", "No"),
    (dt.datetime(2026, 8, 4), "Instagram", "Organic", "GA4: (organic)", None, None, None, None, 120, 80, 2, 3, 150, "GA4", None),
    (dt.datetime(2026, 8, 5), "instagram", "Paid", "EU shop", "EUR", 200, 9000, 7000, 150, 90, 4, 6, 480, "Meta", None),
    (dt.datetime(2026, 8, 6), "Messenger", "Paid", "EU shop", "EUR", 20, 1000, 800, 10, 5, 0, 1, 60, "Meta", "Yes"),
    (dt.datetime(2026, 8, 7), "LinkedIn", "Paid", "UK leads", "GBP", 300, 20000, 12000, 90, 60, 9, 0, None, "LinkedIn", None),
    (dt.datetime(2026, 8, 8), "Pinterest", "Organic", "Pins", None, 0, 4000, 3000, 40, 70, 0, 1, 35, None, None),
    (dt.datetime(2026, 8, 31, 18), "YouTube", "Earned", "Review", None, 250, 18000, 9000, 100, 500, 3, 2, 92, None, None),
    (dt.datetime(2026, 7, 15), "Facebook", "Paid", "Launch", None, 800, 60000, 50000, 600, 1000, 10, 20, 900, "Meta", None),
    (dt.datetime(2026, 5, 2), "Facebook", "Paid", "Old", None, 99, 1, 1, 1, 1, 1, 1, 99, None, None),
    (dt.datetime(2026, 9, 1), "Facebook", "Paid", "Next", None, 55, 1, 1, 1, 1, 1, 1, 55, None, None),
    (None, "Facebook", "Paid", "Undated", None, 10, 1, 1, 1, 1, 1, 1, 10, None, None),
    ("2026-08-10", "X", "Organic", "Date typed as text", None, 0, 100, 90, 5, 8, 0, 0, 0, None, None),
    (dt.datetime(2026, 8, 12), "X", "Boosted", "Unknown type", None, 5, 100, 90, 5, 8, 0, 0, 0, None, None),
    (dt.datetime(2026, 8, 20), "TikTok", "Paid", "No rate", "JPY", 1000, 5000, 4000, 50, 60, 0, 1, 2000, None, None),
    (dt.datetime(2026, 8, 21), "TikTok", "Paid", "No spend", None, None, 3000, 2000, 30, 20, 1, 1, 40, None, None),
)


def build_template_rows() -> openpyxl.Workbook:
    """The blank template with a month set (August 2026, EUR book), an FX table, costs and
    :data:`TEMPLATE_ROWS`: the In period, FX rate, channel and bucket formulas on data; a
    few previous-period amounts given and some missing."""
    wb = build_template_blank()

    def name(n: str):
        sheet, ref = next(iter(wb.defined_names[n].destinations))
        return wb[sheet][ref.replace("$", "")]

    for n, v in (("PeriodStart", dt.datetime(2026, 8, 1)), ("PeriodEnd", dt.datetime(2026, 8, 31)),
                 ("BookCurrency", "EUR"), ("TargetBasis", "Quarter"), ("TargetRevenue", 9000), ("GrossMargin", 0.5),
                 ("BusinessModel", "B2B / SaaS")):  # fmt: skip
        name(n).value = v
    inputs = wb["Inputs"]
    fx = inputs.tables["FX"]
    c1, r1, c2, _ = range_boundaries(fx.ref)
    for i, (code, rate) in enumerate((("USD", 0.92), ("GBP", 1.17))):
        inputs.cell(r1 + 1 + i, c1, code)
        inputs.cell(r1 + 1 + i, c1 + 1, rate)
    fx.ref = fx.autoFilter.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r1 + 2}"
    inputs["A43"], inputs["B43"] = "Manager", 50
    costs = wb["Costs"]
    costs["C6"], costs["D6"], costs["E6"], costs["L6"], costs["M6"], costs["N6"] = "Monthly", 10, 5, 2, 0.5, 0.5
    costs["C18"], costs["L18"] = "This period", 300  # no previous amount: the previous cost is "–"
    costs["C21"], costs["D21"], costs["V21"] = "This period", 40, 25  # research, and the previous period's
    values = wb["Values"]
    values["D47"], values["F47"], values["M37"] = 30, 20, 2  # new follows (and previous), demo requests (no previous)
    values["B75"], values["B76"], values["B77"], values["Q79"] = 10, 1, 5, 40  # service costs saved (and previous)
    values["G59"], values["H59"], values["A59"], values["B59"], values["E59"] = "tea", 1.2, "Tea", 100, 80
    ws = wb["Campaigns"]
    table = ws.tables["Campaigns"]
    c1, r1, c2, _ = range_boundaries(table.ref)
    formulas = {j: col.calculatedColumnFormula.attr_text for j, col in enumerate(table.tableColumns)
                if col.calculatedColumnFormula is not None}  # fmt: skip
    for i, values in enumerate(TEMPLATE_ROWS):
        for j, v in enumerate(values):
            ws.cell(r1 + 1 + i, c1 + j, v)
        for j, f in formulas.items():
            ws.cell(r1 + 1 + i, c1 + j, "=" + f)
    table.ref = table.autoFilter.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r1 + len(TEMPLATE_ROWS)}"
    return wb


CORPUS: dict[str, Callable[[], openpyxl.Workbook]] = {
    "arith": build_arith,
    "text": build_text,
    "conditional": build_conditional,
    "lookup": build_lookup,
    "dates": build_dates,
    "errors": build_errors,
    "rounding": build_rounding,
    "coercion": build_coercion,
    "shared": build_shared,
    "structure": build_structure,
}


# --------------------------------------------------------------------------- LibreOffice


def recalc_with_libreoffice(soffice: str, books: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Have LibreOffice recalculate ``books`` on load and save them into ``out_dir``."""
    with tempfile.TemporaryDirectory(prefix="socroi-lo-profile-") as profile:
        libreoffice.convert(books, out_dir, libreoffice.XLSX, libreoffice.make_profile(Path(profile), True), soffice, 600)
    result = {}
    for b in books:
        conv = out_dir / b.name
        if not conv.exists():
            raise RuntimeError(f"LibreOffice did not convert {b}")
        result[b] = conv
    return result


# --------------------------------------------------------------------------- golden values


def _json_value(value, cell=None):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return float(to_excel(value))
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        if cell is not None and cell.data_type == "e" and value in ERRORS:
            return {"error": value}
        return value
    raise TypeError(f"unexpected value {value!r}")


def formula_cells(wb: openpyxl.Workbook) -> dict[str, str]:
    """``{"Sheet!A1": formula}`` for every formula cell (each cell of an array range too)."""
    out: dict[str, str] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, ArrayFormula):
                    c1, r1, c2, r2 = range_boundaries(v.ref)
                    for r in range(r1, r2 + 1):
                        for cc in range(c1, c2 + 1):
                            out[f"{ws.title}!{get_column_letter(cc)}{r}"] = v.text
                elif c.data_type == "f" and isinstance(v, str):
                    out[f"{ws.title}!{c.coordinate}"] = v
    return out


_SOCROI_CALL = re.compile(r"(?<![\w.])(?:_xldudf_|_xll\.)?SOCROI(?:_[A-Z_]+)?\s*\(", re.I)


def _table_index(wb: openpyxl.Workbook) -> dict[str, tuple[str, str, list[str]]]:
    """``{table name (upper): (sheet, ref, column names)}``."""
    out = {}
    for ws in wb.worksheets:
        for t in ws.tables.values():
            cols = [c.name for c in t.tableColumns] if t.tableColumns else []
            if not cols:
                c1, r1, c2, _ = range_boundaries(t.ref)
                cols = [str(ws.cell(r1, c).value) for c in range(c1, c2 + 1)]
            out[t.displayName.upper()] = (ws.title, t.ref, cols)
    return out


def _cells_of(sheet: str, ref: str, dims: dict[str, tuple[int, int]]) -> set[str]:
    """Cells of an A1 area on ``sheet`` (whole rows/columns bounded by the sheet's size)."""
    ref = ref.replace("$", "")
    max_row, max_col = dims.get(sheet, (1, 1))
    c1, r1, c2, r2 = range_boundaries(ref)
    c1 = c1 or 1
    r1 = r1 or 1
    c2 = c2 or max_col
    r2 = r2 or max_row
    return {f"{sheet}!{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}


_SHEET_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$")
_STRUCT = re.compile(r"^([A-Za-z_][\w.]*)?\[(.*)\]$")


def references(formula: str, here_sheet: str, here_row: int, wb, tables, names, dims) -> set[str]:
    """Cells a formula refers to (a superset is fine: it only widens the exclusion)."""
    cells: set[str] = set()
    try:
        tokens = Tokenizer(formula).items
    except Exception:
        return cells
    for tok in tokens:
        if tok.type != Token.OPERAND or tok.subtype != Token.RANGE:
            continue
        text = tok.value
        m = _SHEET_REF.match(text)
        sheet = here_sheet
        if m:
            sheet = (m.group(1) or m.group(2)).replace("''", "'")
            text = m.group(3)
        sm = _STRUCT.match(text)
        if sm:
            tname = (sm.group(1) or "").upper()
            if not tname:  # [@Col] inside its own table: find the table around the cell
                for name, (tsheet, tref, _) in tables.items():
                    c1, r1, c2, r2 = range_boundaries(tref)
                    if tsheet == here_sheet and r1 <= here_row <= r2:
                        tname = name
                        break
            if tname in tables:
                tsheet, tref, cols = tables[tname]
                c1, r1, c2, r2 = range_boundaries(tref)
                inner = sm.group(2)
                picked = [i for i, col in enumerate(cols) if f"[{col.lower()}]" in f"[{inner.lower()}]"
                          or inner.lower().lstrip("@") == col.lower()]
                span = [c1 + i for i in picked] or list(range(c1, c2 + 1))
                this_row = "#this row" in inner.lower() or inner.startswith("@")
                rows = [here_row] if this_row else list(range(r1, r2 + 1))
                cells |= {f"{tsheet}!{get_column_letter(c)}{r}" for c in span for r in rows}
            continue
        if text.upper() in names:
            for dsheet, dref in names[text.upper()]:
                cells |= _cells_of(dsheet, dref, dims)
            continue
        try:
            cells |= _cells_of(sheet, text, dims)
        except (ValueError, TypeError):
            pass
    return cells


def socroi_exclusions(wb: openpyxl.Workbook, formulas: dict[str, str]) -> dict[str, str]:
    """Formula cells that call a SOCROI function, or depend on one: ``{cell: reason}``."""
    tables = _table_index(wb)
    names: dict[str, list[tuple[str, str]]] = {}
    for name, dn in wb.defined_names.items():
        try:
            names[name.upper()] = [(s, r) for s, r in dn.destinations]
        except Exception:
            names[name.upper()] = []
    for ws in wb.worksheets:  # sheet-scoped names
        for name, dn in ws.defined_names.items():
            names.setdefault(name.upper(), [(s, r) for s, r in dn.destinations])
    dims = {ws.title: (ws.max_row, ws.max_column) for ws in wb.worksheets}
    excluded = {c: "calls a SOCROI function" for c, f in formulas.items() if _SOCROI_CALL.search(f)}
    deps: dict[str, set[str]] = {}
    for cell, f in formulas.items():
        sheet, _, addr = cell.rpartition("!")
        row = int(re.sub(r"^[A-Z]+", "", addr))
        deps[cell] = references(f, sheet, row, wb, tables, names, dims)
    changed = True
    while changed:
        changed = False
        for cell, refs in deps.items():
            if cell not in excluded and refs & excluded.keys():
                src = sorted(refs & excluded.keys())[0]
                excluded[cell] = f"depends on {src}"
                changed = True
    return excluded


def _empty_text_cells(converted: Path) -> set[str]:
    """``"Sheet!A1"`` of formula cells whose stored value is the empty text.

    openpyxl reads ``<c t="str"><v></v></c>`` as None (blank); Excel's value is ``""``.
    """
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    out: set[str] = set()
    with zipfile.ZipFile(converted) as zf:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.iter(rel_ns + "Relationship")}
        for sh in wb.iterfind("m:sheets/m:sheet", ns):
            part = target[sh.get(f"{{{ns['r']}}}id")].lstrip("/")
            part = part if part.startswith("xl/") else "xl/" + part
            root = ElementTree.fromstring(zf.read(part))
            for c in root.iterfind(".//m:c", ns):
                if c.get("t") == "str" and c.find("m:f", ns) is not None:
                    v = c.find("m:v", ns)
                    if v is None or not (v.text or ""):
                        out.add(f"{sh.get('name')}!{c.get('r')}")
    return out


def _labels(wb: openpyxl.Workbook, cells) -> dict[str, str]:
    """The case label (text in the cell to the left) of each formula cell, where there is one."""
    out = {}
    for key in cells:
        sheet, _, addr = key.rpartition("!")
        ws = wb[sheet]
        c = ws[addr]
        if c.column > 1:
            left = ws.cell(c.row, c.column - 1).value
            if isinstance(left, str) and not left.startswith("="):
                out[key] = left
    return out


def golden_for(name: str, src: Path, converted: Path, generator: str) -> dict:
    """The golden record of one corpus workbook."""
    wb = openpyxl.load_workbook(src)
    formulas = formula_cells(wb)
    excluded = socroi_exclusions(wb, formulas)
    empty = _empty_text_cells(converted)
    lo = openpyxl.load_workbook(converted, data_only=True)
    labels = _labels(wb, formulas)
    cells, lo_values, reasons = {}, {}, {}
    for key in formulas:
        if key in excluded:
            continue
        sheet, _, addr = key.rpartition("!")
        c = lo[sheet][addr]
        value = "" if (c.value is None and key in empty) else _json_value(c.value, c)
        override = EXCEL_OVERRIDES.get((name, labels.get(key, "")))
        if override is not None:
            lo_values[key] = value
            value, reasons[key] = override
        cells[key] = value
    used = {(name, labels.get(k)) for k in reasons}
    missing = [k for k in EXCEL_OVERRIDES if k[0] == name and k not in used]
    if missing:
        raise RuntimeError(f"overrides for cases not in the corpus: {missing}")
    return {
        "workbook": src.name,
        "sha256": hashlib.sha256(src.read_bytes()).hexdigest(),
        "generator": generator,
        "formulas": formulas,
        "cells": cells,
        "excluded": excluded,
        "excel_overrides": reasons,
        "libreoffice": lo_values,
    }


def write_goldens(soffice: str, books: list[Path], prefix: str,
                  apply: Callable[[str, dict, openpyxl.Workbook], dict] | None = None) -> None:
    """Recalculate ``books`` with LibreOffice and write each one's golden record beside it
    (``NAME.json``); ``apply`` (book name, record, workbook) amends a record first, as the
    function corpora put Excel's documented values and their left-out cases in."""
    generator = libreoffice.version(soffice)
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        converted = recalc_with_libreoffice(soffice, books, Path(tmp))
        for book in books:
            record = golden_for(book.stem, book, converted[book], generator)
            if apply is not None:
                record = apply(book.stem, record, openpyxl.load_workbook(book))
            out = book.with_suffix(".json")
            out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
                  f"{len(record['cells'])} cells, {len(record['excluded'])} excluded")


def corpus_main(prog: str, doc: str, corpus: dict[str, Callable[[], openpyxl.Workbook]], prefix: str,
                apply: Callable[[str, dict, openpyxl.Workbook], dict], argv: list[str] | None = None) -> int:
    """The command of a function corpus script (make_golden_functions.py and its kin): build
    the corpus's workbooks (``--only`` some), record LibreOffice's values, amend them."""
    ap = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="workbooks to rebuild (default: all)")
    ap.add_argument("--out", type=Path, default=GOLDEN, help="golden directory")
    args = ap.parse_args(argv)
    soffice = libreoffice.find_soffice()
    if not soffice:
        print(f"{prog}: soffice not found", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    books = []
    for name in args.only or list(corpus):
        path = args.out / f"{name}.xlsx"
        corpus[name]().save(path)
        books.append(path)
    write_goldens(soffice, books, prefix, apply)
    return 0


def apply_lists(name: str, record: dict, labels: dict[str, str],
                excel_values: dict[tuple[str, str], tuple[object, str]],
                left_out: dict[tuple[str, str], str] | None = None) -> dict:
    """Put Excel's values and the left-out cases into the golden record of corpus book
    ``name``: a cell whose case label (``labels``) is in ``left_out`` moves to ``excluded``
    with its reason; one in ``excel_values`` takes Excel's value (LibreOffice's kept beside
    it). An entry matching no case of the book is an error (a stale list)."""
    left_out = left_out or {}
    used = set()
    for key in list(record["cells"]):
        label = labels.get(key, "")
        if (name, label) in left_out:
            record["excluded"][key] = left_out[(name, label)]
            record["libreoffice"][key] = record["cells"].pop(key)
            used.add((name, label))
        elif (name, label) in excel_values:
            value, why = excel_values[(name, label)]
            record["libreoffice"][key] = record["cells"][key]
            record["cells"][key] = value
            record["excel_overrides"][key] = why
            used.add((name, label))
    stale = [k for k in list(excel_values) + list(left_out) if k[0] == name and k not in used]
    if stale:
        raise RuntimeError(f"entries for cases not in the corpus: {stale}")
    return record


_CALL = re.compile(r"(?<![\w.])([A-Z][A-Z0-9]*(?:\.[A-Z0-9]+)*)\(")


def stored(formula: str, modern: set[str], bare: set[str] = frozenset(), dotted: bool = True) -> str:
    """A formula as Excel stores it: the names in ``modern`` (and, with ``dotted``, every
    dotted name not in ``bare``) carry ``_xlfn.``; text literals are left alone.

    >>> stored('=XOR(A1,NORM.DIST(1,0,1,TRUE))&"IFS("', {"XOR"})
    '=_xlfn.XOR(A1,_xlfn.NORM.DIST(1,0,1,TRUE))&"IFS("'
    """
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in bare:
            return m.group(0)
        return f"_xlfn.{name}(" if (dotted and "." in name) or name in modern else m.group(0)

    parts = formula.split('"')
    parts[::2] = [_CALL.sub(repl, p) for p in parts[::2]]  # not inside text literals
    return '"'.join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="corpus names to rebuild (default: all)")
    ap.add_argument("--out", type=Path, default=GOLDEN, help="golden directory")
    ap.add_argument("--soffice", default=None, help="path of soffice (default: from PATH)")
    ap.add_argument("--no-template", action="store_true", help="leave the template out")
    args = ap.parse_args(argv)
    soffice = args.soffice or libreoffice.find_soffice()
    if not soffice:
        print("make_golden: soffice not found; run scripts/install-libreoffice.sh", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    templates = [] if args.no_template else ["template", "template_blank", "template_rows"]
    names = args.only or list(CORPUS) + templates
    books = []
    for name in names:
        path = args.out / f"{name}.xlsx"
        if name.startswith("template"):
            if not TEMPLATE.exists():
                print(f"make_golden: {TEMPLATE} not found; {name} left out", file=sys.stderr)
                continue
            if name == "template":
                shutil.copyfile(TEMPLATE, path)
            elif name == "template_blank":
                from socroi_xl.template import template_bytes

                path.write_bytes(template_bytes(blank=True))  # exactly what `socroi new --blank` writes
            else:
                build_template_rows().save(path)
        else:
            CORPUS[name]().save(path)
            if name == "shared":
                share_formulas(path, "xl/worksheets/sheet1.xml", list(SHARED_FORMULAS),
                               2, SHARED_ROWS + 1)
        books.append(path)
    write_goldens(soffice, books, "socroi-golden-")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
