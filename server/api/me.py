"""/me: who is logged in and the reference data the phone keeps offline."""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.auth import MeOut, MyReportsOut, MyReportsQuery
from server.services import my_reports
from server.services.org import reference_data

blp = ZlBlueprint("me", __name__, url_prefix="/api/v1", description="当前用户")


@blp.get("/me")
@auth_required()
@blp.response(200, MeOut)
def me():
    """The user, their areas, the categories and the units."""
    return reference_data(current_user())


@blp.get("/me/reports")
@auth_required()
@blp.arguments(MyReportsQuery, location="query", unknown=RAISE)
@blp.response(200, MyReportsOut)
def my_reports_page(args):
    """The caller's own reports, newest first (我的上报 on any phone)."""
    return my_reports.page_of(current_user().id, args["page"], args["per_page"])
