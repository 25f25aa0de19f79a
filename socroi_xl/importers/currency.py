"""One currency per book: what currency each imported row is in, and what the book needs
to convert it.

Rules (docs/import/index.md, "Currencies"):

* An export's rows keep the currency the export states (Meta's ``Amount spent (EUR)``,
  LinkedIn's ``Currency`` column, Google Ads' ``Currency code`` column). An export that
  states none (GA4; Google Ads without the currency column; Meta without a code in the
  header) is taken to be in the ``--currency`` given, else in the book's currency, and
  the report says which it assumed. ``--currency`` given for an export that states a
  different currency is refused.
* A book whose ``BookCurrency`` is blank takes the one currency the exports state (or
  ``--currency``), and the report says so; exports that state none then take it too.
  Rows in several currencies, or money in exports none of which states a currency, are
  refused until it is set.
* A row in another currency than the book's needs a rate: from ``--fx CODE=RATE`` (which
  is recorded in the FX table) or the FX table. Without one the import is refused with a
  one-line message naming the currencies. Amounts are stored as the export gives them;
  the template's formulas convert them.
* Books made before the Currency column accept rows in their own currency only (an
  export in another currency is refused: nothing in such a book could tell the rows
  apart).

Only rows with an amount (spend or revenue) need a currency; rows without one take the
currency their export states, else none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .book import Settings
from .errors import ImportRefused
from .values import currency_code


@dataclass
class Decision:
    """The outcome: the currency of each row (``codes``, one array per export), the
    book's currency to set (``set_book``), the rates to record (``record``), and the
    notes for the report (``notes``; ``file_notes`` per export)."""

    codes: list[np.ndarray] = field(default_factory=list)
    book: str | None = None
    set_book: str | None = None
    record: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    file_notes: list[list[str]] = field(default_factory=list)


def parse_fx(items: list[str] | tuple[str, ...]) -> dict[str, float]:
    """``["EUR=1.08", ...]`` -> ``{"EUR": 1.08}`` (a positive finite number per code).

    Raises
    ------
    ImportRefused
        An item that is not ``CODE=RATE``.
    """
    out: dict[str, float] = {}
    for item in items:
        code, eq, rate = str(item).partition("=")
        c = currency_code(code)
        try:
            value = float(rate.strip())
        except ValueError:
            value = math.nan
        if not eq or not c or not (math.isfinite(value) and value > 0):
            raise ImportRefused(f"--fx {item!r}: give a currency code and the number of book "
                                "currency units one unit is worth, e.g. --fx EUR=1.08")
        out[c] = value
    return out


def _label(frame: pd.DataFrame, i: int) -> str:
    return str(frame.attrs.get("path") or f"export {i + 1}")


def decide(frames: list[pd.DataFrame], settings: Settings, *, book_path: str,
           has_currency_column: bool, fx: dict[str, float],
           currency: str | None) -> Decision:
    """Apply the rules above (``fx`` from :func:`parse_fx`, ``currency`` the
    ``--currency`` option or ``None``)."""
    out = Decision()
    if settings.problem:
        raise ImportRefused(f"{book_path}: {settings.problem}")
    option = None
    if currency is not None:
        option = currency_code(currency)
        if not option:
            raise ImportRefused(f"--currency {currency!r}: give an ISO code such as EUR")
    money_codes: list[set[str]] = []
    for i, frame in enumerate(frames):
        stated = frame["currency"].to_numpy(dtype=object)
        money = (frame["spend"].notna() | frame["revenue"].notna()).to_numpy()
        said = {c for c in stated[money] if c}
        if option and said - {option}:
            raise ImportRefused(
                f"{_label(frame, i)}: states its amounts in {', '.join(sorted(said))} but "
                f"--currency {option} was given (--currency is for exports that do not state "
                "their currency)")
        unstated = money & (stated == "")
        money_codes.append(said | ({option} if option and unstated.any() else set()))
    book = settings.currency
    if not book:
        used = set().union(*money_codes) if money_codes else set()
        unstated_any = any(
            ((f["spend"].notna() | f["revenue"].notna()) & (f["currency"] == "")).any()
            for f in frames
        ) and option is None
        if book == "" and settings.cell is not None:
            if unstated_any and not used:
                raise ImportRefused(
                    f"{book_path}: the book has no currency yet (BookCurrency is blank) and "
                    "no export states its currency: give --currency (e.g. --currency EUR) or "
                    "set BookCurrency on Inputs")
            if len(used) > 1:
                raise ImportRefused(
                    f"{book_path}: the book has no currency yet (BookCurrency is blank) and "
                    f"the exports are in {', '.join(sorted(used))}: set BookCurrency on "
                    "Inputs, then import again")
            if used:
                if not settings.cell_writable:
                    raise ImportRefused(f"{book_path}: BookCurrency holds a formula or value "
                                        "that is not a currency code; set it to an ISO code")
                book = out.set_book = used.pop()
                out.notes.append(f"the book's currency (BookCurrency) was blank: set to {book}, "
                                 "the currency of the exports")
    out.book = book or None
    # each row's currency
    for frame in frames:
        stated = frame["currency"].to_numpy(dtype=object)
        money = (frame["spend"].notna() | frame["revenue"].notna()).to_numpy()
        unstated = money & (stated == "")
        notes: list[str] = []
        codes = stated.copy()
        if unstated.any():
            assumed = option or out.book
            if assumed:
                codes[unstated] = assumed
                why = "--currency" if option else "the book's currency"
                notes.append(f"currency not stated: taken as {assumed} ({why})")
            else:
                notes.append("currency not stated, and the book states none: amounts stored "
                             "as given")
        out.codes.append(codes)
        out.file_notes.append(notes)
    # rates for rows in other currencies
    foreign: dict[str, list[str]] = {}
    for i, (frame, codes) in enumerate(zip(frames, out.codes, strict=True)):
        money = (frame["spend"].notna() | frame["revenue"].notna()).to_numpy()
        for code in sorted({c for c in codes[money] if c}):
            if out.book and code != out.book:
                foreign.setdefault(code, []).append(_label(frame, i))
            elif not out.book:
                foreign.setdefault(code, [])
    if not out.book:
        if len(foreign) > 1:
            raise ImportRefused(
                f"{book_path}: the exports are in {', '.join(sorted(foreign))} and the book "
                "states no currency to convert them to; import one currency at a time")
        foreign = {}
    if out.book in fx:
        raise ImportRefused(f"--fx {out.book}: {out.book} is the book's own currency")
    if fx and settings.fx is None:
        raise ImportRefused(f"{book_path}: --fx needs an FX table on Inputs; this book has none "
                            "(it was made before socroi had one): make a new book with "
                            "'socroi new'")
    if foreign and not has_currency_column:
        which = "; ".join(", ".join(w) + " in " + c for c, w in foreign.items())
        raise ImportRefused(
            f"{book_path}: {which}, but the book's currency is {out.book} and its Campaigns "
            "table has no Currency column to keep them apart (an older book): import into a "
            "book from 'socroi new'")
    known = dict(settings.fx.rates) if settings.fx is not None else {}
    known.update(fx)
    missing = sorted(c for c in foreign if c not in known)
    if missing:
        example = missing[0]
        raise ImportRefused(
            f"{book_path}: no exchange rate for {', '.join(missing)} into {out.book} (the "
            f"book's currency): add {'it' if len(missing) == 1 else 'them'} to the FX table on "
            f"Inputs, or give --fx {example}=<{out.book} per 1 {example}>")
    out.record = dict(fx)
    for code, rate in fx.items():
        old = settings.fx.rates.get(code) if settings.fx is not None else None
        if old is None:
            out.notes.append(f"FX table: {code} = {rate:g} {out.book} added")
        elif old != rate:
            out.notes.append(f"FX table: {code} rate {old:g} -> {rate:g} {out.book}")
    return out
