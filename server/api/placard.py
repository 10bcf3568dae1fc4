"""公示牌 over HTTP: a public item's A4 placard for the office and admins, as the page
to print from the browser or as PDF (GET /api/v1/items/<id>/placard?format=html|pdf)."""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.placard import PlacardQuery
from server.services import placard

blp = ZlBlueprint("placard", __name__, url_prefix="/api/v1", description="问题整改公示牌")
_FORMATS = {"200": {"description": "format=html (default): the printable A4 page; "
                                   "format=pdf: the same page as an A4 PDF",
                    "content": {"text/html": {"schema": {"type": "string"}},
                                "application/pdf": {"schema": {"type": "string",
                                                               "format": "binary"}}}}}


@blp.get("/items/<int:item_id>/placard")
@auth_required("office", "admin")
@blp.arguments(PlacardQuery, location="query", as_kwargs=False, unknown=RAISE)
@blp.doc(responses=_FORMATS)
def item_placard(args, item_id):
    """问题整改公示牌 of a public item (409 not_public for one the public may not see)."""
    return placard.respond(placard.placard(current_user(), item_id), args["format"])
