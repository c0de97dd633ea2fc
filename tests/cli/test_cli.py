"""Each command, end to end through `tacitus.cli.main` (in-process: the model loads once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tacitus.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "military-times-afghanistan-ceasefire.txt"

ARTICLE_KEYS = {"id", "url", "source", "title", "published", "language", "text", "removed",
                "entities", "places", "dates", "events", "quotes", "counts", "tone", "themes"}
EVENT_KEYS = {"id", "code", "root_code", "name", "quad_class", "goldstein", "plover", "source",
              "target", "modality", "reported_by", "date", "date_precision", "place", "sentence",
              "start", "end", "text", "trigger", "rule", "confidence"}
ACTOR_KEYS = {"text", "start", "end", "name", "code", "country", "role", "group"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def example_record() -> dict:
    import io
    import sys

    buf, old = io.StringIO(), sys.stdout
    sys.stdout = buf
    try:
        assert main(["code", str(EXAMPLE), "--date", "2019-07-19", "--format", "json"]) == 0
    finally:
        sys.stdout = old
    return json.loads(buf.getvalue())


def test_json_record_has_every_contract_field(example_record: dict) -> None:
    assert ARTICLE_KEYS <= set(example_record)
    assert set(example_record["tone"]) >= {"score", "positive", "negative"}
    for ev in example_record["events"]:
        assert EVENT_KEYS <= set(ev)
        assert set(ev["plover"]) >= {"event", "mode"}
        for actor in ev["source"] + ev["target"]:
            assert ACTOR_KEYS <= set(actor)
    for ent in example_record["entities"]:
        assert {"text", "start", "end", "type", "name", "actor"} <= set(ent)


def test_spans_point_into_the_clean_text(example_record: dict) -> None:
    text = example_record["text"]
    for group in ("entities", "places", "dates", "quotes", "counts"):
        for item in example_record[group]:
            assert text[item["start"]:item["end"]] == item["text"], (group, item)
    for ev in example_record["events"]:
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_jsonl_and_ids_echo_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a-1", "text": "Israeli forces raided a refugee camp in Jenin on Monday.", "published": "2023-07-03"},
        {"id": "a-2", "text": "The United Nations urged both sides to agree to a ceasefire."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "code", str(src), "--format", "jsonl", "--date", "2023-07-04")
    assert code == 0
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in recs] == ["a-1", "a-2"]
    assert [r["published"] for r in recs] == ["2023-07-03", "2023-07-04"]


def test_bad_inputs_are_one_line_each_and_the_good_one_still_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text('{"text": "Protesters marched in Paris on Saturday."}\n{not json\n', encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "code", str(missing), str(empty), str(binary), str(bad_json),
                         "--format", "jsonl")
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 4
    for path in (missing, empty, binary):
        assert any(str(path) in line for line in lines)
    assert any(f"{bad_json}:2" in line for line in lines)
    assert "Traceback" not in err
    assert len(out.splitlines()) == 1


def test_table_output_lists_events(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "code", str(EXAMPLE), "--date", "2019-07-19")
    assert code == 0
    assert "published 2019-07-19" in out
    assert "evidence" in out


def test_ingest_query_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "t.duckdb")
    assert run(capsys, "ingest", str(EXAMPLE), "--date", "2019-07-19", "--db", db)[0] == 0
    code, _, err = run(capsys, "ingest", str(EXAMPLE), "--date", "2019-07-19", "--db", db)
    assert code == 0 and "0 new, 0 replaced, 1 unchanged" in err
    code, out, _ = run(capsys, "query", "events", "--db", db, "--format", "json")
    events = json.loads(out)
    assert code == 0
    code, out, _ = run(capsys, "query", "events", "--db", db, "--format", "json", "--country", "PAK")
    assert code == 0 and 0 < len(json.loads(out)) < len(events)
    code, out, _ = run(capsys, "query", "events", "--db", db, "--format", "json", "--country", "ZZZ")
    assert json.loads(out) == []
    for suffix in ("parquet", "csv", "jsonl"):
        target = tmp_path / f"events.{suffix}"
        assert run(capsys, "export", "--db", db, "--to", str(target))[0] == 0
        assert target.exists()
    import duckdb

    n = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'events.parquet'}')").fetchone()[0]
    assert n == len(events)
    assert run(capsys, "export", "--db", db, "--records", str(tmp_path / "r.jsonl"))[0] == 0
    rec = json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8"))
    assert rec["published"] == "2019-07-19"


def test_query_on_a_missing_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "events", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2
    assert err.count("\n") == 1 and "no such store" in err


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["code", str(EXAMPLE), "--date", "19/07/2019"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_user_pattern_file_codes_a_new_verb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "p1", "text": "Germany harangued Hungary over the migration plan.",
                               "published": "2018-06-01"}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "code", str(src), "--format", "jsonl")
    assert code == 0 and json.loads(out)["events"] == []
    patterns = tmp_path / "mine.tsv"
    patterns.write_text("id\tcode\tpos\tlemmas\tparticle\tobject\ttarget\tflags\tnotes\n"
                        "U111.harangue\t111\tV\tharangue\t-\t-\tdobj\t-\tharangue: to lecture at length\n", encoding="utf-8")
    code, out, _ = run(capsys, "code", str(src), "--format", "jsonl", "--patterns", str(patterns))
    (ev,) = json.loads(out)["events"]
    assert (ev["code"], ev["rule"]) == ("111", "U111.harangue")
    assert [a["code"] for a in ev["source"]] == ["DEU"] and [a["code"] for a in ev["target"]] == ["HUN"]


def test_eval_table_ends_with_the_check_half_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An invented two-article set in the gold layout: the table report's last line gives the
    check-half figures."""
    from tacitus.eval.halves import half_of

    ids = [f"a{i}" for i in range(12)]
    check_id = next(i for i in ids if half_of(i) == "check")
    text = "Germany criticized Hungary over the migration plan on Monday."
    base = tmp_path / "articles"
    base.mkdir()
    (base / "input.jsonl").write_text(json.dumps({"id": check_id, "title": "t", "published": "2018-06-04", "text": text}) + "\n")
    ev = {"article": check_id, "sentence_has": "Germany criticized Hungary over the migration plan", "root": "11",
          "code": "111", "source_country": "DEU", "target_country": "HUN", "date": "2018-06-04",
          "place_country": None, "modality": "asserted"}
    for name in ("coder_a.json", "coder_b.json"):
        (base / name).write_text(json.dumps([ev]))
    (tmp_path / "README.md").write_text("invented gold\n")
    code, out, _ = run(capsys, "eval", "articles", "--gold", str(tmp_path))
    assert code == 0
    lines = out.strip().splitlines()
    at = max(i for i, line in enumerate(lines) if line.startswith("check half: "))
    # the last line, or the last two when the console wraps it
    assert at >= len(lines) - 2
    assert lines[at].startswith("check half: articles_recall 1.000, articles_precision 1.000, articles_f1 1.000")
