"""Run ``process_batch`` over many articles: in this process, on all local cores, or on Ray.

Workers receive and return plain records (``Article.to_dict()``), never spaCy objects; each
worker process loads the model and dictionaries once. Output order equals input order.
An article that fails in a worker comes back as an ``InputError`` (in ``errors``), never as
the failure of its chunk or of the run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from typing import Any

from tacitus.errors import Errors, InputError
from tacitus.model import Article, article_from_dict
from tacitus.userfiles import NO_USER_FILES, UserFiles

# Articles per task sent to a worker: large enough to amortise pickling, small enough that
# a progress bar moves and memory stays flat (calibrated on the Reuters corpus, 2 cores).
CHUNK_SIZE = 16
# Most characters of text coded at once in this process (``-j 1``): a full spaCy batch of
# news stories (32 of ~6 KB), but only a few long articles at a time.
LOCAL_GROUP_CHARS = 200_000

_worker_user: UserFiles = NO_USER_FILES


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _init_worker(user: UserFiles) -> None:
    global _worker_user
    _worker_user = user
    from tacitus.pipeline import get_pipeline

    get_pipeline(user)  # load the model and dictionaries once per worker


def _run_chunk(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Coded records and the failures (plain ``InputError`` fields) of one chunk."""
    from tacitus.pipeline import process_batch

    errors: list[dict[str, Any]] = []
    return process_batch(records, _worker_user, errors), errors


def collect_errors(found: list[dict[str, Any]], errors: list[InputError] | None) -> None:
    """Failures reported by a worker into ``errors``; without a list, the first one raises."""
    for e in found:
        err = InputError(**e)
        if errors is None:
            raise Errors.E060.error(failure=err)
        errors.append(err)


def _own_peak_rss_kb(_: object = None) -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _own_cpu_s(_: object = None) -> tuple[int, float]:
    import resource
    import time

    r = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(0.02)  # hold this worker a moment, so that the other tasks reach the others
    return os.getpid(), r.ru_utime + r.ru_stime


def _chunks(articles: Iterable[Article], size: int, max_chars: int | None = None) -> Iterator[list[Article]]:
    """``size`` articles at a time (fewer once they hold ``max_chars`` characters of text)."""
    chunk: list[Article] = []
    chars = 0
    for a in articles:
        chunk.append(a)
        chars += len(a.text) if isinstance(a.text, str) else 0  # a broken record fails later, in its stage
        if len(chunk) >= size or (max_chars is not None and chars >= max_chars):
            yield chunk
            chunk = []
            chars = 0
    if chunk:
        yield chunk


class WorkerPool:
    """``jobs`` worker processes, each with the pipeline loaded once; reusable across calls."""

    def __init__(self, jobs: int, user: UserFiles = NO_USER_FILES) -> None:
        if "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            # the fork server loads the model and knowledge once, and workers fork from it
            # with them in memory (see ``_preload``); without one, each worker loads them
            # from the knowledge cache
            ctx.set_forkserver_preload(["__main__", "tacitus.scale._preload"])
        else:
            ctx = mp.get_context("spawn")
        self.jobs = jobs
        self._pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(user,))

    def code(
        self, articles: Iterable[Article], chunk_size: int = CHUNK_SIZE, errors: list[InputError] | None = None
    ) -> Iterator[list[Article]]:
        """Coded chunks in input order; failed articles go to ``errors`` (see ``code_stream``)."""
        records = ([a.to_dict() for a in chunk] for chunk in _chunks(articles, chunk_size))
        for out, failed in self._pool.imap(_run_chunk, records):
            collect_errors(failed, errors)
            yield [article_from_dict(r) for r in out]

    def warm(self) -> None:
        """Wait until every worker has loaded the model (for timing steady-state throughput)."""
        self._pool.map(_run_chunk, [[] for _ in range(self.jobs)], chunksize=1)

    def peak_rss_mb(self) -> float:
        """Largest peak resident memory among the workers (forkserver children are not ours
        to wait for, so each reports its own)."""
        return max(self._pool.map(_own_peak_rss_kb, range(self.jobs * 4), chunksize=1)) / 1024

    def cpu_seconds(self) -> dict[int, float]:
        """CPU seconds (user + system) each worker has used so far, by process id (as far as
        a few small tasks reach them: for benchmarks)."""
        seen: dict[int, float] = {}
        for pid, cpu in self._pool.map(_own_cpu_s, range(self.jobs * 8), chunksize=1):
            seen[pid] = max(cpu, seen.get(pid, 0.0))
        return seen

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._pool.terminate()
            self._pool.join()


def code_stream(
    articles: Iterable[Article],
    jobs: int = 1,
    user: UserFiles = NO_USER_FILES,
    chunk_size: int = CHUNK_SIZE,
    errors: list[InputError] | None = None,
) -> Iterator[list[Article]]:
    """Code read articles in chunks; yields coded chunks in input order.

    An article that fails in any stage is appended to ``errors`` and left out of its chunk;
    without ``errors`` the first failure raises ``TacitusError`` (E060).
    """
    if jobs <= 1:
        from tacitus.pipeline import code_articles, get_pipeline

        # spaCy parses the texts of one call in batches of the pipeline's batch size (32): a
        # chunk of 16 filled half a batch, and the parse of 300 Reuters stories took 10.6-11.1 s
        # of CPU against 9.9-10.0 s in full batches. So articles are coded a full batch at a
        # time (fewer when they are long: at most LOCAL_GROUP_CHARS characters) and handed on
        # in chunks of ``chunk_size`` as before.
        batch = get_pipeline(user).batch_size
        for group in _chunks(articles, max(batch, chunk_size), LOCAL_GROUP_CHARS):
            coded = list(code_articles(group, user, errors))
            for i in range(0, len(coded), chunk_size):
                yield coded[i:i + chunk_size]
        return
    with WorkerPool(jobs, user) as pool:
        yield from pool.code(articles, chunk_size, errors)
