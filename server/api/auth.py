"""Login and logout."""

from flask import g, request

from server.api.guard import auth_required
from server.api.parser import ZlBlueprint
from server.api.schemas.auth import LoginIn, LoginOut
from server.extensions import db
from server.services import auth

blp = ZlBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="登录与退出")


@blp.post("/login")
@blp.arguments(LoginIn)
@blp.response(200, LoginOut)
def login(body):
    """Exchange a username and password for a bearer token."""
    token, user = auth.login(body["username"], body["password"], request.remote_addr or "-",
                             body.get("device_name"))
    db.session.commit()
    return {"token": token, "user": user}


@blp.post("/logout")
@auth_required()
@blp.response(204)
def logout():
    """Revoke the token used for this request."""
    auth.logout(g.token)
    db.session.commit()
