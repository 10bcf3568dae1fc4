"""The office's side of publication (issue 16): the public text side by side with the
original, edits redacted again, 不公开 with a reason; and 群众评议 from the public page,
rate-limited, stored as text, read by the office, counted in public."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.extensions import db
from server.models import Item
from server.models.types import utcnow

SOON = (date.today() + timedelta(days=30)).isoformat()
TEXT = "路灯不亮，住户王秀英反映，电话13812345678"


@pytest.fixture
def accepted(client, auth, org, new_item):
    """A new item with personal data in its text, assigned (so public); its id."""
    item_id = new_item(description=TEXT)
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": org.units["住建局"], "deadline": SOON, "plan": "修"})
    assert resp.status_code == 200
    return item_id


def _pub(client, auth, item_id, user="office"):
    return client.get(f"/api/v1/items/{item_id}/publication", headers=auth(user))


def test_the_office_sees_original_and_public_text_with_the_redactions(client, auth,
                                                                       accepted):
    body = _pub(client, auth, accepted).get_json()
    assert body["public"] is True and body["original"] == TEXT and body["edited"] is False
    assert "13812345678" not in body["text"] and "王秀英" not in body["text"]
    assert len(body["text"]) == len(TEXT)  # the masks line up with the original
    kinds = {r["kind"] for r in body["redactions"]}
    assert {"phone", "name"} <= kinds
    for r in body["redactions"]:
        assert set(body["text"][r["start"]:r["end"]]) == {"＊"}
    assert _pub(client, auth, accepted, "supervisor").status_code == 200
    assert _pub(client, auth, accepted, "handler").status_code == 403


def test_an_edit_is_redacted_again_and_can_be_undone(client, auth, accepted):
    url = f"/api/v1/items/{accepted}/publication"
    edited = client.patch(url, headers=auth("office"),
                          json={"text": "郭老庄村口路灯不亮，联系人李四 139-0000-1111"})
    assert edited.status_code == 200, edited.get_json()
    body = edited.get_json()
    assert body["edited"] is True and "1111" not in body["text"]
    assert body["updated_by_name"] == "office"
    public = client.get(f"/api/v1/public/items/{accepted}").get_json()
    assert public["text"] == body["text"] and "李四" not in public["text"]
    back = client.patch(url, headers=auth("office"), json={"text": None}).get_json()
    assert back["edited"] is False and back["source"] == TEXT
    detail = client.get(f"/api/v1/items/{accepted}", headers=auth("office")).get_json()
    assert [e["action"] for e in detail["events"]][-2:] == ["publication", "publication"]
    assert "1111" not in json.dumps(detail["events"], ensure_ascii=False)  # no draft kept


def test_withholding_needs_a_reason_and_takes_the_item_off_the_public_page(client, auth,
                                                                          accepted):
    url = f"/api/v1/items/{accepted}/publication"
    blank = client.patch(url, headers=auth("office"), json={"hidden": True,
                                                            "hidden_reason": " "})
    assert blank.status_code == 422 and blank.get_json()["error"]["code"] == "reason_required"
    assert client.get(f"/api/v1/public/items/{accepted}").status_code == 200
    hidden = client.patch(url, headers=auth("office"), json={"hidden": True,
                                                             "hidden_reason": "涉及未成年人"})
    assert hidden.get_json()["public"] is False
    assert hidden.get_json()["not_public_because"] == "hidden"
    assert client.get(f"/api/v1/public/items/{accepted}").status_code == 404
    assert client.get("/api/v1/public/items").get_json()["total"] == 0
    assert client.patch(url, headers=auth("handler"), json={"hidden": False}).status_code == 403
    shown = client.patch(url, headers=auth("office"), json={"hidden": False}).get_json()
    assert shown["public"] is True and shown["hidden_reason"] is None


def test_a_new_item_is_not_public_and_says_why(client, auth, new_item):
    item_id = new_item(description=TEXT)
    body = _pub(client, auth, item_id).get_json()
    assert body["public"] is False and body["not_public_because"] == "not_accepted"


def _rate(client, item_id, rating="satisfied", text=None, address="10.0.0.7", **extra):
    body = {"target": "item", "id": item_id, "rating": rating, **extra}
    if text is not None:
        body["text"] = text
    return client.post("/api/v1/public/feedback", json=body,
                       environ_base={"REMOTE_ADDR": address})


def test_a_resident_rates_once_a_day_and_the_public_sees_only_counts(client, auth, accepted):
    first = _rate(client, accepted, "unsatisfied", text="<img src=x onerror=alert(1)>还是不亮")
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["counts"] == {"satisfied": 0, "basic": 0, "unsatisfied": 1}
    again = _rate(client, accepted, "satisfied")
    assert again.status_code == 429 and again.get_json()["error"]["code"] == "too_many_feedback"
    assert int(again.headers["Retry-After"]) > 3600
    other = _rate(client, accepted, "basic", address="10.0.0.8")
    assert other.status_code == 201
    public = client.get(f"/api/v1/public/items/{accepted}").get_json()
    assert public["feedback"] == {"satisfied": 0, "basic": 1, "unsatisfied": 1}
    assert "onerror" not in json.dumps(public)
    listed = client.get("/api/v1/feedback", headers=auth("office")).get_json()
    assert listed["total"] == 2
    assert listed["feedback"][1]["text"] == "<img src=x onerror=alert(1)>还是不亮"
    assert "10.0.0.7" not in json.dumps(listed)
    assert client.get("/api/v1/feedback?rating=basic", headers=auth("office")
                      ).get_json()["total"] == 1
    assert client.get("/api/v1/feedback", headers=auth("cadre")).status_code == 403


def test_one_address_is_limited_across_items(app, client, auth, org, new_item):
    app.config["FEEDBACK_PER_ADDRESS_HOUR"] = 2
    try:
        ids = []
        for _ in range(3):
            item_id = new_item()
            client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                        json={"unit_id": org.units["住建局"], "deadline": SOON, "plan": "修"})
            ids.append(item_id)
        assert [_rate(client, i).status_code for i in ids] == [201, 201, 429]
    finally:
        app.config["FEEDBACK_PER_ADDRESS_HOUR"] = 10


@pytest.mark.parametrize("body,status", [
    ({"rating": "great"}, 422), ({"text": "字" * 501}, 422), ({"target": "project"}, 404),
    ({"id": 10**9}, 404), ({"text": 5}, 422), ({"extra": "x"}, 422),
    ({"text": "bad\u0000"}, 422), ({"id": -0.0}, 422)])
def test_bad_ratings_are_refused_and_change_nothing(client, auth, accepted, body, status):
    payload = {"target": "item", "id": accepted, "rating": "basic", **body}
    resp = client.post("/api/v1/public/feedback", json=payload)
    assert resp.status_code == status, resp.get_json()
    assert client.get("/api/v1/feedback", headers=auth("office")).get_json()["total"] == 0


def test_an_unaccepted_item_cannot_be_rated(client, new_item):
    assert _rate(client, new_item()).status_code == 404


def test_dissatisfaction_after_closing_goes_on_the_supervision_list(app, client, auth,
                                                                    accepted):
    with app.app_context():
        item = db.session.get(Item, accepted)
        item.status, item.closed_at = "closed", utcnow()
        db.session.commit()
    assert _rate(client, accepted, "unsatisfied").status_code == 201
    month = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    monthly = client.get(f"/api/v1/reports/monthly?month={month}",
                         headers=auth("office")).get_json()
    assert [i["id"] for i in monthly["items"] if "feedback" in i["reasons"]] == [accepted]
    listed = client.get("/api/v1/feedback?after_close=true", headers=auth("office")).get_json()
    assert listed["total"] == 1 and listed["feedback"][0]["after_close"] is True
