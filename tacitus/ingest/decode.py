"""Bytes to text, or a one-line reason why a file is not text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Magic numbers of common non-text files a user may drop into an input folder by mistake;
# they are rejected as "binary" before any charset guessing (which would otherwise happily
# decode a PDF as cp1252).
BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"\x7fELF",
    b"MZ",  # Windows executables
    b"\x00\x00\x01\x00",  # ico
    b"RIFF",
    b"OggS",
    b"ID3",  # mp3
    b"\x1a\x45\xdf\xa3",  # mkv/webm
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"SQLite format 3",
    b"DUCK",
    b"PAR1",
)
# How much of a file to look at when deciding text or binary.
SNIFF_BYTES = 8192
# Share of control characters (other than tab, newline, carriage return, form feed) above
# which decoded text is called binary; real news text has none, mojibake from random bytes
# has several percent. Calibrated on hypothesis-generated random bytes vs. the example
# article and the scrapinghub pages.
MAX_CONTROL_SHARE = 0.01

# Legacy text that is this ASCII (or more) is read as cp1252, the usual encoding of older
# English web and news text: charset detection on mostly-ASCII text guesses among a dozen
# single-byte code pages almost at random (it took Latin-1 "naïve" for cp1257 "naļve").
MIN_ASCII_SHARE_FOR_CP1252 = 0.9
LEGACY_ENGLISH_ENCODING = "cp1252"

# UTF-16 without a byte-order mark: in text that is mostly ASCII (English, markup, JSON) every
# other byte is NUL. At least this share of the bytes at one parity must be NUL, and at most
# MAX_NUL_SHARE_OTHER_PARITY at the other; binary data has NULs at both parities or few at all
# (random bytes: 1/256 at each), and 16-bit binary that passes is caught by the control check.
MIN_NUL_SHARE_UTF16 = 0.6
MAX_NUL_SHARE_OTHER_PARITY = 0.05
# Fewest bytes on which to call UTF-16 without a BOM (a few characters).
MIN_BYTES_UTF16 = 8

# A lone UTF-16 surrogate (from a JSON escape such as "\ud83d" without its pair) is not a
# character: it cannot be written as UTF-8, hashed or stored. Replaced at read time.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# control characters no text file contains: C0 but tab, newline, form feed and return; DEL and C1
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Decoded:
    """Text decoded from bytes, or the reason it could not be."""

    text: str | None
    reason: str | None = None
    encoding: str | None = None


def sanitise(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (a no-op on well-formed text)."""
    return _LONE_SURROGATE.sub(REPLACEMENT, text) if _LONE_SURROGATE.search(text) else text


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, if any."""
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for mostly-ASCII UTF-16 text without a BOM, else None."""
    head = data[:SNIFF_BYTES]
    head = head[: len(head) - len(head) % 2]
    if len(head) < MIN_BYTES_UTF16:
        return None
    half = len(head) // 2
    even = head[0::2].count(0) / half
    odd = head[1::2].count(0) / half
    if odd >= MIN_NUL_SHARE_UTF16 and even <= MAX_NUL_SHARE_OTHER_PARITY:
        return "utf-16-le"
    if even >= MIN_NUL_SHARE_UTF16 and odd <= MAX_NUL_SHARE_OTHER_PARITY:
        return "utf-16-be"
    return None


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 of a text that starts with ``data`` (by BOM or NUL pattern), else None:
    such text cannot be split into lines or sniffed as bytes before it is transcoded."""
    enc = bom_encoding(data)
    if enc is not None:
        return None if enc == "utf-8-sig" else enc
    return utf16_without_bom(data)


def looks_binary(data: bytes) -> bool:
    """True for known binary formats and for data with NUL bytes (unless UTF-16/32 text)."""
    head = data[:SNIFF_BYTES]
    if any(head.startswith(m) for m in BINARY_MAGIC):
        return True
    if bom_encoding(head) is not None or utf16_without_bom(head) is not None:
        return False
    return b"\x00" in head


def control_share(text: str) -> float:
    """Share of characters that are control characters no text file contains."""
    if not text:
        return 0.0
    sample = text[: SNIFF_BYTES * 4]
    bad = len(_CONTROL.findall(sample))  # found by the regex engine, not a loop per character
    return bad / len(sample)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """UTF-8 (with or without BOM), else the ``declared`` charset (an HTML meta tag, an
    HTTP header), else the one charset-normalizer finds, else a reason."""
    if looks_binary(data):
        return Decoded(None, "binary: not a text file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                return Decoded(None, f"not valid {enc} despite its byte-order mark")
    wide = utf16_without_bom(data)
    if wide is not None:
        try:
            return _checked(data.decode(wide), wide)
        except UnicodeDecodeError:
            return Decoded(None, f"binary: NUL bytes as in {wide} text, but not valid {wide}")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _checked(data.decode(declared), declared)
        except (UnicodeError, LookupError, ValueError):
            pass  # a wrong or unknown declaration: fall back to detection
    try:
        legacy = data.decode(LEGACY_ENGLISH_ENCODING)
    except UnicodeDecodeError:
        legacy = None
    if legacy is not None and _ascii_share(legacy) >= MIN_ASCII_SHARE_FOR_CP1252:
        return _checked(legacy, LEGACY_ENGLISH_ENCODING)
    best = from_bytes(data[: SNIFF_BYTES * 16]).best()
    if best is None or best.encoding is None:
        return Decoded(None, "not UTF-8 text and no other encoding could be detected")
    try:
        text = data.decode(best.encoding)
    except (UnicodeError, LookupError, ValueError):
        return Decoded(None, f"not UTF-8 text and not valid {best.encoding} either")
    return _checked(text, best.encoding)


def _ascii_share(text: str) -> float:
    sample = text[: SNIFF_BYTES * 4]
    return sum(1 for c in sample if c < "\x80") / len(sample) if sample else 1.0


def _checked(text: str, encoding: str) -> Decoded:
    if control_share(text) > MAX_CONTROL_SHARE:
        return Decoded(None, "binary: control characters in the text")
    return Decoded(text, None, encoding)
