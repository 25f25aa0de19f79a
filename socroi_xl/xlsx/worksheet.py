"""One worksheet part, read: its cells' XML in the regular layout, cut around formula cells.

:meth:`Worksheet.load` is the whole reading of a worksheet part, in this order:

1. the bytes are made UTF-8 and checked by a real XML parser (well-formed, no DTD),
   unless the caller has that check running elsewhere (``checked=True``, see
   :mod:`socroi_xl.xlsx.ahead`);
2. ``<sheetData>`` is located exactly and checked for the regular layout
   (:mod:`socroi_xl.xlsx.layout`); a part that is not in it is normalised
   (:mod:`socroi_xl.xlsx.normalise`);
3. the XML is cut around its formula cells, and the cells found are checked against the
   number of ``<f>`` elements: a difference means a formula cell the cut could not read
   whole, and the part is normalised and cut again (never a formula silently dropped).

Value columns are read later, when asked for (:meth:`Worksheet.columns`); a cell met
then that is not in the regular layout (a pretty-printed value cell, say) makes the
part normalised and the columns read again.

For writing, :meth:`Worksheet.rebuild` / :meth:`Worksheet.chunks` put the pieces back
with new cached values and :meth:`Worksheet.patch` writes array and spill cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import cells as _cells
from .cells import Decoder, FormulaScan, Grammar, LayoutMismatch, grammar
from .layout import Layout, layout_problem, locate, to_utf8
from .normalise import normalise
from .rebuild import patch_cells, rebuild, rebuild_chunks
from .sheetprops import SheetProps, head_tree, read_props
from .xmlsafe import check_well_formed

__all__ = ["Worksheet"]


def formula_count(data: bytes, lay: Layout, expected: int | None = None) -> int:
    """The ``<f>`` elements of ``<sheetData>`` (``<family>``, in rich text, is the one other
    element whose name starts with ``f`` there).

    With ``expected`` (the formula cells found), one pass when the answer is that: every
    cell found holds an ``<f>``, so as many ``<f…`` as cells found leaves no ``<family>``.
    """
    p = lay.prefix
    count = data.count(b"<" + p + b"f", lay.body, lay.end)
    if count == expected:
        return count
    return count - data.count(b"<" + p + b"fa", lay.body, lay.end)


#: Bytes of ``<sheetData>`` cut at a time by :func:`cut_region` (whole rows).
CUT_BLOCK = 1 << 20


def cut_region(g: Grammar, data: bytes, lay: Layout) -> list[bytes]:
    """The whole part cut around the formula cells of ``<sheetData>`` (head and tail
    joined to the first and last text pieces), a block of whole rows at a time
    (:data:`CUT_BLOCK`; a formula cell never spans two rows), equal pieces of each block
    made one object (:func:`_share`) before the next block is cut."""
    pieces = [data[: lay.body]]
    for start, stop in _cells.row_blocks(g, data, lay.body, lay.end, CUT_BLOCK):
        more = _cells.cut(g, data[start:stop])
        if len(more) > 1:
            _share(more)
        pieces[-1] += more[0]
        pieces.extend(more[1:])
    pieces[-1] += data[lay.end :]
    return pieces


def _share(pieces: list[bytes]) -> None:
    """Make equal pieces one object where a block repeats them: the row number of the
    formula cells of one row, the attributes of cells styled alike, the ``<f t="shared"
    si="0"/>`` of shared-formula copies (tens of MB less for a large sheet). Pieces made
    of distinct bytes (formulas written out in full) are left as they are."""
    for k in (3, 4, 5):  # row, cell attributes, <f> element (see cells.STRIDE)
        column = pieces[k :: _cells.STRIDE]
        if len(column) < 64:
            continue
        same: dict[bytes, bytes] = {}
        shared = list(map(same.setdefault, column, column))
        if len(same) <= len(column) // 2:
            pieces[k :: _cells.STRIDE] = shared


@dataclass
class Worksheet:
    """A worksheet part ready to read and rewrite.

    Attributes
    ----------
    part : str
        The part name.
    data : bytes
        Its XML in UTF-8, in the regular layout (normalised if it was not).
    lay : Layout
        Where ``<sheetData>`` is in ``data``.
    g : Grammar
        The expressions for its element prefix.
    pieces : list of bytes
        ``data`` cut around the formula cells (see :func:`socroi_xl.xlsx.cells.cut`).
    scan : FormulaScan
        The formula cells, in document order.
    normalised : bool
        The part was rewritten into the regular layout (it is written back so).
    """

    part: str
    _data: bytes | None
    lay: Layout
    g: Grammar
    pieces: list[bytes]
    scan: FormulaScan
    normalised: bool = False
    _props: SheetProps | None = field(default=None, repr=False)
    _reload: Callable[[], bytes] | None = field(default=None, repr=False)

    @property
    def data(self) -> bytes:
        """The part's XML (read again through the function given to :meth:`release` if it
        was released)."""
        if self._data is None:
            assert self._reload is not None
            self._data = self._reload()
        return self._data

    @data.setter
    def data(self, value: bytes) -> None:
        self._data = value

    def release(self, reload: Callable[[], bytes]) -> None:
        """Let go of the part's bytes (its pieces hold what writing needs): a large sheet
        is not held twice in memory. ``reload`` gives the same bytes again should a value
        column or a property be read from them later. A normalised part is kept."""
        if not self.normalised:
            self._props = self.props
            self._data, self._reload = None, reload

    def close(self) -> None:
        """Let go of everything read (bytes, pieces, formula cells): the sheet is done with."""
        self.pieces = []
        self.scan = FormulaScan(np.zeros(0, np.int64), np.zeros(0, np.int32), [], [], [])
        self._data = self._reload = None

    @classmethod
    def load(
        cls,
        raw: bytes,
        part: str,
        *,
        checked: bool = False,
        pieces: list[bytes] | None = None,
        region: tuple[int, int] | None = None,
        problem: str | None | bool = False,
        count: int | None = None,
    ) -> Worksheet:
        """Read a worksheet part (see the module docstring).

        Parameters
        ----------
        raw : bytes
            The part's bytes.
        part : str
            Its name, for messages.
        checked : bool
            Skip the well-formedness check (the caller runs it and refuses the
            workbook if it fails, before any result is used).
        pieces, region : optional
            The part already cut (while it was decompressed) over ``region``
            (``(body, end)`` offsets); used when they match the layout found.
        problem : str, None or False
            The layout check's answer when the caller already has it (False: not known).
        count : int, optional
            The number of ``<f>`` elements in ``<sheetData>``, when the caller has it;
            -1: the caller compares it with the formula cells found later (trusting
            them now, as with ``problem=None``).

        Raises
        ------
        XMLError
            The part is not well-formed XML, not a worksheet, or holds cells that cannot
            be read (see :mod:`socroi_xl.xlsx.normalise`).
        """
        data = to_utf8(raw)
        if not checked:
            check_well_formed(data, part)
        lay = locate(data, part, end_hint=region[1] if region is not None else None)
        if problem is False:
            problem = layout_problem(data, lay)
        head = None
        if not problem:
            try:
                head = head_tree(data, lay, part)
            except Exception:  # noqa: BLE001 - the normaliser reports what is wrong
                problem = "irregular head"
        normalised = False
        if problem:
            data, lay, normalised, pieces, count = normalise(data, part), None, True, None, None
            lay = locate(data, part)
        g = grammar(lay.prefix)
        if pieces is None or region != (lay.body, lay.end):
            pieces = cut_region(g, data, lay)
        try:
            expected = formula_count(data, lay) if count is None else count
            scan = _cells.formula_cells(g, pieces, len(pieces) // _cells.STRIDE if expected < 0 else expected, part)
        except LayoutMismatch:
            if normalised:
                raise
            data = normalise(data, part)
            lay, normalised = locate(data, part), True
            g = grammar(lay.prefix)
            pieces = cut_region(g, data, lay)
            scan = _cells.formula_cells(g, pieces, formula_count(data, lay), part)
        sheet = cls(part, data, lay, g, pieces, scan, normalised)
        if head is not None:  # on trust (count=-1), the last row is the last <row>'s number
            sheet._props = read_props(g, data, lay, part, head, exact_rows=count != -1 or normalised)
        return sheet

    @property
    def props(self) -> SheetProps:
        """Hidden rows and columns, dimension, AutoFilter (see :class:`SheetProps`)."""
        if self._props is None:
            self._props = read_props(self.g, self.data, self.lay, self.part)
        return self._props

    def hidden_rows(self, custom_height: bool = False) -> np.ndarray:
        """Sorted numbers of the rows ``<row hidden="1">`` hides (with ``custom_height``,
        only those with ``customHeight="1"``)."""
        return _cells.hidden_rows(self.g, self.data, self.lay, custom_height)

    def renormalise(self) -> None:
        """Rewrite the part into the regular layout and cut it again (formula cells unchanged)."""
        if self.normalised:
            raise AssertionError(f"{self.part}: normalised sheet XML read irregularly")
        data = normalise(self.data, self.part)
        lay = locate(data, self.part)
        g = grammar(lay.prefix)
        pieces = cut_region(g, data, lay)
        scan = _cells.formula_cells(g, pieces, formula_count(data, lay), self.part)
        if not (np.array_equal(scan.rows, self.scan.rows) and np.array_equal(scan.cols, self.scan.cols)):
            raise AssertionError(f"{self.part}: normalising changed the formula cells")
        self.data, self.lay, self.g, self.pieces, self.scan, self.normalised = data, lay, g, pieces, scan, True
        self._props = None

    def columns(self, cols: list[int], dec: Decoder, nrows: int) -> dict[int, tuple[np.ndarray | None, Any]]:
        """Read value columns (see :func:`socroi_xl.xlsx.cells.read_columns`)."""
        try:
            return _cells.read_columns(self.g, self.data, self.lay, cols, dec, nrows)
        except LayoutMismatch:
            self.renormalise()
            dec.g = self.g
            return _cells.read_columns(self.g, self.data, self.lay, cols, dec, nrows)

    # -- writing -------------------------------------------------------------------------------
    def rebuild(self, values: list[Any]) -> bytes:
        """The part with new cached values of its formula cells (in document order)."""
        return rebuild(self.g, self.pieces, values)

    def chunks(self, values: list[Any], block: int = 20_000) -> Iterator[bytes]:
        """:meth:`rebuild` in pieces, for streaming compression."""
        return rebuild_chunks(self.g, self.pieces, values, block)

    def patch(self, data: bytes, wanted: dict[int, dict[int, Any]], clear: set[tuple[int, int]]) -> bytes:
        """``data`` (a rebuilt part) with array and spill cells written."""
        return patch_cells(self.g, data, locate(data, self.part), wanted, clear)
