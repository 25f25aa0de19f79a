"""REGEXTEST, REGEXEXTRACT and REGEXREPLACE (Excel 365), on Python's :mod:`re`.

Excel's patterns are PCRE2's. Python's ``re`` reads the same syntax for what these
functions are used for (classes, quantifiers, lazy, possessive and atomic forms, groups,
look-ahead and look-behind, anchors, ``\\d \\w \\s \\b``); the differences are handled here:

* ``(?<name>...)`` and ``\\k<name>`` (PCRE2's named groups) are read as ``(?P<name>...)``
  and ``(?P=name)``; ``\\z`` is ``re``'s ``\\Z``, PCRE2's ``\\Z`` (end, or before a final
  newline) ``(?=\\n?\\Z)``; ``\\h`` is a horizontal space, ``\\R`` a line break;
  POSIX classes inside brackets (``[[:alpha:]]``, ``[[:digit:]]``...) are ASCII ranges;
* what ``re`` has no equivalent for — Unicode properties (``\\p{L}``), ``\\K``, recursion
  (``(?R)``), conditionals on named groups, verbs (``(*SKIP)``) — is refused: the cell is
  ``#VALUE!`` (Excel's answer to a pattern it cannot read), never a different match.

``re`` matches Unicode letters for ``\\w`` and ``\\d`` where PCRE2 without the UCP option
matches ASCII only: the patterns are compiled with ``re.ASCII``, as PCRE2's defaults.
Replacements use PCRE2's ``$1``, ``${1}``, ``${name}`` and ``$$``.

Expected behaviour from Microsoft's "REGEXTEST / REGEXEXTRACT / REGEXREPLACE function" pages
and the values Excel saved in IronCalc's REGEX.xlsx and vinci1it2000/formulas' test.xlsx.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..values import E_NA, E_VALUE, Err
from .spec import function

_POSIX = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f",
    "word": r"\w", "cntrl": r"\x00-\x1f\x7f", "print": r"\x20-\x7e", "graph": r"\x21-\x7e",
}
#: escapes and groups of PCRE2 that ``re`` has no equivalent for
_REFUSED_ESCAPES = frozenset("pPKXCgGNoc")
_REFUSED_GROUPS = ("(?R)", "(*", "(?&", "(?P>", "(?(<", "(?('")


def translate(pattern: str) -> str:
    """A PCRE2 pattern in Python's syntax; raises ``#VALUE!`` for what ``re`` cannot do.

    >>> translate(r"(?<year>\\d{4})-\\k<year>"), translate(r"[[:digit:]]+\\z")
    ('(?P<year>\\\\d{4})-(?P=year)', '[0-9]+\\\\Z')
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in _REFUSED_ESCAPES:
                raise Err(E_VALUE)
            if nxt == "k" and i + 2 < n and pattern[i + 2] in "<'{":
                close = {"<": ">", "'": "'", "{": "}"}[pattern[i + 2]]
                j = pattern.find(close, i + 3)
                if j < 0:
                    raise Err(E_VALUE)
                out.append(f"(?P={pattern[i + 3:j]})")
                i = j + 1
                continue
            if not in_class and nxt in "zZhR":
                out.append({"z": r"\Z", "Z": r"(?=\n?\Z)", "h": r"[ \t]", "R": r"(?:\r\n|\n|\r)"}[nxt])
            elif in_class and nxt == "h":
                out.append(r" \t")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "[" and pattern.startswith("[:", i):
                j = pattern.find(":]", i + 2)
                name = pattern[i + 2 : j] if j > 0 else ""
                if name not in _POSIX:
                    raise Err(E_VALUE)
                out.append(_POSIX[name])
                i = j + 2
                continue
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "(" and (pattern.startswith(_REFUSED_GROUPS, i) or re.match(r"\(\?[-+]?\d", pattern[i:])):
            raise Err(E_VALUE)
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":  # a ] first in a class is a character
                out.append(r"\]")
                i += 1
            continue
        if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        if pattern.startswith("(?'", i):
            j = pattern.find("'", i + 3)
            if j < 0:
                raise Err(E_VALUE)
            out.append(f"(?P<{pattern[i + 3:j]}>")
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _case(v: float) -> int:
    k = int(v)
    if k not in (0, 1):
        raise Err(E_VALUE)  # REGEXTEST(x,"^\d+$",2) is #VALUE! (formulas' test.xlsx TEXT!T33)
    return k


def compile_pattern(pattern: str, case: float = 0.0) -> re.Pattern[str]:
    """The compiled pattern (``case`` 1: ignore case); an invalid one is ``#VALUE!``."""
    flags = re.ASCII | (re.IGNORECASE if _case(case) else 0)
    try:
        return re.compile(translate(pattern), flags)
    except (re.error, RecursionError, OverflowError):
        raise Err(E_VALUE) from None


@function("REGEXTEST", "text, text, number=0", category="text")
def REGEXTEST(s: str, pattern: str, case: float) -> bool:
    """Whether a text matches a regular expression anywhere (case 1: ignoring case)."""
    return compile_pattern(pattern, case).search(s) is not None


@function("REGEXEXTRACT", "text, text, number=0, number=0", category="text")
def REGEXEXTRACT(s: str, pattern: str, mode: float, case: float) -> Any:
    """The text a regular expression matches: the first match (mode 0), every match (1,
    an array) or the first match's capturing groups (2, an array: a group that took no part is ``#N/A``, no
    group at all ``#VALUE!``); no match is ``#N/A``."""
    rx = compile_pattern(pattern, case)
    k = int(mode)
    if k not in (0, 1, 2):
        raise Err(E_VALUE)
    if k == 1:
        found = [m.group(0) for m in rx.finditer(s)]
        if not found:
            raise Err(E_NA)
        return np.array([found], dtype=object)
    m = rx.search(s)
    if m is None:
        raise Err(E_NA)
    if k == 0:
        return m.group(0)
    groups = [g if g is not None else E_NA for g in m.groups()]  # a group left out: #N/A
    if not groups:
        raise Err(E_VALUE)  # no capturing group: formulas' test.xlsx EXTRA!K3
    return np.array([groups], dtype=object)


def _expand(template: str, m: re.Match[str]) -> str:
    """PCRE2's replacement text: ``$n``, ``${n}``, ``${name}``, ``$$``; a group that does
    not exist is ``#VALUE!``."""
    out: list[str] = []
    i, n = 0, len(template)
    while i < n:
        c = template[i]
        if c != "$" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = template[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        ref: str | int | None = None
        if nxt == "{":
            j = template.find("}", i + 2)
            if j < 0:
                raise Err(E_VALUE)
            name = template[i + 2 : j]
            ref = int(name) if name.isdigit() else name
            i = j + 1
        elif nxt.isdigit():
            j = i + 1
            while j < n and template[j].isdigit():
                j += 1
            ref = int(template[i + 1 : j])
            i = j
        else:
            out.append(c)
            i += 1
            continue
        try:
            out.append(m.group(ref) or "")
        except IndexError:
            raise Err(E_VALUE) from None
    return "".join(out)


@function("REGEXREPLACE", "text, text, text, number=0, number=0", category="text")
def REGEXREPLACE(s: str, pattern: str, replacement: str, occurrence: float, case: float) -> str:
    """Replaces what a regular expression matches: every match (occurrence 0), the n-th
    (n > 0) or the n-th from the end (n < 0)."""
    rx = compile_pattern(pattern, case)
    k = int(occurrence)
    matches = list(rx.finditer(s))
    if k == 0:
        chosen = matches
    else:
        idx = k - 1 if k > 0 else len(matches) + k
        chosen = [matches[idx]] if 0 <= idx < len(matches) else []
    out, pos = [], 0
    for m in chosen:
        out.append(s[pos : m.start()])
        out.append(_expand(replacement, m))
        pos = m.end()
    out.append(s[pos:])
    result = "".join(out)
    if len(result) > 32767:
        raise Err(E_VALUE)
    return result


__all__ = ["compile_pattern", "translate"]
