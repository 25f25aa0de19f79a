"""SUMIF/COUNTIF criteria: the numpy path of ``criteria._mask`` must select exactly the cells
the one-cell predicate selects (the predicate is Excel's rule; the numpy path is speed)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socroi_xl.engine.functions.criteria import _mask, criterion, to_object
from socroi_xl.errors import XLError

CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.sampled_from(["Paid", "paid", "PAID ", "Organic", "", "10", "x*", XLError("#N/A")]),
    st.booleans(),
)
CRITERIA = st.one_of(
    st.sampled_from(["Paid", "=paid", "<>Paid", "<>", "=", "", ">=10", "<10", "<>10", "10", "=10", "Organic", "<>x*"]),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-100, max_value=100),
)


def _slow(arr: np.ndarray, crit: object) -> np.ndarray:
    pred = criterion(crit)
    flat = to_object(arr).ravel().tolist()
    return np.array([pred(v) for v in flat], dtype=bool).reshape(arr.shape)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=30), CRITERIA)
def test_object_column_numpy_path_equals_predicate(cells, crit):
    arr = np.empty((len(cells), 1), dtype=object)
    arr[:, 0] = cells
    assert (_mask(arr, criterion(crit), crit) == _slow(arr, crit)).all()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.just(float("nan")), st.floats(min_value=-50, max_value=50)), min_size=1, max_size=30), CRITERIA)
def test_number_column_numpy_path_equals_predicate(cells, crit):
    arr = np.array(cells, dtype=np.float64).reshape(-1, 1)
    assert (_mask(arr, criterion(crit), crit) == _slow(arr, crit)).all()
