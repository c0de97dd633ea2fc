"""Ingest runs: read, code and store articles, as `tacitus ingest` does (the command is a
thin wrapper over ``ingest_paths``).

A run reads every input (files, folders, JSONL/CSV, HTML, ... and Parquet shards written by
`tacitus code --shards`), keeps the first record of each id (``FirstById``), skips articles
stored unchanged by this coder (its fingerprint is in each article's content hash) unless
``recode``, codes the rest in chunks (an article failing in any stage is an error, the others
go on), stores each chunk in one transaction with cross-article clustering, and records the
run (counts, errors, status) in the store's ``runs`` and ``errors`` tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tacitus.errors import InputError

if TYPE_CHECKING:
    from tacitus.model import Article
    from tacitus.store import Store
    from tacitus.userfiles import UserFiles

# Articles read per look-up of stored content hashes, and shard records per store write.
BATCH = 256
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class IngestProgress:
    """Where a run stands: articles coded and stored so far, errors so far; during a long
    read of one file, that file and the bytes read from it."""

    articles: int
    errors: int
    reading: str | None = None
    nbytes: int = 0


@dataclass
class RunResult:
    """What an ingest run did. ``errors`` are the inputs that failed (unreadable, a duplicate
    id with other content, or an article a coding stage failed on), also stored in the
    store's ``errors`` table under ``run_id``."""

    run_id: str
    new: int = 0  # articles stored for the first time
    replaced: int = 0  # stored articles replaced (other content, other coder, or recode)
    unchanged: int = 0  # articles already stored as they are, or repeated in the inputs
    coded: int = 0  # articles coded in this run
    events: int = 0  # events of the articles coded in this run
    errors: list[InputError] = field(default_factory=list)
    store_counts: dict[str, int] = field(default_factory=dict)  # rows per table after the run

    @property
    def ok(self) -> bool:
        return not self.errors


class _ReportedErrors(list):  # type: ignore[type-arg]
    """The run's InputErrors; each one handed to ``on_error`` as it happens, so a long run
    reports failures as it goes."""

    def __init__(self, on_error: Callable[[InputError], None] | None) -> None:
        super().__init__()
        self._on_error = on_error

    def append(self, item: InputError) -> None:
        super().append(item)
        if self._on_error is not None:
            self._on_error(item)


def code_chunks(articles: Iterable[Article], *, jobs: int = 1, engine: str = "local",
                address: str | None = None, user: UserFiles | None = None,
                errors: list[InputError] | None = None) -> Iterator[list[Article]]:
    """Coded chunks of ``articles``, in input order, on local processes or a Ray cluster; an
    article that fails in any stage goes to ``errors``, the rest go on."""
    from tacitus.userfiles import NO_USER_FILES

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    user = user or NO_USER_FILES
    if engine == "ray":
        from tacitus.scale import ray_engine

        yield from ray_engine.code_stream(articles, user=user, address=address, errors=errors)
        return
    from tacitus.scale import code_stream

    yield from code_stream(articles, jobs=jobs, user=user, errors=errors)


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store | str | Path,
    *,
    default_date: str | None = None,
    actors: Sequence[str | Path] = (),
    patterns: Sequence[str | Path] = (),
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    max_bytes: int | None = None,
    recode: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
) -> RunResult:
    """Code the articles in ``paths`` into ``store`` (a ``Store`` open for writing, or the
    path of one, created if missing): what `tacitus ingest PATH... --db STORE` does.

    Options are those of the command: ``default_date`` (``--date``) for inputs without a
    publication date; ``actors`` and ``patterns``, user dictionaries; ``jobs``, ``engine``
    ("local" or "ray") and ``address`` (of the Ray cluster); ``max_bytes``, the largest input
    file read (default 20 MB); ``recode`` codes every article again, even those stored
    unchanged by this coder. Bad inputs never stop the run: each is in ``RunResult.errors``
    and handed to ``on_error`` when it happens. ``progress`` gets an ``IngestProgress``
    after each stored chunk and during long reads. An interrupted run (KeyboardInterrupt) is
    recorded as ``interrupted``, a failed one as ``failed``, and the exception goes on.
    """
    from tacitus.store import Store

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, not {jobs}")
    if isinstance(store, Store):
        return _ingest(paths, store, default_date=default_date, actors=actors, patterns=patterns,
                       jobs=jobs, engine=engine, address=address, max_bytes=max_bytes,
                       recode=recode, on_error=on_error, progress=progress)
    with Store(store) as opened:
        return _ingest(paths, opened, default_date=default_date, actors=actors, patterns=patterns,
                       jobs=jobs, engine=engine, address=address, max_bytes=max_bytes,
                       recode=recode, on_error=on_error, progress=progress)


def _ingest(paths: Sequence[str | Path], store: Store, *, default_date: str | None,
            actors: Sequence[str | Path], patterns: Sequence[str | Path], jobs: int, engine: str,
            address: str | None, max_bytes: int | None, recode: bool,
            on_error: Callable[[InputError], None] | None,
            progress: Callable[[IngestProgress], None] | None) -> RunResult:
    from tacitus import ingest
    from tacitus.fingerprint import coder_fingerprint
    from tacitus.scale.shards import is_shard_input, read_shards
    from tacitus.store import FirstById, content_hash
    from tacitus.userfiles import UserFiles

    actor_files = tuple(str(a) for a in actors)
    pattern_files = tuple(str(p) for p in patterns)
    user = UserFiles(actors=actor_files, patterns=pattern_files)
    coder = coder_fingerprint(actor_files, pattern_files)
    errors: list[InputError] = _ReportedErrors(on_error)
    first_of_id = FirstById()
    skipped = 0
    coded = events = 0

    def keep(art: Article) -> bool:
        """First record of its id in this run (a later one with other content is an error)."""
        nonlocal skipped
        verdict = first_of_id.check(art)
        if isinstance(verdict, InputError):
            errors.append(verdict)
            return False
        skipped += not verdict
        return verdict

    names = [str(p) for p in paths]
    shard_inputs = [p for p in names if is_shard_input(p)]
    inputs = [p for p in names if p not in shard_inputs]
    read_options: dict[str, Any] = {"default_date": default_date}
    if max_bytes:
        read_options["max_bytes"] = max_bytes
    if progress is not None:
        read_options["progress"] = lambda path, nbytes: progress(
            IngestProgress(coded, len(errors), path, nbytes))

    with store.run("ingest " + " ".join(shard_inputs + inputs), coder, errors) as run:
        for path in shard_inputs:
            batch: list[Article] = []
            for art in read_shards(path):
                if keep(art):
                    batch.append(art)
                if len(batch) >= BATCH:
                    run.write(batch, recode=recode)
                    batch = []
            run.write(batch, recode=recode)

        def fresh() -> Iterator[Article]:
            """Articles not stored yet, or changed since: unchanged ones skip coding."""
            batch: list[Article] = []

            def flush() -> Iterator[Article]:
                known = {} if recode else store.known_hashes([a.id for a in batch])
                for a in batch:
                    if known.get(a.id) == a.input_hash:
                        run.total.unchanged += 1
                    else:
                        yield a

            for item in ingest.read_inputs(inputs, **read_options):
                if isinstance(item, InputError):
                    errors.append(item)
                    continue
                item.input_hash = content_hash(item, coder)
                if keep(item):
                    batch.append(item)
                if len(batch) >= BATCH:
                    yield from flush()
                    batch = []
            yield from flush()

        for chunk in code_chunks(fresh(), jobs=jobs, engine=engine, address=address, user=user,
                                 errors=errors):
            run.write(chunk, recode=recode)
            coded += len(chunk)
            events += sum(len(a.events) for a in chunk)
            if progress is not None:
                progress(IngestProgress(coded, len(errors)))
        if progress is not None:
            progress(IngestProgress(coded, len(errors)))
        run.total.unchanged += skipped
    total = run.total
    return RunResult(run_id=run.run_id, new=total.new, replaced=total.replaced,
                     unchanged=total.unchanged, coded=coded, events=events, errors=list(errors),
                     store_counts=store.counts())
