"""Fifty reports with photos captured offline, the browser killed and reopened, then a
sync while the network drops and returns every few seconds: every report arrives
exactly once, with its photo (the reliability issue's browser case).
"""

import time
import uuid

from sqlalchemy import func, select

from server.extensions import db
from server.models import Attachment, Mutation, Report
from tests.browser.helpers import (
    fill_report,
    login,
    open_app,
    page_of,
    record_states,
    save_report,
    sync_text,
)

COUNT = 50
PHOTOS = ["DSCN0010.jpg", "DSCN0012.jpg", "Canon_40D.jpg", "DSCN0021.jpg", "landscape_1.jpg",
          "portrait_8.jpg", "DSCN0025.jpg", "no_exif.jpg"]


def _sync_through_flapping_network(ctx, page, deadline: float) -> list[str]:
    """Toggle the network (about 3 s on, 2 s off) until every record is synced."""
    online = False
    while time.monotonic() < deadline:
        online = not online
        ctx.set_offline(not online)
        page.wait_for_timeout(3000 if online else 2000)
        states = record_states(page)
        if len(states) == COUNT and all(s == "synced" for s in states):
            return states
    ctx.set_offline(False)
    raise AssertionError(f"not all synced: {record_states(page)}; {sync_text(page)}")


def test_fifty_offline_reports_survive_restart_and_flapping_network(
        live, launch, area_of, server_db, photos_dir):
    area = area_of(live)
    tag = uuid.uuid4().hex[:8]
    texts = [f"第{i}处路面塌陷 {tag}" for i in range(COUNT)]
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, live)
    with server_db(live):
        mutations_before = db.session.scalar(select(func.count()).select_from(Mutation))
    ctx.set_offline(True)
    for i, text in enumerate(texts):
        fill_report(page, area_id=area["id"], category="infrastructure", text=text,
                    photos=[photos_dir / PHOTOS[i % len(PHOTOS)]])
        save_report(page)
    assert record_states(page) == ["pending"] * COUNT

    ctx.close()   # the browser is killed with everything still on the phone
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    ctx.set_offline(True)
    page = open_app(page_of(ctx), live, "records")
    assert record_states(page) == ["pending"] * COUNT

    _sync_through_flapping_network(ctx, page, time.monotonic() + 600)

    with server_db(live):
        for text in texts:
            reports = db.session.execute(select(Report).where(Report.description == text))\
                .scalars().all()
            assert len(reports) == 1, text
            photos = db.session.scalar(select(func.count()).select_from(Attachment)
                                       .where(Attachment.report_id == reports[0].id))
            assert photos == 1, text
        mutations = db.session.scalar(select(func.count()).select_from(Mutation))
        assert mutations == mutations_before + COUNT
