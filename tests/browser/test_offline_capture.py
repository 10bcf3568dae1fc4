"""The cadre's day without signal (issue #9): log in online once, go offline, check in
and record five problems with real photos and an emulated position, reload while
offline, kill the browser and reopen the same profile, then go online: every
record arrives exactly once and the server reads the EXIF GPS of the uploaded,
resized DSCN0010.jpg within 1 m of the README value.
"""

import hashlib
import uuid

from playwright.sync_api import expect
from sqlalchemy import func, select

from server.extensions import db
from server.models import Attachment, Mutation, Photo, Report, Visit
from sync.geo import haversine_m
from tests.browser.helpers import (
    check_in,
    fill_report,
    go,
    login,
    open_app,
    page_of,
    record_states,
    save_report,
    wait_all_synced,
)

DSCN0010_GPS = (43.467448, 11.885127)  # tests/data/photos/README.md
PHOTO_SETS = [["DSCN0010.jpg"], ["DSCN0012.jpg", "portrait_6.jpg"], ["landscape_6.jpg"],
              ["DSCN0021.jpg", "DSCN0025.jpg", "jolla.jpg"], []]
CATEGORIES = ["infrastructure", "health", "convenience", "infrastructure", "other"]


def test_offline_day_arrives_exactly_once(live, launch, area_of, server_db, photos_dir):
    area = area_of(live)
    tag = uuid.uuid4().hex[:8]
    texts = [f"路口护栏被撞坏 {tag}-{i}" for i in range(5)]
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, live)

    ctx.set_offline(True)
    expect(page.locator(".top .net")).to_have_text("离线")
    check_in(page, area["name"])
    for i, (names, category) in enumerate(zip(PHOTO_SETS, CATEGORIES, strict=True)):
        fill_report(page, area_id=area["id"], category=category, text=texts[i],
                    photos=[photos_dir / n for n in names], urgent=i == 0)
        save_report(page)
    assert record_states(page) == ["pending"] * 6

    page.reload()  # offline: the worker serves the shell, IndexedDB the records
    page.wait_for_selector("html[data-ready]")
    assert record_states(page) == ["pending"] * 6
    expect(page.locator(".card.record .description").first).to_have_text(texts[-1])

    ctx.close()  # the browser is killed; the same profile comes back
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    ctx.set_offline(True)
    page = open_app(page_of(ctx), live, "records")
    assert record_states(page) == ["pending"] * 6

    with server_db(live):
        before = _counts()
    ctx.set_offline(False)
    wait_all_synced(page, 6)
    go(page, "records")
    expect(page.locator(".card.record [data-status=new]")).to_have_count(5)

    original = (photos_dir / "DSCN0010.jpg").read_bytes()
    with server_db(live):
        reports = {t: db.session.execute(select(Report).where(Report.description == t))
                   .scalars().all() for t in texts}
        assert {t: len(r) for t, r in reports.items()} == dict.fromkeys(texts, 1)
        first = reports[texts[0]][0]
        assert first.severity == "urgent"
        assert abs(first.lat - area["lat"]) < 1e-6 and abs(first.lon - area["lon"]) < 1e-6
        assert first.visit_id is not None, "the report did not link today's check-in"
        assert _counts() == {"visits": before["visits"] + 1,
                             "mutations": before["mutations"] + 6}
        for text, names in zip(texts, PHOTO_SETS, strict=True):
            assert len(_photos_of(reports[text][0])) == len(names), text
        (photo,) = _photos_of(first)
        assert photo.sha256 != hashlib.sha256(original).hexdigest(), "uploaded unchanged"
        assert photo.mime == "image/jpeg" and max(photo.width, photo.height) <= 2048
        assert photo.exif_lat is not None, "EXIF GPS lost in the resize"
        assert haversine_m(photo.exif_lat, photo.exif_lon, *DSCN0010_GPS) < 1.0


def _counts():
    """How many check-ins and received mutations the server holds."""
    return {"visits": db.session.scalar(select(func.count()).select_from(Visit)),
            "mutations": db.session.scalar(select(func.count()).select_from(Mutation))}


def _photos_of(report):
    """The photos attached to the item for this report."""
    rows = db.session.execute(select(Attachment).where(Attachment.report_id == report.id)) \
        .scalars().all()
    return [db.session.get(Photo, row.photo_sha) for row in rows]
