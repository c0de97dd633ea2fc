"""The server's hardening (issue 14, Security): Host header check, security headers, a CSP that
fits the shipped assets, no server-side paths in the API, and only http(s) links in the
dashboard. Every case is built here and its exact outcome asserted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tacitus.api import create_app, host_names
from tacitus.api.app import CSP, LOCAL_HOSTS, check_hosts
from tacitus.cli import main
from tacitus.errors import TacitusError
from tacitus.model import Actor, Article, Event, article_id
from tacitus.store import Store

STATIC = Path(__file__).resolve().parents[2] / "tacitus" / "api" / "static"
SECRET_PATH = "/srv/newsroom/private-inbox/tip-0042.txt"
EVIL_URL = "javascript:fetch('/api/health').then(r=>r.text()).then(alert)"


def _hostile_article() -> Article:
    text = "Port workers blocked the main gate of the container terminal on Tuesday."
    aid = article_id(text, EVIL_URL)
    s = text.index("Port workers")
    ev = Event(id=f"{aid}-0", code="145", root_code="14", name="Protest violently", quad_class=4,
               source=[Actor("Port workers", s, s + 12, name="Port workers", code="LAB")],
               date="2022-08-09", date_precision="day", sentence=0, start=0, end=len(text),
               text=text, trigger="blocked", confidence=0.6)
    return Article(id=aid, text=text, url=EVIL_URL, source="dockside.example", title="Gate blocked",
                   published="2022-08-10", path=SECRET_PATH, events=[ev])


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("sec") / "hostile.duckdb")
    with Store(db) as store:
        store.write_articles([_hostile_article()])
    return db


@pytest.fixture(scope="module")
def app_client(hostile_db: str) -> Iterator[TestClient]:
    app = create_app(hostile_db, allowed_hosts=host_names("127.0.0.1", ["events.example.org", "*.newsroom.example"]))
    with TestClient(app, base_url="http://localhost") as c:
        yield c
    app.state.store.close()


# -- Host header ---------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000",
                                  "events.example.org", "api.newsroom.example"])
def test_allowed_hosts_are_served(app_client: TestClient, host: str) -> None:
    r = app_client.get("/api/health", headers={"host": host})
    assert r.status_code == 200 and r.json()["articles"] == 1


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.2", "example.org",
                                  "newsroom.example.attacker.net", "", "local host"])
def test_other_hosts_are_refused(app_client: TestClient, host: str) -> None:
    r = app_client.get("/api/health", headers={"host": host})
    assert r.status_code == 400
    assert r.text == "Invalid host header"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_default_hosts_are_localhost_names(hostile_db: str) -> None:
    app = create_app(hostile_db)
    try:
        c = TestClient(app, base_url="http://localhost")
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert c.get("/api/health", headers={"host": "rebind.attacker.example"}).status_code == 400
        assert c.get("/", headers={"host": "testserver"}).status_code == 400
    finally:
        app.state.store.close()


def test_host_names_for_a_bind_address() -> None:
    assert host_names("127.0.0.1") == list(LOCAL_HOSTS)
    assert host_names("0.0.0.0") == list(LOCAL_HOSTS)
    assert host_names("::") == list(LOCAL_HOSTS)
    assert host_names("10.1.2.3") == [*LOCAL_HOSTS, "10.1.2.3"]
    assert host_names("fd00::5") == [*LOCAL_HOSTS, "[fd00::5]"]
    assert host_names("0.0.0.0", ["Events.Example.org", "localhost"]) == [*LOCAL_HOSTS, "events.example.org"]


@pytest.mark.parametrize("bad", ["ev*l.example", "evil.example/path", "a b", "*evil", "user@host"])
def test_bad_allowed_host_is_a_one_line_error(bad: str, hostile_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(TacitusError) as exc:
        check_hosts([bad])
    assert exc.value.code == "E050"
    assert main(["serve", "--db", hostile_db, "--allowed-host", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: [E050]")


# -- headers -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/api/health", "/api/events", "/static/app.js", "/static/style.css",
                                  "/openapi.json", "/api/nothing-here", "/api/events?limit=0"])
def test_every_response_carries_the_security_headers(app_client: TestClient, path: str) -> None:
    for _ in range(2):  # the second answer may come from the response cache
        r = app_client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-frame-options"] == "DENY"


def _directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_csp_admits_only_this_server() -> None:
    d = _directives(CSP)
    assert d["frame-ancestors"] == ["'none'"]
    assert d["default-src"] == ["'none'"]
    assert d["script-src"] == ["'self'"]
    assert d["style-src"] == ["'self'"]
    assert d["connect-src"] == ["'self'"]
    assert d["object-src" if "object-src" in d else "default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP


def test_shipped_page_fits_the_csp() -> None:
    """index.html has no inline script, style or handler, and loads local files only."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert re.findall(r"\sstyle\s*=", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []
    assert re.findall(r"javascript:", html, flags=re.I) == []
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css
    assert all(u.startswith(("data:", "/")) for u in re.findall(r"url\(['\"]?([^'\")]+)", css))
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    # no eval, no HTML strings: script-src 'self' without 'unsafe-eval' suffices
    assert not re.search(r"\beval\(|new Function\(|innerHTML|insertAdjacentHTML|document\.write", js)
    # styles go through the CSSOM (allowed by style-src 'self'), never a style attribute
    assert 'setAttribute("style"' not in js
    assert js.count("node.style.cssText = v") == 2


def test_docs_page_admits_its_own_inline_script_only(app_client: TestClient) -> None:
    r = app_client.get("/docs")
    assert r.status_code == 200
    scripts = re.findall(r"<script>(.*?)</script>", r.text, flags=re.DOTALL)
    d = _directives(r.headers["content-security-policy"])
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts]
    if scripts:  # Swagger UI installed: its start-up script, by hash
        assert d["script-src"] == ["'self'", *hashes]
    assert "'unsafe-inline'" not in d["script-src"]
    assert d["frame-ancestors"] == ["'none'"]
    assert r.headers["x-content-type-options"] == "nosniff"


# -- no server-side paths ------------------------------------------------------------------
def test_api_never_shows_the_input_path(app_client: TestClient) -> None:
    art = _hostile_article()
    record = app_client.get(f"/api/articles/{art.id}").json()
    assert record["id"] == art.id and "path" not in record
    event_id = app_client.get("/api/events").json()["events"][0]["id"]
    for url in ("/api/articles", "/api/articles?format=csv", "/api/events", "/api/events?format=ndjson",
                f"/api/events/{event_id}", f"/api/articles/{art.id}", "/api/health", "/api/places",
                "/api/actors", "/api/network", "/api/timeline"):
        r = app_client.get(url)
        assert r.status_code == 200, url
        assert "private-inbox" not in r.text, url


# -- only http(s) URLs become links --------------------------------------------------------
_NODE_HARNESS = r"""
const calls = [];
function fake(tag) {
  return { tag, attrs: {}, style: {}, children: [],
    setAttribute(k, v) { calls.push(k); this.attrs[k] = String(v); },
    addEventListener() {}, append(...c) { this.children.push(...c); } };
}
global.document = { createElement: fake, createElementNS: (ns, tag) => fake(tag) };
global.Node = function Node() {};
const app = require(process.argv[1]);
const urls = JSON.parse(process.argv[2]);
const out = {};
for (const u of urls) {
  const link = app.originalLink(u);
  out[u] = link ? link[1].attrs.href : null;
}
const styled = app.el("span", { style: "background:#fff", class: "gold" });
out.__style = { cssText: styled.style.cssText, attrs: Object.keys(styled.attrs) };
console.log(JSON.stringify(out));
"""

HOSTILE_URLS = [EVIL_URL, "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
                "//evil.example/x", "/relative/path", "not a url", ""]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_dashboard_links_only_http_urls() -> None:
    good = ["https://harbour-post.example/boat?id=3", "http://island-wire.example/7731"]
    res = subprocess.run(["node", "-e", _NODE_HARNESS, str(STATIC / "app.js"), json.dumps(HOSTILE_URLS + good)],
                         capture_output=True, text=True, timeout=60, check=True)
    out = json.loads(res.stdout)
    assert {u: out[u] for u in HOSTILE_URLS} == dict.fromkeys(HOSTILE_URLS)
    assert [out[u] for u in good] == good
    assert out["__style"] == {"cssText": "background:#fff", "attrs": ["class"]}


def test_dashboard_uses_the_link_guard_everywhere() -> None:
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    # every link to an outside page goes through originalLink (safeUrl); the only other
    # anchor is the in-page article link
    hrefs = re.findall(r"\bhref(?::\s*([^,}]+))?", js)
    assert sorted(h.strip() for h in hrefs if h) == ['"#"']
    assert js.count("originalLink(m.url)") == 1 and js.count("originalLink(a.url)") == 1
