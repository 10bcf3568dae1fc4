"""The forms a cell of an office's project sheet takes, read and written (issue 17).

An office's 民生实事台账 is typed by hand in Excel or WPS: dates as Excel dates or as
2026-03-01, 2026/3/1, 2026年3月1日, 2026.3.1; money in 万元 with thousands separators or a
trailing 万元; batches as 第一批 or 1; full-width digits and brackets from a Chinese input
method. Each reader here takes one cell (text, or the number or date a workbook holds)
and returns the value, or raises CellError with a stable code and the Chinese message
the office sees. Pure functions, no Flask; the row logic is in sync/project_rows.py.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sync.hostile import EARLIEST_YEAR, LATEST_YEAR

# A text a spreadsheet would run as a formula when the file is opened (CSV has no types).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug)
_MAX_SERIAL = (date(LATEST_YEAR, 12, 31) - _EXCEL_EPOCH).days
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MAX_DIGITS = 14  # ten billion 万元 has 11; beyond 14 a Decimal would lose the cents
_DIGITS = "零一二三四五六七八九"
DATE_HINT = "请写成 2026-03-01、2026/3/1 或 2026年3月1日"
BATCH_HINT = "批次应填写第一批、第二批、第三批或 1、2、3"


class CellError(ValueError):
    """A cell that cannot be read: a stable code and the message for the office."""

    def __init__(self, code: str, message: str):
        super().__init__(code)
        self.code = code
        self.message = message


def squeeze(text: str) -> str:
    """Text in one width with no white space: full-width letters, digits and brackets
    become half-width (NFKC), spaces and line breaks go."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_blank(value) -> bool:
    """An empty cell (None, or only white space)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _is_number(value) -> bool:
    """A number a workbook holds (not a bool, which is an int in Python)."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def read_date(value) -> date:
    """A date from an Excel date, an Excel serial number or one of the written forms."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise CellError("invalid_date", f"日期超出范围，{DATE_HINT}")
        return value
    if _is_number(value):
        if value != value or not 1 <= value <= _MAX_SERIAL:  # NaN, or no date at all
            raise CellError("invalid_date", f"日期无法识别，{DATE_HINT}")
        return read_date(_EXCEL_EPOCH + timedelta(days=int(value)))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if m is None:
        if re.fullmatch(r"\d{5}", text):  # a serial a CSV kept from a number-formatted cell
            return read_date(int(text))
        raise CellError("invalid_date", f"日期无法识别，{DATE_HINT}")
    try:
        day = date(*(int(g) for g in m.groups()))
    except ValueError:
        raise CellError("invalid_date", f"日期不存在（如2月30日），{DATE_HINT}") from None
    return read_date(day)


def read_number(value, unit: str = "万元") -> str:
    """A non-negative amount as a plain decimal string ("40575.06"): separators, spaces and
    a trailing unit are dropped. The schema decides the range and the rounding."""
    if _is_number(value):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("invalid_number", f"应填写数字（单位：{unit}）")
        value = format(Decimal(str(value)), "f")
    text = squeeze(str(value)).replace(",", "")
    text = re.sub(r"(万元|万|元)$", "", text) if unit == "万元" else text.rstrip("%")
    if text.startswith("-") and _NUMBER.fullmatch(text[1:]):
        raise CellError("negative", "不能为负数")
    if not _NUMBER.fullmatch(text):
        raise CellError("invalid_number", f"应填写数字（单位：{unit}），如 760 或 40575.06")
    whole, _, cents = text.partition(".")
    if len(whole.lstrip("0")) > _MAX_DIGITS or len(cents) > _MAX_DIGITS:
        raise CellError("out_of_range", "数额过大或小数位过多，请核对")
    return text


def read_percent(value) -> int:
    """A percent complete as a whole number: 35, "35", "35%", 35.0; 0.35 from a cell
    formatted as a percentage is read as 35."""
    if _is_number(value) and 0 < value < 1:
        value = value * 100
    text = read_number(value, unit="%")
    return int(Decimal(text).to_integral_value(rounding=ROUND_HALF_UP))


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (1 to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def _from_chinese(text: str) -> int | None:
    """The inverse of chinese_number (两 for 二 as well), or None."""
    text = text.replace("两", "二")
    if not text or any(c not in _DIGITS[1:] + "十" for c in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def read_batch(value) -> int:
    """第一批, 第1批, 一, 1, 1.0 -> 1; the schema decides the range."""
    if _is_number(value):
        if value != value or value in (float("inf"), float("-inf")) or value % 1:
            raise CellError("invalid_batch", BATCH_HINT)
        return int(value)
    text = squeeze(str(value))
    text = re.sub(r"^第", "", re.sub(r"(批次|批)$", "", text))
    number = int(text) if re.fullmatch(r"\d{1,3}", text) else _from_chinese(text)
    if number is None:
        raise CellError("invalid_batch", BATCH_HINT)
    return number


def batch_word(n: int) -> str:
    """How an office writes a batch: 第一批."""
    return f"第{chinese_number(n)}批" if 1 <= n <= 99 else str(n)


def needs_guard(text: str) -> bool:
    """Whether a text written to CSV would run as a formula (or, after an apostrophe the
    reader removes, still look like one)."""
    return text.lstrip("'")[:1] in FORMULA_START


def guard(text: str) -> str:
    """A text as written to CSV: a leading apostrophe keeps a spreadsheet from running it."""
    return "'" + text if needs_guard(text) else text


def unguard(text: str) -> str:
    """The inverse of guard, for a CSV cell."""
    return text[1:] if text.startswith("'") and needs_guard(text[1:]) else text
