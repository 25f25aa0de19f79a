"""Fuzzing FORECAST.ETS and its family: whatever series (duplicate times, gaps, huge or tiny
steps, exact and noisy values), season length, completion and aggregation they are given,
each returns a finite number or an Excel error, never raises; and a series built exactly as a
line plus a season is forecast as that line plus that season."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socroi_xl.engine.functions import SPECS
from socroi_xl.engine.functions.dispatch import call
from socroi_xl.engine.values import Grid
from socroi_xl.errors import XLError

NAMES = ("FORECAST.ETS", "FORECAST.ETS.CONFINT", "FORECAST.ETS.SEASONALITY", "FORECAST.ETS.STAT")
CTX = SimpleNamespace(sheet=SimpleNamespace(name="S"), row=3, col=2, n=None, array=False)

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from([0.0, 1.0, -1.0, 2.0, 0.5, 1e308, 1e-308, 3.0, 4.0, 8760.0, 8761.0]),
)
options = st.one_of(st.none(), st.booleans(), numbers, st.sampled_from([0.0, 1.0, 2.0, 4.0, 7.0]))


def _row(values: list[float]) -> Grid:
    return Grid(np.asarray(values, dtype=np.float64).reshape(1, -1))


@st.composite
def series(draw):
    n = draw(st.integers(min_value=1, max_value=30))
    times = draw(st.lists(st.one_of(st.integers(-5, 60).map(float), numbers), min_size=n, max_size=n))
    values = draw(st.lists(numbers, min_size=n, max_size=n))
    return _row(values), _row(times)


def _ok(v: object) -> bool:
    return type(v) is XLError or (type(v) is float and math.isfinite(v))


@given(st.sampled_from(NAMES), series(), numbers, st.lists(options, max_size=4))
def test_every_call_returns_a_number_or_an_error(name, data, x, extra):
    values, timeline = data
    spec = SPECS[name]
    if name == "FORECAST.ETS.SEASONALITY":
        args = [values, timeline, *extra[:2]]
    elif name == "FORECAST.ETS.STAT":
        args = [values, timeline, x, *extra[:3]]
    else:
        args = [x, values, timeline, *extra[: spec.max_args - 3]]
    out = call(spec, args, CTX)
    assert _ok(out), (name, args, out)


@given(
    st.integers(min_value=0, max_value=6).filter(lambda s: s != 1),
    st.integers(min_value=0, max_value=12),
    st.floats(-1e6, 1e6),
    st.floats(-1e3, 1e3),
    st.lists(st.integers(-100, 100), min_size=6, max_size=6),
    st.integers(min_value=1, max_value=40),
)
def test_an_exact_line_plus_season_is_continued(season, extra, level, trend, pattern, ahead):
    s = max(season, 1)
    n = 2 * s + extra + (3 if season == 0 else 0)
    phase = np.array(pattern[:s], dtype=float) if season else np.zeros(1)
    k = np.arange(n)
    y = level + trend * k + phase[k % s]
    t = 100.0 + 7.0 * k
    j = n - 1 + ahead
    out = call(SPECS["FORECAST.ETS"], [100.0 + 7.0 * j, _row(list(y)), _row(list(t)), float(season)], CTX)
    want = level + trend * j + phase[j % s]
    assert out == out and abs(out - want) <= 1e-6 * max(1.0, abs(want), abs(level) + abs(trend) * n + 100)
