"""FORECAST.ETS, FORECAST.ETS.CONFINT, FORECAST.ETS.SEASONALITY, FORECAST.ETS.STAT — only where
Excel's answer does not depend on what Excel does not publish.

Excel fits an additive exponential triple smoothing (AAA) model whose smoothing constants
(alpha, beta, gamma) it chooses by an optimisation it does not describe, after detecting the
season length by a method it does not describe either. LibreOffice 7.4 implements its own
version (``ScETSForecastCalculation``, sc/source/core/tool/interpr8.cxx); measured on the
only Excel-saved cells we have (vinci1it2000/formulas' ``test/test_files/test.xlsx``, sheet
STATISTICAL, rows 38-41) it differs from Excel: FORECAST.ETS.SEASONALITY of a series that is
exactly periodic with period 4 is 0 in Excel and 4 in LibreOffice; a target before the
timeline's start (0.1, 0.7) is a value in Excel (0.1, 0.7) and #NUM! in LibreOffice; several
error codes differ (#NUM! in Excel, #VALUE! in LibreOffice). A port of LibreOffice would give
LibreOffice's numbers, with an error against Excel nobody can bound. So this module evaluates
exactly the cases whose answer any AAA fit gives, and names every other one in a warning:

* **The data.** The timeline is sorted with its values; values sharing a time are aggregated
  (``aggregation`` 1 AVERAGE, 4 MAX, 7 SUM; 5 and 6 — MEDIAN and MIN, in an order the sources
  disagree on — only where both give the same; COUNT and COUNTA not evaluated). The step is
  the smallest difference; a difference that is not a multiple of it is #NUM! (but dates on
  one day of each month, which Excel steps by months, are not evaluated). A missing
  point is the average of its neighbours (``data_completion`` 1) or 0 (``data_completion`` 0);
  a gap of several points with completion 1 (neighbours' average or a straight line?) is not
  evaluated, nor are more than 30% missing points.
* **The exact fit.** With an explicit season length ``s`` (2 to 8760, at least two seasons of
  data) or none (0, at least three points), when the completed series is *exactly* a straight
  line plus a pattern repeating every ``s`` points, every AAA fit reproduces it whatever its
  smoothing constants (its one-step errors are all zero), so the forecast is that line plus
  that pattern, the confidence interval 0, and the errors MAE, RMSE, SMAPE, MASE 0.
  FORECAST.ETS.STAT's step size (8) is the timeline's step, fit or not.
* **The target.** A target on the timeline's grid at or after its start (a past point is the
  fitted value, as Excel saved for the first point) or, for CONFINT, after its end; at or
  below zero and a step or more before the start: #NUM! (Excel saved it for 0 and -1 on a
  timeline starting at 1).

Not evaluated (``#VALUE!`` and a warning naming the case): automatic season detection
(``seasonality`` 1, and so FORECAST.ETS.SEASONALITY of any valid series), a series that is not
an exact fit, the smoothing constants (statistic types 1-3), a target between grid points or
just before the start. Argument errors are Excel's (the corpus cells above and Microsoft's
documentation): season length negative, fractional or above 8760, completion other than 0 or
1, aggregation outside 1-7, statistic type outside 1-8, confidence level outside (0, 1):
#NUM!; values and timeline of different sizes: #N/A; a blank optional argument is its
default (Excel saved CONFINT's result for a blank confidence level).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl.dates import days_in_month, ymd
from ..values import E_NA, E_NUM, Err, Grid, num
from .information import unsupported
from .spec import MISSING, CallContext, function

#: relative size of a residual still counted as an exact fit (float noise of the data)
EXACT = 1e-10
MAX_SEASON = 8760


class NotEvaluated(Exception):
    """A case whose Excel value is not known here (named in a warning)."""


def _option(v: Any, default: float) -> float:
    """An optional numeric argument: omitted or blank is the default."""
    if v is MISSING or v is None:
        return default
    return num(v)


def _whole(x: float, lo: int, hi: int) -> int:
    """A whole number in [lo, hi], else #NUM!."""
    if not math.isfinite(x) or x != math.floor(x) or not lo <= x <= hi:
        raise Err(E_NUM)
    return int(x)


def _season(v: Any) -> int:
    return _whole(_option(v, 1.0), 0, MAX_SEASON)


def _completion(v: Any) -> int:
    c = _option(v, 1.0)
    if c in (0.0, 1.0):
        return int(c)
    if math.isfinite(c) and c == math.floor(c):
        raise Err(E_NUM)  # 2, 3, -1, 60: #NUM! (formulas' test.xlsx, STATISTICAL!S40:X40)
    raise NotEvaluated(f"data_completion {c:g} (Excel's reading of a fraction is not known)")


def _aggregation(v: Any) -> int:
    a = _option(v, 1.0)
    if not math.isfinite(a) or a != math.floor(a):
        raise NotEvaluated(f"aggregation {a:g} (Excel's reading of a fraction is not known)")
    return _whole(a, 1, 7)


def _numbers(g: Grid) -> np.ndarray:
    """The cells of a values or timeline argument as floats (errors are the result)."""
    out = []
    for v in g.cells():
        if isinstance(v, XLError):
            raise Err(v)
        if isinstance(v, bool) or v is None or isinstance(v, str):
            raise NotEvaluated("a values or timeline cell that is not a number")
        out.append(float(v))
    return np.asarray(out, dtype=np.float64)


def _series(values: Grid, timeline: Grid, completion: int, aggregation: int) -> tuple[np.ndarray, float, float]:
    """The completed series on its regular grid, its first time and its step."""
    y, x = _numbers(values), _numbers(timeline)
    if y.size != x.size:
        raise Err(E_NA)
    if y.size < 2:
        raise NotEvaluated("fewer than two points")
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    times, starts = np.unique(x, return_index=True)
    groups = np.split(y, starts[1:])
    if len(times) < x.size:  # several values at one time: aggregated
        if aggregation in (2, 3):
            raise NotEvaluated("aggregation 2 or 3 (COUNT, COUNTA)")
        if aggregation in (5, 6):
            if any(np.median(g) != g.min() for g in groups):
                raise NotEvaluated("aggregation 5 or 6 where MEDIAN and MIN differ (which is which is not settled)")
        pick = {1: np.mean, 4: np.max, 5: np.min, 6: np.min, 7: np.sum}[aggregation]
        with np.errstate(all="ignore"):
            y = np.array([float(pick(g)) for g in groups])
    x = times
    if x.size < 2:
        raise NotEvaluated("a single time")
    diffs = np.diff(x)
    step = float(diffs.min())
    with np.errstate(over="ignore", invalid="ignore"):
        k = diffs / step
    if not np.isfinite(k).all():
        raise NotEvaluated("a timeline whose span overflows in steps")
    if np.any(np.abs(k - np.round(k)) > 1e-9 * np.maximum(k, 1.0)):
        if _calendar_months(x):
            raise NotEvaluated("a timeline of months or years (steps of calendar months)")
        raise Err(E_NUM)  # no constant step (Microsoft's documentation)
    k = np.round(k)
    if float(k.sum()) - k.size > 0.3 * x.size:
        raise NotEvaluated("more than 30% missing points")
    k = k.astype(np.int64)
    missing = int(k.sum() - k.size)
    if missing:
        if completion == 1 and np.any(k > 2):
            raise NotEvaluated("a gap of several points with data_completion 1")
        full = np.zeros(int(k.sum()) + 1)
        pos = np.concatenate(([0], np.cumsum(k)))
        full[pos] = y
        for p, gap in zip(pos[:-1], k, strict=True):
            if gap == 2:
                full[p + 1] = (full[p] + full[p + 2]) / 2.0 if completion == 1 else 0.0
            elif gap > 2:
                full[p + 1 : p + gap] = 0.0
        y = full
    return y, float(x[0]), step


def _calendar_months(x: np.ndarray) -> bool:
    """Dates on one day of each month (or each month's last day), in either date system:
    Excel steps such a timeline by months, whose lengths differ."""
    if not (np.all(x == np.floor(x)) and x.min() >= 1 and x.max() < 2958466):
        return False
    for date1904 in (False, True):
        days = [ymd(float(v), date1904) for v in x]
        if len({d for _, _, d in days}) == 1:
            return True
        if all(d == days_in_month(y, m) for y, m, d in days):
            return True
    return False


def _enough(n: int, season: int) -> None:
    if (season == 0 and n < 3) or (season > 0 and n < 2 * season):
        raise NotEvaluated("fewer points than two seasons (or three points without a season)")


def _exact_fit(y: np.ndarray, season: int) -> tuple[float, np.ndarray]:
    """The trend per step and the level of each phase (index ``k mod season``) of a series
    that is exactly a line plus a season; :class:`NotEvaluated` when it is not.

    In such a series every difference one season apart is the same (the season times the
    trend), and the series less its trend repeats every season: both read in O(n).
    """
    n = y.size
    _enough(n, season)
    s = max(season, 1)
    k = np.arange(n)
    with np.errstate(all="ignore"):  # huge values overflow: not finite, so not a fit
        trend = float(np.mean(y[s:] - y[:-s])) / s
        base = y - trend * k
        phase = np.bincount(k % s, weights=base, minlength=s) / np.bincount(k % s, minlength=s)
        residual = base - phase[k % s]
    scale = max(1.0, float(np.max(np.abs(y))))
    if not np.isfinite(residual).all() or float(np.max(np.abs(residual))) > EXACT * scale:
        raise NotEvaluated("a series that is not exactly a line plus a season (Excel's smoothing constants are not known)")
    return trend, phase


def _position(target: float, start: float, step: float, n: int, confint: bool) -> int:
    """Grid index of the target (0: the first point)."""
    h = (target - start) / step
    if not math.isfinite(h):
        raise NotEvaluated("a target too far from the timeline")
    if target < start:
        if target <= 0 and h <= -1:
            raise Err(E_NUM)
        raise NotEvaluated("a target before the timeline's start")
    j = round(h)
    if abs(h - j) > 1e-9 * max(1.0, abs(h)):
        raise NotEvaluated("a target between two points of the timeline's grid")
    if confint and j <= n - 1:
        raise NotEvaluated("a confidence interval at or before the timeline's end")
    return int(j)


def _guarded(ctx: CallContext, name: str, compute: Any) -> Any:
    try:
        return compute()
    except NotEvaluated as exc:
        return unsupported(ctx, f"{name}: {exc}")


@function("FORECAST.ETS", "number, array, array, value?, value?, value?", category="statistical", context=True)
def FORECAST_ETS(ctx: CallContext, target: float, values: Grid, timeline: Grid, seasonality: Any, completion: Any, aggregation: Any) -> Any:
    """Forecasts by additive triple exponential smoothing: only a series exactly a line plus a season (others: a warning).

    Any AAA fit reproduces such a series whatever its smoothing constants, so its forecast is
    Excel's; Excel's own choice of constants and of the season length are not published."""

    def compute() -> float:
        s, c, a = _season(seasonality), _completion(completion), _aggregation(aggregation)
        if s == 1:
            raise NotEvaluated("automatic season detection (seasonality 1, the default)")
        y, start, step = _series(values, timeline, c, a)
        trend, phase = _exact_fit(y, s)
        j = _position(target, start, step, y.size, False)
        return trend * j + float(phase[j % max(s, 1)])

    return _guarded(ctx, "FORECAST.ETS", compute)


@function("FORECAST.ETS.CONFINT", "number, array, array, value?, value?, value?, value?", category="statistical", context=True)
def FORECAST_ETS_CONFINT(ctx: CallContext, target: float, values: Grid, timeline: Grid, level: Any, seasonality: Any, completion: Any, aggregation: Any) -> Any:
    """FORECAST.ETS's prediction interval half-width: 0 for an exact line-plus-season series (others: a warning)."""

    def compute() -> float:
        p = _option(level, 0.95)
        if not 0.0 < p < 1.0:
            raise Err(E_NUM)
        s, c, a = _season(seasonality), _completion(completion), _aggregation(aggregation)
        if s == 1:
            raise NotEvaluated("automatic season detection (seasonality 1, the default)")
        y, start, step = _series(values, timeline, c, a)
        _exact_fit(y, s)
        _position(target, start, step, y.size, True)
        return 0.0

    return _guarded(ctx, "FORECAST.ETS.CONFINT", compute)


@function("FORECAST.ETS.SEASONALITY", "array, array, value?, value?", category="statistical", context=True)
def FORECAST_ETS_SEASONALITY(ctx: CallContext, values: Grid, timeline: Grid, completion: Any, aggregation: Any) -> Any:
    """The season length Excel detects: arguments checked (Excel's errors), detection itself not evaluated (a warning)."""

    def compute() -> float:
        c, a = _completion(completion), _aggregation(aggregation)
        _series(values, timeline, c, a)
        raise NotEvaluated("Excel's season detection is not published (it finds none in a series exactly periodic with period 4, where LibreOffice finds 4)")

    return _guarded(ctx, "FORECAST.ETS.SEASONALITY", compute)


@function("FORECAST.ETS.STAT", "array, array, number, value?, value?, value?", category="statistical", context=True)
def FORECAST_ETS_STAT(ctx: CallContext, values: Grid, timeline: Grid, kind: float, seasonality: Any, completion: Any, aggregation: Any) -> Any:
    """A FORECAST.ETS statistic: the step, and MASE/SMAPE/MAE/RMSE (0) of an exact line-plus-season series (others: a warning)."""

    def compute() -> float:
        t = _whole(kind, 1, 8) if math.isfinite(kind) and kind == math.floor(kind) else None
        if t is None:
            raise Err(E_NUM)
        s, c, a = _season(seasonality), _completion(completion), _aggregation(aggregation)
        if s == 1:
            raise NotEvaluated("automatic season detection (seasonality 1, the default)")
        if t == 8:
            y, _, step = _series(values, timeline, c, a)
            _enough(y.size, s)
            return step
        if t <= 3:
            raise NotEvaluated("the smoothing constants alpha, beta, gamma (Excel's optimisation is not published)")
        y, _, _ = _series(values, timeline, c, a)
        _exact_fit(y, s)
        if t == 4 and not np.any(np.diff(y)):
            raise NotEvaluated("MASE of a constant series (0/0)")
        if t == 5 and np.any(y == 0):
            raise NotEvaluated("SMAPE of a series with zeros (0/0 terms)")
        return 0.0

    return _guarded(ctx, "FORECAST.ETS.STAT", compute)

