"""The ledger over HTTP: list, detail and the item actions (escalate, which makes a 民生实事
project of an item, answers the new project)."""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.items import (
    ACTION_SCHEMAS,
    BulkAssignIn,
    BulkOut,
    BulkRejectIn,
    ItemDetail,
    ItemFilter,
    ItemPage,
)
from server.api.schemas.projects import EscalateIn, ProjectDetail
from server.errors import ApiError
from server.extensions import db
from server.services import escalation, ledger, projects_views, queries
from sync.workflow import roles_for

blp = ZlBlueprint("items", __name__, url_prefix="/api/v1/items", description="整改台账")


@blp.get("")
@auth_required()
@blp.arguments(ItemFilter, location="query", unknown=RAISE)
@blp.response(200, ItemPage)
def list_items(filters):
    """The ledger, filtered and paged, limited to what the caller may see."""
    items, total = queries.list_items(current_user(), filters)
    return {"items": queries.summarise(items, current_user()), "total": total,
            "page": filters["page"], "per_page": filters["per_page"]}


@blp.get("/<int:item_id>")
@auth_required()
@blp.response(200, ItemDetail)
def get_item(item_id):
    """One item with its reports, photos, flags and history."""
    return queries.item_detail(current_user(), item_id)


def _action_view(action: str):
    """Build the handler of one item action."""

    def view(body, item_id):
        item = ledger.OPERATIONS[action](current_user(), item_id, body)
        db.session.commit()
        return queries.item_detail(current_user(), item.id)

    view.__name__ = f"action_{action}"
    view.__doc__ = f"Apply the `{action}` action to an item."
    return view


for _action, _schema in ACTION_SCHEMAS.items():
    blp.route(f"/<int:item_id>/actions/{_action}", methods=["POST"])(
        auth_required(*roles_for(_action))(
            blp.arguments(_schema)(blp.response(200, ItemDetail)(_action_view(_action)))))


@blp.post("/<int:item_id>/actions/escalate")
@auth_required(*roles_for("escalate"))
@blp.arguments(EscalateIn)
@blp.response(201, ProjectDetail)
def escalate_item(body, item_id):
    """难点问题纳入民生实事台账: make a project of the item, linked both ways."""
    project = escalation.escalate(current_user(), item_id, body)
    db.session.commit()
    return projects_views.detail(project)


def _bulk_view(action: str):
    """Build the handler of one bulk action."""

    def view(body):
        ids = body.pop("item_ids")
        results = ledger.bulk(current_user(), action, ids, body)
        db.session.commit()
        return {"results": results}

    view.__name__ = f"bulk_{action}"
    view.__doc__ = f"Apply `{action}` to many items; one result per item."
    return view


for _action, _schema in (("assign", BulkAssignIn), ("reject", BulkRejectIn)):
    blp.route(f"/bulk/{_action}", methods=["POST"])(
        auth_required("office")(
            blp.arguments(_schema)(blp.response(200, BulkOut)(_bulk_view(_action)))))


@blp.route("/<int:item_id>/actions/<action>", methods=["POST"])
@auth_required()
def unknown_action(item_id, action):
    """Any other action name is not part of the ledger."""
    raise ApiError("unknown_action", {"action": action[:40]})
