"""The demo's 周抽查: the week three weeks back drawn and re-checked (one rebound), the
week before last drawn and waiting for its re-checks; last week is left for the office
to draw on first start.

Made through the services with the clock shifted, like the rest of the demo.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from server.clock import shifted, utcnow
from server.errors import ApiError
from server.extensions import db
from server.models import Item, SpotCheckEntry, User
from server.services import ledger, spot_checks
from server.services.clock import local_today

SEEDS = {3: 20260301, 2: 20260302}  # weeks back -> the recorded seed of that draw
FAIL_NOTE = "复核发现问题反弹，群众反映仍未解决，重新交办整改"


def _at(day, hour: int):
    """Shift the clock to local `day` at `hour`."""
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    when = datetime.combine(day, time(hour), tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return shifted(when - utcnow())


def _week(monday) -> str:
    """The ISO week key of a Monday."""
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def run(office: User, photo) -> None:
    """Draw two past weeks on the Monday after each; re-check the older one on site."""
    this_monday = local_today() - timedelta(days=local_today().weekday())
    for back, seed in SEEDS.items():
        monday = this_monday - timedelta(weeks=back)
        with _at(monday + timedelta(days=7), 9):
            try:
                sc = spot_checks.draw(office, _week(monday), 4, seed=seed)
            except ApiError as exc:
                if exc.code != "nothing_to_draw":
                    raise
                continue  # a quiet week: nothing closed to draw
            db.session.flush()
        if back == 3:
            _recheck_all(sc.id, monday + timedelta(days=9), photo)


def _recheck_all(spot_check_id: int, day, photo) -> None:
    """Each supervisor re-checks their items on site; the first drawn is found not fixed."""
    entries = db.session.execute(select(SpotCheckEntry).where(
        SpotCheckEntry.spot_check_id == spot_check_id)
        .order_by(SpotCheckEntry.position)).scalars().all()
    for n, entry in enumerate(entries):
        item = db.session.get(Item, entry.item_id)
        person = db.session.get(User, entry.supervisor_id)
        with _at(day, 10 + n):
            ledger.recheck(person, item.id, {
                "result": "fail" if n == 0 else "pass",
                "note": FAIL_NOTE if n == 0 else "复核整改到位，群众认可",
                "photos": [photo(person.id)], "lat": item.lat, "lon": item.lon,
                "accuracy_m": 8.0})
        db.session.flush()
