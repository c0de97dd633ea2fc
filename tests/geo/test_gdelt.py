"""GDELT geo fields of a Place."""

from __future__ import annotations

import pytest

from tacitus.geo import gdelt_geo
from tacitus.model import Place


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (
            Place(
                "Qatar",
                0,
                5,
                name="Qatar",
                country="QAT",
                lat=25.5,
                lon=51.25,
                geonames_id=289688,
                feature="country",
            ),
            {
                "Type": 1,
                "FullName": "Qatar",
                "CountryCode": "QA",
                "ADM1Code": "QA",
                "FeatureID": "QA",
            },
        ),
        (
            Place(
                "Washington",
                0,
                10,
                name="Washington",
                country="USA",
                admin1="District of Columbia",
                lat=38.9,
                lon=-77.0,
                geonames_id=4140963,
                feature="city",
                admin1_code="US.DC",
            ),
            {
                "Type": 3,
                "FullName": "Washington, District of Columbia, United States",
                "CountryCode": "US",
                "ADM1Code": "USDC",
                "FeatureID": "4140963",
            },
        ),
        (
            Place(
                "Texas",
                0,
                5,
                name="Texas",
                country="USA",
                admin1="Texas",
                lat=31.0,
                lon=-100.0,
                feature="admin1",
                admin1_code="US.TX",
            ),
            {
                "Type": 2,
                "FullName": "Texas, United States",
                "CountryCode": "US",
                "ADM1Code": "USTX",
                "FeatureID": "USTX",
            },
        ),
        (
            Place(
                "Kandahar",
                0,
                8,
                name="Kandahār",
                country="AFG",
                admin1="Kandahar",
                lat=31.6,
                lon=65.7,
                geonames_id=1138336,
                feature="city",
                admin1_code="AF.23",
            ),
            {
                "Type": 4,
                "FullName": "Kandahār, Kandahar, Afghanistan",
                "CountryCode": "AF",
                "ADM1Code": "AF23",
                "FeatureID": "1138336",
            },
        ),
        (
            Place(
                "Bavaria",
                0,
                7,
                name="Bavaria",
                country="DEU",
                admin1="Bavaria",
                lat=49.0,
                lon=11.4,
                feature="admin1",
                admin1_code="DE.02",
            ),
            {
                "Type": 5,
                "FullName": "Bavaria, Germany",
                "CountryCode": "GM",
                "ADM1Code": "GM02",
                "FeatureID": "GM02",
            },
        ),
    ],
)
def test_gdelt_geo(place, expected):
    got = gdelt_geo(place)
    assert {k: got[k] for k in expected} == expected
    assert (got["Lat"], got["Long"]) == (place.lat, place.lon)


@pytest.mark.parametrize(
    "place",
    [
        None,
        Place("Europe", 0, 6, name="Europe", lat=48.7, lon=9.1, feature="continent"),
        Place("Main Street", 0, 11),
    ],
)
def test_no_country_gives_type_zero(place):
    assert gdelt_geo(place)["Type"] == 0
