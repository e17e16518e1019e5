"""Response headers that keep pages private and scripts our own."""
from __future__ import annotations

from flask import Flask, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# In production browsers must come back over HTTPS only, for two years (not in development: http://127.0.0.1 would
# be remembered as HTTPS-only, and the demo would stop opening).
STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"

# Files that hold no child's data, which browsers may keep (OpenMoji symbols are public pictures).
PUBLIC_ASSETS = frozenset({"static", "symbols.svg", "favicon"})
# A conversation's speech, which only that browser may keep (it says the plan's words) while child mode
# lasts: unlocking and signing out clear the browser's cache (Clear-Site-Data).
PRIVATE_ASSETS = frozenset({"capture.speech_audio"})


# A file that is not a page (a script, a style sheet, a picture, a clip): the page's policy governs what it
# does, so the file carries only what applies to it, and a tablet is not sent half a kilobyte of headers
# for every picture. Opened on its own, nothing in it may run or load anything.
FILE_POLICY = "default-src 'none'"


def _is_file(response) -> bool:
    # A service worker's script is governed by its own response's policy, so it keeps the page's.
    return (request.endpoint in PUBLIC_ASSETS | PRIVATE_ASSETS and response.status_code in (200, 206, 304)
            and "Service-Worker-Allowed" not in response.headers)


def set_security_headers(response):
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    if _is_file(response):
        headers["Content-Security-Policy"] = FILE_POLICY
    else:
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if current_app.config["ENV_NAME"] == "production":
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    if request.endpoint in PRIVATE_ASSETS and response.status_code == 200:
        headers["Cache-Control"] = headers.get("Cache-Control", "").replace("public", "private")
    elif request.endpoint not in PUBLIC_ASSETS:
        # Pages may show children's data: never keep them in a shared cache or the back button.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
