"""Workbooks saved by other programs (Apache POI's test data): read as independent readers
read them, recalculated to the values their writers saved, or refused with a reason.

The files are in ``tests/fixtures/xlsx_poi`` (Apache License 2.0; see the README there).
The expected values come from elsewhere: openpyxl's reading of the same file, LibreOffice's
(for Strict OOXML, which openpyxl cannot read), and the values Excel or LibreOffice cached
in the formula cells when they saved the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import subprocess
import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import to_excel

from socroi_xl import libreoffice
from socroi_xl.engine import WorkbookError, evaluate, recalc_path
from socroi_xl.engine.package import read_book
from socroi_xl.xlsx.package import Package

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xlsx_poi"
REFUSED = {
    "duplicate-filename.xlsx": "duplicate zip member",
    "duplicate-filename-case-insensitive.xlsx": "duplicate zip member",
    "poc-xmlbomb.xlsx": "DTD",
}
READ = sorted(p.name for p in FIXTURES.glob("*.xlsx") if p.name not in REFUSED)
STRICT = ["SimpleStrict.xlsx", "sample.strict.xlsx"]


def cells(path: Path) -> dict[str, dict[tuple[int, int], object]]:
    """Every non-blank cell our reader reads, by sheet."""
    out: dict[str, dict[tuple[int, int], object]] = {}
    with Package.open(path) as pkg:
        book = read_book(pkg)
        for sheet in book.sheets:
            found = {}
            for c in range(1, sheet.ncols + 1):
                for r in range(1, sheet.nrows + 1):
                    v = sheet.value(c, r)
                    if v is not None and v != "":
                        found[(r, c)] = v
            out[sheet.name] = found
    return out


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return a == b


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_reason(tmp_path, name):
    with pytest.raises(WorkbookError, match=REFUSED[name]) as info:
        recalc_path(FIXTURES / name, tmp_path / "out.xlsx")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out.xlsx").exists()


#: Where openpyxl reads differently, and why we are right: 60289 B2 holds "_x000d_" in a
#: rich-text run, which is a carriage return (openpyxl leaves the escape); 52575 A2 is
#: t="inlineStr" with its text in <v> (LibreOffice's writing), which openpyxl reads as blank.
OPENPYXL_DIFFERS = {("60289.xlsx", "TABLE", (2, 2)), ("52575_main.xlsx", "Tabelle1", (2, 1))}


@pytest.mark.parametrize("name", [n for n in READ if n not in STRICT])
def test_values_read_as_openpyxl_reads_them(name):
    ours = cells(FIXTURES / name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(FIXTURES / name, data_only=True)
    compared = 0
    for ws in wb.worksheets:
        theirs = {}
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if v is None or v == "":
                    continue
                if isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
                    v = to_excel(v, wb.epoch)
                theirs[(cell.row, cell.column)] = v
        mine = ours[ws.title]
        for key in set(mine) | set(theirs):
            if (name, ws.title, key) in OPENPYXL_DIFFERS:
                continue
            assert same(mine.get(key), theirs.get(key)), (ws.title, key, mine.get(key), theirs.get(key))
            compared += 1
    assert compared > 0


@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice not installed")
def test_strict_files_read_as_libreoffice_reads_them(tmp_path):
    """openpyxl cannot open Strict OOXML; LibreOffice can: its CSV of each sheet is the reference."""
    profile = libreoffice.make_profile(tmp_path / "profile", recalc_on_load=False)
    subprocess.run(
        [libreoffice.find_soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path), *[str(FIXTURES / n) for n in STRICT]],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    compared = 0
    for name in STRICT:
        for sheet, mine in cells(FIXTURES / name).items():
            path = tmp_path / f"{Path(name).stem}-{sheet}.csv"
            rows = list(csv.reader(path.open(encoding="utf-8"))) if path.exists() else []
            theirs = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v != ""}
            assert set(mine) == set(theirs), (name, sheet)
            for key, text in theirs.items():
                v = mine[key]
                if isinstance(v, float):
                    try:
                        assert math.isclose(v, float(text)), (name, sheet, key)
                    except ValueError:  # a date shown as such by LibreOffice
                        continue
                else:
                    assert str(v) == text, (name, sheet, key)
                compared += 1
    assert compared >= 30


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("InlineStrings.xlsx", 6),  # pretty-printed, inline strings: D = A - A$2
        ("sample.strict.xlsx", 1),  # Strict: B10 = SUM(B1:B9) = 111 + 222 + ... + 999 = 4995
        ("SimpleStrict.xlsx", 2),
    ],
)
def test_recalculated_values_equal_the_saved_ones(name, count):
    saved = {}
    for sheet, found in cells(FIXTURES / name).items():
        for (r, c), v in found.items():
            saved[(sheet, r, c)] = v
    df = evaluate(FIXTURES / name)
    assert len(df) == count
    for sheet, cell, value in zip(df["sheet"], df["cell"], df["value"], strict=True):
        ws = openpyxl.utils.cell.coordinate_from_string(cell)
        key = (sheet, ws[1], openpyxl.utils.cell.column_index_from_string(ws[0]))
        assert same(value, saved[key]), (name, cell, value, saved[key])


def test_dynamic_array_formula_saved_by_excel_is_marked():
    """xlookup.xlsx: Excel 365 spilled =XLOOKUP(B2,B5:B14,C5:D14) from C2 into C2:D2."""
    with Package.open(FIXTURES / "xlookup.xlsx") as pkg:
        book = read_book(pkg)
    fc = book.sheets[0].formulas
    marked = {(int(r), int(c)) for r, c, d in zip(fc.rows, fc.cols, fc.dynamic, strict=True) if d}
    assert marked == {(2, 3)}


def test_external_link_values_saved_by_excel():
    """63934.xlsx: the defined name RID is [1]Inputs!$E$13; Excel cached 43559 there."""
    with Package.open(FIXTURES / "63934.xlsx") as pkg:
        book = read_book(pkg)
    link = book.externals[1]
    assert link.value("Inputs", 13, 5) == 43559.0 and link.value("inputs", 13, 5) == 43559.0
    assert link.value("Inputs", 14, 5) is None
    assert link.sheets[1] == "Inputs" and link.target.endswith("GO_digit_GMC_calculator_25.3.2019.xlsm")
    assert book.names[(None, "RID")] == "[1]Inputs!$E$13"
