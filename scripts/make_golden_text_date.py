"""Golden workbooks for the Text and Date & Time functions, recalculated by LibreOffice (the
independent engine), compared with ours cell by cell by ``tests/test_faithful.py``.

Each workbook has a data block (columns A:C) and one case per row: a label in column E, its
formula in F; array formulas sit in column H onwards. The recalculation and the golden JSON
are ``scripts/make_golden.py``'s; this script adds two lists:

* :data:`EXCEL_VALUES`: cases where Excel's documented behaviour (or a value Excel saved,
  ``tests/data/excel_saved``) differs from LibreOffice 7.4; the JSON holds Excel's
  (``excel_overrides`` says why, ``libreoffice`` keeps LibreOffice's);
* :data:`LEFT_OUT`: cases no source here settles; they stay in the workbook but out of the
  comparison, with the reason in ``excluded``.

Usage::

    .venv/bin/python scripts/make_golden_text_date.py            # fn_text, fn_date
    .venv/bin/python scripts/make_golden_text_date.py --only fn_date
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

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


#: Functions Excel stores with the ``_xlfn.`` prefix (added in Excel 2010 and later).
MODERN = {"ENCODEURL", "CONCAT", "TEXTJOIN", "TEXTBEFORE", "TEXTAFTER", "TEXTSPLIT", "VALUETOTEXT", "ARRAYTOTEXT",
          "NUMBERVALUE", "UNICHAR", "UNICODE", "DAYS", "ISOWEEKNUM"}
#: Modern names LibreOffice 7.4 reads only without the prefix; the engine reads both.
BARE = {"NETWORKDAYS.INTL", "WORKDAY.INTL"}


def stored(formula: str) -> str:
    """A formula as Excel stores it: modern function names carry ``_xlfn.``."""
    return MG.stored(formula, MODERN, BARE)


TEXT_DATA = [
    ("Miriam McGovern", 1234.567, "  Social   media  ROI "),
    ("Statements", -1234.567, None),
    ("Profit Margin", 0.285, True),
    ("margin", 45000.75, "12"),
    ("banana", 0, "abc"),
    ("Ceramic Insulators #124-TD45-87", 1e-5, "3/15/2024"),
    ("Little Red Riding Hood's red hood", 123456789012, "6:45 PM"),
    ("a,b,c;d,e", 1 / 3, "1,200.50"),
    ("ünïcode", -0.5, False),
    ("x", 40982, "12%"),
]

TEXT_CASES = [
    ("find", '=FIND("M",A1)'), ("find m", '=FIND("m",A1)'), ("find start", '=FIND("M",A1,3)'),
    ("find missing", '=FIND("z",A1)'), ("find start 0", '=FIND("M",A1,0)'), ("find start past", '=FIND("a",A5,7)'),
    ("find number", '=FIND(2,B1)'), ("find case", '=FIND("S",A2)'),
    ("search", '=SEARCH("e",A2,6)'), ("search ref", "=SEARCH(A4,A3)"), ("search ?", '=SEARCH("n?n",A5)'),
    ("search *", '=SEARCH("b*n",A5)'), ("search ~", '=SEARCH("~*","Ho*la")'), ("search missing", '=SEARCH("q",A5)'),
    ("mid find", '=MID(A6,1,FIND(" #",A6,1)-1)'), ("replace search", '=REPLACE(A3,SEARCH(A4,A3),6,"Amount")'),
    ("substitute", '=SUBSTITUTE(A5,"a","o")'), ("substitute nth", '=SUBSTITUTE(A5,"a","o",2)'),
    ("substitute none", '=SUBSTITUTE(A5,"x","o")'), ("substitute 0", '=SUBSTITUTE(A5,"a","o",0)'),
    ("substitute number", "=SUBSTITUTE(B1,4,9)"),
    ("replace", '=REPLACE("abcdefghijk",6,5,"*")'), ("replace 2", '=REPLACE("2009",3,2,"10")'),
    ("replace past", '=REPLACE("abc",10,1,"x")'), ("replace bad", '=REPLACE("abc",0,1,"x")'),
    ("rept", '=REPT("*-",3)'), ("rept 0", '=REPT("ab",0)'), ("rept neg", '=REPT("ab",-1)'), ("rept frac", '=REPT("ab",2.7)'),
    ("rept too long", '=REPT("ab",20000)'),
    ("char", "=CHAR(65)"), ("char 128", "=CHAR(128)"), ("char 0", "=CHAR(0)"), ("char 256", "=CHAR(256)"),
    ("code", '=CODE("A")'), ("code empty", '=CODE("")'), ("code number", "=CODE(B1)"),
    ("unichar", "=UNICHAR(8364)"), ("unichar 0", "=UNICHAR(0)"), ("unicode", '=UNICODE("€")'),
    ("unicode empty", '=UNICODE("")'),
    ("clean", '=CLEAN(CHAR(9)&"Monthly"&CHAR(10))'), ("trim", "=TRIM(C1)"), ("trim number", "=TRIM(B1)"),
    ("proper", '=PROPER("this is a TITLE")'), ("proper 2", '=PROPER("2-way street")'),
    ("proper 3", '=PROPER("76BudGet")'), ("upper", "=UPPER(A9)"), ("lower", "=LOWER(A1)"),
    ("exact", '=EXACT("word","word")'), ("exact case", '=EXACT("Word","word")'), ("exact number", '=EXACT(B1,"1234.567")'),
    ("left", "=LEFT(A1,6)"), ("right", "=RIGHT(A1,8)"), ("mid", "=MID(A1,8,3)"), ("len", "=LEN(A1)"),
    ("len number", "=LEN(B7)"), ("len bool", "=LEN(C3)"), ("len blank", "=LEN(C2)"), ("left neg", "=LEFT(A1,-1)"),
    ("t text", "=T(A1)"), ("t number", "=T(B1)"), ("t bool", "=T(C3)"), ("t error", "=T(1/0)"),
    ("n number", "=N(B1)"), ("n text", "=N(A1)"), ("n true", "=N(C3)"), ("n numeric text", "=N(C4)"),
    ("n error", "=N(1/0)"),
    ("value", "=VALUE(C4)"), ("value money", '=VALUE("$1,000")'), ("value pct", "=VALUE(C10)"),
    ("value date", "=VALUE(C6)"), ("value time", "=VALUE(C7)"), ("value commas", "=VALUE(C8)"),
    ("value bad", "=VALUE(A1)"), ("value empty", '=VALUE("")'), ("value blank", "=VALUE(C2)"),
    ("value paren", '=VALUE("(40)")'), ("value exp", '=VALUE("1e3")'), ("value 25h", '=VALUE("25:00")'),
    ("numbervalue", '=NUMBERVALUE("2.500,27",",",".")'), ("numbervalue pct", '=NUMBERVALUE("3.5%")'),
    ("numbervalue spaces", '=NUMBERVALUE(" 3 000 ")'), ("numbervalue empty", '=NUMBERVALUE("")'),
    ("numbervalue twice", '=NUMBERVALUE("1.2.3")'),
    ("text money", '=TEXT(B1,"$#,##0.00")'), ("text neg money", '=TEXT(B2,"$#,##0.00")'),
    ("text pct", '=TEXT(B3,"0.0%")'), ("text dddd", '=TEXT(B4,"dddd")'), ("text time", '=TEXT(B4,"h:mm AM/PM")'),
    ("text date", '=TEXT(B4,"yyyy-mm-dd hh:mm")'), ("text mmm", '=TEXT(B10,"mmmm d, yyyy")'),
    ("text sections neg", '=TEXT(B2,"#,##0.00;(#,##0.00);""zero""")'), ("text sections zero", '=TEXT(B5,"0;-0;""zero""")'),
    ("text hide", '=TEXT(B1,";;;")'), ("text text section", '=TEXT(C5,";;;""hi""")'), ("text text kept", '=TEXT(C5,"0.00")'),
    ("text sci", '=TEXT(B1,"0.00E+00")'), ("text small sci", '=TEXT(B6,"0.00E+00")'), ("text eng", '=TEXT(B1,"##0.0E+0")'),
    ("text fraction", '=TEXT(4.34,"# ?/?")'), ("text fraction 2", '=TEXT(B8,"# ??/??")'), ("text fixed den", '=TEXT(1.75,"# ?/4")'),
    ("text phone", '=TEXT(1234567898,"[<=9999999]###-####;(###) ###-####")'), ("text zeros", '=TEXT(1234,"0000000")'),
    ("text thousands scale", '=TEXT(12200000,"0.0,,")'), ("text thousands", '=TEXT(B7,"#,##0")'),
    ("text dms", "=TEXT(123456,\"##0° 00' 00''\")"), ("text literal", '=TEXT(B1,"""Total: ""0.0")'),
    ("text escape", '=TEXT(5,"0\\ \\k\\m")'), ("text numeric text", '=TEXT(C4,"0.00")'), ("text date text", '=TEXT(C6,"dd mmm yyyy")'),
    ("text elapsed", '=TEXT(1.5,"[h]:mm")'), ("text elapsed m", '=TEXT(0.04375,"[mm]:ss")'), ("text subsec", '=TEXT(0.5+1.25/86400,"hh:mm:ss.00")'),
    ("text question", '=TEXT(2.8,"???.???")'), ("text hash dot", '=TEXT(1234.59,"####.#")'), ("text 0.#", '=TEXT(0.631,"0.#")'),
    ("text 1904 day 0", '=TEXT(0,"yyyy-mm-dd")'), ("text 29 feb 1900", '=TEXT(60,"yyyy-mm-dd")'),
    ("text neg date", '=TEXT(-1,"yyyy-mm-dd")'), ("text general", '=TEXT(B9,"General")'), ("text at", '=TEXT(A5,"@")'),
    ("text bad", '=TEXT(1,"[Red")'), ("text blank", '=TEXT(C2,"0.00")'), ("text error", '=TEXT(1/0,"0")'),
    ("text accounting", '=TEXT(B1,"_(* #,##0_);_(* (#,##0);_(* ""-""??_);_(@_)")'),
    ("text accounting neg", '=TEXT(B2,"_(* #,##0_);_(* (#,##0);_(* ""-""??_);_(@_)")'),
    ("text accounting zero", '=TEXT(B5,"_(* #,##0_);_(* (#,##0);_(* ""-""??_);_(@_)")'),
    ("text accounting text", '=TEXT(A5,"_(* #,##0_);_(* (#,##0);_(* ""-""??_);_(@_)")'),
    ("text k m", '=TEXT(B7,"[>=1000000]0.0,,""M"";[>=1000]0.0,""K"";0")'),
    ("text k", '=TEXT(B1,"[>=1000000]0.0,,""M"";[>=1000]0.0,""K"";0")'),
    ("text currency tag", '=TEXT(B1,"[$€-407] #,##0.00")'), ("text red neg", '=TEXT(B2,"#,##0.00;[Red]-#,##0.00")'),
    ("text mm ss", '=TEXT(B4,"mm:ss")'), ("text upper codes", '=TEXT(B4,"DD/MM/YYYY HH:MM")'),
    ("encodeurl", '=ENCODEURL("a b/c?d=é&x")'),
    ("fixed", "=FIXED(B1,1)"), ("fixed neg dec", "=FIXED(B1,-1)"), ("fixed no commas", "=FIXED(B2,-1,TRUE)"),
    ("fixed default", "=FIXED(44.332)"), ("fixed neg", "=FIXED(B2)"),
    ("dollar", "=DOLLAR(B1,2)"), ("dollar neg", "=DOLLAR(B2,-2)"), ("dollar 4", "=DOLLAR(-0.123,4)"), ("dollar default", "=DOLLAR(99.888)"),
    ("concat", '=CONCAT(A5,"-",B5,"-",C3)'), ("concat range", "=CONCAT(A1:A2)"), ("concatenate", '=CONCATENATE(A5," ",A10)'),
    ("textjoin", '=TEXTJOIN(", ",TRUE,C1:C4)'), ("textjoin keep", '=TEXTJOIN("|",FALSE,C1:C4)'),
    ("textjoin error", '=TEXTJOIN(",",TRUE,A1,1/0)'),
    ("textbefore", '=TEXTBEFORE(A7,"Red")'), ("textafter", '=TEXTAFTER(A7,"Red")'), ("textafter missing", '=TEXTAFTER(A7,"basket")'),
    ("textafter nth", '=TEXTAFTER(A7,"red",1)'), ("textafter from end", '=TEXTAFTER(A7,"e",-2)'),
    ("textafter ci", '=TEXTAFTER(A7,"RED",2,1)'), ("textbefore fallback", '=TEXTBEFORE(A7,"x",,,,"none")'),
    ("textbefore end", '=TEXTBEFORE("abc","x",1,0,1)'), ("textafter zero", '=TEXTAFTER(A7,"Red",0)'),
    ("valuetotext", "=VALUETOTEXT(A1)"), ("valuetotext strict", "=VALUETOTEXT(A1,1)"), ("valuetotext number", "=VALUETOTEXT(B9)"),
    ("valuetotext bool", "=VALUETOTEXT(C3)"),
    ("arraytotext", "=ARRAYTOTEXT(B1:C3)"), ("arraytotext strict", "=ARRAYTOTEXT(B1:C3,1)"),
    ("asc", '=ASC("ＥＸＣＥＬ")'), ("baht", "=BAHTTEXT(1234)"), ("baht satang", "=BAHTTEXT(21.5)"), ("baht 101", "=BAHTTEXT(101)"),
    ("leftb", "=LEFTB(A1,4)"), ("lenb", "=LENB(A1)"), ("midb", "=MIDB(A1,2,3)"), ("rightb", "=RIGHTB(A1,3)"),
    ("findb", '=FINDB("M",A1,2)'), ("searchb", '=SEARCHB("g",A1)'), ("replaceb", '=REPLACEB(A5,1,1,"B")'),
]
TEXT_ARRAYS = [
    ("textsplit", "2x3", '=TEXTSPLIT("1,2,3;4,5,6",",",";")'),
    ("textsplit ragged", "2x3", "=TEXTSPLIT(A8,\",\",\";\")"),
    ("left lifted", "3x1", "=LEFT(A3:A5,3)"),
    ("len lifted", "3x1", "=LEN(C1:C3)"),
    ("text lifted", "3x1", '=TEXT(B1:B3,"0.00")'),
]

DATE_DATA = [
    (dt.date(2024, 1, 1), 2011, "2024-03-15"),
    (dt.date(2024, 2, 29), 1, "15-Mar-2024"),
    (dt.date(2023, 12, 31), 1, "3/15/2024 6:00 PM"),
    (dt.datetime(2024, 7, 4, 18, 30, 15), 45000.75, "soon"),
    (dt.date(2025, 1, 5), 0.999, None),
    (dt.date(2012, 1, 1), 1000, True),
    (dt.date(2012, 7, 30), -1, "6:45 PM"),
    (dt.date(2008, 2, 14), 2.5, "Jan 30, 2008"),
    (dt.date(2012, 11, 22), 12, "2011/02/23"),
    (dt.date(2013, 1, 21), 0, "22-Aug-2011 6:35 AM"),
]

DATE_CASES = [
    ("date", "=DATE(2011,1,1)"), ("date overflow month", "=DATE(2008,14,2)"), ("date neg month", "=DATE(2008,-3,2)"),
    ("date overflow day", "=DATE(2008,1,35)"), ("date neg day", "=DATE(2008,1,-15)"), ("date 108", "=DATE(108,1,2)"),
    ("date 10000", "=DATE(10000,1,1)"), ("date frac", "=DATE(2024,2.9,1.9)"), ("date text", '=DATE("2024","3","1")'),
    ("date bool", "=DATE(2024,TRUE,1)"), ("date error", "=DATE(1/0,1,1)"),
    ("year", "=YEAR(A2)"), ("month", "=MONTH(A2)"), ("day", "=DAY(A2)"), ("year text", "=YEAR(C1)"),
    ("month text", "=MONTH(C2)"), ("day text", "=DAY(C3)"), ("year bad", "=YEAR(C4)"), ("year blank", "=YEAR(C5)"),
    ("year serial", "=YEAR(B4)"), ("day datetime", "=DAY(A4)"), ("year neg", "=YEAR(B7)"), ("year big", "=YEAR(2958466)"),
    ("datevalue", '=DATEVALUE("8/22/2011")'), ("datevalue mon", '=DATEVALUE("22-MAY-2011")'),
    ("datevalue ref", "=DATEVALUE(C8)"), ("datevalue iso", "=DATEVALUE(C1)"), ("datevalue time", "=DATEVALUE(C10)"),
    ("datevalue bad", "=DATEVALUE(C4)"), ("datevalue number", "=DATEVALUE(B4)"),
    ("time", "=TIME(12,0,0)"), ("time 2", "=TIME(16,48,10)"), ("time wrap", "=TIME(23,59,60)"),
    ("time neg", "=TIME(0,0,-1)"), ("time mixed", "=TIME(0,-1,120)"), ("time big minutes", "=TIME(0,750,0)"),
    ("timevalue", '=TIMEVALUE("2:24 AM")'), ("timevalue ref", "=TIMEVALUE(C7)"), ("timevalue datetime", "=TIMEVALUE(C10)"),
    ("timevalue 24", '=TIMEVALUE("24:00")'), ("timevalue 25", '=TIMEVALUE("25:00")'), ("timevalue bad", "=TIMEVALUE(C4)"),
    ("hour", "=HOUR(B4)"), ("minute", "=MINUTE(A4)"), ("second", "=SECOND(A4)"), ("hour text", "=HOUR(C7)"),
    ("second round", "=SECOND(B5)"), ("hour neg", "=HOUR(B7)"), ("minute 2.5", "=MINUTE(B8)"),
    ("edate", "=EDATE(A1,1)"), ("edate end", "=EDATE(DATE(2024,1,31),1)"), ("edate back", "=EDATE(A2,-12)"),
    ("edate text", "=EDATE(C1,2)"), ("edate frac", "=EDATE(A1,1.9)"), ("edate early", "=EDATE(DATE(1900,3,1),-3)"),
    ("eomonth", "=EOMONTH(A1,1)"), ("eomonth back", "=EOMONTH(A2,-1)"), ("eomonth year", "=EOMONTH(A3,12)"),
    ("days", '=DAYS("15-MAR-2021","1-FEB-2021")'), ("days ref", "=DAYS(A2,A1)"), ("days neg", "=DAYS(A1,A2)"),
    ("days bad", "=DAYS(C4,A1)"), ("days360", "=DAYS360(DATE(2011,1,30),DATE(2011,2,1))"),
    ("days360 year", "=DAYS360(DATE(2011,1,1),DATE(2011,12,31))"), ("days360 eu", "=DAYS360(DATE(2024,1,31),DATE(2024,3,31),TRUE)"),
    ("days360 us 31", "=DAYS360(DATE(2024,1,31),DATE(2024,3,31))"), ("days360 back", "=DAYS360(A2,A1)"),
    ("yearfrac", "=YEARFRAC(A6,A7)"), ("yearfrac 1", "=YEARFRAC(A6,A7,1)"), ("yearfrac 2", "=YEARFRAC(A6,A7,2)"),
    ("yearfrac 3", "=YEARFRAC(A6,A7,3)"), ("yearfrac 4", "=YEARFRAC(A6,A7,4)"), ("yearfrac years", "=YEARFRAC(DATE(2011,1,1),DATE(2013,6,30),1)"),
    ("yearfrac swap", "=YEARFRAC(A7,A6,1)"), ("yearfrac bad basis", "=YEARFRAC(A6,A7,5)"),
    ("yearfrac feb end", "=YEARFRAC(DATE(2024,2,29),DATE(2025,2,28),0)"),
    ("datedif y", '=DATEDIF(A6,A3,"Y")'), ("datedif m", '=DATEDIF(A6,A3,"M")'), ("datedif d", '=DATEDIF(A6,A3,"D")'),
    ("datedif md", '=DATEDIF(DATE(2001,6,1),DATE(2002,8,15),"MD")'), ("datedif ym", '=DATEDIF(DATE(2001,6,1),DATE(2002,8,15),"YM")'),
    ("datedif yd", '=DATEDIF(DATE(2001,6,1),DATE(2002,8,15),"YD")'), ("datedif md quirk", '=DATEDIF(DATE(2011,1,31),DATE(2011,3,1),"MD")'),
    ("datedif reversed", '=DATEDIF(A3,A6,"Y")'), ("datedif bad unit", '=DATEDIF(A6,A3,"W")'),
    ("weekday", "=WEEKDAY(A8)"), ("weekday 2", "=WEEKDAY(A8,2)"), ("weekday 3", "=WEEKDAY(A8,3)"),
    ("weekday 11", "=WEEKDAY(A8,11)"), ("weekday 14", "=WEEKDAY(A8,14)"), ("weekday 17", "=WEEKDAY(A8,17)"),
    ("weekday bad", "=WEEKDAY(A8,4)"),
    ("weeknum", "=WEEKNUM(DATE(2012,3,9))"), ("weeknum 2", "=WEEKNUM(DATE(2012,3,9),2)"), ("weeknum 11", "=WEEKNUM(A5,11)"),
    ("weeknum 16", "=WEEKNUM(A5,16)"), ("weeknum 21", "=WEEKNUM(DATE(2021,1,1),21)"), ("weeknum end", "=WEEKNUM(A3)"),
    ("weeknum bad", "=WEEKNUM(A1,3)"), ("isoweeknum", "=ISOWEEKNUM(DATE(2012,3,9))"), ("isoweeknum jan", "=ISOWEEKNUM(DATE(2021,1,1))"),
    ("networkdays", "=NETWORKDAYS(DATE(2012,10,1),DATE(2013,3,1))"),
    ("networkdays hol", "=NETWORKDAYS(DATE(2012,10,1),DATE(2013,3,1),A9:A10)"),
    ("networkdays back", "=NETWORKDAYS(DATE(2013,3,1),DATE(2012,10,1))"),
    ("networkdays.intl", "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,1,31))"),
    ("networkdays.intl 7", "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),7)"),
    ("networkdays.intl str", '=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),"0010001")'),
    ("networkdays.intl 11", "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),11)"),
    ("networkdays.intl bad", '=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),"01")'),
    ("workday", "=WORKDAY(DATE(2008,10,1),151)"), ("workday hol", "=WORKDAY(DATE(2012,10,1),100,A9:A10)"),
    ("workday back", "=WORKDAY(DATE(2008,10,1),-10)"), ("workday sat", "=WORKDAY(DATE(2024,1,6),1)"),
    ("workday zero", "=WORKDAY(DATE(2024,1,6),0)"), ("workday.intl 11", "=WORKDAY.INTL(DATE(2012,1,1),90,11)"),
    ("workday.intl 0", "=WORKDAY.INTL(DATE(2012,1,1),30,0)"), ("workday.intl str", '=WORKDAY.INTL(DATE(2012,1,1),30,"0000111")'),
    ("workday.intl all", '=WORKDAY.INTL(DATE(2012,1,1),30,"1111111")'),
    ("date arithmetic", "=A2-A1"), ("date compare", "=A2>A1"), ("date text arithmetic", '=C1+1'),
    ("text of date", '=TEXT(A4,"dddd, mmmm d, yyyy h:mm:ss AM/PM")'),
]
DATE_ARRAYS = [
    ("year lifted", "3x1", "=YEAR(A1:A3)"),
    ("weekday lifted", "3x1", "=WEEKDAY(A1:A3,2)"),
    ("edate lifted", "1x3", "=EDATE(A1,{1,2,3})"),
]


def _sheet(title: str, data: list[tuple], cases: list[tuple[str, str]], arrays: list[tuple[str, str, str]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for i, row in enumerate(data, start=1):
        for j, v in enumerate(row, start=1):
            if v is not None:
                cell = ws.cell(i, j, v)
                if isinstance(v, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    ws.cell(1, 5, "case")
    ws.cell(1, 6, "formula")
    for r, (label, formula) in enumerate(cases, start=2):
        ws.cell(r, 5, label)
        ws.cell(r, 6, stored(formula)).number_format = "General"
    row = 1
    for label, size, formula in arrays:
        rows, cols = (int(x) for x in size.split("x"))
        ws.cell(row, 8, label)
        top = f"I{row}"
        last = f"{openpyxl.utils.get_column_letter(8 + cols)}{row + rows - 1}"
        ws[top] = ArrayFormula(f"{top}:{last}", stored(formula))
        row += rows + 1
    return wb


def build_fn_text() -> openpyxl.Workbook:
    return _sheet("Text", TEXT_DATA, TEXT_CASES, TEXT_ARRAYS)


def build_fn_date() -> openpyxl.Workbook:
    return _sheet("Date", DATE_DATA, DATE_CASES, DATE_ARRAYS)


CORPUS = {"fn_text": build_fn_text, "fn_date": build_fn_date}

_MS = "support.microsoft.com, "
_NUM = {"error": "#NUM!"}
_VALUE = {"error": "#VALUE!"}
_EARLY = ("LibreOffice has no 29 February 1900: its serials before 1 March 1900 are one day off "
          "Excel's (serial 60 is Excel's 29 Feb 1900, serial 0 its 0 Jan 1900)")
_SAVED = "tests/data/excel_saved (a workbook Excel saved): "
_ROUND = ("Excel rounds a time to the second shown before splitting it (HOUR(0.999999999) is 0, "
          "SECOND(0.999) 34: the Excel-saved TIME_HOUR_MINUTE_SECOND.xlsx and IronCalc issue 1360); "
          "LibreOffice truncates the displayed seconds")

def _doc(function: str, rule: str) -> str:
    return f"{_MS}'{function} function': {rule}"


_LOGICAL = "Excel joins a logical value as TRUE/FALSE, LibreOffice as 1/0"

#: {(book, case label): (Excel's value, why)} — Excel's documented value where LibreOffice differs.
EXCEL_VALUES: dict[tuple[str, str], tuple[object, str]] = {
    ("fn_date", "date 108"): (39449.0, _doc("DATE", "years 0-1899 are added to 1900: DATE(108,1,2) is January 2, 2008")
                              + "; LibreOffice: #VALUE!"),
    ("fn_date", "date 10000"): (_NUM, _doc("DATE", "a year of 10000 or more is #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_date", "year blank"): (1900.0, f"a blank is serial 0, Excel's 0 January 1900; {_EARLY}"),
    ("fn_date", "year neg"): (_NUM, _SAVED + "YEAR(-1) is #NUM! (DATE_DAY_MONTH_YEAR.xlsx C6; issue 13); "
                              "LibreOffice counts days before 1900: 1899"),
    ("fn_date", "time neg"): (_NUM, _SAVED + "TIME(0,0,-1) is #NUM! (DATE_TIME.xlsx C4); LibreOffice: #VALUE!"),
    ("fn_date", "edate early"): (_NUM, _SAVED + "EDATE before 1900 is #NUM! (DATE_DAY_MONTH_YEAR.xlsx I15); "
                                 "LibreOffice returns a serial before 1900"),
    ("fn_date", "yearfrac bad basis"): (_NUM, _doc("YEARFRAC", "a basis below 0 or above 4 is #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_date", "datedif reversed"): (_NUM, _doc("DATEDIF", "a start_date after the end_date is #NUM!")
                                      + "; LibreOffice: #VALUE!"),
    ("fn_date", "weekday bad"): (_NUM, _doc("WEEKDAY", "a return_type outside the table is #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_date", "weeknum bad"): (_NUM, _doc("WEEKNUM", "a return_type outside the table is #NUM!") + "; LibreOffice: #VALUE!"),
    ("fn_date", "workday.intl 0"): (_NUM, _doc("WORKDAY.INTL", "=WORKDAY.INTL(DATE(2012,1,1),30,0) is #NUM! (weekend 0 "
                                                "is out of range)") + "; LibreOffice: #VALUE!"),
    ("fn_date", "weeknum end"): (53.0, "by hand: 2023-01-01 and 2023-12-31 are Sundays, weeks start on Sunday "
                                 "(return_type 1), so Dec 31 opens week 53 (as tests/golden/dates.json); LibreOffice says 1"),
    ("fn_text", "rept too long"): (_VALUE, _doc("REPT", "a result longer than 32,767 characters is #VALUE!")
                                   + "; LibreOffice returns the 40,000 characters"),
    ("fn_text", "char 128"): ("€", _SAVED + "CHAR(128) is € (CHAR.xlsx B129: Windows-1252); LibreOffice: U+FFFD"),
    ("fn_text", "char 0"): (_VALUE, _doc("CHAR", "number is between 1 and 255") + "; LibreOffice returns U+0000"),
    ("fn_text", "unichar 0"): (_VALUE, _doc("UNICHAR", "a number of 0 is #VALUE!") + "; LibreOffice returns U+0000"),
    ("fn_text", "len bool"): (4.0, f"LEN(TRUE) is the length of \"TRUE\": {_LOGICAL}"),
    ("fn_text", "numbervalue pct"): (0.035, _doc("NUMBERVALUE", "=NUMBERVALUE(\"3.5%\") is 0.035") + "; LibreOffice: #VALUE!"),
    ("fn_text", "numbervalue empty"): (0.0, _doc("NUMBERVALUE", "an empty text is 0") + "; LibreOffice: #VALUE!"),
    ("fn_text", "text 1904 day 0"): ("1900-01-00", f"serial 0 is Excel's 0 January 1900; {_EARLY}"),
    ("fn_text", "text 29 feb 1900"): ("1900-02-29", f"serial 60 is Excel's 29 February 1900; {_EARLY}"),
    ("fn_text", "text neg date"): (_VALUE, _SAVED + "a negative serial in a date format is #VALUE! (TEXT.xlsx DATES!B26); "
                                   "LibreOffice shows 1899-12-29"),
    ("fn_text", "dollar neg"): ("($1,200)", _doc("DOLLAR", "=DOLLAR(-1234.567,-2) is ($1,200)") + "; LibreOffice: -$1,200"),
    ("fn_text", "dollar 4"): ("($0.1230)", _doc("DOLLAR", "=DOLLAR(-0.123,4) is ($0.1230)") + "; LibreOffice: -$0.1230"),
    ("fn_text", "concat"): ("banana-0-TRUE", _SAVED + f"CONCAT.xlsx E7 joins TRUE as TRUE; {_LOGICAL}"),
    ("fn_text", "textjoin"): ("  Social   media  ROI , TRUE, 12", _SAVED + f"TEXTJOIN.xlsx G5; {_LOGICAL}"),
    ("fn_text", "textjoin keep"): ("  Social   media  ROI ||TRUE|12", _SAVED + f"TEXTJOIN.xlsx G5; {_LOGICAL}"),
}

_NO_LO = ("LibreOffice 7.4 does not have this function (#NAME?); Excel's values are tested in "
          "tests/test_fn_excel_saved.py and tests/test_fn_text.py")

#: {(book, case label): why} — left out of the comparison.
LEFT_OUT: dict[tuple[str, str], str] = {
    **{("fn_text", label): _NO_LO for label in (
        "textbefore", "textafter", "textafter missing", "textafter nth", "textafter from end", "textafter ci",
        "textbefore fallback", "textbefore end", "textafter zero", "valuetotext", "valuetotext strict",
        "valuetotext number", "valuetotext bool", "arraytotext", "arraytotext strict", "baht", "baht satang",
        "baht 101", "textsplit", "textsplit ragged")},
    ("fn_text", "len lifted"): f"the third cell is LEN(TRUE): {_LOGICAL}; the first two agree (checked by hand: 22, 0)",
    ("fn_text", "code empty"): "LibreOffice gives 0; Excel's documentation does not say (the engine: #VALUE!, as UNICODE(\"\") "
                               "in the Excel-saved UNICODE.xlsx B20)",
    ("fn_text", "text bad"): "an unterminated [ in a format: LibreOffice shows nothing, Excel's documentation does not say "
                             "(the engine: #VALUE!)",
    ("fn_date", "hour neg"): "HOUR of a negative serial: LibreOffice 0; Excel's documentation does not say (the engine: #NUM!, "
                             "as YEAR(-1))",
    ("fn_date", "year big"): "YEAR past 31 December 9999: LibreOffice 10000; Excel's documentation does not say (the engine: #NUM!)",
    ("fn_date", "datedif bad unit"): "LibreOffice #VALUE!; Excel's documentation does not say (the engine: #NUM!)",
}


def apply_lists(name: str, record: dict, wb: openpyxl.Workbook) -> dict:
    """Put Excel's values and the left-out cases into a golden record."""
    labels = MG._labels(wb, record["formulas"])
    for ws in wb.worksheets:  # every cell of an array formula takes its top-left cell's label
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, ArrayFormula):
                    label = labels.get(f"{ws.title}!{c.coordinate}")
                    for line in ws[c.value.ref]:
                        for member in line:
                            labels.setdefault(f"{ws.title}!{member.coordinate}", label or "")
    return MG.apply_lists(name, record, labels, EXCEL_VALUES, LEFT_OUT)


def main(argv: list[str] | None = None) -> int:
    return MG.corpus_main("make_golden_text_date", __doc__, CORPUS, "socroi-golden-td-", apply_lists, argv)


if __name__ == "__main__":
    raise SystemExit(main())
