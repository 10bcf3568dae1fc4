"""Build the demo: organisation, users and six weeks of field work (reports, the ledger's
workflow, check-ins), and the 民生实事 projects with their months of progress, through the
services.

History is made by the same service functions the API uses, with the clock
shifted back, so the event chain, change cursors and flags are all real.
"""

import hashlib
import random
from datetime import timedelta

from sqlalchemy import select

from server.clock import shifted, utcnow
from server.demo import data
from server.demo import projects as demo_projects
from server.demo import spot_checks as demo_spot_checks
from server.demo import visits as demo_visits
from server.demo.scenes import scene_jpeg
from server.extensions import db
from server.models import Area, Category, Item, Unit, User
from server.services import intake, ledger, photos
from server.services.clock import local_today
from server.services.users import create_user

DAYS = 42


def _org() -> dict:
    """Categories, units, townships and their areas; returns the area rows by township."""
    for pos, (code, name) in enumerate(data.CATEGORIES):
        db.session.add(Category(code=code, name=name, position=pos))
    for name in data.DEPARTMENTS:
        db.session.add(Unit(name=name, kind="department"))
    areas = {}
    for town, (lat, lon, children) in data.TOWNSHIPS.items():
        db.session.add(Unit(name=f"{town}人民政府", kind="township"))
        t = Area(name=town, kind="township", lat=lat, lon=lon, radius_m=5000)
        db.session.add(t)
        db.session.flush()
        areas[town] = [Area(name=n, kind=k, township_id=t.id, lat=lat + dl, lon=lon + dn,
                            radius_m=r) for n, k, dl, dn, r in children]
        db.session.add_all(areas[town])
    db.session.flush()
    return areas


def _users(password: str, areas: dict) -> list[tuple]:
    """One user per role named after it, plus a few more with Chinese names."""
    units = {u.name: u.id for u in db.session.execute(select(Unit)).scalars()}
    flat = [a for group in areas.values() for a in group]
    handler_units = ["住建局", "城管局", "卫健委"]
    logins = []
    for role, people in data.PEOPLE.items():
        for i, (username, name) in enumerate(people):
            unit = units[handler_units[i % 3]] if role == "handler" else None
            assigned = [a.id for a in flat[i::len(people)]] if role == "cadre" else []
            create_user(username, password, [role], name, unit, assigned)
            logins.append((username, name, [role]))
    return logins


def _photo(rng: random.Random, uploader: int) -> str:
    """Draw a distinct scene, store it through the photo pipeline, return its hash."""
    blob = scene_jpeg(rng.random())
    sha = hashlib.sha256(blob).hexdigest()
    photos.put_whole(sha, blob, uploader)
    return sha


def _people(role: str) -> list[User]:
    """Users holding a role."""
    return [u for u in db.session.execute(select(User).order_by(User.id)).scalars()
            if role in u.roles]


def _at(day: int):
    """Shift the clock to `day` of the demo's six weeks (never past today)."""
    return shifted(timedelta(days=min(day, DAYS) - DAYS, hours=-2))


def _report(rng, cadre, area, n, near=None, accuracy=None) -> int:
    """One report near the area's centre (or near `near`); returns its item's id."""
    cat, text, severity = data.PROBLEMS[n % len(data.PROBLEMS)]
    jitter = (rng.uniform(-0.002, 0.002), rng.uniform(-0.002, 0.002))
    lat, lon = near or (area.lat + jitter[0], area.lon + jitter[1])
    rep = intake.create_report(cadre, {
        "area_id": area.id, "category": cat, "description": f"{area.name}：{text}",
        "severity": severity, "lat": lat, "lon": lon, "accuracy_m": accuracy or rng.uniform(4, 25),
        "captured_at": utcnow(), "photos": [_photo(rng, cadre.id)]})
    return rep.item_id


def _story(rng, item_id, day, n, who) -> None:
    """Move one item along the workflow according to its place in the demo."""
    office, handlers, supers = who["office"], who["handler"], who["supervisor"]
    fate = n % 8
    if fate == 0:
        return                                          # stays new (待分派)
    if n % 16 == 1:
        with _at(day + 1):
            ledger.reject(office, item_id, {"reason": "经核实不属于本市管辖范围，已转交相关单位"})
        return
    handler = handlers[n % len(handlers)]
    with _at(day + 1):
        deadline = local_today() + timedelta(days=rng.choice([3, 5, 7, 10]))
        ledger.assign(office, item_id, {
            "unit_id": handler.unit_id, "deadline": deadline, "plan": "现场核实后限期整改到位",
            "leader_led": n % 9 == 0,
            "leader_name": data.LEADERS[n % 3] if n % 9 == 0 else None})
    if fate in (1, 2) or day + 4 > DAYS:
        return                                          # assigned (early ones now overdue)
    if fate == 3:
        with _at(day + 2):
            ledger.long_term(handler, item_id, {"note": "需纳入年度改造计划，资金已申报"})
        return
    _rectify_and_verify(rng, item_id, day, n, handler, supers[n % len(supers)], fate)


def _rectify_and_verify(rng, item_id, day, n, handler, supervisor, fate) -> None:
    """Rectify, then verify: close, return, or leave waiting for the check."""
    item = db.session.get(Item, item_id)
    with _at(day + 2 + n % 4):
        ledger.rectified(handler, item_id, {"note": "已按要求整改完毕",
                                            "photos": [_photo(rng, handler.id)]})
    if fate == 4:
        return                                          # rectified, waiting (待验收)
    happy = "unsatisfied" if fate == 5 else rng.choice(["satisfied", "satisfied", "basic"])
    with _at(day + 3 + n % 4):
        ledger.verify(supervisor, item_id, {
            "decision": "accept", "satisfaction": happy, "lat": item.lat, "lon": item.lon,
            "photos": [_photo(rng, supervisor.id)],
            "resident_name": data.RESIDENTS[n % len(data.RESIDENTS)]})


def _duplicate(rng, item_id, day, n, who) -> None:
    """Two more cadres report the same problem: one joins by itself, one the office merges.

    The second has a poor GPS fix (150 m), so it never auto-merges and becomes a new
    item marked for review, which the office merges by hand.
    """
    first = db.session.get(Item, item_id)
    area = db.session.get(Area, first.area_id)
    cadres = who["cadre"]
    with _at(day):
        _report(rng, cadres[(n + 1) % len(cadres)], area, n,
                near=(first.lat + 0.00005, first.lon))
        dup = _report(rng, cadres[(n + 2) % len(cadres)], area, n,
                      near=(first.lat + 0.0004, first.lon), accuracy=150.0)
    with _at(day + 1):
        if dup != item_id and db.session.get(Item, dup).status == "new":
            ledger.merge(who["office"], dup, {"into_item_id": item_id, "note": "重复上报"})


def run(password: str) -> list[tuple]:
    """Create the demo in an empty database; returns (username, name, roles) logins."""
    if db.session.execute(select(User.id).limit(1)).first():
        raise RuntimeError("the database already has users; the demo needs an empty one")
    rng = random.Random(20211001)
    areas = _org()
    logins = _users(password, areas)
    who = {r: _people(r) for r in ("cadre", "handler", "supervisor", "office")}
    who["office"] = who["office"][0]
    flat = [a for group in areas.values() for a in group]
    seen: set[int] = set()
    for n in range(48):
        day = n * DAYS // 48
        with _at(day):
            item_id = _report(rng, who["cadre"][n % len(who["cadre"])], flat[n % len(flat)], n)
        if item_id in seen:
            continue                                    # joined an earlier item by itself
        seen.add(item_id)
        if n % 10 == 3:
            _duplicate(rng, item_id, day, n, who)
        _story(rng, item_id, day, n, who)
        db.session.flush()
    demo_visits.run(who["cadre"])
    demo_spot_checks.run(who["office"], lambda uploader: _photo(rng, uploader))
    demo_projects.run(who, lambda uploader: _photo(rng, uploader))
    return logins
