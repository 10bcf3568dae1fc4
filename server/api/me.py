"""/me: who is logged in and the reference data the phone keeps offline."""

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.auth import MeOut
from server.services.org import reference_data

blp = ZlBlueprint("me", __name__, url_prefix="/api/v1", description="当前用户")


@blp.get("/me")
@auth_required()
@blp.response(200, MeOut)
def me():
    """The user, their areas, the categories and the units."""
    return reference_data(current_user())
