"""Every kind of bad input gives one InputError with a one-line reason; good inputs in the
same batch are all still read."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from tacitus.errors import InputError
from tacitus.model import Article

from .helpers import ENGLISH, FIXTURES, articles, errors, jline, read

FRENCH = (
    "Le gouvernement a annoncé mardi le report de la hausse de la taxe sur les carburants, "
    "après trois jours de blocages des routes autour de la capitale par des camionneurs."
)
GERMAN = (
    "Die Regierung hat am Dienstag angekündigt, die geplante Erhöhung der Kraftstoffsteuer "
    "zu verschieben, nachdem Lastwagenfahrer die Straßen rund um die Hauptstadt blockiert hatten."
)
NO_BODY_HTML = "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
NOT_A_FEED = '<?xml version="1.0"?><catalog><book id="1"><title>Atlas</title></book></catalog>'


def _one_error(items: list[Article | InputError]) -> InputError:
    (err,) = items
    assert isinstance(err, InputError)
    assert "\n" not in err.reason
    return err


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("blank.html", b"\n\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary: not a text file"),
        ("nul.jsonl", b'{"text": "a"}\x00\x00\x01\x02', "binary: not a text file"),
        ("report.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary: not a text file"),
        ("garbled.txt", bytes(range(128, 256)) * 4, "not UTF-8 text and no other encoding could be detected"),
        ("menu.html", NO_BODY_HTML.encode(), "HTML with no article body"),
        ("catalog.xml", NOT_A_FEED.encode(), "XML that is not an RSS or Atom feed"),
        ("broken.json", b'{"text": "unterminated', "malformed JSON: Unterminated string starting at: line 1 column 10 (char 9)"),
        ("none.json", b"[]", "empty: an empty JSON list"),
        ("nocol.csv", b"headline,summary\nA,B\n", "CSV has no 'text' column (nor 'body', 'content', 'article')"),
        ("header.csv", b"id,text\n", "empty: a CSV header and no rows"),
        ("blank.jsonl", b"\n\n\n", "empty"),
        ("nofeed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>', "empty: a feed with no entries"),
        ("french.txt", FRENCH.encode(), "non-English text (detected: fr), skipped"),
        ("german.txt", GERMAN.encode(), "non-English text (detected: de), skipped"),
        ("russian.txt", "Правительство во вторник объявило о переносе повышения налога на топливо.".encode(), "non-English text (detected: ru), skipped"),
        ("chinese.txt", "政府周二宣布推迟提高燃油税，此前卡车司机连续三天封锁首都周边道路。".encode(), "non-English text (detected: cjk), skipped"),
        ("furniture.txt", b"By Jane Doe\n\nShare this article\n\nAdvertisement\n", "no article text, only page furniture"),
        ("notwarc.warc", b"this is not a web archive at all\n" * 3, "malformed WARC: the file does not start with a WARC record"),
    ],
)
def test_bad_file_gives_one_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    err = _one_error(read(p))
    assert (err.path, err.reason) == (str(p), reason)


def test_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "nowhere.txt"
    assert _one_error(read(p)).reason == "missing: no such file or folder"


def test_glob_matching_nothing(tmp_path: Path) -> None:
    assert _one_error(read(tmp_path / "*.jsonl")).reason == "missing: no file matches this pattern"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    p.write_text(ENGLISH)
    p.chmod(0)
    assert _one_error(read(p)).reason == "unreadable: Permission denied"


def test_unreadable_file_reason_from_the_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "locked.txt"
    p.write_text(ENGLISH)

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr("tacitus.ingest.read.open", deny, raising=False)
    assert _one_error(read(p)).reason == "unreadable: Permission denied"


def test_broken_symlink_is_missing(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    assert _one_error(read(link)).reason == "missing: no such file or folder"


def test_too_large_file(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(ENGLISH * 10)
    err = _one_error(read(p, max_bytes=1000))
    assert err.reason == "too large: over the 1000-byte limit (see --max-bytes)"


def test_too_large_jsonl_line_skips_only_that_line(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_text(jline(id="big", text=ENGLISH * 20) + jline(id="ok", text=ENGLISH))
    items = read(p, max_bytes=1000)
    assert [a.id for a in articles(items)] == ["ok"]
    assert [(e.line, e.reason) for e in errors(items)] == [(1, "too large: line 1 is over the 1000-byte limit")]


def test_gzip_bomb_is_bounded_by_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(gzip.compress(b"a " * 5_000_000))
    assert _one_error(read(p, max_bytes=100_000)).reason.startswith("too large")


def test_corrupt_gzip(tmp_path: Path) -> None:
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(gzip.compress(jline(id="a", text=ENGLISH).encode() * 50)[:60])
    err = errors(read(p))[-1]
    assert err.reason.startswith("corrupt gzip: ")


@pytest.mark.parametrize(
    "line,reason",
    [
        ('{"id": "a", "text": ', "malformed JSON at line 2: Expecting value: line 1 column 20 (char 19)"),
        ('{"id": "b"}', "missing 'text' at line 2"),
        ('{"id": "c", "text": null}', "missing 'text' at line 2"),
        ('{"id": "d", "text": 42}', "'text' is not a string at line 2"),
        ('{"id": "e", "text": "   "}', "empty 'text' at line 2"),
        ('["a", "list"]', "not a JSON object at line 2"),
        ("\xff\xfe", "malformed JSON at line 2: Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_bad_jsonl_line_is_reported_and_the_others_read(tmp_path: Path, line: str, reason: str) -> None:
    p = tmp_path / "batch.jsonl"
    p.write_text(jline(id="first", text=ENGLISH) + line + "\n" + jline(id="last", text=ENGLISH))
    items = read(p)
    assert [a.id for a in articles(items)] == ["first", "last"]
    assert [(e.line, e.reason) for e in errors(items)] == [(2, reason)]


def test_non_utf8_legacy_text_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    text = "The minister’s office called the “deal” a step forward — and a costly one. " * 3
    p.write_bytes(text.encode("cp1252"))
    (a,) = read(p)
    assert a.text == text


def test_good_inputs_survive_bad_ones_in_one_batch(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    items = read(tmp_path / "missing.txt", bad, FIXTURES / "articles.csv", tmp_path / "empty.json")
    assert [a.id for a in articles(items)] == ["csv-1", "csv-2"]
    assert len(errors(items)) == 4


def test_short_texts_are_not_judged_for_language(tmp_path: Path) -> None:
    p = tmp_path / "short.txt"
    p.write_text("Präsident trifft Kanzlerin")
    assert len(articles(read(p))) == 1
