"""Security headers on every response; pages set their own stricter CSP first."""

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


def register(app) -> None:
    """Install the header hook."""
    app.after_request(_add_headers)
