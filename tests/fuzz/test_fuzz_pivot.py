"""Fuzzing GROUPBY's grouping: whatever the keys (numbers, text in any case, logicals,
blanks, errors) and values, each group is listed once (text compared without case), in
Excel's sort order (numbers, text, FALSE, TRUE, errors, blanks last), its value the function
applied to exactly its rows, and the total to all rows.

The function is SUM passed by name, answered here by a stand-in evaluator that adds the
numbers of the array it is given (SUM's rule for arrays: text and logicals ignored), so that
the property is about the grouping alone."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from socroi_xl.engine.functions.lookup_arrays import _sort_key
from socroi_xl.engine.functions.lookup_pivot import GROUPBY
from socroi_xl.engine.functions.spec import MISSING, CallContext, Settings
from socroi_xl.engine.values import Grid, Lambda
from socroi_xl.errors import XLError

keys = st.sampled_from(["a", "A", "b", "B", "ab", 1.0, 2.0, -1.0, True, False, None, XLError("#N/A")])
values = st.one_of(st.integers(-9, 9).map(float), st.none(), st.just("t"), st.just(True))


def _sum(lam: Lambda, args: list, ctx: object) -> float:
    return float(sum(x for x in args[0].values.ravel().tolist() if type(x) is float))


EVALUATOR = SimpleNamespace(call_lambda=_sum, sheet_named=lambda name: None)
CTX = CallContext("S", 1, 1, Settings(), None, EVALUATOR)
SUM = Lambda((), (), None, None, "SUM")


def _norm(v: object) -> object:
    return v.lower() if isinstance(v, str) else (type(v), v)


def _col(items: list) -> Grid:
    arr = np.empty((len(items), 1), dtype=object)
    arr[:, 0] = items
    return Grid(arr)


@given(st.lists(st.tuples(keys, values), min_size=1, max_size=14))
@example([(1.0, None), (True, None)])  # found: 1 and TRUE were one group (equal Python keys)
@example([("b", 1.0), ("B", 2.0), (None, 4.0), (XLError("#N/A"), 8.0), (False, 16.0), (-1.0, 32.0)])
def test_groupby_lists_each_group_once_in_order_with_its_sum(rows):
    ks = [k for k, _ in rows]
    vs = [v for _, v in rows]
    out = GROUPBY(CTX, _col(ks), _col(vs), SUM, 0.0, MISSING, MISSING, MISSING, MISSING)
    table = out.values.tolist()
    *groups, total = table
    assert total[0] == "Total"
    assert math.isclose(total[1], sum(v for v in vs if type(v) is float), abs_tol=1e-12)
    expected = {}
    for k, v in rows:
        expected.setdefault(_norm(k), 0.0)
        if type(v) is float:
            expected[_norm(k)] += v
    assert len(groups) == len(expected)
    for label, value in groups:
        key = None if label == "" else label  # a blank key shows as ""
        assert value == expected[_norm(key)], (label, value, expected)
    shown = [None if g[0] == "" else g[0] for g in groups]
    present = [s for s in shown if s is not None]
    assert shown[: len(present)] == present  # blanks last
    order = [_sort_key(s) for s in present]
    assert order == sorted(order)
