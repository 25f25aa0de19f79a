"""REGEXTEST, REGEXEXTRACT, REGEXREPLACE. Expected values: Microsoft's function pages
(support.microsoft.com "REGEXTEST function", "REGEXEXTRACT function", "REGEXREPLACE
function") and values Excel saved in ironcalc/IronCalc xlsx/tests/calc_tests/TEXT/REGEX.xlsx
and vinci1it2000/formulas test/test_files/test.xlsx (sheets TEXT, rows 31-33, and EXTRA)."""

from __future__ import annotations

import pytest

from socroi_xl.engine.functions.text_regex import translate
from socroi_xl.engine.values import Err

from .engine_functions.book import formulas


def test_regex_functions_as_excel_saved_them(tmp_path):
    v = formulas(tmp_path, {"A1": "Mr. Sherlock Holmes", "A2": "LonelyPlanet", "A3": "JamesBond",
                            "A4": 1.9, "A5": 10, "A6": "ciao", "A7": True}, {
        "test": '=REGEXTEST(A1,"[A-Z]her")',  # REGEX.xlsx REGEXTEST!A3: TRUE
        "test digits": '=REGEXTEST(A1,"[0-9]+")',  # A4: FALSE
        "number pattern": "=REGEXTEST(A4,1.9)",  # formulas TEXT!S33: the number as text: TRUE
        "case": '=REGEXTEST(A6,"^ciaO$",1)',  # X33: TRUE (1: case ignored)
        "case bad": '=REGEXTEST(A4,"^\\d+$",2)',  # T33: #VALUE!
        "logical": '=REGEXTEST(A7,"^\\d+$")',  # Y33: FALSE (TRUE is the text "TRUE")
        "extract": '=REGEXEXTRACT(A2,"[A-Z][a-z]+")',  # REGEX.xlsx REGEXEXTRACT!A2: Lonely
        "extract none": '=REGEXEXTRACT(A4,"^\\d+$")',  # TEXT!S31: #N/A
        "extract num": '=REGEXEXTRACT(A5,"^\\d+$")',  # U31: "10"
        "no group": '=REGEXEXTRACT("Sonia Rees    (378) 555-4197","[0-9()]+ [0-9-]+",2)',  # EXTRA!K3: #VALUE!
        "replace": '=REGEXREPLACE(A3,"([A-Z][a-z]+)([A-Z][a-z]+)","$2, $1 $2")',  # Bond, James Bond
        "replace logical": '=REGEXREPLACE(A5,"^\\d+$",TRUE)',  # TEXT!U32: "TRUE"
        "replace none": '=REGEXREPLACE(A4,"^\\d+$","pi")',  # S32: "1.9"
        "blank": '=REGEXREPLACE(B9,"^\\d+$","pi")',  # W32: ""
    })
    assert v == {"test": True, "test digits": False, "number pattern": True, "case": True,
                 "case bad": "#VALUE!", "logical": False, "extract": "Lonely", "extract none": "#N/A",
                 "extract num": "10", "no group": "#VALUE!", "replace": "Bond, James Bond",
                 "replace logical": "TRUE", "replace none": "1.9", "blank": ""}


def test_documented_examples(tmp_path):
    # REGEXREPLACE page: anonymise the first three digits: "(?<=\d{3})" style; here the
    # page's occurrence example: replace only the 2nd match, and the last one (-1)
    v = formulas(tmp_path, {"A1": "Sonia Rees (378) 555-4195"}, {
        "second": '=REGEXREPLACE("aaa","a","b",2)',  # "aba"
        "last": '=REGEXREPLACE("aaa","a","b",-1)',  # "aab"
        "all": '=REGEXREPLACE("aaa","a","b")',  # "bbb"
        "phone": '=REGEXEXTRACT(A1,"[0-9()]+ [0-9-]+")',  # REGEXEXTRACT page: "(378) 555-4195"
        "named": '=REGEXREPLACE("2024-03","(?<y>\\d+)-(?<m>\\d+)","${m}/${y}")',  # "03/2024"
    })
    assert v == {"second": "aba", "last": "aab", "all": "bbb", "phone": "(378) 555-4195", "named": "03/2024"}


def test_extract_arrays(tmp_path):
    # REGEX.xlsx REGEXEXTRACT!A4:B4 (mode 1: every match, in a row); mode 2: the groups of
    # the first match, a group that took no part is #N/A (formulas' test.xlsx EXTRA!N3:P3)
    v = formulas(tmp_path, {"A2": "LonelyPlanet"}, {
        "all first": '=INDEX(REGEXEXTRACT(A2,"[A-Z][a-z]+",1),1,1)',
        "all second": '=INDEX(REGEXEXTRACT(A2,"[A-Z][a-z]+",1),1,2)',
        "groups": '=INDEX(REGEXEXTRACT("1a2b3c","((\\d)[bc]+|(3c))",2),1,2)',  # "2"
        "group left out": '=INDEX(REGEXEXTRACT("1a2b3c","((\\d)[bc]+|(3c))",2),1,3)',  # #N/A
    })
    assert v == {"all first": "Lonely", "all second": "Planet", "groups": "2", "group left out": "#N/A"}


@pytest.mark.parametrize("pattern", [r"\p{L}+", r"a\Kb", r"(?R)", r"(*SKIP)a", r"[[:nope:]]"])
def test_what_python_cannot_read_is_refused_not_guessed(pattern):
    with pytest.raises(Err):
        translate(pattern)


def test_pcre_spellings_are_translated():
    assert translate(r"(?<y>\d{4})\k<y>") == r"(?P<y>\d{4})(?P=y)"
    assert translate(r"[[:upper:]]\z") == r"[A-Z]\Z"
    assert translate(r"(?<=a)(?<!b)") == r"(?<=a)(?<!b)"  # look-behinds stay
