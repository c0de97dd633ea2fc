"""Hostile inputs (issue 14, items 1, 4, 5 and 9): never lose or corrupt an article.

Each input is built here, in tmp_path; each test asserts the exact outcome: articles
stored or printed, error lines, exit status. Time appears only as a generous timeout on
inputs that used to hang or crawl.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tacitus.cli import main
from tacitus.errors import InputError
from tacitus.ingest import detect_language, read_inputs
from tacitus.model import Article

from .helpers import articles, errors, read

ROOT = Path(__file__).resolve().parents[2]

# Articles written for these tests: news-like, English, each long enough for the language check.
HARBOUR = ("The harbour authority said on Friday that two cargo ships had collided near the "
           "northern breakwater, and that divers were checking both hulls before the port reopens.")
BRIDGE = ("Engineers closed the old river bridge in Leeds on Wednesday after inspectors found "
          "cracks in two of its supports, the city council said in a statement.")
FARM = ("Farmers in the valley began harvesting wheat two weeks early this year because of the "
        "long dry spell, the regional agriculture office said on Thursday.")
TRAIN = ("A commuter train was delayed for three hours outside Glasgow on Monday after a fallen "
         "tree blocked the line, the rail operator said, and no one was hurt.")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def _store_rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --- 1. One article never takes down a batch ------------------------------------------------


def _surrogate_jsonl(path: Path, with_ids: bool) -> None:
    """40 good lines, one whose text holds a lone surrogate escape, 40 good lines."""
    lines = []
    for i in range(81):
        text = f"{HARBOUR} Report number {i}."
        obj: dict[str, Any] = {"id": f"a{i}"} if with_ids else {}
        if i == 40:
            # json.dumps would escape a real surrogate the same way: "\ud83d", alone
            lines.append(json.dumps({**obj, "text": "Broken emoji \ud83d here. " + text}))
        else:
            lines.append(json.dumps({**obj, "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("with_ids", [True, False])
def test_lone_surrogate_is_replaced_and_no_line_is_lost(tmp_path: Path, with_ids: bool) -> None:
    src = tmp_path / "feed.jsonl"
    _surrogate_jsonl(src, with_ids)
    items = read(src)
    assert errors(items) == []
    arts = articles(items)
    assert len(arts) == 81
    assert len({a.id for a in arts}) == 81
    broken = arts[40]
    assert broken.text.startswith("Broken emoji \ufffd here. ")
    for a in arts:  # every text can be written, hashed and stored
        a.text.encode("utf-8")


def test_lone_surrogate_in_title_is_replaced(tmp_path: Path) -> None:
    src = tmp_path / "titled.jsonl"
    src.write_text(json.dumps({"id": "t1", "title": "Storm \udc00 warning", "text": HARBOUR}) + "\n",
                   encoding="utf-8")
    (art,) = read(src)
    assert isinstance(art, Article)
    assert art.title == "Storm \ufffd warning"


def test_surrogate_file_is_fully_ingested(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "feed.jsonl"
    _surrogate_jsonl(src, with_ids=True)
    db = tmp_path / "t.duckdb"
    code, _, err = _run(capsys, "ingest", str(src), "--db", str(db), "--date", "2024-03-01")
    assert (code, _error_lines(err)) == (0, [])
    assert _store_rows(db, "SELECT count(*) FROM articles") == [(81,)]
    assert _store_rows(db, "SELECT text LIKE 'Broken emoji \ufffd%' FROM articles WHERE id = 'a40'") == [(True,)]


def _three_articles(tmp_path: Path, middle: str) -> Path:
    src = tmp_path / "batch.jsonl"
    rows = [{"id": "first", "text": HARBOUR}, {"id": "middle", "text": middle}, {"id": "last", "text": BRIDGE}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return src


@pytest.fixture
def events_fail_on_farm(monkeypatch: pytest.MonkeyPatch) -> None:
    """The events stage raises on the one article about the harvest (a coder bug)."""
    from tacitus import pipeline

    real = pipeline.events.code_events

    def code_events(doc: Any, *args: Any, **kwargs: Any) -> Any:
        if "harvesting wheat" in doc.text:
            raise RuntimeError("pattern table index out of range")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(pipeline.events, "code_events", code_events)


@pytest.mark.usefixtures("events_fail_on_farm")
def test_a_stage_failure_is_one_error_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _three_articles(tmp_path, FARM)
    code, out, err = _run(capsys, "code", str(src), "--format", "jsonl", "--date", "2024-03-01")
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["first", "last"]
    assert _error_lines(err) == [
        f"error: {src}: article middle failed in the events stage (RuntimeError: pattern table "
        "index out of range); not coded, the others were"
    ]


@pytest.mark.usefixtures("events_fail_on_farm")
def test_a_stage_failure_is_recorded_in_the_store_with_its_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _three_articles(tmp_path, FARM)
    db = tmp_path / "t.duckdb"
    code, _, err = _run(capsys, "ingest", str(src), "--db", str(db), "--date", "2024-03-01")
    assert code == 1
    assert len(_error_lines(err)) == 1
    assert _store_rows(db, "SELECT id FROM articles ORDER BY id") == [("first",), ("last",)]
    rows = _store_rows(db, "SELECT path, stage, reason FROM errors")
    assert [(p, s) for p, s, _ in rows] == [(str(src), "events")]
    assert rows[0][2].startswith("article middle failed in the events stage")
    assert _store_rows(db, "SELECT errors FROM runs") == [(1,)]


class _CrashingModel:
    """The spaCy model, except that it crashes on one text (as a tokenizer bug would)."""

    def __init__(self, real: Any, marker: str) -> None:
        self._real = real
        self._marker = marker
        self.max_length = real.max_length

    def _check(self, text: str) -> str:
        if self._marker in text:
            raise ValueError("tokenizer exception table corrupt")
        return text

    def __call__(self, text: str) -> Any:
        return self._real(self._check(text))

    def pipe(self, texts: Any, batch_size: int = 32) -> Any:
        return self._real.pipe((self._check(t) for t in texts), batch_size=batch_size)


def test_an_nlp_failure_fails_only_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from tacitus.pipeline import code_articles, get_pipeline

    pipe = get_pipeline()
    monkeypatch.setattr(pipe, "nlp_model", _CrashingModel(pipe.nlp_model, "harvesting"))
    arts = [Article(id=name, text=text, published="2024-03-01", path="in.jsonl")
            for name, text in (("a", HARBOUR), ("b", FARM), ("c", BRIDGE), ("d", TRAIN))]
    errs: list[InputError] = []
    coded = list(code_articles(arts, errors=errs))
    assert [a.id for a in coded] == ["a", "c", "d"]
    assert [(e.path, e.stage) for e in errs] == [("in.jsonl", "nlp")]
    assert "article b failed in the nlp stage (ValueError: tokenizer exception table corrupt)" in errs[0].reason


def _with_a_broken_article() -> list[Article]:
    # text=None: an Article built by hand without text; cleaning it raises
    return [Article(id="ok-1", text=HARBOUR, published="2024-03-01", path="batch"),
            Article(id="broken", text=None, published="2024-03-01", path="batch"),  # type: ignore[arg-type]
            Article(id="ok-2", text=BRIDGE, published="2024-03-01", path="batch")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_worker_processes_report_a_failed_article(jobs: int) -> None:
    from tacitus.scale import code_stream

    errs: list[InputError] = []
    coded = [a.id for chunk in code_stream(_with_a_broken_article(), jobs=jobs, chunk_size=3, errors=errs) for a in chunk]
    assert coded == ["ok-1", "ok-2"]
    assert [(e.path, e.stage) for e in errs] == [("batch", "clean")]
    assert errs[0].reason.startswith("article broken failed in the clean stage")


def test_ray_reports_a_failed_article() -> None:
    pytest.importorskip("ray")
    from tacitus.scale import ray_engine

    errs: list[InputError] = []
    try:
        coded = [a.id for chunk in ray_engine.code_stream(_with_a_broken_article(), workers=1, errors=errs)
                 for a in chunk]
    finally:
        import ray

        ray.shutdown()
    assert coded == ["ok-1", "ok-2"]
    assert [(e.path, e.stage) for e in errs] == [("batch", "clean")]


def test_without_an_error_list_a_failure_is_one_tacitus_error() -> None:
    from tacitus.errors import TacitusError
    from tacitus.pipeline import code_articles

    with pytest.raises(TacitusError) as info:
        list(code_articles(_with_a_broken_article()))
    assert info.value.code == "E060" and "article broken failed in the clean stage" in info.value.message


def _long_text(chars: int) -> str:
    """Paragraphs naming places and people, until ``chars`` characters."""
    paragraphs = []
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        paragraphs.append(
            f"Firefighters in Manchester pumped water from {n + 3} flooded basements on Tuesday, "
            f"said Sarah Collins, a spokeswoman for the brigade. Volunteers in Salford handed out "
            f"blankets to {n + 10} families."
        )
        n += 1
    return "\n\n".join(paragraphs)


def test_an_article_over_spacys_limit_is_coded_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # spaCy's limit lowered from 1,000,000 to 5,000 characters: a 12,000-character article
    # stands for a 1.2 MB one and runs in seconds
    from tacitus.pipeline import get_pipeline

    pipe = get_pipeline()
    monkeypatch.setattr(pipe.nlp_model, "max_length", 5_000)
    folder = tmp_path / "in"
    folder.mkdir()
    long_text = _long_text(12_000)
    (folder / "a-long.txt").write_text(long_text, encoding="utf-8")
    (folder / "b-short.txt").write_text(TRAIN, encoding="utf-8")
    code, out, err = _run(capsys, "code", str(folder), "--format", "jsonl", "--date", "2024-03-01")
    assert (code, _error_lines(err)) == (0, [])
    long_rec, short_rec = (json.loads(line) for line in out.splitlines())
    assert long_rec["text"] == long_text
    assert short_rec["text"] == TRAIN
    places = [p for p in long_rec["places"] if p["text"] == "Salford"]
    assert len(places) == long_text.count("Salford")  # the same in every piece
    last = max(p["start"] for p in places)
    assert last > 10_000  # found in the third piece, at its offset in the whole text
    for group in ("entities", "places", "dates", "counts", "events"):
        for item in long_rec[group]:
            assert long_text[item["start"]:item["end"]] == item["text"], (group, item)


def test_split_text_cuts_at_paragraphs_and_keeps_every_character() -> None:
    from tacitus.pipeline import split_text

    text = _long_text(12_000)
    pieces = split_text(text, 5_000)
    assert "".join(pieces) == text
    assert len(pieces) == 3
    assert all(len(p) <= 5_000 for p in pieces)
    assert all(p.endswith("families.\n\n") for p in pieces[:-1])
    # no paragraph breaks: cut at sentence ends; no spaces at all: cut anywhere
    sentences = " ".join(["The council met on Monday."] * 400)
    assert all(p.endswith(". ") for p in split_text(sentences, 1_000)[:-1])
    assert [len(p) for p in split_text("x" * 2_500, 1_000)] == [1_000, 1_000, 500]


def test_a_12_mb_article_is_read_not_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    text = _long_text(1_200_000)
    big.write_text(text, encoding="utf-8")
    (art,) = read(big)
    assert isinstance(art, Article)
    assert len(art.text) == len(text) > 1_000_000


# --- 4. Malformed containers are named, not silently truncated -------------------------------


def test_csv_unterminated_quote_is_named_and_other_rows_are_kept(tmp_path: Path) -> None:
    src = tmp_path / "rows.csv"
    src.write_text(
        "id,text\n"
        f'c1,"{HARBOUR}"\n'
        f'c2,"{FARM}\n'  # the closing quote is missing
        f'c3,"{BRIDGE}"\n'
        f"c4,{TRAIN.replace(',', '')}\n",
        encoding="utf-8",
    )
    items = read(src)
    assert [a.id for a in articles(items)] == ["c1", "c3", "c4"]
    assert [a.text for a in articles(items)][:2] == [HARBOUR, BRIDGE]
    assert [(e.line, e.reason) for e in errors(items)] == [
        (3, "malformed CSV at line 3: a quote closed in mid-field (a stray or unterminated quote); "
            "that record is skipped and reading goes on at the next line")
    ]


def test_csv_quote_left_open_at_the_end_is_named(tmp_path: Path) -> None:
    src = tmp_path / "rows.csv"
    src.write_text(f'id,text\nc1,"{HARBOUR}"\nc2,"{FARM}\n', encoding="utf-8")
    items = read(src)
    assert [a.id for a in articles(items)] == ["c1"]
    assert [(e.line, e.reason) for e in errors(items)] == [
        (3, "malformed CSV at line 3: a quote opened and never closed; that record is skipped "
            "and reading goes on at the next line")
    ]


def _page(i: int) -> bytes:
    body = "".join(f"<p>{t}</p>" for t in (HARBOUR, BRIDGE, FARM))
    return (f"<html><head><title>Port news {i}</title></head><body><article>"
            f"<h1>Port news {i}</h1>{body}</article></body></html>").encode()


def _warc(n: int, gz: bool) -> tuple[bytes, list[int]]:
    """A WARC file of ``n`` HTML responses, and the offset at which each record starts."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    starts = []
    for i in range(n):
        starts.append(buf.tell())
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example.org/{i}", "response", payload=io.BytesIO(_page(i)), http_headers=http))
    return buf.getvalue(), starts


def test_whole_warc_reads_every_page(tmp_path: Path) -> None:
    for gz in (False, True):
        src = tmp_path / ("full.warc.gz" if gz else "full.warc")
        src.write_bytes(_warc(3, gz)[0])
        assert [a.url for a in articles(read(src))] == [f"https://news.example.org/{i}" for i in range(3)]
        assert errors(read(src)) == []


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("where", ["payload", "headers"])
def test_truncated_warc_is_named_and_no_partial_page_is_stored(tmp_path: Path, gz: bool, where: str) -> None:
    three, starts = _warc(3, gz)
    start = starts[2]
    cut = start + (60 if where == "headers" else (len(three) - start) * 2 // 3)
    src = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    src.write_bytes(three[:cut])
    items = read(src)
    assert [a.url for a in articles(items)] == ["https://news.example.org/0", "https://news.example.org/1"]
    (err,) = errors(items)
    assert err.line == 3
    # cut in its payload: "truncated WARC: record 3 (URL) is cut off by the end of the file, N
    # bytes short"; in its headers, as warcio parses them: that, or "damaged or cut-off headers"
    assert err.reason.startswith(("truncated WARC: record 3 ", "malformed WARC: record 3 has damaged or cut-off headers"))
    assert err.reason.endswith("; not read")


def test_truncated_warc_makes_ingest_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    three, _ = _warc(3, False)
    src = tmp_path / "cut.warc"
    src.write_bytes(three[: len(three) - 200])
    db = tmp_path / "t.duckdb"
    code, _, err = _run(capsys, "ingest", str(src), "--db", str(db))
    assert code == 1
    (line,) = _error_lines(err)
    assert line.startswith(f"error: {src}:3: truncated WARC: record 3 (https://news.example.org/2) is cut off")
    assert _store_rows(db, "SELECT url FROM articles ORDER BY url") == [
        ("https://news.example.org/0",), ("https://news.example.org/1",)]
    assert _store_rows(db, "SELECT line, stage FROM errors") == [(3, "read")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_text_is_read_with_or_without_bom(tmp_path: Path, encoding: str) -> None:
    src = tmp_path / "wide.txt"
    src.write_bytes(f"{HARBOUR}\n\n{BRIDGE}\n".encode(encoding))
    (art,) = read(src)
    assert isinstance(art, Article)
    assert art.text == f"{HARBOUR}\n\n{BRIDGE}\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16"])
def test_utf16_json_lines_split_into_lines(tmp_path: Path, encoding: str) -> None:
    src = tmp_path / "wide.jsonl"
    lines = [json.dumps({"id": "w1", "text": HARBOUR}), json.dumps({"id": "w2", "text": "Caf\u00e9 owners " + BRIDGE})]
    src.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    items = read(src)
    assert errors(items) == []
    assert [(a.id, a.text) for a in articles(items)] == [("w1", HARBOUR), ("w2", "Caf\u00e9 owners " + BRIDGE)]


def _random_inputs(tmp_path: Path) -> list[Path]:
    paths = []
    for seed in range(4):
        rng = random.Random(seed)
        data = rng.randbytes(5_000)
        for name, content in ((f"r{seed}.txt", data), (f"r{seed}", data),
                              (f"r{seed}.html", data), (f"nonul{seed}.txt", data.replace(b"\x00", b"\x01")),
                              (f"r{seed}.txt.gz", gzip.compress(data))):
            p = tmp_path / name
            p.write_bytes(content)
            paths.append(p)
    for name, content in (("d.txt", b"D" * 5_000), ("dd.txt", b"DDDD DDDD " * 500), ("x.jsonl", json.dumps({"text": "Q" * 5_000}).encode())):
        p = tmp_path / name
        p.write_bytes(content)
        paths.append(p)
    return paths


def test_random_bytes_never_become_an_article(tmp_path: Path) -> None:
    paths = _random_inputs(tmp_path)
    items = read(*paths)
    assert articles(items) == []
    assert sorted(e.path for e in errors(items)) == sorted(str(p) for p in paths)
    reasons = {e.path: e.reason for e in errors(items)}
    assert reasons[str(tmp_path / "d.txt")] == "not prose: words average 5000 letters, skipped"
    assert reasons[str(tmp_path / "dd.txt")] == "not prose: 100% of the letters are 'd', skipped"


# --- 5. No hangs -----------------------------------------------------------------------------

_READ_SCRIPT = """
import sys
from tacitus.ingest import read_inputs
for item in read_inputs(sys.argv[1:]):
    print(type(item).__name__, str(item) if not hasattr(item, 'events') else item.id)
"""


def _read_in_subprocess(*paths: str, timeout: float) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _READ_SCRIPT, *paths], capture_output=True, text=True,
                          timeout=timeout, env=env, check=True)
    return done.stdout.splitlines()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_and_devices_are_skipped_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "a-pipe.txt")  # nothing ever writes to it: opening it would block
    (folder / "b-good.txt").write_text(HARBOUR, encoding="utf-8")
    lines = _read_in_subprocess(str(folder), "/dev/null", "/dev/zero", timeout=60)
    assert lines[0] == f"InputError {folder / 'a-pipe.txt'}: not a regular file (a FIFO), skipped"
    assert lines[1].startswith("Article ")
    assert lines[2:] == ["InputError /dev/null: not a regular file (a device), skipped",
                         "InputError /dev/zero: not a regular file (a device), skipped"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_in_a_folder_does_not_hang_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "good.txt").write_text(HARBOUR, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tacitus", "code", str(folder), "--format", "jsonl",
                           "--date", "2024-03-01"], capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 1
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == [HARBOUR]
    assert _error_lines(done.stderr) == [f"error: {folder / 'pipe.txt'}: not a regular file (a FIFO), skipped"]


def _blank_gzip(path: Path, megabytes: int) -> None:
    """A good line, ``megabytes`` MB of blank lines, and a broken line."""
    with gzip.open(path, "wb", compresslevel=6) as f:
        f.write((json.dumps({"id": "g1", "text": HARBOUR}) + "\n").encode())
        block = b"\n" * 1_000_000
        for _ in range(megabytes):
            f.write(block)
        f.write(b'{"id": "g2", "text": unquoted}\n')


def test_gzip_of_blank_lines_is_read_at_read_speed(tmp_path: Path) -> None:
    src = tmp_path / "blank.jsonl.gz"
    _blank_gzip(src, 50)
    # a generous bound: this takes about a second; reading it line by line took minutes
    lines = _read_in_subprocess(str(src), timeout=30)
    assert lines == ["Article g1",
                     f"InputError {src}:50000002: malformed JSON at line 50000002: Expecting value: line 1 column 22 (char 21)"]


def test_reading_reports_progress_through_blank_lines(tmp_path: Path) -> None:
    src = tmp_path / "blank.jsonl.gz"
    _blank_gzip(src, 20)
    seen: list[tuple[str, int]] = []
    items = list(read_inputs([str(src)], progress=lambda path, n: seen.append((path, n))))
    assert len(items) == 2
    assert {p for p, _ in seen} == {str(src)}
    counts = [n for _, n in seen]
    assert counts == sorted(counts) and len(counts) >= 4  # every 4 MB of the 20 MB read
    assert counts[-1] >= 16_000_000


# --- 9. Language; text columns --------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Marine Le Pen met Jean de La Croix and Louis de Funès at La Rochelle on Friday.",
    "Le Monde said Jean-Luc de La Tour du Pin visited Le Havre and La Rochelle.",
    "La Liga side Real Madrid beat Le Havre in a friendly, Le Parisien reported.",
])
def test_short_english_full_of_french_names_is_english(tmp_path: Path, text: str) -> None:
    assert detect_language(text).english
    src = tmp_path / "brief.txt"
    src.write_text(text, encoding="utf-8")
    (art,) = read(src)
    assert isinstance(art, Article) and art.text == text


@pytest.mark.parametrize("text,code", [
    ("Le gouvernement a annoncé mardi le report de la hausse de la taxe.", "fr"),
    ("El ministro de Defensa anunció el jueves que el ejército enviará tropas.", "es"),
])
def test_short_foreign_text_with_strong_evidence_is_still_refused(text: str, code: str) -> None:
    guess = detect_language(text)
    assert (guess.english, guess.code) == (False, code)


@pytest.mark.parametrize("column", ["text", "body", "content"])
def test_csv_text_column_may_be_body_or_content(tmp_path: Path, column: str) -> None:
    src = tmp_path / "rows.csv"
    src.write_text(f'id,title,{column}\nk1,Port news,"{HARBOUR}"\n', encoding="utf-8")
    (art,) = read(src)
    assert isinstance(art, Article)
    assert (art.id, art.title, art.text) == ("k1", "Port news", HARBOUR)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_body_field_is_the_text(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / f"one{suffix}"
    src.write_text(json.dumps({"id": "j1", "body": BRIDGE}) + "\n", encoding="utf-8")
    (art,) = read(src)
    assert isinstance(art, Article)
    assert (art.id, art.text) == ("j1", BRIDGE)
