"""Pushing raw JSON and reading its answers strictly: shared by the push failure tests."""

import json
import re

_UNSAFE_ESCAPE = re.compile(r"\\u(0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def post(client, headers, mutations):
    """POST a push as raw JSON (a lone surrogate travels as its \\u escape)."""
    return client.post("/api/v1/sync/push", data=json.dumps({"device_id": "p", "mutations":
                                                             mutations}),
                       content_type="application/json", headers=headers)


def answers(resp) -> list[dict]:
    """A 200 push's results, after checking the body is strict UTF-8 JSON without NUL or
    lone surrogates (escaped or not)."""
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    text = resp.get_data().decode("utf-8")
    assert "\x00" not in text and not _UNSAFE_ESCAPE.search(text), text
    return json.loads(text)["results"]


def statuses(results) -> list[str]:
    """The status of each result, in order."""
    return [a["status"] for a in results]
