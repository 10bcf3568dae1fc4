"""民生实事 projects with a known history, for the 月度进展 and 季排名 tests.

Built through the real services (the bodies loaded by the API's own schemas) with the
clock back-dated for each step; the report tests run on Friday 2026-11-27 (conftest.py).
Units: 住建局 and 城管局 of tests/factories.py. 2026's calendar: 9-25 and 10-1…10-7 (but the
weekend) are holidays, 10-10 (a Saturday) is worked.

  P1 西关桥改建工程   住建局 batch 1, led by 市长, 17,600 total, 12,200 done on entry 9-01,
     in 龙湖镇. Progress 10-15 12,500/70 % (its first: adds nothing), 11-10 13,000/75 %,
     11-20 13,500/80 %. Milestones 开工 3-02 (done 3-02), 主体完工 10-30 (done 11-10),
     桥面铺装 11-25, 竣工验收 2027-02-26.
  P2 中医院新院区     住建局 batch 1, 40,575.06 total, nothing done on entry 10-05, in 龙湖镇.
     Progress 11-05 5,000/10 % (first; starts it), 11-25 8,000.50/20 %. Milestones 立项
     10-20 (done 10-19), 设计 11-20, 开工 12-15.
  P3 城墙口游园       城管局 batch 1, led by 副市长, 760 total, entered 9-10, no area.
     Progress 10-20 300/40 % (first), 11-16 760/100 %; completed by the office 11-18.
     Milestones 开工 9-30 (done 10-12), 完工 11-13.
  P4 东街社区日间照料中心 城管局 batch 3, 60 total, 60 done on entry 11-02, no area; put to
     use by the office 11-03 (three steps). Milestone 竣工验收 10-30 (done 10-28).
  P5 郭店镇污水管网   城管局 batch 2, 1,000 total, 100 done on entry 10-10, in 郭店镇.
     No progress. Milestones 立项 9-24, 招标 10-09, neither done.
  P6 北环路雨污分流改造工程 住建局 batch 2, 20,000 total, imported 10-12 from the office's
     sheet 在建 at 60 % with 12,200 done (1.22 亿), no area. Progress 11-12 13,000/65 % (its
     first: adds 800, 0.08 亿). Milestones 开工 8-20 (done 8-20), 竣工验收 2027-06-30.

A first update adds to the figures the project was entered with (P1 300 in October, P3
300 in October, P2 5,000 and P6 800 in November); a month before it shows those figures
(P2 0 and P6 12,200 at the end of October).
"""

import io

from werkzeug.datastructures import FileStorage

from server.api.schemas.projects import ProgressIn, ProjectFields, ProjectIn
from server.extensions import db
from server.models import Area, User
from server.services import project_sheets, projects, projects_progress
from tests.api.project_sheet_data import HEAD, csv_bytes
from tests.reports.scenario import at


def _user(org, name: str) -> User:
    """A user of the organisation by username."""
    return db.session.get(User, org.users[name])


def _create(org, body: dict) -> int:
    """The office creates a project (the body as the API would load it)."""
    project = projects.create(_user(org, "office"), ProjectIn().load(body))
    db.session.commit()
    return project.id


def _import(org, row: list) -> int:
    """The office imports a sheet of one project (HEAD, then 所在区域, 状态, 完成进度)."""
    sheet = csv_bytes([HEAD + ["所在区域", "状态", "完成进度（%）"], row])
    upload = FileStorage(io.BytesIO(sheet), filename="台账.csv")
    (project_id,) = project_sheets.import_projects(_user(org, "office"), upload, ProjectIn())
    db.session.commit()
    return project_id


def _progress(org, project_id: int, done, percent: int, text: str = "按计划推进") -> None:
    """The office posts a progress update."""
    projects_progress.post_progress(_user(org, "office"), project_id, ProgressIn().load(
        {"text": text, "percent": percent, "investment_done_wan": str(done)}))
    db.session.commit()


def _edit(org, project_id: int, **fields) -> None:
    """The office edits a project."""
    projects.update(_user(org, "office"), project_id, ProjectFields().load(fields))
    db.session.commit()


def _township() -> int:
    """郭店镇 and its 常家庄社区; returns the community's id."""
    town = Area(name="郭店镇", kind="township", lat=34.531, lon=113.742, radius_m=5000)
    db.session.add(town)
    db.session.flush()
    village = Area(name="常家庄社区", kind="community", township_id=town.id, lat=34.534,
                   lon=113.744, radius_m=700)
    db.session.add(village)
    db.session.commit()
    return village.id


def _ms(*steps) -> list[dict]:
    """Milestones from (name, due, done_on or None)."""
    return [{"name": n, "due": d, **({"done_on": x} if x else {})} for n, d, x in steps]


def build_projects(org) -> dict:
    """Create P1..P6 as the module docstring describes; returns name -> id."""
    ids = {}
    base = {"category": "infrastructure"}
    with at(9, 1):
        ids["P1"] = _create(org, {**base, "name": "西关桥改建工程", "batch": 1,
                                  "unit_id": org.units["住建局"], "leader": "市长",
                                  "leader_led": True, "investment_total_wan": "17600",
                                  "investment_done_wan": "12200", "due": "2027-02-26",
                                  "area_id": org.areas["郭老庄"], "milestones": _ms(
                                      ("开工", "2026-03-02", "2026-03-02"),
                                      ("主体完工", "2026-10-30", "2026-11-10"),
                                      ("桥面铺装", "2026-11-25", None),
                                      ("竣工验收", "2027-02-26", None))})
    with at(9, 10):
        ids["P3"] = _create(org, {"name": "城墙口游园", "category": "other", "batch": 1,
                                  "unit_id": org.units["城管局"], "leader": "副市长",
                                  "leader_led": True, "investment_total_wan": "760",
                                  "due": "2026-11-30", "milestones": _ms(
                                      ("开工", "2026-09-30", "2026-10-12"),
                                      ("完工", "2026-11-13", None))})
    with at(10, 5):
        ids["P2"] = _create(org, {"name": "中医院新院区", "category": "health", "batch": 1,
                                  "unit_id": org.units["住建局"],
                                  "investment_total_wan": "40575.06", "due": "2027-12-31",
                                  "area_id": org.areas["郭老庄"], "milestones": _ms(
                                      ("立项", "2026-10-20", "2026-10-19"),
                                      ("设计", "2026-11-20", None),
                                      ("开工", "2026-12-15", None))})
    with at(10, 10):
        ids["P5"] = _create(org, {**base, "name": "郭店镇污水管网", "batch": 2,
                                  "unit_id": org.units["城管局"], "investment_total_wan": "1000",
                                  "investment_done_wan": "100", "due": "2027-06-30",
                                  "area_id": _township(), "milestones": _ms(
                                      ("立项", "2026-09-24", None),
                                      ("招标", "2026-10-09", None))})
    with at(10, 12):
        ids["P6"] = _import(org, [1, 2, "北环路雨污分流改造工程", "城乡基础设施建设", "住建局", "",
                                  "20000", "12200", "", "2027-06-30",
                                  "开工 2026-08-20（已完成 2026-08-20）；竣工验收 2027-06-30",
                                  "", "在建", "60"])
    with at(10, 15):
        _progress(org, ids["P1"], "12500", 70)
    with at(10, 20):
        _progress(org, ids["P3"], "300", 40)
    with at(11, 2):
        ids["P4"] = _create(org, {"name": "东街社区日间照料中心", "category": "other", "batch": 3,
                                  "unit_id": org.units["城管局"], "investment_total_wan": "60",
                                  "investment_done_wan": "60", "due": "2026-10-30",
                                  "milestones": _ms(("竣工验收", "2026-10-30", "2026-10-28"))})
    with at(11, 3):
        for status in ("in_progress", "completed", "in_use"):
            _edit(org, ids["P4"], status=status)
    with at(11, 5):
        _progress(org, ids["P2"], "5000", 10)
    with at(11, 10):
        _progress(org, ids["P1"], "13000", 75)
    with at(11, 12):
        _progress(org, ids["P6"], "13000", 65)
    with at(11, 16):
        _progress(org, ids["P3"], "760", 100)
    with at(11, 18):
        _edit(org, ids["P3"], status="completed")
    with at(11, 20):
        _progress(org, ids["P1"], "13500", 80)
    with at(11, 25):
        _progress(org, ids["P2"], "8000.50", 20)
    return ids

