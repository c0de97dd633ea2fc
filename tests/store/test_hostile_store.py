"""Issue 14 (items 2, 3, 7): the store never loses or corrupts an article.

Each case is built for real: JSONL with clashing ids, re-runs, a user pattern file that
changes the coder, stores of a newer or older layout, a create that fails, a disk that is
full and a run that is interrupted. Texts are invented for these tests.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
from pathlib import Path

import duckdb
import pytest

import tacitus.store as store_mod
from tacitus.cli import _sigterm_interrupts, main
from tacitus.errors import TacitusError
from tacitus.fingerprint import coder_fingerprint, data_hash
from tacitus.model import Article
from tacitus.store import SCHEMA_VERSION, FirstById, Store, WriteResult

PUB = "2021-03-02"
SCOLD = "Portugal harangued Iceland over the whaling permits on Monday."
PROTEST = "Hundreds of farmers blocked a highway near Lyon to protest against new fuel taxes."
TALKS = "Kenyan ministers met Ugandan officials in Nairobi to discuss a railway deal."
PATTERN_HEADER = "id\tcode\tpos\tlemmas\tparticle\tobject\ttarget\tflags\tnotes\n"
CHIDE = "U111.harangue\t111\tV\tharangue\t-\t-\tdobj\t-\tharangue: lecture at length\n"


def ingest(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["ingest", *argv])
    return code, capsys.readouterr().err


def counts_line(err: str) -> str:
    m = re.search(r"\d+ new, \d+ replaced, \d+ unchanged", err)
    assert m, err
    return m.group(0)


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def sql(db: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


# -- item 2: re-runs are stable ----------------------------------------------------------
def test_duplicate_id_keeps_the_first_and_names_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(
        tmp_path / "wire.jsonl",
        {"id": "w1", "text": PROTEST, "published": PUB},
        {"id": "w2", "text": TALKS, "published": PUB},
        {"id": "w1", "text": SCOLD, "published": PUB},      # same id, other content
        {"id": "w2", "text": TALKS, "published": PUB},      # same id, same content
    )
    db = tmp_path / "s.duckdb"
    code, err = ingest(capsys, str(src), "--db", str(db))
    assert code == 1
    expected = f"error: {src}:3: duplicate id 'w1' with different content; the first, at {src}:1, is kept"
    assert expected in err.splitlines()
    assert counts_line(err) == "2 new, 0 replaced, 1 unchanged"
    assert "1 error(s)" in err
    assert sql(db, "SELECT id, text FROM articles ORDER BY id") == [("w1", PROTEST), ("w2", TALKS)]
    assert sql(db, "SELECT path, line, reason FROM errors") == [
        (str(src), 3, f"duplicate id 'w1' with different content; the first, at {src}:1, is kept")]
    events_before = sql(db, "SELECT count(*) FROM events")[0][0]
    mentions_before = sql(db, "SELECT id, code FROM event_mentions ORDER BY id")

    for _ in range(2):  # re-runs: nothing new, nothing replaced, no flip to the second record
        code, err = ingest(capsys, str(src), "--db", str(db))
        assert code == 1
        assert counts_line(err) == "0 new, 0 replaced, 3 unchanged"
        assert expected in err.splitlines()
        assert sql(db, "SELECT id, text FROM articles ORDER BY id") == [("w1", PROTEST), ("w2", TALKS)]
        assert sql(db, "SELECT count(*) FROM events")[0][0] == events_before
        assert sql(db, "SELECT id, code FROM event_mentions ORDER BY id") == mentions_before


def test_first_by_id_verdicts() -> None:
    first = FirstById()
    a = Article(id="x", text="one", path="a.jsonl", line=4, input_hash="h1")
    same = Article(id="x", text="one", path="b.jsonl", line=9, input_hash="h1")
    other = Article(id="x", text="two", path="b.jsonl", line=10, input_hash="h2")
    assert first.check(a) is True
    assert first.check(same) is False
    err = first.check(other)
    assert str(err) == "b.jsonl:10: duplicate id 'x' with different content; the first, at a.jsonl:4, is kept"
    assert first.check(Article(id="y", text="two", input_hash="h2")) is True


def test_rerun_of_same_inputs_reports_nothing_new_or_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", {"id": "r1", "text": PROTEST, "published": PUB},
                      {"text": TALKS, "published": PUB})
    db = tmp_path / "s.duckdb"
    assert counts_line(ingest(capsys, str(src), "--db", str(db))[1]) == "2 new, 0 replaced, 0 unchanged"
    code, err = ingest(capsys, str(src), "--db", str(db))
    assert code == 0 and counts_line(err) == "0 new, 0 replaced, 2 unchanged"
    assert sql(db, "SELECT status, articles_new, articles_replaced, articles_unchanged FROM runs "
                   "ORDER BY started_at") == [("finished", 2, 0, 0), ("finished", 0, 0, 2)]


# -- item 3: stored codings follow the coder ---------------------------------------------
def test_fingerprint_names_version_data_model_and_user_files(tmp_path: Path) -> None:
    base = coder_fingerprint()
    assert re.fullmatch(r"tacitus\.rules\.v[\d.]+;data=[0-9a-f]{12};model=en_core_web_sm\w*@[\w.]+", base)
    assert f"data={data_hash()}" in base
    mine = tmp_path / "mine.tsv"
    mine.write_text(PATTERN_HEADER + CHIDE, encoding="utf-8")
    with_patterns = coder_fingerprint(patterns=[str(mine)])
    assert with_patterns.startswith(base + ";user=")
    assert coder_fingerprint(actors=[str(mine)]) != with_patterns  # same bytes, other role
    copy = tmp_path / "copy.tsv"
    copy.write_bytes(mine.read_bytes())
    assert coder_fingerprint(patterns=[str(copy)]) == with_patterns  # by content, not name
    with pytest.raises(TacitusError, match="cannot read --patterns file"):
        coder_fingerprint(patterns=[str(tmp_path / "absent.tsv")])


def test_pattern_file_change_recodes_the_stored_article(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", {"id": "p1", "text": SCOLD, "published": PUB})
    db = tmp_path / "s.duckdb"
    mine = tmp_path / "mine.tsv"
    mine.write_text(PATTERN_HEADER + CHIDE, encoding="utf-8")

    def stored() -> tuple[str, list[tuple]]:
        (coder,) = sql(db, "SELECT coder FROM articles")[0]
        return coder, sql(db, "SELECT code, rule, source_code, target_code FROM events")

    assert counts_line(ingest(capsys, str(src), "--db", str(db))[1]) == "1 new, 0 replaced, 0 unchanged"
    assert stored() == (coder_fingerprint(), [])

    err = ingest(capsys, str(src), "--db", str(db), "--patterns", str(mine))[1]
    assert counts_line(err) == "0 new, 1 replaced, 0 unchanged"
    assert stored() == (coder_fingerprint(patterns=[str(mine)]), [("111", "U111.harangue", "PRT", "ISL")])
    record = json.loads(sql(db, "SELECT record FROM articles")[0][0])
    assert record["coder"] == coder_fingerprint(patterns=[str(mine)])

    err = ingest(capsys, str(src), "--db", str(db), "--patterns", str(mine))[1]
    assert counts_line(err) == "0 new, 0 replaced, 1 unchanged"

    # the same file edited in place: another coder (the verb now codes as a CAMEO 112 accusation)
    mine.write_text(PATTERN_HEADER + CHIDE.replace("\t111\t", "\t112\t"), encoding="utf-8")
    err = ingest(capsys, str(src), "--db", str(db), "--patterns", str(mine))[1]
    assert counts_line(err) == "0 new, 1 replaced, 0 unchanged"
    assert [e[0] for e in stored()[1]] == ["112"]

    # back to the shipped patterns: recoded again, the user's event is gone
    err = ingest(capsys, str(src), "--db", str(db))[1]
    assert counts_line(err) == "0 new, 1 replaced, 0 unchanged"
    assert stored() == (coder_fingerprint(), [])
    assert sql(db, "SELECT count(*) FROM event_mentions") == [(0,)]


def test_recode_recodes_every_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", {"id": "q1", "text": PROTEST, "published": PUB},
                      {"id": "q2", "text": TALKS, "published": PUB})
    db = tmp_path / "s.duckdb"
    ingest(capsys, str(src), "--db", str(db))
    first = sql(db, "SELECT id, run_id FROM articles ORDER BY id")
    code, err = ingest(capsys, str(src), "--db", str(db), "--recode")
    assert code == 0 and counts_line(err) == "0 new, 2 replaced, 0 unchanged"
    second = sql(db, "SELECT id, run_id FROM articles ORDER BY id")
    assert [i for i, _ in second] == ["q1", "q2"]
    assert {r for _, r in second}.isdisjoint({r for _, r in first})
    assert sql(db, "SELECT count(*) - count(DISTINCT id) FROM event_mentions") == [(0,)]
    assert counts_line(ingest(capsys, str(src), "--db", str(db))[1]) == "0 new, 0 replaced, 2 unchanged"


# -- item 7: schema versions -------------------------------------------------------------
def _store_with_one_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    src = write_jsonl(tmp_path / "seed.jsonl", {"id": "s1", "text": TALKS, "published": PUB})
    db = tmp_path / "s.duckdb"
    assert ingest(capsys, str(src), "--db", str(db))[0] == 0
    return db


def _execute(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    for s in statements:
        con.execute(s)
    con.close()


def test_newer_store_is_refused_and_left_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store_with_one_article(tmp_path, capsys)
    _execute(db, "UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    before = sql(db, "SELECT * FROM runs ORDER BY id"), sql(db, "SELECT id, content_hash FROM articles")
    message = (f"{db}: store written by a newer tacitus (schema version 7; this tacitus reads up "
               f"to {SCHEMA_VERSION}); upgrade tacitus, or use another --db")
    for read_only in (False, True):
        with pytest.raises(TacitusError) as exc:
            Store(db, read_only=read_only)
        assert (exc.value.code, exc.value.message) == ("E024", message)
    src = write_jsonl(tmp_path / "new.jsonl", {"id": "n1", "text": PROTEST, "published": PUB})
    code, err = ingest(capsys, str(src), "--db", str(db))
    assert code == 2 and err.strip() == f"error: [E024] {message}"
    assert main(["query", "events", "--db", str(db)]) == 2
    assert "newer tacitus" in capsys.readouterr().err
    assert sql(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [("7",)]
    assert (sql(db, "SELECT * FROM runs ORDER BY id"), sql(db, "SELECT id, content_hash FROM articles")) == before


def _downgrade_to_version_1(db: Path) -> None:
    """The layout of schema version 1: no runs.status, and (older still) no articles.coder;
    the events table of an older release, without place_feature."""
    _execute(
        db,
        "ALTER TABLE runs DROP COLUMN status",
        "ALTER TABLE articles DROP COLUMN coder",
        "DROP INDEX events_id", "DROP INDEX events_date",
        "ALTER TABLE events DROP COLUMN place_feature",
        "INSERT INTO runs (id, command, started_at) VALUES ('deadrun', 'ingest x', TIMESTAMP '2020-01-01')",
        "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
    )


def test_older_layout_is_migrated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store_with_one_article(tmp_path, capsys)
    events_before = sql(db, "SELECT id, mention_id, code, mentions FROM events ORDER BY id")
    assert events_before
    _downgrade_to_version_1(db)
    # readers cannot use it as it is: a clear message, not a BinderException
    with pytest.raises(TacitusError) as exc:
        Store(db, read_only=True)
    assert exc.value.code == "E025"
    assert exc.value.message == (
        f"{db}: store layout of an older tacitus (schema version 1, lacks articles.coder, "
        f"events.place_feature); migrate it by opening it for writing once "
        f"(`tacitus ingest ... --db {db}`)")
    src = write_jsonl(tmp_path / "more.jsonl", {"id": "m1", "text": PROTEST, "published": PUB})
    code, err = ingest(capsys, str(src), "--db", str(db))
    assert code == 0, err
    assert counts_line(err) == "1 new, 0 replaced, 0 unchanged"
    assert sql(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [(SCHEMA_VERSION,)]
    assert sql(db, "SELECT id, status FROM runs WHERE finished_at IS NULL OR id = 'deadrun'") == [
        ("deadrun", "interrupted")]
    assert sql(db, "SELECT count(*) FROM runs WHERE status = 'finished'") == [(2,)]
    assert sql(db, "SELECT id, coder IS NULL FROM articles ORDER BY id") == [("m1", False), ("s1", True)]
    # the rebuilt events table holds the old events, and the new article's
    assert set(events_before) <= set(sql(db, "SELECT id, mention_id, code, mentions FROM events"))
    assert sql(db, "SELECT count(*) FROM events e JOIN event_mentions m ON e.mention_id = m.id "
                   "WHERE e.place_feature IS DISTINCT FROM m.place_feature") == [(0,)]
    with Store(db, read_only=True) as s:
        assert {r["id"] for r in s.query_events()} >= {e[0] for e in events_before}


def test_older_layout_that_cannot_be_migrated_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    _execute(
        db,
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "INSERT INTO meta VALUES ('schema_version', '1')",
        "CREATE TABLE articles (id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, text VARCHAR NOT NULL)",
        "INSERT INTO articles VALUES ('o1', 'h', 'An old article.')",
    )
    with pytest.raises(TacitusError) as exc:
        Store(db)
    assert exc.value.code == "E025"
    assert exc.value.message == (
        f"{db}: store layout of an older tacitus (schema version 1) that cannot be migrated: "
        "articles.record is missing and cannot be filled in; ingest into a new --db")
    assert sql(db, "SELECT table_name FROM information_schema.tables ORDER BY 1") == [("articles",), ("meta",)]
    assert sql(db, "SELECT value FROM meta") == [("1",)]


def test_duckdb_file_of_another_program_is_not_written_into(tmp_path: Path) -> None:
    db = tmp_path / "other.duckdb"
    _execute(db, "CREATE TABLE prices (day DATE, close DOUBLE)")
    with pytest.raises(TacitusError, match="not a tacitus store") as exc:
        Store(db)
    assert exc.value.code == "E023"
    assert sql(db, "SELECT table_name FROM information_schema.tables") == [("prices",)]


# -- item 7: disk full, failed create, interrupted run -----------------------------------
def _no_space(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_failed_create_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "new.duckdb"
    monkeypatch.setattr(store_mod, "schema_sql", _no_space)
    with pytest.raises(TacitusError) as exc:
        Store(db)
    assert exc.value.code == "E026"
    assert exc.value.message == (f"{db}: no space left on device; free some space and run again "
                                 "(articles already stored are kept)")
    assert sorted(os.listdir(tmp_path)) == []


def test_failed_ingest_into_a_new_store_leaves_no_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", {"id": "f1", "text": TALKS, "published": PUB})
    bad = tmp_path / "bad.tsv"
    bad.write_text(PATTERN_HEADER + "U111.oops\t999\tV\tgrumble\t-\t-\tdobj\t-\tno such code\n", encoding="utf-8")
    db = tmp_path / "new.duckdb"
    code, err = ingest(capsys, str(src), "--db", str(db), "--patterns", str(bad))
    assert code == 2 and "[E301]" in err and "unknown CAMEO code '999'" in err
    assert not db.exists() and not Path(str(db) + ".wal").exists()
    # an existing store is kept as it was
    assert ingest(capsys, str(src), "--db", str(db))[0] == 0
    assert ingest(capsys, str(src), "--db", str(db), "--patterns", str(bad), "--recode")[0] == 2
    assert sql(db, "SELECT id FROM articles") == [("f1",)]
    assert sql(db, "SELECT status FROM runs ORDER BY started_at") == [("finished",), ("failed",)]


@pytest.mark.parametrize("how", ["oserror", "duckdb"])
def test_disk_full_says_no_space_left_on_device(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        how: str) -> None:
    db = _store_with_one_article(tmp_path, capsys)

    def full(*_: object) -> None:
        if how == "oserror":
            _no_space()
        raise duckdb.IOException(f'IO Error: Could not write file "{db}.wal": No space left on device')

    monkeypatch.setattr(Store, "_insert_rows", full)
    src = write_jsonl(tmp_path / "b.jsonl", {"id": "b1", "text": PROTEST, "published": PUB})
    code, err = ingest(capsys, str(src), "--db", str(db))
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"error: [E026] {db}: no space left on device; free some space and run again "
        "(articles already stored are kept)")
    assert sql(db, "SELECT id FROM articles") == [("s1",)]
    assert sql(db, "SELECT status FROM runs ORDER BY started_at") == [("finished",), ("failed",)]


def test_interrupted_run_is_marked_and_keeps_the_errors_printed_before(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"id": "i1", "text": \n' + json.dumps({"id": "i2", "text": TALKS, "published": PUB})
                   + "\n", encoding="utf-8")
    db = tmp_path / "new.duckdb"

    def interrupt(self: Store, *_: object, **__: object) -> WriteResult:
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "write_articles", interrupt)
    code, err = ingest(capsys, str(src), "--db", str(db))
    assert code == 130
    (printed,) = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert printed.startswith(f"error: {src}:1: malformed JSON at line 1: ")
    assert err.splitlines()[-1] == "interrupted"
    assert db.exists()  # an interrupted run keeps its store, even a new one
    ((run_id, status, finished, n_errors),) = sql(db, "SELECT id, status, finished_at IS NOT NULL, errors FROM runs")
    assert (status, finished, n_errors) == ("interrupted", True, 1)
    assert sql(db, "SELECT run_id, path, line FROM errors") == [(run_id, str(src), 1)]
    assert sql(db, "SELECT count(*) FROM articles") == [(0,)]


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        dead = s.start_run("ingest a", "coder")  # the process dies here: never finished
    with Store(db) as s:
        live = s.start_run("ingest b", "coder")
        s.finish_run(live, WriteResult(new=1), 0)
    assert sql(db, "SELECT id, status FROM runs ORDER BY started_at") == [(dead, "interrupted"), (live, "finished")]


def test_sigterm_during_ingest_is_an_interrupt() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), _sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before
