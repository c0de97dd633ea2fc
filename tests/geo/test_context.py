"""Article-level resolution rules: repeated names, listed counties, compass words, capitals,
regions of unmentioned countries, the region holding most names, and hull centre points."""

from __future__ import annotations

import pytest

from tacitus.geo import Mention, _context, _stray_alternate, find_places
from tacitus.geo.build import _hull, _hull_point
from tacitus.geo.gazetteer import Entry, gazetteer
from tacitus.model import Article, Place


def _places(nlp, text: str) -> list[Place]:
    return find_places(nlp(text), Article(id="t", text=text))


def _where(nlp, text: str, mention: str) -> tuple:
    (p,) = {(p.name, p.country, p.admin1) for p in _places(nlp, text) if p.text == mention}
    return p


def _resolved(key: str, entry: Entry) -> Mention:
    m = Mention(key, 0, len(key), key)
    m.entry, m.margin = entry, 5.0
    return m


def test_repeated_name_is_no_evidence_for_itself():
    # "Paris" three times beside one "Henry County": one vote each, and none for itself
    gaz = gazetteer()
    paris = next(e for e in gaz.lookup("Paris") if e.cc == "FR" and e.kind == "city")
    county = next(e for e in gaz.lookup("Henry County") if e.admin1 == "TN")
    mentions = [_resolved("Paris", paris) for _ in range(3)] + [_resolved("Henry County", county)]
    ctx = _context(mentions, [])
    assert dict(ctx.countries) == {"FR": 1.0, "US": 1.0}
    countries, _ = ctx.without(mentions[0])
    assert dict(countries) == {"US": 1.0}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Fire crews battled grass fires in Eastland and Callahan counties on Monday.",
            {("Eastland", "Eastland County"), ("Callahan", "Callahan County")},
        ),
        (
            "Schools in Jackson, Barrow and Hall counties will close early on Friday.",
            {("Jackson", "Jackson County"), ("Barrow", "Barrow County"), ("Hall", "Hall County")},
        ),
    ],
)
def test_names_listed_before_counties_are_counties(nlp, text, names):
    got = {(p.text, p.name) for p in _places(nlp, text) if p.feature == "admin2"}
    assert got == names


def test_listed_counties_lie_in_one_state(nlp):
    text = "Schools in Jackson, Barrow and Hall counties will close early on Friday."
    assert {p.admin1 for p in _places(nlp, text) if p.feature == "admin2"} == {"Georgia"}


@pytest.mark.parametrize(
    "text",
    [
        "Officers from South Charleston responded to the call on Tuesday night.",
        "The storm moved East overnight and reached the coast by morning.",
    ],
)
def test_bare_compass_word_is_no_place(nlp, text):
    assert not [p for p in _places(nlp, text) if p.text in ("South", "East")]


def test_capital_over_same_named_region(nlp):
    text = "WASHINGTON — Lawmakers voted on Thursday to tax the bonuses paid by the insurer."
    assert _where(nlp, text, "WASHINGTON") == ("Washington", "USA", "District of Columbia")


def test_region_of_unmentioned_country_loses(nlp):
    text = (
        "Israeli aircraft struck targets in Gaza overnight, Israel's army said, after "
        "rockets were fired at towns in southern Israel."
    )
    assert _where(nlp, text, "Gaza")[1] == "PSE"


def test_towns_of_one_region_place_each_other(nlp):
    # the larger Decatur lies in Illinois; the town named beside it only in Georgia
    text = "Officials in Decatur and Avondale Estates agreed on Monday to redraw their border."
    assert _where(nlp, text, "Decatur") == ("Decatur", "USA", "Georgia")


def test_longest_known_name_inside_an_organisation(nlp):
    text = "Officials in Decatur and Avondale Estates agreed on Monday to redraw their border."
    assert "Avondale Estates" in {p.text for p in _places(nlp, text)}


def test_hull_of_a_square_with_an_inner_point():
    pts = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (1.0, 1.0)]
    assert sorted(_hull(pts)) == [(0.0, 0.0), (0.0, 2.0), (2.0, 0.0), (2.0, 2.0)]


def test_hull_point_ignores_a_dense_corner():
    # many towns in one corner pull the mean there, not the centre of the area
    corner = [(0.1 * i, 0.1 * j, 1000) for i in range(5) for j in range(5)]
    pts = [*corner, (10.0, 0.0, 1000), (10.0, 10.0, 1000), (0.0, 10.0, 1000)]
    lat, lon = _hull_point(pts)
    assert lat == pytest.approx(5.0, abs=0.01) and lon == pytest.approx(5.0, abs=0.01)


def test_hull_point_across_the_antimeridian():
    pts = [(-16.0, 179.0, 1000), (-18.0, -179.0, 1000), (-17.0, 179.5, 1000)]
    lat, lon = _hull_point(pts)
    assert abs(lon) > 179.0 and -18.0 < lat < -16.0


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        ("The UN said on Monday that aid convoys had reached the border.", {"UN"}),
        ("Shoppers were told the Wal-Mart store would close early on Friday.", {"Wal"}),
        ("The University of Cincinnati named an interim president on Tuesday.", {"University"}),
    ],
)
def test_organisation_names_that_are_no_place(nlp, text, not_places):
    assert not {p.text for p in _places(nlp, text)} & not_places


def test_place_after_of_in_an_organisation(nlp):
    text = "The University of Cincinnati named an interim president on Tuesday."
    assert _where(nlp, text, "Cincinnati") == ("Cincinnati", "USA", "Ohio")


@pytest.mark.parametrize(
    ("lookup", "city", "stray"),
    [
        ("Kristina", "Ristiina", True),  # a Swedish name of a Finnish town, and a first name
        ("Ristiina", "Ristiina", False),
    ],
)
def test_small_town_named_only_by_an_alternate_name(lookup, city, stray):
    e = next(e for e in gazetteer().lookup(lookup) if e.name == city)
    m = Mention(lookup, 0, len(lookup), lookup)
    m.entry, m.margin = e, 10.0
    assert _stray_alternate(m) is stray
