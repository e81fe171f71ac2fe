"""deploy/nginx in Debian's real nginx: security headers, CSP hashes, compression, caching,
the German 404 page and the read-only NGSI-LD proxy against a local test broker."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer

from nginxserver import BROKER_TOKEN, SNIPPETS, running_nginx

HEADERS = SNIPPETS / "scschule" / "security-headers.conf"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>\s[^>]*)?>(?P<body>.*?)</script>", re.DOTALL)
ENTITY = "urn:ngsi-ld:ParkingSpot:santander:daoiz_velarde_1_5:3"
CONTEXT_LINK = '<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"'


@pytest.fixture(scope="module")
def broker() -> HTTPServer:
    server = HTTPServer(host="127.0.0.1")
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def nginx(built_site, broker, tmp_path_factory):
    with running_nginx(built_site, tmp_path_factory.mktemp("nginx"), f"http://127.0.0.1:{broker.port}") as server:
        yield server


@pytest.fixture
def client(nginx):
    with httpx.Client(base_url=nginx.url, timeout=10, follow_redirects=False) as http:
        yield http


def csp_of(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def assert_hardened(response: httpx.Response) -> None:
    csp = csp_of(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "server" not in response.headers or "/" not in response.headers["server"]  # no version


@pytest.mark.parametrize("url", ["/", "/impressum/", "/assets/portal.css", "/schuelerzeitung/rss.xml",
                                 "/termine/termine.ics", "/gibt-es-nicht/"])
def test_every_response_carries_the_security_headers(client, built_site, url):
    stylesheet = next((built_site / "assets" / "stylesheets").glob("main.*.min.css")).name
    for path in (url, f"/assets/stylesheets/{stylesheet}"):
        assert_hardened(client.get(path))


def test_the_policy_allows_exactly_the_inline_scripts_of_the_built_pages(built_site):
    """Every inline script of every page has its hash in the policy; a changed one names itself."""
    allowed = set(re.search(r"script-src ([^;]*);", HEADERS.read_text(encoding="utf-8")).group(1).split())
    found: dict[str, str] = {}
    for page in sorted(built_site.rglob("*.html")):
        for script in INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
            attrs = script["attrs"] or ""
            if "src=" in attrs or re.search(r'type="application/(?:ld\+)?json"', attrs):
                continue  # external scripts fall under 'self'; JSON data is not executed
            digest = base64.b64encode(hashlib.sha256(script["body"].encode("utf-8")).digest()).decode()
            found.setdefault(f"'sha256-{digest}'", page.relative_to(built_site).as_posix())
        assert not re.search(r"\son[a-z]+\s*=", page.read_text(encoding="utf-8")), f"{page}: Inline-Event-Handler"
    missing = {digest: page for digest, page in found.items() if digest not in allowed}
    assert not missing, f"Inline-Skripte ohne Hash in {HEADERS.name} (z. B. in): {missing}"
    unused = {token for token in allowed if token.startswith("'sha256-")} - set(found)
    assert not unused, f"Hashes in {HEADERS.name}, die kein Skript mehr braucht: {unused}"
    assert len(found) <= 3, "ein Inline-Skript pro Seitentiefe: extra.scope in mkdocs.yml fehlt?"


def test_pages_and_assets_are_compressed(client):
    for url in ("/", "/assets/portal.css", "/assets/scschule/search/index.json", "/schuelerzeitung/atom.xml"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, url
        assert response.headers["content-encoding"] == "gzip", url
        assert "Accept-Encoding" in response.headers["vary"]
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert "<html" in plain.text


def test_fingerprinted_assets_are_cached_for_a_year_pages_revalidate(client, built_site):
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    assert client.get(f"/assets/javascripts/{bundle}").headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/assets/portal.js").headers["cache-control"] == "public, max-age=3600"
    page = client.get("/leitfaeden/")
    assert page.headers["cache-control"] == "no-cache"
    assert client.get("/leitfaeden/", headers={"If-None-Match": page.headers["etag"]}).status_code == 304


def test_feeds_and_calendar_have_their_types(client):
    assert client.get("/termine/termine.ics").headers["content-type"].startswith("text/calendar")
    assert client.get("/schuelerzeitung/rss.xml").headers["content-type"].startswith("text/xml")
    assert client.get("/impressum").status_code == 301
    assert client.get("/impressum").headers["location"] == "/impressum/"  # relative: right behind a TLS proxy


def test_unknown_addresses_get_the_german_404_page(client):
    response = client.get("/leitfaeden/gibt-es-nicht/")
    assert response.status_code == 404
    assert "<title>Seite nicht gefunden - Smart Cities: Schule</title>" in response.text
    assert 'lang="de"' in response.text
    stylesheet = re.search(r'href="(/assets/stylesheets/main\.[0-9a-f]+\.min\.css)"', response.text)
    assert stylesheet, "die 404-Seite lädt ihr Stylesheet nicht über eine absolute Adresse"
    assert client.get(stylesheet.group(1)).status_code == 200


def test_the_proxy_forwards_get_with_tenant_link_and_token_and_nothing_of_the_visitor(client, broker):
    path = f"/ngsi-ld/v1/entities/{ENTITY}"
    broker.expect_oneshot_request(path, method="GET", query_string="options=keyValues").respond_with_json(
        {"id": ENTITY, "type": "ParkingSpot", "status": "occupied"},
        headers={"Set-Cookie": "broker-session=1", "Access-Control-Allow-Origin": "*"})
    response = client.get(f"/datenplattform/broker{path}", params={"options": "keyValues"},
                          headers={"NGSILD-Tenant": "olpe", "Link": CONTEXT_LINK, "Accept": "application/json",
                                   "Cookie": "besucher=1", "Referer": "http://127.0.0.1/impressum/",
                                   "Authorization": "Bearer vom-browser", "User-Agent": "Besucher-Browser/1.0"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "occupied"
    assert "set-cookie" not in response.headers
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["cache-control"] == "no-store"
    assert BROKER_TOKEN.split()[1] not in response.text + str(response.headers)
    assert_hardened(response)

    [(request, _)] = broker.log[-1:]
    assert request.headers["Authorization"] == BROKER_TOKEN
    assert request.headers["NGSILD-Tenant"] == "olpe"
    assert request.headers["Link"] == CONTEXT_LINK
    assert request.headers["Accept"] == "application/json"
    for private in ("Cookie", "Referer", "User-Agent", "X-Forwarded-For"):
        assert private not in request.headers, private
    broker.check_assertions()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_the_proxy_refuses_everything_but_get(client, broker, method):
    before = len(broker.log)
    response = client.request(method, f"/datenplattform/broker/ngsi-ld/v1/entities/{ENTITY}/attrs",
                              headers={"NGSILD-Tenant": "olpe"}, content=b'{"status": "free"}')
    assert response.status_code == 403
    assert len(broker.log) == before  # nothing reached the broker


def test_a_broker_that_is_down_gives_a_gateway_error_not_a_hang(built_site, tmp_path):
    with running_nginx(built_site, tmp_path / "nginx", "http://127.0.0.1:9") as server:
        response = httpx.get(f"{server.url}/datenplattform/broker/ngsi-ld/v1/types", timeout=20)
    assert response.status_code == 502
    assert_hardened(response)


def test_the_example_server_includes_every_snippet():
    """portal.conf (for operators) uses the same snippets as the server tested here."""
    example = (Path(SNIPPETS).parent / "portal.conf").read_text(encoding="utf-8")
    for snippet in ("site.conf", "broker-proxy.conf"):
        assert f"include snippets/scschule/{snippet};" in example
    for variable in ("$scschule_broker_origin", "$scschule_broker_authorization"):
        assert variable in example
    # An add_header in the server block would be dropped in every location; headers belong in the snippet.
    assert "add_header" not in example
