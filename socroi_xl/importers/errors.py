"""The one exception an unreadable export raises."""

from __future__ import annotations

import os


class ExportError(ValueError):
    """An export file that cannot be read, with where the problem is.

    ``str(err)`` is one line: ``"PATH, line 12, column 'Cost': reason"`` (line and column
    only when known). ``line`` is the 1-based line of a text file or the row number of a
    spreadsheet.

    >>> str(ExportError("ads.csv", "cannot read 'abc' as a number", line=4, column="Cost"))
    "ads.csv, line 4, column 'Cost': cannot read 'abc' as a number"
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        reason: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}"

    def __reduce__(self):  # keep pickling (dask) working with keyword-only arguments
        return (_rebuild, (self.path, self.reason, self.line, self.column))


def _rebuild(path: str, reason: str, line: int | None, column: str | None) -> ExportError:
    return ExportError(path, reason, line=line, column=column)


class ImportRefused(ValueError):
    """An import that would mix what must not be mixed (currencies without a rate, rows
    counted twice in a book that cannot mark them): nothing is written. ``str(err)`` is one
    line naming the book or export and what to do."""
