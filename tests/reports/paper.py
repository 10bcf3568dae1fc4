"""Paper for the print checks: a ledger big enough to span pages, the documents the office
prints, and their conversion to PDF (LibreOffice for workbooks, Chromium for pages).

The ledger is the scenario of scenario.py plus 200 items over a dozen units with long
names, long descriptions and plans, so lists run over several A4 pages. Reading the
PDFs: pypdf for the page boxes, poppler's pdftotext for each page's text layer.
"""

import random
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from server.extensions import db
from server.models import Item, Unit
from tests.factories import PASSWORD
from tests.reports.scenario import build_ledger

A4_LONG, A4_SHORT = 842, 595  # points, rounded
UNITS = ["新郑市住房和城乡建设局", "新郑市城市管理局", "新郑市交通运输局", "新郑市水利局",
         "新郑市卫生健康委员会", "新郑市生态环境分局", "新郑市自然资源局", "新郑市市场监督管理局",
         "龙湖镇人民政府", "郭店镇人民政府", "新郑市供电公司", "新郑市自来水公司"]
FEW = "新郑市文化广电和旅游局"  # three items: 样本不足 in the ranking
PLACES = ["村口", "小学门口", "农贸市场东侧", "卫生院北墙外", "幸福路与人民路交叉口", "3号楼西侧",
          "文化广场", "老街南段", "污水提升泵站旁", "公交站台"]
PROBLEMS = ["窨井盖缺失，夜间行人和电动车经过存在安全隐患，群众多次反映",
            "路灯不亮已有两周，周边群众夜间出行不便",
            "生活垃圾堆放未及时清运，天热发臭，蚊蝇滋生",
            "道路破损严重，坑洼积水，雨天车辆通行困难",
            "排水沟堵塞，雨后污水漫溢到路面和农户院内",
            "私搭乱建彩钢棚占用消防通道",
            "公厕设施损坏，洗手池无水，无人保洁",
            "健身器材螺丝松动，部分器械断裂，存在伤人隐患"]
PLANS = ["责任单位已安排专人现场核查，制定整改方案，限期完成并报送整改前后对比照片",
         "协调施工队伍进场，先设置警示标志，再组织维修", "立即组织整改"]
STATES = ["assigned"] * 5 + ["rectified", "long_term"] + ["closed"] * 3 + ["new"]


def _units() -> list[int]:
    """The extra units, the small one last."""
    ids = []
    for name in [*UNITS, FEW]:
        unit = Unit(name=name)
        db.session.add(unit)
        db.session.flush()
        ids.append(unit.id)
    return ids


def _item(rnd: random.Random, org, n: int, unit_id: int) -> Item:
    """One item of the bulk, its dates before the frozen day (2026-11-27)."""
    status = rnd.choice(STATES)
    created = datetime(2026, 10, 1, 1) + timedelta(days=rnd.randrange(55),
                                                   minutes=rnd.randrange(600))
    text = f"{rnd.choice(PLACES)}{rnd.choice(PROBLEMS)}（第{n}号）" + "，" .join(
        rnd.sample(PROBLEMS, rnd.randrange(0, 3)))
    item = Item(status=status, category=rnd.choice(["infrastructure", "health", "other"]),
                description=text, area_id=org.areas["郭老庄" if n % 3 else "三里岗社区"],
                township_id=org.areas["龙湖镇"], reporter_id=org.users["cadre"],
                created_at=created, report_count=1)
    if status != "new":
        item.unit_id, item.plan = unit_id, rnd.choice(PLANS)
        item.assigned_at = created + timedelta(hours=20)
        item.deadline = (created + timedelta(days=rnd.randrange(7, 40))).date()
        item.leader_led = n % 17 == 0
        item.leader_name = "李副市长" if item.leader_led else None
    if status == "closed":
        item.closed_at = min(created + timedelta(days=rnd.randrange(3, 30)),
                             datetime(2026, 11, 26, 8))
        item.satisfaction = rnd.choice(["satisfied", "basic"])
    if status == "rectified":
        item.rectified_at = datetime(2026, 11, 25, 3)
    return item


def build_paper_ledger(org, bulk: int = 200) -> dict:
    """The scenario and `bulk` more items; returns the scenario's ids by letter."""
    ids = build_ledger(org)
    rnd = random.Random(18)
    units = _units()
    for n in range(1, bulk + 1):
        unit = units[-1] if n <= 3 else units[n % (len(units) - 1)]
        db.session.add(_item(rnd, org, n, unit))
    db.session.commit()
    return ids


DOCUMENTS = {
    "weekly.html": "/api/v1/reports/weekly?week=2026-W48&format=html",
    "monthly.html": "/api/v1/reports/monthly?month=2026-11&format=html",
    "ranking.html": "/api/v1/reports/ranking?quarter=2026-Q4&format=html",
    "duty.html": "/api/v1/reports/duty?month=2026-11&format=html",
    "weekly.xlsx": "/api/v1/reports/weekly?week=2026-W48&format=xlsx",
    "monthly.xlsx": "/api/v1/reports/monthly?month=2026-11&format=xlsx",
    "ranking.xlsx": "/api/v1/reports/ranking?quarter=2026-Q4&format=xlsx",
    "duty.xlsx": "/api/v1/reports/duty?month=2026-11&format=xlsx",
    "ledger.xlsx": "/api/v1/items/export?format=xlsx",
}


def download(client, folder: Path) -> dict[str, Path]:
    """Every printable document, saved to disk as the office would save it."""
    token = client.post("/api/v1/auth/login", json={"username": "office",
                                                    "password": PASSWORD}).get_json()["token"]
    saved = {}
    for name, url in DOCUMENTS.items():
        resp = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 200, (url, resp.status_code)
        saved[name] = folder / name
        saved[name].write_bytes(resp.get_data())
        resp.close()
    return saved


def soffice_to_pdf(paths: list[Path], outdir: Path, profile: Path) -> dict[str, Path]:
    """Convert workbooks to PDF in one LibreOffice run with a private profile."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: ./scripts/setup --test installs it"
    out = {p.name: outdir / f"{p.stem}.pdf" for p in paths}
    for _ in range(2):  # a first run on a new profile may set the profile up and stop
        missing = [p for p in paths if not out[p.name].exists()]
        if missing:
            subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(outdir),
                            *map(str, missing)], check=True, capture_output=True, timeout=600)
    for pdf in out.values():
        assert pdf.exists(), f"LibreOffice made no {pdf.name}"
    return out


def page_boxes(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) of every page, in points."""
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in PdfReader(pdf).pages]


def page_texts(pdf: Path, raw: bool = False) -> list[str]:
    """The text layer of every page: in the physical layout, or (raw) in drawing order,
    where each cell's lines follow each other."""
    assert shutil.which("pdftotext"), "poppler-utils is missing: ./scripts/setup --test"
    mode = "-raw" if raw else "-layout"
    out = subprocess.run(["pdftotext", mode, str(pdf), "-"], check=True,
                         capture_output=True, timeout=120).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def landscape_a4(box: tuple[int, int]) -> bool:
    """Whether a page box is A4 lying down."""
    return abs(box[0] - A4_LONG) <= 2 and abs(box[1] - A4_SHORT) <= 2


def portrait_a4(box: tuple[int, int]) -> bool:
    """Whether a page box is A4 standing up."""
    return abs(box[0] - A4_SHORT) <= 2 and abs(box[1] - A4_LONG) <= 2


def lines(text: str) -> list[str]:
    """The non-empty lines of a page, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]

