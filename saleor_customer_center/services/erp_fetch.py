"""Fetching a document (an invoice PDF) from the ERP's host, and from nowhere else.

A URL in ERP data is not trusted (issue 12 item 11; README "Security"): it is fetched only
when it names the configured ERP host (``erp_base_url``: same scheme, host and port), only
when every address that host resolves to is public (or in the installer's
``ERP_DOCUMENT_ALLOWED_NETWORKS``), and the connection goes to the address that was checked,
so a second DNS answer cannot swap it. Redirects are followed only back to the same host
(checked again); the ERP token goes only there. Size and time are limited.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

from .. import conf

CHUNK = 64 * 1024
MAX_REDIRECTS = 3
DEFAULT_PORTS = {"http": 80, "https": 443}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchRefused(Exception):
    """The URL may not be fetched (not the ERP host, an internal address, too large...)."""


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin:
        parts = urlsplit(url)
        scheme = (parts.scheme or "").lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            raise FetchRefused(f"not an http(s) URL: {url[:200]!r}")
        try:
            port = parts.port or DEFAULT_PORTS[scheme]
        except ValueError:
            raise FetchRefused(f"bad port in {url[:200]!r}") from None
        return cls(scheme, parts.hostname.lower().rstrip("."), port)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The installer's extra networks (CIDR) the ERP host may be in; none by default."""
    networks = conf.get("ERP_DOCUMENT_ALLOWED_NETWORKS")
    return [ipaddress.ip_network(network, strict=False) for network in networks]


def address_allowed(address: Address, extra: list) -> bool:
    """Public addresses, and those the installer allowed; never loopback, link-local,
    private, multicast, reserved or unspecified ones otherwise."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in extra):
        return True
    return address.is_global and not address.is_multicast


def resolve_checked(host: str, port: int) -> Address:
    """The address to connect to: every address the host resolves to must be allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"cannot resolve {host!r}: {exc}") from None
    # The host of each socket address (str for the IPv4 and IPv6 families asked of here),
    # without an IPv6 zone.
    addresses = [ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]) for *_, sockaddr in infos]
    extra = allowed_networks()
    refused = [str(a) for a in addresses if not address_allowed(a, extra)]
    if not addresses or refused:
        raise FetchRefused(f"{host!r} resolves to an address that is not allowed: {refused}")
    return addresses[0]


def _pool(origin: Origin, address: Address, timeout: float) -> urllib3.HTTPConnectionPool:
    """A connection to the checked address, speaking to ``origin.host`` (Host, TLS SNI)."""
    limit = urllib3.Timeout(connect=timeout, read=timeout)
    if origin.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            origin.port,
            server_hostname=origin.host,
            assert_hostname=origin.host,
            cert_reqs="CERT_REQUIRED",
            timeout=limit,
            retries=False,
        )
    return urllib3.HTTPConnectionPool(str(address), origin.port, timeout=limit, retries=False)


def fetch(url: str, erp_base_url: str, token: str) -> Iterator[bytes]:
    """Stream the document at ``url`` from the ERP host, or raise :class:`FetchRefused`.

    The response is checked (status 200, declared size) before the first chunk is
    returned; the size and time limits also hold while streaming.
    """
    if not erp_base_url:
        raise FetchRefused("no ERP base URL is configured")
    erp = Origin.of(erp_base_url)
    max_bytes = conf.get("ERP_DOCUMENT_MAX_BYTES")
    timeout = conf.get("ERP_HTTP_TIMEOUT_SECONDS")
    deadline = time.monotonic() + conf.get("ERP_DOCUMENT_MAX_SECONDS")
    for _ in range(MAX_REDIRECTS + 1):
        if Origin.of(url) != erp:
            raise FetchRefused(f"{url[:200]!r} is not on the ERP host {erp.host}:{erp.port}")
        parts = urlsplit(url)
        pool = _pool(erp, resolve_checked(erp.host, erp.port), timeout)
        headers = {"Host": erp.host_header, "Accept": "application/pdf"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, preload_content=False
            )
        except urllib3.exceptions.HTTPError as exc:
            pool.close()
            raise FetchRefused(f"ERP unreachable: {exc}") from exc
        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
            url = urljoin(url, response.headers["Location"])
            response.release_conn()
            pool.close()
            continue
        if response.status != 200:
            response.release_conn()
            pool.close()
            raise FetchRefused(f"ERP answered {response.status}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            response.release_conn()
            pool.close()
            raise FetchRefused(f"document larger than {max_bytes} bytes")
        return _limited(response, pool, max_bytes, deadline)
    raise FetchRefused("too many redirects")


def _limited(
    response: urllib3.BaseHTTPResponse,
    pool: urllib3.HTTPConnectionPool,
    max_bytes: int,
    deadline: float,
) -> Iterator[bytes]:
    """The body, chunk by chunk as it arrives (``read1``: no waiting for a full chunk, so
    a server that drips bytes meets the deadline too)."""
    received = 0
    try:
        while chunk := response.read1(CHUNK):
            received += len(chunk)
            if received > max_bytes:
                raise FetchRefused(f"document larger than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchRefused("document took too long")
            yield chunk
    finally:
        response.release_conn()
        pool.close()
