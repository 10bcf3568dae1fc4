"""问题地图: items as dots coloured by status against the areas' circles, without tiles by
default; with a tile template (here a fake host served by the test) the tiles go below
and each dot sits on its WGS-84 (or, for GCJ-02 tiles, converted) spot of the tile."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.console.data import tag
from tests.console.helpers import csp_violations, goto, login

OPEN = ("new", "assigned", "rectified", "long_term")
TILE_HOST = "https://tiles.example.test"


def located(seed, statuses) -> list[dict]:
    items, page = [], 1
    while True:
        query = "&".join(f"status={s}" for s in statuses)
        got = seed.call("GET", f"/api/v1/items?{query}&per_page=200&page={page}")
        items += got["items"]
        if len(items) >= got["total"] or not got["items"]:
            return [i for i in items if i["lat"] is not None]
        page += 1


def test_dots_by_status_areas_popup_and_legend(page, console_live, seed):
    mine = seed.report(f"村委会门前路面塌陷{tag()}", category="infrastructure")
    login(page, console_live, "office")
    goto(page, "#/map")
    items = located(seed, OPEN)
    expect(page.locator("#map-svg circle.dot")).to_have_count(len(items))
    for status in OPEN:
        expect(page.locator(f"#map-svg circle.dot.st-{status}")).to_have_count(
            sum(i["status"] == status for i in items))
    areas = [a for a in seed.call("GET", "/api/v1/me")["areas"] if a["lat"] is not None]
    expect(page.locator("#map-svg circle.area")).to_have_count(len(areas))
    expect(page.locator(".attribution")).to_contain_text("未配置底图")
    assert page.locator("#map-svg image.tile").count() == 0

    # a demo item's dot may lie over this one (the demo's places are random): bring this
    # dot to the top, as the later of two overlapping dots is, then click where it is
    page.evaluate("""(id) => { const dot = document.querySelector(
      `#map-svg circle.dot[data-id='${id}']`); dot.parentNode.appendChild(dot); }""", mine)
    page.locator(f"#map-svg circle.dot[data-id='{mine}']").click()
    popup = page.locator("#map-popup")
    expect(popup).to_contain_text(f"#{mine}")
    expect(popup).to_contain_text("村委会门前路面塌陷")

    bar = page.locator("#map-svg .scale-line")
    before = (bar.get_attribute("x2"), page.locator("#map-svg .scale-text").text_content())
    page.click("#map-zoom-in")
    expect(bar).not_to_have_attribute("x2", before[0])
    assert (bar.get_attribute("x2"), page.locator("#map-svg .scale-text").text_content()) != before
    page.locator("#map-legend input[data-status=new]").uncheck()
    expect(page.locator("#map-svg circle.dot.st-new")).to_have_count(0)

    popup.locator("a").click()
    expect(page.locator(".item-page")).to_have_attribute("data-id", str(mine))
    page.click("#item-on-map")  # back to the map, centred on the item
    expect(page.locator(f"#map-svg circle.dot.focus[data-id='{mine}']")).to_have_count(1)
    assert not csp_violations(page)


def _tile_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(out, "PNG")
    return out.getvalue()


def _with_tiles(page, server, gcj02: bool) -> list[str]:
    """Serve /console/ as a deployment with MAP_TILE_URL set would (meta and CSP)."""
    settings = {"map": {"tiles": [TILE_HOST + "/{z}/{x}/{y}.png"], "subdomains": "", "gcj02": gcj02,
                        "attribution": "测试底图"}, "timezone": "Asia/Shanghai"}
    meta = f'<meta name="zl-config" content="{html.escape(json.dumps(settings))}">'
    fetched: list[str] = []

    def console_page(route):
        resp = route.fetch()
        headers = dict(resp.headers)
        headers["content-security-policy"] = headers["content-security-policy"].replace(
            "img-src 'self'", f"img-src 'self' {TILE_HOST}")
        headers.pop("content-encoding", None)
        body = re.sub(r'<meta name="zl-config"[^>]*>', lambda _: meta, resp.text())
        route.fulfill(status=200, headers=headers, body=body)

    def tile(route):
        fetched.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=_tile_png())

    page.route(server.url + "/console/", console_page)
    page.route(TILE_HOST + "/**", tile)
    return fetched


@pytest.mark.parametrize("gcj02", [False, True])
def test_tiles_go_under_the_dots_in_the_right_datum(page, console_live, seed, gcj02):
    mine = seed.report(f"桥头护栏缺失{tag()}", category="infrastructure")
    it = seed.item(mine)
    fetched = _with_tiles(page, console_live, gcj02)
    login(page, console_live, "office")
    goto(page, f"#/map?focus={mine}")
    expect(page.locator(".attribution")).to_have_text("测试底图")
    page.wait_for_function("() => document.querySelectorAll('#map-svg image.tile').length > 0")
    assert fetched and all(re.search(r"/\d+/\d+/\d+\.png$", u) for u in fetched)
    # where the item must sit: its (converted) position inside the Web Mercator tile
    offset = page.evaluate("""async ([id, lat, lon, gcj]) => {
        const { wgs84ToGcj02 } = await import('/console/lib/gcj02.js');
        const [la, lo] = gcj ? wgs84ToGcj02(lat, lon) : [lat, lon];
        const dot = document.querySelector(`circle.dot[data-id="${id}"]`);
        const cx = +dot.getAttribute('cx'); const cy = +dot.getAttribute('cy');
        for (const img of document.querySelectorAll('#map-svg image.tile')) {
          const found = img.getAttribute('href').match(/(\\d+)\\/(\\d+)\\/(\\d+)\\.png$/);
          const [z, x, y] = found.slice(1).map(Number);
          const n = 2 ** z; const r = la * Math.PI / 180;
          const fx = (lo + 180) / 360 * n - x;
          const fy = (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n - y;
          if (fx < 0 || fx >= 1 || fy < 0 || fy >= 1) continue;
          const ex = +img.getAttribute('x') + fx * +img.getAttribute('width');
          const ey = +img.getAttribute('y') + fy * +img.getAttribute('height');
          return [cx - ex, cy - ey, z];
        }
        return null;
    }""", [mine, it["lat"], it["lon"], gcj02])
    assert offset is not None, "no tile under the item"
    dx, dy, zoom = offset
    assert abs(dx) < 1.5 and abs(dy) < 1.5, offset
    assert zoom >= 14, "a focused item is shown close up"
    assert not csp_violations(page)
