"""Faithfulness: every native formula cell of the corpus equals an independent engine's value.

The corpus (``tests/golden/*.xlsx``) and LibreOffice's recalculated values
(``tests/golden/*.json``) come from ``scripts/make_golden.py``; where LibreOffice is known to
differ from Excel the JSON holds Excel's documented value instead (``excel_overrides``
says why, ``libreoffice`` keeps LibreOffice's). Cells calling SOCROI functions, and cells
that depend on them, are excluded (LibreOffice cannot run them); the function tests cover
those.

Numbers compare with a relative tolerance of 1e-9 (absolute 1e-12 near zero: Excel and
LibreOffice snap a final subtraction like ``0.1*3-0.3`` to 0, an IEEE engine leaves
5.6e-17); text and booleans exactly; errors by their text.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

GOLDEN = Path(__file__).with_name("golden")
BOOKS = sorted(p.stem for p in GOLDEN.glob("*.json"))

# Cells the engine still gets wrong: {(book, cell): "engine: why"}. Each becomes a strict
# xfail, so fixing the engine turns it into a failure that asks for the entry's removal.
ENGINE_GAPS: dict[tuple[str, str], str] = {}


@functools.cache
def _golden(book: str) -> dict:
    return json.loads((GOLDEN / f"{book}.json").read_text(encoding="utf-8"))


def _cases():
    for book in BOOKS:
        for cell in _golden(book)["cells"]:
            marks = []
            if (book, cell) in ENGINE_GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason=ENGINE_GAPS[(book, cell)]))
            yield pytest.param(book, cell, id=f"{book}:{cell}", marks=marks)


@functools.cache
def _evaluate(book: str) -> tuple[dict[str, object] | None, str | None]:
    """The engine's values by ``"Sheet!A1"``, or the one-line error it raised (cached)."""
    engine = pytest.importorskip("socroi_xl.engine")
    if not hasattr(engine, "evaluate"):
        pytest.skip("socroi_xl.engine.evaluate not written yet")
    try:
        frame = engine.evaluate(GOLDEN / f"{book}.xlsx")
    except Exception as exc:  # reported by every cell of the book, computed once
        return None, f"{type(exc).__name__}: {exc}"
    cells = zip(frame["sheet"], frame["cell"], frame["value"], strict=True)
    return {f"{s}!{c}": v for s, c, v in cells}, None


def _evaluated(book: str) -> dict[str, object]:
    values, failure = _evaluate(book)
    if values is None:
        pytest.fail(f"engine.evaluate({book}.xlsx) raised {failure}")
    return values


def _is_error(value: object) -> bool:
    from socroi_xl.errors import XLError

    return isinstance(value, XLError)


def _describe(value: object) -> str:
    return f"{value!r} ({type(value).__name__})"


def same(expected: object, got: object) -> bool:
    """True when the engine's ``got`` is Excel's ``expected`` (golden JSON encoding)."""
    if isinstance(got, np.generic):
        got = got.item()
    if isinstance(expected, dict):
        return _is_error(got) and str(got) == expected["error"]
    if isinstance(expected, bool):
        return isinstance(got, bool) and got == expected
    if isinstance(expected, float):
        return (
            isinstance(got, int | float) and not isinstance(got, bool)
            and math.isclose(float(got), expected, rel_tol=1e-9, abs_tol=1e-12)
        )
    if isinstance(expected, str):
        return isinstance(got, str) and not _is_error(got) and got == expected
    return got is None


@pytest.mark.parametrize("book", BOOKS)
def test_corpus_matches_its_golden_file(book):
    # the golden values were computed from exactly this workbook
    record = _golden(book)
    digest = hashlib.sha256((GOLDEN / f"{book}.xlsx").read_bytes()).hexdigest()
    assert digest == record["sha256"], f"regenerate: scripts/make_golden.py --only {book}"
    assert set(record["cells"]) | set(record["excluded"]) == set(record["formulas"])


@pytest.mark.parametrize(("book", "cell"), list(_cases()))
def test_native_cell(book, cell):
    record = _golden(book)
    values = _evaluated(book)
    assert cell in values, f"engine returned no row for formula cell {cell}"
    expected = record["cells"][cell]
    got = values[cell]
    why = record["excel_overrides"].get(cell)
    note = f" (Excel, not LibreOffice: {why})" if why else ""
    assert same(expected, got), (
        f"{book}.xlsx {cell} {record['formulas'][cell]}: expected {expected!r}{note}, "
        f"engine gave {_describe(got)}"
    )


def test_engine_covers_every_formula_cell():
    # one row per formula cell, every cell of an array formula's range included
    for book in BOOKS:
        values = _evaluated(book)
        missing = set(_golden(book)["formulas"]) - set(values)
        assert not missing, f"{book}: no value for {sorted(missing)[:10]}"


def test_comparison_rule():
    from socroi_xl.errors import XLError

    assert same(0.3, 0.1 + 0.2) and same(0.0, 0.1 * 3 - 0.3)
    assert not same(1.0, True) and not same(True, 1.0) and not same(1.0, "1")
    assert same({"error": "#N/A"}, XLError("#N/A")) and not same("#N/A", XLError("#N/A"))
    assert not same({"error": "#N/A"}, XLError("#DIV/0!")) and not same(2.0, 2.0000001)


# --------------------------------------------------------------------------- the generator


def _make_golden():
    spec = importlib.util.spec_from_file_location(
        "socroi_make_golden", Path(__file__).parents[1] / "scripts" / "make_golden.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_socroi_exclusion_walk(tmp_path):
    """Cells calling SOCROI functions, and everything downstream of them, are excluded."""
    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.table import Table

    mg = _make_golden()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for r, row in enumerate([["Spend", "Clicks", "CPC", "Twice"], [10, 2, None, None],
                             [20, 4, None, None]], start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
    for r in (2, 3):
        ws.cell(r, 3, "=SOCROI_CPC(T[[#This Row],[Spend]],T[[#This Row],[Clicks]])")
        ws.cell(r, 4, "=T[[#This Row],[Spend]]*2")
    ws.add_table(Table(displayName="T", ref="A1:D3"))
    wb.defined_names["FirstCPC"] = DefinedName("FirstCPC", attr_text="S!$C$2")
    o = wb.create_sheet("O")
    o["A1"] = "=SUM(T[CPC])"          # table column computed by SOCROI
    o["A2"] = "=SUM(T[Spend])"        # plain data column: kept
    o["A3"] = "=FirstCPC+1"           # defined name of a SOCROI cell
    o["A4"] = "=SUM(S!C:C)"           # whole column
    o["A5"] = "=A1*2"                 # second-hand dependency
    o["A6"] = "=_xldudf_SOCROI(1,2)"  # stored add-in prefix
    o["A7"] = "=SUM(T[Twice])"        # native formula column: kept
    o["A8"] = "='S'!B2+1"             # quoted sheet, not a SOCROI cell: kept
    path = tmp_path / "x.xlsx"
    wb.save(path)
    wb = openpyxl.load_workbook(path)
    formulas = mg.formula_cells(wb)
    excluded = mg.socroi_exclusions(wb, formulas)
    assert set(excluded) == {"S!C2", "S!C3", "O!A1", "O!A3", "O!A4", "O!A5", "O!A6"}
    assert excluded["O!A5"] == "depends on O!A1"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_golden_files_reproduce(tmp_path):
    """Rebuilding a corpus workbook with LibreOffice gives the committed golden values."""
    mg = _make_golden()
    assert mg.main(["--only", "rounding", "lookup", "--out", str(tmp_path)]) == 0
    for book in ("rounding", "lookup"):
        new = json.loads((tmp_path / f"{book}.json").read_text())
        old = _golden(book)
        assert new["formulas"] == old["formulas"]
        assert new["cells"] == old["cells"]
