"""Excel error values, one definition for every runtime.

An error travels as :class:`XLError`, a ``str`` subclass, so it compares equal to the
text Excel shows (``XLError("#DIV/0!") == "#DIV/0!"``) while ``isinstance(v, XLError)``
tells a real error from a text cell that happens to read ``"#N/A"``. Functions also
accept the plain strings (that is how xlwings hands errors over with ``err_to_str``).

Inside vectorised code an error is a small integer code, Excel's own ``ERROR.TYPE``
number, held in an ``int8`` array beside the values (0 means no error).
"""

from __future__ import annotations

import numpy as np

#: Excel's error texts, indexed by ``ERROR.TYPE`` number (index 0 is "no error").
ERROR_TEXTS: tuple[str, ...] = (
    "",
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CONNECT!",
    "#BLOCKED!",
    "#UNKNOWN!",
    "#FIELD!",
    "#CALC!",
)

NULL, DIV0, VALUE, REF, NAME, NUM, NA = range(1, 8)
#: Errors of Excel 365 (dynamic arrays, linked data types): ``ERROR.TYPE`` 8-14.
GETTING_DATA, SPILL, CONNECT, BLOCKED, UNKNOWN, FIELD, CALC = range(8, 15)

CODE_OF: dict[str, int] = {text: code for code, text in enumerate(ERROR_TEXTS) if text}


class XLError(str):
    """An Excel error value; equal to its text, e.g. ``XLError("#N/A") == "#N/A"``."""

    __slots__ = ()

    def __new__(cls, text: str) -> XLError:
        if text not in CODE_OF:
            raise ValueError(f"not an Excel error value: {text!r}")
        return super().__new__(cls, text)

    @property
    def code(self) -> int:
        """Excel's ``ERROR.TYPE`` number of this error."""
        return CODE_OF[str(self)]

    def __repr__(self) -> str:  # shown like the plain text it stands for
        return repr(str(self))


#: The error objects, indexed like :data:`ERROR_TEXTS` (index 0 is ``None``).
ERROR_OBJECTS: tuple[XLError | None, ...] = (None,) + tuple(XLError(t) for t in ERROR_TEXTS[1:])


def is_error(value: object) -> bool:
    """True for an :class:`XLError` or a plain string that is an Excel error text.

    >>> is_error("#DIV/0!"), is_error(XLError("#N/A")), is_error("hello"), is_error(3.0)
    (True, True, False, False)
    """
    return isinstance(value, str) and value in CODE_OF


def error(code: int) -> XLError:
    """The error object for an ``ERROR.TYPE`` code.

    >>> error(DIV0), type(error(DIV0)).__name__
    ('#DIV/0!', 'XLError')
    """
    err = ERROR_OBJECTS[code]
    if err is None:
        raise ValueError("code 0 is not an error")
    return err


def first_error(codes: np.ndarray, mask: np.ndarray, code: int) -> np.ndarray:
    """Set ``code`` where ``mask`` holds and no earlier error was recorded (in place).

    Errors are recorded in order of precedence: the first one set for an element wins,
    just as Excel reports the first error it meets.
    """
    np.putmask(codes, mask & (codes == 0), code)
    return codes
