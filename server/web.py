"""Serve the field app (`pwa/`) at `/`, the office console at `/console/` and the
public progress page at `/public/`, with the precache list and security headers.

The app is plain files (no build step). At startup the blueprint reads every file
once, keeps it (and a gzip copy) in memory and derives from the content hashes:
- `/precache.json`: `{"version", "files": [{"url", "hash"}], "roles": [...]}`: `files`
  is the core shell every user gets when the worker installs (login, the cadre's
  screens, store, sync, capture, i18n); `roles` are the handler's and supervisor's
  screens (`ROLE_SCREENS`), which the worker caches only once a user holding such a
  role has logged in, under the same version;
- `/sw.js`: the service worker with that listing prepended, so any changed file (core
  or role) makes a new worker (the browser compares the worker's bytes) and old
  caches go away.
`index.html` gets `<link rel=modulepreload>` for the modules `/js/app.js` imports
statically (directly or not), so a slow network fetches the first screen's module
graph in one round instead of one per import level; modules the app imports
dynamically (after its first screen) are not preloaded and do not compete.
Each page (`/`, `/console/`, `/public/`) is its folder's index.html, preloading its
own entry module. Pages carry a Content-Security-Policy without inline scripts; the
console's also allows images from the map tile host, when one is configured
(`MAP_TILE_URL` etc. from the app config; see `map_settings`), and its page
carries those settings and the time zone in `<meta name="zl-config">`. The folder is
`<repo>/pwa`, or the `PWA_DIR` setting (`ZHANGLIANG_PWA_DIR`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import posixpath
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, redirect, request
from werkzeug.exceptions import NotFound

from server.reports.calendar_settings import calendar_settings
from server.reports.output import STYLE_SOURCES
from server.services.placard import STYLE_SOURCE as PLACARD_STYLE

log = logging.getLogger(__name__)
bp = Blueprint("web", __name__)

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "pwa"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".webmanifest": "application/manifest+json",
         ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml",
         ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8"}
COMPRESS = {".html", ".js", ".css", ".webmanifest", ".json", ".svg", ".txt"}
PRELOAD_MARK = b"<!--zl:modulepreload-->"
CONFIG_MARK = b"<!--zl:config-->"
ENTRY = "/js/app.js"
# index.html -> (the path it is served at, the module it starts)
PAGES = {"/index.html": ("/", ENTRY), "/console/index.html": ("/console/", "/console/app.js"),
         "/public/index.html": ("/public/", "/public/public.js")}
STATIC_IMPORT = re.compile(  # `import ... from './x.js'`, `import './x.js'`, `export ... from`
    rb"^\s*(?:import|export)\b[^'\"();]*?(?:\bfrom\s*)?['\"](\.{1,2}/[^'\"]+)['\"]", re.MULTILINE)
NOT_PRECACHED = {"/sw.js", "/index.html"}  # the worker itself; index.html is cached as "/"
# Only the handler's (我单位的任务, 提交整改, 我单位的项目 with 填报进展) and the supervisor's
# (待验收, 现场验收 with the signature) screens use these; controllers/field.js imports them
# when the user holds such a role. The item page and its parts (itemparts.js) are core: a
# cadre opens their own reports' items from 我的上报; so is the progress rule
# (util/progress.js), whose words 同步 uses for a refused 项目进展.
ROLE_SCREENS = frozenset({
    "/js/controllers/closing.js", "/js/views/worklists.js", "/js/views/rectify.js",
    "/js/views/verify.js", "/js/views/signature.js", "/js/views/photopicker.js",
    "/js/views/spotlist.js", "/js/views/recheck.js", "/js/controllers/photoform.js",
    "/js/controllers/projects.js", "/js/views/projects.js", "/js/views/project.js",
    "/js/views/progress.js"})


def precached(url: str) -> str | None:
    """Which list of the field app's offline files holds `url`: "core" (installed for
    everyone), "roles" (cached after a handler's or supervisor's login) or None (PNG
    icons are for installing only; the desktop console and the public page are
    separate pages)."""
    if (url in NOT_PRECACHED or url.startswith(("/console/", "/public/"))
            or (url.startswith("/icons/") and url.endswith(".png"))):
        return None
    return "roles" if url in ROLE_SCREENS else "core"


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; "
       "media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Cross-Origin-Opener-Policy": "same-origin",
           "Permissions-Policy": "geolocation=(self), camera=(self), microphone=(self)"}
_ORIGIN_SAFE = re.compile(r"^https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$")


@dataclass(frozen=True)
class Asset:
    """One servable file: its bytes, a gzip copy when that is smaller, type and hash."""

    body: bytes
    gz: bytes | None
    ctype: str
    sha256: str

    @classmethod
    def of(cls, body: bytes, suffix: str) -> Asset:
        """Build an asset, compressing text types."""
        gz = gzip.compress(body, 9, mtime=0) if suffix in COMPRESS else None
        return cls(body, gz if gz and len(gz) < len(body) else None, TYPES[suffix],
                   hashlib.sha256(body).hexdigest())


@dataclass(frozen=True)
class Shell:
    """Everything served from the app folder, computed once."""

    assets: dict[str, Asset]
    version: str
    precache: list[dict]  # the core shell
    console_csp: str = CSP
    redirects: dict[str, str] = field(default_factory=dict)  # /console -> /console/
    roles: list[dict] = field(default_factory=list)  # the role screens


def pwa_dir(app) -> Path:
    """The folder holding the app's files."""
    return Path(app.config.get("PWA_DIR") or DEFAULT_DIR).resolve()


def static_closure(files: dict[str, bytes], entry: str = ENTRY) -> list[str]:
    """The modules `entry` imports statically, directly or through others (not itself)."""
    seen, todo = set(), [entry]
    while todo:
        url = todo.pop()
        for ref in STATIC_IMPORT.findall(files.get(url, b"")):
            dep = posixpath.normpath(posixpath.join(posixpath.dirname(url), ref.decode()))
            if dep not in seen and dep in files:
                seen.add(dep)
                todo.append(dep)
    seen.discard(entry)
    return sorted(seen)


def map_settings(app) -> dict:
    """The console map's tile source: `MAP_TILE_URL` (one or more `{z}/{x}/{y}` templates,
    space-separated, `{s}` for a subdomain), `MAP_TILE_SUBDOMAINS` (default 01234567),
    `MAP_TILE_GCJ02` (1: the tiles are in GCJ-02) and `MAP_TILE_ATTRIBUTION`. No URL: no
    tiles; the map still draws items against the areas."""
    def get(key, default=""):
        value = app.config.get(key)
        return str(value if value not in (None, "") else default).strip()
    templates = []
    for url in get("MAP_TILE_URL").split():
        if all(part in url for part in ("{x}", "{y}", "{z}")) and tile_origin(url):
            templates.append(url)
        else:
            log.error("MAP_TILE_URL %r ignored: needs http(s), {x}, {y} and {z}", url[:80])
    return {"tiles": templates, "subdomains": get("MAP_TILE_SUBDOMAINS", "01234567"),
            "gcj02": get("MAP_TILE_GCJ02").lower() in ("1", "true", "yes"),
            "attribution": get("MAP_TILE_ATTRIBUTION")[:200]}


def tile_origin(template: str) -> str | None:
    """The CSP source of a tile template's host (`t{s}.x.org` -> `*.x.org`), or None."""
    parts = urlsplit(template)
    host = parts.netloc
    if "{s}" in host:
        first, _, rest = host.partition(".")
        host = f"*.{rest}" if "{s}" in first and rest and "{s}" not in rest else ""
    source = f"{parts.scheme}://{host}"
    return source if _ORIGIN_SAFE.match(source) else None


def _pages(raw: dict[str, tuple[bytes, str]], meta: bytes) -> dict[str, str]:
    """Fill each page's module preloads (and the console's settings) in place; the
    page is also served at its folder's path. Returns the paths that redirect there."""
    modules = {url: body for url, (body, _) in raw.items()}
    redirects = {}
    for index, (path, entry) in PAGES.items():
        if index not in raw:
            continue
        links = "".join(f'<link rel="modulepreload" href="{m}">\n'
                        for m in static_closure(modules, entry)).encode()
        body = raw[index][0].replace(PRELOAD_MARK + b"\n", links).replace(CONFIG_MARK, meta)
        raw[index] = raw[path] = (body, ".html")
        if path != "/":
            redirects[path.rstrip("/")] = path
    return redirects


def build(root: Path, settings: dict | None = None) -> Shell:
    """Read the app folder and derive the precache list and the versioned worker."""
    raw: dict[str, tuple[bytes, str]] = {}
    if not root.is_dir():
        log.error("field app folder %s not found; / will answer 404", root)
    else:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and path.suffix in TYPES and not any(
                    part.startswith(".") for part in rel.split("/")):
                raw["/" + rel] = (path.read_bytes(), path.suffix)
    settings = settings or {"map": {"tiles": []}}
    text = json.dumps(settings, ensure_ascii=False)
    meta = f'<meta name="zl-config" content="{escape(text)}">'
    redirects = _pages(raw, meta.encode())
    assets = {url: Asset.of(body, suffix) for url, (body, suffix) in raw.items()}
    lists: dict[str, list[dict]] = {"core": [], "roles": []}
    for url, asset in sorted(assets.items()):
        if kind := precached(url):
            lists[kind].append({"url": url, "hash": asset.sha256})
    version = hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest()[:16]
    listing = {"version": version, "files": lists["core"], "roles": lists["roles"]}
    if "/sw.js" in raw:
        prefix = f"self.__ZL_PRECACHE__ = {json.dumps(listing, separators=(',', ':'))};\n"
        assets["/sw.js"] = Asset.of(prefix.encode() + raw["/sw.js"][0], ".js")
    assets["/precache.json"] = Asset.of(json.dumps(listing).encode(), ".json")
    sources = " ".join(dict.fromkeys(tile_origin(u) for u in settings["map"]["tiles"]))
    console_csp = CSP.replace("img-src 'self'", f"img-src 'self' {sources}") if sources else CSP
    # the printable bulletins and the 公示牌 shown in the console's frame carry their
    # stylesheets inline
    console_csp = console_csp.replace("style-src 'self'",
                                      f"style-src 'self' {STYLE_SOURCES} {PLACARD_STYLE}")
    return Shell(assets, version, lists["core"], console_csp, redirects, lists["roles"])


@bp.record_once
def _load(state) -> None:
    """Compute the shell once, when the blueprint is registered on the app."""
    app = state.app
    app.extensions["zl_web"] = build(pwa_dir(app), {
        "map": map_settings(app), "timezone": app.config.get("TIMEZONE", "Asia/Shanghai"),
        "calendar": calendar_settings(app)})


def _respond(url: str, asset: Asset, csp: str = CSP) -> Response:
    """Answer with the asset (gzip when accepted), ETag revalidation and headers."""
    use_gz = asset.gz is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    etag = asset.sha256[:32] + ("-gz" if use_gz else "")
    if request.if_none_match.contains(etag):
        resp = Response(status=304)
    else:
        resp = Response(asset.gz if use_gz else asset.body, content_type=asset.ctype)
        if use_gz:
            resp.headers["Content-Encoding"] = "gzip"
    resp.set_etag(etag)
    if asset.gz is not None:
        resp.headers["Vary"] = "Accept-Encoding"
    versioned = request.args.get("v") == asset.sha256[:16]
    resp.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if versioned
                                     else "no-cache")
    if url == "/sw.js":
        resp.headers["Service-Worker-Allowed"] = "/"
    for key, value in HEADERS.items():
        resp.headers[key] = value
    resp.headers["Content-Security-Policy"] = csp
    return resp


@bp.route("/", defaults={"path": ""}, methods=["GET"])
@bp.route("/<path:path>", methods=["GET"])
def serve(path: str):
    """A file of the app folder, or 404 (API paths keep the API's error shape)."""
    if path.startswith("api/"):
        raise NotFound()
    url = "/" + path
    shell = current_app.extensions["zl_web"]
    if url in shell.redirects:
        return redirect(shell.redirects[url], 308)
    asset = shell.assets.get(url)
    if asset is None:
        raise NotFound()
    return _respond(url, asset, shell.console_csp if url.startswith("/console/") else CSP)
