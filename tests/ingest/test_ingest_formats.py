"""Golden tests: one small real-style input per format, read by ``read_inputs``."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tacitus.errors import InputError
from tacitus.ingest import article_from_text, clean_article
from tacitus.model import article_id

from .helpers import ENGLISH, EXAMPLE, FIXTURES, articles, errors, jline, read


def test_txt_reads_whole_file_with_default_date() -> None:
    (a,) = read(EXAMPLE, default_date="2019-07-19")
    assert a.published == "2019-07-19"
    assert a.text == EXAMPLE.read_text("utf-8")
    assert a.id == article_id(a.text)
    assert a.language == "en"
    assert a.path == str(EXAMPLE)


def test_html_page_metadata() -> None:
    (a,) = read(FIXTURES / "page.html")
    assert (a.title, a.published, a.url, a.source) == (
        "Kenya and Ethiopia agree to reopen border crossing",
        "2021-03-04",
        "https://horndaily.example.com/2021/03/04/kenya-ethiopia-border",
        "Horn Daily",
    )


def test_html_page_body_without_navigation_byline_or_related_links() -> None:
    (a,) = read(FIXTURES / "page.html")
    clean = clean_article(a)
    assert clean.text.startswith("NAIROBI — Kenya and Ethiopia agreed on Wednesday")
    assert clean.text.endswith("under negotiation since 2019.")
    assert clean.text.count("\n\n") == 4  # five paragraphs
    for furniture in ("Home", "Amina Yusuf", "Somalia's election", "Share on", "©", "Related"):
        assert furniture not in clean.text
    assert clean.removed == [
        "Related: Moyale traders count losses as border stays shut",
        "Amina Yusuf is a correspondent for Horn Daily based in Nairobi. "
        "She has reported on East African politics since 2012.",
    ]


def test_jsonl_reads_good_lines_and_reports_bad_ones() -> None:
    items = read(FIXTURES / "articles.jsonl", default_date="2022-12-01")
    got = [(a.id, a.published, a.title, a.source) for a in articles(items)]
    assert got == [
        ("wire-001", "2022-11-24", "Peru's congress rejects cabinet", "Andes Wire"),
        ("4", "2022-11-24", None, None),
    ]
    assert [(e.line, e.reason.split(":")[0]) for e in errors(items)] == [
        (2, "malformed JSON at line 2"),
        (4, "missing 'text' at line 4"),
        (6, "non-English text (detected"),
    ]


def test_csv_rows_with_ids_and_dates() -> None:
    items = read(FIXTURES / "articles.csv", default_date="2023-03-02")
    assert [(a.id, a.url, a.published) for a in articles(items)] == [
        ("csv-1", "https://news.example.org/b/1", "2023-01-30"),
        ("csv-2", None, "2023-02-27"),
    ]
    assert [str(e) for e in errors(items)] == [f"{FIXTURES / 'articles.csv'}:4: empty 'text' at line 4"]


def test_json_list_of_articles() -> None:
    items = read(FIXTURES / "articles.json", default_date="2020-06-15")
    assert [(a.id, a.title, a.published) for a in items if not isinstance(a, InputError)] == [
        ("j-1", "Mongolia signs rail deal", "2020-06-12"),
        ("j-2", None, "2020-06-15"),
    ]


def test_json_single_object(tmp_path: Path) -> None:
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"id": "x1", "url": "https://e.example/x1", "text": ENGLISH}))
    (a,) = read(p)
    assert (a.id, a.url, a.text) == ("x1", "https://e.example/x1", ENGLISH)


def test_rss_entries_with_content_or_summary() -> None:
    items = read(FIXTURES / "feed.rss")
    got = [(a.title, a.url, a.published, a.source) for a in articles(items)]
    assert got == [
        (
            "Fiji and Tonga sign fisheries pact",
            "https://pacificwire.example.com/2022/05/fiji-tonga-fisheries",
            "2022-05-10",
            "Pacific Wire",
        ),
        (
            "Samoa parliament sworn in",
            "https://pacificwire.example.com/2022/05/samoa-parliament",
            "2022-05-11",
            "Pacific Wire",
        ),
    ]
    first, second = articles(items)
    assert first.text == (
        "SUVA — Fiji and Tonga signed an agreement on Tuesday to share patrol vessels and catch "
        "data in their neighbouring waters, officials from both governments said.\n\n"
        "The pact is meant to curb illegal fishing by foreign fleets, which the two countries "
        "say costs them millions of dollars a year."
    )
    assert "election & the seats" in second.text
    assert [str(e) for e in errors(items)] == [
        f"{FIXTURES / 'feed.rss'}:3: feed entry 3 has no content or summary"
    ]


def test_atom_entries() -> None:
    items = read(FIXTURES / "feed.atom")
    assert [(a.title, a.published) for a in articles(items)] == [
        ("Latvia expels Russian diplomat", "2023-09-07"),
        ("Estonia to raise defence spending", "2023-09-08"),
    ]
    assert articles(items)[0].text.startswith("RIGA — Latvia ordered a Russian diplomat")


def test_xml_that_is_a_feed(tmp_path: Path) -> None:
    p = tmp_path / "latest.xml"
    shutil.copy(FIXTURES / "feed.atom", p)
    assert len(articles(read(p))) == 2


def _warc(path: Path, gz: bool) -> None:
    html = (FIXTURES / "page.html").read_bytes()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        # an HTML page, an image, a 404 and a request: only the page is an article
        for uri, ctype, status, body in (
            ("https://horndaily.example.com/2021/03/04/kenya-ethiopia-border", "text/html; charset=utf-8", "200 OK", html),
            ("https://horndaily.example.com/logo.png", "image/png", "200 OK", b"\x89PNG\r\n\x1a\n"),
            ("https://horndaily.example.com/gone", "text/html", "404 Not Found", b"<html>gone</html>"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2021-03-05T10:00:00Z"},
            )
            writer.write_record(rec)
        writer.write_record(writer.create_warc_record("https://horndaily.example.com/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str, gz: bool) -> None:
    p = tmp_path / name
    _warc(p, gz)
    items = read(p)
    assert errors(items) == []
    (a,) = articles(items)
    assert a.url == "https://horndaily.example.com/2021/03/04/kenya-ethiopia-border"
    assert a.published == "2021-03-04"  # the page's own date beats the crawl date
    assert a.text.startswith("NAIROBI — Kenya and Ethiopia agreed")


def test_warc_date_when_page_has_none(tmp_path: Path) -> None:
    body = ("<html><body><article>" + "".join(f"<p>{ENGLISH}</p>" for _ in range(3)) + "</article></body></html>").encode()
    p = tmp_path / "crawl.warc.gz"
    with open(p, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://e.example/fuel", "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2020-02-03T04:05:06Z"},
        ))
    (a,) = read(p)
    assert (a.url, a.published) == ("https://e.example/fuel", "2020-02-03")


@pytest.mark.parametrize("name", ["page.html", "articles.jsonl", "articles.csv", "feed.rss", "articles.json"])
def test_gz_of_any_format_reads_like_the_plain_file(tmp_path: Path, name: str) -> None:
    p = tmp_path / (name + ".gz")
    p.write_bytes(gzip.compress((FIXTURES / name).read_bytes()))
    plain = read(FIXTURES / name, default_date="2024-01-01")
    packed = read(p, default_date="2024-01-01")
    assert [a.id for a in articles(packed)] == [a.id for a in articles(plain)]
    assert [(e.line, e.reason) for e in errors(packed)] == [(e.line, e.reason) for e in errors(plain)]


def test_folder_is_read_recursively_in_order_skipping_other_files(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b" / "c" / "d.txt").write_text(ENGLISH + " More.")
    (tmp_path / "b" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text(ENGLISH)
    assert [a.path for a in read(tmp_path)] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c" / "d.txt")]


def test_glob_pattern(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.html"):
        (tmp_path / name).write_text(ENGLISH)
    assert sorted(Path(a.path).name for a in read(tmp_path / "*.txt")) == ["one.txt", "two.txt"]


@pytest.mark.parametrize(
    "payload,expected_ids",
    [
        ((jline(id="s1", text=ENGLISH) + jline(id="s2", text=ENGLISH)).encode(), ["s1", "s2"]),
        (ENGLISH.encode(), [article_id(ENGLISH)]),
        (gzip.compress(jline(id="z", text=ENGLISH).encode()), ["z"]),
    ],
    ids=["jsonl", "text", "gzipped-jsonl"],
)
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, payload: bytes, expected_ids: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    assert [a.id for a in articles(read("-"))] == expected_ids


def test_article_from_text_uses_given_id_else_hash_of_text_and_url() -> None:
    assert article_from_text(ENGLISH, id="mine").id == "mine"
    a = article_from_text(ENGLISH, url="https://e.example/1", published="March 3, 2020")
    assert (a.id, a.published) == (article_id(ENGLISH, "https://e.example/1"), "2020-03-03")


def test_ids_are_stable_across_runs() -> None:
    first = [a.id for a in articles(read(FIXTURES))]
    assert first == [a.id for a in articles(read(FIXTURES))]
    assert len(first) == len(set(first))


def test_json_file_holding_json_lines_is_read_as_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "export.json"
    p.write_text(jline(id="l1", text=ENGLISH) + jline(id="l2", text=ENGLISH))
    assert [a.id for a in read(p)] == ["l1", "l2"]


def test_jsonl_metadata_aliases_and_odd_values(tmp_path: Path) -> None:
    p = tmp_path / "odd.jsonl"
    p.write_text(jline(id=7, link="https://e.example/7", headline="Fuel tax delayed", date="2021-05-06", text=ENGLISH)
                 + jline(id="", url=["not", "a", "string"], published="next week", text=ENGLISH))
    first, second = read(p, default_date="2021-06-01")
    assert (first.id, first.url, first.title, first.published) == ("7", "https://e.example/7", "Fuel tax delayed", "2021-05-06")
    assert (second.id, second.url, second.published) == (article_id(ENGLISH), None, "2021-06-01")
