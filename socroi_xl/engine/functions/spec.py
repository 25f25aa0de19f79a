"""How an Excel function is declared: once, with its arguments' coercion and its result.

Every native function of the engine is a plain Python function written for **one cell**,
declared with :func:`function`::

    @function("TRUNC", "number, number=0", category="math")
    def TRUNC(x: float, digits: float) -> float:
        "Truncates a number to an integer or to a number of digits."
        m = 10.0 ** int(digits)
        return math.trunc(x * m) / m

The signature string names the kind of each argument, in order:

=============  ==========================================================================
kind           what the function receives
=============  ==========================================================================
``number``     a ``float``: blank 0, TRUE 1, numeric or date text its number, other text
               ``#VALUE!``
``text``       a ``str``: blank ``""``, numbers as Excel's General format, TRUE/FALSE
``logical``    a ``bool``: numbers non-zero, text "TRUE"/"FALSE", other text ``#VALUE!``
``value``      the cell value as it is: ``float``, ``str``, ``bool`` or ``None`` (blank)
``any``        like ``value``, and errors too (:class:`~socroi_xl.errors.XLError`); only
               here do error arguments reach the function instead of being its result
``array``      a :class:`Grid`: a whole range or array, 2-D, never coerced (a range
               arrives as a :class:`~socroi_xl.engine.values.Range`, which is a grid of
               its cells that also knows where it is)
``numbers``    a 1-D ``float64`` array: the numbers of the argument as SUM reads them
               (from ranges and arrays only numbers; typed values coerced)
``ref``        a :class:`~socroi_xl.engine.values.Range`: the reference itself (ROW, OFFSET,
               CELL); anything else is ``#VALUE!``
``refvalue``   a reference as ``ref``, or else the value as it is (SHEET: a reference or a
               sheet name)
``function``   a :class:`~socroi_xl.engine.values.Lambda`: a LAMBDA or a function passed by
               its name (``GROUPBY(A2:A9, B2:B9, SUM)``); an error is the result, anything
               else ``#VALUE!``. The function calls it with ``ctx.evaluator.call_lambda``
               (declare it ``context=True``)
=============  ==========================================================================

Modifiers: ``kind=default`` (optional, the default is a Python literal: ``0``, ``1``,
``True``, ``""``); ``kind?`` (optional, ``None`` when omitted: the function decides);
``kind...`` (the last argument repeats; at least one). A blank cell given for an optional
argument is a blank value, not an omitted argument (``MATCH(x, r, A1)`` with A1 blank is
match type 0). An empty argument in the formula (``F(a,)``, ``F(a,,b)``) is an omitted one,
except for the functions of :data:`EMPTY_IS_BLANK`, which read it as a blank.

The scalar kinds (``number``, ``text``, ``logical``, ``value``, ``any``) are *lifted*: given a
range or array, the function is applied element by element (Excel's array evaluation, the
result as large as the largest argument, ``#N/A`` where a smaller one runs out), and while a
filled-down column is evaluated at once, once per row. Errors in scalar arguments are the
result (leftmost first) without calling the function, except for ``any``. The function
signals an Excel error by raising :class:`~socroi_xl.engine.values.Err` (or returning an
:class:`~socroi_xl.errors.XLError`); ``ZeroDivisionError`` is ``#DIV/0!``, ``ValueError`` and
``OverflowError`` (a math domain error) are ``#NUM!``; a non-finite float is ``#NUM!``;
text longer than 32,767 characters is ``#VALUE!``.

A function returns a scalar, a :class:`Grid` or 2-D ndarray (an array result: it spills in a
dynamic-array formula, else the cell shows its first element), or — only when declared
``returns="ref"`` — a :class:`~socroi_xl.engine.values.Range`.

Options of :func:`function`:

* ``category``: Excel's category (``math``, ``statistical``, ``text``, ``date``, ``lookup``,
  ``logical``, ``financial``, ``information``, ``engineering``, ``database``) — the
  generated function list in docs/engine.md groups by it;
* ``vector``: an optional numpy implementation used when every lifted argument is a
  ``float64`` array (blanks already 0): it receives the arrays (and the other arguments,
  coerced, as scalars) and returns an array of the broadcast shape, or ``None`` to decline;
  the scalar function stays the definition and the fallback;
* ``context=True``: the function's first parameter receives a :class:`CallContext` (the
  calling cell, the date system, the pinned clock and random seed); such a function is
  called once per cell;
* ``volatile=True``: recalculated every time (TODAY, NOW, RAND, OFFSET, INDIRECT);
* ``returns``: ``"value"`` (default), ``"array"`` (always an array: TRANSPOSE, SEQUENCE),
  ``"ref"`` (a reference: OFFSET, INDEX, INDIRECT).

The first line of the docstring is the function's one-line description in the docs.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..values import Grid

KINDS = frozenset(("number", "text", "logical", "value", "any", "array", "numbers", "ref", "refvalue", "function"))
#: Kinds applied element by element when given a range or an array.
SCALAR_KINDS = frozenset(("number", "text", "logical", "value", "any"))
CATEGORIES = (
    "math",
    "statistical",
    "text",
    "date",
    "lookup",
    "logical",
    "financial",
    "information",
    "engineering",
    "database",
)

#: Excel's functions that came from the Analysis ToolPak add-in (and their 2010 relatives):
#: a range of several cells given where one value is expected is ``#VALUE!`` — not
#: intersected with the formula's cell, not taken element by element even in an array
#: formula — while an array is lifted as for any function (``EOMONTH(+A1:A3,0)``). Excel
#: saved this for every one of them in formulas' ``test.xlsx`` (``=EDATE(E9:I9,C9:G9)``,
#: ``{=CONVERT(C16:Q16,"C","F")}``, ``=ISEVEN(C9:J9)``: ``#VALUE!`` in every cell).
ANALYSIS_TOOLPAK = frozenset(
    """
    EDATE EOMONTH NETWORKDAYS WORKDAY WEEKNUM YEARFRAC
    BESSELI BESSELJ BESSELK BESSELY BIN2DEC BIN2HEX BIN2OCT COMPLEX CONVERT DEC2BIN DEC2HEX
    DEC2OCT DELTA ERF ERFC ERF.PRECISE ERFC.PRECISE GESTEP HEX2BIN HEX2DEC HEX2OCT OCT2BIN
    OCT2DEC OCT2HEX IMABS IMAGINARY IMARGUMENT IMCONJUGATE IMCOS IMCOSH IMCOT IMCSC IMCSCH
    IMDIV IMEXP IMLN IMLOG10 IMLOG2 IMPOWER IMPRODUCT IMREAL IMSEC IMSECH IMSIN IMSINH
    IMSQRT IMSUB IMSUM IMTAN
    ACCRINT ACCRINTM AMORDEGRC AMORLINC COUPDAYBS COUPDAYS COUPDAYSNC COUPNCD COUPNUM COUPPCD
    CUMIPMT CUMPRINC DISC DOLLARDE DOLLARFR DURATION EFFECT FVSCHEDULE INTRATE MDURATION
    NOMINAL ODDFPRICE ODDFYIELD ODDLPRICE ODDLYIELD PRICE PRICEDISC PRICEMAT RECEIVED TBILLEQ
    TBILLPRICE TBILLYIELD XIRR XNPV YIELD YIELDDISC YIELDMAT
    ISEVEN ISODD FACTDOUBLE GCD LCM MROUND MULTINOMIAL QUOTIENT RANDBETWEEN SERIESSUM SQRTPI
    """.split()
)

#: Functions that read a multi-cell reference by its first cell in an array formula, where
#: others take it element by element: ``{=N(C19:Q19)}`` over sixteen cells is N(C19) = 4 in
#: every one of them (formulas' test.xlsx, INFORMATION!AH19:AW19, Excel-saved).
FIRST_CELL = frozenset(("N",))

#: Functions whose element-by-element result, as the top of a legacy array formula, fills
#: the formula's whole range: beyond the edge of their argument they see #N/A —
#: ``{=ISTEXT(M18:Q18)}`` over nine cells is FALSE in the four beyond, ``{=ISNA(C12:Q12)}``
#: over sixteen TRUE in the last — while ERROR.TYPE, VALUETOTEXT and the others leave #N/A
#: there (formulas' test.xlsx, INFORMATION and TEXT sheets, Excel-saved; each of these
#: eight seen there).
FILLS_ARRAY_RANGE = frozenset(("ISBLANK", "ISERR", "ISERROR", "ISLOGICAL", "ISNA", "ISNONTEXT", "ISNUMBER", "ISTEXT"))

#: Functions that read an empty argument (``F(a,)``, ``F(a,,b)``) as a blank — 0, FALSE or
#: "" — instead of leaving it out: ``INDIRECT("R2C2",)`` is R1C1 style (IronCalc's
#: INDIRECT.xlsx, as Excel saved it). Elsewhere an empty optional argument takes its default,
#: which Excel's saved values show for OFFSET (POI's FormulaEvalTestData_Copy.xlsx, I1008),
#: ADDRESS and FORECAST.ETS; VLOOKUP, HLOOKUP and MATCH read it as 0 in their own code.
EMPTY_IS_BLANK = frozenset(("INDIRECT",))

#: Marker of an omitted optional argument declared ``kind?``... and of a missing argument
#: (``F(1,,2)``) as the evaluator hands it over.
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    """One declared argument."""

    kind: str
    optional: bool = False
    default: Any = _NO_DEFAULT
    repeat: bool = False

    @property
    def scalar(self) -> bool:
        return self.kind in SCALAR_KINDS


@dataclass
class FunctionSpec:
    """An Excel function as declared with :func:`function`."""

    name: str
    params: tuple[Param, ...]
    func: Callable[..., Any]
    category: str
    vector: Callable[..., Any] | None = None
    context: bool = False
    volatile: bool = False
    returns: str = "value"
    summary: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: ``"vector"`` or ``"rowwise"`` for a hand-vectorised implementation that takes the
    #: evaluator's values (see :func:`function`'s ``raw``); None for the ordinary contract
    raw: str | None = None

    @property
    def min_args(self) -> int:
        return sum(1 for p in self.params if not p.optional)

    @property
    def max_args(self) -> int | None:
        return None if self.params and self.params[-1].repeat else len(self.params)

    def param(self, i: int) -> Param:
        """The declaration of argument ``i`` (0-based), repeating the last for ``...``."""
        if i < len(self.params):
            return self.params[i]
        return self.params[-1]

    @property
    def first_cell(self) -> bool:
        """A multi-cell reference is its first cell in an array formula (:data:`FIRST_CELL`)."""
        return self.name in FIRST_CELL

    @property
    def empty_is_blank(self) -> bool:
        """An empty argument is a blank, not an omitted one (:data:`EMPTY_IS_BLANK`)."""
        return self.name in EMPTY_IS_BLANK

    @property
    def refuses_ranges(self) -> bool:
        """A range of several cells for a one-value argument is ``#VALUE!`` (the Analysis
        ToolPak's functions: :data:`ANALYSIS_TOOLPAK`)."""
        return self.name in ANALYSIS_TOOLPAK

    def takes_reference(self, i: int) -> bool:
        """Whether argument ``i`` must be evaluated as a reference (kind ``ref``, ``refvalue``)."""
        return bool(self.params) and self.param(i).kind in ("ref", "refvalue")

    def array_argument(self, i: int) -> bool:
        """Whether argument ``i`` is evaluated as an array even in an ordinary formula (kind
        ``array``: Excel's array-class parameters, as SUMPRODUCT's). A ``numbers`` argument
        takes a range whole, but an expression over ranges there is implicitly intersected
        in an ordinary formula, as SUM's, MEDIAN's or LARGE's (``=MEDIAN(A1:A3*10)`` in row 2
        is A2*10 in Excel and LibreOffice; in an array formula, all three)."""
        return bool(self.params) and self.param(i).kind == "array"


__all__ = ["ANALYSIS_TOOLPAK", "CATEGORIES", "EMPTY_IS_BLANK", "FILLS_ARRAY_RANGE", "FIRST_CELL", "KINDS", "MISSING", "SPECS", "CallContext", "FunctionSpec", "Grid", "Param", "Settings", "function", "parse_signature"]

#: Every declared function by its upper-case name (aliases included).
SPECS: dict[str, FunctionSpec] = {}


def parse_signature(sig: str) -> tuple[Param, ...]:
    """The parameters of a signature string such as ``"number, number=0, value..."``.

    >>> [(p.kind, p.optional, p.repeat) for p in parse_signature("text, number?, any...")]
    [('text', False, False), ('number', True, False), ('any', False, True)]
    >>> parse_signature("number=2")[0].default
    2.0
    """
    out: list[Param] = []
    parts = [p.strip() for p in sig.split(",")] if sig.strip() else []
    for i, part in enumerate(parts):
        repeat = part.endswith("...")
        if repeat:
            if i != len(parts) - 1:
                raise ValueError(f"only the last argument may repeat: {sig!r}")
            part = part[:-3].strip()
        optional = False
        default: Any = _NO_DEFAULT
        if "=" in part:
            part, raw = (s.strip() for s in part.split("=", 1))
            default = ast.literal_eval(raw)
            if isinstance(default, int) and not isinstance(default, bool):
                default = float(default)
            optional = True
        elif part.endswith("?"):
            part = part[:-1].strip()
            optional = True
            default = MISSING
        if part not in KINDS:
            raise ValueError(f"unknown argument kind {part!r} in {sig!r}")
        if out and out[-1].optional and not optional and not repeat:
            raise ValueError(f"a required argument follows an optional one: {sig!r}")
        out.append(Param(part, optional, default, repeat))
    return tuple(out)


def function(
    names: str,
    signature: str,
    *,
    category: str,
    vector: Callable[..., Any] | None = None,
    context: bool = False,
    volatile: bool = False,
    returns: str = "value",
    raw: str | None = None,
    summary: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an Excel function (see the module docstring). ``names`` may list aliases
    separated by spaces (``"CONCAT CONCATENATE"``); the first is the documented name.

    ``raw`` (``"vector"`` or ``"rowwise"``) declares a hand-vectorised implementation instead
    of a one-cell one, for the few functions whose speed on whole columns needs code of its
    own (SUM over filled-down row blocks, lookups over a column): it is called as
    ``impl(n, args, refs)`` with the arguments as the evaluator holds them (see
    :mod:`socroi_xl.engine.functions.legacy`), once per column run (``"vector"``) or once
    per distinct per-row argument (``"rowwise"``); the signature then documents the
    arguments. ``summary`` overrides the docstring's first line."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if returns not in ("value", "array", "ref"):
        raise ValueError(f"unknown result kind {returns!r}")
    if raw not in (None, "vector", "rowwise"):
        raise ValueError(f"unknown raw kind {raw!r}")
    params = parse_signature(signature)
    all_names = tuple(n.upper() for n in names.split())

    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        doc = (f.__doc__ or "").strip().splitlines()
        spec = FunctionSpec(
            name=all_names[0],
            params=params,
            func=f,
            category=category,
            vector=vector,
            context=context,
            volatile=volatile,
            returns=returns,
            summary=summary if summary is not None else (doc[0].strip() if doc else ""),
            aliases=all_names[1:],
            raw=raw,
        )
        for n in all_names:
            if n in SPECS:
                raise ValueError(f"function {n} declared twice")
            SPECS[n] = spec
        f.spec = spec  # type: ignore[attr-defined]
        return f

    return deco


@dataclass
class Settings:
    """Workbook-wide facts a function may need, passed in (never global)."""

    date1904: bool = False
    today: dt.datetime | None = None  # pinned clock (``--today``), else the real one
    #: The character set of CHAR and CODE: Excel's platform's ("windows-1252"; Excel for
    #: Mac: "mac-roman"), read from the application that saved the workbook
    charset: str = "windows-1252"
    seed: int | None = None  # pinned random seed
    _rng: Any = None

    def now(self) -> dt.datetime:
        return self.today if self.today is not None else dt.datetime.now()

    def random(self) -> float:
        if self._rng is None:
            self._rng = np.random.default_rng(self.seed)
        return float(self._rng.random())


@dataclass
class CallContext:
    """Where a function declared ``context=True`` is being called."""

    sheet: str
    row: int
    col: int
    settings: Settings
    book: Any = None  # the engine's Book (for INDIRECT, CELL, SHEET)
    evaluator: Any = None
