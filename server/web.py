"""Serve the field app (`pwa/`) at `/`, with its precache list and security headers.

The app is plain files (no build step). At startup the blueprint reads every file
once, keeps it (and a gzip copy) in memory and derives from the content hashes:
- `/precache.json`: `{"version", "files": [{"url", "hash"}]}`, the app shell;
- `/sw.js`: the service worker with that list prepended, so any changed file makes
  a new worker (the browser compares the worker's bytes) and old caches go away.
`index.html` gets `<link rel=modulepreload>` for the modules `/js/app.js` imports
statically (directly or not), so a slow network fetches the first screen's module
graph in one round instead of one per import level; modules the app imports
dynamically (after its first screen) are not preloaded and do not compete.
Pages carry a Content-Security-Policy without inline scripts. The folder is
`<repo>/pwa`, or `ZHANGLIANG_PWA_DIR` / the app config key `PWA_DIR`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import NotFound

log = logging.getLogger(__name__)
bp = Blueprint("web", __name__)

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "pwa"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".webmanifest": "application/manifest+json",
         ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml",
         ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8"}
COMPRESS = {".html", ".js", ".css", ".webmanifest", ".json", ".svg", ".txt"}
PRELOAD_MARK = b"<!--zl:modulepreload-->"
ENTRY = "/js/app.js"
STATIC_IMPORT = re.compile(  # `import ... from './x.js'`, `import './x.js'`, `export ... from`
    rb"^\s*(?:import|export)\b[^'\"();]*?(?:\bfrom\s*)?['\"](\.{1,2}/[^'\"]+)['\"]", re.MULTILINE)
NOT_PRECACHED = {"/sw.js", "/index.html"}  # the worker itself; index.html is cached as "/"


def precached(url: str) -> bool:
    """Whether the app shell needs the file offline (PNG icons are for installing only)."""
    return url not in NOT_PRECACHED and not (url.startswith("/icons/") and url.endswith(".png"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; "
       "media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Cross-Origin-Opener-Policy": "same-origin",
           "Permissions-Policy": "geolocation=(self), camera=(self), microphone=(self)"}


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
    precache: list[dict]


def pwa_dir(app) -> Path:
    """The folder holding the app's files."""
    return Path(app.config.get("PWA_DIR") or os.environ.get("ZHANGLIANG_PWA_DIR")
                or DEFAULT_DIR).resolve()


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


def build(root: Path) -> Shell:
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
    if "/index.html" in raw:
        modules = static_closure({url: body for url, (body, _) in raw.items()})
        links = "".join(f'<link rel="modulepreload" href="{m}">\n' for m in modules).encode()
        raw["/"] = (raw["/index.html"][0].replace(PRELOAD_MARK + b"\n", links), ".html")
        raw["/index.html"] = raw["/"]
    assets = {url: Asset.of(body, suffix) for url, (body, suffix) in raw.items()}
    precache = [{"url": url, "hash": asset.sha256} for url, asset in sorted(assets.items())
                if precached(url)]
    version = hashlib.sha256(json.dumps(precache, sort_keys=True).encode()).hexdigest()[:16]
    listing = {"version": version, "files": precache}
    if "/sw.js" in raw:
        prefix = f"self.__ZL_PRECACHE__ = {json.dumps(listing, separators=(',', ':'))};\n"
        assets["/sw.js"] = Asset.of(prefix.encode() + raw["/sw.js"][0], ".js")
    assets["/precache.json"] = Asset.of(json.dumps(listing).encode(), ".json")
    return Shell(assets, version, precache)


@bp.record_once
def _load(state) -> None:
    """Compute the shell once, when the blueprint is registered on the app."""
    state.app.extensions["zl_web"] = build(pwa_dir(state.app))


def _respond(url: str, asset: Asset) -> Response:
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
    return resp


@bp.route("/", defaults={"path": ""}, methods=["GET"])
@bp.route("/<path:path>", methods=["GET"])
def serve(path: str):
    """A file of the field app, or 404 (API paths keep the API's error shape)."""
    if path.startswith("api/"):
        raise NotFound()
    url = "/" + path
    asset = current_app.extensions["zl_web"].assets.get(url)
    if asset is None:
        raise NotFound()
    return _respond(url, asset)
