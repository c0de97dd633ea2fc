"""Parquet shards of coded records, partitioned by publication day.

The exchange format between engines and the store: ``--engine ray`` (or any engine) writes
shards with ``write_shards``; `tacitus ingest DIR` loads them without coding again
(``read_shards``), and DuckDB or Spark read them directly (column ``record`` holds the
public record as JSON; ``id``, ``published`` and ``day`` are plain columns).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from tacitus.model import Article, article_from_dict


def write_shards(articles: Iterable[Article], out_dir: str | Path, name: str = "part") -> int:
    import pyarrow as pa
    import pyarrow.dataset as ds

    rows = [a.to_dict() for a in articles]
    if not rows:
        return 0
    table = pa.table({
        "id": [r["id"] for r in rows],
        "published": [r.get("published") or "" for r in rows],
        "day": [(r.get("published") or "unknown")[:10] for r in rows],
        "record": [json.dumps(r, ensure_ascii=False) for r in rows],
    })
    ds.write_dataset(
        table, str(out_dir), format="parquet", partitioning=["day"], partitioning_flavor="hive",
        basename_template=f"{name}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore",
    )
    return len(rows)


def is_shard_input(path: str | Path) -> bool:
    """A ``.parquet`` file or a folder holding some, with a ``record`` column."""
    p = Path(path)
    files = [p] if p.suffix == ".parquet" else (sorted(p.rglob("*.parquet")) if p.is_dir() else [])
    if not files:
        return False
    import pyarrow.parquet as pq

    try:
        return "record" in pq.read_schema(files[0]).names
    except Exception:  # noqa: BLE001 - not a readable shard: let the ordinary readers judge it
        return False


def read_shards(path: str | Path) -> Iterator[Article]:
    import pyarrow.parquet as pq

    p = Path(path)
    files = [p] if p.suffix == ".parquet" else sorted(p.rglob("*.parquet"))
    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(columns=["record"], batch_size=256):
            for rec in batch.column(0).to_pylist():
                yield article_from_dict(json.loads(rec))
