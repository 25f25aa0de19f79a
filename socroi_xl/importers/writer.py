"""Append export rows to the ``Campaigns`` table of a workbook, streaming its sheet.

The table is found by name and its columns by header text (the template's contract:
Date, Platform, Type, Campaign, Currency, Spend, Impressions, Reach, Clicks, Engagements,
Leads, Conversions, Revenue, Source, Counted, then formula columns the importer never
writes). Books made before Currency, Source and Counted existed import as before, and are
refused with a message when a rule needs a column they lack (see :mod:`.currency`,
:mod:`.counting`). Which row each imported row goes to is decided by :mod:`.plan`.

Only the Campaigns sheet and its table change (and, when they must follow, the charts
over the table's columns, the calculation chain, the Inputs sheet for the book's currency
and FX rates, and the styles for a date format); every other member of the package is
copied as it was. The sheet is read and written a row at a time and new rows are made as
text in blocks, so memory stays bounded whatever the number of rows. The result is
written to a temporary file beside the workbook and renamed over it, so a failed import
leaves the workbook exactly as it was. Formula cells of new or changed rows have no cached
value: run ``socroi recalc`` (or open in Excel) to compute them.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.utils.cell import range_boundaries

from ..atomic import replacing
from ..xl.refs import MAX_ROW, cell_ref, col_index
from . import book as book_mod
from . import canonical, counting, currency, plan, sheet_stream
from .detect import read_export
from .errors import ImportRefused
from .package import (
    NS,
    TablePart,
    WorkbookError,
    WorkbookInfo,
    find_table,
    move_in_calc_chain,
    open_package,
    parse,
    serialize,
    workbook_info,
    write_package,
)
from .row_text import (
    EMPTY,
    Column,
    NewRows,
    formula_cell,
    row_formula,
)
from .sheet import shared_strings, xml_escape
from .tables import Table, read_table

TABLE_NAME = "Campaigns"
#: Header text of each input column of the Campaigns table, by canonical name.
HEADERS: dict[str, str] = {
    "date": "Date",
    "platform": "Platform",
    "type": "Type",
    "campaign": "Campaign",
    "currency": "Currency",
    "spend": "Spend",
    "impressions": "Impressions",
    "reach": "Reach",
    "clicks": "Clicks",
    "engagements": "Engagements",
    "leads": "Leads",
    "conversions": "Conversions",
    "revenue": "Revenue",
    "source": "Source",
    "counted": "Counted",
}
#: Columns a book made before the currency and counting rules may lack.
OPTIONAL = ("currency", "source", "counted")
#: Namespace of chart parts (DrawingML charts).
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: ``Sheet!$A$1:$B$9`` in a chart series reference.
_RANGE = re.compile(
    r"(?P<sheet>'(?:[^']|'')+'|[^\s'!(),]+)!(?P<c1>\$?[A-Z]{1,3})\$?(?P<r1>\d+)"
    r":(?P<c2>\$?[A-Z]{1,3})\$?(?P<r2>\d+)"
)


@dataclass
class FileReport:
    """What one export did to the table.

    ``currency``: the currency of its amounts (as stated or as assumed, ``""`` if
    none); ``duplicates``: its GA4 paid-social rows that duplicate ad-platform rows
    (written with Counted = No unless kept); ``notes``: one-line remarks.
    """

    path: str
    platform: str
    rows: int = 0
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    merged: int = 0
    ignored: int = 0
    currency: str = ""
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """Rows added, replaced and skipped, in total and per export (``files``), and notes
    on the book (currency set, FX rates recorded, rows no longer counted...).

    ``merged`` counts rows of one export added into another row with the same platform,
    campaign and date; ``ignored`` counts rows an export holds that are not social
    campaign rows (GA4 traffic from other channels).
    """

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    files: list[FileReport] = field(default_factory=list)
    book: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def merged(self) -> int:
        """Rows folded into another row of the same export."""
        return sum(f.merged for f in self.files)


class _Book:
    """The workbook being imported into: its Campaigns table, columns and sheet scan."""

    def __init__(self, zf: zipfile.ZipFile, path: str) -> None:
        self.zf, self.path = zf, path
        self.info: WorkbookInfo = workbook_info(zf, path)
        self.where: TablePart = find_table(zf, path, TABLE_NAME, self.info)
        self.table: Table = read_table(parse(zf, self.where.table, path), path, TABLE_NAME)
        self.geo = self.table.geo
        cols: dict[str, int] = {}
        for key, header in HEADERS.items():
            col = self.table.col(header)
            if col is None and key not in OPTIONAL:
                raise WorkbookError(path, f"the {TABLE_NAME} table has no column {header!r}")
            if col is not None:
                cols[key] = col
        self.cols = cols
        inputs = set(cols.values())
        self.formula_cols = [
            (self.geo.first_col + i, calc) for i, (_, calc) in enumerate(self.table.columns)
            if self.geo.first_col + i not in inputs
        ]
        name = "xl/sharedStrings.xml"
        self.strings = shared_strings(parse(zf, name, path)) if name in zf.NameToInfo else []
        wanted = {k: cols[k] for k in ("date", "platform", "type", "campaign", "source",
                                       "counted") if k in cols}
        self.scan = sheet_stream.scan(zf, self.where.sheet, path, self.geo, wanted, inputs,
                                      self.strings, self.where.date1904)
        self.settings = book_mod.read_settings(zf, path, self.info, self.where.sheet,
                                               self.strings)

    def existing(self) -> pd.DataFrame:
        """The table's data rows: target row and the key cells' values."""
        v = self.scan.values
        n = len(self.scan.rows)
        blank = [None] * n
        return pd.DataFrame({
            "target": np.asarray(self.scan.rows, dtype=np.int64),
            "platform": pd.Series(v["platform"], dtype=object),
            "type": pd.Series(v.get("type", blank), dtype=object),
            "campaign": pd.Series(v["campaign"], dtype=object),
            "source": pd.Series(v.get("source", blank), dtype=object),
            "counted": pd.Series(v.get("counted", blank), dtype=object),
        })


def _check_dates(rows: pd.DataFrame, frames: list[pd.DataFrame], date1904: bool,
                 book: str) -> np.ndarray:
    """Excel day numbers of the planned rows (:func:`socroi_xl.xl.dates.serials`: the
    29 Feb 1900 Excel counts is in them); refuses days the book cannot hold."""
    serial = rows["serial"].to_numpy(np.float64).copy()
    bad = serial < (0 if date1904 else 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        day = np.datetime_as_string(rows["date"].to_numpy()[i].astype("datetime64[D]"))
        src = frames[int(rows["file"].iloc[i])].attrs.get("path", "")
        first = "1904-01-01" if date1904 else "1900-01-01"
        raise ImportRefused(f"{src}: the date {day} is before {first}, the first day "
                            f"{book} can hold")
    return serial


def _attributes(attrs: dict[str, str], nsmap: dict[str | None, str]) -> str:
    """Row attributes (of the pattern row) as XML text for new rows."""
    prefixes = {uri: prefix for prefix, uri in nsmap.items() if prefix}
    out = []
    for k, v in attrs.items():
        if k in ("r", "spans", "hidden", "collapsed", "outlineLevel"):
            continue
        if k.startswith("{"):
            uri, local = k[1:].split("}", 1)
            if uri not in prefixes:
                continue
            k = f"{prefixes[uri]}:{local}"
        out.append(f' {k}="{xml_escape(v)}"')
    return "".join(out)


def _overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


class _Writer:
    """Turns a plan into the patched parts of the package."""

    def __init__(self, bk: _Book, rows: pd.DataFrame, values: dict[str, np.ndarray],
                 marks: list[int], new_last: int) -> None:
        self.bk, self.rows, self.values, self.marks = bk, rows, values, marks
        self.new_last = new_last
        self.geo = bk.geo
        self.grown = new_last - bk.geo.last_data
        self.extra_parts: dict[str, bytes] = {}
        self.notes: list[str] = []

    def styles(self) -> dict[int, str | None]:
        scan, g = self.bk.scan, self.geo
        out = {}
        for col in range(g.first_col, g.last_col + 1):
            style = scan.pattern_styles.get(col) if g.last_data >= g.first_data else None
            out[col] = style if style is not None else scan.column_styles.get(col)
        date_col = self.bk.cols["date"]
        if out[date_col] is None and g.last_data < g.first_data:
            index, data = add_date_style(self.bk.zf, self.bk.path)
            if data is not None:
                self.extra_parts["xl/styles.xml"] = data
            out[date_col] = str(index)
        return out

    def check_room(self) -> None:
        g, scan, path = self.geo, self.bk.scan, self.bk.path
        if not self.grown:
            return
        end = g.end
        if scan.blocker is not None and scan.blocker[0] <= end + self.grown:
            raise WorkbookError(
                path, f"cannot grow the {TABLE_NAME} table: cell {cell_ref(*scan.blocker)} "
                      "below it is in use; move what is below the table and import again")
        area = (g.first_col, g.last_data + 1, g.last_col, end + self.grown)
        for ref in scan.merges:
            try:
                box = range_boundaries(ref)
            except (TypeError, ValueError):
                continue
            if None not in box and _overlap(box, area):
                raise WorkbookError(path, f"cannot grow the {TABLE_NAME} table over merged "
                                          f"cells {ref}; unmerge them and import again")
        for other in self.bk.where.other_tables:
            ref = parse(self.bk.zf, other, path).get("ref", "A1")
            try:
                box = range_boundaries(ref)
            except (TypeError, ValueError):
                continue
            if None not in box and _overlap(box, area):
                raise WorkbookError(path, f"cannot grow the {TABLE_NAME} table into another "
                                          f"table at {ref}")
        if end + self.grown > MAX_ROW:
            raise WorkbookError(path, f"the {TABLE_NAME} table would pass Excel's last row "
                                      "(1,048,576)")

    def _formula_of(self, col: int, calc: str | None) -> tuple[str, int] | None:
        g, scan = self.geo, self.bk.scan
        formula = scan.pattern_formulas.get(col) if g.last_data >= g.first_data else None
        if formula:
            return formula, g.last_data
        if calc:
            return calc, g.first_data
        return None

    def new_rows(self, styles: dict[int, str | None]) -> NewRows | None:
        rows = self.rows[~self.rows["existing"].to_numpy()]
        if rows.empty:
            return None
        scan = self.bk.scan
        prefix = scan.prefix
        pick = ~self.rows["existing"].to_numpy()
        columns = []

        def style(col: int) -> str:
            s = styles.get(col)
            return "" if s is None else f' s="{s}"'

        for key, col in self.bk.cols.items():
            values = self.values[key][pick]
            if key in canonical.NUMBER_COLUMNS or key == "date":
                columns.append(Column(col, style(col), numbers=values.astype(np.float64)))
            else:
                columns.append(Column(col, style(col), texts=values))
        for col, calc in self.bk.formula_cols:
            found = self._formula_of(col, calc)
            if found is None:
                columns.append(Column(col, style(col), constant=EMPTY))
                name = self.bk.table.columns[col - self.geo.first_col][0]
                self.notes.append(f"column {name!r} has no formula to copy to the new rows (no "
                                  "data row above them, no calculated-column formula): left "
                                  "blank")
                continue
            text, origin = found
            shift = row_formula(text, origin)
            if shift(origin + 1) == text and shift(origin + 7) == text:
                columns.append(Column(col, style(col), constant=formula_cell(text, prefix)))
            else:
                columns.append(Column(col, style(col), formula=shift))
        attrs = _attributes(scan.pattern_attributes, scan.nsmap)
        return NewRows(self.geo.last_data + 1, len(rows), columns, attrs, prefix)

    def updates(self) -> dict[int, dict[int, object]]:
        out: dict[int, dict[int, object]] = {}
        existing = self.rows["existing"].to_numpy()
        targets = self.rows["target"].to_numpy()[existing]
        for key, col in self.bk.cols.items():
            for r, v in zip(targets, self.values[key][existing], strict=True):
                out.setdefault(int(r), {})[col] = None if v is None else v
        counted = self.bk.cols.get("counted")
        if counted is not None:
            for r in self.marks:
                out.setdefault(r, {})[counted] = counting.NO
        return out

    def parts(self) -> dict[str, object]:
        bk, g = self.bk, self.geo
        self.check_room()
        styles = self.styles()
        new = self.new_rows(styles)
        old_last, new_last = g.last_data, self.new_last

        def prefix(el) -> None:
            sheet_stream.set_dimension(el, g.end + self.grown, g.last_col)

        def suffix(el) -> None:
            if self.grown:
                sheet_stream.grow_ranges(el, g, old_last, new_last)

        plan_ = sheet_stream.Rewrite(
            geo=g, updates=self.updates(), styles=styles,
            forget={c for c, _ in bk.formula_cols}, new=new, grown=self.grown,
            patch_prefix=prefix, patch_suffix=suffix,
        )
        zf, path, part = bk.zf, bk.path, bk.where.sheet
        parts: dict[str, object] = {part: lambda: sheet_stream.rewrite(zf, part, path, plan_)}
        if self.grown:
            bk.table.grow(new_last)
            parts[bk.where.table] = serialize(bk.table.root)
            moved = {ref: _down(ref, self.grown) for ref in bk.scan.totals_formulas}
            chain = bk.where.calc_chain
            if moved and chain:
                tree = parse(zf, chain, path)
                if move_in_calc_chain(tree, bk.where.sheet_id, moved):
                    parts[chain] = serialize(tree)
            parts.update(self._grow_charts(old_last, new_last))
        parts.update(self.extra_parts)
        return parts

    def _grow_charts(self, old_last: int, new_last: int) -> dict[str, bytes]:
        """Chart series over whole table columns grow with the table, as in Excel."""
        g = self.geo
        sheet = self.bk.where.sheet_name.casefold()
        out = {}

        def grow(m: re.Match) -> str:
            name = m.group("sheet")
            if name.startswith("'"):
                name = name[1:-1].replace("''", "'")
            c1, c2 = (col_index(m.group(k).lstrip("$")) for k in ("c1", "c2"))
            r1, r2 = int(m.group("r1")), int(m.group("r2"))
            if (name.casefold() != sheet or not g.first_col <= c1 <= c2 <= g.last_col
                    or r2 != old_last or not g.header_row <= r1 <= g.first_data):
                return m.group(0)
            return m.group(0)[: m.start("r2") - m.start(0)] + str(new_last)

        for name in self.bk.zf.namelist():
            if not (name.startswith("xl/charts/") and name.endswith(".xml")):
                continue
            root = parse(self.bk.zf, name, self.bk.path)
            changed = False
            for f in root.iter(f"{{{CHART}}}f"):
                text = f.text or ""
                grown = _RANGE.sub(grow, text)
                if grown != text:
                    f.text = grown
                    changed = True
            if changed:
                out[name] = serialize(root)
        return out


def _down(ref: str, delta: int) -> str:
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    return f"{m.group(1)}{int(m.group(2)) + delta}" if m else ref


def add_date_style(zf: zipfile.ZipFile, path: str) -> tuple[int, bytes | None]:
    """The index of a cell format showing a date (Excel's built-in ``m/d/yyyy``, number
    format 14), added to the styles part when it has none; the new part or ``None``."""
    name = "xl/styles.xml"
    if name not in zf.NameToInfo:
        return 0, None
    root = parse(zf, name, path)
    xfs = root.find("m:cellXfs", NS)
    if xfs is None:
        return 0, None
    for i, xf in enumerate(xfs.iterfind("m:xf", NS)):
        if xf.get("numFmtId") == "14" and xf.get("fontId", "0") == "0" \
                and xf.get("fillId", "0") == "0" and xf.get("borderId", "0") == "0":
            return i, None
    new = xfs.makeelement(f"{{{NS['m']}}}xf", {"numFmtId": "14", "fontId": "0", "fillId": "0",
                                               "borderId": "0", "xfId": "0",
                                               "applyNumberFormat": "1"})
    xfs.append(new)
    count = len(xfs.findall("m:xf", NS))
    xfs.set("count", str(count))
    return count - 1, serialize(root)


def import_frames(
    frames: Iterable[pd.DataFrame],
    book: str | os.PathLike[str],
    *,
    fx: dict[str, float] | None = None,
    currency_code: str | None = None,
    keep_duplicates: bool = False,
) -> ImportReport:
    """Append canonical frames (from :func:`read_export`) to the workbook's Campaigns table.

    See :func:`import_into`; ``frame.attrs["path"]``, ``["platform"]`` and ``["source"]``
    label the report and fill the Source column.
    """
    path = os.fspath(book)
    frames = list(frames)
    report = ImportReport(book=path)
    with open_package(path) as zf:
        bk = _Book(zf, path)
        date1904 = bk.where.date1904
        decision = currency.decide(
            frames, bk.settings, book_path=path, has_currency_column="currency" in bk.cols,
            fx=fx or {}, currency=currency_code,
        )
        keys = plan.existing_keys(bk.scan.values, bk.scan.rows, date1904)
        layout = plan.plan(frames, keys, bk.scan.empty, bk.geo.last_data, date1904)
        rows = layout.rows
        for i, (frame, c) in enumerate(zip(frames, layout.counts, strict=True)):
            fr = FileReport(str(frame.attrs.get("path", "")), str(frame.attrs.get("platform", "")),
                            rows=c.rows, added=c.added, replaced=c.replaced, skipped=c.skipped,
                            merged=c.merged, ignored=int(frame.attrs.get("ignored", 0)))
            codes = decision.codes[i]
            money = (frame["spend"].notna() | frame["revenue"].notna()).to_numpy()
            fr.currency = ", ".join(sorted({x for x in codes[money] if x}))
            fr.notes = list(decision.file_notes[i])
            report.files.append(fr)
        report.notes.extend(decision.notes)
        values, sources = _values(rows, frames, decision, date1904, path)
        existing = bk.existing().assign(serial=plan.existing_serials(bk.scan.values, date1904))
        replaced = rows["target"].to_numpy()[rows["existing"].to_numpy()]
        existing = existing[~existing["target"].isin(replaced).to_numpy()]
        counting.check_meta_breakdowns(rows, sources, existing, book_path=path,
                                       date1904=date1904)
        counts = counting.decide(
            rows, sources, existing, keep=keep_duplicates, has_counted="counted" in bk.cols,
            has_source="source" in bk.cols, book_path=path, n_files=len(frames),
        )
        values["counted"] = counts.new
        for fr, dup in zip(report.files, counts.duplicates, strict=True):
            fr.duplicates = dup
            if dup:
                fr.notes.append(f"{dup} GA4 paid-social row(s) duplicate ad-platform rows: "
                                + ("counted (--keep-duplicates)" if keep_duplicates
                                   else "not counted (Counted = No)"))
        report.notes.extend(counts.notes)
        book_parts = {}
        if decision.set_book or decision.record:
            book_parts = book_mod.apply(zf, path, bk.settings, currency=decision.set_book,
                                        rates=decision.record)
        if rows.empty and not counts.existing and not book_parts:
            return _totals(report)  # nothing to write: leave the file alone
        writer = _Writer(bk, rows, values, counts.existing if "counted" in bk.cols else [],
                         layout.new_last)
        parts = writer.parts()
        report.notes.extend(writer.notes)
        if bk.where.sheet in book_parts:
            raise WorkbookError(path, "the book's currency and FX table must not be on the "
                                      f"{TABLE_NAME} sheet")
        parts.update(book_parts)
        with replacing(path) as tmp:  # the workbook keeps its permissions
            write_package(zf, tmp, parts)
    return _totals(report)


def _values(rows: pd.DataFrame, frames: list[pd.DataFrame], decision: currency.Decision,
            date1904: bool, path: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The value to write in each input column for each planned row; the Source of each."""
    n = len(rows)
    out: dict[str, np.ndarray] = {}
    out["date"] = _check_dates(rows, frames, date1904, path) if n else np.zeros(0)
    for key in ("platform", "type", "campaign"):
        out[key] = rows[key].to_numpy(dtype=object)
    for key in canonical.NUMBER_COLUMNS:
        out[key] = rows[key].to_numpy(dtype=np.float64)
    files = rows["file"].to_numpy(dtype=np.int64) if n else np.zeros(0, np.int64)
    sources = np.array([str(f.attrs.get("source", "")) for f in frames], dtype=object)
    src = sources[files] if n else np.zeros(0, dtype=object)
    out["source"] = src
    # the currency of each planned row: the decision per export row, found through the
    # row's position in its export (merged rows share one currency, their key's)
    cur = np.full(n, "", dtype=object)
    for i, frame in enumerate(frames):
        mine = files == i
        if not mine.any():
            continue
        codes = decision.codes[i]
        money = (frame["spend"].notna() | frame["revenue"].notna()).to_numpy()
        if len(set(codes.tolist())) <= 1:  # one currency for the whole export
            cur[mine] = codes[0] if len(codes) else ""
            continue
        by_key = pd.DataFrame({
            **plan.key_columns(frame, date1904), "code": codes, "money": money,
        }).sort_values("money", ascending=False, kind="stable").drop_duplicates(plan.KEY)
        got = rows.loc[mine, plan.KEY].merge(by_key, on=plan.KEY, how="left")["code"]
        cur[mine] = got.fillna("").to_numpy(dtype=object)
    out["currency"] = cur
    return out, src


def _totals(report: ImportReport) -> ImportReport:
    report.added = sum(f.added for f in report.files)
    report.replaced = sum(f.replaced for f in report.files)
    report.skipped = sum(f.skipped for f in report.files)
    return report


def import_into(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    book: str | os.PathLike[str],
    platform: str = "auto",
    *,
    fx: dict[str, float] | None = None,
    currency_code: str | None = None,
    keep_duplicates: bool = False,
) -> ImportReport:
    """Import exports into the ``Campaigns`` table of a workbook made from the template.

    Parameters
    ----------
    paths : path or sequence of paths
        The exports, imported in this order (a later export's row replaces an earlier
        one with the same platform, campaign and date).
    book : path
        The workbook; changed in place (temporary file, then rename).
    platform : {"auto", "meta", "linkedin", "google-ads", "ga4"}
        Format of every export; ``"auto"`` recognises each by its headers.
    fx : dict, optional
        Exchange rates to record in the book's FX table, ``{"USD": 0.92}`` (book-currency
        units per one unit of the code).
    currency_code : str, optional
        The currency of exports that do not state theirs (default: the book's).
    keep_duplicates : bool
        Count GA4 paid-social rows that duplicate an imported ad platform's rows
        (default: they get Counted = No).

    Returns
    -------
    ImportReport
        Rows ``added``, ``replaced`` and ``skipped`` (no date or no campaign), in total and
        per file in ``files``; ``notes`` on the book.

    Raises
    ------
    ExportError
        An export cannot be read (nothing is written: every export is read first).
    ImportRefused
        The rows would mix currencies without a rate, or be counted twice in a book that
        cannot mark them (nothing is written).
    WorkbookError
        The workbook cannot be read, has no ``Campaigns`` table with the expected
        columns, or the table cannot grow (cells in use below it).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    frames = [read_export(p, platform) for p in paths]
    return import_frames(frames, book, fx=fx, currency_code=currency_code,
                         keep_duplicates=keep_duplicates)
