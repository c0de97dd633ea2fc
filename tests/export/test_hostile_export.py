"""Exports over a real store, in the cases that went wrong (issue 14, items 6 and 8).

- Two copies of one story are one stored event: GDELT, PLOVER and the events table each
  write it once, with the counts of both copies; IsRootEvent is 1 for the event of the lead
  paragraph and 0 for the one told further down.
- A second export into a non-empty folder is refused; ``--overwrite`` clears the first one.
- File-system failures are one-line errors, never "internal error ... report it"; file names
  with control characters are escaped.

The stories are invented for these tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.cli import main
from tacitus.errors import InputError, TacitusError, printable
from tacitus.export import fs_error, gdelt, plover, prepare_folder
from tacitus.export.stored import LEAD_END_SQL, is_root_event, lead_paragraph_end
from tacitus.model import Actor, Article, Event, Place, PloverType, article_id
from tacitus.store import Store

STAMP = "20210504120000"

# One story, as two outlets ran it: the detention in the lead, the protest two paragraphs down.
LEAD = "Greek coast guard vessels detained a Turkish fishing boat near Lesbos on Sunday."
MIDDLE = "The crew of six was taken to the harbour of Mytilene for questioning."
LATER = "On Monday, Turkish diplomats protested to the Greek ambassador in Ankara over the detention."
STORY = f"{LEAD}\n\n{MIDDLE}\n\n{LATER}"
COPIES = (("https://harbour-post.example/boat", "harbour-post.example", "2021-05-03"),
          ("https://island-wire.example/7731", "island-wire.example", "2021-05-04"))


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _actor(text: str, words: str, code: str, country: str) -> Actor:
    s, e = _span(text, words)
    return Actor(words, s, e, name=words, code=code, country=country)


def _story(url: str, source: str, published: str) -> Article:
    text = STORY
    aid = article_id(text, url)
    s0, e0 = _span(text, LEAD)
    s2, e2 = _span(text, LATER)
    lesbos = Place("Lesbos", *_span(text, "Lesbos"), name="Lesbos", country="GRC",
                   lat=39.2, lon=26.3, feature="admin1")
    detain = Event(
        id=f"{aid}-0", code="173", root_code="17", name="Arrest, detain", quad_class=4,
        goldstein=-5.0, plover=PloverType("ARREST", None),
        source=[_actor(text, "Greek coast guard vessels", "GRCMIL", "GRC")],
        target=[_actor(text, "a Turkish fishing boat", "TUR", "TUR")],
        date="2021-05-02", date_precision="day", place=lesbos, sentence=0, start=s0, end=e0,
        text=LEAD, trigger="detained", rule="test.detain", confidence=0.8)
    protest = Event(
        id=f"{aid}-2", code="111", root_code="11", name="Criticize or denounce", quad_class=3,
        goldstein=-2.0, plover=PloverType("ACCUSE", None),
        source=[_actor(text, "Turkish diplomats", "TURGOV", "TUR")],
        target=[_actor(text, "the Greek ambassador", "GRCGOV", "GRC")],
        date="2021-05-03", date_precision="day", sentence=2, start=s2, end=e2,
        text=LATER, trigger="protested", rule="test.protest", confidence=0.7)
    return Article(id=aid, text=text, url=url, source=source, title="Boat detained off Lesbos",
                   published=published, events=[detain, protest], places=[lesbos])


@pytest.fixture()
def two_copies(tmp_path: Path) -> str:
    db = str(tmp_path / "copies.duckdb")
    with Store(db) as store:
        store.write_articles([_story(*c) for c in COPIES])
    return db


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


# -- item 8: one row per stored event ------------------------------------------------------
def test_store_holds_one_event_per_story_event(two_copies: str) -> None:
    with Store(two_copies, read_only=True) as store:
        rows = store.con.execute("SELECT code, mentions, sources, articles FROM events ORDER BY code").fetchall()
    assert rows == [("111", 2, 2, 2), ("173", 2, 2, 2)]


def test_gdelt_writes_one_events_row_per_stored_event(two_copies: str, tmp_path: Path) -> None:
    with Store(two_copies, read_only=True) as store:
        paths = gdelt.write_gdelt_store(store.con, tmp_path / "g", stamp=STAMP)
        ids = dict(store.con.execute("SELECT code, id FROM events").fetchall())
    events = {r["EventCode"]: r for r in gdelt.read_gdelt(paths[0])}
    assert sorted(events) == ["111", "173"]
    for code in ("111", "173"):
        row = events[code]
        assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (2, 2, 2)
        assert row["GLOBALEVENTID"] == gdelt.global_event_id(ids[code])
        # written from the first report
        assert row["SOURCEURL"] == COPIES[0][0]
    assert events["173"]["IsRootEvent"] == 1
    assert events["111"]["IsRootEvent"] == 0
    mentions = gdelt.read_gdelt(paths[1])
    assert len(mentions) == 4
    assert sorted(m["GLOBALEVENTID"] for m in mentions) == sorted(
        [events["173"]["GLOBALEVENTID"]] * 2 + [events["111"]["GLOBALEVENTID"]] * 2)
    assert {m["MentionIdentifier"] for m in mentions} == {c[0] for c in COPIES}
    assert len(gdelt.read_gdelt(paths[2])) == 2


def test_plover_writes_one_record_per_stored_event(two_copies: str, tmp_path: Path) -> None:
    with Store(two_copies, read_only=True) as store:
        n = plover.write_plover_store(store.con, tmp_path / "p.jsonl")
        ids = dict(store.con.execute("SELECT code, id FROM events").fetchall())
    recs = {r["cameo"]: r for r in plover.read_plover(tmp_path / "p.jsonl")}
    assert n == 2 and sorted(recs) == ["111", "173"]
    for code, rec in recs.items():
        assert rec["id"] == ids[code]
        assert (rec["mentions"], rec["sources"], rec["articles"]) == (2, 2, 2)
        assert rec["cite_info"]["url"] == COPIES[0][0]
    assert recs["173"]["is_root"] is True and recs["111"]["is_root"] is False


def test_cli_exports_of_two_copies(two_copies: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, err = run(capsys, "export", "--db", two_copies, "--gdelt", str(out / "gdelt"),
                    "--plover", str(out / "p.jsonl"), "--to", str(out / "events.parquet"))
    assert code == 0, err
    (events_file,) = (out / "gdelt").glob("*.export.CSV")
    rows = gdelt.read_gdelt(events_file)
    assert sorted((r["EventCode"], r["NumArticles"], r["IsRootEvent"]) for r in rows) == [("111", 2, 0), ("173", 2, 1)]
    assert len((out / "p.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    table = duckdb.connect().execute(
        f"SELECT code, mentions, sources, articles, is_root FROM read_parquet('{out / 'events.parquet'}') "
        "ORDER BY code").fetchall()
    assert table == [("111", 2, 2, 2, False), ("173", 2, 2, 2, True)]


def test_events_table_export_keeps_the_query_order(two_copies: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", "--db", two_copies, "--to", str(tmp_path / "e.jsonl"), "--mentions")[0] == 0
    rows = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    with Store(two_copies, read_only=True) as store:
        expected = [r["id"] for r in store.query_events(mentions=True)]
    assert [r["id"] for r in rows] == expected
    assert sorted((r["code"], r["is_root"]) for r in rows) == [("111", False)] * 2 + [("173", True)] * 2


# -- IsRootEvent: the lead paragraph -------------------------------------------------------
def _event_at(text: str, needle: str, sentence: int) -> Event:
    s, e = _span(text, needle)
    return Event(id="x", code="010", root_code="01", sentence=sentence, start=s, end=e, text=needle)


@pytest.mark.parametrize(("text", "needle", "sentence", "root"), [
    ("Rain fell on the capital. Ministers met in the afternoon.", "Ministers met", 1, False),
    ("Rain fell on the capital. Ministers met in the afternoon.", "Rain fell", 0, True),
    ("Ministers met at noon. The talks ran late.\n\nLater the envoys left.", "The talks", 1, True),
    ("Ministers met at noon.\n\nThe talks ran late.", "The talks", 1, False),
    ("Ministers met at noon.\n   \nThe talks ran late.", "The talks", 1, False),
    ("Ministers met at noon.\nThe talks ran late.", "The talks", 1, False),
])
def test_is_root_event_is_the_lead_paragraph(text: str, needle: str, sentence: int, root: bool) -> None:
    art = Article(id="a", text=text)
    assert is_root_event(_event_at(text, needle, sentence), art) is root


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é\n\t"), max_size=40))
def test_lead_paragraph_sql_agrees_with_python(text: str) -> None:
    con = duckdb.connect()
    (got,) = con.execute(f"SELECT {LEAD_END_SQL.format(text='t')} FROM (SELECT ? AS t)", [text]).fetchone()
    assert got == lead_paragraph_end(text)


# -- item 6: exports never mix runs --------------------------------------------------------
def _other_store(tmp_path: Path) -> str:
    """A store whose only events are of 2023, so its partitions differ from the copies'."""
    db = str(tmp_path / "other.duckdb")
    art = _story("https://third.example/x", "third.example", "2023-02-01")
    for ev in art.events:
        ev.date = "2023-01-31"
    with Store(db) as store:
        store.write_articles([art])
    return db


def _partitions(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.parquet"))


def test_second_export_into_a_folder_is_refused(two_copies: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "events"
    assert run(capsys, "export", "--db", two_copies, "--to", str(folder))[0] == 0
    first = _partitions(folder)
    assert first and all(p.startswith("year=2021") for p in first)
    code, err = run(capsys, "export", "--db", _other_store(tmp_path), "--to", str(folder))
    assert code == 2
    assert err.count("\n") == 1 and "[E046]" in err and "--overwrite" in err
    assert _partitions(folder) == first


def test_overwrite_clears_the_earlier_export(two_copies: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "events"
    assert run(capsys, "export", "--db", two_copies, "--to", str(folder))[0] == 0
    assert run(capsys, "export", "--db", _other_store(tmp_path), "--to", str(folder), "--overwrite")[0] == 0
    parts = _partitions(folder)
    assert parts and all(p.startswith("year=2023") for p in parts)
    n = duckdb.connect().execute(
        f"SELECT count(*) FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true)").fetchone()[0]
    assert n == 2


def test_overwrite_never_clears_foreign_files(two_copies: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    for flag in ([], ["--overwrite"]):
        code, err = run(capsys, "export", "--db", two_copies, "--to", str(folder), *flag)
        assert code == 2 and err.count("\n") == 1 and "[E046]" in err and "notes.txt" in err
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    # nor the store itself, when the folder named is the one it lives in
    code, err = run(capsys, "export", "--db", two_copies, "--gdelt", str(tmp_path), "--overwrite")
    assert code == 2 and "[E046]" in err
    assert Path(two_copies).exists()


def test_gdelt_folder_refused_then_overwritten(two_copies: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "gdelt"
    folder.mkdir()
    old = [folder / f"20000101000000{s}" for s in (".export.CSV", ".mentions.CSV", ".gkg.csv")]
    for p in old:
        p.write_text("", encoding="utf-8")
    code, err = run(capsys, "export", "--db", two_copies, "--gdelt", str(folder))
    assert code == 2 and "[E046]" in err and err.count("\n") == 1
    assert run(capsys, "export", "--db", two_copies, "--gdelt", str(folder), "--overwrite")[0] == 0
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and not any(p.exists() for p in old)


def test_overwrite_keeps_parquet_files_no_partitioned_export_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    (folder / "year=2021" / "month=5").mkdir(parents=True)
    (folder / "year=2021" / "month=5" / "data_0.parquet").write_bytes(b"x")
    (folder / "loose.parquet").write_bytes(b"y")
    with pytest.raises(TacitusError) as exc:
        prepare_folder(folder, overwrite=True)
    assert exc.value.code == "E046" and "loose.parquet" in exc.value.message
    assert (folder / "loose.parquet").exists() and (folder / "year=2021").exists()
    (folder / "loose.parquet").unlink()
    assert prepare_folder(folder, overwrite=True) == folder and list(folder.iterdir()) == []


def test_prepare_folder_uses_a_new_or_empty_folder(tmp_path: Path) -> None:
    assert prepare_folder(tmp_path / "a" / "b").is_dir()
    (tmp_path / "empty").mkdir()
    assert prepare_folder(tmp_path / "empty") == tmp_path / "empty"


# -- file-system errors: one line ----------------------------------------------------------
def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: [E045] ")
    assert "internal error" not in err and "Traceback" not in err
    return err


def test_folder_target_that_is_a_file(two_copies: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    err = _one_line_error(capsys, "export", "--db", two_copies, "--to", str(tmp_path / "taken"))
    assert err == f"error: [E045] {tmp_path / 'taken'}: exists and is not a folder\n"
    err = _one_line_error(capsys, "export", "--db", two_copies, "--gdelt", str(tmp_path / "taken"))
    assert "exists and is not a folder" in err


@pytest.mark.parametrize("flag", ["--to", "--plover", "--records"])
def test_file_target_that_is_a_folder(flag: str, two_copies: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "events.csv"
    target.mkdir()
    err = _one_line_error(capsys, "export", "--db", two_copies, flag, str(target))
    assert err == f"error: [E045] {target}: is a folder, not a file\n"


def test_file_under_a_file(two_copies: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    err = _one_line_error(capsys, "export", "--db", two_copies, "--records", str(tmp_path / "plain" / "r.jsonl"))
    assert "plain" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("flag", "name"), [("--to", "full.csv"), ("--to", "full.parquet"),
                                            ("--records", "full.jsonl"), ("--plover", "full.jsonl")])
def test_no_space_left(flag: str, name: str, two_copies: str, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / name
    target.symlink_to("/dev/full")
    err = _one_line_error(capsys, "export", "--db", two_copies, flag, str(target))
    assert err.endswith(": no space left on the device\n")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_no_such_file(two_copies: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_line_error(capsys, "export", "--db", two_copies, "--records", "/proc/tacitus-export.jsonl")
    assert err == "error: [E045] /proc/tacitus-export.jsonl: no such file or folder\n"


@pytest.mark.parametrize(("errno_", "reason"), [(2, "no such file or folder"), (17, "exists and is not a folder"),
                                                (21, "is a folder, not a file"), (28, "no space left on the device")])
def test_fs_error_reasons(errno_: int, reason: str) -> None:
    err = fs_error(OSError(errno_, os.strerror(errno_), "/x/y"), "/x/y")
    assert str(err) == f"[E045] /x/y: {reason}"
    duck = duckdb.IOException(f'IO Error: Cannot open file "/x/y": {os.strerror(errno_)}')
    assert str(fs_error(duck, "/x/y")) == f"[E045] /x/y: {reason}"


# -- control characters in file names ------------------------------------------------------
def test_control_characters_in_a_file_name_are_escaped(two_copies: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bad\nname\x1b[31m.csv"
    target.mkdir()
    err = _one_line_error(capsys, "export", "--db", two_copies, "--to", str(target))
    assert "bad\\nname\\x1b[31m.csv: is a folder" in err and "\x1b" not in err
    code, err = run(capsys, "export", "--db", two_copies, "--records", str(tmp_path / "ok\rfile.jsonl"))
    assert code == 0 and err.count("\n") == 1 and "ok\\rfile.jsonl: 2 articles" in err


def test_printable_escapes_only_controls() -> None:
    assert printable("Łódź – ok.txt") == "Łódź – ok.txt"
    assert printable("a\nb\tc\u202ed") == "a\\nb\\tc\\u202ed"
    assert str(InputError("x\ny.txt", "unreadable", 3)) == "x\\ny.txt:3: unreadable"
    assert str(TacitusError("E999", "one\ntwo")) == "[E999] one\\ntwo"
