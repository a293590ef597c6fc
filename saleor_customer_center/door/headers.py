"""The security headers every answer of the plugin carries (issue 12 item 6).

The same set on every route, pages, console, sign-in, activation, set-password, PDFs and the
API alike: no framing by another site (clickjacking), no caching of what one person saw by
a browser or a proxy, no content-type guessing, no referrer beyond the shop. The pages use
one inline style sheet and no script (the GraphiQL page that loaded scripts from a CDN was
dropped, issue 14 item 13: use any GraphQL client against ``graphql/``), and the policy
only forbids framing.
"""

from __future__ import annotations

from django.http.response import HttpResponseBase

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Cache-Control": "no-store, private",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def apply(response: HttpResponseBase) -> HttpResponseBase:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response
