"""Statistical functions (Excel's "Statistical" category): samples, ranks, percentiles,
regression. The probability distributions are in :mod:`.statistical_dist`.

COUNT, COUNTA, AVERAGE, MIN, MAX and the COUNTIF/AVERAGEIF families keep their
hand-vectorised implementations (see :mod:`.legacy`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import XLError
from ...xl.numtext import parse_number_text
from ..values import (
    E_DIV0,
    E_NA,
    E_NUM,
    E_VALUE,
    Err,
    Fallback,
    Range,
    Rows,
    first_error,
    is_blank,
    num,
    numeric_cells,
    scalar_of,
)
from .aggregate import aggregate_function
from .criteria import criteria_function, criteria_mask
from .legacy import FUNCTIONS, fn
from .math_trig import paired
from .spec import Grid, function

# --- hand-vectorised (see .legacy) -------------------------------------------------------------
for _k in ("COUNT", "COUNTA", "AVERAGE", "MIN", "MAX"):
    FUNCTIONS[_k] = (aggregate_function(_k), "vector")
FUNCTIONS["COUNTIF"] = (criteria_function("COUNT", False), "rowwise")
FUNCTIONS["COUNTIFS"] = (criteria_function("COUNT", False), "rowwise")
FUNCTIONS["AVERAGEIF"] = (criteria_function("AVERAGE", False), "rowwise")
FUNCTIONS["AVERAGEIFS"] = (criteria_function("AVERAGE", True), "rowwise")


@fn("COUNTBLANK", "rowwise")
def _countblank(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if len(args) == 1 and refs[:1] == (True,) and not isinstance(args[0], Range):
        v = scalar_of(args[0])  # one cell (IronCalc's COUNT.xlsx: COUNTBLANK(B2) is 0 or 1)
        return 1.0 if is_blank(v) or v == "" else 0.0
    if len(args) != 1 or not isinstance(args[0], Range):
        return E_VALUE
    arr = args[0].values
    if arr.dtype == np.float64:
        return float(np.isnan(arr).sum())
    return float(sum(1 for v in arr.ravel().tolist() if is_blank(v) or v == ""))


# --- samples -----------------------------------------------------------------------------------
def sample(arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    """The numbers of every ``numbers`` argument, in order, as one array."""
    if not arrays:
        return np.empty(0)
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def sample_a(args: list[Any], refs: tuple[bool, ...]) -> np.ndarray:
    """The values of the A-forms (AVERAGEA, MAXA, STDEVA...) as Excel reads them: in a
    reference (one cell too) text counts 0, TRUE 1, FALSE 0, blanks are skipped; in an array
    text counts 0 and logicals are skipped; given directly, a value is coerced as a number
    (text that is not a number is ``#VALUE!``). The first error is the result. (POI's
    FormulaEvalTestData_Copy.xlsx and EPPlus' FormulaTest.xlsx, values Excel saved:
    AVERAGEA(A12,2) is 1 with A12 the text "TRUE", AVERAGEA({1;2;4;"Text";TRUE}) 1.75.)"""
    out: list[float] = []
    for i, a in enumerate(args):
        if isinstance(a, Rows):
            raise Fallback()  # a one-row block moving with the row: cell by cell
        if isinstance(a, (Range, np.ndarray)):
            arr = a.values if isinstance(a, Range) else a
            in_array = not isinstance(a, Range)
            if arr.dtype == np.float64:
                flat = arr.ravel()
                out.extend(flat[~np.isnan(flat)].tolist())
                continue
            for v in arr.ravel().tolist():
                t = type(v)
                if t is float:
                    if v == v:
                        out.append(v)
                elif v is None:
                    continue
                elif t is XLError:
                    raise Err(v)
                elif t is bool:
                    if not in_array:
                        out.append(1.0 if v else 0.0)
                else:
                    out.append(0.0)
            continue
        v = scalar_of(a)
        if type(v) is XLError:
            raise Err(v)
        if is_blank(v):
            continue
        if type(v) is bool:
            out.append(1.0 if v else 0.0)
        elif type(v) is float:
            out.append(v)
        elif i < len(refs) and refs[i]:
            out.append(0.0)  # text in a referenced cell
        else:
            out.append(num(v))
    return np.array(out, dtype=np.float64)


def _a_form(name: str, summary: str) -> Callable[[Callable[[np.ndarray], float]], Callable[[np.ndarray], float]]:
    """Declare an A-form over :func:`sample_a` (a one-cell implementation that sees which
    arguments were references)."""

    def deco(f: Callable[[np.ndarray], float]) -> Callable[[np.ndarray], float]:
        def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
            try:
                return float(f(sample_a(args, refs)))
            except Err as e:
                return e.err
            except ZeroDivisionError:
                return E_DIV0

        function(name, "array...", category="statistical", raw="rowwise", summary=summary)(impl)
        return f

    return deco


def mean(xs: np.ndarray) -> float:
    if xs.size == 0:
        raise ZeroDivisionError
    return float(np.mean(xs))


#: Largest ratio of the sum of squares to the sum of squared deviations for which the
#: one-pass formula is used (its relative error is about this ratio times 1e-16).
_ONE_PASS_LIMIT = 1e4


def variance(xs: np.ndarray, ddof: int) -> float:
    """Sample (ddof 1) or population (ddof 0) variance; too few numbers: ``#DIV/0!``.

    As Excel computes it, to the last bit: from the running sums ``s`` of the numbers and
    ``q`` of their squares, in order, the sample variance is ``(q - s*s/n) / (n-1)`` and the
    population variance ``(n*q - s*s) / (n*n)``. These two formulas give exactly the value
    Excel saved in all 245 VAR, VARP, VAR.S, VAR.P, VARA, VARPA, STDEV... cells of the local
    corpus whose value the engine had within 1e-9 (the two-pass formula, exact to the
    last bit, gives 131 of them: formulas' test.xlsx, Apache POI's FormulaEvalTestData,
    SheetJS' formula_stress_test.xlsx, IronCalc's STATISTICAL books, LibreOffice's
    functions-excel-2010.xlsx). Where the numbers are far from 0 for their spread
    (``q`` more than 10,000 times ``q - s*s/n``) the one-pass formula loses digits; there
    the engine uses the two-pass one (Excel's digits there are not known)."""
    n = xs.size
    if n - ddof < 1:
        raise ZeroDivisionError
    xs = np.asarray(xs, dtype=np.float64)
    with np.errstate(all="ignore"):
        s = float(np.cumsum(xs)[-1])  # cumsum: the sum in order, as Excel adds
        q = float(np.cumsum(xs * xs)[-1])
        c = q - s * s / n
    if c > 0 and q <= _ONE_PASS_LIMIT * c:
        return c / (n - ddof) if ddof else (n * q - s * s) / (n * n)
    m = xs.mean()
    return float(np.sum((xs - m) ** 2) / (n - ddof))


def median(xs: np.ndarray) -> float:
    if xs.size == 0:
        raise Err(E_NUM)
    return float(np.median(xs))


def mode(xs: np.ndarray) -> list[float]:
    """The most frequent values, in order of first appearance (none repeated: ``#N/A``)."""
    if xs.size == 0:
        raise Err(E_NA)
    counts: dict[float, int] = {}
    for x in xs.tolist():
        counts[x] = counts.get(x, 0) + 1
    top = max(counts.values())
    if top < 2:
        raise Err(E_NA)
    return [x for x, c in counts.items() if c == top]


def kth(xs: np.ndarray, k: float, largest: bool) -> float:
    """LARGE/SMALL: the k-th value (k truncated); out of 1..n: ``#NUM!``."""
    kk = int(k)
    if kk < 1 or kk > xs.size:
        raise Err(E_NUM)
    s = np.sort(xs)
    return float(s[-kk] if largest else s[kk - 1])


def percentile(xs: np.ndarray, k: float, exclusive: bool) -> float:
    """PERCENTILE.INC (rank k*(n-1)) or PERCENTILE.EXC (rank k*(n+1)-1), interpolated."""
    n = xs.size
    if n == 0:
        raise Err(E_NUM)
    if exclusive:
        if not 0 < k < 1:
            raise Err(E_NUM)
        rank = k * (n + 1) - 1
        if rank < 0 or rank > n - 1:
            raise Err(E_NUM)
    else:
        if not 0 <= k <= 1:
            raise Err(E_NUM)
        rank = k * (n - 1)
    s = np.sort(xs)
    lo = math.floor(rank)
    frac = rank - lo
    if lo + 1 >= n:
        return float(s[lo])
    return float(s[lo] + frac * (s[lo + 1] - s[lo]))


def quartile(xs: np.ndarray, q: float, exclusive: bool) -> float:
    # negative before it is truncated: QUARTILE(F32:G32,-0.1) is #NUM! (formulas' test.xlsx
    # COMPATIBILITY!U32, as Excel saved it), while QUARTILE.INC(A1:A10,4.5) is the 4th
    # (IronCalc's PERCENTIL_QUARTIL.xlsx G9)
    if q < 0:
        raise Err(E_NUM)
    qq = int(q)
    if exclusive:
        if not 1 <= qq <= 3:
            raise Err(E_NUM)
    elif not 0 <= qq <= 4:
        raise Err(E_NUM)
    return percentile(xs, qq / 4, exclusive)


# --- averages and spread -----------------------------------------------------------------------
@function("MEDIAN", "numbers...", category="statistical")
def MEDIAN(*arrays: np.ndarray) -> float:
    """Returns the median of the given numbers."""
    return median(sample(arrays))


def _mode_values(args: list[Any]) -> np.ndarray:
    """MODE's (the old function's) numbers: those of ranges and arrays (errors are the result); a value given
    directly, or one cell, must be a number or a logical: text (even "1") and a blank cell
    are ``#VALUE!`` (POI's FormulaEvalTestData_Copy.xlsx, values Excel saved:
    MODE(B8,"1",2,3) and MODE(B9,2,D7) with D7 blank are #VALUE!)."""
    out: list[float] = []
    for a in args:
        if isinstance(a, Rows):
            raise Fallback()
        if isinstance(a, Range) and a.size > 1 or isinstance(a, np.ndarray):
            arr = a.values if isinstance(a, Range) else a
            err = first_error(arr)
            if err is not None:
                raise Err(err)
            vals, mask = numeric_cells(arr if arr.ndim == 2 else arr.reshape(1, -1))
            out.extend(vals[mask].ravel().tolist())
            continue
        v = scalar_of(a)
        if type(v) is XLError:
            raise Err(v)
        if type(v) is float:
            out.append(v)
        elif type(v) is bool:
            out.append(1.0 if v else 0.0)
        else:
            raise Err(E_VALUE)
    return np.array(out, dtype=np.float64)


def _mode_function(name: str, summary: str, pick: Callable[[list[float]], Any]) -> None:
    def impl(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
        try:
            return pick(mode(_mode_values(args)))
        except Err as e:
            return e.err

    function(name, "numbers...", category="statistical", raw="rowwise", summary=summary)(impl)


_mode_function("MODE", "Returns the most common value in a data set (``#N/A`` when no value repeats; "
               "text given directly is #VALUE!).", lambda m: m[0])


def _mode_sngl_values(grids: tuple[Grid, ...]) -> np.ndarray:
    """MODE.SNGL's and MODE.MULT's numbers: those of ranges and arrays (an error in them is
    the result); a value given directly counts if it is a number, a logical or numeric text,
    other text is skipped, unlike MODE's (MODE.SNGL(D71:E71,E71:F71,F71:G71,"") is 0.2 and
    MODE.MULT(D69:E69,E69:F69,F69:G69,"") 0.1 in formulas' test.xlsx, sheet STATISTICAL, as
    Excel saved them); an omitted argument is #VALUE! (MODE.MULT(...,) there, AG69)."""
    out: list[float] = []
    for g in grids:
        err = g.first_error()
        if err is not None:
            raise Err(err)
        if g.ref is None and g.values.size == 1:
            v = g.cell(0, 0)
            if v is None:
                raise Err(E_VALUE)
            if isinstance(v, str):
                x = parse_number_text(v)
                if x is not None:
                    out.append(x)
                continue
            out.append(num(v))
            continue
        out.extend(g.numbers().tolist())
    return np.array(out, dtype=np.float64)


@function("MODE.SNGL", "array...", category="statistical")
def MODE_SNGL(*grids: Grid) -> float:
    """Returns the most common value in a data set (``#N/A`` when no value repeats)."""
    return mode(_mode_sngl_values(grids))[0]


@function("MODE.MULT", "array...", category="statistical")
def MODE_MULT(*grids: Grid) -> np.ndarray:
    """Returns a vertical array of the most frequent values."""
    return np.array(mode(_mode_sngl_values(grids))).reshape(-1, 1)


@_a_form("AVERAGEA", "Returns the average of its arguments, text counting 0 and logicals 1 or 0.")
def AVERAGEA(xs: np.ndarray) -> float:
    return mean(xs)


@_a_form("MAXA", "Returns the largest value, text counting 0 and logicals 1 or 0.")
def MAXA(xs: np.ndarray) -> float:
    return float(xs.max()) if xs.size else 0.0


@_a_form("MINA", "Returns the smallest value, text counting 0 and logicals 1 or 0.")
def MINA(xs: np.ndarray) -> float:
    return float(xs.min()) if xs.size else 0.0


@function("GEOMEAN", "numbers...", category="statistical")
def GEOMEAN(*arrays: np.ndarray) -> float:
    """Returns the geometric mean of positive numbers."""
    xs = sample(arrays)
    if xs.size == 0 or (xs <= 0).any():
        raise Err(E_NUM)
    return float(math.exp(np.mean(np.log(xs))))


@function("HARMEAN", "numbers...", category="statistical")
def HARMEAN(*arrays: np.ndarray) -> float:
    """Returns the harmonic mean of positive numbers."""
    xs = sample(arrays)
    if xs.size == 0 or (xs <= 0).any():
        raise Err(E_NUM)
    return float(xs.size / np.sum(1.0 / xs))


@function("TRIMMEAN", "numbers, number", category="statistical")
def TRIMMEAN(xs: np.ndarray, percent: float) -> float:
    """Returns the mean of the interior of a data set (a share of points trimmed from both
    ends, rounded down to a multiple of 2)."""
    if not 0 <= percent < 1 or xs.size == 0:
        raise Err(E_NUM)
    cut = int(math.floor(xs.size * percent / 2 + 1e-12))
    s = np.sort(xs)
    return float(np.mean(s[cut : xs.size - cut]))


@function("AVEDEV", "numbers...", category="statistical")
def AVEDEV(*arrays: np.ndarray) -> float:
    """Returns the average of the absolute deviations of data points from their mean."""
    xs = sample(arrays)
    if xs.size == 0:
        raise Err(E_NUM)
    return float(np.mean(np.abs(xs - xs.mean())))


@function("DEVSQ", "numbers...", category="statistical")
def DEVSQ(*arrays: np.ndarray) -> float:
    """Returns the sum of squares of deviations from the mean."""
    xs = sample(arrays)
    if xs.size == 0:
        raise Err(E_NUM)
    return float(np.sum((xs - xs.mean()) ** 2))


@function("STDEV.S STDEV", "numbers...", category="statistical")
def STDEV_S(*arrays: np.ndarray) -> float:
    """Estimates the standard deviation of a population from a sample."""
    return math.sqrt(variance(sample(arrays), 1))


@function("STDEV.P STDEVP", "numbers...", category="statistical")
def STDEV_P(*arrays: np.ndarray) -> float:
    """Returns the standard deviation of an entire population."""
    return math.sqrt(variance(sample(arrays), 0))


@function("VAR.S VAR", "numbers...", category="statistical")
def VAR_S(*arrays: np.ndarray) -> float:
    """Estimates the variance of a population from a sample."""
    return variance(sample(arrays), 1)


@function("VAR.P VARP", "numbers...", category="statistical")
def VAR_P(*arrays: np.ndarray) -> float:
    """Returns the variance of an entire population."""
    return variance(sample(arrays), 0)


@_a_form("STDEVA", "Estimates the standard deviation from a sample, text counting 0 and logicals 1 or 0.")
def STDEVA(xs: np.ndarray) -> float:
    return math.sqrt(variance(xs, 1))


@_a_form("STDEVPA", "Standard deviation of a population, text counting 0 and logicals 1 or 0.")
def STDEVPA(xs: np.ndarray) -> float:
    return math.sqrt(variance(xs, 0))


@_a_form("VARA", "Estimates the variance from a sample, text counting 0 and logicals 1 or 0.")
def VARA(xs: np.ndarray) -> float:
    return variance(xs, 1)


@_a_form("VARPA", "Variance of a population, text counting 0 and logicals 1 or 0.")
def VARPA(xs: np.ndarray) -> float:
    return variance(xs, 0)


@function("KURT", "numbers...", category="statistical")
def KURT(*arrays: np.ndarray) -> float:
    """Returns the kurtosis of a data set."""
    xs = sample(arrays)
    n = xs.size
    if n < 4:
        raise ZeroDivisionError
    s = math.sqrt(variance(xs, 1))
    if s == 0:
        raise ZeroDivisionError
    z4 = float(np.sum(((xs - xs.mean()) / s) ** 4))
    return n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * z4 - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))


@function("SKEW", "numbers...", category="statistical")
def SKEW(*arrays: np.ndarray) -> float:
    """Returns the skewness of a distribution (sample)."""
    xs = sample(arrays)
    n = xs.size
    if n < 3:
        raise ZeroDivisionError
    s = math.sqrt(variance(xs, 1))
    if s == 0:
        raise ZeroDivisionError
    return n / ((n - 1) * (n - 2)) * float(np.sum(((xs - xs.mean()) / s) ** 3))


@function("SKEW.P", "numbers...", category="statistical")
def SKEW_P(*arrays: np.ndarray) -> float:
    """Returns the skewness of a distribution based on a population."""
    xs = sample(arrays)
    if xs.size < 1:
        raise ZeroDivisionError
    s = math.sqrt(variance(xs, 0))
    if s == 0:
        raise ZeroDivisionError
    return float(np.mean(((xs - xs.mean()) / s) ** 3))


@function("STANDARDIZE", "number, number, number", category="statistical")
def STANDARDIZE(x: float, m: float, sd: float) -> float:
    """Returns a normalised value: (x - mean) / standard_dev."""
    if sd <= 0:
        raise Err(E_NUM)
    return (x - m) / sd


# --- order -------------------------------------------------------------------------------------
@function("LARGE", "numbers, number", category="statistical")
def LARGE(xs: np.ndarray, k: float) -> float:
    """Returns the k-th largest value in a data set."""
    return kth(xs, k, True)


@function("SMALL", "numbers, number", category="statistical")
def SMALL(xs: np.ndarray, k: float) -> float:
    """Returns the k-th smallest value in a data set."""
    return kth(xs, k, False)


def _rank(x: float, xs: np.ndarray, order: float, average: bool) -> float:
    if not (xs == x).any():
        raise Err(E_NA)
    above = int(np.sum(xs < x)) if order else int(np.sum(xs > x))
    if not average:
        return float(above + 1)
    ties = int(np.sum(xs == x))
    return above + (ties + 1) / 2


@function("RANK.EQ RANK", "number, numbers, number=0", category="statistical")
def RANK_EQ(x: float, xs: np.ndarray, order: float) -> float:
    """Returns the rank of a number in a list (ties share the top rank)."""
    return _rank(x, xs, order, False)


@function("RANK.AVG", "number, numbers, number=0", category="statistical")
def RANK_AVG(x: float, xs: np.ndarray, order: float) -> float:
    """Returns the rank of a number in a list (ties get their average rank)."""
    return _rank(x, xs, order, True)


@function("PERCENTILE.INC PERCENTILE", "numbers, number", category="statistical")
def PERCENTILE_INC(xs: np.ndarray, k: float) -> float:
    """Returns the k-th percentile of values, k from 0 to 1 inclusive."""
    return percentile(xs, k, False)


@function("PERCENTILE.EXC", "numbers, number", category="statistical")
def PERCENTILE_EXC(xs: np.ndarray, k: float) -> float:
    """Returns the k-th percentile of values, k strictly between 0 and 1."""
    return percentile(xs, k, True)


@function("QUARTILE.INC QUARTILE", "numbers, number", category="statistical")
def QUARTILE_INC(xs: np.ndarray, q: float) -> float:
    """Returns a quartile of a data set (0 to 4)."""
    return quartile(xs, q, False)


@function("QUARTILE.EXC", "numbers, number", category="statistical")
def QUARTILE_EXC(xs: np.ndarray, q: float) -> float:
    """Returns a quartile of a data set (1 to 3), percentiles exclusive."""
    return quartile(xs, q, True)


def _percentrank(xs: np.ndarray, x: float, digits: float, exclusive: bool) -> float:
    d = int(digits)
    if d < 1:
        raise Err(E_NUM)
    n = xs.size
    if n == 0:
        raise Err(E_NUM)
    s = np.sort(xs)
    if x < s[0] or x > s[-1]:
        raise Err(E_NA)
    below = int(np.sum(s < x))
    if s[below] == x:
        pos = float(below)
    else:  # interpolate between the neighbours
        lo, hi = s[below - 1], s[below]
        pos = below - 1 + (x - lo) / (hi - lo)
    r = (pos + 1) / (n + 1) if exclusive else (pos / (n - 1) if n > 1 else 1.0)
    m = 10.0**d
    return math.floor(r * m * (1 + 1e-14)) / m


@function("PERCENTRANK.INC PERCENTRANK", "numbers, number, number=3", category="statistical")
def PERCENTRANK_INC(xs: np.ndarray, x: float, digits: float) -> float:
    """Returns the rank of a value in a data set as a percentage from 0 to 1 inclusive."""
    return _percentrank(xs, x, digits, False)


@function("PERCENTRANK.EXC", "numbers, number, number=3", category="statistical")
def PERCENTRANK_EXC(xs: np.ndarray, x: float, digits: float) -> float:
    """Returns the rank of a value in a data set as a percentage, 0 and 1 exclusive."""
    return _percentrank(xs, x, digits, True)


@function("FREQUENCY", "numbers, array", category="statistical")
def FREQUENCY(data: np.ndarray, gbins: Grid) -> np.ndarray:
    """Returns a vertical array of how many values fall in each interval of bins (one more
    count, for values above the highest bin)."""
    err = gbins.first_error()
    if err is not None:
        raise Err(err)
    if gbins.values.size == 1 and gbins.cell(0, 0) is None:
        # one blank cell is the bin 0: FREQUENCY(C43:G43,H43) over 1, 2, 3, 0, -1 is {2;3}
        # (formulas' test.xlsx STATISTICAL!W43, as Excel saved it)
        bins = np.zeros(1)
    elif gbins.ref is None and gbins.values.size == 1:
        bins = np.array([num(gbins.cell(0, 0))])
    else:
        bins = gbins.numbers()
    order = np.argsort(bins, kind="stable")
    sb = bins[order]
    idx = np.searchsorted(sb, data, side="left")
    counts_sorted = np.bincount(idx, minlength=sb.size + 1).astype(np.float64)
    out = np.empty(sb.size + 1)
    out[order] = counts_sorted[: sb.size]
    out[-1] = counts_sorted[sb.size]
    return out.reshape(-1, 1)


# --- conditional maximum and minimum -----------------------------------------------------------
def _ifs_mask(target: Grid, crit: tuple[Grid, ...]) -> np.ndarray:
    if not crit or len(crit) % 2:
        raise Err(E_VALUE)
    mask = np.ones(target.shape, bool)
    for i in range(0, len(crit), 2):
        rng, c = crit[i], crit[i + 1]
        if rng.shape != target.shape:
            raise Err(E_VALUE)
        cv = c.cell(0, 0)
        mask &= criteria_mask(rng.values, cv)
    return mask


def _extreme_ifs(target: Grid, crit: tuple[Grid, ...], largest: bool) -> Any:
    for g in crit[1::2]:  # a criteria array gives an array of results
        if g.values.size > 1:
            return _lift_criteria(target, crit, largest)
    mask = _ifs_mask(target, crit)
    sel = target.values[mask]
    err = first_error(sel.astype(object)) if sel.dtype == object else None
    if err is not None:
        raise Err(err)
    from ..values import numeric_cells

    vals, nm = numeric_cells(sel)
    vals = vals[nm]
    if vals.size == 0:
        return 0.0
    return float(vals.max() if largest else vals.min())


def _lift_criteria(target: Grid, crit: tuple[Grid, ...], largest: bool) -> np.ndarray:
    shape = max((g.shape for g in crit[1::2]), key=lambda s: s[0] * s[1])
    out = np.empty(shape, dtype=object)
    for i in range(shape[0]):
        for j in range(shape[1]):
            one = list(crit)
            for p in range(1, len(crit), 2):
                g = crit[p]
                ii, jj = min(i, g.rows - 1), min(j, g.cols - 1)
                one[p] = Grid(np.array([[g.cell(ii, jj)]], dtype=object))
            try:
                out[i, j] = _extreme_ifs(target, tuple(one), largest)
            except Err as e:
                out[i, j] = e.err
    return out


@function("MAXIFS", "array, array...", category="statistical")
def MAXIFS(target: Grid, *crit: Grid) -> Any:
    """Returns the largest number among cells meeting every criterion (none: 0)."""
    return _extreme_ifs(target, crit, True)


@function("MINIFS", "array, array...", category="statistical")
def MINIFS(target: Grid, *crit: Grid) -> Any:
    """Returns the smallest number among cells meeting every criterion (none: 0)."""
    return _extreme_ifs(target, crit, False)


# --- two samples: correlation and regression ---------------------------------------------------
def _xy(gy: Grid, gx: Grid) -> tuple[np.ndarray, np.ndarray]:
    return paired(gy, gx)  # the known y's are the first array (its errors come first)


def _cov(x: np.ndarray, y: np.ndarray, ddof: int) -> float:
    if x.size - ddof < 1:
        raise ZeroDivisionError
    return float(np.sum((x - x.mean()) * (y - y.mean())) / (x.size - ddof))


@function("COVARIANCE.P COVAR", "array, array", category="statistical")
def COVARIANCE_P(a: Grid, b: Grid) -> float:
    """Returns the population covariance of two data sets."""
    x, y = paired(a, b)
    return _cov(x, y, 0)


@function("COVARIANCE.S", "array, array", category="statistical")
def COVARIANCE_S(a: Grid, b: Grid) -> float:
    """Returns the sample covariance of two data sets."""
    x, y = paired(a, b)
    return _cov(x, y, 1)


def _correl(x: np.ndarray, y: np.ndarray) -> float:
    if x.size == 0:
        raise ZeroDivisionError
    dx, dy = x - x.mean(), y - y.mean()
    den = math.sqrt(float(np.sum(dx * dx)) * float(np.sum(dy * dy)))
    if den == 0:
        raise ZeroDivisionError
    return float(np.sum(dx * dy)) / den


@function("CORREL", "array, array", category="statistical")
def CORREL(a: Grid, b: Grid) -> float:
    """Returns the correlation coefficient of two data sets."""
    return _correl(*paired(a, b))


@function("PEARSON", "array, array", category="statistical")
def PEARSON(a: Grid, b: Grid) -> float:
    """Returns the Pearson product moment correlation coefficient."""
    return _correl(*paired(a, b))


@function("RSQ", "array, array", category="statistical")
def RSQ(gy: Grid, gx: Grid) -> float:
    """Returns the square of the Pearson correlation coefficient."""
    return _correl(*paired(gy, gx)) ** 2


def _slope_intercept(y: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    if x.size == 0:
        raise ZeroDivisionError
    dx = x - x.mean()
    sxx = float(np.sum(dx * dx))
    if sxx == 0:
        raise ZeroDivisionError
    b = float(np.sum(dx * (y - y.mean()))) / sxx
    return b, float(y.mean()) - b * float(x.mean())


@function("SLOPE", "array, array", category="statistical")
def SLOPE(gy: Grid, gx: Grid) -> float:
    """Returns the slope of the linear regression line of known y's on known x's."""
    return _slope_intercept(*_xy(gy, gx))[0]


@function("INTERCEPT", "array, array", category="statistical")
def INTERCEPT(gy: Grid, gx: Grid) -> float:
    """Returns the intercept of the linear regression line."""
    return _slope_intercept(*_xy(gy, gx))[1]


@function("STEYX", "array, array", category="statistical")
def STEYX(gy: Grid, gx: Grid) -> float:
    """Returns the standard error of the predicted y for each x in the regression."""
    y, x = _xy(gy, gx)
    if x.size < 3:
        raise ZeroDivisionError
    dx, dy = x - x.mean(), y - y.mean()
    sxx, syy, sxy = float(np.sum(dx * dx)), float(np.sum(dy * dy)), float(np.sum(dx * dy))
    if sxx == 0:
        raise ZeroDivisionError
    return math.sqrt(max(syy - sxy * sxy / sxx, 0.0) / (x.size - 2))


@function("FORECAST.LINEAR FORECAST", "number, array, array", category="statistical")
def FORECAST(x0: float, gy: Grid, gx: Grid) -> float:
    """Predicts a y for an x from the linear regression of known values."""
    b, a = _slope_intercept(*_xy(gy, gx))
    return a + b * x0


from . import statistical_dist, statistical_ets, statistical_regression  # noqa: E402, F401 - the rest of the category

