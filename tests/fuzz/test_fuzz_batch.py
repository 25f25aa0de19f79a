"""Fuzzing the batch's outputs: summary values, file names, messages (issue 12, items 1 and 8).

Properties, whatever a hostile workbook or file name holds:

* summary.csv: one line per row, every text field quoted and inert (no leading formula
  character, no control character), numbers bare and equal to the figure;
* summary.xlsx: not one formula element, every text a text cell equal to what was given
  (control characters escaped), numbers equal, Excel errors as error cells;
* summary.json: the exact values;
* any file name a file system accepts (up to 255 bytes, undecodable bytes included) is
  written through :func:`socroi_xl.atomic.replacing` with a temporary name that fits, no
  debris, and shown on one line by :func:`socroi_xl.atomic.printable`.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from socroi_xl.atomic import printable, replacing, temporary_name
from socroi_xl.batch import (
    CELL_TEXT_LIMIT,
    FORMULA_TRIGGERS,
    HEADLINE_ORDER,
    Outcome,
    inert_text,
    summary_frame,
    write_summary,
)
from socroi_xl.errors import ERROR_TEXTS, XLError

UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

#: Text biased toward what attacks use: formula characters first, separators, quotes.
texts = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from([*FORMULA_TRIGGERS, "\t", "\r", "\n", "\x00", " ", "'", '"', "#", ",", ";"]),
        st.text(max_size=40),
    ),
)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**53), max_value=2**53).map(float),
    st.sampled_from([XLError(t) for t in ERROR_TEXTS[1:]]),
    texts,
)
#: Headline names as a hostile workbook's XML may spell them.
keys = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
outcomes = st.lists(
    st.builds(
        Outcome,
        path=texts,
        ok=st.booleans(),
        error=st.one_of(st.none(), texts),
        output=st.one_of(st.none(), texts),
        formulas=st.one_of(st.none(), st.integers(0, 10**6)),
        errors=st.one_of(st.none(), st.integers(0, 10**6)),
        headline=st.dictionaries(keys, values, max_size=4),
    ),
    min_size=1,
    max_size=4,
)


def _headline_columns(items: list[Outcome]) -> dict[str, int]:
    """Headline key -> its column's index, in the documented order (:func:`summary_frame`)."""
    keys = [k for k in HEADLINE_ORDER if any(k in o.headline for o in items)]
    for o in items:
        keys += [k for k in o.headline if k not in keys]
    names = list(summary_frame(items).columns)
    assert len(names) == 8 + len(keys) == len(set(names))  # one column each, no clash
    return {k: 8 + i for i, k in enumerate(keys)}


def _xstring(text: str) -> str:
    """OOXML's stored form: a literal ``_xHHHH_`` protected as ``_x005F_xHHHH_``
    (ECMA-376 Part 1, 22.9.2.19), which openpyxl reads back as stored."""
    return re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)


def _number(v: object) -> bool:
    return isinstance(v, bool | int) or (isinstance(v, float) and math.isfinite(v))


@given(outcomes)
@example([Outcome("=cmd|' /C calc'!A0", True, headline={"X": "@SUM(1)", "Y": XLError("#N/A"), "Z": "#N/A"})])
@example([Outcome("a", False, error="\r\n-1", headline={"=1": float("-inf")})])
@example([Outcome("a", False, headline={"status": "ok", "file": "b", "0": False})])
def test_summary_csv_is_inert(items):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        write_summary(items, path)
        raw = path.read_text(encoding="utf-8-sig")
    assert raw.count("\n") == 1 + len(items)
    rows = list(csv.reader(raw.splitlines()))
    assert rows[0] == [inert_text(c) for c in summary_frame(items).columns]
    for line in raw.splitlines():
        # a field is either quoted text or a bare number, boolean or nothing
        for field in re.findall(r'(?:^|,)("(?:[^"]|"")*"|[^,"]*)', line):
            if field.startswith('"'):
                assert not field[1:].startswith(FORMULA_TRIGGERS)
            elif field not in ("", "True", "False"):
                float(field)
    columns = _headline_columns(items)
    for o, row in zip(items, rows[1:], strict=True):
        assert row[0] == inert_text(o.path)
        assert all(unicodedata.category(ch) not in UNSAFE for f in row for ch in f)
        for key, want in o.headline.items():
            got = row[columns[key]]
            if want is None:
                assert got == ""
            elif _number(want) and not isinstance(want, bool):
                assert float(got) == want
            elif isinstance(want, bool):
                assert got == str(want)
            else:
                assert got == inert_text(str(want))


@pytest.mark.timeout(3600)  # the nightly budget writes 5,000 workbooks (about 6 min)
@given(outcomes)
@example([Outcome("+x", True, headline={"T": "=1+1", "E": XLError("#REF!"), "N": "#REF!"})])
@example([Outcome("_x0041_", True, headline={"_x003D_": "a_x000d_b"})])
@example([Outcome("", False, headline={"0": 1.7976931348623155e308, "1": -1.7976931348623157e308})])
def test_summary_xlsx_holds_no_formula(items):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.xlsx"
        write_summary(items, path)
        with zipfile.ZipFile(path) as zf:
            sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        assert not re.search(r"<(\w+:)?f[ >/]", sheet)
        ws = openpyxl.load_workbook(path).active
        header = [c.value for c in ws[1]]
        assert header == [_xstring(printable(c)) for c in summary_frame(items).columns]
        columns = _headline_columns(items)
        for i, o in enumerate(items, start=2):
            file_cell = ws.cell(i, 1)
            if o.path:
                assert file_cell.data_type == "s" and file_cell.value == _xstring(printable(o.path)[:CELL_TEXT_LIMIT])
            else:
                assert file_cell.value is None
            for key, want in o.headline.items():
                cell = ws.cell(i, columns[key] + 1)
                if want is None:
                    assert cell.value is None
                elif isinstance(want, XLError):
                    assert cell.data_type == "e" and cell.value == str(want)
                elif isinstance(want, bool):
                    assert cell.value is want
                elif _number(want) and math.isfinite(float(f"{want:.16g}")):
                    # openpyxl stores 16 significant digits (Excel shows 15)
                    assert math.isclose(cell.value, want, rel_tol=1e-15, abs_tol=0)
                elif _number(want):  # a hair below the largest double: 16 digits overflow
                    assert cell.data_type == "s" and cell.value == repr(want)
                elif want:
                    assert cell.data_type == "s" and cell.value == _xstring(printable(str(want)))
                else:
                    assert cell.value is None  # an empty text: an empty cell


@given(outcomes)
def test_summary_json_keeps_exact_values(items):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        write_summary(items, path)
        rows = json.loads(path.read_text(encoding="utf-8"))
    names = list(summary_frame(items).columns)
    columns = _headline_columns(items)
    for o, row in zip(items, rows, strict=True):
        assert row["file"] == o.path and row["error"] == o.error  # never a headline's
        assert row["status"] == ("ok" if o.ok else "failed")
        for key, want in o.headline.items():
            got = row[names[columns[key]]]
            if isinstance(want, float) and not math.isfinite(want):
                assert got is None
            else:
                assert got == want


# --------------------------------------------------------------------------- file names

#: Any single file name a POSIX file system accepts: bytes without "/" and NUL, 1-255 long.
names = st.binary(min_size=1, max_size=255).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
).map(os.fsdecode)


@given(names)
@example("x" * 245)
@example("é" * 125 + ".xlsx")
@example(".hidden.tmp.xlsx")
@example("-rf .xlsx")
def test_any_file_name_is_written_atomically(name):
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / name
        prefix, suffix = temporary_name(target)
        assert len(os.fsencode(prefix + "abcdefgh" + suffix)) <= 255
        with replacing(target) as tmp:
            tmp.write_bytes(b"content")
        assert target.read_bytes() == b"content"
        assert os.listdir(folder) == [name]


@given(st.text(max_size=80) | names)
def test_printable_is_one_harmless_line(text):
    shown = printable(text)
    assert not any(unicodedata.category(ch) in UNSAFE for ch in shown)
    shown.encode("utf-8")
    if not any(unicodedata.category(ch) in UNSAFE for ch in text):
        assert shown == text  # nothing to escape: nothing changed
