"""Bytes to text, or a one-line reason why a file is not text."""

from __future__ import annotations

import codecs
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


def looks_binary(data: bytes) -> bool:
    """True for known binary formats and for data with NUL bytes (and no UTF-16/32 BOM)."""
    head = data[:SNIFF_BYTES]
    if any(head.startswith(m) for m in BINARY_MAGIC):
        return True
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


def control_share(text: str) -> float:
    """Share of characters that are control characters no text file contains."""
    if not text:
        return 0.0
    sample = text[: SNIFF_BYTES * 4]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0)
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
