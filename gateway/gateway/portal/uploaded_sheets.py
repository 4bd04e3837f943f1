"""Reading an uploaded spreadsheet (xlsx or csv) into rows, safely: size, rows, cells, time and
the unpacked size of an xlsx are limited, formulas are refused (an import takes values only), and
so is XML with entity declarations (billion laughs, XXE: openpyxl parses through defusedxml)."""
import csv
import io
import re
import time
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from flask_babel import format_decimal
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_FILE_BYTES = 5 * 1024 * 1024
# An xlsx is a zip: refuse one that unpacks to far more than a spreadsheet of this size could
# hold (a zip bomb) before openpyxl reads it into memory.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Parsing costs per cell, not per byte: a 45 kB sheet of 2,000 rows × 697 cells took 7 s. The
# largest import (10,000 order lines) needs a few columns; refuse far wider sheets, from their
# stated size before reading and by counting while reading (the stated size may lie).
MAX_CELLS = 200_000
# However the file is made, reading it stops after this long.
MAX_SECONDS = 10.0
UNREADABLE = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError)


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in the user's language."""


def read_rows(filename: str, data: bytes, max_rows: int) -> list[list]:
    """The file's rows, header first, numbered as the spreadsheet numbers them."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(_("The file is larger than %(size)s MB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data, max_rows)
    elif name.endswith(".csv"):
        rows = _csv_rows(data, max_rows)
    else:
        raise ImportRefused(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if not rows:
        raise ImportRefused(_("The file is empty."))
    return rows


def _too_many_rows(max_rows: int) -> ImportRefused:
    return ImportRefused(_("The file has more than %(count)s rows; split it into smaller files.", count=format_decimal(max_rows)))


class _Budget:
    """Rows, cells and seconds a file may cost; `take(row)` refuses once it is spent."""

    def __init__(self, max_rows: int):
        self.max_rows, self.rows, self.cells = max_rows, 0, 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def take(self, cells: int) -> None:
        self.rows, self.cells = self.rows + 1, self.cells + cells
        if self.rows > self.max_rows + 1:  # the header row comes free
            raise _too_many_rows(self.max_rows)
        if self.cells > MAX_CELLS:
            raise _too_many_cells()
        if time.monotonic() > self.deadline:
            raise ImportRefused(_("Reading this file takes too long; split it into smaller files or remove unused columns."))


def _too_many_cells() -> ImportRefused:
    return ImportRefused(_("The file has more than %(count)s cells; remove unused columns or split it.",
                           count=format_decimal(MAX_CELLS)))


def _xlsx_rows(data: bytes, max_rows: int) -> list[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportRefused(_("This Excel file unpacks to more than %(size)s MB; it cannot be imported.",
                                      size=MAX_UNPACKED_BYTES // (1024 * 1024)))
            if _cells_in_sheets(archive) > MAX_CELLS:
                raise _too_many_cells()
    except (zipfile.BadZipFile, OSError, zlib.error, NotImplementedError):  # a member that does not unpack
        raise ImportRefused(_("This is not an Excel file that can be read.")) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (DefusedXmlException, *UNREADABLE) as error:
        raise _unreadable(error) from None
    try:
        return _sheet_rows(workbook.worksheets[0], _Budget(max_rows))
    except (DefusedXmlException, *UNREADABLE) as error:
        raise _unreadable(error) from None
    finally:
        workbook.close()


def _unreadable(error: BaseException) -> ImportRefused:
    """openpyxl wraps what the XML parser refused in a ValueError: say which it was."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return ImportRefused(_("This Excel file holds XML entity declarations, which an import does not accept."))
        error = error.__cause__ or error.__context__
    return ImportRefused(_("This is not an Excel file that can be read."))


CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")


def _cells_in_sheets(archive: zipfile.ZipFile) -> int:
    """The cells the worksheets hold, counted in their bytes without parsing: openpyxl reads a
    whole sheet that does not state its size just to open the workbook (seconds for a wide one).
    Parts in UTF-16 (which Excel never writes) would hide their tags: they count as too many."""
    cells = 0
    for member in archive.infolist():
        if not member.filename.startswith("xl/worksheets/"):
            continue
        with archive.open(member) as part:
            tail = b""
            while chunk := part.read(1 << 20):
                if not tail and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                    return MAX_CELLS + 1
                cells += len(CELL_TAG.findall(tail + chunk)) - len(CELL_TAG.findall(tail))
                tail = chunk[-64:]
    return cells


def _sheet_rows(sheet, budget: _Budget) -> list[list]:
    # The sheet's own dimension: refuse before reading.
    if (sheet.max_row or 0) > budget.max_rows + 1:
        raise _too_many_rows(budget.max_rows)
    if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
        raise _too_many_cells()
    rows = []
    for row in sheet.iter_rows():
        budget.take(len(row))
        for cell in row:
            if cell.data_type == "f":
                raise ImportRefused(_("Cell %(cell)s holds a formula. Import values only (paste as values).",
                                      cell=cell.coordinate))
        rows.append([cell.value for cell in row])
    return rows


def _csv_rows(data: bytes, max_rows: int) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Excel writes on Dutch Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows, budget = [], _Budget(max_rows)
    for row in csv.reader(io.StringIO(text), dialect):
        budget.take(len(row))
        rows.append(row)
    return rows


def header_key(header) -> str:
    """A header as compared: lower case, without spaces or punctuation."""
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())
