"""One reader per input format: a byte stream in, ``Record``s (or ``InputError``s) out.

Readers never raise for bad input: a bad file, line, row, entry or WARC record becomes an
``InputError`` with a one-line reason and the reader goes on with the rest where it can.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from tacitus.errors import InputError
from tacitus.ingest.dates import normalise_date
from tacitus.ingest.decode import decode_bytes
from tacitus.ingest.html import extract_page, fragment_to_text

# Metadata fields read from JSON/CSV records, and the other names they are accepted under
# (first found wins).
# Names under which news dumps carry the article text; the first one present is used.
TEXT_FIELDS: tuple[str, ...] = ("text", "body", "content", "article")
META_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "site"),
    "published": ("published", "date", "publication_date", "published_at"),
}
# WARC payload media types that hold a web page.
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


@dataclass
class Record:
    """One article as read, before language check and ``Article`` construction."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


Item = Record | InputError


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode_text(path: str, data: bytes, line: int | None = None) -> str | InputError:
    """Text of ``data`` or the reason it is not text; empty text is an error too."""
    decoded = decode_bytes(data, declared_charset(data))
    if decoded.text is None:
        return InputError(path, decoded.reason or "unreadable", line)
    if not decoded.text.strip():
        return InputError(path, "empty", line)
    return decoded.text


def is_feed(data: bytes) -> bool:
    return bool(_FEED_ROOT.search(data[:4096]))


# --- plain text and HTML pages ----------------------------------------------------------


def read_txt(path: str, data: bytes) -> Iterator[Item]:
    text = decode_text(path, data)
    yield text if isinstance(text, InputError) else Record(text)


def read_html(path: str, data: bytes, url: str | None = None) -> Iterator[Item]:
    text = decode_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    page = extract_page(text, url)
    if page is None:
        yield InputError(path, "HTML with no article body")
        return
    meta = {"title": page.title, "url": page.url, "source": page.source, "published": page.published}
    yield Record(page.text, meta)


# --- JSON, JSON Lines, CSV of articles ----------------------------------------------------


def record_from_obj(path: str, obj: Any, line: int | None, where: str) -> Item:
    """A Record from one decoded JSON object or CSV row (``where`` names it in reasons)."""
    if not isinstance(obj, dict):
        return InputError(path, f"not a JSON object {where}", line)
    text = next((obj[name] for name in TEXT_FIELDS if obj.get(name) is not None), None)
    if text is None:
        return InputError(path, f"missing 'text' {where}", line)
    if not isinstance(text, str):
        return InputError(path, f"'text' is not a string {where}", line)
    if not text.strip():
        return InputError(path, f"empty 'text' {where}", line)
    meta: dict[str, Any] = {}
    for key, names in META_FIELDS.items():
        for name in names:
            value = obj.get(name)
            if value is None or value == "":
                continue
            if key == "published":
                meta[key] = value
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                meta[key] = str(value).strip() or None
            break
    return Record(text, meta, line)


def read_jsonl(path: str, stream: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """One article per line; a bad line is reported with its number and the rest still read."""
    count = 0
    for lineno, raw in _lines(stream, max_bytes):
        if raw is None:
            yield InputError(path, f"too large: line {lineno} is over the {max_bytes}-byte limit", lineno)
            count += 1
            continue
        if not raw.strip():
            continue
        count += 1
        text = decode_text(path, raw, lineno)
        if isinstance(text, InputError):
            text.reason = f"{text.reason} at line {lineno}"
            yield text
            continue
        try:
            obj = json.loads(text.strip())
        except (ValueError, RecursionError) as exc:
            yield InputError(path, f"malformed JSON at line {lineno}: {short_reason(exc)}", lineno)
            continue
        yield record_from_obj(path, obj, lineno, f"at line {lineno}")
    if count == 0:
        yield InputError(path, "empty")


def read_json(path: str, data: bytes, max_bytes: int) -> Iterator[Item]:
    """One object or a list of objects; a file of one object per line is read as JSONL."""
    text = decode_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if len([ln for ln in text.splitlines() if ln.strip()]) > 1:
            yield from read_jsonl(path, io.BytesIO(text.encode("utf-8")), max_bytes)
        else:
            yield InputError(path, f"malformed JSON: {short_reason(exc)}")
        return
    if isinstance(doc, list):
        if not doc:
            yield InputError(path, "empty: an empty JSON list")
        for i, obj in enumerate(doc, 1):
            yield record_from_obj(path, obj, i, f"in item {i}")
    else:
        yield record_from_obj(path, doc, None, "in the JSON object")


def read_csv(path: str, data: bytes, max_bytes: int) -> Iterator[Item]:
    text = decode_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    # the field limit is process-wide; only ever raise it, to what one file may hold
    csv.field_size_limit(max(csv.field_size_limit(), min(max_bytes, 2**31 - 1)))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        names = reader.fieldnames or []
    except csv.Error as exc:
        yield InputError(path, f"malformed CSV header: {short_reason(exc)}", 1)
        return
    reader.fieldnames = [str(n).strip().lower() for n in names]
    if "text" not in reader.fieldnames:
        yield InputError(path, "CSV has no 'text' column", 1)
        return
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(path, f"malformed CSV at line {reader.line_num}: {short_reason(exc)}", reader.line_num)
            return
        rows += 1
        row.pop(None, None)  # cells beyond the header
        yield record_from_obj(path, row, reader.line_num, f"at line {reader.line_num}")
    if rows == 0:
        yield InputError(path, "empty: a CSV header and no rows")


# --- RSS and Atom feeds -------------------------------------------------------------------


def read_feed(path: str, data: bytes) -> Iterator[Item]:
    """Each entry with its full content, else its summary, its link and its date."""
    import feedparser

    with warnings.catch_warnings():
        # feedparser warns about its own updated/published aliasing on every access
        warnings.simplefilter("ignore", DeprecationWarning)
        items = list(_feed_items(path, feedparser.parse(data)))
    yield from items


def _feed_items(path: str, parsed: Any) -> Iterator[Item]:
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            yield InputError(path, f"malformed feed: {short_reason(parsed.get('bozo_exception'))}")
        else:
            yield InputError(path, "empty: a feed with no entries")
        return
    source = (parsed.get("feed") or {}).get("title") or None
    for i, entry in enumerate(entries, 1):
        html = " ".join(c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict))
        if not html.strip():
            html = entry.get("summary") or entry.get("description") or ""
        text = fragment_to_text(html) if isinstance(html, str) else ""
        if not text:
            yield InputError(path, f"feed entry {i} has no content or summary", i)
            continue
        # the date as written keeps the publisher's own day; feedparser's parsed form is UTC
        published = entry.get("published") or entry.get("updated")
        if normalise_date(published) is None:
            published = entry.get("published_parsed") or entry.get("updated_parsed")
        title = entry.get("title")
        meta = {
            "title": fragment_to_text(title) if isinstance(title, str) and title else None,
            "url": entry.get("link") or None,
            "source": source,
            "published": published,
        }
        yield Record(text, meta, i)


# --- WARC ---------------------------------------------------------------------------------


def read_warc(path: str, stream: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """HTML responses (and resources) of a WARC file as articles, with target URI and date.

    Non-HTML records, requests, metadata, revisits and non-2xx responses are not articles
    and are passed over; an HTML page without an article body is reported.
    """
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    pages = 0
    try:
        for n, rec in enumerate(ArchiveIterator(stream), 1):
            item = _warc_record(path, rec, n, max_bytes)
            if item is not None:
                pages += 1
                yield item
    except Exception as exc:  # warcio raises its own and zlib/IO errors on a damaged file
        yield InputError(path, f"malformed WARC after record {n}: {short_reason(exc)}", n or None)
        return
    if n == 0:
        yield InputError(path, "empty: no WARC records")
    elif pages == 0:
        yield InputError(path, "no HTML pages in the WARC file")


def _warc_record(path: str, rec: Any, n: int, max_bytes: int) -> Item | None:
    if rec.rec_type not in ("response", "resource"):
        return None
    uri = rec.rec_headers.get_header("WARC-Target-URI") or None
    headers = rec.http_headers if rec.rec_type == "response" else None
    if rec.rec_type == "response":
        if headers is None:
            return None
        status = (headers.get_statuscode() or "").strip()
        if not status.startswith("2"):
            return None
        ctype = headers.get_header("Content-Type") or ""
    else:
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    if ctype.lower().split(";")[0].strip() not in HTML_MEDIA_TYPES:
        return None
    where = uri or f"record {n}"
    payload = rec.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return InputError(path, f"too large: {where} is over the {max_bytes}-byte limit", n)
    charset = None
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.I)
    if m:
        charset = m.group(1)
    decoded = decode_bytes(payload, charset or declared_charset(payload))
    if decoded.text is None:
        return InputError(path, f"{decoded.reason}: {where}", n)
    page = extract_page(decoded.text, uri)
    if page is None:
        return InputError(path, f"HTML with no article body: {where}", n)
    published = page.published or rec.rec_headers.get_header("WARC-Date")
    meta = {
        "title": page.title,
        "url": uri or page.url,
        "source": page.source,
        "published": published,
    }
    return Record(page.text, meta, n)


# --- helpers ------------------------------------------------------------------------------


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a byte stream; None for a line over ``max_bytes`` (then skipped)."""
    lineno = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # drop the rest of the over-long line without holding it
                rest = stream.readline(max_bytes + 1)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, raw


def short_reason(exc: Any) -> str:
    """An exception as a short one-line reason."""
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg if len(msg) <= 120 else msg[:117] + "..."
