"""server/web.py: the field app served at /, the precache list derived from the files'
hashes (a changed file means a new worker), installability and security headers."""

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from server import create_app
from tests.browser.liveserver import ROOT

PWA = ROOT / "pwa"


@pytest.fixture
def web(tmp_path):
    """An app serving a copy of pwa/ that the test may change; make() builds it."""
    pwa = tmp_path / "pwa"
    shutil.copytree(PWA, pwa)

    def make():
        app = create_app({"DATA_DIR": str(tmp_path / "data"), "PWA_DIR": str(pwa),
                          "TESTING": True})
        return app.test_client()

    return pwa, make


def test_index_is_chinese_and_has_no_inline_script(web):
    _, make = web
    resp = make().get("/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert '<html lang="zh-CN">' in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/' in tag, f"inline script: {tag}"
    assert re.search(r"<script[^>]*>\s*[^<\s]", html) is None
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    preloaded = set(re.findall(r'rel="modulepreload" href="([^"]+)"', html))
    assert {"/js/store/db.js", "/js/views/report.js", "/js/i18n/zh-CN.js"} <= preloaded
    assert "/js/sync/engine.js" not in preloaded, "loaded after the first screen"


def test_preload_follows_static_imports_only():
    from server.web import static_closure

    files = {"/js/app.js": b"import { a } from './a.js';\nimport {\n  b,\n} from './sub/b.js';\n"
             b"const later = () => import('./lazy.js');\n",
             "/js/a.js": b"export * from './sub/c.js';\n", "/js/sub/b.js": b"import '../a.js';\n",
             "/js/sub/c.js": b"", "/js/lazy.js": b"import './never.js';\n"}
    assert static_closure(files) == ["/js/a.js", "/js/sub/b.js", "/js/sub/c.js"]


def test_manifest_makes_it_installable(web):
    _, make = web
    client = make()
    resp = client.get("/manifest.webmanifest")
    assert resp.mimetype == "application/manifest+json"
    manifest = json.loads(resp.get_data())
    assert manifest["display"] == "standalone" and manifest["lang"] == "zh-CN"
    assert manifest["short_name"] == "丈量" and re.search(r"[\u4e00-\u9fff]", manifest["name"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {i["sizes"] for i in manifest["icons"] if i["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        body = client.get(icon["src"]).get_data()
        if icon["type"] == "image/png":
            with Image.open(__import__("io").BytesIO(body)) as img:
                assert f"{img.width}x{img.height}" == icon["sizes"]


def test_precache_lists_every_file_by_content_hash(web):
    pwa, make = web
    listing = json.loads(make().get("/precache.json").get_data())
    files = {f["url"]: f["hash"] for f in listing["files"]}
    on_disk = {"/" + p.relative_to(pwa).as_posix() for p in pwa.rglob("*") if p.is_file()
               and not p.relative_to(pwa).as_posix().startswith(("console/", "public/"))}
    icons = {u for u in on_disk if u.startswith("/icons/") and u.endswith(".png")}
    assert icons and set(files) == (on_disk - {"/sw.js", "/index.html"} - icons) | {"/"}
    assert files["/css/app.css"] == hashlib.sha256((pwa / "css/app.css").read_bytes()).hexdigest()
    sw = make().get("/sw.js")
    assert sw.headers["Cache-Control"] == "no-cache"
    assert sw.get_data(as_text=True).startswith(
        f'self.__ZL_PRECACHE__ = {{"version":"{listing["version"]}"')


def test_a_changed_file_makes_a_new_worker(web):
    pwa, make = web
    before = make().get("/sw.js").get_data()
    (pwa / "js/i18n/zh-CN.js").write_text((pwa / "js/i18n/zh-CN.js").read_text() + "\n// x\n")
    after = make().get("/sw.js").get_data()
    assert before != after
    same = make().get("/sw.js").get_data()
    assert same == after


def test_gzip_etag_and_versioned_caching(web):
    _, make = web
    client = make()
    plain = client.get("/js/app.js")
    zipped = client.get("/js/app.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert plain.headers["Cache-Control"] == "no-cache"
    again = client.get("/js/app.js", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304
    digest = hashlib.sha256(plain.get_data()).hexdigest()[:16]
    versioned = client.get(f"/js/app.js?v={digest}")
    assert "immutable" in versioned.headers["Cache-Control"]


def test_only_app_files_are_served(web):
    _, make = web
    client = make()
    for path in ("/../server/web.py", "/js/../../pyproject.toml", "/nothing.js", "/.git/config"):
        assert client.get(path).status_code == 404, path
    resp = client.get("/api/v1/no-such-thing")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"


def test_every_module_is_small_and_says_why_it_exists():
    for path in list(PWA.rglob("*.js")) + [PWA / "css/app.css", ROOT / "server/web.py"]:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 300, path
        assert text.lstrip().startswith(("//", "/*", '"""')), f"{path}: header comment"
        if path.suffix == ".js":
            code = "\n".join(line.split("//")[0] for line in text.splitlines())
            assert "innerHTML" not in code and "insertAdjacentHTML" not in code, path


def test_only_db_module_opens_indexeddb():
    users = sorted(str(p.relative_to(PWA)) for p in PWA.rglob("*.js")
                   if "indexedDB" in p.read_text(encoding="utf-8"))
    assert users == ["js/store/db.js"]
    for view in (PWA / "js/views").glob("*.js"):
        text = view.read_text(encoding="utf-8")
        assert "fetch(" not in text and "/store/" not in text and "/sync/" not in text, view


def test_no_untranslated_text_in_views():
    han = re.compile(r"[\u4e00-\u9fff]")
    for path in PWA.rglob("*.js"):
        if path.name == "zh-CN.js":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//")[0]
            assert not han.search(code), f"{path}:{n} has text outside the catalogue"


def test_static_folder_default_is_the_repo_pwa():
    from server.web import DEFAULT_DIR

    assert Path(DEFAULT_DIR) == PWA
