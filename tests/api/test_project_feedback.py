"""群众评议 of a 民生实事 project (issue 17) as of an item: no login, limited per address and
target, 404 for a project not public; the office reads the words (with a target and
project filter, 销号 marked for a closed project), the public only the counts."""

import pytest

from server.extensions import db
from server.models import User
from tests.api.public_project_data import LAT, LON, PUB, SOON, P, make, photo, progress, rate

__all__ = ["make"]  # the fixture, used by name


def test_a_resident_rates_a_project_once_a_day_and_the_office_reads_it(
        app, client, auth, org, make, new_item):
    pid = make()
    first = rate(client, pid, "unsatisfied", text="<img src=x onerror=alert(1)>进度太慢")
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["counts"] == {"satisfied": 0, "basic": 0, "unsatisfied": 1}
    again = rate(client, pid, "satisfied")
    assert again.status_code == 429 and int(again.headers["Retry-After"]) > 3600
    assert rate(client, pid, "basic", address="10.2.0.8").status_code == 201
    item_id = new_item()
    assert client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"), json={
        "unit_id": org.units["住建局"], "deadline": SOON, "plan": "修"}).status_code == 200
    same_id = rate(client, item_id, target="item")  # the limit is per target, not per id
    assert same_id.status_code == 201, same_id.get_json()
    public = client.get(f"{PUB}/{pid}").get_json()
    assert public["feedback"] == {"satisfied": 0, "basic": 1, "unsatisfied": 1}
    assert "进度太慢" not in client.get(f"{PUB}/{pid}").get_data(as_text=True)

    office = auth("office")
    everything = client.get("/api/v1/feedback", headers=office).get_json()
    assert everything["total"] == 3
    mine = client.get("/api/v1/feedback", query_string={"target": "project"},
                      headers=office).get_json()
    assert mine["total"] == 2 and {f["project_id"] for f in mine["feedback"]} == {pid}
    row = mine["feedback"][1]
    assert row["text"] == "<img src=x onerror=alert(1)>进度太慢"
    assert (row["target"], row["project_name"], row["project_status"],
            row["project_status_then"], row["item_id"], row["township"]) == (
        "project", "西关桥改建工程", "planned", "planned", None, "龙湖镇")
    assert client.get("/api/v1/feedback", query_string={"project_id": pid, "rating": "basic"},
                      headers=office).get_json()["total"] == 1
    items = client.get("/api/v1/feedback", query_string={"target": "item"},
                       headers=office).get_json()
    assert [f["item_id"] for f in items["feedback"]] == [item_id]
    assert "10.2.0.7" not in str(everything)


def test_one_address_is_limited_across_items_and_projects(app, client, make):
    app.config["FEEDBACK_PER_ADDRESS_HOUR"] = 2
    try:
        ids = [make(name=f"第{n}个项目") for n in range(3)]
        assert [rate(client, i, address="10.2.1.1").status_code for i in ids] == [201, 201, 429]
    finally:
        app.config["FEEDBACK_PER_ADDRESS_HOUR"] = 10


def test_feedback_after_a_project_closed_is_marked(client, auth, make):
    pid = make()
    progress(client, auth, pid, percent=100, photos=[photo(client, auth)])
    assert rate(client, pid, "basic", address="10.2.2.1").status_code == 201
    assert client.patch(f"{P}/{pid}", json={"status": "completed"},
                        headers=auth("office")).status_code == 200
    done = client.post(f"{P}/{pid}/actions/verify", headers=auth("supervisor"), json={
        "decision": "accept", "satisfaction": "satisfied", "lat": LAT, "lon": LON,
        "photos": [photo(client, auth, "supervisor")]})
    assert done.status_code == 200 and done.get_json()["status"] == "closed"
    assert rate(client, pid, "unsatisfied", address="10.2.2.2").status_code == 201
    later = client.get("/api/v1/feedback", query_string={"after_close": "true"},
                       headers=auth("office")).get_json()
    assert [(f["rating"], f["project_status_then"]) for f in later["feedback"]] == [
        ("unsatisfied", "closed")]
    before = client.get("/api/v1/feedback", query_string={"after_close": "false"},
                        headers=auth("office")).get_json()
    assert [f["rating"] for f in before["feedback"]] == ["basic"]


def test_a_township_office_reads_only_its_townships_project_feedback(app, client, auth, org,
                                                                    make):
    inside, outside = make(), make(name="市公立中医院", area_id=None)
    assert rate(client, inside, address="10.2.3.1").status_code == 201
    assert rate(client, outside, address="10.2.3.2").status_code == 201
    with app.app_context():
        db.session.get(User, org.users["office"]).township_id = org.areas["龙湖镇"]
        db.session.commit()
    got = client.get("/api/v1/feedback", headers=auth("office")).get_json()
    assert [f["project_id"] for f in got["feedback"]] == [inside]


@pytest.mark.parametrize("body,status", [({"id": 2**40}, 404), ({"id": 987654}, 404),
                                         ({"target": "projects"}, 422), ({"id": 0}, 422)])
def test_ratings_of_no_public_project_are_refused_and_change_nothing(client, auth, make, body,
                                                                     status):
    make()
    resp = client.post("/api/v1/public/feedback",
                       json={"target": "project", "id": 1, "rating": "basic", **body})
    assert resp.status_code == status, resp.get_json()
    assert client.get("/api/v1/feedback", headers=auth("office")).get_json()["total"] == 0
