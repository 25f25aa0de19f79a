"""Hand-vectorised implementations (aggregates, criteria, lookups, AND/OR): functions
declared with :func:`.spec.function` and ``raw="vector"`` or ``raw="rowwise"``.

Such an implementation is ``impl(n, args, refs)``: ``args`` the evaluated arguments as the
evaluator holds them — scalars, :class:`~socroi_xl.engine.values.Range`, 2-D arrays
(computed arrays), 1-D arrays (one value per row of a column run, only for ``"vector"``),
:class:`~socroi_xl.engine.values.Rows` with 2-D values (a one-row range moving with the
row); ``n`` the run length, or None for one cell; ``refs`` which arguments were written as
references (aggregates ignore text in those).

* ``"vector"``: the implementation handles per-row columns itself (aggregates over
  filled-down columns and one-row blocks): one call per column run.
* ``"rowwise"``: written for one cell (lookups, criteria); when a run passes per-row values
  the evaluator calls it once per distinct combination of them.

There is one registry, :data:`~.spec.SPECS`. :data:`FUNCTIONS` is the former table kept as a
view: assigning ``FUNCTIONS["SUM"] = (impl, "vector")`` (or the :func:`fn` decorator)
declares the function through :func:`.spec.function` with its documented signature,
category and summary from :data:`DOCS`. :data:`ARRAY_ARGS` says which arguments of these
functions Excel evaluates as arrays in an ordinary formula (no implicit intersection there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import XLError
from .spec import function

E_REF = XLError("#REF!")

#: name -> (signature, category, one-line summary) of the hand-vectorised functions.
DOCS: dict[str, tuple[str, str, str]] = {
    "SUM": ("numbers...", "math", "Adds its arguments."),
    "SUMIF": ("array, value, array?", "math", "Adds the cells that meet a criterion."),
    "SUMIFS": ("array, array, value...", "math", "Adds the cells that meet several criteria."),
    "SUBTOTAL": ("number, array...", "math", "Returns a subtotal (AVERAGE, COUNT, COUNTA, MAX, MIN or SUM) of a list."),
    "SUMPRODUCT": ("array...", "math", "Returns the sum of the products of corresponding array elements."),
    "COUNT": ("value...", "statistical", "Counts the numbers in its arguments."),
    "COUNTA": ("value...", "statistical", "Counts the values that are not blank."),
    "AVERAGE": ("numbers...", "statistical", "Returns the average of its arguments."),
    "MIN": ("numbers...", "statistical", "Returns the smallest number (0 when there is none)."),
    "MAX": ("numbers...", "statistical", "Returns the largest number (0 when there is none)."),
    "COUNTIF": ("array, value", "statistical", "Counts the cells that meet a criterion."),
    "COUNTIFS": ("array, value...", "statistical", "Counts the cells that meet several criteria."),
    "AVERAGEIF": ("array, value, array?", "statistical", "Returns the average of the cells that meet a criterion."),
    "AVERAGEIFS": ("array, array, value...", "statistical", "Returns the average of the cells that meet several criteria."),
    "COUNTBLANK": ("ref", "statistical", "Counts the blank cells of a range."),
    "MATCH": ("value, array, number?", "lookup", "Returns the position of a value in a one-row or one-column range."),
    "INDEX": ("array, number, number?, number?", "lookup", "Returns the value or reference at a row and column of a range."),
    "VLOOKUP": ("value, array, number, logical?", "lookup", "Looks up a value in the first column and returns a value in the same row."),
    "HLOOKUP": ("value, array, number, logical?", "lookup", "Looks up a value in the first row and returns a value in the same column."),
    "XLOOKUP": ("value, array, array, value?, number?, number?", "lookup", "Looks up a value and returns the matching item of another range."),
    "ROWS": ("array", "lookup", "Returns the number of rows of a reference or array."),
    "COLUMNS": ("array", "lookup", "Returns the number of columns of a reference or array."),
    "AND": ("value...", "logical", "TRUE if all of its arguments are TRUE."),
    "OR": ("value...", "logical", "TRUE if any of its arguments is TRUE."),
    "XOR": ("value...", "logical", "TRUE if an odd number of its arguments are TRUE."),
}

#: Arguments (0-based; ``None``: all) that take arrays in an ordinary formula.
ARRAY_ARGS: dict[str, frozenset[int] | None] = {
    "SUMPRODUCT": None,
    "INDEX": frozenset((0,)),
    "MATCH": frozenset((1,)),
    "VLOOKUP": frozenset((1,)),
    "HLOOKUP": frozenset((1,)),
    "XLOOKUP": frozenset((1, 2)),
}


#: Arguments (0-based) that take one value — criteria, lookup values: a range there is
#: implicitly intersected in an ordinary formula and taken element by element in an array
#: formula (``SUMIF(A6:A15,E13:E15,C6:C15)`` in a dynamic array gives three sums).
VALUE_ARGS: dict[str, Callable[[int], bool]] = {
    "SUMIF": lambda i: i == 1,
    "COUNTIF": lambda i: i == 1,
    "AVERAGEIF": lambda i: i == 1,
    "COUNTIFS": lambda i: i % 2 == 1,
    "SUMIFS": lambda i: i >= 2 and i % 2 == 0,
    "AVERAGEIFS": lambda i: i >= 2 and i % 2 == 0,
    "MATCH": lambda i: i in (0, 2),
    "VLOOKUP": lambda i: i in (0, 2, 3),
    "HLOOKUP": lambda i: i in (0, 2, 3),
    "XLOOKUP": lambda i: i in (0, 3, 4, 5),
    "INDEX": lambda i: i in (1, 2, 3),
}

#: Functions that take several areas (``(A1:A3,C1:C3)``) as one argument, whole: INDEX
#: chooses one by its area number; ROWS and COLUMNS of several areas are #REF!.
AREA_ARGS = frozenset(("INDEX", "ROWS", "COLUMNS"))


def declare(name: str, impl: Callable[..., Any], kind: str) -> None:
    """Declare a hand-vectorised implementation through :func:`.spec.function`."""
    signature, category, summary = DOCS.get(name, ("value...", "math", (impl.__doc__ or "").strip().split("\n")[0]))
    function(name, signature, category=category, raw=kind, summary=summary)(impl)


class _Table(dict):
    """``FUNCTIONS[name] = (impl, kind)`` declares the function (see the module docstring)."""

    def __setitem__(self, name: str, entry: tuple[Callable[..., Any], str]) -> None:
        impl, kind = entry
        declare(name, impl, kind)
        super().__setitem__(name, entry)


FUNCTIONS: dict[str, tuple[Callable[..., Any], str]] = _Table()


def fn(name: str, kind: str = "vector") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a hand-vectorised implementation under one or more names."""

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        for n in name.split():
            FUNCTIONS[n] = (f, kind)
        return f

    return deco
