"""server/web.py for the console and the public page, and the rules their code keeps:
pages without inline scripts under a strict CSP, the map's tile host (and only it)
allowed for images when configured, small commented modules, no HTML from strings,
fetches only in the api module, no text outside the catalogues."""

from __future__ import annotations

import html
import json
import re

import pytest

from server import create_app
from tests.browser.liveserver import ROOT

PWA = ROOT / "pwa"
CONSOLE, PUBLIC = PWA / "console", PWA / "public"
TIANDITU = ("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec"
            "&TILEMATRIXSET=w&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY")


def client(tmp_path, **config):
    return create_app({"DATA_DIR": str(tmp_path / "data"), "TESTING": True, **config}).test_client()


def settings_of(page: str) -> dict:
    found = re.search(r'<meta name="zl-config" content="([^"]*)">', page)
    return json.loads(html.unescape(found.group(1)))


def img_src(resp) -> str:
    return re.search(r"img-src ([^;]*)", resp.headers["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize("path,entry", [("/console/", "/console/app.js"),
                                        ("/public/", "/public/public.js")])
def test_pages_are_served_without_inline_scripts(tmp_path, path, entry):
    web = client(tmp_path)
    resp = web.get(path)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert '<html lang="zh-CN">' in page
    assert re.findall(r"<script\b[^>]*>", page) == [f'<script type="module" src="{entry}">']
    assert re.search(r"<script[^>]*>\s*[^<\s]", page) is None
    assert re.search(r"<[^>]+\son\w+\s*=", page) is None, "no inline event handlers"
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert web.get(path.rstrip("/")).status_code == 308
    assert web.get(path.rstrip("/")).headers["Location"].endswith(path)
    assert web.get(path + "index.html").get_data() == resp.get_data()


def test_console_preloads_its_modules_and_stays_out_of_the_field_apps_entry(tmp_path):
    web = client(tmp_path)
    page = web.get("/console/").get_data(as_text=True)
    preloaded = set(re.findall(r'rel="modulepreload" href="([^"]+)"', page))
    assert {"/console/api.js", "/console/views/queue.js", "/console/i18n/zh-CN.js"} <= preloaded
    assert not any(p.startswith("/js/") for p in preloaded)
    field = web.get("/").get_data(as_text=True)
    assert "/console/" not in field
    listed = {f["url"] for f in json.loads(web.get("/precache.json").get_data())["files"]}
    assert "/console/" not in listed and "/public/" not in listed, "aliases are not listed twice"


def test_without_tiles_the_console_allows_no_other_image_host(tmp_path):
    web = client(tmp_path)
    resp = web.get("/console/")
    settings = settings_of(resp.get_data(as_text=True))
    assert settings.pop("calendar")["years"], "the deadline picker's working-day calendar"
    assert settings == {
        "map": {"tiles": [], "subdomains": "01234567", "gcj02": False, "attribution": ""},
        "timezone": "Asia/Shanghai"}
    assert img_src(resp) == "'self' blob: data:"


def test_a_tile_template_reaches_the_console_and_its_csp_only(tmp_path):
    web = client(tmp_path, MAP_TILE_URL=f"{TIANDITU} {TIANDITU.replace('vec', 'cva')}",
                 MAP_TILE_GCJ02="0", MAP_TILE_ATTRIBUTION="天地图 审图号：GS(2024)0000号")
    resp = web.get("/console/")
    tiles = settings_of(resp.get_data(as_text=True))["map"]
    assert tiles["tiles"] == [TIANDITU, TIANDITU.replace("vec", "cva")]
    assert tiles["gcj02"] is False and tiles["attribution"].startswith("天地图")
    assert img_src(resp) == "'self' https://*.tianditu.gov.cn blob: data:"
    assert img_src(web.get("/console/app.js")) == img_src(resp)
    for other in ("/", "/public/", "/js/app.js"):
        assert "tianditu" not in web.get(other).headers["Content-Security-Policy"], other
    amap = client(tmp_path, MAP_TILE_URL="https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}",
                  MAP_TILE_SUBDOMAINS="1234", MAP_TILE_GCJ02="1").get("/console/")
    assert settings_of(amap.get_data(as_text=True))["map"]["gcj02"] is True
    assert "https://*.is.autonavi.com" in img_src(amap)


@pytest.mark.parametrize("bad", ["javascript:alert(1)/{z}/{x}/{y}", "https://x.org/tiles.png",
                                 "https://a.org;script-src *;/{z}/{x}/{y}", "https://*/{z}/{x}/{y}",
                                 "https://user@evil.org/{z}/{x}/{y}"])
def test_a_bad_tile_template_is_ignored(tmp_path, bad):
    resp = client(tmp_path, MAP_TILE_URL=bad).get("/console/")
    assert settings_of(resp.get_data(as_text=True))["map"]["tiles"] == []
    assert img_src(resp) == "'self' blob: data:"


def _code(path) -> str:
    """The file without // comments (and without /* */ headers)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return "\n".join(line if "://" in line else line.split("//")[0] for line in text.splitlines())


SCRIPTS = sorted(list(CONSOLE.rglob("*.js")) + list(PUBLIC.rglob("*.js")))


STYLES = sorted(list(CONSOLE.rglob("*.css")) + list(PUBLIC.rglob("*.css")))


@pytest.mark.parametrize("path", SCRIPTS + STYLES, ids=lambda p: str(p.relative_to(PWA)))
def test_every_file_is_small_and_says_why_it_exists(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300
    assert text.lstrip().startswith(("//", "/*")), "header comment"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(PWA)))
def test_no_markup_from_strings_and_no_text_outside_the_catalogues(path):
    code = _code(path)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "createContextualFragment", "DOMParser"):
        assert sink not in code, sink
    if path.name != "zh-CN.js":
        assert not re.search(r"[\u4e00-\u9fff]", code), "user-facing text belongs in zh-CN.js"


def test_only_the_api_module_fetches_and_views_never_do():
    fetching = sorted(str(p.relative_to(CONSOLE)) for p in CONSOLE.rglob("*.js")
                      if re.search(r"\bfetch\(", _code(p)))
    assert fetching == ["api.js"]
    for view in (CONSOLE / "views").glob("*.js"):
        code = _code(view)
        for banned in ("api.js", "XMLHttpRequest", "sessionStorage", "localStorage"):
            assert banned not in code, (view, banned)
    public = [p.name for p in PUBLIC.rglob("*.js") if re.search(r"\bfetch\(", _code(p))]
    assert public == ["api.js"]
    assert "Authorization" not in _code(PUBLIC / "api.js")
    for view in (PUBLIC / "views").glob("*.js"):
        code = _code(view)
        for banned in ("api.js", "XMLHttpRequest", "sessionStorage", "localStorage"):
            assert banned not in code, (view, banned)
