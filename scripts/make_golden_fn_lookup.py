"""Golden workbooks for the Lookup & reference, Logical, Information, Financial and Database
functions, recalculated by LibreOffice 7.4 (the independent engine), compared with the
engine cell by cell by ``tests/test_faithful.py``.

Each workbook has a data block (columns A:E) and one case per row: a label in column G, its
formula in H. The recalculation and the golden JSON are ``scripts/make_golden.py``'s; as in
``scripts/make_golden_functions.py``, two lists say where LibreOffice is not Excel:

* :data:`EXCEL_VALUES`: the JSON holds Excel's documented value (``excel_overrides`` says
  why, ``libreoffice`` keeps LibreOffice's);
* :data:`LEFT_OUT`: cases no source here settles; they stay in the workbook, out of the
  comparison, with the reason in ``excluded``.

The dynamic-array functions (FILTER, SORT, UNIQUE, TAKE...), XLOOKUP and XMATCH are not in
LibreOffice 7.4: tests/test_fn_lookup*.py check them against Microsoft's documentation.

Usage::

    .venv/bin/python scripts/make_golden_fn_lookup.py             # fn_lookup, fn_fin, fn_db
    .venv/bin/python scripts/make_golden_fn_lookup.py --only fn_fin
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]


def _make_golden():
    spec = importlib.util.spec_from_file_location("socroi_make_golden", ROOT / "scripts" / "make_golden.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


#: scripts/make_golden.py: the recalculation, the golden records and the helpers shared by
#: the function corpora.
MG = _make_golden()


#: Functions Excel stores with the ``_xlfn.`` prefix among those used here.
MODERN = {"XOR", "SWITCH", "IFS", "FORMULATEXT", "ISFORMULA", "SHEET", "SHEETS", "PDURATION", "RRI", "IFNA"}


def stored(formula: str) -> str:
    """A formula as Excel stores it: the :data:`MODERN` names carry ``_xlfn.``."""
    return MG.stored(formula, MODERN, dotted=False)


def _book(title: str, data: dict[str, object], cases: list[tuple[str, str]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for ref, value in data.items():
        ws[ref] = stored(value) if isinstance(value, str) and value.startswith("=") else value
    for r, (label, formula) in enumerate(cases, start=1):
        ws.cell(r, 7, label)
        ws.cell(r, 8, stored(formula))
    return wb


# --- Lookup & reference, logical, information ------------------------------------------------------
LOOKUP_DATA = {
    **{f"A{i}": v for i, v in enumerate([10, 20, 30, 40, 50, 60], start=1)},
    **{f"B{i}": v for i, v in enumerate(["alpha", "Beta", "gamma", "delta", "Beta", "omega"], start=1)},
    "C1": 1, "C2": "x", "C3": True, "C5": "=1/0", "C6": 2.5,
    **{f"D{i}": v for i, v in enumerate([5, 4, 3, 2, 1, 0], start=1)},
    "E1": "=A1+1",
}

LOOKUP_CASES = [
    ("match text", '=MATCH("beta",B1:B6,0)'), ("match star", '=MATCH("g*",B1:B6,0)'),
    ("match question", '=MATCH("?mega",B1:B6,0)'), ("match tilde", '=MATCH("~*",B1:B6,0)'),
    ("match approx", "=MATCH(35,A1:A6)"), ("match approx exact", "=MATCH(40,A1:A6,1)"),
    ("match below", "=MATCH(5,A1:A6,1)"), ("match above", "=MATCH(99,A1:A6,1)"),
    ("match desc", "=MATCH(2.5,D1:D6,-1)"), ("match desc none", "=MATCH(9,D1:D6,-1)"),
    ("match empty type", "=MATCH(35,A1:A6,)"), ("match bool", "=MATCH(TRUE,C1:C6,0)"),
    ("match 2d", "=MATCH(10,A1:B6,0)"), ("match error", "=MATCH(C5,A1:A6,0)"),
    ("match array", '=MATCH("gamma",{"alpha","gamma"},0)'), ("match blank value", "=MATCH(C4,A1:A6,0)"),
    ("vlookup exact", "=VLOOKUP(30,A1:B6,2,FALSE)"), ("vlookup approx", "=VLOOKUP(45,A1:B6,2)"),
    ("vlookup true", "=VLOOKUP(45,A1:D6,4,TRUE)"), ("vlookup empty", "=VLOOKUP(45,A1:B6,2,)"),
    ("vlookup below", "=VLOOKUP(1,A1:B6,2)"), ("vlookup col 0", "=VLOOKUP(30,A1:B6,0,FALSE)"),
    ("vlookup col beyond", "=VLOOKUP(30,A1:B6,3,FALSE)"), ("vlookup text col", '=VLOOKUP("delta",B1:D6,3,FALSE)'),
    ("vlookup wildcard", '=VLOOKUP("om*",B1:D6,3,FALSE)'), ("vlookup blank result", '=VLOOKUP(40,A1:C6,3,FALSE)&""'),
    ("vlookup col text", '=VLOOKUP(30,A1:B6,"x",FALSE)'), ("vlookup frac col", "=VLOOKUP(30,A1:D6,2.7,FALSE)"),
    ("hlookup", '=HLOOKUP(3,{1,2,3;"a","b","c"},2)'), ("hlookup exact", '=HLOOKUP(2,{1,2,3;"a","b","c"},2,FALSE)'),
    ("hlookup beyond", "=HLOOKUP(2,{1,2,3},2,FALSE)"),
    ("index cell", "=INDEX(A1:D6,3,2)"), ("index column sum", "=SUM(INDEX(A1:D6,0,1))"),
    ("index row sum", "=SUM(INDEX(A1:D6,2,0))"), ("index beyond", "=INDEX(A1:A6,7)"),
    ("index negative", "=INDEX(A1:A6,-1)"), ("index array", "=INDEX({1,2;3,4},2,1)"),
    ("index row vector", "=INDEX({1,2,3},3)"), ("index frac", "=INDEX(A1:A6,2.9)"),
    ("index range end", "=SUM(INDEX(A1:A6,2):A4)"), ("index text", '=INDEX(A1:A6,"x")'),
    ("lookup vector", "=LOOKUP(35,A1:A6,B1:B6)"), ("lookup below", "=LOOKUP(5,A1:A6,B1:B6)"),
    ("lookup one arg", "=LOOKUP(45,A1:A6)"), ("lookup wide", '=LOOKUP("b",{"a","b","c";1,2,3})'),
    ("lookup tall", '=LOOKUP("bump",{"a",1;"b",2;"c",3})'), ("lookup text", '=LOOKUP("delta",B1:B3,A1:A3)'),
    ("rows", "=ROWS(A1:D6)"), ("columns", "=COLUMNS(A1:D6)"), ("rows array", "=ROWS({1;2;3})"),
    ("row here", "=ROW()"), ("row ref", "=ROW(B7)"), ("column here", "=COLUMN()"), ("column ref", "=COLUMN(C3:E3)"),
    ("row sumproduct", "=SUMPRODUCT(ROW(A1:A4))"), ("column sumproduct", "=SUMPRODUCT(COLUMN(A1:D1))"),
    ("address", "=ADDRESS(2,3)"), ("address row abs", "=ADDRESS(2,3,2)"), ("address col abs", "=ADDRESS(2,3,3)"),
    ("address relative", "=ADDRESS(2,3,4)"), ("address r1c1", "=ADDRESS(2,3,1,FALSE)"),
    ("address r1c1 rel", "=ADDRESS(2,3,4,FALSE)"), ("address sheet", '=ADDRESS(2,3,1,TRUE,"Data")'),
    ("address quoted", '=ADDRESS(2,3,1,FALSE,"EXCEL SHEET")'), ("address book", '=ADDRESS(2,3,1,FALSE,"[Book1]Sheet1")'),
    ("address zero row", "=ADDRESS(0,1)"), ("address big col", "=ADDRESS(1,16385)"), ("address frac", "=ADDRESS(2.9,28.2)"),
    ("areas one", "=AREAS(A1:B2)"), ("areas three", "=AREAS((A1:B2,C3,D4:E5))"),
    ("hyperlink", '=HYPERLINK("http://example.com","Example")'), ("hyperlink bare", '=HYPERLINK("http://example.com")'),
    ("formulatext", "=FORMULATEXT(E1)"), ("formulatext none", "=FORMULATEXT(A1)"),
    ("switch", '=SWITCH(2,1,"a",2,"b")'), ("switch default", '=SWITCH(3,1,"a",2,"b","z")'),
    ("switch none", '=SWITCH(3,1,"a",2,"b")'), ("switch text", '=SWITCH("BETA","beta",1,0)'),
    ("switch error pick", '=SWITCH(1,1,"a",2,1/0)'), ("switch error expr", "=SWITCH(1/0,1,2)"),
    ("switch short", "=SWITCH(1,1)"), ("switch range", "=SWITCH(A2,10,1,20,2)"),
    ("xor", "=XOR(TRUE,FALSE)"), ("xor even", "=XOR(TRUE,TRUE)"), ("xor range", "=XOR(C1:C3)"),
    ("xor text range", "=XOR(B1:B2)"), ("xor numbers", "=XOR(1,0,1,1)"), ("xor error", "=XOR(C4:C5)"),
    ("and", "=AND(A1>5,D1>4)"), ("or", "=OR(A1>50,D1>4)"), ("not", "=NOT(A1>5)"),
    ("isref", "=ISREF(A1)"), ("isref value", "=ISREF(1)"), ("isref range", "=ISREF(A1:B2)"),
    ("iseven", "=ISEVEN(2.5)"), ("iseven neg", "=ISEVEN(-1)"), ("isodd", "=ISODD(-3)"), ("isodd 5", "=ISODD(5)"),
    ("iseven text", '=ISEVEN("x")'), ("type text", '=TYPE("a")'), ("type number", "=TYPE(1)"),
    ("type array", "=TYPE({1,2})"), ("type error", "=TYPE(1/0)"), ("type bool", "=TYPE(TRUE)"),
    ("type blank", "=TYPE(C4)"), ("error.type div0", "=ERROR.TYPE(1/0)"), ("error.type na", "=ERROR.TYPE(NA())"),
    ("error.type value", '=ERROR.TYPE("a"+1)'), ("error.type num", "=ERROR.TYPE(SQRT(-1))"),
    ("error.type none", "=ERROR.TYPE(1)"), ("isformula", "=ISFORMULA(E1)"), ("isformula not", "=ISFORMULA(A1)"),
    ("sheet", "=SHEET()"), ("sheets", "=SHEETS()"), ("cell row", '=CELL("row",B7)'), ("cell col", '=CELL("col",B7)'),
    ("cell address", '=CELL("address",B7)'), ("cell type text", '=CELL("type",B1)'), ("cell type blank", '=CELL("type",C4)'),
    ("cell type value", '=CELL("type",A1)'), ("cell contents", '=CELL("contents",B2)'), ("cell bad", '=CELL("bogus",A1)'),
    ("cell range", '=CELL("address",B2:C5)'), ("na", "=NA()"), ("isna", "=ISNA(NA())"), ("iserr", "=ISERR(NA())"),
    ("isblank", "=ISBLANK(C4)"), ("istext", "=ISTEXT(B1)"), ("isnontext", "=ISNONTEXT(C4)"), ("islogical", "=ISLOGICAL(C3)"),
]

# --- Financial ------------------------------------------------------------------------------------------
FIN_DATA = {
    **{f"A{i}": v for i, v in enumerate([-70000, 12000, 15000, 18000, 21000, 26000], start=1)},
    **{f"B{i}": v for i, v in enumerate([-10000, 2750, 4250, 3250, 2750], start=1)},
    **{f"C{i}": v for i, v in enumerate([39448, 39508, 39751, 39859, 39904], start=1)},
    **{f"D{i}": v for i, v in enumerate([0.09, 0.11, 0.1], start=1)},
    "E1": -120000, "E2": 39000, "E3": 30000, "E4": 21000, "E5": 37000, "E6": 46000,
}

D = "DATE({})".format
FIN_CASES = [
    ("pv", "=PV(0.08/12,12*20,500,,0)"), ("pv fv due", "=PV(0.05,10,-100,1000,1)"), ("pv zero rate", "=PV(0,10,-100,50)"),
    ("fv", "=FV(0.06/12,10,-200,-500,1)"), ("fv end", "=FV(0.12/12,12,-1000)"), ("fv zero rate", "=FV(0,12,-100,-1000)"),
    ("pmt", "=PMT(0.08/12,10,10000)"), ("pmt due", "=PMT(0.08/12,10,10000,0,1)"), ("pmt fv", "=PMT(0.06/12,18*12,0,50000)"),
    ("pmt zero rate", "=PMT(0,10,1000)"), ("pmt zero nper", "=PMT(0.1,0,1000)"),
    ("ipmt", "=IPMT(0.1/12,1,3*12,8000)"), ("ipmt last", "=IPMT(0.1,3,3,8000)"), ("ipmt due", "=IPMT(0.1/12,5,36,8000,0,1)"),
    ("ipmt due first", "=IPMT(0.1/12,1,36,8000,0,1)"), ("ipmt bad per", "=IPMT(0.1,4,3,8000)"),
    ("ppmt", "=PPMT(0.1/12,1,2*12,2000)"), ("ppmt last", "=PPMT(0.08,10,10,200000)"), ("ppmt due", "=PPMT(0.08,3,10,200000,0,1)"),
    ("nper", "=NPER(0.12/12,-100,-1000,10000,1)"), ("nper end", "=NPER(0.12/12,-100,-1000,10000)"),
    ("nper short", "=NPER(0.12/12,-100,-1000)"), ("nper zero rate", "=NPER(0,-100,1000)"), ("nper impossible", "=NPER(0.1,100,1000)"),
    ("rate", "=RATE(4*12,-200,8000)"), ("rate fv", "=RATE(10,-1000,0,12000)"), ("rate due", "=RATE(60,-250,11000,0,1)"),
    ("rate annual", "=RATE(4*12,-200,8000)*12"),
    ("npv", "=NPV(0.1,-10000,3000,4200,6800)"), ("npv range", "=NPV(0.08,E2:E6)+E1"), ("npv mixed", "=NPV(0.07,E2:E6,-9000)+E1"),
    ("npv skips text", "=NPV(0.1,B2:C2)"),
    ("irr", "=IRR(A1:A6)"), ("irr short", "=IRR(A1:A5)"), ("irr guess", "=IRR(A1:A3,-0.1)"), ("irr e", "=IRR(E1:E6)"),
    ("irr all positive", "=IRR({1,2,3})"),
    ("xnpv", "=XNPV(0.09,B1:B5,C1:C5)"), ("xirr", "=XIRR(B1:B5,C1:C5)"), ("xirr guess", "=XIRR(B1:B5,C1:C5,0.5)"),
    ("xirr one year", "=XIRR({-100,110},{1,366})"), ("xnpv sizes", "=XNPV(0.09,B1:B5,C1:C4)"),
    ("xnpv early date", "=XNPV(0.09,{-10,5,6},{39448,39400,39500})"),
    ("mirr", "=MIRR(E1:E6,0.1,0.12)"), ("mirr three", "=MIRR(E1:E4,0.1,0.12)"), ("mirr a", "=MIRR(A1:A6,0.1,0.12)"),
    ("mirr no negative", "=MIRR({1,2,3},0.1,0.1)"),
    ("cumipmt", "=CUMIPMT(0.09/12,30*12,125000,13,24,0)"), ("cumipmt first", "=CUMIPMT(0.09/12,30*12,125000,1,1,0)"),
    ("cumipmt due", "=CUMIPMT(0.09/12,30*12,125000,1,12,1)"), ("cumipmt bad", "=CUMIPMT(0.09/12,30*12,125000,13,12,0)"),
    ("cumprinc", "=CUMPRINC(0.09/12,30*12,125000,13,24,0)"), ("cumprinc first", "=CUMPRINC(0.09/12,30*12,125000,1,1,0)"),
    ("cumprinc due", "=CUMPRINC(0.09/12,30*12,125000,1,12,1)"),
    ("effect", "=EFFECT(0.0525,4)"), ("effect frac", "=EFFECT(0.1,12.9)"), ("effect bad", "=EFFECT(0,4)"),
    ("nominal", "=NOMINAL(0.053543,4)"), ("nominal bad", "=NOMINAL(0.05,0)"),
    ("sln", "=SLN(30000,7500,10)"), ("syd", "=SYD(30000,7500,10,1)"), ("syd last", "=SYD(30000,7500,10,10)"),
    ("syd bad", "=SYD(30000,7500,10,11)"),
    ("db 1", "=DB(1000000,100000,6,1,7)"), ("db 2", "=DB(1000000,100000,6,2,7)"), ("db 6", "=DB(1000000,100000,6,6,7)"),
    ("db 7", "=DB(1000000,100000,6,7,7)"), ("db full year", "=DB(1000000,100000,6,3)"), ("db bad", "=DB(1000000,100000,6,8,7)"),
    ("ddb day", "=DDB(2400,300,10*365,1)"), ("ddb month", "=DDB(2400,300,10*12,1,2)"), ("ddb year", "=DDB(2400,300,10,1,2)"),
    ("ddb factor", "=DDB(2400,300,10,2,1.5)"), ("ddb last", "=DDB(2400,300,10,10)"), ("ddb frac", "=DDB(2400,300,10,2.5)"),
    ("vdb day", "=VDB(2400,300,10*365,0,1)"), ("vdb month", "=VDB(2400,300,10*12,0,1)"), ("vdb year", "=VDB(2400,300,10,0,1)"),
    ("vdb months", "=VDB(2400,300,10*12,6,18)"), ("vdb factor", "=VDB(2400,300,10*12,6,18,1.5)"),
    ("vdb frac", "=VDB(2400,300,10,0,0.875,1.5)"), ("vdb no switch", "=VDB(2400,300,10,6,10,2,TRUE)"),
    ("vdb switch", "=VDB(2400,300,10,6,10,2,FALSE)"), ("vdb partial", "=VDB(2400,300,10,1.5,3.7,1.5)"),
    ("vdb wide", "=VDB(2400,300,10,0.5,9.5)"), ("vdb half start", "=VDB(1,0,14,2.5,3.5,1.25)"),
    ("vdb half sl", "=VDB(1,0,14,3.5,4.5,1.25)"), ("vdb half end", "=VDB(1,0,14,13.5,14,1.25)"),
    ("ispmt", "=ISPMT(0.1/12,1,3*12,8000000)"), ("ispmt year", "=ISPMT(0.1,1,3,8000000)"),
    ("dollarde", "=DOLLARDE(1.02,16)"), ("dollarde 32", "=DOLLARDE(1.1,32)"), ("dollarde neg", "=DOLLARDE(-1.1,32)"),
    ("dollarfr", "=DOLLARFR(1.125,16)"), ("dollarfr 32", "=DOLLARFR(1.125,32)"), ("dollarde zero", "=DOLLARDE(1.1,0)"),
    ("fvschedule", "=FVSCHEDULE(1,{0.09,0.11,0.1})"), ("fvschedule range", "=FVSCHEDULE(100,D1:D3)"),
    ("pduration", "=PDURATION(0.025,2000,2200)"), ("pduration months", "=PDURATION(0.025/12,1000,1200)"),
    ("rri", "=RRI(96,10000,11000)"), ("pduration bad", "=PDURATION(0,1,2)"),
    # coupons
    ("coupdaybs", f"=COUPDAYBS({D('2011,1,25')},{D('2011,11,15')},2,1)"),
    ("coupdays", f"=COUPDAYS({D('2011,1,25')},{D('2011,11,15')},2,1)"),
    ("coupdaysnc", f"=COUPDAYSNC({D('2011,1,25')},{D('2011,11,15')},2,1)"),
    ("coupncd", f"=COUPNCD({D('2011,1,25')},{D('2011,11,15')},2,1)"),
    ("coupnum", f"=COUPNUM({D('2007,1,25')},{D('2008,11,15')},2,1)"),
    ("couppcd", f"=COUPPCD({D('2011,1,25')},{D('2011,11,15')},2,1)"),
    ("coupdaybs feb 0", f"=COUPDAYBS({D('2011,2,28')},{D('2016,8,31')},2,0)"),
    ("coupdaysnc feb 0", f"=COUPDAYSNC({D('2011,2,28')},{D('2016,8,31')},2,0)"),
    ("coupdays q 1", f"=COUPDAYS({D('2011,2,28')},{D('2016,8,31')},4,1)"),
    ("coupncd eom", f"=COUPNCD({D('2011,2,28')},{D('2016,8,31')},4,1)"),
    ("couppcd eu", f"=COUPPCD({D('2011,3,31')},{D('2016,8,31')},4,4)"),
    ("coupdaybs eu", f"=COUPDAYBS({D('2011,3,31')},{D('2016,8,31')},4,4)"),
    ("coupdays 3", f"=COUPDAYS({D('2011,1,25')},{D('2011,11,15')},1,3)"),
    ("coupdaysnc 2", f"=COUPDAYSNC({D('2011,1,25')},{D('2011,11,15')},4,2)"),
    ("coupnum annual", f"=COUPNUM({D('2007,1,25')},{D('2015,11,15')},1,0)"),
    ("coup bad freq", f"=COUPNUM({D('2007,1,25')},{D('2008,11,15')},3,0)"),
    ("coup bad order", f"=COUPNUM({D('2008,11,15')},{D('2007,1,25')},2,0)"),
    ("coup bad basis", f"=COUPDAYS({D('2007,1,25')},{D('2008,11,15')},2,5)"),
    # bonds
    ("price", f"=PRICE({D('2008,2,15')},{D('2017,11,15')},0.0575,0.065,100,2,0)"),
    ("price q 1", f"=PRICE({D('2008,2,15')},{D('2017,11,15')},0.0575,0.065,100,4,1)"),
    ("price annual 2", f"=PRICE({D('2020,3,1')},{D('2030,3,1')},0.04,0.05,155,1,2)"),
    ("price semi 3", f"=PRICE({D('2020,3,1')},{D('2030,3,1')},0.06,0.07,23,2,3)"),
    ("price last period", f"=PRICE({D('2008,2,15')},{D('2008,5,15')},0.0575,0.065,100,2,0)"),
    ("yield", f"=YIELD({D('2008,2,15')},{D('2016,11,15')},0.0575,95.04287,100,2,0)"),
    ("yield annual 2", f"=YIELD({D('2020,3,1')},{D('2030,3,1')},0.04,126.04349401555694,155,1,2)"),
    ("yield last period", f"=YIELD({D('2008,2,15')},{D('2008,5,15')},0.0575,99.8,100,2,0)"),
    ("duration", f"=DURATION({D('2018,7,1')},{D('2048,1,1')},0.08,0.09,2,1)"),
    ("duration q 0", f"=DURATION({D('2008,2,15')},{D('2017,11,15')},0.0575,0.065,4,0)"),
    ("mduration", f"=MDURATION({D('2008,1,1')},{D('2016,1,1')},0.08,0.09,2,1)"),
    ("accrint", f"=ACCRINT({D('2008,3,1')},{D('2008,8,31')},{D('2008,5,1')},0.1,1000,2,0)"),
    ("accrint later", f"=ACCRINT({D('2007,3,1')},{D('2008,8,31')},{D('2008,5,1')},0.1,1000,2,0)"),
    ("accrint later false", f"=ACCRINT({D('2007,3,1')},{D('2008,8,31')},{D('2008,5,1')},0.1,1000,2,0,FALSE)"),
    ("accrint 1", f"=ACCRINT({D('2017,1,1')},{D('2017,12,1')},{D('2017,4,1')},0.33,3000,4,1)"),
    ("accrint method false", f"=ACCRINT({D('2008,3,5')},{D('2008,8,31')},{D('2008,5,1')},0.1,1000,2,0,FALSE)"),
    ("accrintm", f"=ACCRINTM({D('2008,4,1')},{D('2008,6,15')},0.1,1000,3)"),
    ("accrintm 0", f"=ACCRINTM({D('2008,4,1')},{D('2008,6,15')},0.1,1000)"),
    ("pricedisc", f"=PRICEDISC({D('2008,2,16')},{D('2008,3,1')},0.0525,100,2)"),
    ("pricedisc 1", f"=PRICEDISC({D('2008,2,16')},{D('2008,3,1')},0.0525,100,1)"),
    ("yielddisc", f"=YIELDDISC({D('2008,2,16')},{D('2008,3,1')},99.795,100,2)"),
    ("disc", f"=DISC({D('2018,1,7')},{D('2048,1,1')},97.975,100,1)"),
    ("disc 0", f"=DISC({D('2008,1,31')},{D('2008,3,31')},97.975,100,0)"),
    ("intrate", f"=INTRATE({D('2008,2,15')},{D('2008,5,15')},1000000,1014420,2)"),
    ("intrate 1", f"=INTRATE({D('2008,2,15')},{D('2008,5,15')},1000000,1014420,1)"),
    ("received", f"=RECEIVED({D('2008,2,15')},{D('2008,5,15')},1000000,0.0575,2)"),
    ("pricemat", f"=PRICEMAT({D('2008,2,15')},{D('2008,4,13')},{D('2007,11,11')},0.061,0.061,0)"),
    ("yieldmat", f"=YIELDMAT({D('2008,3,15')},{D('2008,11,3')},{D('2007,11,8')},0.0625,100.0123,0)"),
    ("yieldmat 1", f"=YIELDMAT({D('2008,3,15')},{D('2008,11,3')},{D('2007,11,8')},0.0625,100.0123,1)"),
    ("tbilleq", f"=TBILLEQ({D('2008,3,31')},{D('2008,6,1')},0.0914)"),
    ("tbilleq long", "=TBILLEQ(2040,2400,0.8)"),
    ("tbilleq year", "=TBILLEQ(14640,14640+365,0.5)"),
    ("tbillprice", f"=TBILLPRICE({D('2008,3,31')},{D('2008,6,1')},0.09)"),
    ("tbillyield", f"=TBILLYIELD({D('2008,3,31')},{D('2008,6,1')},98.45)"),
    ("tbill too long", f"=TBILLPRICE({D('2008,3,31')},{D('2009,6,1')},0.09)"),
    ("oddlprice", f"=ODDLPRICE({D('2008,2,7')},{D('2008,6,15')},{D('2007,10,15')},0.0375,0.0405,100,2,0)"),
    ("oddlyield", f"=ODDLYIELD({D('2008,4,20')},{D('2008,6,15')},{D('2007,12,24')},0.0375,99.875,100,2,0)"),
    ("amordegrc", f"=AMORDEGRC(2400,{D('2008,8,19')},{D('2008,12,31')},300,1,0.15,1)"),
    ("amordegrc 3", f"=AMORDEGRC(2400,{D('2008,8,19')},{D('2008,12,31')},300,3,0.15,1)"),
    ("amorlinc", f"=AMORLINC(2400,{D('2008,8,19')},{D('2008,12,31')},300,1,0.15,1)"),
    ("amorlinc end", f"=AMORLINC(2400,{D('2008,8,19')},{D('2008,12,31')},300,7,0.15,1)"),
    # actual/actual year fractions (basis 1) through the discount securities
    ("disc 1 same leap year", f"=DISC({D('2008,3,15')},{D('2008,11,3')},97,100,1)"),
    ("disc 1 across feb29", f"=DISC({D('2007,11,8')},{D('2008,3,15')},97,100,1)"),
    ("disc 1 no feb29", f"=DISC({D('2008,3,15')},{D('2009,2,10')},97,100,1)"),
    ("disc 1 years", f"=DISC({D('2006,5,1')},{D('2010,2,28')},80,100,1)"),
    ("disc 1 eoy", f"=DISC({D('2007,12,31')},{D('2008,12,31')},95,100,1)"),
    ("disc 0 feb", f"=DISC({D('2008,2,29')},{D('2009,2,28')},95,100,0)"),
    ("disc 0 31", f"=DISC({D('2008,1,31')},{D('2008,5,31')},95,100,0)"),
    ("disc 4 31", f"=DISC({D('2008,1,31')},{D('2008,5,31')},95,100,4)"),
    ("yielddisc 1", f"=YIELDDISC({D('2011,1,25')},{D('2012,7,4')},97,100,1)"),
    ("yieldmat 3", f"=YIELDMAT({D('2008,3,15')},{D('2008,11,3')},{D('2007,11,8')},0.0625,100.0123,3)"),
    ("pricemat 1", f"=PRICEMAT({D('2008,2,15')},{D('2009,4,13')},{D('2007,11,11')},0.061,0.061,1)"),
]

# --- Database -------------------------------------------------------------------------------------
DB_DATA = {
    # the criteria block A1:F3 and the database A5:E11 of Microsoft's D-function example
    "A1": "Tree", "B1": "Height", "C1": "Age", "D1": "Yield", "E1": "Profit", "F1": "Height",
    "A2": '="=Apple"', "B2": ">10", "F2": "<16", "A3": '="=Pear"',
    "A5": "Tree", "B5": "Height", "C5": "Age", "D5": "Yield", "E5": "Profit",
    **{f"{c}{r}": v for r, row in enumerate([
        ("Apple", 18, 20, 14, 105), ("Pear", 12, 12, 10, 96), ("Cherry", 13, 14, 9, 105),
        ("Apple", 14, 15, 10, 75), ("Pear", 9, 8, 8, 76.8), ("Apple", 8, 9, 6, 45)], start=6)
       for c, v in zip("ABCDE", row, strict=True)},
    "A13": "Tree", "A14": "Cherry", "B13": "Profit", "B14": ">=100",
    "C13": "Age", "C14": "<>14",
}

DB_CASES = [
    ("dcount", '=DCOUNT(A5:E11,"Age",A1:F2)'), ("dcounta", '=DCOUNTA(A5:E11,"Profit",A1:F2)'),
    ("dmax", '=DMAX(A5:E11,"Profit",A1:A3)'), ("dmin", '=DMIN(A5:E11,"Profit",A1:B2)'),
    ("dsum", '=DSUM(A5:E11,"Profit",A1:A2)'), ("dsum all", '=DSUM(A5:E11,"Profit",A1:F2)'),
    ("dproduct", '=DPRODUCT(A5:E11,"Yield",A1:F2)'), ("daverage", '=DAVERAGE(A5:E11,"Yield",A1:B2)'),
    ("daverage by number", "=DAVERAGE(A5:E11,3,A5:E11)"), ("dstdev", '=DSTDEV(A5:E11,"Yield",A1:A3)'),
    ("dstdevp", '=DSTDEVP(A5:E11,"Yield",A1:A3)'), ("dvar", '=DVAR(A5:E11,"Yield",A1:A3)'),
    ("dvarp", '=DVARP(A5:E11,"Yield",A1:A3)'), ("dget many", '=DGET(A5:E11,"Yield",A1:A3)'),
    ("dget one", '=DGET(A5:E11,"Yield",A1:F2)'), ("dcount no field", "=DCOUNT(A5:E11,,A1:F2)"),
    ("dsum bad field", '=DSUM(A5:E11,"Nope",A1:A2)'), ("dsum field beyond", "=DSUM(A5:E11,9,A1:A2)"),
    ("dsum field case", '=DSUM(A5:E11,"profit",A1:A2)'), ("dsum or", '=DSUM(A5:E11,"Profit",A13:A14)'),
    ("dsum and", '=DSUM(A5:E11,"Yield",A13:B14)'), ("dcount ne", '=DCOUNT(A5:E11,"Age",C13:C14)'),
    ("dmax none", '=DMAX(A5:E11,"Profit",C13:C14)'), ("daverage none", '=DAVERAGE(A5:E11,"Yield",B1:B2)'),
    ("dget none", '=DGET(A5:E11,"Yield",A13:A14)'), ("dcounta text", '=DCOUNTA(A5:E11,"Tree",A1:A3)'),
    ("dmin all", '=DMIN(A5:E11,"Height",A5:A11)'), ("dstdev one", '=DSTDEV(A5:E11,"Yield",A13:A14)'),
]

CORPUS = {
    "fn_lookup": lambda: _book("Lookup", LOOKUP_DATA, LOOKUP_CASES),
    "fn_fin": lambda: _book("Fin", FIN_DATA, FIN_CASES),
    "fn_db": lambda: _book("DB", DB_DATA, DB_CASES),
}

_MS = "support.microsoft.com, "
_BOOL = "LibreOffice has no logical type (TRUE is 1)"
_NA = {"error": "#N/A"}
_NUM = {"error": "#NUM!"}
_REF = {"error": "#REF!"}
_VALUE = {"error": "#VALUE!"}


_SAVED = "the value Excel saved in IronCalc's test book (MIT, xlsx/tests/calc_tests/FINANCIAL/) "
_XLC_VDB = ("the value Excel saved in xlcalculator's tests/resources/VDB.xlsx (MIT): from a fractional "
            "start Excel counts whole years from that start (LibreOffice splits the calendar periods) ")
_VDB_FRACTION = ("a fractional start: Excel counts whole years from that start (its saved values, cases "
                 "'vdb half ...'), LibreOffice splits the calendar periods; no value saved by Excel for these inputs")


def _doc(function: str, rule: str) -> str:
    return f"{_MS}'{function} function': {rule}"


#: {(book, case label): (Excel's value, why)} — Excel's documented value where LibreOffice differs.
EXCEL_VALUES: dict[tuple[str, str], tuple[object, str]] = {
    ("fn_lookup", "match bool"): (3.0, f"{_MS}'MATCH function': a logical value matches a logical value (C3 is TRUE); {_BOOL}, so 1 matches it"),
    ("fn_lookup", "match 2d"): (_NA, _doc("MATCH", "lookup_array must be one row or one column (else #N/A); LibreOffice: #VALUE!")),
    ("fn_lookup", "vlookup col beyond"): (_REF, _doc("VLOOKUP", "col_index_num greater than the columns of table_array: #REF!; LibreOffice: #VALUE!")),
    ("fn_lookup", "hlookup beyond"): (_REF, _doc("HLOOKUP", "row_index_num greater than the rows of table_array: #REF!; LibreOffice: #VALUE!")),
    ("fn_lookup", "index beyond"): (_REF, _doc("INDEX", "row_num outside the array: #REF!; LibreOffice: #VALUE!")),
    ("fn_lookup", "type bool"): (4.0, _doc("TYPE", "a logical value is 4; " + _BOOL)),
    ("fn_db", "dget many"): (_NUM, _doc("DGET", "more than one record matches: #NUM!; LibreOffice: #VALUE!")),
    ("fn_lookup", "error.type num"): (6.0, _doc("ERROR.TYPE", "#NUM! is 6") + "; " + _doc("SQRT", "a negative number: #NUM!") + "; LibreOffice's SQRT(-1) is its invalid-argument error, which ERROR.TYPE does not number"),
    ("fn_fin", "xnpv sizes"): (_NUM, _doc("XNPV", "values and dates with a different number of values: #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "xnpv early date"): (_NUM, _doc("XNPV", "a date before the starting date: #NUM!") + "; LibreOffice computes it"),
    ("fn_fin", "mirr no negative"): ({"error": "#DIV/0!"}, _doc("MIRR", "values without a positive and a negative value: #DIV/0!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "cumipmt bad"): (_NUM, _doc("CUMIPMT", "start_period > end_period: #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "effect bad"): (_NUM, _doc("EFFECT", "nominal_rate <= 0: #NUM!") + "; LibreOffice gives 0"),
    ("fn_fin", "nominal bad"): (_NUM, _doc("NOMINAL", "npery < 1: #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "dollarde zero"): ({"error": "#DIV/0!"}, _doc("DOLLARDE", "fraction 0: #DIV/0!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "pduration bad"): (_NUM, _doc("PDURATION", "arguments not valid (rate <= 0): #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "coup bad freq"): (_NUM, _doc("COUPNUM", "frequency other than 1, 2 or 4: #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "coup bad order"): (_NUM, _doc("COUPNUM", "settlement >= maturity: #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "coup bad basis"): (_NUM, _doc("COUPDAYS", "basis < 0 or > 4: #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_fin", "tbill too long"): (_NUM, _doc("TBILLPRICE", "maturity more than one year after settlement: #NUM!") + "; LibreOffice computes it"),
    ("fn_fin", "irr all positive"): (_NUM, _doc("IRR", "no result after 20 tries: #NUM! (all flows positive: no rate)") + "; LibreOffice: #N/A"),
    ("fn_fin", "accrint method false"): (15.555555555555555, _doc("ACCRINT", "example: calc_method FALSE, issue 5 March 2008, settlement 1 May 2008: 15.55555556") + "; LibreOffice 7.4 takes no calc_method (#VALUE!)"),
    ("fn_fin", "yield last period"): (0.06469934559822212, _doc("YIELD", "one coupon period or less until redemption: ((redemption/100 + rate/frequency) - (pr/100 + A/E*rate/frequency)) / (pr/100 + A/E*rate/frequency) * frequency*E/DSR = (1.02875 - 1.012375) / 1.012375 * 4") + "; LibreOffice iterates PRICE instead (0.06522)"),
    ("fn_fin", "tbilleq long"): (2.5066048253748145, _SAVED + "TBILLs.xlsx D4; more than 182 days: the yield of a one-coupon bond, not the page's 365 x rate / (360 - rate x DSM)"),
    ("fn_fin", "tbilleq year"): (0.8482759796652481, _SAVED + "TBILLs.xlsx D5"),
    ("fn_fin", "price annual 2"): (126.04349401555694, _SAVED + "PRICE_YIELD.xlsx H4: the time to the next coupon is E - A (360/frequency in basis 2); LibreOffice counts the actual days (125.958)"),
    ("fn_fin", "price semi 3"): (54.196225247785335, _SAVED + "PRICE_YIELD.xlsx H11 (basis 3); LibreOffice: 54.181"),
    ("fn_fin", "yield annual 2"): (0.04999999999976775, _SAVED + "PRICE_YIELD.xlsx I4: the yield giving H4's price back; within 1e-9 of 0.05"),
    ("fn_fin", "accrint later"): (116.94444444444446, _SAVED + "ACCRINT.xlsx B4: Excel sums the quasi-coupon periods of its formula; LibreOffice takes a plain year fraction (116.667)"),
    ("fn_fin", "accrint later false"): (66.94444444444446, _SAVED + "ACCRINT.xlsx B5; LibreOffice 7.4 takes no calc_method"),
    ("fn_fin", "accrint 1"): (241.12362637362637, _SAVED + "ACCRINT.xlsx B32 (actual/actual); LibreOffice: 245.6"),
    ("fn_fin", "vdb half start"): (0.07074765193864536, _XLC_VDB + "D26; LibreOffice: 0.07136"),
    ("fn_fin", "vdb half sl"): (0.06872629045468406, _XLC_VDB + "D27; LibreOffice: 0.06867"),
    ("fn_fin", "vdb half end"): (0.03436314522734203, _XLC_VDB + "F23; LibreOffice: 0.03433"),
}

#: {(book, case label): why} — left out of the comparison.
_DURATION = ("LibreOffice counts DURATION's periods with YEARFRAC (10.92157 for Microsoft's example, "
             "whose documented value is 10.9191453); the engine discounts each flow at its coupon "
             "period, which gives the documented examples (tests/test_fn_financial.py)")
_XIRR = ("Excel's XIRR is the last midpoint of a bracket around the rate halved 26 times (within 1e-8, "
         "its saved values: tests/test_fn_fix3_xirr.py), LibreOffice's the exact root: they differ beyond "
         "1e-9; no value saved by Excel for these inputs")
LEFT_OUT: dict[tuple[str, str], str] = {
    ("fn_fin", "price last period"): "one coupon left: the engine discounts with simple interest "
                                     "(ExcelFinancialFunctions' reading, consistent with YIELD's documented "
                                     "closed form); LibreOffice compounds; no value saved by Excel to settle it",
    ("fn_fin", "pricemat 1"): "actual/actual: the engine takes the year of the issue-to-settlement span for "
                              "all three fractions (ExcelFinancialFunctions' reading); LibreOffice a YEARFRAC "
                              "each; no value saved by Excel to settle it",
    ("fn_fin", "duration"): _DURATION,
    ("fn_fin", "duration q 0"): _DURATION,
    ("fn_fin", "mduration"): _DURATION + "; MDURATION is DURATION / (1 + yld/frequency)",
    ("fn_db", "dstdev one"): "DSTDEV of one record: #DIV/0! in the engine (as STDEV of one value), LibreOffice #NUM!; not documented",
    ("fn_fin", "ipmt bad per"): "per outside 1..nper: #NUM! in the engine, LibreOffice #VALUE! (its invalid-argument error); not documented",
    ("fn_fin", "syd bad"): "per > life: #NUM! in the engine, LibreOffice 0; not documented",
    ("fn_fin", "vdb partial"): _VDB_FRACTION,
    ("fn_fin", "vdb wide"): _VDB_FRACTION,
    ("fn_fin", "db bad"): "period beyond life (+1 with month < 12): #NUM! in the engine, LibreOffice #VALUE!; not documented",
    ("fn_fin", "xirr"): _XIRR,
    ("fn_fin", "xirr guess"): _XIRR,
    ("fn_fin", "xirr one year"): _XIRR,
}


def apply_lists(name: str, record: dict, wb: openpyxl.Workbook) -> dict:
    """Put Excel's values and the left-out cases into a golden record."""
    return MG.apply_lists(name, record, MG._labels(wb, record["formulas"]), EXCEL_VALUES, LEFT_OUT)


def main(argv: list[str] | None = None) -> int:
    return MG.corpus_main("make_golden_fn_lookup", __doc__, CORPUS, "socroi-golden-fnl-", apply_lists, argv)


if __name__ == "__main__":
    raise SystemExit(main())
