"""Turning a report into what was asked for: JSON data, a printable A4 page or a file.

The printable pages are self-contained HTML: the print stylesheet is inlined, so a
page saved to disk prints as it did from the server. They carry no scripts; a strict
Content-Security-Policy allows exactly the inlined stylesheets (by hash), and the
office console, which shows the pages in a frame of its own, allows the same hashes.
"""

import base64
import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

from flask import Response, render_template, send_file, stream_with_context
from markupsafe import Markup

from server.reports.labels import percent
from server.reports.settings import setting
from server.services.clock import local_today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "reports"
STYLESHEET = _TEMPLATES / "print.css"
# The stylesheet of each page layout: A4 portrait, or landscape for wide reports.
STYLES = {"portrait": STYLESHEET.read_text(encoding="utf-8")}
STYLES["landscape"] = STYLES["portrait"] + (_TEMPLATES / "landscape.css").read_text(
    encoding="utf-8")
LAYOUTS = {"ranking": "landscape", "projects": "landscape"}


def _hash_source(css: str) -> str:
    """The CSP source allowing one inline stylesheet."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# Every inline stylesheet a printable page may hold, for the page's and the console's CSP.
STYLE_SOURCES = " ".join(_hash_source(css) for css in STYLES.values())
PAGE_CSP = (f"default-src 'none'; style-src {STYLE_SOURCES}; img-src 'self' data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def cn_date(day: date | None) -> str:
    """2026-11-27 -> 2026年11月27日."""
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def page(template: str, report: dict) -> Response:
    """The report as a printable A4 page with its stylesheet inlined."""
    css = Markup(STYLES[LAYOUTS.get(template, "portrait")])
    html = render_template(f"reports/{template}.html", r=report, percent=percent,
                           cn_date=cn_date, issuer=setting("REPORT_ISSUER"),
                           today=local_today(), css=css)
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PAGE_CSP
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    return resp


def stylesheet() -> Response:
    """The print stylesheet alone (public, cacheable), for pages saved before inlining."""
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
