"""The GeoNames-derived gazetteer: names, aliases, demonyms, and a fast load."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tacitus.geo.build import _inside
from tacitus.geo.gazetteer import gazetteer, norm


@pytest.mark.parametrize(
    ("name", "kind", "cc"),
    [
        ("U.S.", "country", "US"),
        ("Britain", "country", "GB"),
        ("Qatar", "country", "QA"),
        ("Calif.", "admin1", "US"),
        ("Kandahar", "city", "AF"),
        ("Laurel County", "admin2", "US"),
        ("Europe", "continent", ""),
        ("Darfur", "region", "SD"),
        ("D.C.", "city", "US"),
    ],
)
def test_lookup(name, kind, cc):
    assert any(e.kind == kind and e.cc == cc for e in gazetteer().lookup(name))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("St. Louis", "saint louis"),
        ("Côte d'Ivoire", "cote d'ivoire"),
        ("Winston-Salem", "winston salem"),
    ],
)
def test_norm(text, key):
    assert norm(text) == key


@pytest.mark.parametrize(
    ("demonym", "cc"), [("Afghan", "AF"), ("Pakistani", "PK"), ("American", "US"), ("Iraqis", "IQ")]
)
def test_demonyms(demonym, cc):
    assert gazetteer().demonyms[norm(demonym)] == cc


def test_washington_is_the_us_capital():
    (dc,) = [
        e for e in gazetteer().lookup("Washington") if e.geonames_id in gazetteer().capital_ids
    ]
    assert (dc.cc, dc.admin1) == ("US", "DC")


@given(st.text(max_size=80))
def test_norm_and_lookup_accept_any_text(text):
    key = norm(text)
    assert key == key.strip() and key.isascii()
    assert isinstance(gazetteer().lookup(text), list)


def test_factbook_point_outside_its_country_is_replaced():
    # countryinfo's Kuwait point lies in Saudi Arabia; the polygon centroid replaces it
    kw = gazetteer().countries["KW"]
    assert 29.0 < kw.lat < 30.1 and 46.6 < kw.lon < 48.4


@pytest.mark.parametrize(
    ("lat", "lon", "inside"), [(0.5, 0.5, True), (1.5, 0.5, False), (0.5, -0.1, False)]
)
def test_point_in_ring(lat, lon, inside):
    ring = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    assert _inside(lat, lon, ring) is inside
