"""Push and pull: the phone's side of the sync contract."""

from marshmallow import RAISE

from server.api.guard import auth_required, current_user
from server.api.parser import ZlBlueprint
from server.api.schemas.sync import PullArgs, PullOut, PushIn, PushOut
from server.services import sync_pull, sync_push

blp = ZlBlueprint("sync", __name__, url_prefix="/api/v1/sync", description="同步")


@blp.post("/push")
@auth_required()
@blp.arguments(PushIn)
@blp.response(200, PushOut)
def push(body):
    """Apply mutations recorded on a phone; one result per mutation, in order."""
    results = sync_push.push(current_user(), body["device_id"], body["mutations"])
    return {"results": results}


@blp.get("/pull")
@auth_required()
@blp.arguments(PullArgs, location="query", unknown=RAISE)
@blp.response(200, PullOut)
def pull(args):
    """Items in the caller's scope changed after `cursor`."""
    return sync_pull.pull(current_user(), args["cursor"], args["limit"])
