"""Information functions: IS..., NA."""

from __future__ import annotations

from typing import Any

from ...errors import XLError
from ..values import E_NA
from .spec import function


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and type(v) is not XLError


@function("ISBLANK", "any", category="information")
def ISBLANK(v: Any) -> bool:
    """TRUE if the value is an empty cell."""
    return v is None


@function("ISNUMBER", "any", category="information")
def ISNUMBER(v: Any) -> bool:
    """TRUE if the value is a number."""
    return type(v) is float


@function("ISTEXT", "any", category="information")
def ISTEXT(v: Any) -> bool:
    """TRUE if the value is text."""
    return _is_text(v)


@function("ISNONTEXT", "any", category="information")
def ISNONTEXT(v: Any) -> bool:
    """TRUE if the value is not text (a blank cell is not text)."""
    return not _is_text(v)


@function("ISLOGICAL", "any", category="information")
def ISLOGICAL(v: Any) -> bool:
    """TRUE if the value is a logical value."""
    return type(v) is bool


@function("ISERROR", "any", category="information")
def ISERROR(v: Any) -> bool:
    """TRUE if the value is any error value."""
    return type(v) is XLError


@function("ISNA", "any", category="information")
def ISNA(v: Any) -> bool:
    """TRUE if the value is the #N/A error."""
    return type(v) is XLError and v == "#N/A"


@function("ISERR", "any", category="information")
def ISERR(v: Any) -> bool:
    """TRUE if the value is an error other than #N/A."""
    return type(v) is XLError and v != "#N/A"


@function("NA", "", category="information")
def NA() -> XLError:
    """Returns the error value #N/A."""
    return E_NA
