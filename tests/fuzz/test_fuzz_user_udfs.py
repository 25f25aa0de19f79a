"""Fuzzing the glue between the engine's values and xlwings' conversion (the user's own UDFs).

Property: whatever a range holds (numbers, text, logicals, blanks, errors, dates), a
user's function that returns its argument unchanged (``@xw.arg("x", ndim=2)``), entered as
a legacy array formula over a range of the same shape, gives back every value as the range
holds it; the values xlwings reads as None (a blank, an error cell: xlwings' rule for error
cells unless ``err_to_str``) come back as empty text, as pywin32 writes None; a date comes
back as its serial (within two microseconds: xlwings' datetimes hold microseconds).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socroi_xl.engine import evaluate
from socroi_xl.errors import XLError
from socroi_xl.xl.dates import serial

xlsxwriter = pytest.importorskip("xlsxwriter")

MODULE = '''
import xlwings as xw


@xw.func
@xw.arg("x", ndim=2)
def identity(x):
    return x
'''

_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8).filter(lambda t: t.strip() == t)
_CELL = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12).map(lambda f: ("n", f)),
    _TEXT.map(lambda t: ("s", t)),
    st.booleans().map(lambda b: ("b", b)),
    st.just(("blank", None)),
    st.sampled_from(["=1/0", "=NA()", '=VALUE("x")']).map(lambda f: ("e", f)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)).map(lambda d: ("d", d)),
)
COLS = "ABCD"


@given(st.integers(1, 4).flatmap(lambda h: st.integers(1, 4).flatmap(
    lambda w: st.lists(st.lists(_CELL, min_size=w, max_size=w), min_size=h, max_size=h))))  # fmt: skip
def test_a_range_comes_back_through_an_identity_udf(tmp_path_factory, grid):
    folder = tmp_path_factory.mktemp("fuzz_udf")
    (folder / "fuzzmod.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    h, w = len(grid), len(grid[0])
    path = folder / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss.000"})
    for r, row in enumerate(grid):
        for c, (kind, v) in enumerate(row):
            if kind == "n":
                ws.write_number(r, c, v)
            elif kind == "s":
                ws.write_string(r, c, v)
            elif kind == "b":
                ws.write_boolean(r, c, v)
            elif kind == "e":
                ws.write_formula(r, c, v)
            elif kind == "d":
                ws.write_datetime(r, c, v, date_fmt)
    ws.write_array_formula(10, 0, 10 + h - 1, w - 1, f"=identity(A1:{COLS[w - 1]}{h})")
    wb.close()
    df = evaluate(path, udf_modules=["fuzzmod"])
    got = dict(zip(df["cell"], df["value"], strict=True))
    assert not [x for x in df.attrs["warnings"] if "UDF" in x], df.attrs["warnings"]
    for r, row in enumerate(grid):
        for c, (kind, v) in enumerate(row):
            out = got[f"{COLS[c]}{11 + r}"]
            if kind in ("blank", "e"):
                assert out == "", (kind, v, out)
            elif kind == "d":
                # the file holds the serial to 16 significant digits; xlwings, to the microsecond
                assert math.isclose(out, serial(v), rel_tol=1e-15, abs_tol=2e-6 / 86400), (v, out)
            elif kind == "n":
                # the file holds the number as xlsxwriter wrote it (16 significant digits)
                assert type(out) is float and math.isclose(out, v, rel_tol=1e-15, abs_tol=1e-300), (v, out)
            else:
                assert type(out) is type(v) and out == v, (v, out)
            assert type(out) is not XLError
