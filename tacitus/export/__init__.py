"""Export: the events table as JSONL, CSV or Parquet; full public records as JSONL.

The GDELT 2.0 and PLOVER writers live in ``tacitus.export.gdelt`` and ``tacitus.export.plover``.
Table exports run inside DuckDB (``COPY``), so they stream and never hold the table in Python.

Exports never mix runs: a folder target (``--to DIR``, ``--gdelt DIR``) must be empty or
new; ``prepare_folder(..., overwrite=True)`` clears an earlier export of the same kind out of
it first, and refuses a folder holding anything else. Missing parent folders are created.
File-system failures reach the user as one-line ``TacitusError``s (``fs_error``).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from tacitus.errors import Errors, TacitusError
from tacitus.export.stored import IS_ROOT_SQL
from tacitus.model import Article

# What a failed file-system call means for the user, by errno.
_REASONS = {
    errno.EEXIST: "exists and is not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOSPC: "no space left on the device",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large",
    errno.ENAMETOOLONG: "file name too long",
}
_BY_STRERROR = {os.strerror(e): e for e in _REASONS}

# Entries an earlier export leaves in its folder, by kind: DuckDB's Hive partitions
# (year=YYYY/month=M/data_N.parquet) and GDELT's stamped files.
_PARTITION_DIR = re.compile(r"^(?:year|month)=-?\d+$")
_GDELT_FILE = re.compile(r"^\d{14}\.(?:export\.CSV|mentions\.CSV|gkg\.csv)$")


def fs_error(exc: BaseException, path: str | Path) -> TacitusError:
    """A one-line error for a failed file-system operation (an ``OSError`` or a DuckDB I/O
    error) on ``path``."""
    where = str(path)
    code: int | None = None
    if isinstance(exc, OSError):
        code = exc.errno
        if exc.filename is not None:
            where = os.fsdecode(exc.filename)
        detail = exc.strerror or str(exc)
    else:
        text = str(exc)
        m = re.search(r'"errno"\s*:\s*"?(\d+)', text)
        if m:
            code = int(m.group(1))
        else:
            code = next((e for msg, e in _BY_STRERROR.items() if msg in text), None)
        detail = text.splitlines()[0] if text else type(exc).__name__
    reason = _REASONS.get(code or -1, detail)
    return Errors.E045.error(where=where, reason=reason)


@contextmanager
def file_errors(path: str | Path) -> Iterator[None]:
    """Turn file-system failures inside the block into one-line ``TacitusError``s."""
    try:
        yield
    except OSError as exc:
        raise fs_error(exc, path) from None
    except (duckdb.IOException, duckdb.PermissionException) as exc:
        raise fs_error(exc, path) from None


def check_file_target(path: str | Path) -> Path:
    """An output file's path, ready: its folder created if missing, the path not a folder."""
    p = Path(path)
    with file_errors(p):
        if p.is_dir():
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(p))
        p.parent.mkdir(parents=True, exist_ok=True)
    return p


def _earlier_export(entry: Path, kind: str, top: bool = True) -> bool:
    """Whether ``entry`` (inside an export folder) is what an export of ``kind`` writes:
    GDELT's stamped files; partition folders holding partition folders or Parquet files."""
    if entry.is_symlink():
        return False
    if kind == "gdelt":
        return entry.is_file() and bool(_GDELT_FILE.match(entry.name))
    if entry.is_dir():
        return bool(_PARTITION_DIR.match(entry.name)) and all(
            _earlier_export(child, kind, top=False) for child in entry.iterdir())
    return not top and entry.is_file() and entry.suffix == ".parquet"


def prepare_folder(path: str | Path, overwrite: bool = False, kind: str = "partitions") -> Path:
    """A folder ready for a fresh export of ``kind`` ("partitions" or "gdelt").

    A missing folder is created (with its parents); an empty one is used as it is. A
    non-empty one is refused, unless ``overwrite``: then an earlier export is cleared out of
    it first, and a folder holding anything an export of this kind does not write (another
    program's files, a store) is refused still, so that no mistyped path is wiped.
    """
    p = Path(path)
    with file_errors(p):
        if p.exists() and not p.is_dir():
            raise OSError(errno.EEXIST, os.strerror(errno.EEXIST), str(p))
        if not p.exists():
            p.mkdir(parents=True)
            return p
        entries = sorted(p.iterdir())
        if not entries:
            return p
        names = ", ".join(e.name for e in entries[:3]) + (", ..." if len(entries) > 3 else "")
        if not overwrite:
            raise Errors.E046.error("not_empty", path=p, names=names)
        foreign = [e for e in entries if not _earlier_export(e, kind)]
        if foreign:
            raise Errors.E046.error("foreign", path=p, name=foreign[0].name, kind=kind)
        for e in entries:
            if e.is_dir():
                shutil.rmtree(e)
            else:
                e.unlink()
    return p

TABLE_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "json", ".ndjson": "json", ".json": "json"}


def table_format(path: str | Path) -> str:
    p = Path(path)
    if p.suffix.lower() in TABLE_FORMATS:
        return TABLE_FORMATS[p.suffix.lower()]
    if p.suffix == "":
        # a folder: Parquet partitioned by event year and month
        return "parquet-partitioned"
    raise Errors.E040.error(path=path)


def with_is_root(sql: str, mentions: bool = False) -> str:
    """An events query (``tacitus.store.events_sql``: ``id`` selected, ordered by event date
    then id) with an ``is_root`` column added: GDELT's IsRootEvent, the event told in the lead
    paragraph of its first report (of the mention's article, with ``mentions``)."""
    table = "event_mentions" if mentions else "events"
    return (
        f"SELECT q.*, coalesce(r.is_root, false) AS is_root FROM ({sql}) q LEFT JOIN "
        f"(SELECT e.id AS _root_id, e.event_date AS _root_date, {IS_ROOT_SQL} AS is_root "
        f"FROM {table} e JOIN articles a ON a.id = e.article_id) r ON r._root_id = q.id "
        "ORDER BY r._root_date NULLS LAST, q.id"
    )


def copy_query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], path: str | Path,
               overwrite: bool = False) -> int:
    """Write a query's rows to ``path`` in the format its suffix names; returns the row count.

    A folder (no suffix) gets Parquet partitioned by year and month: it must be new or empty,
    or ``overwrite`` clears an earlier export out of it (``prepare_folder``)."""
    fmt = table_format(path)
    out = Path(path)
    if fmt == "parquet-partitioned":
        prepare_folder(out, overwrite, "partitions")
    else:
        check_file_target(out)
    with file_errors(out):
        return _copy(con, sql, params, out, fmt)


def _copy(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], out: Path, fmt: str) -> int:
    n = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    if fmt == "parquet-partitioned":
        inner = (f"SELECT *, coalesce(CAST(substr(\"date\", 1, 4) AS INTEGER), 0) AS year, "
                 f"coalesce(TRY_CAST(substr(\"date\", 6, 2) AS INTEGER), 0) AS month FROM ({sql})")
        con.execute(
            f"COPY ({inner}) TO '{_quote_path(out)}' (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)",
            params,
        )
    elif fmt == "csv":
        con.execute(f"COPY ({sql}) TO '{_quote_path(out)}' (FORMAT csv, HEADER)", params)
    elif fmt == "json":
        con.execute(f"COPY ({sql}) TO '{_quote_path(out)}' (FORMAT json)", params)
    else:
        con.execute(f"COPY ({sql}) TO '{_quote_path(out)}' (FORMAT parquet)", params)
    return int(n)


def _quote_path(path: Path) -> str:
    # COPY takes the target as a literal, not a parameter: escape the quote character
    return str(path).replace("'", "''")


def write_records(articles: Iterable[Article], path: str | Path) -> int:
    """Full public records, one article per line (the format of `tacitus code --format jsonl`)."""
    n = 0
    check_file_target(path)
    with file_errors(path), open(path, "w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps(art.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
