"""Turning a report into what was asked for: JSON data, a printable A4 page or a file.

The printable pages are plain HTML linking one print stylesheet, with no scripts and
no inline styles; a strict Content-Security-Policy says so and lets the office
console show them in a frame of its own origin.
"""

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

from flask import Response, render_template, send_file, stream_with_context

from server.reports.labels import percent
from server.reports.settings import setting
from server.services.clock import local_today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# No scripts, no inline styles: the stylesheet is a same-origin file, so the page also
# renders inside the office console (an iframe under the console's own policy).
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
STYLESHEET = Path(__file__).resolve().parents[1] / "templates" / "reports" / "print.css"


def cn_date(day: date | None) -> str:
    """2026-11-27 -> 2026年11月27日."""
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def page(template: str, report: dict) -> Response:
    """The report as a printable A4 page."""
    html = render_template(f"reports/{template}.html", r=report, percent=percent,
                           cn_date=cn_date, issuer=setting("REPORT_ISSUER"),
                           today=local_today())
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PAGE_CSP
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    return resp


def stylesheet() -> Response:
    """The print stylesheet of the pages (public, cacheable)."""
    resp = send_file(STYLESHEET, mimetype="text/css", max_age=3600)
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


def xlsx(fileobj, filename: str) -> Response:
    """A workbook as a download."""
    resp = send_file(fileobj, mimetype=XLSX, as_attachment=True, download_name=filename)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def csv(chunks: Iterator[bytes], filename: str) -> Response:
    """A streamed CSV download (UTF-8 with BOM)."""
    resp = Response(stream_with_context(chunks), mimetype="text/csv")
    resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    resp.headers["Content-Disposition"] = _disposition(filename)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def respond(report: dict, fmt: str, template: str, workbook: Callable[[dict], object],
            filename: str):
    """JSON data (for the schema to dump), the A4 page, or the XLSX workbook."""
    if fmt == "html":
        return page(template, report)
    if fmt == "xlsx":
        return xlsx(workbook(report), filename)
    return report
