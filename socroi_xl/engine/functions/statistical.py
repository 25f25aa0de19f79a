"""Statistical functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..values import E_VALUE, Range, is_blank
from .aggregate import aggregate_function
from .criteria import criteria_function
from .legacy import FUNCTIONS, fn

# --- hand-vectorised (see .legacy) -------------------------------------------------------------
for _k in ("COUNT", "COUNTA", "AVERAGE", "MIN", "MAX"):
    FUNCTIONS[_k] = (aggregate_function(_k), "vector")
FUNCTIONS["COUNTIF"] = (criteria_function("COUNT", False), "rowwise")
FUNCTIONS["COUNTIFS"] = (criteria_function("COUNT", False), "rowwise")
FUNCTIONS["AVERAGEIF"] = (criteria_function("AVERAGE", False), "rowwise")
FUNCTIONS["AVERAGEIFS"] = (criteria_function("AVERAGE", True), "rowwise")


@fn("COUNTBLANK", "rowwise")
def _countblank(n: int | None, args: list[Any], refs: tuple[bool, ...]) -> Any:
    if len(args) != 1 or not isinstance(args[0], Range):
        return E_VALUE
    arr = args[0].values
    if arr.dtype == np.float64:
        return float(np.isnan(arr).sum())
    return float(sum(1 for v in arr.ravel().tolist() if is_blank(v) or v == ""))
