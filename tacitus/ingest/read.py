"""``read_inputs``: paths (files, folders, globs, ``-``) to Articles, and InputErrors for the rest.

The format of a file comes from its name (``.txt``, ``.html``/``.htm``, ``.jsonl``,
``.json``, ``.csv``, ``.warc``/``.warc.gz``, ``.rss``/``.atom``/``.xml``, and ``.gz`` of any
of these); stdin and files with another name are sniffed from their first bytes.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from tacitus.errors import InputError
from tacitus.ingest import formats
from tacitus.ingest.clean import clean_text
from tacitus.ingest.dates import normalise_date
from tacitus.ingest.decode import SNIFF_BYTES, looks_binary, sanitise, wide_encoding
from tacitus.ingest.language import detect_language, not_prose
from tacitus.model import Article, article_id

# Largest input read into memory at once: a whole .txt/.html/.json/.csv/feed file, one JSONL
# line, one WARC payload. JSONL and WARC files themselves stream and may be any size.
# 20 MB is a hundred times the largest news page in the scrapinghub set.
DEFAULT_MAX_BYTES = 20_000_000
STDIN = "-"
# How often (in bytes read from a file, compressed or not) a long read reports progress:
# often enough that a bar moves every fraction of a second, rare enough to cost nothing.
PROGRESS_EVERY_BYTES = 4_000_000

# Called as ``progress(path, bytes_read)`` while a file is being read.
ProgressFn = Callable[[str, int], None]

_EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
}
_GZIP_MAGIC = b"\x1f\x8b"


def article_from_text(text: str, published: str | None = None, **meta: Any) -> Article:
    """An Article from raw text; its id is ``meta['id']`` if given, else a hash of text + url.

    Lone surrogates (from JSON escapes) in the text and metadata are replaced by U+FFFD.
    """
    text = sanitise(text)
    meta = {k: sanitise(v) if isinstance(v, str) else v for k, v in meta.items()}
    aid = meta.pop("id", None)
    if aid is None or str(aid).strip() == "":
        aid = article_id(text, meta.get("url"))
    return Article(id=sanitise(str(aid)).strip(), text=text, published=normalise_date(published), **meta)


def read_inputs(
    paths: list[str],
    default_date: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressFn | None = None,
) -> Iterator[Article | InputError]:
    """Every article in ``paths``, and one InputError per bad input; never raises for input.

    ``default_date`` is the publication date of inputs that carry none; ``progress``, if
    given, is called with the path and the bytes read so far every few megabytes of a file.
    """
    fallback_date = normalise_date(default_date)
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            for got in _read_one(item, max_bytes, progress):
                if isinstance(got, InputError):
                    yield got
                    continue
                try:
                    yield _to_article(item, got, fallback_date)
                except Exception as exc:  # noqa: BLE001 - one bad record never ends its file
                    where = f" at line {got.line}" if got.line is not None else ""
                    yield InputError(item, f"unreadable{where}: {type(exc).__name__}: "
                                           f"{formats.short_reason(exc)}", got.line)
        except Exception as exc:  # last line of defence: a reader bug must not end a batch
            yield InputError(item, f"unreadable: {type(exc).__name__}: {formats.short_reason(exc)}")


def _to_article(path: str, rec: formats.Record, fallback_date: str | None) -> Article | InputError:
    where = f" at line {rec.line}" if rec.line is not None else ""
    clean, _ = clean_text(sanitise(rec.text))
    if not clean:
        return InputError(path, f"no article text, only page furniture{where}", rec.line)
    shape = not_prose(clean)
    if shape is not None:
        return InputError(path, f"{shape}{where}, skipped", rec.line)
    guess = detect_language(clean)
    if not guess.english:
        return InputError(
            path, f"non-English text (detected: {guess.code or 'unknown'}){where}, skipped", rec.line
        )
    meta = {k: v for k, v in rec.meta.items() if v is not None}
    published = normalise_date(meta.pop("published", None)) or fallback_date
    return article_from_text(rec.text, published=published, path=path, line=rec.line, language="en", **meta)


# --- paths --------------------------------------------------------------------------------


def _expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    for p in paths:
        p = str(p)
        if p == STDIN:
            yield p
        elif os.path.isdir(p):
            yield from _walk(p)
        elif os.path.lexists(p):
            yield p
        elif glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield InputError(p, "missing: no file matches this pattern")
            for m in matches:
                if os.path.isdir(m):
                    yield from _walk(m)
                else:
                    yield m
        else:
            yield InputError(p, "missing: no such file or folder")


def _walk(folder: str) -> Iterator[str | InputError]:
    """Files of a known format under ``folder``, recursively, in a stable order.

    Hidden files and folders and files of other types are passed over: a folder of
    articles often holds a README or an editor's swap file.
    """
    errors: list[InputError] = []

    def onerror(exc: OSError) -> None:
        errors.append(InputError(exc.filename or folder, f"unreadable: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and _format_of(name) is not None:
                yield os.path.join(root, name)
        yield from errors
        errors.clear()
    yield from errors


def _format_of(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    if lower.endswith(".gz"):
        return "gz"
    return _EXTENSIONS.get(Path(lower).suffix)


# --- one input ----------------------------------------------------------------------------


def _read_one(path: str, max_bytes: int, progress: ProgressFn | None = None) -> Iterator[formats.Item]:
    try:
        if path == STDIN:
            stream: IO[bytes] = sys.stdin.buffer
        else:
            # stat does not block; opening a FIFO with no writer does, and reading a device
            # (/dev/zero) never ends: only regular files are read
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                yield InputError(path, f"not a regular file ({_file_kind(mode)}), skipped")
                return
            if os.path.getsize(path) == 0:
                yield InputError(path, "empty")
                return
            stream = open(path, "rb")  # noqa: SIM115 - closed below, after streaming
    except OSError as exc:
        yield InputError(path, _os_reason(exc))
        return
    try:
        name = "" if path == STDIN else os.path.basename(path)
        yield from _read_stream(path, name, stream, max_bytes, progress)
    except OSError as exc:
        yield InputError(path, _os_reason(exc))
    finally:
        if path != STDIN:
            stream.close()


def _read_stream(
    path: str, name: str, stream: IO[bytes], max_bytes: int, progress: ProgressFn | None = None
) -> Iterator[formats.Item]:
    fmt = _format_of(name)
    head = stream.read(SNIFF_BYTES)
    if not head:
        yield InputError(path, "empty")
        return
    wide = wide_encoding(head)
    if wide is not None and fmt not in ("warc", "gz"):
        # UTF-16/32 text: to UTF-8 first, so that lines, JSON and CSV split as in any text
        utf8 = io.BufferedReader(_Transcoded(head, stream, wide), buffer_size=SNIFF_BYTES * 8)
        yield from _guard_transcode(path, wide, _read_stream(path, name, utf8, max_bytes, progress))
        return
    stream = _Prefixed(head, stream)
    if fmt == "gz" or (fmt is None and head.startswith(_GZIP_MAGIC)):
        inner = name[:-3] if name.lower().endswith(".gz") else ""
        unzipped = gzip.GzipFile(fileobj=stream, mode="rb")
        yield from _guard_gzip(path, _read_stream(path, inner, unzipped, max_bytes, progress))  # type: ignore[arg-type]
        return
    # progress counts the bytes the readers take (after gunzip: a small gzip of a huge file
    # moves the bar as fast as it is read)
    counted: IO[bytes] = stream if progress is None else _Counting(path, stream, progress)  # type: ignore[assignment]
    if fmt == "warc" and not head.startswith((b"WARC/", _GZIP_MAGIC)):
        yield InputError(path, "malformed WARC: the file does not start with a WARC record")
        return
    if fmt == "warc" or (fmt is None and head.startswith(b"WARC/")):
        yield from formats.read_warc(path, counted, max_bytes)
        return
    if looks_binary(head):
        yield InputError(path, "binary: not a text file")
        return
    fmt = fmt or _sniff(head)
    if fmt == "jsonl":
        yield from formats.read_jsonl(path, counted, max_bytes)
        return
    data = counted.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(path, f"too large: over the {max_bytes}-byte limit (see --max-bytes)")
        return
    if not data.strip():
        yield InputError(path, "empty")
        return
    yield from _READERS[_resolve_xml(fmt, data)](path, data, max_bytes)


def _resolve_xml(fmt: str, data: bytes) -> str:
    """An ``.xml`` file is a feed when it has a feed root, a page when it has ``<html``."""
    if fmt != "xml":
        return fmt
    if formats.is_feed(data):
        return "feed"
    if b"<html" in data[:SNIFF_BYTES].lower():
        return "html"
    return "xml"


def _sniff(head: bytes) -> str:
    """Format of an input with no telling name (stdin, ``notes``, ``page.gz``)."""
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = s[:2048].lower()
    if s.startswith(b"{"):
        return "jsonl"
    if s.startswith(b"["):
        return "json"
    if formats.is_feed(s):
        return "feed"
    if s.startswith(b"<") and (b"<html" in lower or b"<!doctype html" in lower or b"<body" in lower or b"<p" in lower):
        return "html"
    return "txt"


def _not_a_feed(path: str, data: bytes, max_bytes: int) -> Iterator[formats.Item]:
    yield InputError(path, "XML that is not an RSS or Atom feed")


_READERS: dict[str, Callable[[str, bytes, int], Iterator[formats.Item]]] = {
    "txt": lambda p, d, m: formats.read_txt(p, d),
    "html": lambda p, d, m: formats.read_html(p, d),
    "json": formats.read_json,
    "csv": formats.read_csv,
    "feed": lambda p, d, m: formats.read_feed(p, d),
    "xml": _not_a_feed,
}


def _guard_gzip(path: str, items: Iterator[formats.Item]) -> Iterator[formats.Item]:
    """Gzip damage surfaces lazily, mid-read: report it after what was read intact."""
    try:
        yield from items
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield InputError(path, f"corrupt gzip: {formats.short_reason(exc)}")


def _guard_transcode(path: str, encoding: str, items: Iterator[formats.Item]) -> Iterator[formats.Item]:
    """A UTF-16/32 file that turns out not to be valid mid-way: report it after what was read."""
    try:
        yield from items
    except UnicodeDecodeError as exc:
        yield InputError(path, f"not valid {encoding} text: {formats.short_reason(exc)}")


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "missing: no such file or folder"
    if isinstance(exc, IsADirectoryError):
        return "unreadable: a folder, not a file"
    return f"unreadable: {exc.strerror or exc}"


class _Prefixed(io.RawIOBase):
    """A byte stream with its already-read first bytes put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            out, self._head = self._head + self._rest.read(), b""
            return out
        if len(self._head) >= size:
            out, self._head = self._head[:size], self._head[size:]
            return out
        out, self._head = self._head, b""
        return out + self._rest.read(size - len(out))

    def readline(self, size: int | None = -1) -> bytes:
        limit = -1 if size is None else size
        nl = self._head.find(b"\n")
        if nl >= 0 and (limit < 0 or nl < limit):
            out, self._head = self._head[: nl + 1], self._head[nl + 1 :]
            return out
        if 0 <= limit <= len(self._head):
            out, self._head = self._head[:limit], self._head[limit:]
            return out
        out, self._head = self._head, b""
        rest_limit = -1 if limit < 0 else limit - len(out)
        return out + self._rest.readline(rest_limit)



class _Transcoded(io.RawIOBase):
    """A UTF-16/32 byte stream (its first bytes already read as ``head``) as UTF-8 bytes."""

    def __init__(self, head: bytes, rest: IO[bytes], encoding: str) -> None:
        self._rest = rest
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._out = self._decoder.decode(head).encode("utf-8")
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._out and not self._eof:
            raw = self._rest.read(SNIFF_BYTES * 8)
            self._eof = not raw
            self._out = self._decoder.decode(raw, final=self._eof).encode("utf-8")
        n = min(len(view), len(self._out))
        view[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


class _Counting(io.RawIOBase):
    """A byte stream that reports how much of it was read, every few megabytes."""

    def __init__(self, path: str, stream: IO[bytes], progress: ProgressFn) -> None:
        self._path = path
        self._stream = stream
        self._progress = progress
        self._read = 0
        self._next = PROGRESS_EVERY_BYTES

    def readable(self) -> bool:
        return True

    def _count(self, n: int) -> None:
        self._read += n
        if self._read >= self._next:
            self._next = self._read + PROGRESS_EVERY_BYTES
            self._progress(self._path, self._read)

    def readinto(self, buffer: Any) -> int:
        n = self._stream.readinto(buffer)  # type: ignore[attr-defined]
        self._count(n or 0)
        return n or 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._count(len(data))
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data = self._stream.readline(-1 if size is None else size)
        self._count(len(data))
        return data
