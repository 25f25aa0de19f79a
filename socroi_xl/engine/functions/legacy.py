"""The engine's hand-vectorised implementations (aggregates, criteria, lookups, AND/OR).

Each entry of :data:`FUNCTIONS` is ``(impl, kind)``; ``impl(n, args, refs)`` gets the
evaluated arguments as the evaluator holds them (see :mod:`socroi_xl.engine.values`), ``n``
(the run length, or None for one cell) and ``refs`` (which arguments were written as
references: aggregates ignore text in those).

Kinds:

* ``"vector"`` — the implementation handles per-row columns itself (aggregates over
  filled-down columns and one-row blocks): one call per column run.
* ``"rowwise"`` — written for one cell (lookups, criteria); when a run passes per-row
  values the evaluator calls it once per distinct combination of them.

Every other function is declared once with :func:`.spec.function` and called through
:mod:`.dispatch`; this table holds only the few whose speed on whole columns needs code of
their own. :data:`ARRAY_ARGS` says which of their arguments Excel evaluates as arrays in an
ordinary formula (no implicit intersection there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import XLError

E_REF = XLError("#REF!")
FUNCTIONS: dict[str, tuple[Callable[..., Any], str]] = {}

#: Arguments (0-based; ``None``: all) that take arrays in an ordinary formula.
ARRAY_ARGS: dict[str, frozenset[int] | None] = {
    "SUMPRODUCT": None,
    "INDEX": frozenset((0,)),
    "MATCH": frozenset((1,)),
    "VLOOKUP": frozenset((1,)),
    "HLOOKUP": frozenset((1,)),
    "XLOOKUP": frozenset((1, 2)),
}


def fn(name: str, kind: str = "vector") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a hand-vectorised implementation under one or more names."""

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        for n in name.split():
            FUNCTIONS[n] = (f, kind)
        return f

    return deco
