"""验收 of a 民生实事 project: a supervisor's on-site verification that closes it (销号) or
sends it back to in_progress, by the item's rule (sync.projects.verify, which calls
sync.verification.verdict like the item workflow does: 群众不认可，实事不销号).

Who: the roles of an item's verify, in a supervisor's scope (services.projects.
verifying_projects); an office override of the distance needs both roles and a reason,
as for items. Every verification is kept (project_verifications), whatever it decided.
The online action and the `project.verify` mutation (services/sync_apply.py) both call
`verify`; the mutation's id is stored as `client_id`.
"""

from flask import current_app
from sqlalchemy import select

from server.clock import utcnow
from server.extensions import db
from server.models import Project, ProjectVerification, User
from server.services import projects
from server.services.evidence import require_photos
from server.services.queries import names
from sync import projects as rules

_SHOWN = ("id", "user_id", "decision", "satisfaction", "closes", "from_status", "to_status",
          "photos", "signature", "resident_name", "note", "lat", "lon", "accuracy_m",
          "distance_m", "override_reason", "at")


def load(user: User, project_id: int, lock: bool = False) -> Project:
    """A project the user may verify (404 otherwise), optionally locked."""
    return projects.load_project(user, project_id, lock=lock,
                                 scope=projects.verifying_projects(user))


def _facts(project: Project) -> rules.ProjectFacts:
    """What the verification rule looks at: status, position and earlier photo evidence."""
    return rules.ProjectFacts(status=project.status, lat=project.lat, lon=project.lon,
                              progress_photo_count=project.progress_photo_count)


def verify(user: User, project_id: int, data: dict,
           client_id: str | None = None) -> ProjectVerification:
    """Verify a project on site: close it or send it back, and keep the verification."""
    project = load(user, project_id, lock=True)
    photos = tuple(dict.fromkeys(data.get("photos") or ()))
    signature = data.get("signature")
    require_photos(photos + ((signature,) if signature else ()))
    found = rules.verify(_facts(project), decision=data.get("decision"),
                         satisfaction=data.get("satisfaction"), lat=data.get("lat"),
                         lon=data.get("lon"), photos=photos,
                         office="office" in set(user.roles or ()),
                         override_reason=data.get("override_reason"),
                         max_m=current_app.config["VERIFY_MAX_DISTANCE_M"])
    now = utcnow()
    row = ProjectVerification(
        project_id=project.id, user_id=user.id, decision=data["decision"],
        satisfaction=data["satisfaction"], closes=found.closes, from_status=project.status,
        to_status=found.status, photos=list(photos), signature=signature,
        resident_name=data.get("resident_name"), note=data.get("note"), lat=data["lat"],
        lon=data["lon"], accuracy_m=data.get("accuracy_m"), distance_m=found.distance_m,
        override_reason=data.get("override_reason") if found.override else None, at=now,
        client_at=data.get("client_at"), client_id=client_id)
    project.status, project.updated_at = found.status, now
    db.session.add(row)
    db.session.flush()
    return row


def history(project_id: int) -> list[dict]:
    """A project's verifications, oldest first, with the verifiers' names."""
    rows = db.session.execute(select(ProjectVerification).where(
        ProjectVerification.project_id == project_id).order_by(ProjectVerification.id)
    ).scalars().all()
    people = names(User, [r.user_id for r in rows])
    return [{**{k: getattr(r, k) for k in _SHOWN}, "photos": r.photos or [],
             "user_name": people.get(r.user_id)} for r in rows]
