"""Excel's native functions, one module per Excel category.

A function is declared once with :func:`.spec.function` (its arguments' kinds, result, the
one-line description) and called through :func:`.dispatch.call`, which coerces, propagates
errors, intersects or lifts ranges and evaluates filled-down columns. A few hot functions
keep hand-vectorised implementations in :data:`.legacy.FUNCTIONS` (see :mod:`.legacy`).

Importing this package registers every function: :data:`SPECS` and :data:`FUNCTIONS`.
"""

from __future__ import annotations

from . import (  # noqa: F401 - importing a category module registers its functions
    database,
    date_time,
    engineering,
    financial,
    financial_bonds,
    information,
    logical,
    lookup,
    lookup_arrays,
    lookup_dynamic,
    lookup_getpivotdata,
    lookup_pivot,
    lookup_reference,
    math_trig,
    statistical,
    text,
    text_xml,
)
from .legacy import ARRAY_ARGS, FUNCTIONS
from .lookup import _INDEX_CACHE
from .spec import SPECS, CallContext, FunctionSpec, Grid, Settings, function

__all__ = [
    "ARRAY_ARGS",
    "FUNCTIONS",
    "SPECS",
    "CallContext",
    "FunctionSpec",
    "Grid",
    "Settings",
    "_INDEX_CACHE",
    "function",
]
