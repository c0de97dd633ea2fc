"""The gazetteer: GeoNames-derived countries, continents, admin-1 and admin-2 regions and
cities, indexed by normalised name. Loaded lazily, once per process, from the files under
``tacitus/data/geo/`` (rebuilt by ``tacitus.geo.build``); nothing is downloaded.
"""

from __future__ import annotations

import gc
import gzip
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

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
        iso2, iso3, fips, gid, name, lat, lon, pop, capital, demonym, names = r
        e = Entry(
            "country", name, float(lat), float(lon), iso2, "", int(pop or 0), int(gid), norm(name)
        )
        g.countries[iso2], g.iso3[iso2], g.iso2[iso3] = e, iso3, iso2
        g.fips[iso2], g.capitals[iso2] = fips, capital
        for n in (name, *(names.split("|") if names else ())):
            g.add(n, e)
        if demonym:
            g.demonyms[norm(demonym)] = iso2
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
    for r in _rows("demonyms.tsv"):
        iso2 = g.iso2.get(r[1])
        if iso2:
            g.demonyms[norm(r[0])] = iso2
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


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first use)."""
    # the load allocates ~500,000 small objects that all live on; pausing the cyclic garbage
    # collector meanwhile halves the load time
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load()
    finally:
        if enabled:
            gc.enable()
