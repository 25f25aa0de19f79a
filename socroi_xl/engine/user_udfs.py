"""The user's own xlwings functions (UDFs), evaluated by the engine on request.

A workbook made for classic xlwings calls functions of its own: Python functions decorated
with ``@xw.func`` in a module beside it (the ``UDF Modules`` of its ``xlwings.conf`` sheet,
else the module named like the workbook). Excel calls them through xlwings' VBA wrappers;
without them the engine shows ``#NAME?``. Given the modules (``socroi recalc
--udf-module``, ``--workbook-udfs``; ``recalc_path(udf_modules=..., workbook_udfs=True)``),
the engine imports them and calls those functions itself.

**Trust.** Importing a module runs its code, with the rights of the command: only name
modules you would run yourself. Nothing is imported unless asked.

How xlwings' own code is reused:

- the decorators that record a function's metadata are xlwings' classic ones
  (``xlwings.udfs.xlfunc``, ``xlarg``, ``xlret``, ``xlsub``: on Linux and macOS ``import
  xlwings`` hands out no-op stand-ins, so they are put in place while the module is
  imported). ``xlwings.udfs`` imports pywin32 for its COM calls, which the engine never
  makes: it is loaded privately with empty stand-ins for those modules;
- functions are found as xlwings' VBA generator finds them (every module attribute with
  ``__xlfunc__``, Subs left out), named in formulas by their Python name (VBA, like Excel,
  ignores case);
- arguments and results go through xlwings' conversion pipelines
  (``xlwings.conversion.read`` / ``write``: converters, ``ndim``, ``transpose``, ``dates``,
  ``empty``, ``numbers``, dict, numpy, pandas), with the engine-specific steps of xlwings'
  Windows engine (``clean_value_data``, ``prepare_xl_data_element``) written here for the
  engine's values (:class:`_Engine`); an argument's ``expand`` option, which reads the
  sheet around the range, follows xlwings' ``expansion`` module over the engine's cells.

The glue, as Excel and pywin32 hand values to xlwings: a one-cell range is its value, a
larger one rows of values; numbers are floats, except in a date-formatted cell (a
datetime); a blank cell is None, an error cell an error (None after conversion, its text
with ``err_to_str``). A result that is a 2-D list (or an array, a DataFrame) fills a legacy
array formula's range, spills from a dynamic-array formula, and shows its top-left value
in an ordinary formula, as Excel does; a datetime becomes its serial; None is empty text.

**Never silent.** A function that raises shows ``#VALUE!`` (Excel shows that too in
xlwings Lite; classic xlwings writes the error's text) and a warning names the function,
the cells and the exception. A function that needs Excel itself (a ``caller`` argument, an
argument filled by VBA, a ``range`` converter, ``xw.Book.caller()``) shows ``#VALUE!``, is
named in a warning and counted as not evaluated.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib.util
import inspect
import math
import os
import sys
import traceback
import types
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import XLError
from ..xl import dates
from .values import E_VALUE, Areas, Fallback, Grid, Lambda, Range, Rows

__all__ = ["UserFunction", "UserFunctions", "UserUdfError", "load", "workbook_modules"]

#: The name of the engine registered with xlwings for its conversion pipelines.
ENGINE_NAME = "socroi"
E_NUM = XLError("#NUM!")


class UserUdfError(ValueError):
    """A UDF module that cannot be found or imported (the message says which and why)."""


@dataclass
class UserFunction:
    """One ``@xw.func`` function of a user's module."""

    name: str  # as formulas call it, upper case
    func: Any
    module: str
    info: dict[str, Any]

    @property
    def params(self) -> list[dict[str, Any]]:
        """The arguments a formula passes (``caller`` and VBA-filled ones are not)."""
        return [a for a in self.info["args"] if not _needs_excel(a)]

    def needs_excel(self) -> str | None:
        """Why the function cannot run without Excel, or None."""
        for a in self.info["args"]:
            if a["name"] == "caller":
                return "its 'caller' argument is the calling Excel range, which only Excel provides"
            if a.get("vba"):
                return f"its argument {a['name']!r} is filled by the VBA expression {a['vba']!r}, which only Excel evaluates"
            if _is_range_converter(a["options"].get("convert")):
                return f"its argument {a['name']!r} is converted to an xlwings Range, which only Excel provides"
        return None


def _needs_excel(arg: dict[str, Any]) -> bool:
    return arg["name"] == "caller" or bool(arg.get("vba"))


def _is_range_converter(convert: Any) -> bool:
    if convert == "range":
        return True
    try:
        import xlwings

        return convert is xlwings.Range
    except ImportError:  # pragma: no cover - xlwings is a dependency
        return False


# --------------------------------------------------------------------------- xlwings' parts


class _XLErr:
    """An error cell as xlwings' Windows engine receives one (pywin32 gives its code)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<Excel error {self.text}>"


class _Engine:
    """The engine-specific steps of xlwings' conversion pipelines, for the engine's values
    (modelled on ``xlwings._xlwindows.Engine``: what pywin32 gives and takes)."""

    name = ENGINE_NAME
    type = "desktop"

    def __init__(self) -> None:
        self.date1904 = False

    @property
    def apps(self) -> Any:  # pragma: no cover - no Excel here
        raise NotImplementedError("the socroi engine has no Excel application")

    @staticmethod
    def clean_value_data(data: Any, datetime_builder: Any, empty_as: Any, number_builder: Any, err_to_str: bool) -> list[list[Any]]:
        def one(v: Any) -> Any:
            if v is None or v == "":
                return empty_as
            if isinstance(v, dt.datetime):
                return datetime_builder(year=v.year, month=v.month, day=v.day, hour=v.hour, minute=v.minute,
                                        second=v.second, microsecond=v.microsecond, tzinfo=None)  # fmt: skip
            if type(v) is _XLErr:
                return v.text if err_to_str else None
            if number_builder is not None and isinstance(v, float):
                return number_builder(v)
            return v

        return [[one(v) for v in row] for row in data]

    def prepare_xl_data_element(self, x: Any, options: Any = None) -> Any:
        if isinstance(x, (dt.date, dt.time, np.datetime64)) or _is_timestamp(x):
            if _is_nat(x):
                return ""
            x = x.to_pydatetime() if _is_timestamp(x) else x
            if isinstance(x, dt.datetime) and x.date() == _OLE_ZERO.date() and not self.date1904:
                return dates.serial(x.time())  # a time alone, as COM dates carry it (day 0)
            try:
                return dates.serial(x, self.date1904)
            except (dates.DateRangeError, OverflowError):
                return E_NUM
        if x is None or _is_nat(x):
            return ""
        if isinstance(x, (bool, np.bool_)):
            return bool(x)
        if isinstance(x, (int, float, np.number)):
            f = float(x)
            if math.isnan(f):
                return ""  # pywin32 writes NaN as empty
            return f if math.isfinite(f) else E_NUM
        return x


def _is_timestamp(x: Any) -> bool:
    return type(x).__name__ == "Timestamp" and hasattr(x, "to_pydatetime")


def _is_nat(x: Any) -> bool:
    return type(x).__name__ == "NaTType"


_ENGINE = _Engine()


def _register_engine() -> None:
    import xlwings
    from xlwings.main import Engine

    try:
        xlwings.engines[ENGINE_NAME]
    except Exception:  # noqa: BLE001 - not registered yet (xlwings raises its own error)
        xlwings.engines.add(Engine(impl=_ENGINE))


_CLASSIC: types.ModuleType | None = None


def _classic() -> types.ModuleType:
    """``xlwings.udfs`` (classic xlwings' decorators), loaded privately: its pywin32
    imports get empty stand-ins (only its COM calls use them; the engine makes none)."""
    global _CLASSIC
    if _CLASSIC is not None:
        return _CLASSIC
    import xlwings

    stand_ins = {n: types.ModuleType(n) for n in ("pythoncom", "pywintypes", "win32com", "win32com.client")}
    stand_ins["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    stand_ins["win32com.client"].Dispatch = None  # type: ignore[attr-defined]
    stand_ins["win32com"].client = stand_ins["win32com.client"]  # type: ignore[attr-defined]
    path = Path(xlwings.__file__).with_name("udfs.py")
    spec = importlib.util.spec_from_file_location("xlwings.udfs", path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise UserUdfError(f"cannot load xlwings' classic UDF decorators from {path}")
    module = importlib.util.module_from_spec(spec)
    saved = {n: sys.modules.get(n) for n in stand_ins}
    real = {n: m for n, m in saved.items() if m is not None}
    sys.modules.update({n: m for n, m in stand_ins.items() if n not in real})
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - another xlwings version may import more
        raise UserUdfError(f"cannot load xlwings' classic UDF decorators ({type(exc).__name__}: {exc})") from exc
    finally:
        for n, m in saved.items():
            if m is None:
                sys.modules.pop(n, None)
    _CLASSIC = module
    return module


@contextlib.contextmanager
def _classic_decorators() -> Iterator[None]:
    """``xw.func``, ``xw.arg``, ``xw.ret``, ``xw.sub`` as classic xlwings has them, while a
    user's module is imported."""
    import xlwings

    udfs = _classic()
    wanted = {"func": udfs.xlfunc, "arg": udfs.xlarg, "ret": udfs.xlret, "sub": udfs.xlsub}
    saved = {k: getattr(xlwings, k, None) for k in wanted}
    for k, v in wanted.items():
        setattr(xlwings, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(xlwings, k, v)


# --------------------------------------------------------------------------- finding modules


def workbook_modules(path: str | os.PathLike[str], name: str | None = None) -> list[str]:
    """The UDF modules classic xlwings imports for a workbook: its ``xlwings.conf`` sheet's
    ``UDF Modules`` (separated by ``;``), plus one per sheet named ``*.py``; when that
    leaves none, the module named like the workbook (``report.xlsm``: ``report``).

    ``name``: the workbook's file name, when ``path`` is a copy under another name.
    """
    import openpyxl

    names: list[str] = []
    sheets: list[str] = []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserUdfError(f"{path}: cannot read its xlwings configuration ({exc})") from exc
    try:
        sheets = list(wb.sheetnames)
        if "xlwings.conf" in sheets:
            for row in wb["xlwings.conf"].iter_rows(min_col=1, max_col=2, values_only=True):
                if row and isinstance(row[0], str) and row[0].strip().upper() == "UDF MODULES" and row[1]:
                    names += [n.strip() for n in str(row[1]).split(";") if n.strip()]
    finally:
        wb.close()
    names += [s[:-3] for s in sheets if s.endswith(".py")]
    if not names:
        base = name or os.path.basename(os.fspath(path))
        names = [base.rsplit(".", 1)[0]]
    return list(dict.fromkeys(names))


def resolve(spec: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None) -> Path | str:
    """The file of a UDF module: a path to a ``.py`` file, or a module name, looked for
    beside the workbook (``folder``) first, as xlwings adds the workbook's folder to the
    Python path, then on the Python path. A package or a module inside one (``xlwings.ext``,
    the add-in's ``sql``) is imported by its name: the name is returned."""
    text = os.fspath(spec)
    if text.endswith(".py") or os.sep in text or (os.altsep and os.altsep in text):
        p = Path(text).expanduser()
        if folder is not None and not p.is_absolute() and not p.exists():
            p = Path(folder) / p
        if not p.is_file():
            raise UserUdfError(f"UDF module {text}: no such file")
        return p.resolve()
    if folder is not None:
        beside = Path(folder) / f"{text}.py"
        if beside.is_file():
            return beside.resolve()
    try:
        found = importlib.util.find_spec(text)
    except (ImportError, ValueError) as exc:
        raise UserUdfError(f"UDF module {text}: {exc}") from exc
    if found is None or not found.origin or not found.origin.endswith(".py"):
        where = f" beside the workbook ({folder}) or" if folder is not None else ""
        raise UserUdfError(f"UDF module {text}: not found{where} on the Python path")
    if "." in text or found.submodule_search_locations is not None:
        return text
    return Path(found.origin)


def _prints_to_stderr() -> contextlib.AbstractContextManager[Any]:
    """What the user's code prints goes to standard error: it is a diagnostic, as xlwings'
    console shows it, and must not mix with a command's output on standard output (nor
    fail a call when that output is a closed pipe)."""
    return contextlib.redirect_stdout(sys.stderr)


def _import_named(name: str) -> types.ModuleType:
    """Import a package's module by name with xlwings' classic decorators (once imported,
    the module is kept: a module imported before without them has no UDFs to give)."""
    import importlib

    try:
        with _classic_decorators(), _prints_to_stderr():
            return importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - the module's code: any failure is the module's
        raise UserUdfError(f"UDF module {name}: importing it raised {type(exc).__name__}: {exc}") from exc


def _import(path: Path) -> types.ModuleType:
    """Import the module at ``path`` with xlwings' classic decorators (its folder on the
    Python path meanwhile, as xlwings puts it there)."""
    name = path.stem
    taken = sys.modules.get(name)
    if taken is not None and Path(getattr(taken, "__file__", None) or "").resolve() != path.resolve():
        name = f"socroi_udf_{name}"  # never replace another module of that name (json, test...)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UserUdfError(f"UDF module {path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    folder = str(path.parent)
    previous = sys.modules.get(name)
    sys.modules[name] = module
    sys.path.insert(0, folder)
    try:
        with _classic_decorators(), _prints_to_stderr():
            spec.loader.exec_module(module)
    except UserUdfError:
        raise
    except BaseException as exc:  # noqa: BLE001 - the user's code: any failure is the module's
        if isinstance(exc, KeyboardInterrupt):
            raise
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
        raise UserUdfError(f"UDF module {path}: importing it raised {type(exc).__name__}: {exc}") from exc
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
    return module


def functions_of(module: types.ModuleType, label: str) -> list[UserFunction]:
    """The module's functions as xlwings' VBA generator finds them: every attribute with
    xlwings' metadata (``__xlfunc__``), Subs left out; Excel calls each by its Python name."""
    out = []
    for attr in dir(module):
        obj = getattr(module, attr)
        info = getattr(obj, "__xlfunc__", None)
        if isinstance(info, dict) and not info.get("sub"):
            out.append(UserFunction(str(info["name"]).upper(), obj, label, info))
    return out


def load(specs: Sequence[str | os.PathLike[str]] = (), book_path: str | os.PathLike[str] | None = None,
         workbook: bool = False, book_name: str | None = None) -> UserFunctions:  # fmt: skip
    """Import the UDF modules ``specs`` (paths or names; with ``workbook``, also those the
    workbook's xlwings configuration names, see :func:`workbook_modules`) and collect their
    functions.

    Raises
    ------
    UserUdfError
        A module is not found or cannot be imported (one without ``@xw.func`` functions is
        named in a warning).
    """
    _register_engine()
    folder = None if book_path is None else Path(book_path).resolve().parent
    specs = list(specs)
    if workbook:
        if book_path is None:
            raise UserUdfError("the workbook's UDF modules: no workbook path")
        specs += workbook_modules(book_path, book_name)
    found = UserFunctions(xlwings_addin=workbook)
    from .catalog import _excel_functions

    excel = _excel_functions()
    seen: set[Path | str] = set()
    for spec in specs:
        path = resolve(spec, folder)
        if path in seen:
            continue
        seen.add(path)
        module = _import_named(path) if isinstance(path, str) else _import(path)
        label = path if isinstance(path, str) else path.stem
        fns = functions_of(module, label)
        if not fns:  # as xlwings' "Import Functions": nothing to register, not an error
            found.notes.append(f"UDF module {label} ({getattr(module, '__file__', path)}) has no function decorated with @xw.func")
        found.modules.append(str(path))
        for fn in fns:
            if fn.name in excel:
                found.notes.append(f"UDF {fn.name} of {fn.module} is not used: Excel's own {fn.name} function takes precedence")
                continue
            if fn.name in found.functions and found.functions[fn.name].func is not fn.func:
                found.notes.append(f"UDF {fn.name} of {fn.module} is not used: {found.functions[fn.name].module} has one of that name")
                continue
            found.functions[fn.name] = fn
    return found


# --------------------------------------------------------------------------- calling


@dataclass
class UserFunctions:
    """The user's functions by Excel name, and what happened calling them."""

    functions: dict[str, UserFunction] = field(default_factory=dict)
    modules: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: (function, problem) -> cells
    failures: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: the workbook's modules were asked for: the xlwings add-in's functions (``[1]!sql``,
    #: link 1 being xlwings.xlam) come with them, as classic xlwings offers them
    xlwings_addin: bool = False
    _formats: Any = None

    def get(self, name: str, book: Any = None) -> UserFunction | None:
        """The function a formula calls by ``name``; ``[1]!SQL`` (a function of an add-in the
        workbook links to, as xlwings' add-in's ``sql``) is the function ``SQL`` when link 1
        is an add-in (``.xlam``, ``.xla``)."""
        fn = self.functions.get(name)
        if fn is None and name.startswith("[") and "]!" in name:
            key, bare = name[1:].split("]!", 1)
            from .externals import link_of

            link = link_of(book, key)
            target = str(getattr(link, "target", "")).replace("\\", "/").rsplit("/", 1)[-1].lower()
            if target.endswith((".xlam", ".xla")):
                fn = self.functions.get(bare)
                if fn is None and target == "xlwings.xlam" and self.xlwings_addin:
                    self._load_xlwings_addin(name)
                    fn = self.functions.get(bare)
        return fn

    def _load_xlwings_addin(self, called: str) -> None:
        """The xlwings add-in's own functions (``xlwings.ext``: ``sql``), which classic
        xlwings offers to every workbook: loaded the first time the workbook calls one."""
        self.xlwings_addin = False  # once
        try:
            module = _import_named("xlwings.ext")
        except UserUdfError as exc:
            self.notes.append(f"{called}: the xlwings add-in's functions could not be had ({exc})")
            return
        for fn in functions_of(module, "xlwings.ext"):
            self.functions.setdefault(fn.name, fn)
        self.notes.append(f"{called} and the xlwings add-in's other functions: evaluated with xlwings.ext, xlwings' own code")

    def warnings(self) -> list[str]:
        out = list(self.notes)
        for (name, problem), cells in self.failures.items():
            shown = ", ".join(cells[:5]) + (" ..." if len(cells) > 5 else "")
            out.append(f"UDF {name} (user's xlwings function): {problem}: #VALUE! in {len(cells)} cell(s): {shown}")
        return out

    def _fail(self, fn: UserFunction, problem: str, where: str) -> XLError:
        self.failures.setdefault((fn.name, problem), []).append(where)
        return E_VALUE

    # -- the call
    def call(self, interp: Any, fn: UserFunction, nodes: tuple[Any, ...], ctx: Any) -> Any:
        """Call ``fn`` for the formula cell ``ctx`` with the argument expressions ``nodes``."""
        if ctx.n is not None:  # a UDF is opaque: cell by cell
            raise Fallback()
        _ENGINE.date1904 = bool(getattr(interp.settings, "date1904", False))
        why = fn.needs_excel()
        if why is not None:
            interp.tainted = True
            return self._fail(fn, f"cannot run without Excel: {why}", ctx.where())
        params = fn.params
        vararg = bool(params) and params[-1]["vararg"]
        fixed = params[:-1] if vararg else params
        if len(nodes) > len(params) and not vararg:
            return self._fail(fn, f"{len(nodes)} arguments given, it takes {len(params)}", ctx.where())
        raw: list[tuple[bool, Any, dict[str, Any]]] = []  # (omitted, value, argument info)
        try:
            for i, node in enumerate(nodes):
                info = params[min(i, len(params) - 1)]
                if _omitted(node):
                    raw.append((True, None, info))
                    continue
                value = self._argument(interp, interp.reference(node, ctx), info["options"].get("expand"))
                if type(value) is XLError:
                    raise _NeedsExcel(f"argument {i + 1} is a multi-area reference or a LAMBDA, which the engine cannot pass")
                raw.append((False, value, info))
        except _NeedsExcel as exc:
            interp.tainted = True
            return self._fail(fn, f"cannot run without Excel: {exc}", ctx.where())
        missing = [info for info in fixed[len(nodes):] if "optional" not in info]
        if missing:
            return self._fail(fn, f"argument {missing[0]['name']!r} is missing", ctx.where())
        try:
            from xlwings import conversion

            args = [info.get("optional") if omitted else conversion.read(None, value, info["options"], engine_name=ENGINE_NAME)
                    for omitted, value, info in raw]  # fmt: skip
            args += [info["optional"] for info in fixed[len(nodes):]]
            result = self._run(fn, args)
            written = conversion.write(result, None, fn.info["ret"]["options"], engine_name=ENGINE_NAME)
        except _NeedsExcel as exc:
            interp.tainted = True
            return self._fail(fn, f"cannot run without Excel: {exc}", ctx.where())
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - the user's code: #VALUE! and a warning
            return self._fail(fn, f"raised {type(exc).__name__}: {_one_line(exc)}", ctx.where())
        if written == [] or written == [[]]:
            return self._fail(fn, "returned an empty result, which Excel cannot show", ctx.where())
        try:
            return _value(written)
        except _Unwritable as exc:
            return self._fail(fn, f"returned {exc}, which Excel cannot hold in a cell", ctx.where())

    @staticmethod
    def _run(fn: UserFunction, args: list[Any]) -> Any:
        try:
            with _prints_to_stderr():
                return UserFunctions._call(fn, args)
        except Exception as exc:
            if _from_caller(exc):
                raise _NeedsExcel("it calls xw.Book.caller(), the workbook open in Excel") from exc
            raise

    @staticmethod
    def _call(fn: UserFunction, args: list[Any]) -> Any:
        if inspect.iscoroutinefunction(fn.func):
            loop = asyncio.new_event_loop()
            try:
                return loop.run_until_complete(fn.func(*args))
            finally:
                loop.close()
        return fn.func(*args)

    def _argument(self, interp: Any, v: Any, expand: str | None = None) -> Any:
        """An evaluated argument as pywin32 hands it to xlwings: a value, or rows of values
        (a range first expanded as xlwings' ``expand`` option asks)."""
        t = type(v)
        if t is Range and expand:
            v = _expanded(interp, v, expand)
            t = type(v)
        if t is Range:
            grid = _rows(v.values)
            self._dates(interp, v, grid)
            return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid
        if t is Grid:
            grid = _rows(v.values)
            return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid
        if t is Areas or t is Lambda or t is Rows:
            return E_VALUE
        if isinstance(v, np.ndarray):
            grid = _rows(v if v.ndim == 2 else v.reshape(1, -1))
            return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid
        return _cell(v)

    def _dates(self, interp: Any, rng: Range, grid: list[list[Any]]) -> None:
        """Numbers of date-formatted cells become datetimes (pywin32 reads them so)."""
        numeric = [(i, j) for i, row in enumerate(grid) for j, x in enumerate(row) if type(x) is float]
        if not numeric:
            return
        formats = self._number_formats(interp)
        if formats is None:
            return
        sheet = formats.get(rng.sheet.name)
        if sheet is None:
            return
        for i, j in numeric:
            if sheet(rng.r1 + i, rng.c1 + j):
                grid[i][j] = _com_date(grid[i][j])

    def _number_formats(self, interp: Any) -> dict[str, Any] | None:
        if self._formats is None:
            self._formats = _date_cells(getattr(interp.book, "path", None))
        return self._formats or None


def _expanded(interp: Any, rng: Range, mode: str) -> Range:
    """``rng`` expanded as xlwings' ``expansion`` module does (``table``: down and right;
    ``down``/``vertical``/``d``; ``right``/``horizontal``/``r``) over the engine's cells:
    from the second row (column), as far as the cells are not empty."""
    mode = mode.lower()
    down = mode in ("table", "down", "vertical", "d")
    right = mode in ("table", "right", "horizontal", "r")
    if not down and not right:
        raise _NeedsExcel(f"expand={mode!r} is not one of xlwings' modes")
    sheet, r2, c2 = rng.sheet, rng.r2, rng.c2

    def filled(row: int, col: int) -> bool:
        if row > 1_048_576 or col > 16_384:
            return False
        interp.demand_cell(sheet, row, col)  # a formula cell there is computed first
        v = interp.cell_value(sheet, row, col)
        return not (v is None or v == "" or (isinstance(v, float) and v != v))

    if down:
        r2 = rng.r1
        while filled(r2 + 1, rng.c1):
            r2 += 1
    if right:
        c2 = rng.c1
        while filled(rng.r1, c2 + 1):
            c2 += 1
    if mode in ("down", "vertical", "d"):
        c2 = rng.c2
    if mode in ("right", "horizontal", "r"):
        r2 = rng.r2
    return Range(sheet, rng.r1, rng.c1, r2, c2, interp.watch())


#: Day 0 of COM dates (OLE Automation), which pywin32 hands to xlwings: 1899-12-30.
_OLE_ZERO = dt.datetime(1899, 12, 30)


def _com_date(x: float) -> Any:
    """A date-formatted cell's number as pywin32 reads it: a datetime (a time alone is on
    1899-12-30, COM's day 0); a number no date stands for stays a number."""
    if 0 <= x < 1 and not _ENGINE.date1904:
        return _OLE_ZERO + dt.timedelta(microseconds=round(x * 86_400_000_000))
    try:
        return dates.to_datetime(x, _ENGINE.date1904)
    except (dates.DateRangeError, ValueError, OverflowError):
        return x


class _NeedsExcel(Exception):
    """The function asked for something only a running Excel has."""


def _from_caller(exc: BaseException) -> bool:
    """The exception came out of ``xw.Book.caller()``."""
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        code = frame.f_code
        if code.co_name == "caller" and "xlwings" in code.co_filename:
            return True
    return False


def _omitted(node: Any) -> bool:
    from .parser import Const

    return type(node) is Const and node.value is None


def _cell(x: Any) -> Any:
    if x is None:
        return None
    t = type(x)
    if t is XLError:
        return _XLErr(str(x))
    if t is bool or t is np.bool_:
        return bool(x)
    if isinstance(x, (float, int, np.number)):
        return float(x)
    return x


def _rows(arr: np.ndarray) -> list[list[Any]]:
    if arr.dtype.kind == "f":
        return [[None if x != x else float(x) for x in row] for row in arr.tolist()]
    return [[_cell(x) for x in row] for row in arr.tolist()]


def _value(written: Any) -> Any:
    """What xlwings' write pipeline gives (rows of values) as an engine value."""
    if not isinstance(written, list) or not written:
        return _scalar(written)
    rows = [r if isinstance(r, list) else [r] for r in written]
    if len(rows) == 1 and len(rows[0]) == 1:
        return _scalar(rows[0][0])
    width = max(len(r) for r in rows)
    out = np.empty((len(rows), width), dtype=object)
    out[:] = XLError("#N/A")
    for i, r in enumerate(rows):
        for j, x in enumerate(r):
            out[i, j] = _scalar(x)
    return Grid(out)


class _Unwritable(Exception):
    """A result element no cell can hold (an object of the user's)."""


def _scalar(x: Any) -> Any:
    if x is None:
        return ""
    t = type(x)
    if t is XLError or t is bool:
        return x
    if isinstance(x, str):
        return str(x)
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, float, np.number)):
        f = float(x)
        return f if math.isfinite(f) else E_NUM
    raise _Unwritable(f"a value of type {type(x).__name__}")


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _date_cells(path: str | None) -> dict[str, Any]:
    """Per sheet, a test ``(row, col) -> bool``: the cell holds a number with a date format
    (read once, in openpyxl's read-only mode: one pass over each sheet)."""
    if not path:
        return {}
    import openpyxl
    from openpyxl.styles.numbers import is_date_format

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - no formats: numbers stay numbers
        return {}
    out: dict[str, Any] = {}
    try:
        for ws in wb.worksheets:
            cells: set[tuple[int, int]] = set()
            fmt_is_date: dict[str, bool] = {}
            for row in ws.iter_rows():
                for c in row:
                    fmt = getattr(c, "number_format", None)
                    if not fmt or fmt == "General" or getattr(c, "row", None) is None:
                        continue
                    hit = fmt_is_date.get(fmt)
                    if hit is None:
                        hit = fmt_is_date[fmt] = bool(is_date_format(fmt))
                    if hit:
                        cells.add((c.row, c.column))
            out[ws.title] = cells.__contains__
    finally:
        wb.close()
    return {name: (lambda row, col, has=has: has((row, col))) for name, has in out.items()}
