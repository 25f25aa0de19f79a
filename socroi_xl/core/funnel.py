"""Funnel stage rates: where people drop out between awareness and purchase."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DIV0, NUM, VALUE, error, first_error
from ..xl.coerce import as_array, numbers, result
from .kernel import quiet

MODES = ("step", "overall")


def option_text(value: Any) -> str | None:
    """A text option given as a cell, a one-cell range or omitted (``None``), lower case."""
    arr = as_array(value) if value is not None else None
    if arr is not None and arr.size == 1:
        value = arr.ravel()[0]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value).strip().casefold() if isinstance(value, str) else None


def funnel(stage_counts: Any, mode: Any = None) -> Any:
    """Funnel rates: one per transition, step n(k+1)/n(k) (default) or overall n(k+1)/n(1).

    Stages run down a column (awareness at the top) and the rates spill down beside them,
    one row fewer. A single row of stages runs across and spills across. A block of
    several columns is one funnel per column (paid and organic side by side).

    .. math:: \\mathrm{step}_k = \\frac{n_{k+1}}{n_k}, \\qquad
              \\mathrm{overall}_k = \\frac{n_{k+1}}{n_1}

    Parameters
    ----------
    stage_counts : range
        People (or actions) at each stage, in funnel order: e.g. reach, link clicks,
        leads, purchases; negative gives #NUM!, blank counts 0.
    mode : text, optional
        "step" (default): each stage over the stage before it; "overall": each stage over
        the first stage. Any other text gives #VALUE!.

    Returns
    -------
    array
        The stage rates as fractions, one fewer than the stages.

    Notes
    -----
    Zero denominator: a stage of 0 (or blank) makes the next rate ``#DIV/0!`` (step), or
    every rate (overall, when the first stage is 0). Fewer than two stages give
    ``#VALUE!``: there is no transition to measure.

    Examples
    --------
    Reach 50,000, clicks 1,000, leads 50, purchases 10:

    >>> funnel([[50000], [1000], [50], [10]]).tolist()
    [[0.02], [0.05], [0.2]]
    >>> funnel([50000, 1000, 50, 10], "overall").tolist()
    [0.02, 0.001, 0.0002]
    """
    how = option_text(mode) or "step"
    if how not in MODES:
        return error(VALUE)
    arr = as_array(stage_counts)
    across = arr.ndim == 2 and arr.shape[0] == 1 and arr.shape[1] > 1
    grid = arr.T if across else arr.reshape(arr.shape[0], -1) if arr.ndim else arr.reshape(1, 1)
    if grid.shape[0] < 2:
        return error(VALUE)
    values, codes = numbers(grid)
    if codes is None and values.min() > 0:  # every stage a positive count: no checks left
        counts = values
        out_codes = None
    else:
        codes = np.zeros(grid.shape, dtype=np.int8) if codes is None else codes.copy()
        first_error(codes, values < 0, NUM)
        counts = np.nan_to_num(values)
        out_codes = codes[1:].copy()
        np.putmask(out_codes, out_codes == 0, codes[:-1] if how == "step" else codes[:1])
    numerator = counts[1:]
    denominator = counts[:-1] if how == "step" else counts[:1]
    if out_codes is not None:
        first_error(out_codes, np.broadcast_to(denominator == 0, numerator.shape), DIV0)
    with quiet():
        rates = numerator / denominator
    out = result(rates, out_codes, scalar=False)
    if across:
        return out.T
    return out.reshape(-1) if arr.ndim == 1 else out
