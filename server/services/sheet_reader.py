"""Reading an uploaded spreadsheet that may be hostile: XLSX or CSV into rows of cells.

An office uploads what Excel or WPS saved: XLSX, or CSV in UTF-8 (with or without a
BOM), GB18030 (Excel's "CSV" on a Chinese Windows) or UTF-16 ("Unicode 文本", tab
separated). Anyone with an office login could also send a file made to hurt: not a
zip, a zip bomb, XML with entity expansion, formulas, megabytes in one cell. Every such
file is refused here with a 4xx in the shared error shape and a message the office can
act on, before any row is read into the database. Rows keep the sheet's own numbers
(blank rows are dropped but counted), so errors point at the row the office sees.
"""

import codecs
import csv
import io
import zipfile

from openpyxl import load_workbook

from server.errors import ApiError
from sync import project_cells

MAX_BYTES = 5 * 1024 * 1024        # the file as uploaded
MAX_UNZIPPED = 64 * 1024 * 1024    # an XLSX's parts, as their zip declares them
MAX_PARTS = 500
MAX_COLUMNS = 60
_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (OLE compound file)
_SCAN = 4096  # bytes at the start of an XML part where a DTD would be
_RESAVE = "请用 Excel 或 WPS 另存为 XLSX 后导入"
MESSAGES = {
    "empty": "文件是空的，请选择填好的表格",
    "zip_too_large": "文件解压后过大，不是正常的表格，" + _RESAVE,
    "dtd": "表格文件内容异常，" + _RESAVE,
    "not_xlsx": "文件已损坏或不是 XLSX 表格，" + _RESAVE,
    "encoding": "无法识别 CSV 文件的编码，请另存为“CSV UTF-8”或 XLSX 后导入",
    "not_csv": "CSV 文件格式有误（可能有过长的单元格），" + _RESAVE,
}


def _bad(reason: str, message: str | None = None, **details) -> ApiError:
    """A 422 bad_sheet naming why, with a message for the office."""
    return ApiError("bad_sheet", {"reason": reason, **details}, message or MESSAGES[reason])


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused when empty or over MAX_BYTES (413)."""
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ApiError("too_large", {"max_bytes": MAX_BYTES},
                       f"文件过大，不能超过{MAX_BYTES // (1024 * 1024)}MB，请分批导入")
    if not data.strip():
        raise _bad("empty")
    return data


def read_rows(data: bytes, max_rows: int, headroom: int = 0) -> list[tuple[int, list]]:
    """The non-blank rows of the first sheet as (row number, cells): at most max_rows of
    data below up to `headroom` rows of title and header (else too_many)."""
    limit = max_rows + headroom
    if data.startswith(_XLS):
        raise ApiError("unsupported_media", {"reason": "xls"},
                       "不支持 Excel 97-2003（.xls）格式，请另存为 .xlsx 或 CSV 后导入")
    try:
        if data.startswith(b"PK"):
            return _xlsx_rows(data, limit)
        return _csv_rows(data, limit)
    except _TooMany:
        raise too_many(max_rows) from None


def _check_zip(data: bytes) -> None:
    """Refuse what is not a plain XLSX: a broken zip, one that unpacks too large, parts
    with a DTD (entity expansion; no XLSX has one), encrypted or unknown compression."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNZIPPED:
                raise _bad("zip_too_large")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with zf.open(part) as f:
                        head = f.read(_SCAN)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _bad("dtd")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
            OSError, EOFError, ValueError) as exc:
        raise _bad("not_xlsx") from exc


def _xlsx_rows(data: bytes, limit: int) -> list[tuple[int, list]]:
    """The first worksheet's rows; a sheet holding formulas is refused with their cells."""
    _check_zip(data)
    rows, formulas = [], []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            if not wb.worksheets:  # a workbook part that names no sheet: broken
                raise _bad("not_xlsx")
            for number, row in enumerate(wb.worksheets[0].iter_rows(max_col=MAX_COLUMNS), 1):
                formulas += [c.coordinate for c in row if c.data_type == "f"]
                values = [c.value.strip() if isinstance(c.value, str) else c.value for c in row]
                if any(not project_cells.is_blank(v) for v in values):
                    rows.append((number, values))
                    if len(rows) > limit:
                        raise _TooMany
        finally:
            wb.close()
    except (ApiError, _TooMany):
        raise
    except Exception as exc:  # whatever a broken part makes openpyxl raise: the file's fault
        raise _bad("not_xlsx") from exc
    if formulas:
        raise _bad("formulas", f"表格中有公式（{'、'.join(formulas[:5])}），请将这些单元格复制后"
                   "用“选择性粘贴—数值”粘贴回原处，再重新导入", cells=formulas[:50])
    return rows


class _TooMany(Exception):
    """More non-blank rows than the reader was asked to read."""


def too_many(max_rows: int) -> ApiError:
    """A sheet with more data rows than one import takes."""
    return _bad("too_many_rows", f"一次最多导入{max_rows}行，请把表格分成几份后分批导入",
                max_rows=max_rows)


def _decode(data: bytes) -> str:
    """CSV text in UTF-8 (BOM or not), UTF-16 with a BOM, or GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif b"\x00" in data:
        raise ApiError("unsupported_media", {"reason": "binary"},
                       "无法识别的文件，请上传 XLSX 或 CSV 表格")
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _bad("encoding")


def _csv_rows(data: bytes, limit: int) -> list[tuple[int, list]]:
    """The CSV's records (comma or tab separated), formula guards of an export undone."""
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            values = [project_cells.unguard(c.strip()).strip() for c in record[:MAX_COLUMNS]]
            if any(values):
                rows.append((number, values))
                if len(rows) > limit:
                    raise _TooMany
    except csv.Error as exc:  # a field over the csv module's limit, among others
        raise _bad("not_csv") from exc
    return rows
