"""The console's pure modules, run in chromium: WGS-84 -> GCJ-02 against published
values, the map projection and tile arithmetic, time and ISO-week formatting in the
deployment's zone, and the address (route) round trip."""

from __future__ import annotations

import math
import re

import pytest

# Published test vectors of the GCJ-02 algorithm (eviltransform): WGS-84 -> GCJ-02.
GCJ_VECTORS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),    # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),    # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),    # Beijing
]


def run(lab, module: str, body: str, arg=None):
    """Import a console module as `m` and evaluate `body` (an expression) with `arg`."""
    return lab.evaluate(f"async (arg) => {{ const m = await import('/console/{module}'); "
                        f"return ({body}); }}", arg)


@pytest.mark.parametrize("wgs,gcj", GCJ_VECTORS)
def test_wgs84_to_gcj02_matches_published_values(lab, wgs, gcj):
    lat, lon = run(lab, "lib/gcj02.js", "m.wgs84ToGcj02(arg[0], arg[1])", list(wgs))
    assert abs(lat - gcj[0]) < 1e-9 and abs(lon - gcj[1]) < 1e-9


def test_gcj02_is_the_identity_outside_china_and_a_few_hundred_metres_inside(lab):
    assert run(lab, "lib/gcj02.js", "m.wgs84ToGcj02(39.7392, -104.9903)") == [39.7392, -104.9903]
    assert run(lab, "lib/gcj02.js", "m.outOfChina(51.5, -0.12)") is True
    lat, lon = run(lab, "lib/gcj02.js", "m.wgs84ToGcj02(34.396, 113.738)")  # 新郑
    shift_m = math.hypot((lat - 34.396) * 111320, (lon - 113.738) * 111320 * math.cos(0.6))
    assert 100 < shift_m < 1000


def test_projection_round_trip_and_metres(lab):
    got = run(lab, "lib/project.js", """(() => {
        const p = m.projection(34.4, 113.7);
        const [x, y] = p.toXY(34.41, 113.71);
        return { x, y, back: p.toLatLon(x, y) };
    })()""")
    assert abs(got["y"] + 1113.2) < 0.1            # 0.01° north is ~1.1 km up (negative y)
    assert abs(got["x"] - 1113.2 * math.cos(math.radians(34.4))) < 0.1
    assert abs(got["back"][0] - 34.41) < 1e-12 and abs(got["back"][1] - 113.71) < 1e-12


def test_tiles_cover_the_view_and_sit_where_mercator_puts_them(lab):
    got = run(lab, "lib/project.js", """(() => {
        const p = m.projection(34.4, 113.7);
        const view = { cx: 0, cy: 0, scale: 0.25 };
        const tiles = m.tilesFor(p, view, 800, 600);
        const left = Math.min(...tiles.map((t) => t.sx));
        const top = Math.min(...tiles.map((t) => t.sy));
        const right = Math.max(...tiles.map((t) => t.sx + t.w));
        const bottom = Math.max(...tiles.map((t) => t.sy + t.h));
        return { n: tiles.length, z: tiles[0].z, left, top, right, bottom, w: tiles[0].w,
                 x: Math.floor(m.lon2tile(113.6253, 10)), y: Math.floor(m.lat2tile(34.7466, 10)),
                 lon: m.tile2lon(835, 10), lat: m.tile2lat(m.lat2tile(34.7466, 12), 12),
                 url: m.tileUrl('https://t{s}.x.cn/{z}/{x}/{y}.png', { z: 3, x: 6, y: 3 },
                                '01234567'),
                 zooms: [0.01, 0.1, 1, 4].map((s) => m.zoomFor(s, 34.4)) };
    })()""")
    assert got["left"] <= 0 and got["top"] <= 0 and got["right"] >= 800 and got["bottom"] >= 600
    assert got["n"] <= 30 and 180 < got["w"] < 360, "tiles near their native size"
    assert (got["x"], got["y"]) == (835, 406)           # 郑州 at zoom 10
    assert abs(got["lon"] - 113.5546875) < 1e-9 and abs(got["lat"] - 34.7466) < 1e-9
    assert got["url"] == "https://t1.x.cn/3/6/3.png"
    assert got["zooms"] == sorted(got["zooms"]) and got["zooms"][-1] <= 18


@pytest.mark.parametrize("day,week", [("2026-11-27", "2026-W48"), ("2021-01-03", "2020-W53"),
                                      ("2024-12-30", "2025-W01"), ("2026-01-01", "2026-W01")])
def test_iso_week(lab, day, week):
    assert run(lab, "lib/format.js", "m.isoWeek(arg)", day) == week


def test_times_show_in_the_deployments_zone(lab):
    got = run(lab, "lib/format.js", """[m.dateTime('2026-11-20T08:18:30.693093'),
        m.dateTime('2026-10-17T16:18:25+08:00'), m.localDate('2026-11-30T17:00:00'),
        m.quarterOf('2026-11-27'), m.monthOf('2026-11-27'), m.percent(0.8333), m.percent(null),
        m.addDays('2026-02-27', 2), m.dateTime(''), m.dateTime('nonsense')]""")
    assert got == ["2026-11-20 16:18", "2026-10-17 16:18", "2026-12-01", "2026-Q4", "2026-11",
                   "83.3%", "—", "2026-03-01", "", ""]


def test_route_round_trip(lab):
    got = run(lab, "lib/route.js", """(() => {
        const hash = m.build('ledger', '', { status: ['new', 'assigned'], q: '井盖 破损',
                                             overdue: true, leader_led: false, unit_id: '',
                                             page: 2 });
        const r = m.parse(hash);
        return { hash, screen: r.screen, values: m.read(r.params, { status: 'list', q: 'text',
                 overdue: 'bool', leader_led: 'bool', unit_id: 'int', page: 'int' }),
                 item: m.parse('#/item/42'), junk: m.parse('#/%E0%A4%A/x') };
    })()""")
    assert got["screen"] == "ledger"
    assert got["values"] == {"status": ["new", "assigned"], "q": "井盖 破损", "overdue": True,
                             "page": 2}
    assert (got["item"]["screen"], got["item"]["sub"]) == ("item", "42")
    assert got["junk"]["screen"] == ""


def test_every_message_key_the_console_uses_is_in_the_catalogue(lab):
    from tests.console.test_console_web import CONSOLE

    keys = set()
    for path in CONSOLE.rglob("*.js"):
        keys |= set(re.findall(r"\bt\('([\w.-]+)'", path.read_text(encoding="utf-8")))
    assert len(keys) > 150
    missing = lab.evaluate("""async (keys) => {
        const zh = (await import('/console/i18n/zh-CN.js')).default;
        const get = (k) => k.split('.').reduce((v, p) => (v == null ? v : v[p]), zh);
        return keys.filter((k) => typeof get(k) !== 'string');
    }""", sorted(keys))
    assert missing == []
