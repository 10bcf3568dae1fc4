"""周抽查 over HTTP: the office draws a week's sample; office, supervisors and admins list
draws.

The re-check itself is an item action (POST /api/v1/items/<id>/actions/recheck).
"""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.spot_checks import DrawFilter, DrawIn, DrawList, DrawOut
from server.extensions import db
from server.services import spot_check_views, spot_checks

blp = ZlBlueprint("spot_checks", __name__, url_prefix="/api/v1/spot-checks",
                  description="周抽查")


@blp.post("")
@auth_required("office")
@blp.arguments(DrawIn)
@blp.response(201, DrawOut)
def draw(body):
    """Draw a seeded sample of the items closed in a week and give it to supervisors."""
    sc = spot_checks.draw(current_user(), body["week"], body["size"])
    db.session.commit()
    return {"spot_check": spot_check_views.draw_json(sc)}


@blp.get("")
@auth_required("office", "supervisor", "admin")
@blp.arguments(DrawFilter, location="query", unknown=RAISE)
@blp.response(200, DrawList)
def list_draws(args):
    """The draws of a week (or the latest ones) with their results."""
    draws = spot_checks.visible_draws(current_user(), args.get("week"))
    return {"spot_checks": [spot_check_views.draw_json(sc) for sc in draws]}
