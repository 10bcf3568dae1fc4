"""Print checks (#18 points 11, 12): every bulletin and workbook, printed to PDF, prints whole.

The office saves the documents to disk and prints them: the HTML bulletins through
Chromium (opened from the saved file, with no network: they must carry their own
styles), the workbooks through LibreOffice headless (one run for all of them). Each
PDF is read back: page boxes (pypdf), each page's text (pdftotext), and for the
pages the layout in the browser under print media. The ledger holds 200 items more
than the scenario, so lists run over several pages.
"""

import base64
import hashlib
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from server.clock import shifted
from server.extensions import db
from server.models import Area, Assignment, User, Visit
from tests.browser.conftest import ARGS, CHROMIUM
from tests.factories import AREA_LAT, AREA_LON, build_org
from tests.reports import paper
from tests.reports.conftest import NOW_UTC, shift_to

MM = 96 / 25.4  # CSS pixels per millimetre
# the width inside the page margins of print.css / landscape.css
CONTENT_MM = {"portrait": 210 - 20 - 22, "landscape": 297 - 12 - 12}
PAGES = {"weekly": "portrait", "monthly": "portrait", "ranking": "landscape",
         "duty": "portrait"}
CLOSING = {"weekly": "附：统计口径", "monthly": "附：列入情形说明", "ranking": "统计周期：",
           "duty": "附：统计口径"}
ISSUER = "工作专班办公室"
WORKBOOKS = ["weekly", "monthly", "ranking", "duty", "ledger"]

TABLES_JS = """() => [...document.querySelectorAll('table')].map((t) => {
  let e = t.previousElementSibling;
  while (e && e.tagName !== 'H3') e = e.previousElementSibling;
  const cells = [...t.querySelectorAll('th, td')];
  return {heading: e ? e.innerText : '', width: t.parentElement.clientWidth,
          right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
          left: Math.min(...cells.map((c) => c.getBoundingClientRect().left)),
          scroll: t.scrollWidth,
          headers: [...t.querySelectorAll('thead th')].map((th) => th.innerText)};
})"""
STYLE_JS = """() => {
  const style = (sel, prop) => {
    const e = document.querySelector(sel);
    return e ? getComputedStyle(e)[prop] : null;
  };
  return {title: style('h2.title', 'textAlign'), masthead: style('.masthead', 'color'),
          closing: style('.closing', 'breakInside')};
}"""


DUTY_CADRES = 90


def add_duty_paper(org) -> None:
    """90 cadres, each with an area of a long name; two thirds went out on 11-27, so the
    丈量 report's lists of cadres and areas run over pages."""
    town = org.areas["龙湖镇"]
    for n in range(1, DUTY_CADRES + 1):
        area = Area(name=f"{paper.PLACES[n % 10]}片区第{n}网格（{paper.UNITS[n % 12]}联系点）",
                    kind="village", township_id=town, lat=AREA_LAT + n * 0.001,
                    lon=AREA_LON, radius_m=500)
        user = User(username=f"duty{n}", name=f"丈量干部{n}号", password_hash="-",
                    roles=["cadre"], township_id=town)
        db.session.add_all([area, user])
        db.session.flush()
        db.session.add(Assignment(user_id=user.id, area_id=area.id))
        if n % 3:
            at = datetime(2026, 11, 27, 1)
            db.session.add(Visit(user_id=user.id, area_id=area.id, lat=AREA_LAT, lon=AREA_LON,
                                 accuracy_m=10.0, distance_m=40.0, outside_area=False, at=at,
                                 received_at=at, day=date(2026, 11, 27), assigned=True,
                                 counts=True, late=False))
    db.session.commit()


def squeeze(text: str) -> str:
    """Text without any white space, for matching across the PDF's spacing and lines."""
    return re.sub(r"\s+", "", text)


def _render(browser, html: Path, layout: str, pdf: Path) -> dict:
    """Open a saved page offline, measure its tables under print media, print it to PDF."""
    context = browser.new_context(offline=True, viewport={
        "width": round(CONTENT_MM[layout] * MM), "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html.as_uri())
    page.emulate_media(media="print")
    found = {"requests": requests, "tables": page.evaluate(TABLES_JS),
             "style": page.evaluate(STYLE_JS), "html": html.read_text(encoding="utf-8")}
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    context.close()
    return found


@pytest.fixture(scope="module")
def printed(app, playwright_driver, tmp_path_factory):
    """Every document downloaded, saved and printed to PDF, with what the browser measured."""
    folder = tmp_path_factory.mktemp("paper")
    with shifted(shift_to(NOW_UTC)):
        with app.app_context():
            org = build_org()
            paper.build_paper_ledger(org)
            add_duty_paper(org)
        saved = paper.download(app.test_client(), folder)
    pdfs = paper.soffice_to_pdf([saved[f"{n}.xlsx"] for n in WORKBOOKS], folder / "xlsx",
                                tmp_path_factory.mktemp("lo-profile"))
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    pages = {}
    try:
        for name, layout in PAGES.items():
            pdf = folder / f"{name}-page.pdf"
            pages[name] = {**_render(browser, saved[f"{name}.html"], layout, pdf), "pdf": pdf}
    finally:
        browser.close()
    return {"saved": saved, "books": {n: pdfs[f"{n}.xlsx"] for n in WORKBOOKS},
            "pages": pages}


# ---- the HTML bulletins (Chromium) -----------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_saved_page_keeps_its_styles_offline(printed, name):
    page = printed["pages"][name]
    assert page["requests"] == [printed["saved"][f"{name}.html"].as_uri()]
    assert not re.search(r"\b(href|src)=", page["html"]), "nothing to fetch"
    assert page["style"] == {"title": "center", "masthead": "rgb(204, 0, 0)",
                             "closing": "avoid"}


@pytest.mark.parametrize("name,layout", PAGES.items())
def test_bulletin_prints_on_a4_in_its_orientation(printed, name, layout):
    boxes = paper.page_boxes(printed["pages"][name]["pdf"])
    check = paper.landscape_a4 if layout == "landscape" else paper.portrait_a4
    assert boxes and all(check(b) for b in boxes), boxes
    if name in ("weekly", "monthly"):
        assert len(boxes) >= 3, "the 200 items' lists run over several pages"
    if name == "duty":
        assert len(boxes) >= 2, "the cadres' and areas' lists run over pages"


@pytest.mark.parametrize("name", PAGES)
def test_no_column_of_a_bulletin_is_cut(printed, name):
    page = printed["pages"][name]
    texts = [squeeze(t) for t in paper.page_texts(page["pdf"], raw=True)]
    assert page["tables"]
    for table in page["tables"]:
        assert table["scroll"] <= table["width"] + 1, table["heading"]
        assert table["left"] >= 0 and table["right"] <= table["width"] + 1, table["heading"]
        first = next(i for i, t in enumerate(texts) if squeeze(table["heading"]) in t)
        missing = [h for h in table["headers"] if squeeze(h) not in texts[first]]
        assert not missing, (table["heading"], first + 1, missing)


@pytest.mark.parametrize("name", PAGES)
def test_signature_is_kept_with_the_text_above_it(printed, name):
    texts = [squeeze(t) for t in paper.page_texts(printed["pages"][name]["pdf"], raw=True)]
    signed = [i for i, t in enumerate(texts) if ISSUER in t]
    assert signed == [len(texts) - 1], "signed once, on the last page"
    last = texts[-1]
    assert squeeze(CLOSING[name]) in last, "the last section prints with the signature"
    assert len(last.replace(ISSUER, "")) > 60, "the last page holds more than the signature"


def test_ranking_prints_every_column_and_unit(printed):
    texts = [squeeze(t) for t in paper.page_texts(printed["pages"]["ranking"]["pdf"],
                                                  raw=True)]
    whole = "".join(texts)
    for unit in paper.UNITS:
        assert unit in whole, unit
    assert paper.FEW in whole and "样本不足" in whole
    assert "附：统计口径" in whole and squeeze("未退回率 = 1 − 退回率") in whole


def test_duty_page_prints_every_cadre_and_area(printed):
    whole = "".join(squeeze(t) for t in paper.page_texts(printed["pages"]["duty"]["pdf"],
                                                         raw=True))
    for n in range(1, DUTY_CADRES + 1):
        assert f"丈量干部{n}号" in whole, n
        assert squeeze(f"片区第{n}网格") in whole, n
    assert "附：统计口径" in whole and squeeze("覆盖率 = 已丈量区域数 ÷ 分包区域数") in whole


@pytest.mark.parametrize("url", [
    "/api/v1/reports/weekly?week=2026-W48", "/api/v1/reports/monthly?month=2026-11",
    "/api/v1/reports/ranking?quarter=2026-Q4", "/api/v1/reports/duty?month=2026-11"])
def test_inline_stylesheet_is_allowed_by_its_hash_here_and_in_the_console(client, auth, org,
                                                                         url):
    resp = client.get(url + "&format=html", headers=auth("office"))
    css = re.fullmatch(r".*<style>(.*?)</style>.*", resp.get_data(as_text=True), re.S).group(1)
    source = f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
    style_src = re.search(r"style-src ([^;]*)", resp.headers["Content-Security-Policy"])
    assert source in style_src.group(1).split() and "'unsafe-inline'" not in style_src.group(1)
    console = client.get("/console/")
    assert console.status_code == 200
    assert source in re.search(r"style-src ([^;]*)",
                               console.headers["Content-Security-Policy"]).group(1).split()


# ---- the workbooks (LibreOffice) -------------------------------------------------------

def _sheets(path: Path) -> list[dict]:
    """Each sheet's title row, header row and number of rows, as the workbook holds them."""
    wb = load_workbook(path, read_only=True)
    out = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        out.append({"name": ws.title, "caption": rows[0][0],
                    "headers": [h for h in rows[1] if h], "rows": len(rows) - 2})
    wb.close()
    return out


def _pages_by_sheet(texts: list[str], sheets: list[dict]) -> list[list[str]]:
    """The pages of each sheet: a sheet's pages start at the one with its title row."""
    owned: list[list[str]] = [[] for _ in sheets]
    current = -1
    for text in texts:
        starts = [i for i, s in enumerate(sheets) if squeeze(s["caption"]) in text]
        if starts:  # a later caption may contain an earlier one: take the longest
            current = max(starts, key=lambda i: len(sheets[i]["caption"]))
        assert current >= 0, "the first page starts with a title row"
        owned[current].append(text)
    return owned


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_prints_landscape_a4_one_page_wide(printed, name):
    boxes = paper.page_boxes(printed["books"][name])
    assert boxes and all(paper.landscape_a4(b) for b in boxes), boxes


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_page_of_a_sheet_has_its_header_row(printed, name):
    sheets = _sheets(printed["saved"][f"{name}.xlsx"])
    texts = [squeeze(t) for t in paper.page_texts(printed["books"][name], raw=True)]
    owned = _pages_by_sheet(texts, sheets)
    for sheet, pages in zip(sheets, owned, strict=True):
        assert pages, f"sheet {sheet['name']} printed no page"
        assert sum(squeeze(sheet["caption"]) in p for p in pages) >= 1
        for n, text in enumerate(pages, 1):
            missing = [h for h in sheet["headers"] if squeeze(h) not in text]
            assert not missing, (sheet["name"], n, missing)
        if sheet["rows"] <= 15:
            assert len(pages) == 1, f"sheet {sheet['name']}: {len(pages)} pages"


def test_ledger_spans_pages_with_every_description_whole(printed):
    sheets = _sheets(printed["saved"]["ledger.xlsx"])
    assert sheets[0]["rows"] >= 200 and sheets[0]["caption"].startswith("整改台账")
    texts = [squeeze(t) for t in paper.page_texts(printed["books"]["ledger"], raw=True)]
    assert len(texts) >= 4
    wb = load_workbook(printed["saved"]["ledger.xlsx"], read_only=True)
    rows = list(wb.worksheets[0].iter_rows(min_row=3, values_only=True))
    wb.close()
    whole = "".join(texts)
    cut = [r[1] for r in rows if squeeze(r[2]) not in whole]
    assert not cut, f"descriptions not printed whole: items {cut[:10]}"
    assert "上报时间" in texts[0] and re.search(r"2026-1[01]-\d\d\d\d:\d\d", texts[0])
    assert not re.search(r"\d:\d\d:\d\d", whole), "times print without seconds"


def test_overdue_is_counted_in_working_days_on_every_paper(printed):
    pdfs = [p["pdf"] for p in printed["pages"].values()] + list(printed["books"].values())
    for pdf in pdfs:
        whole = squeeze("".join(paper.page_texts(pdf, raw=True)))
        assert "逾期天数" not in whole, pdf.name
    assert "逾期工作日" in squeeze("".join(paper.page_texts(printed["books"]["ledger"], raw=True)))
