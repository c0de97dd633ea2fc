"""Coded records travel as Parquet shards and load into the store unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "military-times-afghanistan-ceasefire.txt"


def test_shards_round_trip_into_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "x1", "text": "Turkish jets struck Kurdish militant positions in northern Iraq.",
                    "published": "2022-04-18"}) + "\n"
        + json.dumps({"id": "x2", "text": EXAMPLE.read_text(encoding="utf-8"), "published": "2019-07-19"}) + "\n",
        encoding="utf-8",
    )
    shards = tmp_path / "shards"
    assert main(["code", str(src), "--shards", str(shards)]) == 0
    assert sorted(p.name for p in shards.iterdir()) == ["day=2019-07-19", "day=2022-04-18"]
    direct, via = tmp_path / "direct.duckdb", tmp_path / "via.duckdb"
    assert main(["ingest", str(src), "--db", str(direct)]) == 0
    assert main(["ingest", str(shards), "--db", str(via)]) == 0
    capsys.readouterr()
    with Store(direct, read_only=True) as a, Store(via, read_only=True) as b:
        assert [x.to_dict() for x in a.iter_articles()] == [x.to_dict() for x in b.iter_articles()]
        assert a.counts() == b.counts()
