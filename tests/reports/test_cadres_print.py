"""Print checks of 评价考核 (#15): the page, saved and printed through Chromium, and the
workbook, printed through LibreOffice, print whole on A4, one page wide.

The data is that of the other print checks (tests/reports/test_print_pdf.py): the paper
ledger (cadre's reports, a dozen units with long names) and 90 cadres with long area
names, given here to those units round the dozen, so the cadre table runs over pages
and one unit has too few cadres (样本不足).
"""

from pathlib import Path

import pytest
from sqlalchemy import select

from server.clock import shifted
from server.extensions import db
from server.models import Unit, User
from tests.browser.conftest import ARGS, CHROMIUM
from tests.factories import PASSWORD, build_org
from tests.reports import paper
from tests.reports.conftest import NOW_UTC, shift_to
from tests.reports.test_print_pdf import (
    DUTY_CADRES,
    ISSUER,
    _pages_by_sheet,
    _render,
    _sheets,
    add_duty_paper,
    squeeze,
)

DOCUMENTS = {"cadres.html": "/api/v1/reports/cadres?year=2026&format=html",
             "cadres.xlsx": "/api/v1/reports/cadres?year=2026&format=xlsx"}
FEW = paper.UNITS[-1]  # given three cadres only


def _give_units() -> None:
    """The duty cadres spread over the paper's units; the last unit gets three."""
    units = dict(db.session.execute(select(Unit.name, Unit.id)).all())
    cadres = db.session.scalars(select(User).where(User.username.like("duty%"))).all()
    for n, user in enumerate(sorted(cadres, key=lambda u: u.id)):
        user.unit_id = units[FEW] if n < 3 else units[paper.UNITS[n % (len(paper.UNITS) - 1)]]
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
    folder = tmp_path_factory.mktemp("cadres-paper")
    with shifted(shift_to(NOW_UTC)):
        with app.app_context():
            org = build_org()
            paper.build_paper_ledger(org)
            add_duty_paper(org)
            _give_units()
        saved = _download(app.test_client(), folder)
    book = paper.soffice_to_pdf([saved["cadres.xlsx"]], folder / "xlsx",
                                tmp_path_factory.mktemp("lo-profile"))["cadres.xlsx"]
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    try:
        page = _render(browser, saved["cadres.html"], "portrait", folder / "cadres-page.pdf")
    finally:
        browser.close()
    return {"saved": saved, "book": book, "page": {**page, "pdf": folder / "cadres-page.pdf"}}


def test_page_prints_on_portrait_a4_over_pages(printed):
    boxes = paper.page_boxes(printed["page"]["pdf"])
    assert len(boxes) >= 3 and all(paper.portrait_a4(b) for b in boxes), boxes
    assert printed["page"]["requests"] == [printed["saved"]["cadres.html"].as_uri()]


def test_no_column_of_the_page_is_cut(printed):
    page = printed["page"]
    texts = [squeeze(t) for t in paper.page_texts(page["pdf"], raw=True)]
    assert len(page["tables"]) == 3
    for table in page["tables"]:
        assert table["scroll"] <= table["width"] + 1, table["heading"]
        assert table["left"] >= 0 and table["right"] <= table["width"] + 1, table["heading"]
        first = next(i for i, t in enumerate(texts) if squeeze(table["heading"]) in t)
        missing = [h for h in table["headers"] if squeeze(h) not in texts[first]]
        assert not missing, (table["heading"], first + 1, missing)


def test_page_prints_every_cadre_the_formula_and_the_signature_last(printed):
    texts = [squeeze(t) for t in paper.page_texts(printed["page"]["pdf"], raw=True)]
    whole = "".join(texts)
    for n in range(1, DUTY_CADRES + 1):
        assert f"丈量干部{n}号" in whole, n
    assert squeeze("得分 = 到岗率×50 + 覆盖率×30 + 上报采纳率×20") in whole
    assert FEW in whole and "样本不足" in whole
    assert [i for i, t in enumerate(texts) if ISSUER in t] == [len(texts) - 1]
    assert "附：统计口径" in texts[-1], "the definitions print with the signature"


def test_workbook_prints_landscape_a4_with_its_header_row_on_every_page(printed):
    boxes = paper.page_boxes(printed["book"])
    assert boxes and all(paper.landscape_a4(b) for b in boxes), boxes
    sheets = _sheets(printed["saved"]["cadres.xlsx"])
    assert [s["name"] for s in sheets] == ["说明", "干部评价", "乡镇（街道）", "单位"]
    texts = [squeeze(t) for t in paper.page_texts(printed["book"], raw=True)]
    for sheet, pages in zip(sheets, _pages_by_sheet(texts, sheets), strict=True):
        assert pages, sheet["name"]
        for n, text in enumerate(pages, 1):
            missing = [h for h in sheet["headers"] if squeeze(h) not in text]
            assert not missing, (sheet["name"], n, missing)
    cadre_pages = _pages_by_sheet(texts, sheets)[1]
    assert len(cadre_pages) >= 2, "92 rows run over pages"
    assert sheets[1]["rows"] == DUTY_CADRES + 2   # cadre and cadre2 of the organisation
