"""Least-squares regression with array results: LINEST, LOGEST, TREND, GROWTH."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import E_NA, E_NUM, E_VALUE, Err
from .math_matrix import matrix as _matrix
from .spec import MISSING, Grid, function

E_REF = XLError("#REF!")


def _flag(v: Any, default: bool) -> bool:
    if type(v) is XLError:
        # LINEST(C58:E58,E58:G58,L58,0) with L58 #N/A is #VALUE! (formulas' test.xlsx,
        # sheet STATISTICAL, as Excel saved it; LOGEST the same in row 59)
        raise Err(E_VALUE)
    return default if v is MISSING or v is None else bool(v)


def matrix(g: Grid) -> np.ndarray:
    """The numbers of a regression's range: an error cell in it is ``#VALUE!``, not that
    error (formulas' test.xlsx, sheet STATISTICAL, as Excel saved it: LINEST(L58:N58,
    N58:P58,0,0) over #N/A, #NAME?... is #VALUE!, as LOGEST in row 59, TREND and GROWTH
    with such new x's in rows 113 and 51)."""
    if g.first_error() is not None:
        raise Err(E_VALUE)
    return _matrix(g)


def _design(gy: Grid, gx: Any) -> tuple[np.ndarray, np.ndarray, str]:
    """(y, X, orientation) of a regression: X has one column per variable; orientation is
    ``"col"``, ``"row"`` or ``"one"`` (each x matches one y cell: one variable)."""
    y = matrix(gy)
    n = y.size
    if gx is MISSING:
        return y.ravel(), np.arange(1.0, n + 1).reshape(-1, 1), "one"
    xm = matrix(gx)
    if xm.size == n and (xm.shape == y.shape or 1 in xm.shape):
        return y.ravel(), xm.reshape(-1, 1), "one"
    if y.shape[1] == 1 and xm.shape[0] == n:
        return y.ravel(), xm, "col"
    if y.shape[0] == 1 and xm.shape[1] == n:
        return y.ravel(), xm.T, "row"
    raise Err(E_REF)


def _fit(y: np.ndarray, x: np.ndarray, const: bool) -> dict[str, Any]:
    n, k = x.shape
    a = np.column_stack([x, np.ones(n)]) if const else x
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    resid = y - a @ coef
    ss_resid = float(resid @ resid)
    ss_tot = float(np.sum((y - y.mean()) ** 2)) if const else float(y @ y)
    df = n - k - (1 if const else 0)
    return {"coef": coef, "a": a, "ss_resid": ss_resid, "ss_tot": ss_tot, "df": df, "k": k, "const": const}


def _linest(y: np.ndarray, x: np.ndarray, const: bool, stats: bool) -> np.ndarray:
    f = _fit(y, x, const)
    coef, k, df = f["coef"], f["k"], f["df"]
    m = list(coef[:k][::-1])
    b = float(coef[k]) if const else 0.0
    if not stats:
        return np.array([m + [b]], dtype=np.float64)
    width = k + 1
    out = np.empty((5, width), dtype=object)
    out.fill(E_NA)
    out[0, :] = [float(v) for v in m] + [b]
    ss_resid, ss_tot = f["ss_resid"], f["ss_tot"]
    ss_reg = ss_tot - ss_resid
    if df <= 0:
        raise Err(E_NUM)
    sey2 = ss_resid / df
    try:
        cov = sey2 * np.linalg.inv(f["a"].T @ f["a"])
        se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    except np.linalg.LinAlgError:
        raise Err(E_NUM) from None
    out[1, :k] = [float(v) for v in se[:k][::-1]]
    out[1, k] = float(se[k]) if const else E_NA
    out[2, 0] = ss_reg / ss_tot if ss_tot else 1.0
    out[2, 1] = math.sqrt(sey2)
    out[3, 0] = (ss_reg / k) / sey2 if sey2 else XLError("#NUM!")
    out[3, 1] = float(df)
    out[4, 0] = ss_reg
    out[4, 1] = ss_resid
    return out


@function("LINEST", "array, array?, any?, value?", category="statistical")
def LINEST(gy: Grid, gx: Any, const: Any, stats: Any) -> np.ndarray:
    """Returns the parameters of a linear trend (an array: slopes last-variable first, then
    the intercept; with stats, four more rows of regression statistics)."""
    y, x, _ = _design(gy, gx)
    return _linest(y, x, _flag(const, True), _flag(stats, False))


@function("LOGEST", "array, array?, any?, value?", category="statistical")
def LOGEST(gy: Grid, gx: Any, const: Any, stats: Any) -> np.ndarray:
    """Returns the parameters of an exponential trend y = b * m1^x1 * ... (an array)."""
    y, x, _ = _design(gy, gx)
    if (y <= 0).any():
        raise Err(E_NUM)
    out = _linest(np.log(y), x, _flag(const, True), _flag(stats, False))
    first = np.array([math.exp(v) for v in out[0].tolist()], dtype=object)
    out = out.astype(object)
    out[0, :] = first
    if not _flag(const, True):
        out[0, -1] = 1.0
    return out


def _new_x(gnew: Any, x: np.ndarray, orient: str, gx: Any, gy: Grid) -> tuple[np.ndarray, tuple[int, int]]:
    if gnew is MISSING:
        shape = gx.shape if (gx is not MISSING and orient == "one") else gy.shape
        if orient == "col":
            shape = (x.shape[0], 1)
        elif orient == "row":
            shape = (1, x.shape[0])
        return x, shape
    nm = matrix(gnew)
    k = x.shape[1]
    if k == 1:
        return nm.reshape(-1, 1), nm.shape
    if orient == "col" and nm.shape[1] == k:
        return nm, (nm.shape[0], 1)
    if orient == "row" and nm.shape[0] == k:
        return nm.T, (1, nm.shape[1])
    raise Err(E_REF)


def _trend(gy: Grid, gx: Any, gnew: Any, const: Any, log: bool) -> np.ndarray:
    y, x, orient = _design(gy, gx)
    if log:
        if (y <= 0).any():
            raise Err(E_NUM)
        y = np.log(y)
    c = _flag(const, True)
    f = _fit(y, x, c)
    nx, shape = _new_x(gnew, x, orient, gx, gy)
    a = np.column_stack([nx, np.ones(nx.shape[0])]) if c else nx
    out = a @ f["coef"]
    if log:
        out = np.exp(out)
    return out.reshape(shape)


@function("TREND", "array, array?, array?, value?", category="statistical")
def TREND(gy: Grid, gx: Any, gnew: Any, const: Any) -> np.ndarray:
    """Returns values along a linear trend fitted to known values."""
    return _trend(gy, gx, gnew, const, False)


@function("GROWTH", "array, array?, array?, value?", category="statistical")
def GROWTH(gy: Grid, gx: Any, gnew: Any, const: Any) -> np.ndarray:
    """Returns values along an exponential trend fitted to known values."""
    return _trend(gy, gx, gnew, const, True)
