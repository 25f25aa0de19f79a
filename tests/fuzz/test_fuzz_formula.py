"""Fuzzing the formula parser and evaluator: any formula text gives every formula cell a
value Excel could show (a finite number, text of at most 32,767 characters, a logical, an
Excel error) — never a traceback, never a hang — and every unreadable formula is named in a
warning.

Two generators: arbitrary text over the characters formulas are made of, and formulas built
from Excel's grammar (references, ranges, 3-D and external references, names, operators,
the union and intersection operators, array constants, functions known and unknown, LET,
LAMBDA and its helpers, OFFSET/INDIRECT, spill references).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from socroi_xl.engine import evaluate
from socroi_xl.errors import XLError

pytestmark = pytest.mark.timeout(6 * 3600 if os.environ.get("SOCROI_FUZZ") == "nightly" else 600)

#: Longest one example (one small workbook of a few formulas) may take: longer is a hang.
EXAMPLE_SECONDS = 60


class Hang(BaseException):
    """An example took longer than :data:`EXAMPLE_SECONDS` (not an ``Exception``: no
    ``except Exception`` in the engine can swallow it)."""


@contextlib.contextmanager
def _no_hang():
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def fire(signum, frame):  # noqa: ARG001
        raise Hang(f"one workbook took more than {EXAMPLE_SECONDS} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(EXAMPLE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)

CHARS = "=+-*/^&%(),;:{}\"'!$#@[] 0123456789.ABCDEFabcxyzRCLTUE_\n"
FUNCTIONS = [
    "SUM", "IF", "IFERROR", "IFNA", "IFS", "CHOOSE", "INDEX", "MATCH", "VLOOKUP", "XLOOKUP", "COUNTIF",
    "SUMIF", "SUMPRODUCT", "AND", "OR", "NOT", "ROUND", "LEFT", "MID", "LEN", "TEXT", "CONCAT", "DATE",
    "YEAR", "OFFSET", "INDIRECT", "ROWS", "COLUMNS", "AVERAGE", "MIN", "MAX", "COUNT", "COUNTA", "ABS",
    "MOD", "SQRT", "ISERROR", "ISBLANK", "NA", "TRUE", "NOSUCHFN", "_xlfn.ANCHORARRAY", "SUBTOTAL",
    "MAP", "REDUCE", "SCAN", "BYROW", "BYCOL", "MAKEARRAY", "ISOMITTED", "SOCROI_CPM",
]
DATA = {"A1": 1, "A2": 2.5, "A3": "text", "A4": True, "B1": -3, "B2": "12", "B3": 0, "C1": "x", "C2": 1e300}


def _cell() -> st.SearchStrategy[str]:
    return st.builds(
        lambda d1, col, d2, row: f"{d1}{col}{d2}{row}",
        st.sampled_from(["", "$"]), st.sampled_from(["A", "B", "C", "D", "XFD"]),
        st.sampled_from(["", "$"]), st.sampled_from(["1", "2", "3", "5", "1048576"]),
    )


def _reference() -> st.SearchStrategy[str]:
    cell = _cell()
    return st.one_of(
        cell,
        st.builds(lambda a, b: f"{a}:{b}", cell, cell),
        st.builds(lambda s, a: f"{s}!{a}", st.sampled_from(["S", "Other", "'S'", "'My sheet'", "S:Other", "Nope"]), cell),
        st.sampled_from(["A:A", "1:1", "A:XFD", "[1]Ext!A1", "MyName", "Lam", "Tbl[Col]", "Tbl[#All]", "A1#", "#REF!"]),
    )


def _atom() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-5, 5).map(str),
        st.sampled_from(["0.5", "1E+300", "-0", "1E-300", "TRUE", "FALSE", '""', '"abc"', '"1,200"', '"2024-01-15"',
                         "#N/A", "#DIV/0!", "#VALUE!", "{1,2;3,4}", '{"a",TRUE,#N/A}', "{1,2,3}"]),
        _reference(),
    )


def _expr() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        args = st.lists(inner, min_size=0, max_size=4)
        return st.one_of(
            st.builds(lambda a, op, b: f"{a}{op}{b}", inner, st.sampled_from(["+", "-", "*", "/", "^", "&", "=", "<>", "<", ">=", " ", ":"]), inner),
            st.builds(lambda a: f"-{a}", inner),
            st.builds(lambda a: f"{a}%", inner),
            st.builds(lambda a: f"({a})", inner),
            st.builds(lambda a, b: f"({a},{b})", inner, inner),
            st.builds(lambda f, xs: f"{f}({','.join(xs)})", st.sampled_from(FUNCTIONS), args),
            st.builds(lambda v, body: f"LET(x,{v},{body})", inner, inner),
            st.builds(lambda body, arg: f"LAMBDA(x,{body})({arg})", inner, inner),
            st.builds(lambda f, a: f"{f}({a},LAMBDA(p,q,p+q))", st.sampled_from(["MAP", "REDUCE(0,", "SCAN(0,", "BYROW", "BYCOL"]), inner),
        )

    return st.recursive(_atom(), extend, max_leaves=12)


def _check(formulas: list[str], tmp_path_factory) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    wb.create_sheet("Other")["A1"] = 7
    for ref, v in DATA.items():
        ws[ref] = v
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["MyName"] = DefinedName("MyName", attr_text="S!$A$1:$A$3")
    wb.defined_names["Lam"] = DefinedName("Lam", attr_text="_xlfn.LAMBDA(_xlpm.v,_xlpm.v*2)")
    cells = []
    for i, f in enumerate(formulas):
        ref = f"E{i + 1}"
        ws[ref] = f if f.startswith("=") else "=" + f
        if ws[ref].data_type == "f":  # openpyxl writes "=" alone as text
            cells.append(ref)
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    try:
        wb.save(path)
    except Exception:  # noqa: BLE001 - openpyxl refused to write this text: nothing to evaluate
        return
    with _no_hang():
        df = evaluate(path)
    values = dict(zip(df["cell"], df["value"], strict=True))
    for ref in cells:
        assert ref in values, f"no value for {ref}"
    for ref, v in values.items():
        if isinstance(v, XLError):
            continue
        assert v is None or isinstance(v, (bool, str, float)), f"{ref}: {v!r} ({type(v).__name__})"
        if isinstance(v, float):
            assert math.isfinite(v), f"{ref}: {v!r}"
        if isinstance(v, str):
            assert len(v) <= 32767
    for ref in cells:
        if values[ref] == "#NAME?" and not isinstance(values[ref], XLError):
            pytest.fail(f"{ref}: #NAME? as text")


@given(formulas=st.lists(st.text(alphabet=CHARS, max_size=40), min_size=1, max_size=6))
@example(formulas=["=SUM(A1,", "={1,2", "=A1:", "='S'!", "=(((((", "=LAMBDA(x)(1,2,3)"])
@example(formulas=["=" + "+".join(["1"] * 1000), "=" + "(" * 200 + "1" + ")" * 200])
def test_any_text_gives_a_value_or_an_error(formulas, tmp_path_factory):
    _check(formulas, tmp_path_factory)


@given(formulas=st.lists(_expr(), min_size=1, max_size=6))
@example(formulas=["SUM(S:Other!A1)", "A1:C3 B2", "(A1,B1)", "INDEX(A1:XFD1048576,1,1)", "OFFSET(E1,0,0)", "INDIRECT(\"E2\")"])
@example(formulas=["LET(x,A1:A3,x*2)", "MAP(A1:A3,LAMBDA(v,v&\"!\"))", "Lam(3)", "LAMBDA(x,x)", "A1#", "[1]Ext!A1"])
def test_any_formula_gives_a_value_or_an_error(formulas, tmp_path_factory):
    _check(formulas, tmp_path_factory)
