"""The office's side of publication (issue 16): an item's public text and 不公开 switch,
and the list of 群众评议."""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.public import FeedbackFilter, FeedbackPage, PublicationIn, PublicationOut
from server.extensions import db
from server.services import feedback, publication
from server.services.scope import load_item

blp = ZlBlueprint("publication", __name__, url_prefix="/api/v1", description="公开与群众评议")


@blp.get("/items/<int:item_id>/publication")
@auth_required("office", "supervisor", "admin")
@blp.response(200, PublicationOut)
def get_publication(item_id):
    """The item's original and public text side by side, redactions marked, and whether
    it is public."""
    return publication.office_view(load_item(current_user(), item_id))


@blp.patch("/items/<int:item_id>/publication")
@auth_required("office")
@blp.arguments(PublicationIn)
@blp.response(200, PublicationOut)
def set_publication(body, item_id):
    """Edit the public text (it is redacted again) or withhold the item with a reason."""
    item = publication.update(current_user(), item_id, body)
    db.session.commit()
    return publication.office_view(item)


@blp.get("/feedback")
@auth_required("office", "supervisor", "admin")
@blp.arguments(FeedbackFilter, location="query", unknown=RAISE)
@blp.response(200, FeedbackPage)
def list_feedback(args):
    """群众评议 on the items in the caller's scope, newest first."""
    return feedback.office_list(current_user(), args)
