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


def _orientation(yshape: tuple[int, int], xshape: tuple[int, int]) -> str:
    """How the x's match the y's: ``"one"`` (each x one y cell: one variable), ``"col"`` or
    ``"row"`` (one variable per column or row); ``#REF!`` when the sizes do not match."""
    n = yshape[0] * yshape[1]
    if xshape[0] * xshape[1] == n and (xshape == yshape or 1 in xshape):
        return "one"
    if yshape[1] == 1 and xshape[0] == n:
        return "col"
    if yshape[0] == 1 and xshape[1] == n:
        return "row"
    raise Err(E_REF)


def _design(gy: Grid, gx: Any) -> tuple[np.ndarray, np.ndarray, str]:
    """(y, X, orientation) of a regression: X has one column per variable; orientation is
    ``"col"``, ``"row"`` or ``"one"`` (each x matches one y cell: one variable). Sizes are
    checked before values: ``LINEST(B2:B14,A2:A13^{1,2})`` is #REF! although B14 is blank
    (pycel's stats.xlsx, LinestArrayExp!B29:C30, as Excel saved it)."""
    if gx is MISSING:
        y = matrix(gy)
        return y.ravel(), np.arange(1.0, y.size + 1).reshape(-1, 1), "one"
    orient = _orientation(gy.shape, gx.shape)
    y, xm = matrix(gy), matrix(gx)
    if orient == "one":
        return y.ravel(), xm.reshape(-1, 1), "one"
    return y.ravel(), (xm if orient == "col" else xm.T), orient


#: A centred x column whose part not explained by the columns before it is at most this
#: share of its length is redundant (collinear): its coefficient is 0.
_COLLINEAR = 1e-12


def _independent(xc: np.ndarray) -> list[int]:
    """The columns of ``xc`` kept, in order: a column that is (numerically) a combination of
    the columns kept before it, or all zero, is left out."""
    kept: list[int] = []
    basis: list[np.ndarray] = []
    for j in range(xc.shape[1]):
        col = xc[:, j].astype(np.float64)
        norm = float(np.linalg.norm(col))
        rest = col.copy()
        for q in basis:
            rest -= (q @ rest) * q
        left = float(np.linalg.norm(rest))
        if norm == 0 or left <= _COLLINEAR * norm:
            continue
        kept.append(j)
        basis.append(rest / left)
    return kept


def _fit(y: np.ndarray, x: np.ndarray, const: bool) -> dict[str, Any]:
    """Least squares as Excel's LINEST does it: with a constant the x's and y's are centred
    on their means first, and an x column collinear with the columns before it (a constant
    column, with a constant) is left out with coefficient 0 (Microsoft's LINEST page: such
    columns get 0 coefficients and 0 standard errors; pycel's stats.xlsx, Stats!G5:H12, as
    Excel saved it: LINEST of a constant x is 0 with the mean of y as intercept). Centring
    makes an exact fit exact (Stats!D45:E49: LINEST({1;2;3},{2;3;4},TRUE,TRUE) has standard
    errors 0 and an F statistic of #NUM!)."""
    n, k = x.shape
    if const:
        xm, ym = x.mean(axis=0), float(y.mean())
        xc, yc = x - xm, y - ym
    else:
        xm, ym = np.zeros(k), 0.0
        xc, yc = x, y
    kept = _independent(xc)
    m = np.zeros(k)
    if len(kept) == 1:
        col = xc[:, kept[0]]
        m[kept[0]] = float(col @ yc) / float(col @ col)
    elif kept:
        m[kept], *_ = np.linalg.lstsq(xc[:, kept], yc, rcond=None)
    b = ym - float(xm @ m) if const else 0.0
    resid = y - (x @ m + b)
    ss_resid = float(resid @ resid)
    ss_tot = float(yc @ yc) if const else float(y @ y)
    df = n - len(kept) - (1 if const else 0)
    return {"m": m, "b": b, "xc": xc, "xm": xm, "kept": kept, "n": n, "ss_resid": ss_resid,
            "ss_tot": ss_tot, "df": df, "k": k, "const": const}


def _linest(y: np.ndarray, x: np.ndarray, const: bool, stats: bool) -> np.ndarray:
    f = _fit(y, x, const)
    coef, k, df, kept = f["m"], f["k"], f["df"], f["kept"]
    m = list(coef[::-1])
    b = f["b"]
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
    se = np.zeros(k)
    se_b = 0.0
    if kept:
        xk = f["xc"][:, kept]
        try:
            inv = np.linalg.inv(xk.T @ xk)
        except np.linalg.LinAlgError:
            raise Err(E_NUM) from None
        se[kept] = np.sqrt(np.maximum(sey2 * np.diag(inv), 0.0))
        if const:
            xm = f["xm"][kept]
            se_b = math.sqrt(max(sey2 * (1 / f["n"] + float(xm @ inv @ xm)), 0.0))
    elif const:
        se_b = math.sqrt(sey2 / f["n"])
    out[1, :k] = [float(v) for v in se[::-1]]
    out[1, k] = se_b if const else E_NA
    out[2, 0] = ss_reg / ss_tot if ss_tot else 1.0
    out[2, 1] = math.sqrt(sey2)
    out[3, 0] = (ss_reg / len(kept)) / sey2 if sey2 and kept else XLError("#NUM!")
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
    out = nx @ f["m"] + f["b"]
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
