"""The actor lexicon: phrases mapped to actor entries, loaded from data files.

One row format serves the shipped dictionaries and the user's ``--actors`` files
(TSV, CSV or YAML; see ``tacitus/data/actors/README.md``)::

    phrase  kind  code  country  role  group  name  start  end  office  source

``kind`` says how a phrase behaves: ``country``, ``demonym``, ``capital`` and ``seat``
(metonyms that act only as subjects), ``place`` (a city or province: never an actor by
itself, only the country of a role word, as in "Kharkiv police"), ``org`` (IGOs, NGOs, companies, media), ``armed``
(non-state armed groups), ``person`` (dated with ``start``/``end``) and ``role`` (words such
as "troops" or "prime minister" that give a role code to a country or to a name).

Phrases are matched on a *squashed* key: lower case with every non-alphanumeric character
removed, so "U.S." and "US", "al-Qaeda" and "al Qaeda" meet.
"""

from __future__ import annotations

import csv
import io
import marshal
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any, NamedTuple

from tacitus.errors import Errors
from tacitus.lexicon import squash

KINDS = ("country", "demonym", "capital", "seat", "place", "org", "armed", "person", "role")
COLUMNS = ("phrase", "kind", "code", "country", "role", "group", "name", "start", "end", "office", "source")
# CAMEO role codes (three letters) that may follow a country or IGO code.
ROLE_CODES = frozenset(
    "GOV MIL COP JUD LEG OPP REB INS UAF SPY PTY ELI MED BUS CVL LAB EDU HLH REF AGR CRM "
    "DEV ENV HRI IGO NGO NGM MNC IMG SEP MOD RAD UIS PPL REL".split()
)

class Entry(NamedTuple):
    phrase: str
    kind: str
    code: str
    country: str | None = None
    role: str | None = None
    group: str | None = None
    name: str | None = None
    start: str | None = None  # ISO date; None = open
    end: str | None = None
    office: str | None = None
    source: str | None = None

    def valid_on(self, date: str | None) -> bool:
        if date is None:
            return True
        if self.start and date < self.start:
            return False
        if self.end and date > self.end:
            return False
        return True

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)


class Packed(Mapping[str, list[tuple[Any, ...]]]):
    """Read-only phrase → rows, each phrase's rows kept as ``marshal`` bytes until first asked
    for (then the same list every time): reading the load cache makes 60,000 byte strings
    instead of a million small objects."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed
        self._rows: dict[str, list[tuple[Any, ...]]] = {}

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        rows = self._rows.get(key)
        if rows is None:
            blob = self._packed.get(key)
            if blob is None:
                return default
            rows = self._rows[key] = marshal.loads(blob)
        return rows

    def __getitem__(self, key: str) -> list[tuple[Any, ...]]:
        rows = self.get(key)
        if rows is None:
            raise KeyError(key)
        return rows

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass
class Lexicon:
    """Squashed phrase → entries; later files override earlier ones phrase by phrase."""

    # (read back from the load cache, ``entries`` and ``surnames`` are read-only ``Packed``)
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    # persons by last name, for a bare surname when no earlier mention explains it
    surnames: dict[str, list[Entry]] = field(default_factory=dict)
    max_tokens: int = 1
    # spelling indexes built on first use (see ``coder``); rebuilt when rows are added
    spellers: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # the keys of a speller, computed with the shipped tables and kept in the load cache
    # (finding them scans every entry); dropped when rows are added
    speller_keys: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    # (country, squashed office, entry row) of every dated office holder, in entry order:
    # computed with the shipped tables and kept in the load cache (finding them decodes
    # every row, ~0.3 s); None when unknown (rows were added)
    offices: list[tuple[str, str, tuple[Any, ...]]] | None = field(default=None, repr=False, compare=False)
    # each known phrase's entries made once: the coder asks for the same phrases again and
    # again (``get`` hands out a fresh list of the same immutable entries); emptied by
    # ``add_all``, and bounded by the lexicon
    _made: dict[str, tuple[Entry, ...]] = field(default_factory=dict, repr=False, compare=False)

    def add_all(self, rows: Iterable[Entry]) -> None:
        """Add one file's rows: they replace what earlier files said about the same phrase,
        except that a person's dated spells from several files add up."""
        fresh: dict[str, list[Entry]] = {}
        for e in rows:
            key = squash(e.phrase)
            if key:
                fresh.setdefault(key, []).append(e)
        entries, surnames = self.entries, self.surnames
        self.spellers.clear()
        self.speller_keys.clear()
        self._made.clear()
        self.offices = None
        for key, new in fresh.items():
            old = entries.get(key)
            if old and all(x.kind == "person" for x in new):
                entries[key] = [x for x in map(Entry._make, old) if x.kind == "person"] + new
            else:
                entries[key] = new
            first = new[0]
            n = first.phrase.count(" ") + first.phrase.count("-") + 1
            if n > self.max_tokens:
                self.max_tokens = n
            for e in new:
                if e.kind == "person" and e.name:
                    last = squash(e.name.rsplit(" ", 1)[-1])
                    if last and last != key:
                        surnames.setdefault(last, []).append(e)

    def get(self, key: str) -> list[Entry]:
        # Rows read back from the load cache are plain tuples until first used.
        made = self._made.get(key)
        if made is None:
            rows = self.entries.get(key)
            if not rows:  # most phrases asked for are none (not kept: they are unbounded)
                return []
            made = self._made[key] = tuple(map(Entry._make, rows))
        return list(made)

    def to_plain(self, speller_keys: dict[str, list[str]] | None = None,
                 offices: list[tuple[str, str, tuple[Any, ...]]] | None = None) -> tuple[Any, ...]:
        """The lexicon as builtin types only (for ``marshal``, by the load cache): each
        phrase's rows packed on their own (see ``Packed``), precomputed speller keys and
        office holders."""
        return ({k: marshal.dumps([tuple(e) for e in v]) for k, v in self.entries.items()},
                {k: marshal.dumps([tuple(e) for e in v]) for k, v in self.surnames.items()},
                self.max_tokens, dict(speller_keys or {}), [(c, o, tuple(r)) for c, o, r in offices or ()])

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> Lexicon:
        entries, surnames, max_tokens, speller_keys, offices = plain
        if not (isinstance(entries, dict) and isinstance(surnames, dict) and isinstance(max_tokens, int)
                and isinstance(speller_keys, dict) and isinstance(offices, list)):
            raise TypeError("not a plain lexicon")
        return cls(Packed(entries), Packed(surnames), max_tokens, speller_keys=speller_keys,  # type: ignore[arg-type]
                   offices=offices)

    def surname_entries(self, key: str) -> list[Entry]:
        return [Entry._make(x) for x in self.surnames.get(key, ())]


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def entry_from_row(row: dict[str, object], where: str) -> Entry:
    phrase = _clean(row.get("phrase"))
    code = _clean(row.get("code"))
    if not phrase or not code:
        raise Errors.E401.error(where=where)
    code = code.upper()
    kind = (_clean(row.get("kind")) or "org").lower()
    if kind not in KINDS:
        raise Errors.E402.error(where=where, kind=kind, choices=", ".join(KINDS))
    country = _clean(row.get("country"))
    if country is None and kind != "role" and len(code) >= 3 and code[:3] not in ROLE_CODES and code[:3] != "IGO":
        country = code[:3]
    start, end = _clean(row.get("start")), _clean(row.get("end"))
    for d in (start, end):
        if d is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            raise Errors.E403.error(where=where, value=d)
    return Entry(
        phrase=phrase,
        kind=kind,
        code=code,
        country=country.upper() if country else None,
        role=(_clean(row.get("role")) or "").upper() or None,
        group=(_clean(row.get("group")) or "").upper() or None,
        name=_clean(row.get("name")),
        start=_pad(start, low=True),
        end=_pad(end, low=False),
        office=_clean(row.get("office")),
        source=_clean(row.get("source")),
    )


def entries_from_row(row: dict[str, object], where: str) -> list[Entry]:
    """One row; a ``phrase`` of several aliases separated by ``|`` gives one entry each."""
    phrases = [p.strip() for p in str(row.get("phrase") or "").split("|") if p.strip()]
    if not phrases:
        return [entry_from_row(row, where)]
    first = entry_from_row({**row, "phrase": phrases[0]}, where)
    return [first] + [first._replace(phrase=p) for p in phrases[1:]]


def _pad(d: str | None, low: bool) -> str | None:
    """A partial date widened to a whole day range: 2019 → 2019-01-01 or 2019-12-31."""
    if d is None or len(d) == 10:
        return d
    if len(d) == 4:
        return d + ("-01-01" if low else "-12-31")
    return d + ("-01" if low else "-31")


def read_shipped(text: str) -> Iterator[Entry]:
    """Rows of a shipped TSV table (already checked by the tests): no validation, fast."""
    header: list[str] | None = None
    for line in text.split("\n"):
        if not line or line[0] == "#":
            continue
        f = line.split("\t")
        if header is None:
            header = f
            if tuple(f) != COLUMNS:
                raise Errors.E400.error("shipped_columns", found=f, expected=COLUMNS)
            continue
        phrase, kind, code, country, role, group, name, start, end, office, source = f
        for p in phrase.split("|") if "|" in phrase else (phrase,):
            yield Entry(p, intern(kind), intern(code), country or None, role or None, group or None, name or None,
                        _pad(start or None, True), _pad(end or None, False), office or None,
                        intern(source) if source else None)


def country_entries() -> Iterator[Entry]:
    """The shared lexicon's country names, demonyms and capitals as actor entries (code and
    country are the ISO3 code)."""
    from tacitus.lexicon import countries

    for n in countries().names:
        code = intern(n.iso3)
        yield Entry(n.phrase, intern(n.kind), code, code, None, None, n.name, None, None, None,
                    intern(n.source) if n.source else None)


def read_table(text: str, where: str, delimiter: str | None = None) -> Iterator[Entry]:
    """Rows of a TSV/CSV actor table; ``#`` lines are comments (source/licence headers)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return
    if delimiter is None:
        delimiter = "\t" if "\t" in lines[0] else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    if reader.fieldnames is None or "phrase" not in reader.fieldnames or "code" not in reader.fieldnames:
        raise Errors.E400.error("header", where=where)
    for n, row in enumerate(reader, start=2):
        yield from entries_from_row(row, f"{where}:{n}")


def read_yaml(text: str, where: str) -> Iterator[Entry]:
    """A YAML list of rows; ``aliases`` (a list) adds more phrases for the same actor."""
    import yaml

    try:
        data = yaml.safe_load(text) or []
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: impossible dates ("0000-00-00")
        raise Errors.E400.error("yaml", where=where, reason=exc.__class__.__name__) from exc
    if isinstance(data, dict):
        data = data.get("actors", [])
    if not isinstance(data, list):
        raise Errors.E400.error("not_list", where=where)
    for n, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise Errors.E400.error("item", where=where, n=n)
        phrases = [row.get("phrase")] + list(row.get("aliases") or [])
        for p in phrases:
            if p is None:
                continue
            yield from entries_from_row({**row, "phrase": p}, f"{where}: item {n}")


def read_file(path: str | Path) -> list[Entry]:
    """Read a user actor file: ``.tsv``/``.csv``/``.yaml``/``.yml`` or a PETRARCH dictionary."""
    from tacitus.actors.petrarch import read_petrarch_actors

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise Errors.E404.error(path=p, reason=exc.strerror) from exc
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return list(read_yaml(text, str(p)))
    if suffix in (".tsv", ".csv"):
        return list(read_table(text, str(p), "\t" if suffix == ".tsv" else ","))
    return list(read_petrarch_actors(text, str(p)))
