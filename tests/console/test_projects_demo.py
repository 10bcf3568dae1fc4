"""The demo's 民生实事台账, read through the API of the console tests' demo server: the
projects of the background text with its figures (西关桥 17,600 万元 with 12,200 done,
69.3 %, opening about six weeks after today; the TCM hospital, 40,575.06 万元 and 299 beds,
topped out five and a half months back; six schools with 4,590 places; 城墙口游园 760 万元;
东街社区日间照料中心 60 万元), a first batch of at least twenty over the six aspects,
leaders by their office, milestones some of them late, months of progress with photos,
a closure and a return by the residents, and an item escalated into a project."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.console.data import today

ASPECTS = {"convenience", "infrastructure", "health", "culture_tourism", "disaster_rebuild",
           "other"}
OFFICES = {"市长", "常务副市长", "副市长", "市委副书记"}


@pytest.fixture(scope="module")
def demo(seed) -> dict:
    """The demo's own projects, by name: made with the clock shifted back, days before the
    tests' own."""
    listed = seed.call("GET", "/api/v1/projects?per_page=200")["projects"]
    before = (date.fromisoformat(today()) - timedelta(days=2)).isoformat()
    return {p["name"]: seed.call("GET", f"/api/v1/projects/{p['id']}") for p in listed
            if p["created_at"][:10] < before}


def _days(iso: str) -> int:
    return (date.fromisoformat(iso) - date.fromisoformat(today())).days


def test_the_background_texts_projects_carry_its_figures(demo):
    bridge = demo["西关桥新建工程"]
    assert (bridge["investment_total_wan"], bridge["investment_done_wan"]) == (17600.0, 12200.0)
    assert bridge["investment_rate"] == 0.6932 and bridge["leader"] == "市长"
    assert 40 <= _days(bridge["due"]) <= 50, "opens about six weeks after the demo's today"
    assert bridge["late"] and bridge["status"] == "in_progress"
    hospital = demo["新郑市公立中医院建设项目（二级中医医院，床位299张）"]
    assert hospital["investment_total_wan"] == 40575.06
    topped = next(m for m in hospital["milestones"] if m["name"] == "医疗综合楼主体封顶")
    assert _days(topped["done_on"]) == -(date(2022, 1, 14) - date(2021, 7, 30)).days
    schools = [p for name, p in demo.items() if "新增学位" in name]
    places = sum(int(re.search(r"新增学位(\d+)个", p["name"]).group(1)) for p in schools)
    assert (len(schools), places) == (6, 4590)
    assert {p["status"] for p in schools} <= {"in_use", "closed"}
    assert demo["城墙口游园建设项目"]["investment_total_wan"] == 760.0
    assert demo["东街社区日间照料中心"]["investment_total_wan"] == 60.0


def test_a_first_batch_over_the_six_aspects_with_leaders_and_late_milestones(demo):
    projects = list(demo.values())
    assert sum(p["batch"] == 1 for p in projects) >= 20
    assert {p["category"] for p in projects} == ASPECTS
    led = [p for p in projects if p["leader_led"]]
    assert len(led) >= 4 and {p["leader"] for p in led} <= OFFICES
    assert sum(p["late"] for p in projects) >= 3
    assert {p["status"] for p in projects} >= {"in_progress", "completed", "in_use", "closed"}


def test_progress_histories_grow_over_months_with_photos(demo):
    for p in demo.values():
        updates = sorted(p["progress"], key=lambda u: u["at"])
        assert len(updates) >= 2, p["name"]
        assert all(a["percent"] <= b["percent"]
                   and a["investment_done_wan"] <= b["investment_done_wan"]
                   for a, b in zip(updates, updates[1:], strict=False)), p["name"]
        assert (updates[-1]["percent"], updates[-1]["investment_done_wan"]) == (
            p["percent"], p["investment_done_wan"])
    bridge = demo["西关桥新建工程"]["progress"]
    span = date.fromisoformat(bridge[0]["at"][:10]) - date.fromisoformat(bridge[-1]["at"][:10])
    assert len(bridge) >= 6 and span > timedelta(days=180)
    assert sum(any(u["photos"] for u in p["progress"]) for p in demo.values()) >= 4


def test_a_closure_a_return_and_an_escalated_item(demo, seed):
    verified = [v for p in demo.values() for v in p["verifications"]]
    assert any(v["closes"] and v["satisfaction"] == "satisfied" for v in verified)
    assert any(not v["closes"] and v["satisfaction"] == "unsatisfied" for v in verified)
    (escalated,) = [p for p in demo.values() if p["item_id"]]
    item = seed.item(escalated["item_id"])
    assert item["project_id"] == escalated["id"] and item["status"] == "long_term"
    assert escalated["item"]["photos"] and escalated["progress"]
    assert not any(m["late"] for m in escalated["milestones"])
