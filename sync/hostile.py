"""Input no honest client sends, found before it reaches a schema or a database.

A phone sends small, flat JSON with finite numbers and well-formed text. An attacker (or a
broken client) sends 10,000-level nesting, 5,000-digit integers, lone surrogates and NUL
characters; each of those once became a 5xx somewhere downstream (the JSON decoder's
recursion, Python's integer-string limit, UTF-8 encoding of an answer, PostgreSQL's text
type). This module holds the one definition of what is refused, as pure functions:
`loads` parses JSON with bounded depth and marks out-of-range integers instead of
converting them, `problem` names the first hostile value in a parsed document, and `scrub`
makes any value safe to store and to send back in an error's details.
"""

import json
import math
import re
from datetime import date, datetime

MAX_DEPTH = 32                       # no request of the contract nests deeper than 5
INT_MIN, INT_MAX = -(2**63), 2**63 - 1   # what a database integer column can hold
INT32_MAX = 2**31 - 1                    # ids of users, units and areas (32-bit columns)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999  # dates outside these are typing errors or attacks
_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")


class OutOfRange:
    """A number no column holds (an integer beyond 64 bits, an overflowing or non-finite
    float, NaN), kept as its text instead of converted.

    Every schema field refuses it (it is neither int, float nor str), so a mutation with
    one is rejected alone while the rest of its push is applied.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: str):
        self.digits = digits

    def __repr__(self) -> str:
        return f"OutOfRange({self.digits[:24]!r}, {len(self.digits)} chars)"


class HostileJson(ValueError):
    """The body is not JSON this server reads (too deep, or not JSON at all)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _parse_int(digits: str):
    """An int within database range, else an OutOfRange marker (never a huge int)."""
    if len(digits.lstrip("-")) > 19:
        return OutOfRange(digits)
    value = int(digits)
    return value if INT_MIN <= value <= INT_MAX else OutOfRange(digits)


def _parse_float(text: str):
    """A finite float, else an OutOfRange marker (1e999 would be infinity)."""
    value = float(text)
    return value if math.isfinite(value) else OutOfRange(text)


def loads(text: str | bytes):
    """Parse JSON with bounded nesting; numbers no column holds become OutOfRange."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                           parse_constant=OutOfRange)
    except RecursionError:
        raise HostileJson("too_deep") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise HostileJson("not_json") from exc
    if depth_exceeds(value, MAX_DEPTH):
        raise HostileJson("too_deep")
    return value


def depth_exceeds(value, limit: int) -> bool:
    """True if lists and objects nest more than `limit` levels deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False


def bad_text(value: str) -> str | None:
    """Why a string may not be stored: a NUL or a lone surrogate; None if it is fine."""
    m = _BAD_CHARS.search(value)
    if m is None:
        return None
    return "nul_character" if m.group() == "\x00" else "lone_surrogate"


def _bad_scalar(value) -> str | None:
    """Why one scalar is refused, or None."""
    if isinstance(value, str):
        return bad_text(value)
    if isinstance(value, OutOfRange) or (isinstance(value, int) and not isinstance(value, bool)
                                         and not INT_MIN <= value <= INT_MAX):
        return "number_out_of_range"
    if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return "date_out_of_range"
    if isinstance(value, datetime) and value.utcoffset():
        try:
            value - value.utcoffset()   # its UTC time must exist
        except OverflowError:
            return "date_out_of_range"
    return None


def problem(value, skip: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The first hostile value in a parsed document as (path, reason), or None.

    Keys are checked like values. Top-level keys in `skip` are not looked into (the push's
    mutations, which are checked one by one so that one bad mutation is refused alone).
    """
    stack = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                where = f"{path}.{key}" if path else str(key)
                reason = _bad_scalar(key) if isinstance(key, str) else None
                if reason:
                    return scrub(where), reason
                if not (path == "" and key in skip):
                    stack.append((child, where))
        elif isinstance(node, list | tuple):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(node))
        else:
            reason = _bad_scalar(node)
            if reason:
                return scrub(path), reason
    return None


def scrub(value):
    """A copy safe to store as JSON and to send: bad characters become U+FFFD, markers
    text, deep nesting cut (used for error details, which may quote what was sent)."""
    if depth_exceeds(value, MAX_DEPTH):
        return "<nested too deep>"
    return _scrubbed(value)


def _scrubbed(value):
    """scrub() of a value known to nest within MAX_DEPTH."""
    if isinstance(value, str):
        return _BAD_CHARS.sub("\ufffd", value)
    if isinstance(value, OutOfRange):
        return "<number out of range>"
    if isinstance(value, dict):
        return {_scrubbed(k) if isinstance(k, str) else str(k): _scrubbed(v)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(v) for v in value]
    return value
