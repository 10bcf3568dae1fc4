"""A ledger with a known history around ISO week 2026-W48 (Mon 11-23 to Sun 11-29).

Built through the real services with the clock back-dated for each step. Each item
stands at its own spot (a few hundred metres apart, inside its area) with its own
words, so the automatic duplicate merge leaves them apart. Items
(all in 龙湖镇/郭老庄 unless said otherwise; 住建局 = unit A, 城管局 = unit B):

  A  reported 11-02, assigned 住建局, deadline 11-20, still open  -> overdue 5 working days
  B  reported 11-23, assigned 城管局, deadline 12-04, open; carries an integrity flag
  C  reported 11-10, assigned 住建局, deadline 11-25, rectified and closed 11-24 (satisfied)
  D  reported 11-10, assigned 城管局, deadline 11-20; returned 11-23 (unsatisfied) and
     11-24 (decision return, basic); closed 11-26 (basic) -> closed late, 4 working days
  E  reported 11-24, still new (no unit)
  F  reported 11-24, rejected
  G  reported 11-16, assigned 住建局 deadline 11-26, leader-led (王副市长), open -> overdue 1
  H  reported 11-24, merged into B
  I  reported 11-25 in 郭店镇/常家庄社区, still new
"""

import hashlib
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from server.clock import shifted, utcnow
from server.extensions import db
from server.models import Area, Flag, Photo, User
from server.services import ledger
from server.services.intake import create_report
from tests.factories import AREA_LAT, AREA_LON

_photo_seq = [0]


@contextmanager
def at(month: int, day: int, hour: int = 10, minute: int = 0):
    """Run a block at a Beijing time of 2026 (the clock shifted to it)."""
    target = datetime(2026, month, day, hour, minute) - timedelta(hours=8)
    with shifted(target - datetime.now(UTC).replace(tzinfo=None)):
        yield


def photo() -> str:
    """A new photo row, as if it had been uploaded."""
    _photo_seq[0] += 1
    sha = hashlib.sha256(f"scenario-photo-{_photo_seq[0]}".encode()).hexdigest()
    db.session.add(Photo(sha256=sha, mime="image/jpeg", size=1000 + _photo_seq[0]))
    db.session.flush()
    return sha


def _user(org, name: str) -> User:
    """A user of the organisation by username."""
    return db.session.get(User, org.users[name])


# letter -> (dlat, dlon) from the centre of 郭老庄: about 220 m to 520 m apart
SPOTS = {"A": (-0.004, -0.003), "B": (-0.002, -0.003), "C": (0.0, -0.003),
         "D": (0.002, -0.003), "E": (0.004, -0.003), "F": (-0.004, 0.003),
         "G": (-0.002, 0.003), "H": (0.0, 0.003)}
_where: dict[int, tuple[float, float]] = {}


def spot(letter: str) -> tuple[float, float]:
    """The position of an item of the scenario."""
    dlat, dlon = SPOTS[letter]
    return AREA_LAT + dlat, AREA_LON + dlon


def report(org, description: str, area_id: int | None = None, lat=AREA_LAT,
           lon=AREA_LON) -> int:
    """A cadre reports a problem; returns the new item's id."""
    r = create_report(_user(org, "cadre"), {
        "area_id": area_id or org.areas["郭老庄"], "category": "infrastructure",
        "description": description, "severity": "normal", "lat": lat, "lon": lon,
        "accuracy_m": 5.0, "captured_at": utcnow(), "photos": []})
    db.session.commit()
    _where[r.item_id] = (lat, lon)
    return r.item_id


def new(org, letter: str, description: str) -> int:
    """Report scenario item `letter` at its own spot in 郭老庄."""
    return report(org, description, None, *spot(letter))


def assign(org, item_id: int, unit: str, deadline: date, **extra) -> None:
    """The office assigns an item."""
    ledger.assign(_user(org, "office"), item_id, {"unit_id": org.units[unit], "deadline": deadline,
                                                  "plan": "立即组织整改", **extra})
    db.session.commit()


def rectify(org, item_id: int, handler: str) -> None:
    """The unit's handler reports the fix with an after-photo."""
    lat, lon = _where[item_id]
    ledger.rectified(_user(org, handler), item_id, {"note": "已整改", "photos": [photo()],
                                                    "lat": lat, "lon": lon})
    db.session.commit()


def verify(org, item_id: int, decision: str, satisfaction: str) -> None:
    """A supervisor verifies on site."""
    lat, lon = _where[item_id]
    ledger.verify(_user(org, "supervisor"), item_id, {
        "decision": decision, "satisfaction": satisfaction, "photos": [photo()],
        "lat": lat, "lon": lon})
    db.session.commit()


def _second_township() -> int:
    """郭店镇 with 常家庄社区; returns the village's id."""
    town = Area(name="郭店镇", kind="township", lat=34.531, lon=113.742, radius_m=5000)
    db.session.add(town)
    db.session.flush()
    village = Area(name="常家庄社区", kind="community", township_id=town.id, lat=34.534,
                   lon=113.744, radius_m=700)
    db.session.add(village)
    db.session.commit()
    return village.id


def build_ledger(org) -> dict:
    """Create items A..I as the module docstring describes; returns letter -> id."""
    ids = {}
    with at(11, 2):
        ids["A"] = new(org, "A", "郭老庄村口窨井盖缺失")
        assign(org, ids["A"], "住建局", date(2026, 11, 20))
    with at(11, 10):
        ids["C"] = new(org, "C", "三里岗游园健身器材损坏")
        assign(org, ids["C"], "住建局", date(2026, 11, 25))
        ids["D"] = new(org, "D", "农贸市场门口私搭乱建")
        assign(org, ids["D"], "城管局", date(2026, 11, 20))
    with at(11, 16):
        ids["G"] = new(org, "G", "老旧小区雨污管网改造")
        assign(org, ids["G"], "住建局", date(2026, 11, 26), leader_led=True,
               leader_name="王副市长")
    with at(11, 23, 9):
        ids["B"] = new(org, "B", "公交站台顶棚破损")
        assign(org, ids["B"], "城管局", date(2026, 12, 4))
        rectify(org, ids["D"], "handler2")
    with at(11, 23, 15):
        verify(org, ids["D"], "return", "unsatisfied")
    with at(11, 24):
        rectify(org, ids["C"], "handler")
        verify(org, ids["C"], "accept", "satisfied")
        rectify(org, ids["D"], "handler2")
        verify(org, ids["D"], "return", "basic")
        ids["E"] = new(org, "E", "直饮水点出水缓慢")
        ids["F"] = new(org, "F", "测试误报")
        ledger.reject(_user(org, "office"), ids["F"], {"reason": "非本辖区问题"})
        ids["H"] = new(org, "H", "公交站台顶棚坏了")
        ledger.merge(_user(org, "office"), ids["H"], {"into_item_id": ids["B"]})
        db.session.add(Flag(item_id=ids["B"], kind="photo_reused", details={}))
        db.session.commit()
    with at(11, 25):
        ids["I"] = report(org, "社区道路照明不足", _second_township(), 34.534, 113.744)
        rectify(org, ids["D"], "handler2")
    with at(11, 26):
        verify(org, ids["D"], "accept", "basic")
    return ids
