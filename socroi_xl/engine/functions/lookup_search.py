"""How Excel's lookup functions find a value in a one-row or one-column array.

One :class:`Vector` per searched array, read once and kept while a pass evaluates (a
filled-down ``VLOOKUP($A2, Table, 2, FALSE)`` searches the same column a hundred thousand
times): a dictionary of each value's first and last positions for exact matches, and per
type the values in order (binary searches) and sorted (nearest-value searches).

Matching rules (Excel's):

* values match only values of their own type: numbers, text (case-insensitive), logicals;
  blank cells and errors in the array never match; a blank lookup value matches nothing in
  an exact search and is 0 in an approximate one;
* **exact** (MATCH 0, VLOOKUP FALSE, XLOOKUP 0): the first match (the last when searching
  from the end); MATCH, VLOOKUP and HLOOKUP read ``*``, ``?`` and ``~`` in text as wildcards,
  XLOOKUP and XMATCH only with match mode 2;
* **approximate** (MATCH 1 and -1, VLOOKUP TRUE, LOOKUP): Excel's binary search over the
  whole array (see :meth:`Vector.approx`): sorted data give the last value <= the lookup
  value (>= for descending data), so the last of equal values; unsorted or mixed data give
  what Excel's halving gives (the rules come from values Excel saved);
* **XLOOKUP and XMATCH** compare across types in Excel's order (numbers < text <
  logicals: the next value smaller than FALSE may be text); match modes -1 and 1 find the
  exact match, else the next smaller (larger) value wherever it is, the first of equal ones
  in the search direction; the binary search modes halve as Excel does (see
  :meth:`Vector.binary`); an empty lookup value finds the first empty cell, else ranks
  above every value (match mode -1 finds the greatest value); match and search modes are
  rounded down (-1.1 is -2); an error as lookup value is the result, whatever the modes and
  ``if_not_found``; match mode 3 is a regular expression.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from ...errors import XLError
from ..values import E_NA, Err, Range, as_array, scalar_of, to_object
from .criteria import wildcard

#: Vectors by (id of the source, which part), cleared by the evaluator after each pass.
_INDEX_CACHE: dict[Any, tuple[Any, Vector]] = {}
_CACHE_LIMIT = 64


def key(v: Any) -> tuple[int, Any] | None:
    """A value as a comparable key of its type (0 numbers, 1 text, 2 logicals), or None for
    what never matches (blank, errors)."""
    t = type(v)
    if t is float:
        return None if v != v else (0, v)
    if v is None or t is XLError:
        return None
    if t is bool:
        return (2, v)
    if isinstance(v, str):
        return (1, v.lower())
    if isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_)):
        return (0, float(v))
    if isinstance(v, np.bool_):
        return (2, bool(v))
    return None


class Vector:
    """A searched one-row or one-column array (see the module docstring)."""

    __slots__ = ("values", "_first", "_last", "_typed", "_sorted", "_raw")

    def __init__(self, values: list[Any]) -> None:
        self.values = values
        self._first: dict[tuple[int, Any], int] | None = None
        self._last: dict[tuple[int, Any], int] | None = None
        self._typed: dict[int, tuple[list[Any], list[int]]] | None = None
        self._sorted: dict[str, Any] | None = None
        self._raw: tuple[list[Any], dict[int, list[int]]] | None = None

    def __len__(self) -> int:
        return len(self.values)

    def _index(self) -> None:
        first: dict[tuple[int, Any], int] = {}
        last: dict[tuple[int, Any], int] = {}
        typed: dict[int, tuple[list[Any], list[int]]] = {0: ([], []), 1: ([], []), 2: ([], [])}
        for i, v in enumerate(self.values):
            k = key(v)
            if k is None:
                continue
            if k not in first:
                first[k] = i
            last[k] = i
            ks, pos = typed[k[0]]
            ks.append(k[1])
            pos.append(i)
        self._first, self._last, self._typed = first, last, typed

    def typed(self, t: int) -> tuple[list[Any], list[int]]:
        """The keys of type ``t`` in array order, and their positions."""
        if self._typed is None:
            self._index()
        return self._typed[t]  # type: ignore[index]

    def exact(self, value: Any, reverse: bool = False) -> int | None:
        """Position of the first (last) value equal to ``value``, or None."""
        k = key(value)
        if k is None:
            return None
        if self._first is None:
            self._index()
        return (self._last if reverse else self._first).get(k)  # type: ignore[union-attr]

    def wild(self, pattern: str, reverse: bool = False) -> int | None:
        """Position of the first (last) text matching a pattern with ``*``, ``?``, ``~``."""
        rx = wildcard(pattern)
        if rx is None:
            return self.exact(pattern, reverse)
        n = len(self.values)
        for i in range(n - 1, -1, -1) if reverse else range(n):
            v = self.values[i]
            if isinstance(v, str) and type(v) is not XLError and rx.fullmatch(v):
                return i
        return None

    def _positions(self) -> tuple[list[Any], dict[int, list[int]]]:
        """Each position's key, and per type the last position of that type at or before each
        position (-1: none), for the approximate search."""
        if self._raw is None:
            keys = [key(v) for v in self.values]
            before: dict[int, list[int]] = {}
            for t in (0, 1, 2):
                last, out = -1, []
                for i, kv in enumerate(keys):
                    if kv is not None and kv[0] == t:
                        last = i
                    out.append(last)
                before[t] = out
            self._raw = (keys, before)
        return self._raw

    def approx(self, value: Any, descending: bool = False) -> int | None:
        """Excel's approximate search (MATCH 1 and -1, VLOOKUP/HLOOKUP TRUE, LOOKUP): the
        position of the last value <= ``value`` (>= it for descending data) of its type, by
        Excel's binary search, which halves the positions of the whole array. A value of the
        type in the middle: equal, the search ends (on to the last equal value right after
        it); else it moves the search as usual. A blank or another type in the middle: the
        nearest value of the type before it (not before the search's start) moves the search
        as a value there would, without ending it; with none, the search goes on after the
        middle. Descending data whose first value of the type is not larger give that value
        when it is equal, else nothing. Each rule is a value Excel saved (formulas' test.xlsx
        LOOKUP rows 56-73, pycel's lookup.xlsx, POI's test data); None when nothing fits."""
        k = key(value)
        if k is None:
            return None
        t, target = k
        keys, before = self._positions()
        prev = before[t]
        n = len(keys)
        if descending:
            ks, pos = self.typed(t)
            if ks and ks[0] <= target:  # the first value of the type
                return pos[0] if ks[0] == target else None
        lo, hi, best = 0, n - 1, -1
        while lo <= hi:
            mid = (lo + hi) // 2
            kv = keys[mid]
            if kv is not None and kv[0] == t:
                v = kv[1]
                if v == target:
                    while mid + 1 < n and keys[mid + 1] == kv:
                        mid += 1
                    return mid
                if (v > target) if descending else (v < target):
                    best, lo = mid, mid + 1
                else:
                    hi = mid - 1
                continue
            j = prev[mid - 1] if mid > 0 else -1
            if j < lo:
                lo = mid + 1
                continue
            v = keys[j][1]
            if (v >= target) if descending else (v <= target):
                best, lo = j, mid + 1
            else:
                hi = j - 1
        return best if best >= 0 else None

    def ordered(self) -> tuple[list[tuple[int, Any]], list[int]]:
        """Every value that can match (not blank, not an error) as a key of Excel's order
        across types (numbers < text < logicals), in array order, and its position."""
        if self._sorted is None:
            ks, pos = [], []
            for i, v in enumerate(self.values):
                k = key(v)
                if k is not None:
                    ks.append(k)
                    pos.append(i)
            self._sorted = {"ordered": (ks, pos)}
        return self._sorted["ordered"]  # type: ignore[return-value]

    def _sorted_keys(self) -> tuple[list[tuple[int, Any]], list[int], list[int]]:
        """The distinct keys sorted, with the first and last position of each."""
        self.ordered()
        hit = self._sorted.get("sorted")  # type: ignore[union-attr]
        if hit is None:
            ks, pos = self.ordered()
            first: dict[tuple[int, Any], int] = {}
            last: dict[tuple[int, Any], int] = {}
            for kv, p in zip(ks, pos, strict=True):
                first.setdefault(kv, p)
                last[kv] = p
            uniq = sorted(first)
            hit = self._sorted["sorted"] = (uniq, [first[u] for u in uniq], [last[u] for u in uniq])  # type: ignore[index]
        return hit

    def blank(self, reverse: bool = False) -> int | None:
        """Position of the first (last) empty cell: what XLOOKUP finds for an empty lookup value."""
        n = len(self.values)
        for i in range(n - 1, -1, -1) if reverse else range(n):
            v = self.values[i]
            if v is None or (type(v) is float and v != v):
                return i
        return None

    def greatest(self, reverse: bool = False) -> int | None:
        """Position of the greatest value in Excel's order across types (the first of equal
        values; the last when ``reverse``): what an empty lookup value finds with match mode
        -1, Excel ranking it above every value."""
        uniq, first, last = self._sorted_keys()
        if not uniq:
            return None
        return (last if reverse else first)[-1]

    def binary_last(self, descending: bool) -> int | None:
        """Where a binary search for a value above every value ends (the last value searched;
        the first when ``descending``)."""
        _, pos = self.ordered()
        if not pos:
            return None
        return pos[0] if descending else pos[-1]

    def nearest(self, value: Any, larger: bool, reverse: bool = False) -> int | None:
        """The exact match, else the next smaller (``larger`` False) or larger value in Excel's
        order across types, wherever it is; of equal values the first (the last when
        ``reverse``): XLOOKUP and XMATCH match modes -1 and 1."""
        k = key(value)
        if k is None:
            return None
        uniq, first, last = self._sorted_keys()
        j = bisect.bisect_left(uniq, k)
        if j < len(uniq) and uniq[j] == k:
            pass
        elif larger:
            if j >= len(uniq):
                return None
        else:
            j -= 1
            if j < 0:
                return None
        return (last if reverse else first)[j]

    def binary(self, value: Any, mode: int, descending: bool) -> int | None:
        """XLOOKUP/XMATCH binary search (search modes 2 and -2) with match mode ``mode`` (0
        exact, -1 exact or next smaller, 1 exact or next larger), as Excel searches: halving
        [lo, hi] over the values in Excel's order across types; an equal value moves the
        search left ascending (the first of equal values) and right descending (the last);
        not found, the next larger value is where the search ends on the larger side."""
        k = key(value)
        if k is None:
            return None
        ks, pos = self.ordered()
        lo, hi, exact = 0, len(ks) - 1, -1
        while lo <= hi:
            mid = (lo + hi) // 2
            if ks[mid] == k:
                exact = mid
                if descending:
                    lo = mid + 1
                else:
                    hi = mid - 1
            elif (ks[mid] > k) != descending:
                hi = mid - 1
            else:
                lo = mid + 1
        if exact >= 0:
            return pos[exact]
        larger, smaller = (hi, lo) if descending else (lo, hi)
        i = larger if mode == 1 else smaller if mode == -1 else -1
        return pos[i] if 0 <= i < len(ks) else None

    def regex(self, pattern: str, reverse: bool = False) -> int | None:
        """Position of the first (last) text in which a regular expression finds a match
        (XLOOKUP and XMATCH match mode 3); an invalid expression is #VALUE!."""
        import re

        try:
            rx = re.compile(pattern)
        except re.error:
            from ..values import E_VALUE

            raise Err(E_VALUE) from None
        n = len(self.values)
        for i in range(n - 1, -1, -1) if reverse else range(n):
            v = self.values[i]
            if isinstance(v, str) and type(v) is not XLError and rx.search(v):
                return i
        return None


def _values(arr: np.ndarray) -> list[Any]:
    return to_object(arr).tolist()


def cached(source: Any, part: Any, make: Any) -> Vector:
    """The vector ``make()`` builds for ``(source, part)``, built once per source object."""
    k = (id(source), part)
    hit = _INDEX_CACHE.get(k)
    if hit is not None and hit[0] is source:
        return hit[1]
    vec = make()
    if len(_INDEX_CACHE) >= _CACHE_LIMIT:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[k] = (source, vec)
    return vec


def grid2d(a: Any) -> np.ndarray:
    """Any argument as a 2-D array (a scalar as 1x1)."""
    arr = as_array(a)
    if arr is None:
        return np.array([[scalar_of(a)]], dtype=object)
    return arr if arr.ndim == 2 else arr.reshape(1, -1)


def vector_of(source: Any, *, strict: bool = False) -> tuple[Vector, bool]:
    """A one-row or one-column argument as a :class:`Vector`, and whether it is a row.
    Anything larger is ``#N/A`` (MATCH) — ``#VALUE!`` with ``strict`` (XMATCH, XLOOKUP)."""
    arr = grid2d(source)
    rows, cols = arr.shape
    if rows != 1 and cols != 1:
        from ..values import E_VALUE

        raise Err(E_VALUE if strict else E_NA)
    is_row = rows == 1 and cols > 1
    return cached(source, "v", lambda: Vector(_values(arr[0] if is_row else arr[:, 0]))), is_row


def line_of(source: Any, index: int, horizontal: bool) -> Vector:
    """Column ``index`` (row, when ``horizontal``) of a 2-D argument as a :class:`Vector`."""

    def make() -> Vector:
        arr = grid2d(source)
        return Vector(_values(arr[index] if horizontal else arr[:, index]))

    return cached(source, ("r" if horizontal else "c", index), make)


def cell_or_range(source: Any, i: int, j: int) -> Any:
    """The cell (i, j) (0-based) of a table: a one-cell :class:`Range` when the table is a
    reference (the lookup functions return references), else the value."""
    if isinstance(source, Range):
        return Range(source.sheet, source.r1 + i, source.c1 + j, source.r1 + i, source.c1 + j, source.guard)
    return scalar_of(grid2d(source)[i, j])


__all__ = ["Vector", "cached", "cell_or_range", "grid2d", "key", "line_of", "vector_of"]
