"""server/web.py: the field app served at /, the precache lists derived from the files'
hashes (a changed file means a new worker): the core shell and the role screens, checked
against the files on disk and the real import graph, like the page's module preloads;
installability and security headers."""

import gzip
import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from server import create_app
from server.web import ROLE_SCREENS
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
    roles = {f["url"]: f["hash"] for f in listing["roles"]}
    on_disk = {"/" + p.relative_to(pwa).as_posix() for p in pwa.rglob("*") if p.is_file()
               and not p.relative_to(pwa).as_posix().startswith(("console/", "public/"))}
    icons = {u for u in on_disk if u.startswith("/icons/") and u.endswith(".png")}
    # every file of the field app is in exactly one list, or deliberately in none
    assert icons and not set(files) & set(roles)
    assert set(files) | set(roles) == (on_disk - {"/sw.js", "/index.html"} - icons) | {"/"}
    assert set(roles) == ROLE_SCREENS
    assert files["/css/app.css"] == hashlib.sha256((pwa / "css/app.css").read_bytes()).hexdigest()
    assert roles["/js/views/verify.js"] == hashlib.sha256(
        (pwa / "js/views/verify.js").read_bytes()).hexdigest()
    sw = make().get("/sw.js")
    assert sw.headers["Cache-Control"] == "no-cache"
    assert sw.get_data(as_text=True).startswith(
        f'self.__ZL_PRECACHE__ = {{"version":"{listing["version"]}"')


@pytest.mark.parametrize("changed", ["js/i18n/zh-CN.js", "js/views/signature.js"])
def test_a_changed_file_makes_a_new_worker(web, changed):
    """Core or role screen: either changes the version, so role screens never go stale."""
    pwa, make = web
    before = make().get("/sw.js").get_data()
    (pwa / changed).write_text((pwa / changed).read_text() + "\n// x\n")
    after = make().get("/sw.js").get_data()
    assert before != after
    same = make().get("/sw.js").get_data()
    assert same == after


def _imports(url: str) -> tuple[set[str], set[str]]:
    """(static, dynamic) imports of a module of pwa/, as absolute URLs (read here on
    their own, not with the server's parser)."""
    text = (PWA / url.lstrip("/")).read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    static = re.findall(r"^(?:import|export)\b[^'\"]*?['\"](\.[^'\"]+)['\"]", code, re.M | re.S)
    dynamic = re.findall(r"\bimport\(\s*['\"](\.[^'\"]+)['\"]\s*\)", code)
    def absolute(refs):
        return {posixpath.normpath(posixpath.join(posixpath.dirname(url), r)) for r in refs}
    return absolute(static), absolute(dynamic)


def _closure(starts, follow_dynamic: bool) -> set[str]:
    seen, todo = set(), list(starts)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        static, dynamic = _imports(url)
        todo += static | (dynamic if follow_dynamic else set())
    return seen


def test_role_screens_are_only_the_role_users_modules():
    """ROLE_SCREENS is exactly what the field controller's role import pulls in beyond
    the core, and no core module imports one of them statically."""
    modules = {"/" + p.relative_to(PWA).as_posix() for p in (PWA / "js").rglob("*.js")}
    role_imports = {u for u in _imports("/js/controllers/field.js")[1]
                    if u in ROLE_SCREENS}
    assert role_imports == {"/js/views/worklists.js", "/js/controllers/closing.js",
                            "/js/controllers/projects.js"}
    pulled = _closure(role_imports, follow_dynamic=True)
    core = modules - ROLE_SCREENS
    assert pulled - core == ROLE_SCREENS
    for url in core:
        static, dynamic = _imports(url)
        assert not static & ROLE_SCREENS, f"{url} imports a role screen statically"
        if url != "/js/controllers/field.js":
            assert not dynamic & ROLE_SCREENS, f"{url} imports a role screen"
    # everything else the app can load is core: nothing left out of the two lists
    reachable = _closure({"/js/app.js"}, follow_dynamic=True)
    assert reachable == modules, sorted(modules - reachable)


def test_modulepreload_is_the_first_screens_static_import_graph(web):
    _, make = web
    html = make().get("/").get_data(as_text=True)
    preloaded = re.findall(r'rel="modulepreload" href="([^"]+)"', html)
    assert sorted(preloaded) == sorted(_closure({"/js/app.js"}, follow_dynamic=False)
                                       - {"/js/app.js"})
    assert not set(preloaded) & ROLE_SCREENS


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
