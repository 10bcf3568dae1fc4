"""Print check of the 民生实事台账 export (#17): the workbook, printed through LibreOffice
headless, prints whole on landscape A4, one page wide, its header row on every page.

The ledger is imported through the API from a CSV of 160 projects with long names, a
dozen units with long names, six milestones each and over-budget reasons, so it runs
over several pages; the export is saved as the office saves it and converted to PDF.
"""

import random
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from server.extensions import db
from server.models import Unit
from tests.api.project_sheet_data import EXPORT, HEAD, URL, csv_bytes, multipart
from tests.factories import PASSWORD, build_org
from tests.reports import paper

COUNT = 160
KINDS = ["道路提质改造工程", "社区日间照料中心建设项目", "老旧小区综合整治（含雨污分流、管网改造）",
         "农村生活污水治理及提升泵站建设", "中小学新建扩建工程", "公共厕所新建改造",
         "灾后重建水毁道路修复"]
REASON = "设计变更增加地下管网和夜景照明，经市政府常务会议研究同意"
CATEGORIES = ["城乡基础设施建设", "健康卫生", "其他"]


def squeeze(text: str) -> str:
    """Text without white space, for matching across the PDF's spacing and lines."""
    return re.sub(r"\s+", "", text)


def _rows() -> list[list]:
    """The office's sheet: a header and COUNT projects."""
    rnd = random.Random(17)
    rows = [HEAD + ["超支原因"]]
    for n in range(1, COUNT + 1):
        total = rnd.randrange(60, 180000)
        done = total + 50 if n % 9 == 0 else rnd.randrange(0, total)
        due = date.today() + timedelta(days=200 + n)
        name = f"{paper.PLACES[n % len(paper.PLACES)]}{KINDS[n % len(KINDS)]}（第{n}号）"
        rows.append([n, f"第{'一二三'[n % 3]}批", name, CATEGORIES[n % 3],
                     paper.UNITS[n % len(paper.UNITS)], "李副市长" if n % 7 == 0 else "",
                     total, done, "", due.isoformat(), "",
                     REASON if n % 9 == 0 else ""])
    return rows


@pytest.fixture(scope="module")
def printed(app, tmp_path_factory):
    """The export of the imported ledger, saved and printed to PDF."""
    folder = tmp_path_factory.mktemp("project-paper")
    with app.app_context():
        build_org()
        db.session.add_all(Unit(name=name) for name in paper.UNITS)
        db.session.commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/login", json={"username": "office",
                                                    "password": PASSWORD}).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    resp = client.post(URL, headers=auth, **multipart(csv_bytes(_rows(), "gb18030"), "台账.csv"))
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["imported"] == COUNT
    book = client.get(EXPORT, query_string={"format": "xlsx"}, headers=auth)
    assert book.status_code == 200
    saved = folder / "projects.xlsx"
    saved.write_bytes(book.get_data())
    pdf = paper.soffice_to_pdf([saved], folder / "pdf",
                               tmp_path_factory.mktemp("lo-profile"))["projects.xlsx"]
    wb = load_workbook(saved, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return {"pdf": pdf, "rows": rows,
            "texts": [squeeze(t) for t in paper.page_texts(pdf, raw=True)]}


def test_every_page_is_landscape_a4_and_the_ledger_spans_pages(printed):
    boxes = paper.page_boxes(printed["pdf"])
    assert len(boxes) >= 4 and all(paper.landscape_a4(b) for b in boxes), boxes


def test_every_page_has_the_header_row(printed):
    headers = [h for h in printed["rows"][1] if h]
    assert len(headers) == 15
    for n, text in enumerate(printed["texts"], 1):
        missing = [h for h in headers if squeeze(h) not in text]
        assert not missing, (n, missing)
    assert squeeze(printed["rows"][0][0]) in printed["texts"][0], "the title on page one"


def test_every_project_prints_whole_with_its_milestones(printed):
    whole = "".join(printed["texts"])
    body = printed["rows"][2:]
    assert len(body) == COUNT
    cut = [r[0] for r in body if squeeze(r[2]) not in whole]
    assert not cut, f"names not printed whole: rows {cut[:10]}"
    steps = [r[0] for r in body if squeeze(r[10].split("\n")[-1]) not in whole]
    assert not steps, f"last milestone not printed: rows {steps[:10]}"
    reasons = [r[0] for r in body if r[14] and squeeze(r[14]) not in whole]
    assert not reasons, f"over-budget reasons not printed whole: rows {reasons[:10]}"
