"""Hypothesis fuzzing of every reader: whatever the bytes, ``read_inputs`` yields only
Articles and InputErrors and never raises. A quick subset runs by default; the 10,000-case
run is marked slow (``pytest -m slow tests/ingest``)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tacitus.errors import InputError
from tacitus.ingest import clean_text, detect_language, normalise_date, read_inputs
from tacitus.model import Article

QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EXTENSIONS = [".txt", ".html", ".jsonl", ".json", ".csv", ".rss", ".atom", ".xml", ".warc", ".warc.gz", ".gz", ""]
words = st.sampled_from(
    "the minister said on Tuesday army Kabul talks By Related Share © Photo: In Other News "
    "Load More covers for Times reporter He has covered < > & \" ' { } [ ] , : \n \n\n \t é ü Ж 中".split(" ")
)
prose = st.lists(words, max_size=60).map(" ".join)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40) | prose,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
json_objects = st.dictionaries(
    st.sampled_from(["id", "text", "url", "title", "source", "published", "date", "link", "extra"]),
    values | prose,
    max_size=7,
)


def _check(items: list[object]) -> None:
    for item in items:
        assert isinstance(item, (Article, InputError))
        if isinstance(item, InputError):
            assert isinstance(item.reason, str) and item.reason and "\n" not in item.reason
        else:
            assert isinstance(item.text, str) and item.text.strip()
            assert item.published is None or isinstance(item.published, str)


def _read_bytes(data: bytes, suffix: str) -> list[object]:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"input{suffix}"
        p.write_bytes(data)
        items = list(read_inputs([str(p)], default_date="2020-01-01", max_bytes=200_000))
    _check(items)
    return items


def _jsonl(objs: list[dict[str, object]], junk: list[str]) -> bytes:
    lines = [json.dumps(o) for o in objs] + junk
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _csv(rows: list[list[str]], header: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")


def _html(parts: list[str]) -> bytes:
    tags = ["<p>", "</p>", "<div>", "</div>", "<article>", "<nav>", "<script>", "<h1>", "<br>", "<a href='x'>"]
    body = "".join(p + tags[i % len(tags)] for i, p in enumerate(parts))
    return f"<html><head><title>t</title></head><body>{body}</body></html>".encode("utf-8", "surrogatepass")


def _feed(entries: list[tuple[str, str, str]], atom: bool) -> bytes:
    if atom:
        items = "".join(f"<entry><title>{t}</title><summary>{s}</summary><updated>{d}</updated></entry>" for t, s, d in entries)
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
    else:
        items = "".join(f"<item><title>{t}</title><description>{s}</description><pubDate>{d}</pubDate></item>" for t, s, d in entries)
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    return doc.encode("utf-8", "surrogatepass")


def _warc(payloads: list[bytes], ctype: str, gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i, body in enumerate(payloads):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://e.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


raw_inputs = st.tuples(st.binary(max_size=3000), st.sampled_from(EXTENSIONS))
text_inputs = st.tuples(prose | st.text(max_size=2000), st.sampled_from(EXTENSIONS)).map(
    lambda t: (t[0].encode("utf-8", "surrogatepass"), t[1])
)
structured = st.one_of(
    st.tuples(st.builds(_jsonl, st.lists(json_objects, max_size=5), st.lists(st.text(max_size=30), max_size=2)), st.sampled_from([".jsonl", ".json", ""])),
    st.tuples(st.builds(lambda objs: json.dumps(objs).encode(), st.lists(json_objects, max_size=4) | json_objects), st.just(".json")),
    st.tuples(st.builds(_csv, st.lists(st.lists(prose | st.text(max_size=20), max_size=5), max_size=5), st.lists(st.sampled_from(["id", "text", "url", "published", "x"]), max_size=5)), st.just(".csv")),
    st.tuples(st.builds(_html, st.lists(prose, max_size=12)), st.sampled_from([".html", ".htm", ".xml", ""])),
    st.tuples(st.builds(_feed, st.lists(st.tuples(prose, prose, st.text(max_size=30)), max_size=4), st.booleans()), st.sampled_from([".rss", ".atom", ".xml", ""])),
    st.tuples(st.builds(_warc, st.lists(st.binary(max_size=500) | st.builds(_html, st.lists(prose, max_size=6)), max_size=3), st.sampled_from(["text/html", "text/html; charset=latin-1", "image/png"]), st.booleans()), st.sampled_from([".warc", ".warc.gz"])),
)
any_input = st.one_of(raw_inputs, text_inputs, structured)


def _maybe_gzip(inp: tuple[bytes, str], gz: bool) -> tuple[bytes, str]:
    data, suffix = inp
    if gz and not suffix.endswith(".gz"):
        return gzip.compress(data), suffix + ".gz"
    return data, suffix


@QUICK
@given(any_input, st.booleans())
def test_readers_never_raise_quick(inp: tuple[bytes, str], gz: bool) -> None:
    _read_bytes(*_maybe_gzip(inp, gz))


@pytest.mark.slow
@SLOW
@given(any_input, st.booleans())
def test_readers_never_raise_10000_cases(inp: tuple[bytes, str], gz: bool) -> None:
    _read_bytes(*_maybe_gzip(inp, gz))


@QUICK
@given(st.lists(json_objects, min_size=1, max_size=5))
def test_jsonl_yields_one_item_per_nonblank_line(objs: list[dict[str, object]]) -> None:
    items = _read_bytes(_jsonl(objs, []), ".jsonl")
    assert len(items) == len(objs)


@QUICK
@given(prose | st.text(max_size=3000))
def test_clean_text_never_raises_and_only_removes(text: str) -> None:
    clean, removed = clean_text(text)
    assert len(clean) <= len(text)
    assert all(isinstance(r, str) and r for r in removed)


@QUICK
@given(values)
def test_normalise_date_never_raises(value: object) -> None:
    out = normalise_date(value)
    assert out is None or (isinstance(out, str) and out[:4].isdigit())


@QUICK
@given(st.text(max_size=2000))
def test_detect_language_never_raises(text: str) -> None:
    guess = detect_language(text)
    assert isinstance(guess.english, bool)
