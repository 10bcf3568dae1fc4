"""What the production server refuses before the app sees it is answered in JSON too.

gunicorn refuses a request line over 8,190 bytes, too many or too large headers and
malformed request lines itself; our worker class writes those answers in the shared
error shape. And the start-up warnings of the app (a year missing from the holiday
calendar) are printed once, not once per worker.
"""

import socket
from datetime import date

import pytest

from server.reports.calendar import build_calendar, missing_years
from tests.reliability.server_proc import HOST


def _error_code(resp) -> str:
    """The code of an answer in the shared error shape."""
    assert resp.headers["content-type"].startswith("application/json"), resp
    body = resp.json()
    assert set(body["error"]) == {"code", "message", "details"}, body
    return body["error"]["code"]


@pytest.mark.parametrize("length", [9000, 70_000])
def test_an_overlong_url_is_414_in_json(live, length):
    resp = live.request("GET", "/api/v1/items?q=" + "a" * length)
    assert resp.status == 414, resp
    assert _error_code(resp) == "uri_too_long"


def test_an_overlong_header_is_431_in_json(live):
    resp = live.request("GET", "/api/v1/me", headers={"X-Junk": "b" * 20_000})
    assert resp.status == 431, resp
    assert _error_code(resp) == "headers_too_large"


def test_too_many_headers_are_431_in_json(live):
    resp = live.request("GET", "/api/v1/me", headers={f"X-H{i}": "1" for i in range(150)})
    assert resp.status == 431, resp
    assert _error_code(resp) == "headers_too_large"


def test_a_malformed_request_line_is_400_in_json(live):
    with socket.create_connection((HOST, live.port), timeout=10) as sock:
        sock.sendall(b"GET /api/v1/me HTTP/9\r\nHost: x\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), data[:200]
    assert b"application/json" in head and b'"code": "bad_request"' in body, data[:400]


def test_the_app_still_answers_after_refusals(live):
    live.request("GET", "/api/v1/items?q=" + "a" * 9000)
    assert live.request("GET", "/api/v1/me").status == 401


def test_the_calendar_warning_is_printed_once_per_missing_year(live):
    log = live.log_tail(200_000)
    for year in missing_years(build_calendar(), date.today()):
        needle = f"working-day calendar has no holidays for {year}"
        assert log.count(needle) == 1, (year, log.count(needle))
