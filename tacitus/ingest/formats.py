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
# Bytes read at once by the JSON Lines reader: blank runs within a block are skipped in C.
READ_BLOCK = 1 << 20
_NON_BLANK = re.compile(rb"[^ \t\r\n\f\v]")
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
    """One article per row. A malformed record (an unterminated or stray quote, which would
    swallow the rows after it into one text) is reported with the line it starts on, and
    reading resumes on the line after that."""
    text = decode_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    # the field limit is process-wide; only ever raise it, to what one file may hold
    csv.field_size_limit(max(csv.field_size_limit(), min(max_bytes, 2**31 - 1)))
    lines = io.StringIO(text, newline="").readlines()  # split as the csv module splits
    try:
        header = next(csv.reader(lines[:1], strict=True), [])
    except csv.Error as exc:
        yield InputError(path, f"malformed CSV header: {_csv_reason(exc)}", 1)
        return
    names = [str(n).strip().lower() for n in header]
    if not any(name in names for name in TEXT_FIELDS):
        yield InputError(path, "CSV has no 'text' column (nor " + ", ".join(f"'{n}'" for n in TEXT_FIELDS[1:]) + ")", 1)
        return
    rows = 0
    done = 1  # lines consumed: the header
    while done < len(lines):
        reader = csv.reader(lines[done:], strict=True)
        offset = done
        try:
            for cells in reader:
                start, done = done + 1, offset + reader.line_num
                if not any(c.strip() for c in cells):
                    continue  # a blank line
                rows += 1
                row = dict(zip(names, cells, strict=False))  # short rows: the cells there are
                yield record_from_obj(path, row, start, f"at line {start}")
        except csv.Error as exc:
            start = done + 1
            rows += 1
            yield InputError(path, f"malformed CSV at line {start}: {_csv_reason(exc)}; that record is "
                                   "skipped and reading goes on at the next line", start)
            done = start
            continue
        break
    if rows == 0:
        yield InputError(path, "empty: a CSV header and no rows")


def _csv_reason(exc: csv.Error) -> str:
    msg = str(exc)
    if "unexpected end of data" in msg:
        return "a quote opened and never closed"
    if "expected after" in msg:
        return "a quote closed in mid-field (a stray or unterminated quote)"
    return short_reason(exc)


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
    and are passed over; an HTML page without an article body is reported. A record cut off
    by the end of the file (a truncated download) is reported, never stored in part.
    """
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    pages = 0
    records = ArchiveIterator(stream)
    try:
        for n, rec in enumerate(records, 1):
            item = _warc_record(path, rec, n, max_bytes)
            missing = _missing_bytes(rec)
            if missing:
                where = rec.rec_headers.get_header("WARC-Target-URI") or f"record {n}"
                yield InputError(path, f"truncated WARC: record {n} ({where}) is cut off by the end "
                                       f"of the file, {missing} bytes short; not read", n)
                return
            if item is not None:
                pages += 1
                yield item
        # bytes after the last whole record: a record cut off inside its headers, which
        # warcio takes for the end of the file
        tail = records.fh.tell() - records.offset
    except (AttributeError, TypeError, EOFError):  # warcio on a header block cut off or damaged
        yield InputError(path, f"malformed WARC: record {n + 1} has damaged or cut-off headers "
                               "(a truncated file?); not read", n + 1)
        return
    except Exception as exc:  # warcio raises its own and zlib/IO errors on a damaged file
        yield InputError(path, f"malformed WARC after record {n}: {short_reason(exc)}", n or None)
        return
    if tail > 0:
        yield InputError(path, f"truncated WARC: record {n + 1} is cut off inside its headers by the "
                               f"end of the file ({tail} bytes); not read", n + 1)
        return
    if n == 0:
        yield InputError(path, "empty: no WARC records")
    elif pages == 0:
        yield InputError(path, "no HTML pages in the WARC file")


def _missing_bytes(rec: Any) -> int:
    """Bytes of ``rec``'s declared Content-Length that the file does not hold (0 if whole)."""
    declared = (rec.rec_headers.get_header("Content-Length") or "").strip()
    raw = rec.raw_stream
    while raw.read(READ_BLOCK):  # the rest of the record, as the iterator would skip it
        pass
    if not declared.isdigit():  # every WARC record declares it: these headers were cut off
        return int(declared) if declared.isdigit() else 1
    return max(0, int(getattr(raw, "limit", 0) or 0))


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
    """Numbered non-blank lines of a byte stream; None for a line over ``max_bytes`` (then
    skipped). Runs of blank lines are passed over a block at a time, at read speed."""
    lineno = 0
    buf = b""
    pos = 0
    eof = False
    while True:
        first = _NON_BLANK.search(buf, pos)
        cut = buf.rfind(b"\n", pos, first.start() if first else len(buf)) + 1
        if cut > pos:  # whole blank lines before the next text
            lineno += buf.count(b"\n", pos, cut)
            pos = cut
        if first is None:  # only blanks left, and no newline in them: not needed, read on
            buf, pos = b"", 0
            if eof:
                return
            block = stream.read(READ_BLOCK)
            eof = not block
            buf = block
            continue
        nl = buf.find(b"\n", pos)
        if nl >= 0:
            lineno += 1
            if nl - pos > max_bytes:
                yield lineno, None
            else:
                yield lineno, buf[pos : nl + 1]
            pos = nl + 1
            continue
        if len(buf) - pos > max_bytes:  # an over-long line: drop the rest of it unread
            while True:
                block = stream.read(READ_BLOCK)
                nl = block.find(b"\n")
                if not block or nl >= 0:
                    break
            lineno += 1
            yield lineno, None
            buf, pos, eof = (block[nl + 1 :], 0, False) if block else (b"", 0, True)
            continue
        if eof:
            if pos < len(buf):
                lineno += 1
                yield lineno, buf[pos:]
            return
        block = stream.read(READ_BLOCK)
        eof = not block
        buf, pos = buf[pos:] + block, 0


def short_reason(exc: Any) -> str:
    """An exception as a short one-line reason."""
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg if len(msg) <= 120 else msg[:117] + "..."
