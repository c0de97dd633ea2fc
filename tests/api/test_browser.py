"""The dashboard in headless Chromium: charts and table render with data, a click shows the
highlighted evidence, and a chart click filters the table.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; skipped without them.
Set TACITUS_SCREENSHOT=path to keep a screenshot (docs/dashboard.png is made this way over a
store of real articles, see docs/API.md).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[str]:
    import uvicorn

    from tacitus.api import create_app

    db = os.environ.get("TACITUS_BROWSER_DB", str(store_path))
    app = create_app(db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.store.close()


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1440, "height": 1400})
        requests: list[str] = []
        console: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.on("console", lambda m: console.append(m.text))
        pg.goto(server + "/")
        pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
        pg.requests = requests  # type: ignore[attr-defined]
        pg.console = console  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _wait_for_rows(page: object, n: int) -> None:
    """Wait until the events table shows ``n`` rows (a locator poll: the page's CSP forbids the
    string evaluation ``wait_for_function`` needs)."""
    playwright_sync.expect(page.locator("#events tr.ev")).to_have_count(n, timeout=10_000)  # type: ignore[attr-defined]


def test_every_request_stays_on_the_server(page: object, server: str) -> None:
    assert [u for u in page.requests if not u.startswith(server)] == []  # type: ignore[attr-defined]


def test_page_breaks_no_content_security_policy_rule(page: object) -> None:
    # the server's CSP admits no inline script or style attribute: the page uses neither
    assert [m for m in page.console if "Content Security Policy" in m] == []  # type: ignore[attr-defined]
    assert page.locator("#timeline rect.bar").count() >= 1  # type: ignore[attr-defined]


def test_timeline_map_and_table_render_with_data(page: object) -> None:
    assert page.locator("#timeline rect.bar").count() >= 4  # type: ignore[attr-defined]
    assert page.locator("#map path.land").count() > 150  # type: ignore[attr-defined]
    assert page.locator("#map circle.point").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("#network path.edge").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("#actors .actor").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("#events tr.ev").count() >= 4  # type: ignore[attr-defined]


def test_clicking_an_event_shows_highlighted_evidence(page: object) -> None:
    row = page.locator("#events tr.ev").filter(has_text="190").first  # type: ignore[attr-defined]
    if os.environ.get("TACITUS_BROWSER_DB"):
        # a row with both actors coded ("—" marks a missing one) shows every highlight
        rows = page.locator("#events tr.ev")  # type: ignore[attr-defined]
        row = rows.filter(has_not_text="—").first if rows.filter(has_not_text="—").count() else rows.first
    row.click()
    sentence = page.locator("tr.detail blockquote.sentence").first  # type: ignore[attr-defined]
    sentence.wait_for(timeout=10_000)
    assert sentence.locator("mark.k-trigger").count() >= 1
    if not os.environ.get("TACITUS_BROWSER_DB"):
        assert sentence.locator("mark.k-trigger").first.inner_text() == "attacked"
        assert sentence.locator("mark.k-source").first.inner_text() == "Taliban fighters"
        assert sentence.locator("mark.k-target").first.inner_text() == "a police checkpoint"
    shot = os.environ.get("TACITUS_SCREENSHOT")
    if shot:
        # the page from its top down to the opened evidence
        bottom = page.evaluate(  # type: ignore[attr-defined]
            "document.querySelector('tr.detail').getBoundingClientRect().bottom + window.scrollY")
        page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
        page.screenshot(path=shot, full_page=True,  # type: ignore[attr-defined]
                        clip={"x": 0, "y": 0, "width": 1440, "height": bottom + 16})


def test_article_view_marks_annotations(page: object) -> None:
    page.locator("tr.detail a.artlink").first.click()  # type: ignore[attr-defined]
    text = page.locator("#sheet .articletext")  # type: ignore[attr-defined]
    text.wait_for(timeout=10_000)
    assert text.locator("mark").count() >= 1
    page.locator("#close").click()  # type: ignore[attr-defined]


def test_clicking_a_network_edge_filters_the_table(page: object) -> None:
    if os.environ.get("TACITUS_BROWSER_DB"):
        pytest.skip("exact expectations hold for the test store only")
    page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    edges = page.locator("#network path.edge")  # type: ignore[attr-defined]
    n = edges.count()
    for i in range(n):
        edge = edges.nth(i)
        if "PAK → IND" in (edge.locator("title").text_content() or ""):
            edge.dispatch_event("click")
            break
    _wait_for_rows(page, 1)
    assert "130" in page.locator("#events tr.ev").first.inner_text()  # type: ignore[attr-defined]
    assert "source: PAK" in page.locator("#chips").inner_text()  # type: ignore[attr-defined]


def test_clicking_a_timeline_bar_filters_the_table(page: object) -> None:
    if os.environ.get("TACITUS_BROWSER_DB"):
        pytest.skip("exact expectations hold for the test store only")
    page.locator("#clear").click()  # type: ignore[attr-defined]
    _wait_for_rows(page, 4)
    page.locator("#timeline rect.bar[data-date='2019-07-10']").dispatch_event("click")  # type: ignore[attr-defined]
    _wait_for_rows(page, 1)
    assert "130" in page.locator("#events tr.ev").first.inner_text()  # type: ignore[attr-defined]
    assert "since: 2019-07-10" in page.locator("#chips").inner_text()  # type: ignore[attr-defined]


def test_clicking_a_map_point_filters_the_table_to_its_place(page: object) -> None:
    if os.environ.get("TACITUS_BROWSER_DB"):
        pytest.skip("exact expectations hold for the test store only")
    page.locator("#clear").click()  # type: ignore[attr-defined]
    _wait_for_rows(page, 4)
    points = page.locator("#map circle.point")  # type: ignore[attr-defined]
    for i in range(points.count()):
        if (points.nth(i).locator("title").text_content() or "").startswith("Kabul"):
            points.nth(i).dispatch_event("click")
            break
    _wait_for_rows(page, 1)
    assert "Kabul" in page.locator("#events tr.ev").first.inner_text()  # type: ignore[attr-defined]
    assert "place: Kabul" in page.locator("#chips").inner_text()  # type: ignore[attr-defined]


def test_api_docs_render_from_local_assets(page: object, server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    page.goto(server + "/docs")  # type: ignore[attr-defined]
    page.wait_for_selector(".opblock", timeout=15_000)  # type: ignore[attr-defined]
    assert page.locator(".opblock").count() == 9  # type: ignore[attr-defined]
    assert [u for u in requests if not u.startswith(server)] == []
