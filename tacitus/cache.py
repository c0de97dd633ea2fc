"""The knowledge cache: compact prebuilt forms of the shipped tables (gazetteer, actor
lexicon), built at first use and read back by every later process in a fraction of the
time that parsing the TSV files takes.

Each table is one file ``<name>-v<format>-<data hash>-py<X.Y>.bin`` in the cache directory:

- ``TACITUS_CACHE_DIR`` when set (``TACITUS_CACHE``, its earlier name, is honoured too);
- else the platform's user cache directory: ``platformdirs.user_cache_dir("tacitus")`` when
  ``platformdirs`` is installed, else ``$XDG_CACHE_HOME/tacitus`` or ``~/.cache/tacitus``.

The key holds the hash of every shipped data file (``tacitus.fingerprint.data_hash``), so an
edited or upgraded data file is never read from a stale cache; the table's own format number;
and the Python version (``marshal``'s format is Python's own). Files carry a checksum: a
truncated or corrupt file is rebuilt silently. Writes go to a temporary file renamed into
place, so a reader never sees half a file, and processes racing to build write the same
bytes. A directory that cannot be created or written leaves the table built in memory,
every run. Nothing is downloaded.
"""

from __future__ import annotations

import gc
import marshal
import os
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ENV = "TACITUS_CACHE_DIR"
_MAGIC = b"TACK"
_HEADER = struct.Struct("<4sIQ")  # magic, crc32 of the payload, payload length


def cache_dir() -> Path:
    """Where the prebuilt tables live (see the module docstring)."""
    env = os.environ.get(ENV) or os.environ.get("TACITUS_CACHE")
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "tacitus"
    return Path(platformdirs.user_cache_dir("tacitus", appauthor=False))


def cache_path(name: str, version: int) -> Path:
    from tacitus.fingerprint import data_hash

    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    return cache_dir() / f"{name}-v{version}-{data_hash()}-py{py}.bin"


def _read(path: Path) -> Any:
    """The value stored in ``path``; raises ValueError when the file is not a whole, intact
    cache file (and OSError when it cannot be read)."""
    blob = path.read_bytes()
    if len(blob) < _HEADER.size:
        raise ValueError("short cache file")
    magic, crc, length = _HEADER.unpack_from(blob)
    payload = memoryview(blob)[_HEADER.size:]
    if magic != _MAGIC or length != len(payload) or zlib.crc32(payload) != crc:
        raise ValueError("corrupt cache file")
    return marshal.loads(payload)


def _write(path: Path, blob: bytes) -> None:
    """Write atomically: a temporary file in the same directory, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(_HEADER.pack(_MAGIC, zlib.crc32(blob), len(blob)))
            fh.write(blob)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def load(name: str, version: int, build: Callable[[], Any], decode: Callable[[Any], T]) -> T:
    """The table ``name``: read from the cache, else built by ``build()`` (which returns
    builtin types only: what ``marshal`` stores) and saved for the next process; ``decode``
    makes the stored value the object the caller uses.

    Either way ``decode`` receives the value as read back from its stored bytes, so a table
    built now and one read from the cache are the same. A cached value that ``decode``
    rejects (raising ValueError, TypeError, KeyError or IndexError) is rebuilt."""
    # the tables are many small objects that all live on: the cyclic garbage collector,
    # run meanwhile, would walk them (and everything loaded before) again and again
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(name, version, build, decode)
    finally:
        if enabled:
            gc.enable()


def _load(name: str, version: int, build: Callable[[], Any], decode: Callable[[Any], T]) -> T:
    try:
        path: Path | None = cache_path(name, version)
    except (OSError, RuntimeError):  # e.g. no home directory to put a cache in
        path = None
    if path is not None:
        try:
            return decode(_read(path))
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            pass  # missing, unreadable, corrupt or malformed: rebuilt below
    blob = marshal.dumps(build())
    if path is not None:
        try:
            _write(path, blob)
        except OSError:
            pass  # read-only or missing cache directory: built in memory on every run
    return decode(marshal.loads(blob))
