"""Where an expression is evaluated (:class:`Ctx`), the names LET and LAMBDA bind
(:class:`Scope`), and the signal of a circular reference met while evaluating."""

from __future__ import annotations

from typing import Any

from ..xl.refs import col_letters
from .package import Sheet


class Ctx:
    """Where a formula is being evaluated: one cell (``n`` None) or a column run of ``n``
    rows; ``array`` when ranges are taken whole (an array formula, or an argument that takes
    an array) rather than implicitly intersected with the formula's cell; ``scope``: the
    names bound by LET and LAMBDA around the expression."""

    __slots__ = ("sheet", "row", "col", "n", "array", "scope")

    def __init__(self, sheet: Sheet, row: int, col: int, n: int | None, array: bool = False, scope: Scope | None = None) -> None:
        self.sheet, self.row, self.col, self.n, self.array, self.scope = sheet, row, col, n, array, scope

    def as_array(self) -> Ctx:
        """The same place, evaluating ranges whole."""
        return self if self.array else Ctx(self.sheet, self.row, self.col, self.n, True, self.scope)

    def with_scope(self, scope: Scope | None) -> Ctx:
        return Ctx(self.sheet, self.row, self.col, self.n, self.array, scope)

    def where(self) -> str:
        cell = f"{self.sheet.name}!{col_letters(self.col)}{self.row}"
        if self.n is not None and self.n > 1:
            cell += f":{col_letters(self.col)}{self.row + self.n - 1}"
        return cell


class Scope:
    """Names bound by LET or a LAMBDA call (upper case), inside an enclosing scope."""

    __slots__ = ("names", "parent")

    def __init__(self, names: dict[str, Any], parent: Scope | None) -> None:
        self.names, self.parent = names, parent

    def lookup(self, name: str) -> Any:
        s: Scope | None = self
        while s is not None:
            if name in s.names:
                return s.names[name]
            s = s.parent
        return _UNBOUND


_UNBOUND = object()


class Circular(BaseException):
    """A cell's value was needed while that cell was being computed."""

    def __init__(self, key: Any) -> None:
        super().__init__(str(key))
        self.key = key
