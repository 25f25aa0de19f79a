"""Append export rows to the ``Campaigns`` table of a workbook, patching its XML in place.

The table is found by name and its columns by header text (the template's contract:
Date, Platform, Type, Campaign, Spend, Impressions, Reach, Clicks, Engagements, Leads,
Conversions, Revenue, then formula columns). For each export, in the order given:

* rows without a date or a campaign are skipped (and counted);
* rows of one export with the same platform, campaign and date are added together
  (a campaign name used twice in one report, or several sources of one GA4 campaign);
* a row whose platform, campaign and date are already in the table replaces that row's
  values (re-importing an export changes nothing); the others are appended below the
  table, which grows; its formula columns are copied to the new rows from the row above
  (or from the column's calculated formula), and validation and conditional-format ranges
  and chart series that cover a whole table column grow with it.

Only the sheet and table parts change (and, when they must follow, the charts over the
table's columns and the calculation chain); every other member of the package is copied
as it was. The result is written to a temporary file beside the workbook and renamed over it,
so a failed import leaves the workbook exactly as it was. Formula cells of new or changed
rows have no cached value: run ``socroi recalc`` (or open in Excel) to compute them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

from ..atomic import replacing
from ..coerce import excel_text
from ..engine.safety import WorkbookError, open_package
from . import canonical
from .detect import read_export
from .package import NS, XM, find_table, move_in_calc_chain, parse, serialize, write_package
from .sheet import (
    Sheet,
    cell_ref,
    number_text,
    set_value,
    shared_strings,
    text_cell_xml,
    xml_escape,
)

TABLE_NAME = "Campaigns"
#: Header text of each canonical column in the Campaigns table.
HEADERS: dict[str, str] = {
    "date": "Date",
    "platform": "Platform",
    "type": "Type",
    "campaign": "Campaign",
    "spend": "Spend",
    "impressions": "Impressions",
    "reach": "Reach",
    "clicks": "Clicks",
    "engagements": "Engagements",
    "leads": "Leads",
    "conversions": "Conversions",
    "revenue": "Revenue",
}
#: Namespace of chart parts (DrawingML charts).
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: ``Sheet!$A$1:$B$9`` in a chart series reference.
_RANGE = re.compile(
    r"(?P<sheet>'(?:[^']|'')+'|[^\s'!(),]+)!(?P<c1>\$?[A-Z]{1,3})\$?(?P<r1>\d+)"
    r":(?P<c2>\$?[A-Z]{1,3})\$?(?P<r2>\d+)"
)
_EPOCH = {False: np.datetime64("1899-12-30"), True: np.datetime64("1904-01-01")}


@dataclass
class FileReport:
    """What one export did to the table."""

    path: str
    platform: str
    rows: int = 0
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    merged: int = 0
    ignored: int = 0


@dataclass
class ImportReport:
    """Rows added, replaced and skipped, in total and per export (``files``).

    ``merged`` counts rows of one export added into another row with the same platform,
    campaign and date; ``ignored`` counts rows an export holds that are not social
    campaign rows (GA4 traffic from other channels).
    """

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    files: list[FileReport] = field(default_factory=list)
    book: str = ""

    @property
    def merged(self) -> int:
        """Rows folded into another row of the same export."""
        return sum(f.merged for f in self.files)


@dataclass
class _Table:
    """The table's geometry and columns."""

    root: object
    first_col: int
    last_col: int
    header_row: int
    first_data: int
    last_data: int
    totals_rows: int
    columns: list[tuple[str, str | None]]  # (header, calculatedColumnFormula)

    def col(self, header: str) -> int | None:
        for i, (name, _) in enumerate(self.columns):
            if " ".join(name.split()).casefold() == header.casefold():
                return self.first_col + i
        return None


def _read_table(root, path: str) -> _Table:
    ref = root.get("ref", "")
    try:
        c1, r1, c2, r2 = range_boundaries(ref)
    except (TypeError, ValueError):
        raise WorkbookError(path, f"the {TABLE_NAME} table has a bad range {ref!r}") from None
    header_rows = int(root.get("headerRowCount", "1"))
    totals = int(root.get("totalsRowCount", "0"))
    columns = []
    for tc in root.iterfind("m:tableColumns/m:tableColumn", NS):
        calc = tc.find("m:calculatedColumnFormula", NS)
        columns.append((tc.get("name", ""), None if calc is None else calc.text))
    if header_rows < 1:
        raise WorkbookError(path, f"the {TABLE_NAME} table has no header row")
    return _Table(root, c1, c2, r1, r1 + header_rows, r2 - totals, totals, columns)


def _keys(frame: pd.DataFrame, epoch: np.datetime64) -> pd.DataFrame:
    out = frame.copy()
    out["serial"] = ((out["date"].to_numpy("datetime64[D]") - epoch) / np.timedelta64(1, "D"))
    out["k_platform"] = out["platform"].str.strip().str.casefold()
    out["k_campaign"] = out["campaign"].str.strip(" ")
    return out


def _merge_duplicates(rows: pd.DataFrame) -> pd.DataFrame:
    """Add up rows with the same key (numbers: NaN only when every part is NaN)."""
    key = ["k_platform", "k_campaign", "serial"]
    if not rows.duplicated(key).any():
        return rows
    numbers = list(canonical.NUMBER_COLUMNS)
    agg = {c: "first" for c in rows.columns if c not in numbers and c not in key}
    summed = rows.groupby(key, sort=False, dropna=False)[numbers].sum(min_count=1)
    firsts = rows.groupby(key, sort=False, dropna=False).agg(agg)
    return firsts.join(summed).reset_index()


class _Importer:
    """The workbook being patched: table, sheet and the key of every data row."""

    def __init__(self, zf, path: str) -> None:
        self.path = path
        where = find_table(zf, path, TABLE_NAME)
        self.where = where
        self.table = _read_table(parse(zf, where.table, path), path)
        strings = (
            parse(zf, "xl/sharedStrings.xml", path) if "xl/sharedStrings.xml" in zf.NameToInfo
            else None
        )
        self.sheet = Sheet(parse(zf, where.sheet, path), shared_strings(strings))
        self.other_tables = [parse(zf, o, path).get("ref", "A1") for o in where.other_tables]
        self.epoch = _EPOCH[where.date1904]
        t = self.table
        self.cols = {}
        for key, header in HEADERS.items():
            col = t.col(header)
            if col is None:
                raise WorkbookError(path, f"the {TABLE_NAME} table has no column {header!r}")
            self.cols[key] = col
        inputs = set(self.cols.values())
        self.formula_cols = [
            (t.first_col + i, calc) for i, (_, calc) in enumerate(t.columns)
            if t.first_col + i not in inputs
        ]
        self.pattern_row = t.last_data
        self.pattern = self.sheet.rows.get(t.last_data)
        self.styles = {
            col: (c.get("s") if (c := self.sheet.cell(t.last_data, col)) is not None else None)
            for col in range(t.first_col, t.last_col + 1)
        }
        self.keys: dict[tuple[str, str, int], int] = {}
        self.free: list[int] = []
        for r in range(t.first_data, t.last_data + 1):
            key = self._key(r)
            if key is None:
                if all(self.sheet.is_empty(self.sheet.cell(r, c)) for c in inputs):
                    self.free.append(r)
            else:
                self.keys.setdefault(key, r)
        self.next_row = t.last_data + 1
        self.plan: list[tuple[int, object]] = []
        self.moved: dict[str, str] = {}  # formula cells moved (totals row): old -> new
        self.zf = zf

    def _key(self, r: int) -> tuple[str, str, int] | None:
        sheet = self.sheet
        date = sheet.value(sheet.cell(r, self.cols["date"]))
        platform = sheet.value(sheet.cell(r, self.cols["platform"]))
        campaign = sheet.value(sheet.cell(r, self.cols["campaign"]))
        if isinstance(date, str):
            stamp = pd.to_datetime(date, errors="coerce")
            date = None if pd.isna(stamp) else float(
                (np.datetime64(stamp.date()) - self.epoch) / np.timedelta64(1, "D")
            )
        if not isinstance(date, float) or platform is None or campaign is None:
            return None
        platform, campaign = excel_text(platform), excel_text(campaign)  # 2024.0 -> "2024"
        return (platform.strip().casefold(), campaign.strip(" "), int(np.floor(date)))

    def apply(self, frame: pd.DataFrame, report: FileReport) -> None:
        """Write the rows of one export, counting what happened in ``report``."""
        report.rows = len(frame)
        report.ignored = int(frame.attrs.get("ignored", 0))
        usable = frame["date"].notna() & (frame["campaign"].str.strip() != "")
        report.skipped = int((~usable).sum())
        rows = _keys(frame[usable.to_numpy()], self.epoch)
        merged = _merge_duplicates(rows)
        report.merged = len(rows) - len(merged)
        for rec in merged.itertuples(index=False):
            key = (rec.k_platform, rec.k_campaign, int(rec.serial))
            r = self.keys.get(key)
            if r is None:
                if self.free:
                    r = self.free.pop(0)
                else:
                    r = self.next_row
                    self.next_row += 1
                self.keys[key] = r
                report.added += 1
            else:
                report.replaced += 1
            self.plan.append((r, rec))

    def _formula_makers(self) -> dict[int, object]:
        """Per formula column: the formula text for any row (constant or translator)."""
        makers: dict[int, object] = {}
        for col, calc in self.formula_cols:
            formula = self.sheet.formula(self.pattern_row, col)
            origin_row = self.pattern_row
            if formula is None and calc:
                formula, origin_row = calc, self.table.first_data
            if formula is None:
                makers[col] = None
                continue
            tr = Translator("=" + formula, origin=cell_ref(origin_row, col))
            probes = {tr.translate_formula(cell_ref(origin_row + k, col)) for k in (1, 2)}
            # no relative row reference (structured references only): one text for all
            makers[col] = formula if probes == {"=" + formula} else tr
        return makers

    def _append(self, r: int, makers: dict[int, object]) -> None:
        """Create data row ``r`` below the table with the formula columns filled."""
        self.sheet.row(r, like=self.pattern)
        for col, maker in makers.items():
            style = self.styles.get(col)
            if maker is None:
                self.sheet.put(r, col, None, style)
            elif isinstance(maker, str):
                self.sheet.put_formula(r, col, maker, style)
            else:
                moved = maker.translate_formula(cell_ref(r, col))
                self.sheet.put_formula(r, col, moved[1:] if moved.startswith("=") else moved,
                                       style)

    def _add_rows(self, rows: list[int], recs: list, makers: dict[int, object]) -> None:
        """Append new data rows, built as XML text column by column, parsed once."""
        if not rows:
            return
        styles = {col: "" if s is None else f' s="{s}"' for col, s in self.styles.items()}
        columns: dict[int, list[str]] = {}
        for key, col in self.cols.items():
            letter, style = get_column_letter(col), styles[col]
            values = [getattr(rec, "serial" if key == "date" else key) for rec in recs]
            if key in canonical.TEXT_COLUMNS:
                columns[col] = [
                    text_cell_xml(f"{letter}{r}", style, v) if v else f'<c r="{letter}{r}"{style}/>'
                    for r, v in zip(rows, values, strict=True)
                ]
            else:
                columns[col] = [
                    f'<c r="{letter}{r}"{style}/>' if v != v else  # NaN: blank, styled
                    f'<c r="{letter}{r}"{style}><v>{number_text(v)}</v></c>'
                    for r, v in zip(rows, values, strict=True)
                ]
        for col, maker in makers.items():
            letter, style = get_column_letter(col), styles[col]
            if maker is None:
                columns[col] = [f'<c r="{letter}{r}"{style}/>' for r in rows]
            elif isinstance(maker, str):
                f = xml_escape(maker)
                columns[col] = [f'<c r="{letter}{r}"{style}><f>{f}</f></c>' for r in rows]
            else:
                columns[col] = [
                    f'<c r="{letter}{r}"{style}><f>'
                    f'{xml_escape(maker.translate_formula(f"{letter}{r}")[1:])}</f></c>'
                    for r in rows
                ]
        order = sorted(columns)
        attrs = self.sheet.attributes_xml(self.pattern)
        xml = "".join(
            f'<row r="{r}"{attrs}>' + "".join(columns[c][i] for c in order) + "</row>"
            for i, r in enumerate(rows)
        )
        self.sheet.add_rows(xml, max(order))

    def _write_rows(self, final: dict[int, object]) -> None:
        """Write the input cells of rows that exist already (replaced, reused or beside
        the table), changing the cell elements in place (style kept)."""
        sheet = self.sheet
        r_max = self.table.last_data
        for r in sorted(final):
            rec = final[r]
            cells = sheet.cells(r)
            for key, col in self.cols.items():
                value = rec.serial if key == "date" else getattr(rec, key)
                old = cells.get(col)
                if old is None:
                    sheet.put(r, col, None if value != value else value, self.styles.get(col))
                else:
                    set_value(old, value)
            if r <= r_max:  # an existing row: its formulas' cached values are stale
                for col, _ in self.formula_cols:
                    sheet.forget_value(r, col)

    def finish(self) -> dict[str, bytes]:
        """Grow the table, write the planned rows; the patched parts."""
        t = self.table
        new_last = self.next_row - 1
        grown = new_last - t.last_data
        if grown:
            end = t.last_data + t.totals_rows
            self._check_room(end + 1, end + grown)
            for src in range(end, t.last_data, -1):  # the totals row(s) move down
                for col in range(t.first_col, t.last_col + 1):
                    if self.sheet.move_cell((src, col), (src + grown, col)):
                        self.moved[cell_ref(src, col)] = cell_ref(src + grown, col)
            makers = self._formula_makers()
            final = dict(self.plan)  # a row written twice keeps its last values
            bulk = [r for r in range(t.last_data + 1, new_last + 1) if r not in self.sheet.rows]
            self._add_rows(bulk, [final[r] for r in bulk], makers)
            bulk_set = set(bulk)
            for r in range(t.last_data + 1, new_last + 1):
                if r not in bulk_set:  # a row that has cells beyond the table already
                    self._append(r, makers)
            self.plan = [(r, rec) for r, rec in self.plan if r not in bulk_set]
            self._grow_ranges(t.last_data, new_last)
        self._write_rows(dict(self.plan))
        self.sheet.finish()
        first, last = get_column_letter(t.first_col), get_column_letter(t.last_col)
        root = t.root
        root.set("ref", f"{first}{t.header_row}:{last}{new_last + t.totals_rows}")
        auto = root.find("m:autoFilter", NS)
        if auto is not None:
            auto.set("ref", f"{first}{t.header_row}:{last}{new_last}")
        sort = root.find("m:sortState", NS)
        if sort is not None:
            sort.set("ref", f"{first}{t.first_data}:{last}{new_last}")
        for name in ("insertRow", "insertRowShift"):  # the table has no blank insert row now
            root.attrib.pop(name, None)
        parts = {self.where.sheet: serialize(self.sheet.root), self.where.table: serialize(root)}
        chain = self.where.calc_chain
        if self.moved and chain:
            tree = parse(self.zf, chain, self.path)
            if move_in_calc_chain(tree, self.where.sheet_id, self.moved):
                parts[chain] = serialize(tree)
        if new_last > t.last_data:
            parts.update(self._grow_charts(t.last_data, new_last))
        return parts

    def _grow_charts(self, old_last: int, new_last: int) -> dict[str, bytes]:
        """Chart series over whole table columns grow with the table, as in Excel."""
        t = self.table
        sheet = self.where.sheet_name.casefold()
        out = {}

        def grow(m: re.Match) -> str:
            name = m.group("sheet")
            if name.startswith("'"):
                name = name[1:-1].replace("''", "'")
            c1, c2 = (column_index_from_string(m.group(k).lstrip("$")) for k in ("c1", "c2"))
            r1, r2 = int(m.group("r1")), int(m.group("r2"))
            if (name.casefold() != sheet or not t.first_col <= c1 <= c2 <= t.last_col
                    or r2 != old_last or not t.header_row <= r1 <= t.first_data):
                return m.group(0)
            return m.group(0)[: m.start("r2") - m.start(0)] + str(new_last)

        for name in self.zf.namelist():
            if not (name.startswith("xl/charts/") and name.endswith(".xml")):
                continue
            root = parse(self.zf, name, self.path)
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

    def _check_room(self, r1: int, r2: int) -> None:
        """Refuse to grow the table over cells in use, merged cells or another table."""
        t = self.table
        for r in range(r1, r2 + 1):
            for col, c in self.sheet.cells(r).items():
                if t.first_col <= col <= t.last_col and not self.sheet.is_empty(c):
                    raise WorkbookError(
                        self.path,
                        f"cannot grow the {TABLE_NAME} table: cell {cell_ref(r, col)} below it "
                        "is in use; move what is below the table and import again",
                    )
        area = (t.first_col, t.last_data + 1, t.last_col, r2)
        for m in self.sheet.root.iterfind("m:mergeCells/m:mergeCell", NS):
            if _overlap(range_boundaries(m.get("ref", "A1")), area):
                raise WorkbookError(
                    self.path, f"cannot grow the {TABLE_NAME} table over merged cells "
                    f"{m.get('ref')}; unmerge them and import again"
                )
        for ref in self.other_tables:
            if _overlap(range_boundaries(ref), area):
                raise WorkbookError(
                    self.path, f"cannot grow the {TABLE_NAME} table into another table at {ref}"
                )

    def _grow_ranges(self, old_last: int, new_last: int) -> None:
        """Validation and conditional-format ranges that end with the table's data end."""
        t = self.table

        def grow(sqref: str) -> str:
            out = []
            for part in sqref.split():
                try:
                    c1, r1, c2, r2 = range_boundaries(part)
                except (TypeError, ValueError):
                    out.append(part)
                    continue
                inside = t.first_col <= c1 and c2 <= t.last_col
                if inside and r2 == old_last and t.header_row <= r1 <= t.first_data:
                    part = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{new_last}"
                out.append(part)
            return " ".join(out)

        root = self.sheet.root
        for node in root.iterfind("m:dataValidations/m:dataValidation", NS):
            node.set("sqref", grow(node.get("sqref", "")))
        for node in root.iterfind("m:conditionalFormatting", NS):
            node.set("sqref", grow(node.get("sqref", "")))
        for node in root.iter(f"{{{XM}}}sqref"):
            node.text = grow(node.text or "")


def _overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def import_frames(
    frames: Iterable[pd.DataFrame], book: str | os.PathLike[str]
) -> ImportReport:
    """Append canonical frames (from :func:`read_export`) to the workbook's Campaigns table.

    See :func:`import_into`; ``frame.attrs["path"]`` and ``["platform"]`` label the report.
    """
    path = os.fspath(book)
    report = ImportReport(book=path)
    with open_package(path) as zf:
        importer = _Importer(zf, path)
        for frame in frames:
            fr = FileReport(str(frame.attrs.get("path", "")), str(frame.attrs.get("platform", "")))
            importer.apply(frame, fr)
            report.files.append(fr)
        if not importer.plan:  # nothing to write: leave the file alone
            return _totals(report)
        parts = importer.finish()
        with replacing(path) as tmp:  # the workbook keeps its permissions
            write_package(zf, tmp, parts)
    return _totals(report)


def _totals(report: ImportReport) -> ImportReport:
    report.added = sum(f.added for f in report.files)
    report.replaced = sum(f.replaced for f in report.files)
    report.skipped = sum(f.skipped for f in report.files)
    return report


def import_into(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    book: str | os.PathLike[str],
    platform: str = "auto",
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

    Returns
    -------
    ImportReport
        Rows ``added``, ``replaced`` and ``skipped`` (no date or no campaign), in total and
        per file in ``files``.

    Raises
    ------
    ExportError
        An export cannot be read (nothing is written: every export is read first).
    WorkbookError
        The workbook cannot be read, has no ``Campaigns`` table with the expected
        columns, or the table cannot grow (cells in use below it).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    frames = [read_export(p, platform) for p in paths]
    return import_frames(frames, book)

