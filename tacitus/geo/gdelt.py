"""GDELT 2.0 geography fields of a Place (ActionGeo_* / Actor1Geo_* / Actor2Geo_*).

GDELT's geo types: 1 country, 2 US state, 3 US city or landmark, 4 world city or landmark,
5 world admin-1 region (0: no geography). Country codes are FIPS 10-4 (from
``data/geo/countries.tsv``); ADM1 codes are the FIPS country code followed by the region
code: the postal code for US states ("USDC", as GDELT writes them), else the GeoNames
admin-1 code, which for most countries is the FIPS 10-4 code GDELT uses ("AF23").
FeatureID is the country / ADM1 code for countries and regions, else the GeoNames id
(GDELT itself uses GNIS/GNS ids, which are not in our gazetteer).
"""

from __future__ import annotations

from typing import Any

from tacitus.geo.gazetteer import gazetteer
from tacitus.model import Place

EMPTY: dict[str, Any] = {
    "Type": 0,
    "FullName": "",
    "CountryCode": "",
    "ADM1Code": "",
    "ADM2Code": "",
    "Lat": None,
    "Long": None,
    "FeatureID": "",
}


def gdelt_geo(place: Place | None) -> dict[str, Any]:
    """The GDELT geo fields (without the ``ActionGeo_`` prefix) of a place; type 0 when
    there is no place or it has no country (continents)."""
    if place is None or not place.country:
        return dict(EMPTY)
    gaz = gazetteer()
    iso2 = gaz.iso2.get(place.country, "")
    fips = gaz.fips.get(iso2, "")
    us = iso2 == "US"
    code = (place.admin1_code or "").partition(".")[2]
    adm1 = f"{fips}{code}" if fips and code else ""
    country_name = gaz.countries[iso2].name if iso2 in gaz.countries else place.country
    feature = place.feature or ""
    if feature == "country":
        gtype, full, fid, adm1 = 1, country_name, fips, fips
    elif feature == "admin1":
        gtype = 2 if us else 5
        full, fid = f"{place.name}, {country_name}", adm1
    else:
        gtype = 3 if us else 4
        parts = [place.name, place.admin1, country_name]
        full = ", ".join(p for p in parts if p)
        fid = str(place.geonames_id) if place.geonames_id else ""
    return {
        "Type": gtype,
        "FullName": full,
        "CountryCode": fips,
        "ADM1Code": adm1,
        "ADM2Code": "",
        "Lat": place.lat,
        "Long": place.lon,
        "FeatureID": fid,
    }
