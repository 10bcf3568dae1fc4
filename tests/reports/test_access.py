"""Who may read the bulletins, and the 4xx codes for bad periods and parameters."""

import pytest

REPORTS = [("weekly", "week", "2026-W48"), ("monthly", "month", "2026-11"),
           ("ranking", "quarter", "2026-Q4")]


def _url(kind, param, value, extra=""):
    """A report URL."""
    return f"/api/v1/reports/{kind}?{param}={value}{extra}"


@pytest.mark.parametrize("kind,param,value", REPORTS)
@pytest.mark.parametrize("user,status", [("office", 200), ("supervisor", 200), ("admin", 200),
                                         ("boss", 200), ("cadre", 403), ("handler", 403)])
def test_roles(client, auth, org, kind, param, value, user, status):
    resp = client.get(_url(kind, param, value), headers=auth(user))
    assert resp.status_code == status
    if status == 403:
        assert resp.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("kind,param,value", REPORTS)
def test_login_required(client, org, kind, param, value):
    resp = client.get(_url(kind, param, value, "&format=html"))
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("kind,param,bad,future", [
    ("weekly", "week", "2026-W99", "2026-W50"),
    ("monthly", "month", "2026-13", "2027-01"),
    ("ranking", "quarter", "2026-Q9", "2027-Q2"),
])
def test_bad_and_future_periods(client, auth, org, kind, param, bad, future):
    for value, code in ((bad, "bad_period"), ("nonsense", "bad_period"), (future, "future_period")):
        resp = client.get(_url(kind, param, value), headers=auth("office"))
        assert resp.status_code == 422, (value, resp.get_json())
        err = resp.get_json()["error"]
        assert err["code"] == code and err["message"] and err["details"]["field"]


@pytest.mark.parametrize("kind,param,value", REPORTS)
def test_unknown_and_missing_parameters(client, auth, org, kind, param, value):
    h = auth("office")
    for url in (_url(kind, param, value, "&unit=3"), f"/api/v1/reports/{kind}",
                _url(kind, param, value, "&format=pdf"), _url(kind, "period", value)):
        resp = client.get(url, headers=h)
        assert resp.status_code == 422, url
        assert resp.get_json()["error"]["code"] == "validation_failed"


@pytest.mark.parametrize("kind,param,value", REPORTS)
def test_every_format_answers(client, auth, org, kind, param, value):
    h = auth("supervisor")
    assert client.get(_url(kind, param, value), headers=h).is_json
    page = client.get(_url(kind, param, value, "&format=html"), headers=h)
    assert page.mimetype == "text/html" and "<script" not in page.get_data(as_text=True)
    book = client.get(_url(kind, param, value, "&format=xlsx"), headers=h)
    assert book.data[:2] == b"PK"


def test_documented_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/reports/weekly", "/api/v1/reports/monthly", "/api/v1/reports/ranking",
                 "/api/v1/items/export"):
        assert "get" in paths[path], path
    params = {p["name"] for p in paths["/api/v1/items/export"]["get"]["parameters"]}
    assert {"format", "status", "unit_id", "overdue", "q"} <= params
    assert "page" not in params


def test_print_stylesheet_is_public_a4_css(client):
    resp = client.get("/api/v1/reports/print.css")
    assert resp.status_code == 200 and resp.mimetype == "text/css"
    css = resp.get_data(as_text=True)
    resp.close()
    assert "size: A4" in css and "@media print" in css
