"""难点问题纳入民生实事台账: an item in rectification becomes a 民生实事 project.

The rule is the item workflow's `escalate` (sync/workflow.py: the office, from assigned or
long_term, once per item, the project's due between today and the horizon; the item's
state stays as it is). The project is made by the office's own create
(services.projects.create: references, investment and milestones checked and planned the
same way) with the item's position and area, and the two are linked both ways:
`projects.item_id` points at the item, the item's detail answers `project_id`, an
`escalate` event on the item records it, and the project's detail carries the item with
its reports and photos (`linked_item`).
"""

from sqlalchemy import select

from server.extensions import db
from server.models import Item, Project, User
from server.services import audit, projects
from server.services.clock import local_today
from server.services.queries import item_evidence
from server.services.scope import actor_of, load_item
from sync.errors import DomainError
from sync.projects import ASPECTS
from sync.workflow import ActionRequest, ItemFacts, Rules, next_state

# What the body may give and the project takes as it is.
_GIVEN = ("name", "batch", "investment_total_wan", "start", "due", "public", "milestones")


def _required(field: str, problem: str) -> DomainError:
    """A 422 naming the one field the item cannot fill in."""
    return DomainError("validation_failed", problem, {"fields": {field: [problem]}})


def _project_fields(item: Item, data: dict) -> dict:
    """The new project's fields: the body's, then the item's for what the body leaves out."""
    out = {k: data[k] for k in _GIVEN if k in data}
    category = data.get("category") or (item.category if item.category in ASPECTS else None)
    if category is None:
        raise _required("category", "the item's category is not one of the six aspects")
    unit_id = data.get("unit_id") or item.unit_id
    if unit_id is None:
        raise _required("unit_id", "the item has no unit")
    leader_led = data.get("leader_led", item.leader_led)
    leader = data["leader"] if "leader" in data else (item.leader_name if leader_led else None)
    out.update(category=category, unit_id=unit_id, leader_led=bool(leader_led), leader=leader,
               lat=item.lat, lon=item.lon, area_id=item.area_id)
    return out


def project_of(item_id: int) -> int | None:
    """The id of the project an item was escalated into, if any."""
    return db.session.execute(select(Project.id).where(Project.item_id == item_id)).scalar()


def escalate(user: User, item_id: int, data: dict) -> Project:
    """The office makes a project of an item, linked to it; returns the project."""
    item = load_item(user, item_id, lock=True, to_act=True)
    project = projects.create(user, _project_fields(item, data))
    facts = ItemFacts(status=item.status, unit_id=item.unit_id, item_id=item.id,
                      project_id=project_of(item.id))
    next_state(facts, "escalate", actor_of(user), ActionRequest(deadline=data.get("due")),
               Rules(today=local_today()))
    project.item_id = item.id
    audit.record(item, "escalate", user.id, item.status, {
        "project_id": project.id, "name": project.name, "batch": project.batch,
        "unit_id": project.unit_id, "due": project.due.isoformat(),
        "investment_total_wan": str(project.investment_total_wan)})
    db.session.flush()
    return project


def linked_item(project: Project) -> dict | None:
    """The item a project came from, with its reports and photos (None when it has none)."""
    if project.item_id is None:
        return None
    item = db.session.get(Item, project.item_id)
    reports, photos = item_evidence(item.id)
    return {**{k: getattr(item, k) for k in ("id", "status", "category", "description",
                                             "area_id", "unit_id", "deadline",
                                             "report_count")},
            "reports": reports, "photos": photos}
