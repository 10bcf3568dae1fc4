"""Unit tests of the sync modules in the browser: backoff bounds, how client.js reads
each kind of answer (with a stubbed fetch), resumable upload on 409, and how the
outbox settles each push result (a resent refused mutation stays refused)."""

import pytest


def test_backoff_grows_with_jitter_and_a_cap(lab):
    rows = lab.evaluate("""async () => {
      const { backoffMs } = await import('/js/sync/scheduler.js');
      const o = { baseMs: 1000, maxMs: 60000 };
      return [1, 2, 3, 6, 7, 20].map((n) => [n, backoffMs(n, { ...o, random: () => 0 }),
        backoffMs(n, { ...o, random: () => 0.999999 })]);
    }""")
    for n, low, high in rows:
        cap = min(60000, 1000 * 2 ** (n - 1))
        assert low == cap / 2 and abs(high - cap) <= 1, (n, low, high)


STUB = """async ([status, body, headers, fail]) => {
  const client = await import('/js/sync/client.js');
  const real = window.fetch;
  window.fetch = async () => {
    if (fail) throw new TypeError('Failed to fetch');
    return new Response(body, { status, headers });
  };
  try {
    await client.push('dev', []);
    return 'ok';
  } catch (err) {
    return [err.kind, err.code, err.retryable];
  } finally {
    window.fetch = real;
  }
}"""


@pytest.mark.parametrize("status,body,fail,expected", [
    (503, "", False, ["server", "http_503", True]),
    (429, '{"error":{"code":"too_many_attempts"}}', False, ["server", "too_many_attempts", True]),
    (401, '{"error":{"code":"unauthorized"}}', False, ["auth", "unauthorized", False]),
    (413, '{"error":{"code":"too_many_mutations"}}', False,
     ["client", "too_many_mutations", False]),
    (200, "not json", False, ["server", "bad_answer", True]),
    (0, "", True, ["network", "network", True]),
])
def test_client_classifies_answers(lab, status, body, fail, expected):
    assert lab.evaluate(STUB, [status or 200, body, {}, fail]) == expected


def test_upload_resumes_at_server_offset(lab):
    ranges = lab.evaluate("""async () => {
      const client = await import('/js/sync/client.js');
      const seen = [];
      const real = window.fetch;
      window.fetch = async (url, init) => {
        const range = init.headers['Content-Range'];
        seen.push(range);
        if (seen.length === 1) {  // the server already holds 300000 bytes
          return new Response('{"error":{"code":"offset_mismatch"}}',
            { status: 409, headers: { 'Upload-Offset': '300000' } });
        }
        const end = Number(range.split('-')[1].split('/')[0]);
        return end === 599999 ? new Response(null, { status: 201 })
          : new Response(null, { status: 202, headers: { 'Upload-Offset': String(end + 1) } });
      };
      try {
        const r = await client.uploadPhoto({ sha: 'a'.repeat(64), mime: 'image/jpeg' },
          new ArrayBuffer(600000));
        return [r, seen];
      } finally { window.fetch = real; }
    }""")
    assert ranges == ["created", ["bytes 0-262143/600000", "bytes 300000-562143/600000",
                                  "bytes 562144-599999/600000"]]


def test_outbox_settles_each_result(lab):
    states = lab.evaluate("""async () => {
      const outbox = await import('/js/store/outbox.js');
      const db = await import('/js/store/db.js');
      await db.wipe();
      const add = () => outbox.addMutation('visit.checkin', { area_id: 1, lat: 1, lon: 1 }, 'u');
      const [a, b, c, d] = [await add(), await add(), await add(), await add()];
      await outbox.applyResult(a.id, { id: a.id, status: 'applied', item_id: 7 });
      await outbox.applyResult(b.id, { id: b.id, status: 'duplicate', first_status: 'rejected',
        error: { code: 'validation_failed' } });
      await outbox.applyResult(c.id, { id: c.id, status: 'needs_photos', missing: [] });
      await outbox.applyResult(d.id, { id: d.id, status: 'rejected', error: { code: 'too_far' } });
      const rows = await db.listRecords();
      const open = (await outbox.toPush()).map((r) => r.id);
      // in the order they were made (four made in one millisecond sort in any order)
      const byId = new Map(rows.map((r) => [r.id, r]));
      const out = [a, b, c, d].map(({ id }) => byId.get(id)).map((r) => [r.state,
        r.itemId, r.error && r.error.code, open.includes(r.id)]);
      await db.wipe();
      return out;
    }""")
    assert states == [["synced", 7, None, False], ["rejected", None, "validation_failed", False],
                      ["needs_photos", None, "photos_missing", True],
                      ["rejected", None, "too_far", False]]
