"""A writer checkpoints less often (``Store.CHECKPOINT_THRESHOLD``, issue 18's store scale curve):
the stored contents are the same as with checkpoints after every write, and a store whose
log was never checkpointed (a killed writer) opens with every committed article."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

import tacitus.store as store_module
from tests.store.test_store_scale import _articles

TABLES = ("articles", "event_mentions", "events", "actors", "entities", "places", "dates", "quotes",
          "counts", "rollup_days", "rollup_day_countries", "rollup_dyads", "rollup_actors")


def _digest(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    out = {}
    for table in TABLES:
        cols = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND column_name NOT IN ('ingested_at', 'run_id') ORDER BY ordinal_position", [table]).fetchall()]
        quoted = ", ".join(f'"{c}"' for c in cols)
        rows = con.execute(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
        out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def _write(path: Path, seed: int) -> None:
    arts = _articles(seed, 120)
    with store_module.Store(path) as store:
        for i in range(0, len(arts), 8):
            store.write_articles(arts[i:i + 8])
        for a in arts[:20]:  # replacements: deletes in every table, clusters left and joined
            a.input_hash = "changed"
            a.events = a.events[:1]
        store.write_articles(arts[:20])


def test_the_writer_checkpoints_at_the_raised_threshold_and_readers_keep_the_default(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with store_module.Store(db) as store:
        setting = store.con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0]
        assert setting.replace(".0", "").replace(" ", "") == store_module.CHECKPOINT_THRESHOLD
    reader = store_module.Store(db, read_only=True)
    try:
        assert reader.con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0] == "16.0 MiB"
    finally:
        reader.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_contents_equal_those_of_a_checkpoint_after_every_write(tmp_path: Path, seed: int,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "raised.duckdb", seed)
    monkeypatch.setattr(store_module, "CHECKPOINT_THRESHOLD", "1KiB")  # every commit checkpoints
    _write(tmp_path / "every.duckdb", seed)
    digests = []
    for name in ("raised", "every"):
        con = duckdb.connect(str(tmp_path / f"{name}.duckdb"), read_only=True)
        try:
            digests.append(_digest(con))
            assert con.execute("SELECT count(*) FROM event_mentions").fetchone()[0] > 100
        finally:
            con.close()
    assert digests[0] == digests[1]


def test_a_store_left_with_an_unreplayed_log_opens_with_every_committed_article(tmp_path: Path) -> None:
    """What a killed writer leaves: the file as of the last checkpoint and the log since."""
    db = tmp_path / "s.duckdb"
    arts = _articles(3, 40)
    with store_module.Store(db) as store:
        store.write_articles(arts[:20])
    with store_module.Store(db) as store:
        store.write_articles(arts[20:])
        wal = Path(str(db) + ".wal")
        assert wal.exists() and wal.stat().st_size > 0  # not checkpointed: under the threshold
        shutil.copy(db, tmp_path / "killed.duckdb")
        shutil.copy(wal, tmp_path / "killed.duckdb.wal")
    with store_module.Store(tmp_path / "killed.duckdb", read_only=True) as store:
        assert store.counts()["articles"] == 40
