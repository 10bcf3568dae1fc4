"""问题整改公示牌 (issue 16): a public item's A4 placard, as a printable page and as PDF.

It prints what the public may read — the redacted public text, township · area, category,
unit, deadline and progress — with the redacted plan, the supervision phone and a QR code
of the item's public page. One A4 sheet whatever the text: each free text is fitted to its
box by stepping its font size down (FIT_*; the sizes are placard.css's .fit-*), and past
the last step it is cut with an ellipsis; every box also has a height it cannot pass.
The page is self-contained (stylesheet inlined, allowed by its hash; the QR an inline
SVG), and the PDF is WeasyPrint's rendering of the very same page, fetching nothing.
"""

import base64
import hashlib
from pathlib import Path

import segno
from flask import Response, render_template
from markupsafe import Markup
from PIL import ImageFile

from server.errors import ApiError
from server.extensions import db
from server.models import Area, Category, Item, Unit, User
from server.reports.labels import STATUS_NAMES
from server.reports.output import cn_date
from server.reports.settings import setting
from server.services.clock import local_today
from server.services.publication import ensure_public, public_text
from server.services.scope import load_item
from sync.redact import redact

CSS = (Path(__file__).resolve().parents[1] / "templates" / "placard.css").read_text(
    encoding="utf-8")
_CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode()
STYLE_SOURCE = f"'sha256-{_CSS_HASH}'"  # also allowed in the console, which frames the page
CSP = (f"default-src 'none'; style-src {STYLE_SOURCE}; img-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")

# (at most this many characters, at this .fit-* size), largest first; longer is cut to
# the last step's length. Counted for CJK, the widest script, with a line to spare.
FIT_PROBLEM = ((100, "l"), (180, "m"), (300, "s"))
FIT_PLAN = ((60, "m"), (120, "s"), (200, "xs"))
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


def public_url(item_id: int) -> str | None:
    """The item's public page, or None when the public site's address is not usable."""
    state, base = base_url()
    return f"{base}/public/?item={item_id}" if state == "ok" else None


def qr_svg(url: str) -> Markup:
    """The address as a QR code (quartile error correction, 4-module quiet zone), as an
    inline SVG sized by the stylesheet."""
    code = segno.make(url, error="q", micro=False)
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr",
                                  lineclass=None, title=None))


def _place(item: Item) -> str:
    """Township · area name (the area alone when it is the township)."""
    names = [a.name for a in (db.session.get(Area, i) for i in (item.township_id, item.area_id)
                              if i is not None) if a is not None]
    return clip(" · ".join(dict.fromkeys(names)))


def _name(model, key) -> str | None:
    """The name of a unit or category, if there is one."""
    row = db.session.get(model, key) if key is not None else None
    return row.name if row is not None else None


def placard(user: User, item_id: int) -> dict:
    """What the placard of a public item prints (404 out of scope, 409 not public)."""
    item = load_item(user, item_id)
    pub = ensure_public(item)
    url = public_url(item.id)
    more = MORE_ONLINE if url else ""
    plan = redact(item.plan).text if item.plan else NOT_GIVEN
    phone = (setting("SUPERVISION_PHONE") or "").strip()
    return {"id": item.id, "issuer": setting("REPORT_ISSUER"),
            "problem": fit(public_text(item, pub), FIT_PROBLEM, more),
            "plan": fit(plan, FIT_PLAN, more), "place": _place(item),
            "category_name": clip(_name(Category, item.category) or item.category, 24),
            "unit_name": clip(_name(Unit, item.unit_id)),
            "deadline": cn_date(item.deadline) or NOT_GIVEN,
            "status_name": STATUS_NAMES.get(item.status, item.status),
            "phone": clip(phone, 40) if phone else None, "url": url,
            "base_url_state": base_url()[0], "qr": qr_svg(url) if url else None,
            "today": cn_date(local_today())}


def page(data: dict) -> str:
    """The placard as a self-contained HTML page."""
    return render_template("placard.html", p=data, css=Markup(CSS))


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


def respond(data: dict, fmt: str) -> Response:
    """The placard as the page (with its CSP) or as an inline PDF; never cached."""
    html = page(data)
    if fmt == "pdf":
        resp = Response(pdf(html), mimetype="application/pdf")
        resp.headers["Content-Disposition"] = f'inline; filename="placard-{data["id"]}.pdf"'
        resp.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        resp = Response(html, mimetype="text/html")
        resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"  # the console may show it in a frame
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    return resp
