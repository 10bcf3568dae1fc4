"""Print checks of the 月度进展 (#17): the page, saved and printed through Chromium, prints
whole on A4 landscape, and the workbook, printed through LibreOffice, on A4 landscape one
page wide with its header row on every page.

The data is the print checks' paper ledger (a dozen units with long names,
tests/reports/paper.py) with 90 projects of long names spread over those units and three
batches, a third of them leader-led, each with a late milestone and November's progress,
so every table of the page and every sheet but the notes runs over pages.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from server.clock import shifted
from server.extensions import db
from server.models import Milestone, Project, ProjectProgress, Unit
from tests.browser.conftest import ARGS, CHROMIUM
from tests.factories import PASSWORD, build_org
from tests.reports import paper
from tests.reports.conftest import NOW_UTC, shift_to
from tests.reports.test_print_pdf import ISSUER, _pages_by_sheet, _render, _sheets, squeeze

DOCUMENTS = {"projects.html": "/api/v1/reports/projects?month=2026-11&format=html",
             "projects.xlsx": "/api/v1/reports/projects?month=2026-11&format=xlsx"}
PROJECTS = 90
SHEETS = ["说明", "责任单位", "批次", "领导领办项目", "节点滞后清单"]


def project_name(n: int) -> str:
    """A long project name, as the 台账 writes them."""
    return f"{paper.PLACES[n % 10]}片区第{n}号民生实事项目（老旧小区改造及配套基础设施提升工程）"


def add_paper_projects(org) -> None:
    """90 projects over the paper's units, each with a milestone late on 11-27."""
    units = [u for (u,) in db.session.execute(select(Unit.id).where(
        Unit.name.in_(paper.UNITS)).order_by(Unit.id))]
    entered = datetime(2026, 9, 1, 2)
    for n in range(1, PROJECTS + 1):
        led = n % 3 == 0
        p = Project(name=project_name(n), batch=1 + n % 3, category="infrastructure",
                    unit_id=units[n % len(units)], leader="李副市长" if led else None,
                    leader_led=led, investment_total_wan=Decimal(1000 + 37 * n),
                    investment_done_wan=Decimal(300 + 11 * n), due=date(2027, 6, 30),
                    status="in_progress", percent=40, township_id=org.areas["龙湖镇"],
                    created_at=entered, updated_at=entered, progress_photo_count=0)
        p.milestones = [Milestone(name="立项", due=date(2026, 9, 10), done_on=date(2026, 9, 9),
                                  position=0),
                        Milestone(name="施工图设计及审查", due=date(2026, 10, 1) +
                                  timedelta(days=n % 40), position=1),
                        Milestone(name="竣工验收", due=date(2027, 6, 30), position=2)]
        db.session.add(p)
        db.session.flush()
        for k, day in enumerate((5, 20)):
            at = datetime(2026, 11, day, 2)
            db.session.add(ProjectProgress(project_id=p.id, user_id=org.users["office"],
                                           text="按计划推进", percent=30 + 5 * k,
                                           investment_done_wan=Decimal(280 + 11 * n + 20 * k),
                                           percent_before=25 + 5 * k,
                                           investment_before_wan=Decimal(260 + 11 * n + 20 * k),
                                           photos=[], at=at))
    db.session.commit()


def _download(client, folder: Path) -> dict[str, Path]:
    """The page and the workbook, saved as the office saves them."""
    token = client.post("/api/v1/auth/login", json={"username": "office",
                                                    "password": PASSWORD}).get_json()["token"]
    saved = {}
    for name, url in DOCUMENTS.items():
        resp = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 200, (url, resp.status_code)
        saved[name] = folder / name
        saved[name].write_bytes(resp.get_data())
    return saved


@pytest.fixture(scope="module")
def printed(app, playwright_driver, tmp_path_factory):
    """The page printed by Chromium (with what it measured) and the workbook by LibreOffice."""
    folder = tmp_path_factory.mktemp("projects-paper")
    with shifted(shift_to(NOW_UTC)):
        with app.app_context():
            org = build_org()
            paper.build_paper_ledger(org)
            add_paper_projects(org)
        saved = _download(app.test_client(), folder)
    book = paper.soffice_to_pdf([saved["projects.xlsx"]], folder / "xlsx",
                                tmp_path_factory.mktemp("lo-profile"))["projects.xlsx"]
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    try:
        page = _render(browser, saved["projects.html"], "landscape",
                       folder / "projects-page.pdf")
    finally:
        browser.close()
    return {"saved": saved, "book": book, "page": {**page, "pdf": folder / "projects-page.pdf"}}


def test_page_prints_on_landscape_a4_over_pages_from_the_saved_file(printed):
    boxes = paper.page_boxes(printed["page"]["pdf"])
    assert len(boxes) >= 4 and all(paper.landscape_a4(b) for b in boxes), boxes
    assert printed["page"]["requests"] == [printed["saved"]["projects.html"].as_uri()]
    assert printed["page"]["style"]["closing"] == "avoid"


def test_no_column_of_the_page_is_cut(printed):
    page = printed["page"]
    texts = [squeeze(t) for t in paper.page_texts(page["pdf"], raw=True)]
    assert [t["heading"] for t in page["tables"]] == [
        "二、分责任单位情况", "三、分批次情况", "四、领导领办项目", "五、节点滞后清单"]
    for table in page["tables"]:
        assert table["scroll"] <= table["width"] + 1, table["heading"]
        assert table["left"] >= 0 and table["right"] <= table["width"] + 1, table["heading"]
        first = next(i for i, t in enumerate(texts) if squeeze(table["heading"]) in t)
        missing = [h for h in table["headers"] if squeeze(h) not in texts[first]]
        assert not missing, (table["heading"], first + 1, missing)


def test_page_prints_every_unit_and_late_project_and_signs_last(printed):
    texts = [squeeze(t) for t in paper.page_texts(printed["page"]["pdf"], raw=True)]
    whole = "".join(texts)
    for unit in paper.UNITS:
        assert unit in whole, unit
    for n in range(1, PROJECTS + 1):
        assert squeeze(project_name(n)) in whole, n
    assert [i for i, t in enumerate(texts) if ISSUER in t] == [len(texts) - 1]
    assert "附：统计口径" in texts[-1], "the definitions print with the signature"
    assert squeeze("投资完成率 = 累计完成投资 ÷ 计划总投资") in texts[-1]


def test_workbook_prints_landscape_a4_with_its_header_row_on_every_page(printed):
    boxes = paper.page_boxes(printed["book"])
    assert boxes and all(paper.landscape_a4(b) for b in boxes), boxes
    sheets = _sheets(printed["saved"]["projects.xlsx"])
    assert [s["name"] for s in sheets] == SHEETS
    texts = [squeeze(t) for t in paper.page_texts(printed["book"], raw=True)]
    owned = _pages_by_sheet(texts, sheets)
    for sheet, pages in zip(sheets, owned, strict=True):
        assert pages, sheet["name"]
        for n, text in enumerate(pages, 1):
            missing = [h for h in sheet["headers"] if squeeze(h) not in text]
            assert not missing, (sheet["name"], n, missing)
    assert sheets[3]["rows"] == PROJECTS // 3 + 1          # the leader-led and their total
    assert sheets[4]["rows"] == PROJECTS and len(owned[4]) >= 2
    whole = "".join(owned[4])
    assert all(squeeze(project_name(n)) in whole for n in range(1, PROJECTS + 1))
