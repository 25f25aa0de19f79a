"""Matrix functions of Excel's Math & trigonometry category: MMULT, MINVERSE, MDETERM, MUNIT."""

from __future__ import annotations

import numpy as np

from ..values import E_NUM, E_VALUE, Err
from .spec import Grid, function


def matrix(g: Grid) -> np.ndarray:
    """A grid as a float matrix: every cell must be a number (else ``#VALUE!``); an error
    cell is the result."""
    err = g.first_error()
    if err is not None:
        raise Err(err)
    v = g.values
    if v.dtype == np.float64:
        if np.isnan(v).any():
            raise Err(E_VALUE)
        return v
    out = np.empty(v.shape)
    for (i, j), x in np.ndenumerate(v):
        if type(x) is not float or x != x:
            raise Err(E_VALUE)
        out[i, j] = x
    return out


def _square(g: Grid) -> np.ndarray:
    m = matrix(g)
    if m.shape[0] != m.shape[1]:
        raise Err(E_VALUE)
    return m


@function("MMULT", "array, array", category="math")
def MMULT(a: Grid, b: Grid) -> np.ndarray:
    """Returns the matrix product of two arrays (columns of the first = rows of the second)."""
    x, y = matrix(a), matrix(b)
    if x.shape[1] != y.shape[0]:
        raise Err(E_VALUE)
    return x @ y


@function("MINVERSE", "array", category="math")
def MINVERSE(a: Grid) -> np.ndarray:
    """Returns the inverse matrix of a square array (``#NUM!`` when it is singular)."""
    m = _square(a)
    if abs(np.linalg.det(m)) < 1e-300 or np.linalg.cond(m) > 1e16:
        raise Err(E_NUM)
    return np.linalg.inv(m)


@function("MDETERM", "array", category="math")
def MDETERM(a: Grid) -> float:
    """Returns the determinant of a square array."""
    return float(np.linalg.det(_square(a)))


@function("MUNIT", "number", category="math")
def MUNIT(n: float) -> np.ndarray:
    """Returns the unit (identity) matrix of a dimension."""
    k = int(n)
    if k < 1:
        raise Err(E_VALUE)
    return np.eye(k)
