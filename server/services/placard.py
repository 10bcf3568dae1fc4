"""问题整改公示牌 (issue 16): a public item's A4 placard, as a printable page and as PDF.

It prints what the public may read — the redacted public text, township · area, category,
unit, deadline and progress — with the redacted plan, the supervision phone and a QR code
of the item's public page. One A4 sheet whatever the text: what every placard shares (the
fitting of texts to their boxes, the QR code, the page and its PDF) is
server/services/placard_print.py; a project's placard is placard_project.py.
"""

from flask import Response

from server.extensions import db
from server.models import Area, Category, Item, Unit, User
from server.reports.labels import STATUS_NAMES
from server.reports.output import cn_date
from server.services import placard_print as sheet
from server.services.placard_print import CSS, MORE_ONLINE, NOT_GIVEN, STYLE_SOURCE, clip, fit
from server.services.publication import ensure_public, public_text
from server.services.scope import load_item
from sync.redact import redact

__all__ = ["CSS", "FIT_PLAN", "FIT_PROBLEM", "MORE_ONLINE", "STYLE_SOURCE", "fit", "page",
           "placard", "public_url", "respond"]

# (at most this many characters, at this .fit-* size), largest first; longer is cut to
# the last step's length. Counted for CJK, the widest script, with a line to spare.
FIT_PROBLEM = ((100, "l"), (180, "m"), (300, "s"))
FIT_PLAN = ((60, "m"), (120, "s"), (200, "xs"))


def public_url(item_id: int) -> str | None:
    """The item's public page, or None when the public site's address is not usable."""
    return sheet.page_url("item", item_id)


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
    return {"id": item.id, **sheet.band(url),
            "problem": fit(public_text(item, pub), FIT_PROBLEM, more),
            "plan": fit(plan, FIT_PLAN, more), "place": _place(item),
            "category_name": clip(_name(Category, item.category) or item.category, 24),
            "unit_name": clip(_name(Unit, item.unit_id)),
            "deadline": cn_date(item.deadline) or NOT_GIVEN,
            "status_name": STATUS_NAMES.get(item.status, item.status)}


def page(data: dict) -> str:
    """The placard as a self-contained HTML page."""
    return sheet.page("placard.html", data)


def respond(data: dict, fmt: str) -> Response:
    """The placard as the page (with its CSP) or as an inline PDF; never cached."""
    return sheet.respond(page(data), fmt, f"placard-{data['id']}")
