"""Check-ins over HTTP: the list of visits in the caller's scope (a cadre: their own)."""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.visits import VisitFilter, VisitPage
from server.services import visits

blp = ZlBlueprint("visits", __name__, url_prefix="/api/v1/visits", description="丈量记录")


@blp.get("")
@auth_required("cadre", "office", "supervisor", "admin")
@blp.arguments(VisitFilter, location="query", unknown=RAISE)
@blp.response(200, VisitPage)
def list_visits(filters):
    """Check-ins, newest first, with the reports made on them."""
    return visits.page_of(current_user(), filters)
