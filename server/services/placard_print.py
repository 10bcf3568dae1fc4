"""What every 公示牌 shares (an item's and a project's): one A4 sheet in the government
style, the texts fitted to their boxes, the QR code of the public page, the supervision
phone, and the two ways it prints — the page for the browser and WeasyPrint's PDF of the
very same page.

Fitting: each free text is fitted to its box by stepping its font size down (FIT_* in the
placard modules; the sizes are placard.css's .fit-*), and past the last step it is cut
with an ellipsis; every box also has a height it cannot pass. The page is
self-contained (stylesheet inlined, allowed by its hash; the QR an inline SVG), and the
PDF fetches nothing.
"""

import base64
import hashlib
from pathlib import Path

import segno
from flask import Response, render_template
from markupsafe import Markup
from PIL import ImageFile

from server.errors import ApiError
from server.reports.output import cn_date
from server.reports.settings import setting
from server.services.clock import local_today

CSS = (Path(__file__).resolve().parents[1] / "templates" / "placard.css").read_text(
    encoding="utf-8")
_CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode()
STYLE_SOURCE = f"'sha256-{_CSS_HASH}'"  # also allowed in the console, which frames the page
CSP = (f"default-src 'none'; style-src {STYLE_SOURCE}; img-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")

SHORT_MAX = 56  # two lines of a one-line field (place, unit) across the table
ELLIPSIS = "……"
MORE_ONLINE = "（全文请扫码查看）"
NOT_GIVEN = "—"


def fit(text: str, steps: tuple, more: str = "") -> dict:
    """The text at the largest size its length allows; past the last, cut with an
    ellipsis (and `more`, what to do for the rest) to the last step's length."""
    text = " ".join(text.split())
    for limit, size in steps:
        if len(text) <= limit:
            return {"text": text, "size": size, "cut": False}
    limit, size = steps[-1]
    keep = limit - len(ELLIPSIS) - len(more)
    return {"text": text[:keep] + ELLIPSIS + more, "size": size, "cut": True}


def clip(text: str | None, limit: int = SHORT_MAX) -> str:
    """A short field, cut with an ellipsis when longer than `limit`; a dash when empty."""
    text = " ".join((text or "").split())
    if not text:
        return NOT_GIVEN
    return text if len(text) <= limit else text[:limit - 1] + "…"


def base_url() -> tuple[str, str | None]:
    """("ok", the public site's address without a trailing slash), ("unset", None), or
    ("invalid", None) for an address that is not http(s): never a wrong QR code."""
    raw = (setting("PUBLIC_BASE_URL") or "").strip().rstrip("/")
    if not raw:
        return "unset", None
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or " " in raw:
        return "invalid", None
    return "ok", raw


def page_url(kind: str, record_id: int) -> str | None:
    """The public page of an item or a project (`kind`: "item" or "project"), the address
    the public PWA reads (/public/?item=7, /public/?project=3); None when the public
    site's address is not usable."""
    state, base = base_url()
    return f"{base}/public/?{kind}={int(record_id)}" if state == "ok" else None


def qr_svg(url: str) -> Markup:
    """The address as a QR code (quartile error correction, 4-module quiet zone), as an
    inline SVG sized by the stylesheet."""
    code = segno.make(url, error="q", micro=False)
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr",
                                  lineclass=None, title=None))


def band(url: str | None) -> dict:
    """The sheet's foot: QR code (or why there is none), the supervision phone, the issuer
    and today's date."""
    phone = (setting("SUPERVISION_PHONE") or "").strip()
    return {"issuer": setting("REPORT_ISSUER"), "url": url, "base_url_state": base_url()[0],
            "qr": qr_svg(url) if url else None, "phone": clip(phone, 40) if phone else None,
            "today": cn_date(local_today())}


def page(template: str, data: dict) -> str:
    """A placard as a self-contained HTML page."""
    return render_template(template, p=data, css=Markup(CSS))


def pdf(html: str) -> bytes:
    """The same page as an A4 PDF (WeasyPrint, which may fetch nothing); 422
    pdf_unavailable on a machine without pango (the page still prints from the browser)."""
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        from weasyprint import HTML, URLFetcher  # pango is loaded only when a PDF is asked for
    except (OSError, ImportError) as exc:  # OSError: WeasyPrint found no pango
        raise ApiError("pdf_unavailable", {"reason": str(exc)[:200]}) from None
    finally:
        # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, which would
        # make the photo pipeline take cut-short uploads as whole (server.photos.imaging);
        # the placard loads no raster image, so the flag goes back as it was
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def respond(html: str, fmt: str, filename: str) -> Response:
    """A placard as the page (with its CSP) or as an inline PDF; never cached."""
    if fmt == "pdf":
        resp = Response(pdf(html), mimetype="application/pdf")
        resp.headers["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        resp.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        resp = Response(html, mimetype="text/html")
        resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"  # the console may show it in a frame
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    return resp
