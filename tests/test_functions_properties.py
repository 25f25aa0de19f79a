"""Whole columns behave exactly as the spec's rule applied to one cell at a time.

The oracle below is the spec written out for a single cell in plain Python (no numpy, no
library code): Excel's precedence of errors, blank as 0 on top and #DIV/0! below.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from socroi_xl.registry import REGISTRY

cell = st.one_of(
    st.none(),
    st.just(0.0),
    st.floats(min_value=-1e6, max_value=1e9, allow_nan=False),
    st.sampled_from(["#N/A", "#REF!", "abc", "12", "1,500"]),
)


def read(x):
    """One cell as the spec reads it: (number or None for blank, error text or None)."""
    if x is None:
        return None, None
    if isinstance(x, str):
        if x.startswith("#"):
            return None, x
        try:
            return float(x.replace(",", "")), None
        except ValueError:
            return None, "#VALUE!"
    return x, None


def oracle_ratio(top, bottom, scale, top_may_be_negative=False):
    (t, te), (b, be) = read(top), read(bottom)
    if te or be:
        return te or be  # the leftmost argument's error first
    if t is not None and t < 0 and not top_may_be_negative:
        return "#NUM!"
    if b is not None and b < 0:
        return "#NUM!"
    if b is None or b == 0:
        return "#DIV/0!"
    value = ((t or 0.0) - (b if top_may_be_negative else 0.0)) / b * scale
    return value if math.isfinite(value) else "#NUM!"  # Excel never shows infinity


def same(got, want):
    if isinstance(want, str):
        return got == want
    return isinstance(got, float) and math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=40))
def test_cpm_column_equals_cell_by_cell_rule(rows):
    cost = [[c] for c, _ in rows]
    impressions = [[i] for _, i in rows]
    got = REGISTRY["SOCROI_CPM"].func(cost, impressions).ravel().tolist()
    want = [oracle_ratio(c, i, 1000.0) for c, i in rows]
    assert all(same(g, w) for g, w in zip(got, want, strict=True)), (got, want)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=40))
def test_roi_column_equals_cell_by_cell_rule(rows):
    gain = [[g] for g, _ in rows]
    cost = [[c] for _, c in rows]
    got = REGISTRY["SOCROI"].func(gain, cost).ravel().tolist()
    want = [oracle_ratio(g, c, 1.0, top_may_be_negative=True) for g, c in rows]
    assert all(same(g, w) for g, w in zip(got, want, strict=True)), (got, want)
