"""The user's own xlwings functions, evaluated on request (``socroi_xl.engine.user_udfs``).

Two kinds of tests:

- xlwings' own UDF test workbooks (``tests/udfs/udf_tests.xlsm``, ``async_tests.xlsm``,
  ``dynamic_array_tests.xlsm`` with their ``.py`` modules, from the pinned xlwings 0.37.8
  sdist of the registry corpus): every formula cell is recalculated after Excel's saved
  values were removed and compared with the value Excel saved (with xlwings' UDFs run by
  Excel). The expected values are Excel's, never ours; the cells that differ are named with
  the reason;
- the glue between the engine's values and xlwings' conversion, on small workbooks written
  here: blanks, errors, dates, 2-D results, exceptions, Excel-only functions, opting in.
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from socroi_xl.cli import main
from socroi_xl.engine import UnevaluatedError, WorkbookError, evaluate, recalc_path
from socroi_xl.errors import XLError

xlsxwriter = pytest.importorskip("xlsxwriter")


# --------------------------------------------------------------------------- xlwings' own workbooks

XLWINGS = "xlwings-0.37.8/tests/udfs"


@pytest.fixture(scope="module")
def xlwings_udfs(tmp_path_factory, corpus_script) -> Path:
    """xlwings' UDF test workbooks with their modules beside them, as xlwings has them."""
    registry = corpus_script("registry")
    cache = registry.for_tests()
    folder = tmp_path_factory.mktemp("xlwings_udfs")
    for name in ("udf_tests", "async_tests", "dynamic_array_tests"):
        shutil.copy(registry.path_of("xlwings", f"{XLWINGS}/{name}.xlsm", cache), folder / f"{name}.xlsm")
    pkg = next(p for p in registry.PACKAGES if p.name == "xlwings")
    archive = registry.archive_path(pkg, cache)  # its sha256 is checked against the pin
    with tarfile.open(archive) as tf:
        for name in ("udf_tests", "async_tests", "dynamic_array_tests"):
            fh = tf.extractfile(f"{XLWINGS}/{name}.py")
            (folder / f"{name}.py").write_bytes(fh.read())
    return folder


def _against_excel(corpus_script, folder: Path, name: str, tmp_path: Path, **options):
    """Recalculate a copy without Excel's saved values (same name, same folder: xlwings'
    module rule) and compare each formula cell with Excel's value."""
    compare = corpus_script("compare")
    xlsxcells = corpus_script("xlsxcells")
    src = folder / f"{name}.xlsm"
    work = tmp_path / "in"
    work.mkdir(parents=True)
    stripped = work / src.name
    xlsxcells.strip_values(src, stripped)
    shutil.copy(folder / f"{name}.py", work / f"{name}.py")
    out = tmp_path / "out.xlsm"
    res = recalc_path(stripped, out, **options)
    outcome = compare.Outcome("ok", warnings=list(res.warnings))
    outcome.values = compare._values_at(out)
    return compare.compare(xlsxcells.read_book(src), outcome, name), res


#: udf_tests.xlsm: the functions that need Excel itself, and the cells that read them (the
#: sheet's check column H, its summary column A, and B3 = COUNTIF(A:A,FALSE) over them all)
NEEDS_EXCEL = {"G277": "READ_WORKBOOK_CALLER", "G281": "VARIABLE_ARGS", "G353": "CELL_CALLER",
               "G355": "CELL_CALLER_MULTIPLE_ARGS"}  # fmt: skip
READ_THEM = {f"{c}{r}" for r in (277, 281, 353, 355) for c in "AH"} | {"B3"}


def test_xlwings_udf_tests_workbook_equals_excel(xlwings_udfs, tmp_path, corpus_script):
    """829 of the 842 formula cells equal what Excel saved with xlwings running the UDFs;
    the 13 others are the 4 calls of functions that need Excel itself (xw.Book.caller(), a
    'caller' argument, an argument filled by VBA's ``Application``) and the 9 cells that read
    them: #VALUE! or #NAME?, each named in a warning, never a plausible value."""
    result, res = _against_excel(corpus_script, xlwings_udfs, "udf_tests", tmp_path, workbook_udfs=True)
    assert result.cells == 842
    differing = {d.cell for d in result.diffs}
    assert differing == set(NEEDS_EXCEL) | READ_THEM, sorted(differing)
    assert result.equal == 829
    for cell, fn in NEEDS_EXCEL.items():
        assert any(fn in w and f"Sheet1!{cell}" in w and "cannot run without Excel" in w for w in res.warnings), fn
    assert res.unevaluated == 13  # counted as not evaluated: --strict fails on them
    reasons = {d.cell: d.reason for d in result.diffs}
    for cell, fn in NEEDS_EXCEL.items():  # the comparator names why, from the engine's warning
        assert reasons[cell].startswith(f"macro or add-in function {fn} (the workbook's own xlwings function cannot run without Excel")


def test_the_comparator_finds_a_workbooks_modules_only_when_asked(xlwings_udfs, tmp_path, corpus_script):
    """``compare.py --udf-dir DIR``: the modules xlwings would import (here the one named like
    the workbook), beside it or under ``DIR/<its folder>``; without the option, none."""
    compare = corpus_script("compare")
    layout = tmp_path / "py" / "owner+repo" / "tests"
    layout.mkdir(parents=True)
    shutil.copy(xlwings_udfs / "udf_tests.py", layout / "udf_tests.py")
    alone = tmp_path / "cache" / "owner+repo" / "tests"
    alone.mkdir(parents=True)
    shutil.copy(xlwings_udfs / "udf_tests.xlsm", alone / "udf_tests.xlsm")
    found = compare.udf_modules_for(alone / "udf_tests.xlsm", "owner+repo/tests/udf_tests.xlsm", [tmp_path / "py"])
    assert found == (str((layout / "udf_tests.py").resolve()),)
    assert compare.udf_modules_for(alone / "udf_tests.xlsm", "owner+repo/tests/udf_tests.xlsm", []) == ()
    beside = compare.udf_modules_for(xlwings_udfs / "async_tests.xlsm", "x/async_tests.xlsm", [])
    assert beside == (str((xlwings_udfs / "async_tests.py").resolve()),)


def test_xlwings_async_tests_workbook_equals_excel(xlwings_udfs, tmp_path, monkeypatch, corpus_script):
    """Threading UDFs, coroutines, ``expand="table"`` arguments and results: all 5,454
    formula cells equal Excel's saved values (async functions are simply awaited). The
    module's functions sleep to test Excel's asynchronous calls (``time.sleep(1)``,
    ``asyncio.sleep(1)``): the sleeps are skipped here, their results do not depend on them."""
    import asyncio
    import time

    async def no_wait(*args, **kwargs):
        return None

    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    monkeypatch.setattr(asyncio, "sleep", no_wait)
    result, res = _against_excel(corpus_script, xlwings_udfs, "async_tests", tmp_path, udf_modules=["async_tests"])
    assert (result.equal, result.cells) == (5454, 5454), [d.row() for d in result.diffs[:5]]
    assert res.unevaluated == 0


def test_xlwings_dynamic_array_tests_workbook(xlwings_udfs, tmp_path, corpus_script):
    """The module's function fills its 5x5 array formula as Excel saved it; the 32 cells of
    ``[1]!sql(...)`` call the xlwings add-in's own ``sql`` (link 1 is xlwings.xlam), not the
    module's: #NAME? with a warning, unless ``xlwings.ext`` (the add-in's Python side) is
    given too, or the workbook's modules are asked for (classic xlwings offers the add-in's
    functions to every workbook); then all 64 cells equal Excel's."""
    result, res = _against_excel(corpus_script, xlwings_udfs, "dynamic_array_tests", tmp_path / "a", udf_modules=["dynamic_array_tests"])
    assert result.cells == 64 and result.equal == 32
    assert {(d.sheet, d.formula) for d in result.diffs} == {("sql", "=[1]!sql(A14,A1:D11,G1:H8)")}
    assert any("unknown function [1]!SQL" in w for w in res.warnings)
    result, res = _against_excel(corpus_script, xlwings_udfs, "dynamic_array_tests", tmp_path / "b", udf_modules=["dynamic_array_tests", "xlwings.ext"])
    assert (result.equal, result.cells) == (64, 64), [d.row() for d in result.diffs[:3]]
    # --workbook-udfs: as classic xlwings, the add-in's functions come with the workbook's modules
    result, res = _against_excel(corpus_script, xlwings_udfs, "dynamic_array_tests", tmp_path / "c", workbook_udfs=True)
    assert (result.equal, result.cells) == (64, 64), [d.row() for d in result.diffs[:3]]
    assert any("[1]!SQL" in w and "xlwings.ext" in w for w in res.warnings)


def test_an_add_in_function_is_found_only_through_an_add_in_link():
    """``[1]!SQL``: the function SQL when external link 1 is an add-in (.xlam/.xla)."""
    from types import SimpleNamespace

    from socroi_xl.engine.user_udfs import UserFunction, UserFunctions

    fn = UserFunction("SQL", len, "xlwings.ext", {"args": [], "ret": {"options": {}}})
    found = UserFunctions(functions={"SQL": fn})
    addin = SimpleNamespace(externals={1: SimpleNamespace(target="file:///C:/Users/x/xlwings.xlam"),
                                       2: SimpleNamespace(target="prices.xlsx")})  # fmt: skip
    assert found.get("SQL", addin) is fn
    assert found.get("[1]!SQL", addin) is fn
    assert found.get("[2]!SQL", addin) is None  # a workbook's name, not an add-in's function
    assert found.get("[3]!SQL", addin) is None


def test_not_opted_in_the_workbook_udfs_are_unknown_functions(xlwings_udfs, tmp_path, corpus_script):
    """Nothing is imported unless asked: the same workbook without the option is #NAME?."""
    result, res = _against_excel(corpus_script, xlwings_udfs, "async_tests", tmp_path)
    assert result.equal < 100
    assert any(w.startswith("unknown function SIMPLE ") for w in res.warnings)


# --------------------------------------------------------------------------- the glue

MODULE = '''
import asyncio
import datetime as dt

import numpy as np
import xlwings as xw


@xw.func
def describe(x):
    return type(x).__name__ + ":" + repr(x)


@xw.func
@xw.arg("x", err_to_str=True)
def error_text(x):
    return x


@xw.func
def grid():
    return [[1, 2], [3, 4]]


@xw.func
def matrix():
    return np.array([[1.5, 2.5], [3.5, 4.5]])


@xw.func
def boom(x):
    raise ZeroDivisionError("no way")


@xw.func
def add(a, b=10):
    return a + b


@xw.func
def total(first, *rest):
    return first + sum(rest)


@xw.func
async def later(x):
    await asyncio.sleep(0)
    return x * 2


@xw.func
@xw.arg("caller", "range")
def where(caller):
    return caller.address


@xw.func
def needs_book():
    return xw.Book.caller().name


@xw.func
@xw.arg("x", np.array, ndim=2)
def shape(x):
    return "x".join(map(str, x.shape))


@xw.func
@xw.ret(transpose=True)
def as_column():
    return [1, 2, 3]


@xw.func
def evening():
    return dt.datetime(2024, 1, 1, 18)


@xw.func
def day(x):  # Excel's own DAY takes precedence, as in Excel
    return -1


@xw.func
def teatime():
    return dt.datetime(1899, 12, 30, 16, 30)


@xw.func
def nothing():
    return None


@xw.func
def empty():
    return []


@xw.func
def thing():
    return object()


@xw.func
def leave():
    raise SystemExit(3)


def helper(x):  # not decorated: not a UDF
    return x
'''


def _book(path: Path, cells: dict[str, object], arrays: dict[str, str] | None = None,
          dynamic: dict[str, str] | None = None) -> Path:  # fmt: skip
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for ref, v in cells.items():
        if isinstance(v, str) and v.startswith("="):
            ws.write_formula(ref, v)
        elif hasattr(v, "year") or hasattr(v, "hour"):
            ws.write_datetime(ref, v, date_fmt)
        else:
            ws.write(ref, v)
    for ref, f in (arrays or {}).items():
        ws.write_array_formula(ref, f)
    for ref, f in (dynamic or {}).items():
        ws.write_dynamic_array_formula(ref, f)
    wb.close()
    return path


def _run(tmp_path: Path, cells, arrays=None, dynamic=None, **options) -> dict:
    (tmp_path / "mine.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    path = _book(tmp_path / "book.xlsx", cells, arrays, dynamic)
    df = evaluate(path, **({"udf_modules": ["mine"]} | options))
    out = dict(zip(df["cell"], df["value"], strict=True))
    out["warnings"] = df.attrs["warnings"]
    out["unevaluated"] = df.attrs["unevaluated"]
    return out


def test_values_reach_the_function_as_xlwings_gives_them(tmp_path):
    """As pywin32 hands cells to xlwings: numbers are floats, a blank cell None, an error
    cell None (xlwings' default), a date-formatted cell a datetime, a range rows of values."""
    import datetime as dt

    out = _run(tmp_path, {"A1": 2, "A2": "hi", "A3": True, "A5": "=1/0", "A6": dt.datetime(2015, 1, 15), "A7": dt.time(12, 0),
                          "B1": "=describe(A1)", "B2": "=describe(A2)", "B3": "=describe(A3)", "B4": "=describe(A4)",
                          "B5": "=describe(A5)", "B6": "=describe(A6)", "B7": "=describe(A1:A2)", "B8": "=describe(3)",
                          "B9": "=error_text(A5)", "B10": "=shape(A1:A3)", "B11": "=describe(A7)"})  # fmt: skip
    assert out["B1"] == "float:2.0"
    assert out["B2"] == "str:'hi'"
    assert out["B3"] == "bool:True"
    assert out["B4"] == "NoneType:None"  # blank
    assert out["B5"] == "NoneType:None"  # an error cell: None unless err_to_str
    assert out["B6"] == "datetime:datetime.datetime(2015, 1, 15, 0, 0)"
    assert out["B7"] == "list:[2.0, 'hi']"  # a column: a list (xlwings' ndim squeeze)
    assert out["B8"] == "float:3.0"
    assert out["B9"] == "#DIV/0!"  # err_to_str: the error's text
    assert out["B10"] == "3x1"  # np.array, ndim=2
    assert out["B11"] == "datetime:datetime.datetime(1899, 12, 30, 12, 0)"  # a time alone: COM's day 0
    assert not [w for w in out["warnings"] if "UDF" in w and "DAY" not in w]


def test_defaults_varargs_and_coroutines(tmp_path):
    out = _run(tmp_path, {"A1": "=add(1)", "A2": "=add(1,2)", "A3": "=total(1,2,3,4)", "A4": "=later(21)",
                          "A5": "=add(1,2,3)"})  # fmt: skip
    assert out["A1"] == 11.0  # b's default, 10
    assert out["A2"] == 3.0
    assert out["A3"] == 10.0  # 1 + 2 + 3 + 4
    assert out["A4"] == 42.0  # an async function is awaited
    assert out["A5"] == XLError("#VALUE!")  # too many arguments
    assert any("UDF ADD" in w and "3 arguments given" in w for w in out["warnings"])


def test_a_2d_result_fills_an_array_formula_and_shows_its_top_left_otherwise(tmp_path):
    out = _run(tmp_path, {"A1": "=grid()", "A5": "=matrix()"}, arrays={"C1:D2": "=grid()", "F1:F3": "=as_column()"})
    assert out["A1"] == 1.0  # an ordinary formula: the top-left value, as Excel shows it
    assert out["A5"] == 1.5
    assert [out["C1"], out["D1"], out["C2"], out["D2"]] == [1.0, 2.0, 3.0, 4.0]
    assert [out["F1"], out["F2"], out["F3"]] == [1.0, 2.0, 3.0]  # @xw.ret(transpose=True)


def test_a_2d_result_spills_from_a_dynamic_array_formula(tmp_path):
    out = _run(tmp_path, {"E1": "=ROWS(A1#)*10+COLUMNS(A1#)"}, dynamic={"A1": "=matrix()"})
    assert [out["A1"], out["B1"], out["A2"], out["B2"]] == [1.5, 2.5, 3.5, 4.5]
    assert out["E1"] == 22.0  # A1# is the 2x2 spill range


def test_dates_and_none_are_written_as_excel_has_them(tmp_path):
    out = _run(tmp_path, {"A1": "=evening()", "A2": "=nothing()", "A3": "=DAY(45292)", "A4": "=teatime()"})
    assert out["A1"] == 45292.75  # 2024-01-01 18:00: serial 45292 (Excel's DATE(2024,1,1)) + 0.75
    assert out["A2"] == ""  # pywin32 writes None as empty text
    assert out["A3"] == 1.0  # Excel's DAY, not the module's
    assert out["A4"] == 0.6875  # a time alone (COM's day 0, 1899-12-30): 16:30 is 16.5/24
    assert any("UDF DAY of mine is not used: Excel's own DAY" in w for w in out["warnings"])


def test_an_exception_is_value_error_and_a_warning_naming_function_cell_and_exception(tmp_path):
    out = _run(tmp_path, {"A1": "=boom(1)", "A2": "=IFERROR(boom(1),7)", "A3": "=empty()", "A4": "=thing()", "A5": "=leave()"})
    assert out["A1"] == XLError("#VALUE!")
    assert out["A2"] == 7.0  # the cell's error is #VALUE!, as in Excel
    (warning,) = [w for w in out["warnings"] if "UDF BOOM" in w]
    assert "ZeroDivisionError: no way" in warning and "S!A1" in warning and "S!A2" in warning
    assert out["A3"] == XLError("#VALUE!")
    assert any("UDF EMPTY" in w and "empty result" in w and "S!A3" in w for w in out["warnings"])
    assert out["A4"] == XLError("#VALUE!") and out["A5"] == XLError("#VALUE!")  # never str(object())
    assert any("UDF THING" in w and "returned a value of type object" in w for w in out["warnings"])
    assert any("UDF LEAVE" in w and "SystemExit" in w for w in out["warnings"])  # the command goes on
    assert out["unevaluated"] == 0  # the functions ran: their results are the user's


def test_functions_needing_excel_are_value_error_named_and_counted(tmp_path):
    out = _run(tmp_path, {"A1": "=where()", "A2": "=needs_book()", "A3": "=A1"})
    assert out["A1"] == XLError("#VALUE!") and out["A2"] == XLError("#VALUE!")
    assert any("UDF WHERE" in w and "'caller'" in w and "S!A1" in w for w in out["warnings"])
    assert any("UDF NEEDS_BOOK" in w and "xw.Book.caller()" in w for w in out["warnings"])
    assert out["unevaluated"] == 3  # the two calls and the cell reading one


def test_strict_fails_on_a_function_needing_excel(tmp_path):
    (tmp_path / "mine.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    path = _book(tmp_path / "book.xlsx", {"A1": "=where()"})
    with pytest.raises(UnevaluatedError, match="WHERE"):
        recalc_path(path, tmp_path / "out.xlsx", udf_modules=["mine"], strict=True)


def test_not_opted_in_a_udf_is_an_unknown_function(tmp_path):
    (tmp_path / "mine.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    path = _book(tmp_path / "book.xlsx", {"A1": "=add(1,2)", "A2": "=helper(1)"})
    df = evaluate(path)
    assert df["value"].tolist()[0] == XLError("#NAME?")
    assert any(w.startswith("unknown function ADD ") for w in df.attrs["warnings"])
    # opted in, an undecorated function stays unknown (xlwings would not register it)
    df = evaluate(path, udf_modules=[str(tmp_path / "mine.py")])
    assert df["value"].tolist() == [3.0, XLError("#NAME?")]
    assert any(w.startswith("unknown function HELPER ") for w in df.attrs["warnings"])


def test_workbook_udfs_reads_the_xlwings_conf_sheet(tmp_path):
    """``UDF Modules`` of the xlwings.conf sheet, resolved beside the workbook."""
    (tmp_path / "first.py").write_text("import xlwings as xw\n\n@xw.func\ndef one():\n    return 1\n", encoding="utf-8")
    (tmp_path / "second.py").write_text("import xlwings as xw\n\n@xw.func\ndef two():\n    return 2\n", encoding="utf-8")
    wb = xlsxwriter.Workbook(str(tmp_path / "model.xlsm"))
    ws = wb.add_worksheet("S")
    ws.write_formula("A1", "=one()+two()")
    conf = wb.add_worksheet("xlwings.conf")
    conf.write("A1", "UDF Modules")
    conf.write("B1", "first;second")
    wb.close()
    df = evaluate(tmp_path / "model.xlsm", workbook_udfs=True)
    assert df.loc[df["sheet"] == "S", "value"].tolist() == [3.0]
    # a module without UDFs (a macro module named like the workbook): a warning, no failure
    (tmp_path / "macros.py").write_text("def main():\n    pass\n", encoding="utf-8")
    path = _book(tmp_path / "macros.xlsm", {"A1": "=1+1"})
    df = evaluate(path, workbook_udfs=True)
    assert df["value"].tolist() == [2.0]
    assert any("UDF module macros" in w and "no function decorated with @xw.func" in w for w in df.attrs["warnings"])


def test_a_module_that_cannot_be_had_is_the_files_failure(tmp_path):
    path = _book(tmp_path / "book.xlsx", {"A1": "=add(1,2)"})
    with pytest.raises(WorkbookError, match="not found"):
        recalc_path(path, tmp_path / "out.xlsx", udf_modules=["no_such_module_here"])
    (tmp_path / "broken.py").write_text("raise RuntimeError('bad module')\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="RuntimeError: bad module"):
        recalc_path(path, tmp_path / "out.xlsx", udf_modules=["broken"])


def test_a_module_named_like_an_imported_one_does_not_replace_it(tmp_path):
    import json

    (tmp_path / "json.py").write_text("import xlwings as xw\n\n@xw.func\ndef seven():\n    return 7\n", encoding="utf-8")
    path = _book(tmp_path / "book.xlsx", {"A1": "=seven()"})
    df = evaluate(path, udf_modules=[str(tmp_path / "json.py")])
    assert df["value"].tolist() == [7.0]
    assert sys.modules["json"] is json


def test_loading_leaves_xlwings_and_the_interpreter_as_they_were(tmp_path):
    """The classic decorators are lent while the module is imported, and pywin32's stand-ins
    never stay in ``sys.modules`` (other code must still find no pywin32 here)."""
    import xlwings

    before = (xlwings.func, xlwings.arg, xlwings.ret)
    had = {m: m in sys.modules for m in ("pythoncom", "pywintypes", "win32com", "win32com.client")}
    (tmp_path / "mine.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    path = _book(tmp_path / "book.xlsx", {"A1": "=add(1,2)"})
    assert evaluate(path, udf_modules=["mine"])["value"].tolist() == [3.0]
    assert (xlwings.func, xlwings.arg, xlwings.ret) == before
    assert {m: m in sys.modules for m in had} == had


def test_cli_udf_module(tmp_path):
    (tmp_path / "mine.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    path = _book(tmp_path / "book.xlsx", {"A1": "=add(1,2)"})
    done = CliRunner().invoke(main, ["recalc", str(path), "-o", str(tmp_path / "out"), "--udf-module", str(tmp_path / "mine.py")])
    assert done.exit_code == 0, done.output
    df = evaluate(tmp_path / "out" / "book.xlsx", udf_modules=["mine"])
    assert df["value"].tolist() == [3.0]
    done = CliRunner().invoke(main, ["recalc", str(path), "-o", str(tmp_path / "out2"), "--udf-module", "nowhere_to_be_found"])
    assert done.exit_code == 1 and "UDF module nowhere_to_be_found: not found" in done.output


def test_what_a_udf_prints_goes_to_standard_error(tmp_path, capfd):
    """A UDF's print (and its module's, on import) is a diagnostic: on standard error, so that
    the command's own output on standard output stays clean."""
    (tmp_path / "talk.py").write_text(textwrap.dedent("""
        import xlwings as xw
        print("loading talk")

        @xw.func
        def chat(x):
            print("chat called with", x)
            return x * 2
        """), encoding="utf-8")  # fmt: skip
    path = _book(tmp_path / "book.xlsx", {"A1": "=chat(21)"})
    capfd.readouterr()
    df = evaluate(path, udf_modules=[str(tmp_path / "talk.py")])
    out, err = capfd.readouterr()
    assert df["value"].tolist() == [42.0]
    assert "chat called with 21" in err and "loading talk" in err
    assert "chat" not in out and "loading" not in out


def test_time_is_linear_in_the_udf_cells(tmp_path):
    """Each call costs the same whatever the sheet's size (the date formats of a range's
    cells are read once, not searched per call): 8x the cells take well under 14x the time
    (a cost growing with the square would take about 64x)."""
    import time

    (tmp_path / "mine.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")

    def seconds(n: int) -> float:
        cells: dict[str, object] = {}
        for r in range(1, n + 1):
            cells[f"A{r}"] = r
            cells[f"B{r}"] = f"=add(A{r},1)"
        path = _book(tmp_path / f"n{n}.xlsx", cells)
        evaluate(path, udf_modules=["mine"])  # warm
        took = []
        for _ in range(3):  # the best of three: a collection of the suite's large heap can land in one
            t0 = time.perf_counter()
            df = evaluate(path, udf_modules=["mine"])
            took.append(time.perf_counter() - t0)
        assert df.loc[df["cell"] == f"B{n}", "value"].tolist() == [n + 1.0]
        return min(took)

    small, large = seconds(400), seconds(3200)
    assert large < 14 * small, (small, large)
