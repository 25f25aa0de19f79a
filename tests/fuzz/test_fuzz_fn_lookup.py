"""Fuzzing the Lookup & reference, Logical, Information, Financial and Database functions:
whatever values they are given (numbers of any size, NaN-free floats, text, logicals,
blanks, errors, small arrays), each returns a cell value, an array of cell values or an
Excel error, never raises (a Python exception would be an engine gap: ``#VALUE!`` with a
warning in a workbook)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socroi_xl.engine.functions import SPECS
from socroi_xl.engine.functions.dispatch import call
from socroi_xl.engine.values import Grid, Range
from socroi_xl.errors import XLError

CATEGORIES = ("lookup", "logical", "information", "financial", "database")
NAMES = sorted({s.name for s in SPECS.values() if s.category in CATEGORIES and s.name not in ("OFFSET", "INDIRECT")})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from([0.0, 1.0, -1.0, 2.0, 0.5, 1e308, -1e-308, 40000.0, 45000.0, 366.0]),
    st.text(max_size=8),
    st.sampled_from(["a", "A*", "~?", "=x", ">1", "TRUE", "Tree", "Apple", "1"]),
    st.sampled_from([XLError(t) for t in ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NUM!", "#NAME?", "#NULL!")]),
)


def _grid(values: list) -> Grid:
    n = len(values)
    rows = 1 if n < 3 else (2 if n % 2 == 0 else 1)
    arr = np.empty(n, dtype=object)
    arr[:] = values
    return Grid(arr.reshape(rows, -1))


arguments = st.one_of(scalars, st.lists(scalars, min_size=1, max_size=6).map(_grid))
CTX = SimpleNamespace(sheet=SimpleNamespace(name="S"), row=3, col=2, n=None, array=False)


def _ok(v: object) -> bool:
    if v is None or type(v) in (bool, str, XLError):
        return True
    if type(v) is float:
        return math.isfinite(v)
    if isinstance(v, (Grid, Range)):
        return all(_ok(x) for x in v.cells())
    if isinstance(v, np.ndarray):
        return all(_ok(None if (type(x) is float and x != x) else x) for x in v.ravel().tolist())
    return False


@st.composite
def calls(draw):
    """A function and as many arguments as it takes (a few more, now and then)."""
    name = draw(st.sampled_from(NAMES))
    spec = SPECS[name]
    low = spec.min_args
    high = spec.max_args if spec.max_args is not None else low + 4
    n = draw(st.integers(min_value=max(0, low - 1), max_value=high + 1))
    return name, draw(st.lists(arguments, min_size=n, max_size=n))


@given(calls())
def test_every_function_returns_a_value_or_an_error(case):
    name, args = case
    spec = SPECS[name]
    if spec.raw is not None:
        vals = [a.values if isinstance(a, Grid) else a for a in args]
        out = spec.func(None, vals, tuple(False for _ in vals))
    else:
        out = call(spec, list(args), CTX)
    assert _ok(out), (name, args, out)
