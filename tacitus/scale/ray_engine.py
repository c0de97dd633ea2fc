"""The Ray engine: the same ``process_batch`` as Ray Data ``map_batches``.

Each Ray worker holds one ``_Coder`` actor that loads the model and dictionaries once.
Records travel as plain dicts (the public record serialised to JSON strings, so Arrow never
has to infer a schema for nested lists). ``run_to_parquet`` writes Parquet shards
partitioned by date that `tacitus ingest` or DuckDB/Spark read directly.

Ray is an optional extra: ``pip install 'tacitus[ray]'``. Point at an existing cluster with
``--address ray://HOST:10001`` (or ``auto`` on a cluster node); without an address a local
cluster is started on this machine's cores.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tacitus.errors import TacitusError
from tacitus.model import Article, article_from_dict
from tacitus.pipeline import NO_USER_FILES, UserFiles

BATCH_SIZE = 16


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise TacitusError("E050", "the Ray engine needs Ray: pip install 'tacitus[ray]'") from exc
    return ray


class _Coder:
    """One per Ray worker: loads the pipeline once, codes batches of records."""

    def __init__(self, user: UserFiles = NO_USER_FILES) -> None:
        from tacitus.pipeline import get_pipeline

        self.user = user
        get_pipeline(self.user)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from tacitus.pipeline import process_batch

        records = [json.loads(r) for r in batch["record"]]
        out = process_batch(records, self.user)
        return {
            "id": [r["id"] for r in out],
            "published": [r.get("published") or "" for r in out],
            "order": list(batch["order"]),
            "record": [json.dumps(r, ensure_ascii=False) for r in out],
        }


def _init(address: str | None) -> Any:
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 ignore_reinit_error=True, logging_level=logging.WARNING)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = sys.stderr.isatty()
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray


def _dataset(articles: Iterable[Article], address: str | None, user: UserFiles, workers: int | None) -> Any:
    ray = _init(address)
    items = [{"order": i, "record": json.dumps(a.to_dict(), ensure_ascii=False)} for i, a in enumerate(articles)]
    if not items:
        return None
    n_workers = workers or max(1, int(ray.available_resources().get("CPU", 1)))
    ds = ray.data.from_items(items)
    return ds.map_batches(
        _Coder,
        fn_constructor_kwargs={"user": user},
        batch_size=BATCH_SIZE,
        concurrency=n_workers,
        batch_format="default",
    )


def code_stream(
    articles: Iterable[Article],
    user: UserFiles = NO_USER_FILES,
    address: str | None = None,
    workers: int | None = None,
) -> Iterator[list[Article]]:
    """Code articles on Ray; yields them in input order (one chunk)."""
    ds = _dataset(articles, address, user, workers)
    if ds is None:
        return
    rows = sorted(ds.take_all(), key=lambda r: r["order"])
    yield [article_from_dict(json.loads(r["record"])) for r in rows]


def run_to_parquet(
    articles: Iterable[Article],
    out_dir: str | Path,
    user: UserFiles = NO_USER_FILES,
    address: str | None = None,
    workers: int | None = None,
) -> int:
    """Code on Ray and write Parquet shards (one column per public field group, records as
    JSON) partitioned by publication date; returns the number of articles written."""
    ds = _dataset(articles, address, user, workers)
    if ds is None:
        return 0
    ds = ds.map(_with_day).drop_columns(["order"]).materialize()
    ds.write_parquet(str(out_dir), partition_cols=["day"])
    return ds.count()


def _with_day(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "day": (row["published"] or "unknown")[:10]}
