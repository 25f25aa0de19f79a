"""Engine: native Excel functions, one small workbook per family.

Every expected value is worked out by hand in the comment beside it (Excel's documented
behaviour); none comes from running the engine.
"""

from __future__ import annotations

import math

import openpyxl
import pytest

from socroi_xl.engine import evaluate
from socroi_xl.errors import XLError


def run(tmp_path, cells: dict[str, object], sheet: str = "S") -> dict[str, object]:
    """Write ``cells`` into a fresh workbook, evaluate it, return {cell: value}."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    df = evaluate(path)
    return {f"{c}": v for c, v in zip(df["cell"], df["value"], strict=True)}


def close(a: object, b: float) -> bool:
    return isinstance(a, float) and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


DATA = {  # A1:A5 numbers, B1:B5 mixed, C1:C5 labels
    "A1": 10, "A2": 20, "A3": 30, "A4": 40, "A5": 50,
    "B1": 1, "B2": "text", "B3": True, "B4": None, "B5": 4,
    "C1": "Paid", "C2": "Organic", "C3": "paid", "C4": "Earned", "C5": "Paid",
}


def test_aggregates(tmp_path):
    v = run(tmp_path, {**DATA,
        "E1": "=SUM(A1:A5)",        # 10+20+30+40+50 = 150
        "E2": "=SUM(B1:B5)",        # text, TRUE and blank in a range are ignored: 1+4 = 5
        "E3": "=COUNT(B1:B5)",      # numbers only: 2
        "E4": "=COUNTA(B1:B5)",     # non-blank: 1, "text", TRUE, 4 -> 4
        "E5": "=AVERAGE(A1:A5)",    # 150/5 = 30
        "E6": "=MIN(A1:A5,5)",      # 5
        "E7": "=MAX(A1:A5)",        # 50
        "E8": "=SUM(1,TRUE,\"2\")", # direct arguments are coerced: 1+1+2 = 4
        "E9": "=AVERAGE(B4)",       # no numbers -> #DIV/0!
        "E10": "=SUMPRODUCT(A1:A3,A3:A5)",  # 10*30+20*40+30*50 = 300+800+1500 = 2600
        "E11": "=SUMPRODUCT((C1:C5=\"Paid\")*A1:A5)",  # Paid rows (case-insensitive) 1,3,5: 10+30+50 = 90
        "E12": "=COUNTBLANK(B1:B5)",  # one blank: 1
        "E13": "=MIN(B4)",          # no numbers: 0
    })
    assert v["E1"] == 150.0
    assert v["E2"] == 5.0
    assert v["E3"] == 2.0
    assert v["E4"] == 4.0
    assert v["E5"] == 30.0
    assert v["E6"] == 5.0
    assert v["E7"] == 50.0
    assert v["E8"] == 4.0
    assert v["E9"] == "#DIV/0!" and isinstance(v["E9"], XLError)
    assert v["E10"] == 2600.0
    assert v["E11"] == 90.0
    assert v["E12"] == 1.0
    assert v["E13"] == 0.0


def test_criteria_functions(tmp_path):
    v = run(tmp_path, {**DATA,
        "E1": '=SUMIF(C1:C5,"Paid",A1:A5)',       # Paid/paid rows 1,3,5: 90
        "E2": '=COUNTIF(A1:A5,">25")',             # 30,40,50: 3
        "E3": '=COUNTIF(C1:C5,"<>Paid")',          # Organic, Earned: 2
        "E4": '=SUMIFS(A1:A5,C1:C5,"Paid",A1:A5,">=30")',  # rows 3,5: 30+50 = 80
        "E5": '=COUNTIFS(C1:C5,"P*",A1:A5,"<50")',  # wildcard P*: rows 1,3 (row 5 is 50): 2
        "E6": '=AVERAGEIF(C1:C5,"paid",A1:A5)',    # (10+30+50)/3 = 30
        "E7": '=AVERAGEIFS(A1:A5,C1:C5,"Earned")',  # 40
        "E8": '=SUMIF(A1:A5,">="&A3)',             # criterion built with &: 30+40+50 = 120
        "E9": '=COUNTIF(C1:C5,"?arned")',          # Earned: 1
        "E10": '=AVERAGEIF(C1:C5,"none",A1:A5)',   # nothing matches: #DIV/0!
    })
    assert v["E1"] == 90.0
    assert v["E2"] == 3.0
    assert v["E3"] == 2.0
    assert v["E4"] == 80.0
    assert v["E5"] == 2.0
    assert v["E6"] == 30.0
    assert v["E7"] == 40.0
    assert v["E8"] == 120.0
    assert v["E9"] == 1.0
    assert v["E10"] == "#DIV/0!"


def test_rounding_and_numbers(tmp_path):
    v = run(tmp_path, {
        "A1": "=ROUND(2.675,2)",      # Excel rounds the decimal value half away from zero: 2.68
        "A2": "=ROUND(-2.5,0)",       # away from zero: -3
        "A3": "=ROUNDUP(3.141,2)",    # 3.15
        "A4": "=ROUNDDOWN(-3.149,2)",  # towards zero: -3.14
        "A5": "=ROUND(1234.5,-2)",    # 1200
        "A6": "=ABS(-7.5)",           # 7.5
        "A7": "=ROUND(\"x\",1)",      # text -> #VALUE!
        "A8": "=MOD(-7,3)",           # sign of the divisor: 2
        "A9": "=INT(-2.5)",           # rounds down: -3
    })
    assert close(v["A1"], 2.68)
    assert v["A2"] == -3.0
    assert close(v["A3"], 3.15)
    assert close(v["A4"], -3.14)
    assert v["A5"] == 1200.0
    assert v["A6"] == 7.5
    assert v["A7"] == "#VALUE!"
    assert v["A8"] == 2.0
    assert v["A9"] == -3.0


def test_logic_and_is_functions(tmp_path):
    v = run(tmp_path, {
        "A1": 5, "A2": "x", "A4": "=1/0",
        "B1": "=IF(A1>3,\"big\",\"small\")",   # 5>3: big
        "B2": "=IF(A1<3,1/0,\"ok\")",          # the unused branch's error does not matter: ok
        "B3": "=IF(A1<3,1)",                   # no else: FALSE
        "B4": "=IFS(A1<0,\"neg\",A1<10,\"small\",TRUE,\"big\")",  # small
        "B5": "=IFS(A1<0,1)",                  # no condition true: #N/A
        "B6": "=IFERROR(A4,\"caught\")",       # caught
        "B7": "=IFNA(A4,\"x\")",               # #DIV/0! is not #N/A: stays #DIV/0!
        "B8": "=IFNA(NA(),\"x\")",             # x
        "B9": "=AND(A1>1,A1<10)",              # TRUE
        "B10": "=OR(A1>10,A1<0)",              # FALSE
        "B11": "=NOT(A1=5)",                   # FALSE
        "B12": "=ISBLANK(A3)",                 # TRUE
        "B13": "=ISNUMBER(A1)",                # TRUE
        "B14": "=ISTEXT(A2)",                  # TRUE
        "B15": "=ISERROR(A4)",                 # TRUE
        "B16": "=ISNA(A4)",                    # FALSE
        "B17": "=ISERR(A4)",                   # TRUE (any error but #N/A)
        "B18": "=ISLOGICAL(B9)",               # TRUE
        "B19": "=CHOOSE(2,\"a\",\"b\",\"c\")",  # b
        "B20": "=AND(A2)",                     # text in a cell is ignored; nothing left: #VALUE!
    })
    assert v["B1"] == "big"
    assert v["B2"] == "ok"
    assert v["B3"] is False
    assert v["B4"] == "small"
    assert v["B5"] == "#N/A"
    assert v["B6"] == "caught"
    assert v["B7"] == "#DIV/0!"
    assert v["B8"] == "x"
    assert v["B9"] is True
    assert v["B10"] is False
    assert v["B11"] is False
    assert v["B12"] is True
    assert v["B13"] is True
    assert v["B14"] is True
    assert v["B15"] is True
    assert v["B16"] is False
    assert v["B17"] is True
    assert v["B18"] is True
    assert v["B19"] == "b"
    assert v["B20"] == "#VALUE!"


def test_lookups(tmp_path):
    v = run(tmp_path, {
        "A1": "apple", "A2": "Banana", "A3": "cherry",
        "B1": 1.5, "B2": 0.25, "B3": 4,
        "D1": 0, "D2": 100, "D3": 1000,
        "E1": "=VLOOKUP(\"banana\",A1:B3,2,FALSE)",   # case-insensitive exact: 0.25
        "E2": "=VLOOKUP(\"kiwi\",A1:B3,2,FALSE)",     # #N/A
        "E3": "=VLOOKUP(150,D1:D3,1)",                # approximate: largest <= 150 is 100
        "E4": "=MATCH(\"cherry\",A1:A3,0)",           # 3
        "E5": "=MATCH(999,D1:D3,1)",                  # 100 is the largest <= 999: position 2
        "E6": "=INDEX(B1:B3,3)",                      # 4
        "E7": "=INDEX(A1:B3,2,2)",                    # 0.25
        "E8": "=INDEX(B1:B3,MATCH(\"apple\",A1:A3,0))",  # 1.5
        "E9": "=XLOOKUP(\"cherry\",A1:A3,B1:B3)",     # 4
        "E10": "=XLOOKUP(\"kiwi\",A1:A3,B1:B3,\"none\")",  # not found: none
        "E11": "=XLOOKUP(150,D1:D3,B1:B3,,-1)",       # exact or next smaller: 100 -> 0.25
        "E12": "=XLOOKUP(150,D1:D3,B1:B3,,1)",        # exact or next larger: 1000 -> 4
        "E13": "=INDEX(B1:B3,5)",                     # outside: #REF!
        "E14": "=MATCH(\"b*\",A1:A3,0)",              # wildcard: Banana, 2
    })
    assert v["E1"] == 0.25
    assert v["E2"] == "#N/A"
    assert v["E3"] == 100.0
    assert v["E4"] == 3.0
    assert v["E5"] == 2.0
    assert v["E6"] == 4.0
    assert v["E7"] == 0.25
    assert v["E8"] == 1.5
    assert v["E9"] == 4.0
    assert v["E10"] == "none"
    assert v["E11"] == 0.25
    assert v["E12"] == 4.0
    assert v["E13"] == "#REF!"
    assert v["E14"] == 2.0


def test_dates(tmp_path):
    # Serial numbers of the 1900 date system: 45292 = 2024-01-01, 45351 = 2024-02-29.
    v = run(tmp_path, {
        "A1": 45351,
        "B1": "=DATE(2024,1,1)",      # 45292
        "B2": "=DATE(2024,14,1)",     # month 14 rolls into 2025-02-01: 45292+366+31 = 45689
        "B3": "=YEAR(A1)",            # 2024
        "B4": "=MONTH(A1)",           # 2
        "B5": "=DAY(A1)",             # 29
        "B6": "=EOMONTH(A1,1)",       # 2024-03-31 = 45351+31 = 45382
        "B7": "=EOMONTH(A1,-2)",      # 2023-12-31 = 45291
        "B8": "=WEEKNUM(DATE(2024,1,7))",    # Sunday 7 Jan 2024 starts week 2 (weeks start Sunday)
        "B9": "=WEEKNUM(DATE(2024,1,7),2)",  # weeks start Monday: still week 1
        "B10": "=YEAR(\"2024-03-15\")",      # date text is read as a date: 2024
        "B11": "=DATE(2024,3,1)-DATE(2024,2,1)",  # days in Feb 2024: 29
    })
    assert v["B1"] == 45292.0
    assert v["B2"] == 45689.0
    assert v["B3"] == 2024.0
    assert v["B4"] == 2.0
    assert v["B5"] == 29.0
    assert v["B6"] == 45382.0
    assert v["B7"] == 45291.0
    assert v["B8"] == 2.0
    assert v["B9"] == 1.0
    assert v["B10"] == 2024.0
    assert v["B11"] == 29.0


def test_text_functions(tmp_path):
    v = run(tmp_path, {
        "A1": "  Social   Media  ", "A2": "ROI", "A3": 2024, "A4": None,
        "B1": "=TRIM(A1)",                 # Social Media
        "B2": "=LEFT(A2,2)",               # RO
        "B3": "=RIGHT(A2)",                # I
        "B4": "=MID(\"campaign\",2,3)",    # amp
        "B5": "=LEN(A1)",                  # 2+6+3+5+2 = 18
        "B6": "=UPPER(\"abc\")&LOWER(\"DEF\")",  # ABCdef
        "B7": "=CONCAT(A2,\"-\",A3)",      # ROI-2024 (the number as Excel shows it)
        "B8": "=TEXTJOIN(\", \",TRUE,A2:A4)",   # blank skipped: ROI, 2024
        "B9": "=TEXTJOIN(\"|\",FALSE,A2:A4)",   # blank kept: ROI|2024|
        "B10": "=A2&A4&TRUE",              # blank is "" and TRUE is "TRUE": ROITRUE
        "B11": "=LEFT(A2,-1)",             # negative count: #VALUE!
        "B12": "=TEXT(0.256,\"0.0%\")",    # 25.6%
    })
    assert v["B1"] == "Social Media"
    assert v["B2"] == "RO"
    assert v["B3"] == "I"
    assert v["B4"] == "amp"
    assert v["B5"] == 18.0
    assert v["B6"] == "ABCdef"
    assert v["B7"] == "ROI-2024"
    assert v["B8"] == "ROI, 2024"
    assert v["B9"] == "ROI|2024|"
    assert v["B10"] == "ROITRUE"
    assert v["B11"] == "#VALUE!"
    assert v["B12"] == "25.6%"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=2+3*4", 14.0),          # * before +
        ("=-2^2", 4.0),            # Excel: negation binds tighter than ^
        ("=2^3^2", 64.0),          # left to right: (2^3)^2
        ("=50%*10", 5.0),          # % is /100
        ("=\"12\"+1", 13.0),       # numeric text is coerced in arithmetic
        ("=TRUE+TRUE", 2.0),       # booleans are 1
        ("=\"abc\"*1", "#VALUE!"),  # other text is #VALUE!
        ("=1/0", "#DIV/0!"),
        ("=(-8)^(2/3)", "#NUM!"),  # no real root: #NUM! ((-8)^(1/3), an odd root, is -2:
        # Excel saved -1.9999999999999998 in IronCalc's POWER.xlsx, see test_engine_semantics)
        ("=\"A\"=\"a\"", True),    # text compares case-insensitively
        ("=\"b\">\"A\"", True),
        ("=1<\"a\"", True),        # numbers sort before text
        ("=\"z\"<TRUE", True),     # text before logicals
        ("=1&2", "12"),
        ("=0.1*3-0.3", 0.0),       # Excel shows 0 for rounding noise of a final subtraction
    ],
)
def test_operators(tmp_path, formula, expected):
    v = run(tmp_path, {"A1": formula})
    if isinstance(expected, float):
        assert close(v["A1"], expected), v["A1"]
    else:
        assert v["A1"] == expected and type(v["A1"]) is not float
