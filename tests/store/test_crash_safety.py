"""A real `tacitus ingest` killed with SIGKILL mid-run, then run again, stores every article
exactly once (issue 7: each batch is one transaction)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

WAL_BYTES_AFTER_FIRST_BATCHES = 150_000

CITIES = ["Kabul", "Kandahar", "Herat", "Mosul", "Aleppo", "Gaza", "Kharkiv", "Mogadishu"]
ACTIONS = [
    "{n} militants attacked a police post near {c} on Tuesday, officials said.",
    "Government forces arrested {n} suspected insurgents in {c}, the interior ministry said.",
    "Hundreds of protesters marched through {c} demanding the release of {n} detained journalists.",
]


def _corpus(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(
                ACTIONS[(i + k) % len(ACTIONS)].format(n=i + k + 2, c=CITIES[(i * 3 + k) % len(CITIES)])
                for k in range(4)
            )
            fh.write(json.dumps({"id": f"art-{i}", "text": text, "published": "2024-03-05"}) + "\n")


def _ingest(src: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tacitus", "ingest", str(src), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def test_killed_ingest_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    src, db = tmp_path / "news.jsonl", tmp_path / "store.duckdb"
    n = 400
    _corpus(src, n)
    proc = _ingest(src, db)
    # kill once the first batches have been committed: the write-ahead log grows past the
    # schema (about 14 KB) by roughly 70 KB per committed batch of 16 articles
    wal = db.with_name(db.name + ".wal")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > WAL_BYTES_AFTER_FIRST_BATCHES:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed: enlarge the corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    assert 0 < stored < n
    rerun = _ingest(src, db)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (n, n)
    dup = con.execute("SELECT count(*) - count(DISTINCT id) FROM event_mentions").fetchone()[0]
    assert dup == 0
    orphans = con.execute(
        "SELECT count(*) FROM event_mentions WHERE article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()[0]
    assert orphans == 0
