"""Invoice PDFs are fetched from the configured ERP host only (issue 12 item 11).

A real HTTP server on 127.0.0.1 plays the ERP, a second one an internal service that must
never be reached. Loopback is refused by default, so the "permitted" cases allow 127.0.0.1
through the installer setting ``ERP_DOCUMENT_ALLOWED_NETWORKS``, as an installer would for an
ERP on the shop's own network; everything else stays refused.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from saleor_customer_center import saleor
from saleor_customer_center.roles import Role
from saleor_customer_center.services import erp_fetch

from ..conftest import PLUGIN_URL
from ..factories import InvoiceFactory, MembershipFactory

TOKEN = "erp-secret-token"
PDF = b"%PDF-1.4 invoice\n" * 100
LOOPBACK = {"ERP_DOCUMENT_ALLOWED_NETWORKS": ["127.0.0.1/32"]}


class Server:
    """An HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self, routes: dict[str, object] | None = None) -> None:
        self.requests: list[dict] = []
        self.routes = routes or {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append(
                    {"path": self.path, "authorization": self.headers.get("Authorization")}
                )
                route = server.routes.get(self.path, (200, PDF))
                if callable(route):
                    return route(self)
                status, body = route
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def erp():
    server = Server()
    yield server
    server.stop()


@pytest.fixture
def internal():
    """Another service on the machine: a fetch must never reach it, token or not."""
    server = Server()
    yield server
    server.stop()


@pytest.fixture
def erp_configured(plugin_configuration, erp):
    plugin_configuration(erp_base_url=f"{erp.url}/api", erp_api_token=TOKEN)
    return erp


def download(client, pdf_url):
    """A billing member's invoice PDF download, through the plugin's download URL."""
    membership = MembershipFactory(role=Role.L40_BILLING)
    invoice = InvoiceFactory(company=membership.company, pdf_url=pdf_url)
    token = saleor.create_tokens(membership.user)["token"]
    return client.get(
        f"{PLUGIN_URL}billing/invoices/{invoice.pk}/pdf/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def fetched(pdf_url, erp_url):
    return b"".join(erp_fetch.fetch(pdf_url, f"{erp_url}/api", TOKEN))


def test_loopback_erp_url_is_refused_by_default_and_nothing_is_requested(erp):
    with pytest.raises(erp_fetch.FetchRefused, match="not allowed"):
        fetched(f"{erp.url}/documents/1.pdf", erp.url)
    assert erp.requests == []


def test_allowed_erp_host_is_fetched_with_the_token(settings, erp):
    settings.CUSTOMER_CENTER = LOOPBACK

    assert fetched(f"{erp.url}/documents/1.pdf?v=2", erp.url) == PDF
    assert erp.requests == [{"path": "/documents/1.pdf?v=2", "authorization": f"Bearer {TOKEN}"}]


def test_page_download_from_the_allowed_erp_host_serves_the_pdf(client, settings, erp_configured):
    settings.CUSTOMER_CENTER = LOOPBACK
    response = download(client, f"{erp_configured.url}/documents/7.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("allowed", [{}, LOOPBACK], ids=["default_case", "loopback_allowed_case"])
def test_page_download_of_another_host_is_404_and_that_host_gets_nothing(
    client, settings, erp_configured, internal, allowed
):
    settings.CUSTOMER_CENTER = allowed
    response = download(client, f"{internal.url}/admin/secrets")
    assert response.status_code == 404
    assert internal.requests == []
    assert erp_configured.requests == []


@pytest.mark.parametrize(
    ("case", "pdf_url"),
    [
        ("other_port_case", "{internal}/x.pdf"),
        ("other_host_name_case", "http://localhost:{erp_port}/x.pdf"),
        ("other_scheme_case", "https://127.0.0.1:{erp_port}/x.pdf"),
        ("userinfo_trick_case", "{erp}@127.0.0.2:{internal_port}/x.pdf"),
        ("not_http_case", "file:///etc/passwd"),
    ],
)
def test_urls_off_the_erp_host_are_refused_even_on_an_allowed_network(
    settings, erp, internal, case, pdf_url
):
    settings.CUSTOMER_CENTER = {"ERP_DOCUMENT_ALLOWED_NETWORKS": ["127.0.0.0/8"]}
    url = pdf_url.format(
        internal=internal.url,
        internal_port=internal.httpd.server_address[1],
        erp=erp.url,
        erp_port=erp.httpd.server_address[1],
    )
    with pytest.raises(erp_fetch.FetchRefused):
        fetched(url, erp.url)
    assert internal.requests == [], case
    assert erp.requests == [], case


def test_redirect_elsewhere_is_not_followed(settings, erp, internal):
    settings.CUSTOMER_CENTER = LOOPBACK
    erp.routes["/moved.pdf"] = (302, f"{internal.url}/admin/secrets".encode())

    with pytest.raises(erp_fetch.FetchRefused, match="not on the ERP host"):
        fetched(f"{erp.url}/moved.pdf", erp.url)
    assert internal.requests == []


def test_redirect_on_the_erp_host_is_followed(settings, erp):
    settings.CUSTOMER_CENTER = LOOPBACK
    erp.routes["/moved.pdf"] = (302, b"/documents/1.pdf")

    assert fetched(f"{erp.url}/moved.pdf", erp.url) == PDF
    assert [r["path"] for r in erp.requests] == ["/moved.pdf", "/documents/1.pdf"]


def test_document_over_the_size_limit_is_refused(settings, erp):
    settings.CUSTOMER_CENTER = {**LOOPBACK, "ERP_DOCUMENT_MAX_BYTES": 1000}
    with pytest.raises(erp_fetch.FetchRefused, match="larger than 1000 bytes"):
        fetched(f"{erp.url}/documents/1.pdf", erp.url)


def test_document_without_declared_size_is_cut_at_the_size_limit(settings, erp):
    def undeclared(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        handler.end_headers()  # no Content-Length: read until the connection closes
        handler.wfile.write(PDF)
        handler.close_connection = True

    erp.routes["/big.pdf"] = undeclared
    settings.CUSTOMER_CENTER = {**LOOPBACK, "ERP_DOCUMENT_MAX_BYTES": 1000}
    with pytest.raises(erp_fetch.FetchRefused, match="larger than 1000 bytes"):
        fetched(f"{erp.url}/big.pdf", erp.url)


def test_document_that_drips_past_the_time_limit_is_cut(settings, erp):
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        try:
            for _ in range(40):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetch gave up, as it should

    erp.routes["/slow.pdf"] = drip
    settings.CUSTOMER_CENTER = {**LOOPBACK, "ERP_DOCUMENT_MAX_SECONDS": 0.5}
    started = time.monotonic()
    with pytest.raises(erp_fetch.FetchRefused, match="too long"):
        fetched(f"{erp.url}/slow.pdf", erp.url)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("127.0.0.1", False),
        ("::1", False),
        ("169.254.169.254", False),  # cloud metadata (link-local)
        ("fe80::1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::ffff:127.0.0.1", False),  # loopback written as IPv6
        ("93.184.215.14", True),
        ("2606:4700::1", True),
    ],
)
def test_only_public_addresses_pass_by_default(address, allowed):
    # Checked as resolved addresses: no traffic is sent to any of them.
    assert erp_fetch.address_allowed(ipaddress.ip_address(address), []) is allowed


def test_an_installer_network_admits_its_private_addresses_only():
    extra = [ipaddress.ip_network("10.20.0.0/16")]
    assert erp_fetch.address_allowed(ipaddress.ip_address("10.20.3.4"), extra) is True
    assert erp_fetch.address_allowed(ipaddress.ip_address("10.21.3.4"), extra) is False
