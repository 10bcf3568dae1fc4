"""Who may fetch which photo: its uploader, those who may see it on an item it is used on
(a reporter who sees an item only as such sees only their own reports' photos), and those
who may read a 民生实事 project escalated from that item (its reports and photos are
reachable from the project) or holding it in a progress update or a verification."""

import re

from sqlalchemy import String, cast, select

from server.errors import ApiError
from server.extensions import db
from server.models import Attachment, Item, Photo, Project, ProjectProgress, ProjectVerification
from server.services.projects import visible_projects
from server.services.scope import readable_attachments

_ORIGINAL_ROLES = {"office", "supervisor", "admin"}


def may_see(user, sha: str) -> bool:
    """Whether the user uploaded the photo or may see it on an item it is used on."""
    own = db.session.execute(select(Photo.sha256).where(
        Photo.sha256 == sha, Photo.uploaded_by == user.id)).first()
    if own:
        return True
    seen = db.session.execute(
        select(Attachment.id).join(Item, Item.id == Attachment.item_id)
        .where(Attachment.photo_sha == sha, readable_attachments(user)).limit(1)).first()
    return seen is not None or _on_a_project_read(user, sha) or _in_project_records(user, sha)


def _on_a_project_read(user, sha: str) -> bool:
    """Whether the photo is on an item escalated into a project the user may read."""
    found = db.session.execute(
        select(Attachment.id).join(Project, Project.item_id == Attachment.item_id)
        .where(Attachment.photo_sha == sha, visible_projects(user)).limit(1)).first()
    return found is not None


_SHA = re.compile(r"\A[0-9a-f]{64}\Z")


def in_project_records(sha: str, projects, models=(ProjectProgress, ProjectVerification)) -> bool:
    """Whether the photo is in a record (a progress update, a verification) of a project
    the `projects` clause keeps; its photos are a JSON list of hashes, searched as text."""
    if not _SHA.match(sha):
        return False
    pattern = f'%"{sha}"%'
    for model in models:
        found = db.session.execute(
            select(model.id).join(Project, Project.id == model.project_id)
            .where(projects, cast(model.photos, String).like(pattern))
            .limit(1)).first()
        if found is not None:
            return True
    return False


def _in_project_records(user, sha: str) -> bool:
    """Whether the photo is in a progress update or a verification of a project the user
    may read (the unit's handlers, the office, supervisors in scope)."""
    return in_project_records(sha, visible_projects(user))


def ensure_can_read(user, sha: str, variant: str) -> None:
    """Refuse a photo the user has no item for (404) or an original they may not see (403)."""
    if variant == "original" and not _ORIGINAL_ROLES & set(user.roles or ()):
        raise ApiError("forbidden", {"variant": variant})
    if not may_see(user, sha):
        raise ApiError("not_found", {"sha256": sha})
