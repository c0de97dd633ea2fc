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

from tacitus.errors import Errors, InputError
from tacitus.model import Article, article_from_dict
from tacitus.userfiles import NO_USER_FILES, UserFiles

BATCH_SIZE = 16


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise Errors.E050.error("ray") from exc
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
        orders = list(batch["order"])
        errors: list[dict[str, Any]] = []
        out = process_batch(records, self.user, errors)
        # a failed article leaves the batch: its row carries the error instead of a record
        # (coded records keep their input order: match them to it as a subsequence)
        kept: list[int] = []
        j = 0
        for r in out:
            while j < len(records) - 1 and records[j]["id"] != r["id"]:
                j += 1
            kept.append(orders[min(j, len(orders) - 1)])
            j += 1
        orders = kept
        return {
            "id": [r["id"] for r in out] + ["" for _ in errors],
            "published": [r.get("published") or "" for r in out] + ["" for _ in errors],
            "order": orders + [-1 for _ in errors],
            "record": [json.dumps(r, ensure_ascii=False) for r in out] + ["" for _ in errors],
            "error": ["" for _ in out] + [json.dumps(e, ensure_ascii=False) for e in errors],
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


def _collect(rows: list[dict[str, Any]], errors: list[InputError] | None) -> None:
    from tacitus.scale import collect_errors

    collect_errors([json.loads(r["error"]) for r in rows if r.get("error")], errors)


def code_stream(
    articles: Iterable[Article],
    user: UserFiles = NO_USER_FILES,
    address: str | None = None,
    workers: int | None = None,
    errors: list[InputError] | None = None,
) -> Iterator[list[Article]]:
    """Code articles on Ray; yields them in input order (one chunk). Failed articles go to
    ``errors`` (without it, the first failure raises TacitusError E060)."""
    ds = _dataset(articles, address, user, workers)
    if ds is None:
        return
    rows = ds.take_all()
    _collect(rows, errors)
    rows = sorted((r for r in rows if not r.get("error")), key=lambda r: r["order"])
    yield [article_from_dict(json.loads(r["record"])) for r in rows]


def run_to_parquet(
    articles: Iterable[Article],
    out_dir: str | Path,
    user: UserFiles = NO_USER_FILES,
    address: str | None = None,
    workers: int | None = None,
    errors: list[InputError] | None = None,
) -> int:
    """Code on Ray and write Parquet shards (one column per public field group, records as
    JSON) partitioned by publication date; returns the number of articles written. Failed
    articles go to ``errors`` (without it, the first failure raises TacitusError E060)."""
    ds = _dataset(articles, address, user, workers)
    if ds is None:
        return 0
    ds = ds.materialize()
    _collect(ds.filter(lambda r: bool(r["error"])).take_all(), errors)
    ds = ds.filter(lambda r: not r["error"]).map(_with_day).drop_columns(["order", "error"]).materialize()
    if ds.count() == 0:
        return 0
    ds.write_parquet(str(out_dir), partition_cols=["day"])
    return ds.count()


def _with_day(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "day": (row["published"] or "unknown")[:10]}
