"""Security headers on every response (pages set their own stricter CSP first), and
the client address: X-Forwarded-For is believed only from the trusted proxy hops."""

from werkzeug.middleware.proxy_fix import ProxyFix

API_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _add_headers(response):
    """Add the usual security headers unless the view already set them."""
    for key, value in API_HEADERS.items():
        response.headers.setdefault(key, value)
    if response.mimetype == "application/json" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def _trust_proxies(app) -> None:
    """Take request.remote_addr from X-Forwarded-For across TRUSTED_PROXIES hops (0: never)."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops < 0:
        raise ValueError("ZHANGLIANG_TRUSTED_PROXIES must be 0 or more")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=0, x_host=0, x_port=0,
                                x_prefix=0)


def register(app) -> None:
    """Install the header hook and the trusted-proxy address rule."""
    app.after_request(_add_headers)
    _trust_proxies(app)
