"""What the engine evaluates, generated from the code for docs/engine.md: the declared
functions by Excel category (:data:`~.functions.SPECS`, hand-vectorised ones included), the
evaluator's own constructs (:data:`~.interp.CONSTRUCTS`), and the Excel functions not
supported (those that need the outside world, with why; the rest not written yet).

``python -m socroi_xl.engine.catalog`` prints the section; :func:`update` rewrites it in
docs/engine.md between the markers; a test fails when the file is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from .functions import SPECS
from .functions.spec import CATEGORIES, FunctionSpec
from .interp import CONSTRUCTS

START, END = "<!-- functions:start (generated: python -m socroi_xl.engine.catalog) -->", "<!-- functions:end -->"

_CATEGORY_TITLES = {
    "math": "Math & trigonometry",
    "statistical": "Statistical",
    "text": "Text",
    "date": "Date & time",
    "lookup": "Lookup & reference",
    "logical": "Logical",
    "financial": "Financial",
    "information": "Information",
    "engineering": "Engineering",
    "database": "Database",
}

#: Excel's functions since Excel 2010 (stored with ``_xlfn.``), beside openpyxl's list of the
#: Excel 2007 set: together, the functions this catalogue accounts for.
EXCEL_2010_PLUS = (
    "ACOT ACOTH AGGREGATE ANCHORARRAY ARABIC ARRAYTOTEXT BASE BETA.DIST BETA.INV BINOM.DIST "
    "BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR BITRSHIFT BITXOR BYCOL BYROW CEILING.MATH "
    "CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSECOLS CHOOSEROWS "
    "COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS "
    "DBCS DECIMAL DROP ENCODEURL ERF.PRECISE ERFC.PRECISE EXPAND EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST "
    "FILTER FILTERXML FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT "
    "FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST "
    "GAMMA.INV GAMMALN.PRECISE GAUSS HSTACK HYPGEOM.DIST IFNA IFS IMAGE IMCOSH IMCOT IMCSC IMCSCH "
    "IMSEC IMSECH IMSINH IMTAN ISFORMULA ISOMITTED ISOWEEKNUM LAMBDA LET LOGNORM.DIST LOGNORM.INV "
    "MAKEARRAY MAP MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST NORM.DIST NORM.INV "
    "NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC "
    "PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANDARRAY RANK.AVG "
    "RANK.EQ REDUCE RRI SCAN SEC SECH SEQUENCE SHEET SHEETS SINGLE SKEW.P SORT SORTBY STDEV.P STDEV.S "
    "SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TAKE TEXTAFTER TEXTBEFORE TEXTJOIN "
    "TEXTSPLIT TOCOL TOROW UNICHAR UNICODE UNIQUE VALUETOTEXT VAR.P VAR.S VSTACK WEBSERVICE "
    "WEIBULL.DIST WRAPCOLS WRAPROWS XLOOKUP XMATCH XOR Z.TEST"
    " PERCENTOF REGEXEXTRACT REGEXREPLACE REGEXTEST USDOLLAR"
    # Excel 365, 2020-2025 (support.microsoft.com, "<NAME> function")
    " COPILOT DETECTLANGUAGE FIELDVALUE GROUPBY PIVOTBY PY STOCKHISTORY TRANSLATE TRIMRANGE"
    # the trim references A1.:.E10, A1.:E10, A1:.E10 as Excel stores them (_xlfn._TRO_ALL(A1:E10)...)
    " _TRO_ALL _TRO_LEADING _TRO_TRAILING"
).split()

#: Functions the engine will not evaluate, and why (their cells are #NAME? with a warning).
OUT_OF_SCOPE = {
    "WEBSERVICE": "reads a web address",
    "IMAGE": "fetches a picture from the web",
    "TRANSLATE": "calls Microsoft's translation service",
    "DETECTLANGUAGE": "calls Microsoft's translation service",
    "COPILOT": "asks an AI model hosted by Microsoft (its answers are not reproducible)",
    "STOCKHISTORY": "fetches stock prices from Microsoft's data service",
    "FIELDVALUE": "reads a linked data type (Stocks, Geography) from Microsoft's data service",
    "PY": "runs Python code in Microsoft's cloud",
    "RTD": "talks to a running COM server",
    "CALL": "calls a DLL",
    "REGISTER.ID": "calls a DLL",
    "SQL.REQUEST": "queries an external database",
    "INFO": "describes the running Excel and operating system",
    "CUBEKPIMEMBER": "needs an OLAP cube connection",
    "CUBEMEMBER": "needs an OLAP cube connection",
    "CUBEMEMBERPROPERTY": "needs an OLAP cube connection",
    "CUBERANKEDMEMBER": "needs an OLAP cube connection",
    "CUBESET": "needs an OLAP cube connection",
    "CUBESETCOUNT": "needs an OLAP cube connection",
    "CUBEVALUE": "needs an OLAP cube connection",
    "EUROCONVERT": "an add-in function (Euro Currency Tools)",
    "PHONETIC": "reads the furigana (phonetic runs) of Japanese text, which the reader does not keep",
}

#: Why some of the functions not written yet are not (shown beside their names).
NOT_YET: dict[str, str] = {}


def _excel_functions() -> set[str]:
    try:
        from openpyxl.utils import FORMULAE
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        FORMULAE = frozenset()  # noqa: N806
    return set(FORMULAE) | set(EXCEL_2010_PLUS)


def _specs() -> list[FunctionSpec]:
    seen: dict[int, FunctionSpec] = {}
    for spec in SPECS.values():
        if not spec.name.startswith("TEST_"):
            seen.setdefault(id(spec), spec)
    return sorted(seen.values(), key=lambda s: s.name)


def _signature(spec: FunctionSpec) -> str:
    parts = []
    for p in spec.params:
        text = p.kind + ("..." if p.repeat else "")
        parts.append(f"[{text}]" if p.optional else text)
    return ", ".join(parts)


def supported() -> set[str]:
    """Every function name the engine evaluates (declared functions, aliases, constructs)."""
    names = set(CONSTRUCTS)
    for spec in _specs():
        names.add(spec.name)
        names.update(spec.aliases)
    return names


def missing() -> list[str]:
    """Excel functions the engine does not evaluate yet (outside-world ones apart)."""
    return sorted(_excel_functions() - supported() - set(OUT_OF_SCOPE))


def section() -> str:
    """The generated Markdown section."""
    specs = _specs()
    lines = [START, ""]
    total = len({n for s in specs for n in (s.name, *s.aliases)} | set(CONSTRUCTS))
    lines.append(f"{total} function names are evaluated natively ({len(specs)} declared functions, "
                 f"their aliases, and {len(CONSTRUCTS)} constructs of the evaluator), besides every SOCROI "
                 "function of [the library](functions.md).")
    lines.append("")
    lines.append("### Evaluated by the evaluator itself")
    lines.append("")
    lines.append("| name | what it does |")
    lines.append("|---|---|")
    for name in sorted(CONSTRUCTS):
        lines.append(f"| {name} | {CONSTRUCTS[name]} |")
    for cat in CATEGORIES:
        group = [s for s in specs if s.category == cat]
        if not group:
            continue
        lines += ["", f"### {_CATEGORY_TITLES[cat]} ({len(group)})", "", "| function | arguments | what it does |", "|---|---|---|"]
        for s in group:
            name = s.name + (f" ({', '.join(s.aliases)})" if s.aliases else "")
            flags = []
            if s.raw:
                flags.append("hand-vectorised")
            if s.returns == "array":
                flags.append("spills")
            if s.returns == "ref":
                flags.append("returns a reference")
            if s.volatile:
                flags.append("volatile")
            extra = f" *({', '.join(flags)})*" if flags else ""
            summary = s.summary.replace("``", "`").replace("|", "\\|")
            lines.append(f"| {name} | {_signature(s)} | {summary}{extra} |")
    lines += ["", "### Not supported", ""]
    lines.append("Their cells show `#NAME?` and are named in a warning; `strict` recalculation fails on them.")
    lines.append("")
    lines.append("| function | why |")
    lines.append("|---|---|")
    for name in sorted(OUT_OF_SCOPE):
        lines.append(f"| {name} | {OUT_OF_SCOPE[name]} |")
    rest = missing()
    lines += ["", f"Not written yet ({len(rest)} of Excel's functions): " + (", ".join(rest) if rest else "none") + "."]
    why = sorted({NOT_YET[n] for n in rest if n in NOT_YET})
    for reason in why:
        names = ", ".join(n for n in rest if NOT_YET.get(n) == reason)
        lines += ["", f"{names}: {reason}."]
    lines += ["", END]
    return "\n".join(lines)


def update(path: Path) -> bool:
    """Rewrite the generated section of ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda m: section(), text, flags=re.S)
    if START not in text:
        new = text.rstrip("\n") + "\n\n## Functions\n\n" + section() + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "engine.md"
    print("updated" if update(target) else "up to date", target)
