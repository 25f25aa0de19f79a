"""socroi_xl.xl.numfmt: number-format codes rendered as Excel renders them.

Expected texts come from Microsoft's documentation (the "TEXT function" page, the
"Review guidelines for customizing a number format" page, "Number format codes"), from
workbooks Microsoft Excel saved (IronCalc's test workbook ``xlsx/tests/calc_tests/TEXT/
TEXT.xlsx``, MIT licence, whose cached TEXT() values are Excel's), or are worked out by
hand in the comment. None comes from running this code. The broad cross-check with
LibreOffice is ``tests/golden/fn_text.json``.
"""

from __future__ import annotations

import pytest

from socroi_xl.errors import XLError
from socroi_xl.xl.numfmt import (
    BUILTIN_FORMATS,
    compile_format,
    general,
    is_date_format,
    render,
    round_half_up,
)

_TEXT_PAGE = [
    # support.microsoft.com "TEXT function", the table of popular examples
    (1234.567, "$#,##0.00", "$1,234.57"),
    (0.285, "0.0%", "28.5%"),
    (4.34, "# ?/?", "4 1/3"),
    (0.34, "# ?/?", " 1/3"),  # the page TRIMs this one: a space stands for the empty integer
    (12200000, "0.00E+00", "1.22E+07"),
    (1234567898, "[<=9999999]###-####;(###) ###-####", "(123) 456-7898"),
    (1234, "0000000", "0001234"),
    (123456, "##0° 00' 00''", "12° 34' 56''"),
    # 14 March 2012 = 40982, a Wednesday ("MM/DD/YY" and "DDDD" examples)
    (40982, "MM/DD/YY", "03/14/12"),
    (40982.5617, "H:MM AM/PM", "1:28 PM"),  # 0.5617 day = 13:28:50.9
    (45000.75, "dddd", "Wednesday"),  # issue 13: 15 March 2023
]

_GUIDELINES = [
    # support.microsoft.com "Review guidelines for customizing a number format"
    (1234.59, "####.#", "1234.6"),
    (8.9, "#.000", "8.900"),
    (0.631, "0.#", "0.6"),
    (12, "#.0#", "12.0"),
    (1234.568, "#.0#", "1234.57"),
    (44.398, "???.???", " 44.398"),
    (102.65, "???.???", "102.65 "),
    (2.8, "???.???", "  2.8  "),
    (5.25, "# ???/???", "5   1/4  "),
    (5.3, "# ???/???", "5   3/10 "),
    (12000, "#,###", "12,000"),
    (12000, "#,", "12"),
    (12200000, "0.0,,", "12.2"),
    (123, "00000", "00123"),
    # dates and times: 14 Jan 2011 16:36:03.75 = 40557 + 16.6010416... h
    (40557 + (16 * 3600 + 36 * 60 + 3.75) / 86400, "h:mm:ss.00", "16:36:03.75"),
    (40557 + (16 * 3600 + 36 * 60 + 3) / 86400, "h:mm:ss A/P", "4:36:03 P"),
    (40557 + (16 * 3600 + 36 * 60 + 3) / 86400, "h AM/PM", "4 PM"),
    (40557, "m", "1"), (40557, "mm", "01"), (40557, "mmm", "Jan"), (40557, "mmmm", "January"),
    (40557, "mmmmm", "J"), (40557, "d", "14"), (40557, "dd", "14"), (40557, "ddd", "Fri"),
    (40557, "dddd", "Friday"), (40557, "yy", "11"), (40557, "yyyy", "2011"),
    ((25 * 60 + 2) / 1440, "[h]:mm", "25:02"),  # elapsed hours
    ((63 * 60 + 46) / 86400, "[mm]:ss", "63:46"),  # elapsed minutes
    (3735 / 86400, "[ss]", "3735"),  # elapsed seconds
]

_EXCEL_SAVED = [
    # IronCalc xlsx/tests/calc_tests/TEXT/TEXT.xlsx, sheet NUMBERS, values saved by Excel
    (12, "#,##0_);(#,##0)", "12 "),
    (-12, "$#,##0_);($#,##0)", "($12)"),
    (-1 / 3, "#,##0_);(#,##0)", "(0)"),
    (-1 / 3, "0", "0"),  # a negative that shows as zero has no sign...
    (-1 / 3, "0.00", "-0.33"),  # ...one that does, has
    (12345.6789, "00-00-00-00", "00-01-23-46"),
    (123456789012, "00-00-00-00", "123456-78-90-12"),
    (-12, "00-00-00-00", "-00-00-00-12"),
    (12, "[Red]#.#", "12."),
    (0, "[Red]#.#", "."),
    (1 / 3, "#,#.00 \"Millions!\"", ".33 Millions!"),
    (123456789012, "#,##,, \"Millions\"", "123,457 Millions"),
    (1.23456e19, "#,##0", "12,345,600,000,000,000,000"),
    (12, "0.00E+0", "1.20E+1"),
    (-2.5e-9, "0.00E+0", "-2.50E-9"),
    (0, "0.00E+0", "0.00E+0"),
    (-12345.6789, "0.00%", "-1234567.89%"),
    (41181, "ddd--/--mmm--/++yyy", "Sat--/--Sep--/++2012"),
    (41181, "ddddd/mmmmm/yyyyy", "Saturday/S/2012"),
    (41181, "m/d/y", "9/29/12"),
    (100, "dddd/mmmm/yyyyy", "Monday/April/1900"),  # serial 100 is 9 April 1900
    (2958465, "m/d/y", "12/31/99"),
    (2958466, "m/d/y", "#VALUE!"),  # past 31 December 9999
    (-1, "m/d/y", "#VALUE!"),
    (41181, "mm###", "#VALUE!"),  # date codes mixed with digit placeholders
]

_GENERAL = [
    # the same workbook, column "General": up to 11 characters, then scientific
    (1 / 3, "0.333333333"), (-1 / 3, "-0.333333333"), (12345.6789, "12345.6789"),
    (123456789012, "1.23457E+11"), (1.2e-16, "1.2E-16"), (1.23456e19, "1.23456E+19"),
    (25000000000, "25000000000"), (250000000000, "2.5E+11"), (1e16, "1E+16"), (1e-16, "1E-16"),
    (-2.7e-18, "-2.7E-18"), (-2.5e-10, "-2.5E-10"), (-2.5e-9, "-2.5E-09"), (-1e-8, "-0.00000001"),
    (-1000000000, "-1000000000"), (0, "0"), (12, "12"),
]


@pytest.mark.parametrize(("value", "code", "expected"), _TEXT_PAGE + _GUIDELINES + _EXCEL_SAVED)
def test_documented_and_excel_saved_examples(value, code, expected):
    assert render(value, code) == expected


@pytest.mark.parametrize(("value", "expected"), _GENERAL)
def test_general_format(value, expected):
    assert general(value) == expected
    assert render(value, "General") == expected


def test_sections_positive_negative_zero_text():
    code = '#,##0.00;[Red](#,##0.00);"zero";"text: "@'
    assert render(1234.5, code) == "1,234.50"
    assert render(-1234.5, code) == "(1,234.50)"  # the negative section shows no sign
    assert render(0, code) == "zero"
    assert render("abc", code) == "text: abc"
    # with two sections zero takes the first; text without a text section is shown as it is
    assert render(0, "0.0;(0.0)") == "0.0" and render("abc", "0.0;(0.0)") == "abc"
    # issue 13: ;;;"hi" shows nothing for numbers and "hi" for text
    assert render(5, ';;;"hi"') == "" and render("x", ';;;"hi"') == "hi"
    # a section holding @ is the text section wherever it stands
    assert render("abc", '"foo";"bar";@') == "abc" and render(0, '"foo";"bar";@') == "foo"


def test_conditions():
    code = '[<0]"neg";[<10]"small";"big"'
    assert [render(x, code) for x in (-5, 5, 50)] == ["neg", "small", "big"]
    # a first section for [<0] shows the number without its sign (it is the negative section)
    assert render(-5, "[<0]0;0") == "5"
    assert render(-5, "[<100]0;0") == "-5"


def test_literals_escapes_spacing_and_currency():
    assert render(5, '"Total: "0.00') == "Total: 5.00"
    assert render(5, "0\\ \\k\\m") == "5 km"
    assert render(5, "0_)") == "5 "  # _x leaves the width of x: a space
    assert render(5, "**0") == "5"  # *x fills a column: there is none
    assert render(45000, "[$€-407] #,##0.00") == "€ 45,000.00"
    assert render(5, "[$-409]0") == "5"
    assert render(5, "[Blue][Color10]0") == "5"
    assert render(1234.5, "0.0 ,") == "1234.5 ,"  # a comma away from digits is a literal


def test_fractions():
    # the closest fraction whose denominator fits: 0.3 with one digit is 2/7 (0.2857) rather
    # than 1/3 (0.3333); 12.3 with two digits is 12 3/10; 1.75 with a fixed denominator 4.
    assert render(12.3, "# ?/?") == "12 2/7"
    assert render(12.3, "# ??/??") == "12  3/10"
    assert render(1.75, "# ?/4") == "1 3/4"
    assert render(1.5, "?/?") == "3/2"  # no integer part: improper
    assert render(1, "# ?/?") == "1    "  # a whole number: the fraction becomes spaces
    assert render(0.999, "# ?/?") == "1    "  # rounds up to the next whole number
    assert render(-1.2, "# ??/??") == "-1  1/5 "


# Values Excel saved in apache/poi test-data/spreadsheet/NumberFormatTests.xlsx (sheet Tests,
# column A = TEXT(C, B); the row is given) — fractions with text around the slash, the
# separator between integer and numerator, whole numbers, improper fractions ("_#" is a
# space: the "#" it names is not a placeholder).
_POI_FRACTIONS = [
    (0.75, "|#\\:#/#|", "|3/4|"),  # row 122: an empty integer drops the separator
    (0, "|#\\:#/#|", "|0|"),  # row 124: a whole number drops the fraction (no "?": no spaces)
    (0.75, "|#-#-#\\:#/#|", "|--3/4|"),  # row 129: text inside the integer stays
    (0, "|#-#-#\\:#/#|", "|--0|"),  # row 131
    (23.75, "|#\\:#=/=#|", "|23:3=/=4|"),  # row 134: text around the slash
    (0, "|#\\:#=/=?|", "|0      |"),  # row 141: a "?" keeps the fraction's place in spaces
    (23.75, "|#\\:? ?=/=#|", "|2:3 3=/=4|"),  # row 149: the numerator is the run before "/"
    (0, "|#\\:? ?=/=#|", "|:0      |"),  # row 151
    (23.75, "|#\\:? ?0#/000", "|2:3  03/004"),  # row 160: "0" pads a denominator in front
    (0.75, "|?\\:?0=/=#|", "|   3=/=4|"),  # row 161
    (0, "|#\\:? ?0#/000", "|:0  00/001"),  # row 162: a "0" numerator shows 0/1
    (3.75, "|#_#/#|", "|15 /4|"),  # row 165: improper
    (0, "|#_#=/=?|", "|0 =/=1|"),  # row 179
    (0, "|#\\:0=/=#|", "|0=/=1|"),  # row 204
    (0, "|?\\:0=/=#|", "|0:0=/=1|"),  # row 213
    (0.75, "|#\\:?=/=#|", "| 3=/=4|"),  # row 228: a "?" numerator keeps the separator's place
    (0.75, "|?\\:#=/=#|", "|  3=/=4|"),  # row 234
    (0.75, "|0\\:#=/=#|", "|0:3=/=4|"),  # row 243
    (1, "|?\\:#=/=#|", "|1      |"),  # row 261
    (-1, "|0\\:0=/=?|", "-|1:0=/=1|"),  # row 331
]

# NumberFormatApproxTests.xlsx (same repository, sheet Tests): scientific formats.
_POI_SCIENTIFIC = [
    (123456.789, "|#,e-#|", "|1e5|"),  # row 2: a trailing comma neither scales nor shows
    (123456.789, "|#%e-#|", "|1%e5|"),  # row 4: nor does % scale
    (123456.789, "|#,######.####|e-|#|", "|123,456.789|e|0|"),  # row 10: grouping
    (123456.789, "|0000.0000|e-|0|", "|0012.3457|e|4|"),  # row 13: exponent a multiple of 4
    (123456.789, "|????.????|e-|?|", "|  12.3457|e|4|"),  # row 18
    (123456.789, "|#.#|e+|#|", "|1.2|e|+5|"),  # row 26: the sign goes with the digits
    (1.23456789e-05, "|####.####|e-|#|", "|1234.5679|e|-8|"),  # row 48
    (1.23456789e-05, "|?,??????.????|e+|?|", "|      123.4568|e|-7|"),  # row 95
    (0, "|#,e-#|", "|0e0|"),  # row 98: zero shows 0 even in a "#"
    (0, "|####.####|e-|#|", "|0000.|e|0|"),  # row 104
    (0, "|?,??????.????|e-|?|", "|0,000,000.    |e|0|"),  # row 116
    (1.2345678e142, "|#.#|e+|????|", "|1.2|e|+ 142|"),  # row 226
    (1.2345678e-142, "|#.#|e+|000,00|", "|1.2|e|-00142|"),  # row 244: no comma in the exponent
    (0, "|#.#|e+|???|", "|0.|e|+  0|"),  # row 235
    (3.14159, "#,##0.00e+00", "3.14e+00"),  # row 250
]


# TEXT(A, B) in dgorissen/pycel tests/fixtures/text.xlsx (sheets TextNumbers, TextDates) and
# vinci1it2000/formulas test/test_files/test.xlsx (sheet EXTRA), values Excel saved.
_COMMAS_AND_SIGNS = [
    (890123.456789, "#,#.##.##,#", "890,123.45.679"),  # TextNumbers!C30: a comma among decimals goes
    (890123.456789, "0,x#.00.0", "89012x3.45.7"),  # C34: no placeholder right after: no grouping
    (890123.456789, "#x,0x#.00.0", "8901x,2x3.45.7"),  # C36: after text, a comma is text
    (890123.456789, "#x,0,#.00.0", "890,1x,23.45.7"),  # C37
    (890123.456789, ",#.00.0", ",890123.45.7"),  # C38
    (890123.456789, "#.###,x##", "890123.456x79"),  # C41
    (890123.456789, "#.###,x,##", "890123.456x,79"),  # C42
    (890123.456789, "#.#####00#0", "890123.45678900"),  # C50: a "#" before a "0" drops a 0 too
    (1234567890, "0,## ## ,##", "1,234,56 7,8 ,90"),  # EXTRA!A15
    (1.000000001, "00###.##.0000.00", "001..0000.00"),  # EXTRA!A2
    (-1, "", "-"),  # TextNumbers!C13: no placeholder, still a sign
    (-1, "w;x@", "-w"),  # C17: one number section
    (-1, "[h]", "-24"),  # TextDates!C18: a lone elapsed count takes any sign...
    (-1, "[m]", "-1440"),  # C22
    (2958466, "[h]", "71003184"),  # C13: ...and any size
    (71003160, "[hh]", "1704075840"),  # C12
]


@pytest.mark.parametrize(("value", "code", "expected"), _COMMAS_AND_SIGNS)
def test_excel_saved_commas_signs_and_elapsed(value, code, expected):
    assert render(value, code) == expected


def test_excel_saved_refusals():
    # pycel text.xlsx TextDates!C9, C19, C14: "@" outside the fourth of four sections, an
    # elapsed count beside a clock code for a negative value, a clock past 9999
    assert render("X", ';-  ##.0;"ZERO"@;"X"') == XLError("#VALUE!")
    assert render(-1, "[h]:m") == XLError("#VALUE!")
    assert render(2958466, "h") == XLError("#VALUE!")
    assert render("X", '##.00;-  ##.0;"ZERO";->@<-@') == "->X<-X"  # TextDates!C8


@pytest.mark.parametrize(("value", "code", "expected"), _POI_FRACTIONS + _POI_SCIENTIFIC)
def test_excel_saved_fraction_and_scientific_layouts(value, code, expected):
    assert render(value, code) == expected


def test_scientific_engineering_style():
    # ##0.0E+0 keeps the exponent a multiple of three (the integer placeholders)
    assert render(12345, "##0.0E+0") == "12.3E+3"
    assert render(1.23457e-13, "##0.0E+0") == "123.5E-15"
    assert render(0.000123, "0.00E-00") == "1.23E-04"
    assert render(123000, "0.00E-00") == "1.23E05"  # E- shows the sign only when negative
    assert render(9.999, "0.00E+00") == "1.00E+01"  # the mantissa rounds up into the next power


def test_percent_and_scaling_multiply_exactly():
    # 0.285 * 100 in binary is 28.499999999999996: Excel shows 28.5 (15 significant digits)
    assert render(0.285, "0%") == "29%"
    assert render(2.675, "0.00") == "2.68" and render(1.005, "0.00") == "1.01"
    assert render(1234567, "0.0,") == "1234.6"


def test_dates_times_and_rounding():
    noon = 45292.5  # 1 Jan 2024 12:00
    assert render(noon, "yyyy-mm-dd hh:mm:ss") == "2024-01-01 12:00:00"
    assert render(noon, "h:mm am/pm") == "12:00 PM"  # Excel shows AM/PM in capitals
    assert render(noon, "h:mm a/p") == "12:00 p"  # A/P keeps the code's case
    # m is the minute after h or before s, else the month
    assert render(noon + 5 / 1440, "h:m") == "12:5" and render(noon, "m") == "1"
    assert render(noon + 5 / 1440, "mm:ss") == "05:00"
    # 12:00:29.6 shows as 12:00:30 (rounded to the second shown), 12:00:59.6 as 12:01
    assert render(noon + 29.6 / 86400, "hh:mm:ss") == "12:00:30"
    assert render(noon + 59.6 / 86400, "hh:mm") == "12:01"
    assert render(0.999999999, "d h:mm") == "1 0:00"  # rounds into the next day
    assert render(0, "yyyy-mm-dd") == "1900-01-00"  # Excel's day 0
    assert render(60, "d-mmm-yyyy") == "29-Feb-1900"
    assert render(0, "yyyy-mm-dd", date1904=True) == "1904-01-01"
    assert render(45000, "[$-F800]") == "Wednesday, March 15, 2023"  # en-US long date


def test_text_values():
    assert render("abc", "@") == "abc"
    assert render("abc", '@" x"') == "abc x"
    assert render(True, "0.00") == "TRUE"  # a logical value is not a number to TEXT


@pytest.mark.parametrize("code", ['"open', "[Red", "0;0;0;0;0", "[DBNum1]0", "0 days", "0.00E+", "[$-x-other]0"])
def test_refused_codes_are_value_errors(code):
    out = render(1.5, code)
    assert isinstance(out, XLError) and out == "#VALUE!"


def test_compile_and_helpers():
    assert compile_format("0;0;0;@").text is not None
    assert is_date_format(BUILTIN_FORMATS[14]) and is_date_format("[h]:mm") and not is_date_format("0.00")
    assert round_half_up(2.675, 2) == 2.68 and round_half_up(-1234.567, -1) == -1230.0
    assert render(1, BUILTIN_FORMATS[9]) == "100%"


def test_excel_saved_conditions_and_elapsed_forms():
    # apache/poi test-data/spreadsheet FormatConditionTests.xlsx, FormatChoiceTests.xlsx and
    # ElapsedFormatTests.xlsx (1904 workbooks; sheet Tests, column A = TEXT(C, B)): values
    # Excel saved
    assert render(10, '[<10]#" Wow"') == "10"  # FormatConditionTests row 3: General when it fails
    assert render(-10, '[<-10]#" Wow"') == "-10"  # row 21
    assert render(-11, '[<-10]#" Wow"') == "-11 Wow"  # row 20
    assert render(3.14159, 's:m" @ hour "[hh]', date1904=True) == "53:23 @ hour 75"  # Elapsed row 8
    assert render(3.14159, '"It was "[h]" [yes, "h"] hours and "mm:ss', date1904=True) == (
        "It was 75 [yes, 75] hours and 23:53")  # row 10
    assert render(0, '[s]" [yes, "ss"] seconds"', date1904=True) == "0 [yes, 00] seconds"  # row 31
    assert render(-3.14159, "[h]:m:s.000", date1904=True) == "-75:23:53.376"  # row 42
    assert render(-0.08546296296296296, 's" secs and "[m]" mins"', date1904=True) == "-4 secs and 123 mins"  # row 39
    assert render(-1, "[h]:m") == XLError("#VALUE!")  # the 1900 system refuses it (pycel text.xlsx)
