"""Reading an uploaded spreadsheet (xlsx or csv) into rows, safely: size, row count and the
unpacked size of an xlsx are limited, and formulas are refused (an import takes values only)."""
import csv
import io
import re
import zipfile

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_FILE_BYTES = 5 * 1024 * 1024
# An xlsx is a zip: refuse one that unpacks to far more than a spreadsheet of this size could
# hold (a zip bomb) before openpyxl reads it into memory.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


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
    return ImportRefused(_("The file has more than %(count)s rows; split it into smaller files.", count=max_rows))


def _xlsx_rows(data: bytes, max_rows: int) -> list[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused(_("This is not an Excel file that can be read.")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(_("This Excel file unpacks to more than %(size)s MB; it cannot be imported.",
                              size=MAX_UNPACKED_BYTES // (1024 * 1024)))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(_("This is not an Excel file that can be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > max_rows + 1:  # the sheet's own dimension: refuse before reading
            raise _too_many_rows(max_rows)
        rows = []
        for row in sheet.iter_rows():
            if len(rows) > max_rows:
                raise _too_many_rows(max_rows)
            for cell in row:
                if cell.data_type == "f":
                    raise ImportRefused(_("Cell %(cell)s holds a formula. Import values only (paste as values).",
                                          cell=cell.coordinate))
            rows.append([cell.value for cell in row])
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes, max_rows: int) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Excel writes on Dutch Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        if len(rows) > max_rows:
            raise _too_many_rows(max_rows)
        rows.append(row)
    return rows


def header_key(header) -> str:
    """A header as compared: lower case, without spaces or punctuation."""
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())
