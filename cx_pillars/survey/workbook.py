"""Survey exports that are spreadsheets: Excel ``.xlsx``/``.xlsm``, ``.xlsb``, ``.xls``
and OpenDocument ``.ods`` (Microsoft Forms offers nothing else; issue 12, item 1).

The workbook is read with python-calamine (a Rust reader: fast, one small wheel, no
dependencies), loaded only here, when a workbook is imported.  It reads a whole sheet
into its own compact cells (a large .xlsx sheet in pieces of whole rows, on a thread
each, see :class:`Pieces`: the same cells, parsed on several processors at
once); the rows are then handed to the same reader as a CSV's
(:class:`cx_pillars.survey.read.Records`), one row at a time, as the text the tool
wrote: a whole number as ``3`` (not ``3.0``), a date as ``2026-03-27 19:06:23``, a
formula error (``#N/A``) and an empty cell as blank, ``TRUE``/``FALSE`` for booleans.
The import itself (:meth:`SheetRows.chunks`) hands the engine the cells as they are,
so that a column of numbers goes into its arrays without being written out as text
and parsed back; the engine reads each cell as the text above would be (the tests
compare the two readings).  Row numbers are the sheet's own (row 1 is the sheet's
first row, blank or not), and an error names the file, the sheet and the row.

Which sheet: ``--sheet NAME`` (or its 1-based number); otherwise the sheet whose
header and first rows hold a ranking the importer recognises (Forms workbooks may
open on an empty sheet, a workbook may hold notes or a summary before the
responses); of several, the one with the most rows.  A sheet larger than
:data:`MAX_CELLS` is refused before it is read (its declared size, for ``.xlsx``),
and a password-protected or damaged workbook gets one line.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import Message, tr

if TYPE_CHECKING:
    from cx_pillars.survey.layout import Plan
    from cx_pillars.survey.read import Source

#: Cells (rows x columns) of the largest sheet read: python-calamine holds the whole
#: sheet, some 70 bytes a cell while it reads it (a 100,000 x 17 sheet: 120 MB), so
#: 20 million cells is about 1.4 GB; a larger export is better saved as CSV, which is
#: read in bounded memory.
MAX_CELLS = 20_000_000
#: Bytes of sheet XML per cell, at the least (``<c r="A1"><v>1</v></c>``): a sheet part
#: without a declared size is refused beyond MAX_CELLS of these.
MIN_CELL_XML = 20
SEP = " › "
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
#: What each kind is called in the import's "Read ... as ..." line.
KIND_NAMES = {
    "xlsx": "Excel workbook",
    "xlsb": "Excel binary workbook",
    "xls": "Excel 97-2003 workbook",
    "ods": "OpenDocument spreadsheet",
}
_BY_SUFFIX = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xltx": "xlsx",
    ".xltm": "xlsx",
    ".xlsb": "xlsb",
    ".xls": "xls",
    ".ods": "ods",
}
SUFFIXES = tuple(_BY_SUFFIX)
#: The endings python-calamine opens a file by; others are opened by their content.
CALAMINE_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


# -- what the file is -----------------------------------------------------------------------


def kind_of(path: Path) -> str | None:
    """``xlsx``, ``xlsb``, ``xls`` or ``ods`` when ``path`` is a workbook (by its
    content, whatever its name), else None.  Never loads the workbook reader."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a pipe or device: never opened here
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return None  # the reader says what is wrong
    if head == OLE_MAGIC:
        # An old .xls, or a password-protected .xlsx (an encrypted package in the same
        # container); a Word .doc too, which the reader then calls unreadable.
        return "xls" if path.suffix.lower() in SUFFIXES or _is_ole_workbook(path) else None
    if head[:4] not in ZIP_MAGIC:
        return None
    by_name = _BY_SUFFIX.get(path.suffix.lower())
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "mimetype" in names and "content.xml" in names:
                with zf.open("mimetype") as fh:
                    if fh.read(len(ODS_MIME) + 16).strip().startswith(ODS_MIME):
                        return "ods"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return by_name if by_name != "xls" else None  # a damaged workbook: say so
    return None


def _is_ole_workbook(path: Path) -> bool:
    """An OLE file named otherwise holding a workbook stream or an encrypted package."""
    marks = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"), _ENCRYPTED)
    return any(_contains(path, mark) for mark in marks)


def _contains(path: Path, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Whether the file holds ``needle``, read in pieces."""
    tail = b""
    try:
        with open(path, "rb") as fh:
            while data := fh.read(chunk):
                if needle in tail + data:
                    return True
                tail = data[-len(needle) :]
    except OSError:
        return False
    return False


# -- a cell as text ---------------------------------------------------------------------------


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer():
        return str(int(value))
    return f"{value:.15g}"  # the digits Excel shows


def _datetime_text(value: datetime) -> str:
    us = value.microsecond
    if us:  # serial numbers carry float noise: to the nearest second
        value = value.replace(microsecond=0)
        if us >= 500_000:
            value += timedelta(seconds=1)
    if not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    return value.isoformat(" ")


def _timedelta_text(value: timedelta) -> str:
    seconds = round(value.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


_TEXT: dict[type, Callable[[Any], str]] = {
    str: str,
    bool: lambda v: "TRUE" if v else "FALSE",
    float: _float_text,
    int: str,
    datetime: _datetime_text,
    date: date.isoformat,
    time: lambda v: v.replace(microsecond=0).isoformat(),
    timedelta: _timedelta_text,
}


def cell_text(value: object) -> str:
    """A cell as the tool wrote it: ``3`` (not ``3.0``), ``2.5``, ``2026-03-27 19:06:23``,
    ``TRUE``; empty, errors and anything unknown as blank."""
    convert = _TEXT.get(value.__class__)
    if convert is not None:
        return convert(value)
    for kind, convert in _TEXT.items():  # a subclass (a pandas Timestamp, say)
        if isinstance(value, kind):
            return convert(value)
    return ""


def number_text(value: float) -> str:
    """A number cell (a float, or an int from .ods/.xlsb) as :func:`cell_text` gives it."""
    return _float_text(value) if value.__class__ is float else str(value)


#: Cell types whose text is never blank and that the engine's coders may key by
#: value: a str never equals a float, and an int equals a float only when both give the
#: same text (a bool, equal to 1 or 0, must be turned into text first).
_KEYED = frozenset({str, float, int})


def texts(column: Sequence[Any]) -> Sequence[str]:
    """A column of cells as :func:`cell_text` gives them (itself when all are text)."""
    if set(map(type, column)) <= {str}:
        return column
    return [c if c.__class__ is str else cell_text(c) for c in column]


def keyed(column: Sequence[Any]) -> tuple[Sequence[Any], bool]:
    """A column of cells with only text and numbers left (booleans, dates and the rest
    as their text), for the engine's coders, which read a number as its text; and
    whether it holds floats only."""
    kinds = set(map(type, column))
    if kinds <= _KEYED:
        return column, kinds == {float}
    return [c if c.__class__ in _KEYED else cell_text(c) for c in column], False


class SheetRows:
    """A sheet's rows as lists of text, like ``csv.reader``: ``line_num`` is the sheet
    row number of the row last returned.  :meth:`chunks` gives the cells as they are
    (text, numbers, dates, booleans), for the engine to read numbers as numbers."""

    def __init__(self, rows: Iterator[list[Any]], first: int) -> None:
        self._rows = rows
        self.line_num = first
        #: Called when :meth:`chunks` starts, the import's last pass over the sheet:
        #: a sheet read in pieces lets go of each piece once its rows are read.
        self.last_pass: Callable[[], None] | None = None
        # The text of each number seen (ranks, scores, years: a few hundred values),
        # so that a cell costs a look-up.  Floats only: True == 1.0 as a key.
        self._numbers: dict[float, str] = {}

    def __iter__(self) -> SheetRows:
        return self

    def _number(self, value: float) -> str:
        text = cell_text(value)
        if len(self._numbers) < 10_000:
            self._numbers[value] = text
        return text

    def chunks(self, size: int) -> Iterator[tuple[list[list[Any]], int]]:
        """Lists of up to ``size`` rows, cells as the reader gives them (an empty or
        error cell as ``""``), with the sheet row of each list's first row.  The
        import's last pass: the sheet is not read again."""
        if self.last_pass is not None:
            self.last_pass()
        while rows := list(islice(self._rows, size)):
            first = self.line_num + 1
            self.line_num += len(rows)
            yield rows, first

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        known = self._numbers.get
        return [
            c
            if c.__class__ is str
            else (known(c) or self._number(c))
            if c.__class__ is float
            else cell_text(c)
            for c in row
        ]


# -- the workbook --------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One loaded sheet: what :class:`~cx_pillars.survey.read.Source` reads rows from."""

    name: str
    number: int  # 1-based, in workbook order
    kind: str
    data: Any  # python_calamine.CalamineSheet (the reader is loaded lazily)
    height: int
    width: int

    def rows(self) -> SheetRows:
        """The rows from the sheet's first row on, each time afresh."""
        rows = self.data.iter_rows()
        start = self.data.start
        first_row = start[0] if start else 0
        if first_row == 0:
            return self._rows_of(rows, 0)
        # python-calamine 0.9 gives the blank rows above the data too; the sheet row
        # numbers count from row 1 either way.
        first = next(rows, None)
        if first is None:
            return self._rows_of(iter(()), 0)
        blank = not any(c != "" for c in first)
        start_at = 0 if blank else first_row

        def again() -> Iterator[list[Any]]:
            yield first
            yield from rows

        return self._rows_of(again(), start_at)

    def _rows_of(self, rows: Iterator[list[Any]], first: int) -> SheetRows:
        out = SheetRows(rows, first)
        if isinstance(self.data, Pieces):
            out.last_pass = self.data.last_pass
        return out

    def describe(self) -> str:
        return KIND_NAMES.get(self.kind, "workbook")


def _import_calamine() -> Any:
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise CxError(
            tr("survey.workbook.no_reader"), hint=tr("survey.error.save_as_csv")
        ) from None
    return python_calamine


class Book:
    """An open workbook (use :func:`open_book`)."""

    def __init__(self, path: Path, kind: str, label: str) -> None:
        self.path = path
        self.kind = kind
        self.label = label
        self.calamine = _import_calamine()
        self._parts: dict[str, str] | None = None
        self._sizes: dict[str, tuple[int, int] | None] = {}
        self.wb = self._open()
        metadata = list(self.wb.sheets_metadata)
        self.names: list[str] = [m.name for m in metadata]
        worksheet = self.calamine.SheetTypeEnum.WorkSheet
        visible = self.calamine.SheetVisibleEnum.Visible
        self.worksheets = [m.name for m in metadata if m.typ == worksheet]
        self.visible = {m.name for m in metadata if m.visible == visible}

    def _error(self, exc: BaseException) -> CxError:
        pc = self.calamine
        reason = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, pc.PasswordError) or (
            self.kind == "xls" and _contains(self.path, _ENCRYPTED)
        ):
            return CxError(
                tr("survey.workbook.password"),
                path=self.label,
                hint=tr("survey.workbook.password_hint"),
            )
        return CxError(
            tr(
                "survey.workbook.corrupt",
                kind=tr(f"survey.workbook.kind.{self.kind}"),
                reason=reason[:200],
            ),
            path=self.label,
            hint=tr("survey.workbook.corrupt_hint"),
        )

    def _open(self) -> Any:
        if self.kind == "xls" and _contains(self.path, _ENCRYPTED):
            raise self._error(ValueError("encrypted"))
        try:
            if self.path.suffix.lower() in CALAMINE_SUFFIXES:
                return self.calamine.CalamineWorkbook.from_path(str(self.path))
            with open(self.path, "rb") as fh:  # another name: calamine reads the content
                return self.calamine.CalamineWorkbook.from_filelike(fh)
        except OSError as exc:
            raise CxError(
                tr("survey.error.cannot_read", reason=exc.strerror or str(exc)), path=self.label
            ) from None
        except Exception as exc:  # calamine's errors: damaged, encrypted, not a workbook
            raise self._error(exc) from None

    def close(self) -> None:
        try:
            self.wb.close()
        except Exception:  # already closed
            pass

    def sheet_list(self) -> str:
        """The sheet names, quoted, for messages."""
        shown = [f"'{name}'" for name in self.names[:30]]
        return ", ".join(shown) + (", …" if len(self.names) > 30 else "")

    def find(self, wanted: str) -> str:
        """The sheet ``--sheet`` names: its name (exact, then ignoring case and spaces),
        or its 1-based number."""
        if wanted in self.names:
            return wanted
        folded = [n for n in self.names if n.strip().casefold() == wanted.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        text = wanted.strip()
        if text.isdecimal() and 1 <= int(text) <= len(self.names):
            return self.names[int(text) - 1]
        raise UsageError(
            tr("survey.workbook.no_such_sheet", sheet=wanted, sheets=self.sheet_list()),
            path=self.label,
        )

    def _too_big(self, name: str, rows: int, cols: int) -> CxError:
        return CxError(
            tr(
                "survey.workbook.too_big",
                sheet=name,
                rows=rows,
                cols=cols,
                limit=MAX_CELLS // 1_000_000,
            ),
            path=self.label,
            hint=tr("survey.error.save_as_csv"),
        )

    def load(self, name: str) -> Sheet:
        """Read one sheet (refused beyond MAX_CELLS, by its declared size if it has one).
        A large .xlsx sheet is read in pieces on several threads (:class:`Pieces`);
        anything unusual in it, and every error, is left to the whole-sheet read."""
        self._check_declared(name)
        data = self._pieces(name) if self.kind == "xlsx" else None
        if data is None:
            try:
                data = self.wb.get_sheet_by_name(name)
            except MemoryError:  # pragma: no cover - only a sheet that lies about its size
                raise self._too_big(name, 0, 0) from None
            except Exception as exc:
                raise self._error(exc) from None
        height, width = int(data.height), int(data.width)
        if height * width > MAX_CELLS:
            raise self._too_big(name, height, width)
        return Sheet(name, self.names.index(name) + 1, self.kind, data, height, width)

    # -- the declared size of an .xlsx sheet, read before the sheet -----------------------

    def declared_rows(self, name: str) -> int | None:
        """The rows an .xlsx sheet declares (its used range, as :attr:`Sheet.height`
        counts them), or None when unknown; refuses a sheet over MAX_CELLS."""
        declared = self._declared(name)
        return declared[0] if declared else None

    def _check_declared(self, name: str) -> None:
        self._declared(name)

    def _declared(self, name: str) -> tuple[int, int] | None:
        """(rows, columns) an .xlsx sheet declares (``<dimension ref="A1:K7">``, which
        Excel writes); refused beyond MAX_CELLS before it is read, and so is a sheet
        without a declared size whose cells' XML is too large."""
        if self.kind != "xlsx":
            return None
        if name in self._sizes:
            return self._sizes[name]
        size: tuple[int, int] | None = None
        try:
            with zipfile.ZipFile(self.path) as zf:
                part = self._sheet_parts(zf).get(name)
                if part is None:
                    return None
                info = zf.getinfo(part)
                with zf.open(info) as fh:
                    head = fh.read(1 << 14)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            return None  # calamine says what is wrong
        m = _DIMENSION.search(head)
        if m is None or m.group(3) is None:
            if info.file_size // MIN_CELL_XML > MAX_CELLS:
                raise CxError(
                    tr(
                        "survey.workbook.too_big_part",
                        sheet=name,
                        megabytes=info.file_size >> 20,
                        limit=MAX_CELLS // 1_000_000,
                    ),
                    path=self.label,
                    hint=tr("survey.error.save_as_csv"),
                )
        else:
            c0, r0, c1, r1 = (g.decode("ascii") for g in m.groups())
            rows = max(int(r1) - int(r0) + 1, 1)
            cols = max(_column_number(c1) - _column_number(c0) + 1, 1)
            if rows * cols > MAX_CELLS:
                raise self._too_big(name, rows, cols)
            size = (rows, cols)
        self._sizes[name] = size
        return size

    def _pieces(self, name: str) -> Pieces | None:
        """The sheet read in pieces, or None when the whole-sheet read is as quick (a
        small sheet, one processor, a large shared-strings table) or is needed (see
        :func:`read_pieces`)."""
        workers = piece_workers()
        if workers < 2:
            return None
        try:
            with zipfile.ZipFile(self.path) as zf:
                part = self._sheet_parts(zf).get(name)
                if part is None:
                    return None
                size = zf.getinfo(part).file_size
                if size < 2 * PIECE_MIN_BYTES:
                    return None
                pieces = read_pieces(self.calamine, zf, part, name, size, workers)
        except Exception:
            return None
        if pieces is not None:
            pieces.reload = lambda: self._pieces(name)
        return pieces

    def _sheet_parts(self, zf: zipfile.ZipFile) -> dict[str, str]:
        if self._parts is None:
            from xml.etree import ElementTree

            self._parts = {}
            ns_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            target = {
                r.get("Id"): r.get("Target", "") for r in rels if r.tag.endswith("Relationship")
            }
            for el in book.iter():
                if el.tag.endswith("}sheet") and el.get("name") is not None:
                    ref = target.get(el.get(f"{{{ns_rel}}}id"))
                    if ref:
                        part = ref.lstrip("/") if ref.startswith("/") else f"xl/{ref}"
                        self._parts[str(el.get("name"))] = str(PurePosixPath(part))
        return self._parts


# -- a large .xlsx sheet, read in pieces at once -------------------------------------------------
#
# python-calamine parses a sheet in one go on one thread (some 0.3 us a cell: 0.55 s for
# 100,000 rows of 17 cells, more than twice the whole CSV import of the same rows).  It
# lets go of the interpreter while it parses, so a large sheet is cut into pieces of
# whole rows (``<row>`` elements, cut after a ``</row>``), each piece handed to
# python-calamine as a workbook of its own (the same workbook part, styles and shared
# strings, and the sheet's own start tags) on a thread of its own.  Each cell is still
# read by python-calamine, with the workbook's number formats, date system and shared
# strings, so a piece's cells are the whole sheet's; the rows keep their numbers (each
# piece's first row must say its number, ``r="..."``).  The pieces are put back together
# as python-calamine's sheet would give them: from the sheet's first column to its last,
# blank rows above and between.  A sheet that holds comments, CDATA or processing
# instructions, whose rows are out of order or without numbers where a piece starts, or
# that a piece fails to read, is read whole instead (and fails there, if it fails).

#: Threads that parse pieces (at most; never more than the processors).
PIECE_WORKERS = 4
#: Bytes of sheet XML a piece holds at the least (some 18,000 cells); a sheet under
#: twice this (1 MB, 35,000 cells: 20 ms to read whole) is read whole.  A sheet is cut
#: into at most PIECE_COUNT pieces.  Small pieces keep the memory low (the XML of a few
#: pieces at a time, besides the cells) at no cost in time: at 100,000 rows of 17
#: cells, 0.6 s and a peak of 115 MB with pieces of 512 KB, 0.6 s and 160 MB with 4 MB.
PIECE_MIN_BYTES = 512 << 10
PIECE_COUNT = 128
#: A piece holds at least this many times the bytes of the members it carries (below):
#: each piece reads them again, shared strings too.
PIECE_CARRIES = 4
#: Members of the workbook each piece carries, besides the sheet (python-calamine reads
#: the workbook part and its relationships, the styles and the shared strings).
_PIECE_TYPES = ("/sharedStrings", "/styles")
_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_ROOT = re.compile(rb"<((?:[\w.-]+:)?worksheet)\b")
_DIMENSION_TAG = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*>")
_INFLATE = 128 << 10


def piece_workers() -> int:
    """Threads a large sheet is parsed on: one per processor, at most PIECE_WORKERS."""
    return min(PIECE_WORKERS, os.cpu_count() or 1)


class _Unusual(Exception):
    """A sheet the pieces cannot read as the whole-sheet read would: read it whole."""


class Pieces:
    """A sheet read in row-range pieces, answering like python-calamine's sheet
    (``start``, ``end``, ``height``, ``width``, ``iter_rows``)."""

    def __init__(self, pieces: list[Any]) -> None:
        self._pieces = [p for p in pieces if p.start is not None]
        if not self._pieces:
            raise _Unusual("no cells")
        last_row = -1
        for p in self._pieces:  # rows in order: each piece after the one before
            if p.start[0] <= last_row:
                raise _Unusual("rows out of order")
            last_row = p.end[0]
        self.start = (self._pieces[0].start[0], min(p.start[1] for p in self._pieces))
        self.end = (last_row, max(p.end[1] for p in self._pieces))
        self.height = self.end[0] - self.start[0] + 1
        self.width = self.end[1] - self.start[1] + 1
        self._spent = False
        #: Reads the sheet in pieces again, for a pass after the last (a second import
        #: of the same plan, as the tests do).
        self.reload: Callable[[], Pieces | None] | None = None

    def last_pass(self) -> None:
        """The rows are read once more, the last time: each piece is let go of once
        its rows are read (the cells of the rows not yet read are all that is held)."""
        self._spent = True

    def iter_rows(self) -> Iterator[list[Any]]:
        """The rows as python-calamine's ``iter_rows`` gives them: from the sheet's row
        0 (the blank rows above the data too), each from the first column to the last."""
        if self._spent:
            again = self.reload() if self.reload is not None else None
            if again is None or (again.start, again.end) != (self.start, self.end):
                raise RuntimeError("the sheet read in pieces could not be read again")
            self._pieces, self._spent = again._pieces, False
        first, last = self.start[1], self.end[1]
        width = last - first + 1
        row = 0
        for index in range(len(self._pieces)):
            piece = self._pieces[index]
            (top, left), (bottom, right) = piece.start, piece.end
            while row < top:
                yield [""] * width
                row += 1
            rows = piece.to_python(skip_empty_area=True)
            if left == first and right == last:
                yield from rows
            else:
                before, after = [""] * (left - first), [""] * (last - right)
                for cells in rows:
                    yield before + cells + after
            del rows
            row = bottom + 1
            if self._spent:
                self._pieces[index] = None
                if index % 8 == 7:
                    _give_back()
            del piece


_TRIM: list[Callable[[int], int] | None] = []


def _give_back() -> None:
    """Hand the memory of the pieces let go of back to the system (glibc keeps what
    the parsing threads freed in their own arenas, where the import's own work does
    not reuse it: 12 MB of the peak at 100,000 rows).  Elsewhere, nothing."""
    if not _TRIM:
        trim = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                trim = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):
                trim = None
        _TRIM.append(trim)
    if _TRIM[0] is not None:
        _TRIM[0](0)


def read_pieces(
    calamine: Any, zf: zipfile.ZipFile, part: str, name: str, size: int, workers: int
) -> Pieces | None:
    """Sheet ``name`` (its XML in member ``part``, ``size`` bytes) read in pieces on
    ``workers`` threads, or None when it is better read whole."""
    from concurrent.futures import Future, ThreadPoolExecutor
    from threading import BoundedSemaphore, Event, Thread
    from xml.etree import ElementTree

    rels_name = "xl/_rels/workbook.xml.rels"
    keep = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", rels_name}
    keep |= {"xl/sharedStrings.xml", "xl/styles.xml"}  # where they are, whatever the rels say
    rels = ElementTree.fromstring(zf.read(rels_name))
    for rel in rels:
        if rel.get("Type", "").endswith(_PIECE_TYPES):
            ref = rel.get("Target", "")
            keep.add(ref.lstrip("/") if ref.startswith("/") else str(PurePosixPath("xl", ref)))
    carry = sorted(keep & set(zf.namelist()))
    carried = sum(zf.getinfo(n).file_size for n in carry)
    count = max(2, min(PIECE_COUNT, size // PIECE_MIN_BYTES))
    count = min(count, size // max(PIECE_CARRIES * carried, 1))  # each piece reads them
    if count < 2:
        return None
    piece_bytes = size // count + 1
    members = {n: zf.read(n) for n in carry}

    def load(xml: list[bytes]) -> Any:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
            for member, data in members.items():
                out.writestr(member, data)
            with out.open(part, "w") as fh:
                for data in xml:
                    fh.write(data)
        xml.clear()  # the piece's XML is now in the buffer only
        buf.seek(0)
        book = calamine.CalamineWorkbook.from_filelike(buf)
        buf.close()  # python-calamine holds its own copy
        try:
            return book.get_sheet_by_name(name)
        finally:
            book.close()

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cx-xlsx-piece")
    room = BoundedSemaphore(workers + 1)  # pieces of XML waiting or being parsed
    stop = Event()  # the read is over (done, failed or interrupted): split no further
    futures: list[Future[Any]] = []
    failed: list[BaseException] = []

    def done(_: Future[Any]) -> None:
        room.release()

    def submit(xml: list[bytes]) -> None:
        while not room.acquire(timeout=0.05):
            if stop.is_set():
                raise _Unusual("stopped")
        if stop.is_set():
            room.release()
            raise _Unusual("stopped")
        future = pool.submit(load, xml)
        future.add_done_callback(done)
        futures.append(future)

    def produce() -> None:
        try:
            _split(zf, part, piece_bytes, submit)
        except BaseException as exc:
            failed.append(exc)

    producer = Thread(target=produce, name="cx-xlsx-split", daemon=True)
    try:
        producer.start()
        _warm_up()  # while the pieces are parsed: the modules the import needs next
        producer.join()
        if failed:
            if isinstance(failed[0], _Unusual):
                return None
            raise failed[0]
        return Pieces([f.result() for f in futures])
    except _Unusual:
        return None
    finally:  # also on Ctrl-C: no piece is parsed after the read
        stop.set()
        for f in futures:
            f.cancel()
        pool.shutdown(wait=True)
        if producer.ident is not None:
            producer.join()


def _split(
    zf: zipfile.ZipFile, part: str, piece_bytes: int, submit: Callable[[list[bytes]], None]
) -> None:
    """Inflate the sheet's XML and hand on pieces of whole rows, each with the sheet's
    start tags before it and its end tags after it."""
    with zf.open(part) as fh:
        data = fh.read(_INFLATE)
        head_match = None
        while True:
            head_match = _SHEET_DATA.search(data)
            if head_match is not None or len(data) > 4 * _INFLATE:
                break
            more = fh.read(_INFLATE)
            if not more:
                break
            data += more
        root = _ROOT.search(data)
        if head_match is None or root is None or head_match.group(2):
            raise _Unusual("no sheetData")
        if root.start() > head_match.start():
            raise _Unusual("no sheetData")
        prefix = head_match.group(1)
        head = _DIMENSION_TAG.sub(b"", data[: head_match.end()])
        if b"<!" in head[head.find(b">", root.start()) :]:  # a comment or CDATA
            raise _Unusual("markup declarations")
        tail = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
        row_end = b"</" + prefix + b"row>"
        data_end = b"</" + prefix + b"sheetData>"
        row_start = re.compile(rb"\s*<" + re.escape(prefix) + rb"row\b[^>]*?\sr\s*=")
        chunk = data[head_match.end() :]
        del data
        pieces: list[bytes] = []  # the XML of the piece being gathered
        held = 0
        first = True
        ended = False  # </sheetData> seen: the rest goes to the last piece
        before = b""  # the bytes before this chunk, for marks across two chunks
        while True:
            if _markup(before[-1:], chunk):
                raise _Unusual("comments, CDATA or processing instructions")
            ended = ended or data_end in chunk or data_end in before + chunk[: len(data_end)]
            more = fh.read(_INFLATE)
            # the last piece ends at </sheetData>; the others after a </row>
            cut = -1
            if more and not ended and held + len(chunk) >= piece_bytes:
                cut = chunk.rfind(row_end)
            if cut < 0:
                pieces.append(chunk)
                held += len(chunk)
            else:
                cut += len(row_end)
                pieces.append(chunk[:cut])
                if not first and row_start.match(_opening(pieces)) is None:
                    raise _Unusual("a piece starts without its row number")
                submit([head, *pieces, tail])
                first = False
                pieces, held = [chunk[cut:]], len(chunk) - cut
            if not more:
                break
            before = chunk[-len(data_end) :]
            chunk = more
        rows = b"".join(pieces)
        end = rows.find(data_end)
        if end < 0:
            raise _Unusual("no end of sheetData")
        rows = rows[:end]
        if not rows.strip():
            return
        if not first and row_start.match(rows) is None:
            raise _Unusual("a piece starts without its row number")
        submit([head, rows, tail])


def _markup(before: bytes, chunk: bytes) -> bool:
    """Whether a chunk of the rows holds ``<!`` (a comment or CDATA, in which a
    ``</row>`` is no end of a row) or ``<?``; a chunk without ``!`` and ``?`` is
    passed at memchr speed."""
    for mark in (b"!", b"?"):
        if mark in chunk and (b"<" + mark in chunk or (before == b"<" and chunk[:1] == mark)):
            return True
    return False


def _opening(pieces: list[bytes], size: int = 4096) -> bytes:
    """The first ``size`` bytes of a piece's XML."""
    out = b""
    for data in pieces:
        out += data[: size - len(out)]
        if len(out) >= size:
            break
    return out


def _warm_up() -> None:
    """Load the modules an import reads the sheet with next (numpy, which the engine
    counts with, and the layout, with its vocabulary), while the threads parse."""
    try:
        import numpy  # noqa: F401

        import cx_pillars.survey.layout  # noqa: F401
    except Exception:  # pragma: no cover - they fail again, and say why, where used
        pass


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@contextmanager
def open_book(path: Path, kind: str, label: str) -> Iterator[Book]:
    book = Book(path, kind, label)
    try:
        yield book
    finally:
        book.close()


# -- which sheet, and errors that name it ------------------------------------------------------


def sheet_label(label: str, sheet: str) -> str:
    return f"{label}{SEP}{sheet}"


def relabel(exc: CxError, paths: tuple[object, ...], where: str) -> CxError:
    """Make an error raised while reading a sheet name ``file › sheet`` and the row."""
    if exc.path is not None and (exc.path in paths or str(exc.path) in map(str, paths)):
        exc.path = where
        if exc.line is not None:
            exc.message = tr("survey.workbook.at_row", row=exc.line, message=exc.message)
            exc.line = None
    return exc


@dataclass
class Chosen:
    """The sheet read, its source and plan, and why it was chosen."""

    sheet: Sheet
    source: Source
    plan: Plan
    sheets: list[str]  # every sheet of the workbook, in order
    given: bool  # chosen by --sheet


def _source(book: Book, sheet: Sheet) -> Source:
    from cx_pillars.survey.read import Source

    return Source(
        path=book.path,
        kind="csv",
        encoding="utf-8",
        detected_encoding=False,
        detected_delimiter=False,
        sheet=sheet,
    )


def _no_rows(exc: CxError) -> bool:
    """The reader's error for a sheet of blank cells only."""
    return isinstance(exc.message, Message) and exc.message.key == "survey.error.no_rows"


def choose(book: Book, wanted: str | None, plan: Callable[[Source], Plan]) -> Chosen:
    """The sheet to import and its plan: ``wanted`` (``--sheet``), else the sheet that
    plans (holds a recognisable ranking) with the most rows."""
    paths = (book.path, str(book.path))
    if wanted is not None:
        name = book.find(wanted)
        sheet = book.load(name)
        source = _source(book, sheet)
        try:
            return Chosen(sheet, source, plan(source), book.names, True)
        except CxError as exc:
            raise relabel(exc, paths, sheet_label(book.label, name)) from None
    order = [n for n in book.worksheets if n in book.visible]
    order += [n for n in book.worksheets if n not in book.visible]
    best: Chosen | None = None
    failed: tuple[int, CxError] | None = None  # the largest sheet's error
    for name in order:
        rows = book.declared_rows(name)
        if best is not None and rows is not None and rows <= best.sheet.height:
            continue  # cannot win (fewer rows than a sheet that plans): not even read
        sheet = book.load(name)
        if sheet.height == 0 or sheet.width == 0:
            continue
        if best is not None and sheet.height <= best.sheet.height:
            continue
        source = _source(book, sheet)
        try:
            best = Chosen(sheet, source, plan(source), book.names, False)
        except CxError as exc:
            if _no_rows(exc):
                continue
            cells = sheet.height * sheet.width
            if failed is None or cells > failed[0]:
                failed = (cells, relabel(exc, paths, sheet_label(book.label, name)))
    if best is not None:
        return best
    if failed is not None:
        raise failed[1]
    raise CxError(
        tr("survey.workbook.no_data", sheets=book.sheet_list() or "-"),
        path=book.label,
        hint=tr("survey.workbook.no_data_hint"),
    )


def sheet_note(chosen: Chosen) -> Message | None:
    """Why this sheet, when the workbook has several: for the import screen."""
    if len(chosen.sheets) < 2:
        return None
    key = "survey.workbook.sheet_given" if chosen.given else "survey.workbook.sheet_found"
    others = ", ".join(f"'{n}'" for n in chosen.sheets if n != chosen.sheet.name)
    return tr(
        key,
        sheet=chosen.sheet.name,
        number=chosen.sheet.number,
        count=len(chosen.sheets),
        others=others,
    )
