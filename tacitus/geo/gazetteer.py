"""The gazetteer: GeoNames-derived countries, continents, admin-1 and admin-2 regions and
cities, indexed by normalised name. Loaded lazily, once per process, from the files under
``tacitus/data/geo/`` (rebuilt by ``tacitus.geo.build``); nothing is downloaded.

Parsing the files takes about two seconds, so the parsed gazetteer is kept in the knowledge
cache (``tacitus.cache``) in a compact form: one table of places in columns, and the sorted
names with the places each names. Reading it back takes a few hundredths of a second; a
place becomes an ``Entry`` the first time a lookup returns it.
"""

from __future__ import annotations

import array
import gc
import gzip
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tacitus import cache

DATA = Path(__file__).resolve().parent.parent / "data" / "geo"

# Cities below this population are left out of the index. Measured with `tacitus eval geo`
# (accuracy@161 km / recall, LGL; GeoVirus): 1,000 → .784/.782, .821/.905; 5,000 →
# .767/.767, .816/.900; 15,000 → .757/.749, .817/.892. Small towns are what local news names.
MIN_CITY_POPULATION = 1000


class Entry(NamedTuple):
    kind: str  # country | continent | region | admin1 | admin2 | city
    name: str
    lat: float
    lon: float
    cc: str  # ISO 3166-1 alpha-2, "" for continents
    admin1: str  # GeoNames admin-1 code within cc, "" when not applicable
    population: int
    geonames_id: int | None
    key: str  # the normalised primary name


_ABBREVIATIONS = (
    (re.compile(r"\bst\b"), "saint"),
    (re.compile(r"\bft\b"), "fort"),
    (re.compile(r"\bmt\b"), "mount"),
)
_SPACES = re.compile(r"\s+")


# articles look the same few hundred names up again and again; the cache spares the regexes
@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The lookup key of a name: ASCII, lower case, no dots, hyphens as spaces."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    t = t.replace(".", "").replace("-", " ").replace("’", "'")
    if "st" in t or "ft" in t or "mt" in t:
        for pattern, full in _ABBREVIATIONS:
            t = pattern.sub(full, t)
    return _SPACES.sub(" ", t).strip()


def _rows(name: str) -> Iterator[list[str]]:
    path = DATA / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        header_seen = False
        for line in fh:
            if line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            yield line.rstrip("\n").split("\t")


@dataclass
class Gazetteer:
    index: dict[str, list[Entry]] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)  # by ISO2
    iso3: dict[str, str] = field(default_factory=dict)  # ISO2 → ISO3
    iso2: dict[str, str] = field(default_factory=dict)  # ISO3 → ISO2
    fips: dict[str, str] = field(default_factory=dict)  # ISO2 → FIPS 10-4
    capitals: dict[str, str] = field(default_factory=dict)  # ISO2 → capital name
    admin1: dict[tuple[str, str], Entry] = field(default_factory=dict)
    us_state_fips: dict[str, str] = field(default_factory=dict)  # "CA" → "06"
    cities: dict[int, Entry] = field(default_factory=dict)
    continents: dict[str, Entry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # norm(demonym) → ISO2
    capital_ids: set[int] = field(default_factory=set)  # GeoNames ids of national capitals
    suffixes: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    directions: set[str] = field(default_factory=set)  # "northern" in "northern Iraq"
    street_words: set[str] = field(default_factory=set)  # "Street" in "Washington Street"
    # "counties" → ("County", "admin2"): the word closing a list of names of one kind
    plurals: dict[str, tuple[str, str]] = field(default_factory=dict)
    # per-process memos of functions over names (the same names recur across articles)
    memo: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, entry: Entry) -> None:
        key = norm(name)
        if not key:
            return
        bucket = self.index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def lookup(self, text: str) -> list[Entry]:
        return self.index.get(norm(text), [])

    def country_of(self, cc: str) -> str | None:
        return self.iso3.get(cc)


def _load() -> Gazetteer:
    g = Gazetteer()
    for r in _rows("countries.tsv"):
        iso2, iso3, fips, gid, name, lat, lon, pop, capital, names = r
        e = Entry(
            "country", name, float(lat), float(lon), iso2, "", int(pop or 0), int(gid), norm(name)
        )
        g.countries[iso2], g.iso3[iso2], g.iso2[iso3] = e, iso3, iso2
        g.fips[iso2], g.capitals[iso2] = fips, capital
        for n in (name, *(names.split("|") if names else ())):
            g.add(n, e)
    for r in _rows("points.tsv"):
        iso2 = g.iso2.get(r[0])
        if iso2 in g.countries:
            old = g.countries[iso2]
            new = old._replace(lat=float(r[1]), lon=float(r[2]))
            g.countries[iso2] = new
            for bucket in g.index.values():
                for i, e in enumerate(bucket):
                    if e is old:
                        bucket[i] = new
    for r in _rows("continents.tsv"):
        code, gid, name, lat, lon, pop = r
        e = Entry(
            "continent", name, float(lat), float(lon), "", "", int(pop or 0), int(gid), norm(name)
        )
        g.continents[code] = e
        g.add(name, e)
    for r in _rows("admin1.tsv"):
        cc, code, name, lat, lon, pop, us_fips, gid = r
        e = Entry(
            "admin1",
            name,
            float(lat),
            float(lon),
            cc,
            code,
            int(pop or 0),
            int(gid) if gid else None,
            norm(name),
        )
        g.admin1[(cc, code)] = e
        g.add(name, e)
        if us_fips:
            g.us_state_fips[code] = us_fips
    for r in _rows("admin2.tsv"):
        cc, code, name, lat, lon, pop = r
        e = Entry("admin2", name, float(lat), float(lon), cc, code, int(pop or 0), None, norm(name))
        g.add(name, e)
    _load_cities(g)
    for r in _rows("regions.tsv"):
        name, iso3, lat, lon, pop = (x.strip() for x in r[:5])
        cc = g.iso2.get(iso3, "")
        g.add(
            name,
            Entry("region", name, float(lat), float(lon), cc, "", int(pop or 0), None, norm(name)),
        )
    for r in _rows("aliases.tsv"):
        alias, kind, target = r[:3]
        entry: Entry | None = None
        if kind == "country":
            entry = g.countries.get(g.iso2.get(target, ""))
        elif kind == "admin1":
            cc, _, code = target.partition(".")
            entry = g.admin1.get((cc, code))
        elif kind == "city":
            entry = g.cities.get(int(target))
        elif kind == "continent":
            entry = g.continents.get(target)
        if entry is None:
            continue
        g.add(alias, entry)
    _add_demonyms(g)
    for iso2, capital in g.capitals.items():
        same = [e for e in g.lookup(capital) if e.kind == "city" and e.cc == iso2 and e.geonames_id]
        if same:
            g.capital_ids.add(max(same, key=lambda e: e.population).geonames_id or 0)
    for r in _rows("feature_words.tsv"):
        word, position, kind = r[:3]
        if position == "direction":
            g.directions.add(word.lower())
        elif position == "street":
            g.street_words.add(word.lower())
        elif position == "plural":
            g.plurals[word.lower()] = (r[3] if len(r) > 3 else "", kind)
        else:
            (g.suffixes if position == "suffix" else g.prefixes)[word.lower()] = kind
    return g


def _add_demonyms(g: Gazetteer) -> None:
    """The demonyms that name their country as a place (``place_demonyms.tsv``, a tuned
    choice), each mapped to a country by the shared lexicon (``tacitus.lexicon``); a word
    the lexicon does not know as a demonym is an error naming its line."""
    from tacitus.lexicon import countries, read_table

    table = countries()
    demonym = frozenset({"demonym"})

    def _known(row: Any) -> str | None:
        iso3 = table.iso3(row["word"], demonym)
        if iso3 is None or iso3 not in g.iso2:
            return f"{row['word']!r} is no demonym of a country in the shared lexicon (tacitus/data/lexicon/)"
        return None

    for row in read_table(DATA / "place_demonyms.tsv", ("word",), key=lambda r: norm(r["word"]), check=_known):
        g.demonyms[norm(row["word"])] = g.iso2[table.iso3(row["word"], demonym) or ""]


def _load_cities(g: Gazetteer) -> None:
    # the hot loop of the load (150,000 rows): no per-row helper calls, and no duplicate
    # check, since the builder writes each city's keys once
    index, cities = g.index, g.cities
    with gzip.open(DATA / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#" or line.startswith("geonameid"):
                continue
            gid, name, lat, lon, cc, a1, pop, keys = line.rstrip("\n").split("\t")
            population = int(pop)
            if population < MIN_CITY_POPULATION:
                break  # the file is sorted by population, largest first
            e = Entry(
                "city",
                name,
                float(lat),
                float(lon),
                cc,
                a1,
                population,
                int(gid),
                keys.partition("|")[0],
            )
            cities[e.geonames_id] = e  # type: ignore[index]
            for k in keys.split("|"):
                bucket = index.get(k)
                if bucket is None:
                    index[k] = [e]
                else:
                    bucket.append(e)


# Bump when the compact form (``_compact``) or what ``_load`` puts in it changes.
CACHE_FORMAT = 1
_SEP = "\x00"


def _compact(g: Gazetteer) -> dict[str, Any]:
    """The gazetteer as builtin types only (what ``marshal`` stores): every distinct entry
    once, in columns, and each name as a run of row numbers into that table."""
    rows: dict[int, int] = {}  # id(entry) → row; every entry is alive in ``g`` meanwhile
    table: list[Entry] = []

    def row(e: Entry) -> int:
        i = rows.get(id(e))
        if i is None:
            i = rows[id(e)] = len(table)
            table.append(e)
        return i

    keys = sorted(g.index)
    starts, ids = array.array("I", [0]), array.array("I")
    for k in keys:
        ids.extend(row(e) for e in g.index[k])
        starts.append(len(ids))
    countries = {cc: row(e) for cc, e in g.countries.items()}
    admin1 = {k: row(e) for k, e in g.admin1.items()}
    continents = {k: row(e) for k, e in g.continents.items()}
    city_ids = array.array("q", g.cities.keys())
    city_rows = array.array("I", (row(e) for e in g.cities.values()))
    for text in (*keys, *(e.name for e in table), *(e.key for e in table)):
        if _SEP in text:
            raise ValueError(f"gazetteer name with a NUL character: {text!r}")
    for e in table:
        if e.geonames_id is not None and e.geonames_id < 0:
            raise ValueError(f"gazetteer entry with a negative GeoNames id: {e}")
    kinds = sorted({e.kind for e in table})
    ccs = sorted({e.cc for e in table})
    admins = sorted({e.admin1 for e in table})

    def strings(values: list[str]) -> tuple[str, bytes]:
        offsets = array.array("I", [0])
        for v in values:
            offsets.append(offsets[-1] + len(v))
        return "".join(values), offsets.tobytes()

    kind_of, cc_of, admin_of = ({v: i for i, v in enumerate(vs)} for vs in (kinds, ccs, admins))
    return {
        "places": {
            "kinds": kinds, "kind": bytes(kind_of[e.kind] for e in table),
            "name": strings([e.name for e in table]),
            "lat": array.array("d", (e.lat for e in table)).tobytes(),
            "lon": array.array("d", (e.lon for e in table)).tobytes(),
            "ccs": ccs, "cc": array.array("H", (cc_of[e.cc] for e in table)).tobytes(),
            "admins": admins, "admin1": array.array("I", (admin_of[e.admin1] for e in table)).tobytes(),
            "population": array.array("q", (e.population for e in table)).tobytes(),
            "geonames_id": array.array("q", (-1 if e.geonames_id is None else e.geonames_id for e in table)).tobytes(),
            "key": strings([e.key for e in table]),
        },
        "keys": _SEP.join(keys), "starts": starts.tobytes(), "ids": ids.tobytes(),
        "countries": countries, "admin1": admin1, "continents": continents,
        "cities": (city_ids.tobytes(), city_rows.tobytes()),
        "iso3": g.iso3, "iso2": g.iso2, "fips": g.fips, "capitals": g.capitals,
        "us_state_fips": g.us_state_fips, "demonyms": g.demonyms, "capital_ids": g.capital_ids,
        "suffixes": g.suffixes, "prefixes": g.prefixes, "directions": g.directions,
        "street_words": g.street_words, "plurals": g.plurals,
    }


def _array(code: str, data: bytes) -> array.array[Any]:
    a = array.array(code)
    a.frombytes(data)
    return a


class _Places:
    """The table of places in columns; row ``i`` becomes an ``Entry`` when first asked for
    (and stays the same object after)."""

    def __init__(self, cols: dict[str, Any]) -> None:
        self._kinds: list[str] = cols["kinds"]
        self._kind: bytes = cols["kind"]
        self._name, self._name_at = cols["name"][0], _array("I", cols["name"][1])
        self._key, self._key_at = cols["key"][0], _array("I", cols["key"][1])
        self._lat, self._lon = _array("d", cols["lat"]), _array("d", cols["lon"])
        self._ccs: list[str] = cols["ccs"]
        self._cc = _array("H", cols["cc"])
        self._admins: list[str] = cols["admins"]
        self._admin1 = _array("I", cols["admin1"])
        self._population = _array("q", cols["population"])
        self._gid = _array("q", cols["geonames_id"])
        n = len(self._kind)
        if not (len(self._name_at) == len(self._key_at) == n + 1
                and len(self._lat) == len(self._lon) == len(self._cc) == len(self._admin1)
                == len(self._population) == len(self._gid) == n):
            raise ValueError("gazetteer columns of different lengths")
        self._entries: list[Entry | None] = [None] * n

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, i: int) -> Entry:
        e = self._entries[i]
        if e is None:
            gid = self._gid[i]
            e = self._entries[i] = Entry(
                self._kinds[self._kind[i]],
                self._name[self._name_at[i] : self._name_at[i + 1]],
                self._lat[i],
                self._lon[i],
                self._ccs[self._cc[i]],
                self._admins[self._admin1[i]],
                self._population[i],
                None if gid < 0 else gid,
                self._key[self._key_at[i] : self._key_at[i + 1]],
            )
        return e


class _Index(Mapping[str, list[Entry]]):
    """Normalised name → the places it names, over the sorted names (looked up by bisection,
    no dictionary of 340,000 names to build at load). A name's list is built once and the
    same list returned after, as a dictionary of lists would."""

    def __init__(self, places: _Places, keys: str, starts: bytes, ids: bytes) -> None:
        self._places = places
        self._keys = keys.split(_SEP) if keys else []
        self._starts, self._ids = _array("I", starts), _array("I", ids)
        if len(self._starts) != len(self._keys) + 1 or self._starts[-1] != len(self._ids):
            raise ValueError("gazetteer index out of step with its table")
        self._lists: dict[str, list[Entry]] = {}

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        hit = self._lists.get(key)
        if hit is not None:
            return hit
        keys = self._keys
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return default
        entry = self._places.entry
        hit = self._lists[key] = [entry(j) for j in self._ids[self._starts[i] : self._starts[i + 1]]]
        return hit

    def __getitem__(self, key: str) -> list[Entry]:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        i = bisect_left(self._keys, key)
        return i < len(self._keys) and self._keys[i] == key

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class _Rows(Mapping[Any, Entry]):
    """A mapping whose values are rows of the table of places, made entries when read."""

    def __init__(self, places: _Places, rows: dict[Any, int]) -> None:
        self._places, self._rows = places, rows

    def __getitem__(self, key: Any) -> Entry:
        return self._places.entry(self._rows[key])

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class _Cities(_Rows):
    """GeoNames id → city; the id → row dictionary is built on first use."""

    def __init__(self, places: _Places, ids: bytes, rows: bytes) -> None:
        super().__init__(places, {})
        self._packed: tuple[bytes, bytes] | None = (ids, rows)

    def _load(self) -> None:
        if self._packed is not None:
            ids, rows = self._packed
            self._rows, self._packed = dict(zip(_array("q", ids), _array("I", rows), strict=True)), None

    def __getitem__(self, key: Any) -> Entry:
        self._load()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()


def _from_compact(data: dict[str, Any]) -> Gazetteer:
    places = _Places(data["places"])
    g = Gazetteer()
    g.index = _Index(places, data["keys"], data["starts"], data["ids"])
    g.countries = _Rows(places, data["countries"])
    g.admin1 = _Rows(places, data["admin1"])
    g.continents = _Rows(places, data["continents"])
    g.cities = _Cities(places, *data["cities"])
    for name in ("iso3", "iso2", "fips", "capitals", "us_state_fips", "demonyms", "capital_ids",
                 "suffixes", "prefixes", "directions", "street_words", "plurals"):
        setattr(g, name, data[name])
    return g


def _build() -> dict[str, Any]:
    # the parse allocates ~500,000 small objects that all live until compacted; pausing the
    # cyclic garbage collector meanwhile halves the time
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _compact(_load())
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: read from the knowledge cache (``tacitus.cache``), which
    is built from the data files on first use and again whenever they change."""
    return cache.load("gazetteer", CACHE_FORMAT, _build, _from_compact)
