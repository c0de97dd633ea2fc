from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples_gdelt_plover import sample_article

from tacitus.errors import TacitusError
from tacitus.export import gdelt
from tacitus.export.stored import is_root_event
from tacitus.model import Actor, Article, Event, Place, Quote, Tone

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "gdelt"
STAMP = "20190719120000"


def _shared_columns() -> dict[str, list[tuple[str, str]]]:
    events = list(csv.reader(open(SHARED / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv",
                                  encoding="utf-8")))[1:]
    out = {"events": [(r[0], r[1]) for r in events]}
    for table, name in (("mentions", "eventMentions"), ("gkg", "gdeltKnowledgeGraph")):
        path = SHARED / f"GDELT_2.0_{name}_Column_Labels_Header_Row_Sep2016.{'tsv'}"
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
        out[table] = [(r[1], r[2]) for r in rows if len(r) > 2 and r[2]]
    return out


def test_file_names_follow_gdelt(tmp_path):
    paths = gdelt.write_gdelt([sample_article()], tmp_path, stamp=STAMP)
    assert [p.name for p in paths] == [f"{STAMP}.export.CSV", f"{STAMP}.mentions.CSV", f"{STAMP}.gkg.csv"]


def test_column_counts():
    assert {t: len(c) for t, c in gdelt.columns().items()} == {"events": 61, "mentions": 16, "gkg": 27}


@pytest.mark.skipif(not SHARED.exists(), reason="GDELT column lists not available")
def test_columns_match_gdelt_lists():
    assert gdelt.columns() == _shared_columns()


@pytest.mark.skipif(not SHARED.exists(), reason="GDELT column lists not available")
def test_every_column_has_its_type(tmp_path):
    cols = _shared_columns()
    paths = gdelt.write_gdelt([sample_article()], tmp_path, stamp=STAMP)
    for table, path in zip(gdelt.TABLES, paths, strict=True):
        lines = path.read_text(encoding="utf-8").split("\n")
        assert lines[-1] == ""
        for line in lines[:-1]:
            fields = line.split("\t")
            assert len(fields) == len(cols[table])
            for (name, kind), value in zip(cols[table], fields, strict=True):
                if value == "":
                    continue
                if kind == "INTEGER":
                    assert re.fullmatch(r"-?\d+", value), (table, name, value)
                elif kind == "FLOAT":
                    float(value)


def test_event_row_values(tmp_path):
    art = sample_article()
    paths = gdelt.write_gdelt([art], tmp_path, stamp=STAMP)
    (row,) = gdelt.read_gdelt(paths[0])
    assert row["GLOBALEVENTID"] == gdelt.global_event_id("a1-e0")
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (20190715, 201907, 2019)
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1Type1Code"]) == ("AFGMIL", "AFGHANISTAN", "MIL")
    assert (row["Actor2KnownGroupCode"], row["Actor2Type1Code"]) == ("TAL", "INS")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("190", "190", "19")
    assert (row["QuadClass"], row["GoldsteinScale"], row["NumMentions"], row["IsRootEvent"]) == (4, -10.0, 2, 1)
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"]) == (4, "AF", "AF23")
    assert row["ActionGeo_FeatureID"] == "1138336"
    assert (row["Actor1Geo_Type"], row["Actor1Geo_FeatureID"], row["DATEADDED"]) == (4, "1138336", int(STAMP))
    assert row["SOURCEURL"] == art.url


@pytest.mark.parametrize(
    ("feature", "country", "admin1_code", "expected"),
    [
        ("country", "AFG", None, (1, "Afghanistan", "AF", "AF", "AF")),
        ("admin1", "USA", "US.TX", (2, "Texas, United States", "US", "USTX", "USTX")),
        ("admin1", "DEU", "DE.02", (5, "Texas, Germany", "GM", "GM02", "GM02")),
        ("city", "USA", "US.TX", (3, "Texas, Texas, United States", "US", "USTX", "42")),
    ],
)
def test_geo_types_and_fips(feature, country, admin1_code, expected):
    place = Place("Texas", 0, 5, name="Texas", country=country, admin1="Texas" if feature == "city" else None,
                  geonames_id=42, feature=feature, admin1_code=admin1_code)
    g = gdelt.geo_fields(place)
    assert (g["Type"], g["FullName"], g["CountryCode"], g["ADM1Code"], g["FeatureID"]) == expected


@pytest.mark.parametrize(("root", "quad"), [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3),
                                            ("15", 4), ("20", 4)])
def test_quad_class_follows_root_code(root, quad):
    assert gdelt.quad_class(Event(id="x", code=root + "0", root_code=root)) == quad


def test_mentions_one_per_article(tmp_path):
    a = sample_article()
    b = replace(sample_article(), id="a2", url="https://other.example.org/story")
    paths = gdelt.write_gdelt([a, b], tmp_path, stamp=STAMP)
    assert len(gdelt.read_gdelt(paths[0])) == 1
    mentions = gdelt.read_gdelt(paths[1])
    assert [m["MentionIdentifier"] for m in mentions] == [a.url, b.url]
    assert mentions[0]["SentenceID"] == 1 and mentions[0]["Confidence"] == 82
    assert len(gdelt.read_gdelt(paths[2])) == 2


def test_gkg_fields(tmp_path):
    paths = gdelt.write_gdelt([sample_article()], tmp_path, stamp=STAMP)
    (row,) = gdelt.read_gdelt(paths[2])
    assert row["GKGRECORDID"] == f"{STAMP}-0"
    assert row["DATE"] == 20190716000000
    kandahar = "4#Kandahar, Kandahar, Afghanistan#AF#AF23#31.6133#65.7101#1138336"
    assert row["Counts"] == f"KILL#12#Taliban fighters#{kandahar};"
    assert row["V2Counts"] == f"KILL#12#Taliban fighters#{kandahar}#21;"
    assert (row["Themes"], row["V2Themes"]) == ("KILL;TERROR;", "KILL,14;TERROR,24;")
    assert row["Quotations"] == "81|17|said|We will not stop,"
    assert row["V2Tone"].split(",")[:4] == ["-3.5", "2", "5.5", "7.5"]
    assert row["Dates"] == "4#7#15#2019#56;"
    assert row["Extras"] == "<PAGE_TITLE>Afghan forces strike Taliban</PAGE_TITLE>"


def test_indirect_speech_is_not_a_gdelt_quotation(tmp_path):
    art = sample_article()
    art.quotes.append(Quote("the army would stay", 120, 139, None, "said", "indirect"))
    (row,) = gdelt.read_gdelt(gdelt.write_gdelt([art], tmp_path, stamp=STAMP)[2])
    assert row["Quotations"] == "81|17|said|We will not stop,"


def test_count_far_from_places_is_located_by_its_country(tmp_path):
    art = sample_article()
    art.places = []
    (row,) = gdelt.read_gdelt(gdelt.write_gdelt([art], tmp_path, stamp=STAMP)[2])
    assert row["Counts"] == "KILL#12#Taliban fighters#1#Afghanistan#AF#AF###AF;"


def test_actor_geo_empty_without_place_in_sentence(tmp_path):
    art = sample_article()
    art.places = []
    (row,) = gdelt.read_gdelt(gdelt.write_gdelt([art], tmp_path, stamp=STAMP)[0])
    assert (row["Actor1Geo_Type"], row["Actor2Geo_Type"], row["ActionGeo_Type"]) == (0, 0, 4)


def test_every_count_kind_has_a_gdelt_count_type():
    from tacitus.knowledge import count_kinds

    assert set(count_kinds()) <= set(gdelt._count_types())


def test_stream_writes_events_only():
    import io

    out = io.StringIO()
    assert gdelt.write_gdelt_stream([sample_article()], out, stamp=STAMP) == 1
    assert len(out.getvalue().rstrip("\n").split("\t")) == 61


def test_bad_stamp_is_refused(tmp_path):
    with pytest.raises(TacitusError):
        gdelt.write_gdelt([], tmp_path, stamp="2019-07-19")


@pytest.mark.parametrize("line", ["", "1\t2", "x" + "\t" * 15])
def test_parse_line_rejects_malformed(line):
    with pytest.raises(TacitusError):
        gdelt.parse_line("mentions", line)


# -- round trips ---------------------------------------------------------------------------
_text = st.text(max_size=40)
_code = st.from_regex(r"\A(0[1-9]|1[0-9]|20)[0-9]{0,2}\Z")
_actor = st.builds(Actor, text=_text, start=st.integers(0, 10_000), end=st.integers(0, 10_000),
                   name=st.none() | _text, code=st.none() | st.from_regex(r"\A[A-Z]{3,9}\Z"),
                   country=st.none() | st.from_regex(r"\A[A-Z]{3}\Z"))
_coord = st.floats(-180, 180, allow_nan=False)
_place = st.none() | st.builds(Place, text=_text, start=st.just(0), end=st.just(1), name=_text,
                               country=st.sampled_from(["AFG", "USA", "PAK", "FRA", None]),
                               lat=_coord, lon=_coord, geonames_id=st.none() | st.integers(1, 10**8),
                               feature=st.sampled_from(["country", "admin1", "city", None]))


@st.composite
def _event(draw, i: int = 0):
    code = draw(_code)
    return Event(
        id=draw(st.text(min_size=1, max_size=20)) + f"-{i}", code=code, root_code=code[:2],
        goldstein=draw(st.none() | st.floats(-10, 10, allow_nan=False)),
        source=draw(st.lists(_actor, max_size=2)), target=draw(st.lists(_actor, max_size=2)),
        date=draw(st.none() | st.dates().map(lambda d: d.isoformat())), place=draw(_place),
        sentence=draw(st.integers(0, 500)), confidence=draw(st.floats(0, 1)),
        mentions=draw(st.integers(1, 50)), is_root=draw(st.booleans()),
    )


@st.composite
def _article(draw):
    events = [draw(_event(i)) for i in range(draw(st.integers(0, 4)))]
    return Article(id=draw(st.text(min_size=1, max_size=10)), text=draw(st.text(max_size=200)),
                   url=draw(st.none() | st.just("https://example.org/a")), title=draw(st.none() | _text),
                   published=draw(st.none() | st.dates().map(lambda d: d.isoformat())), events=events,
                   themes=draw(st.lists(st.sampled_from(["KILL", "PROTEST", "CEASEFIRE"]), unique=True)),
                   tone=Tone(draw(st.floats(-100, 100)), 1.0, 2.0, 3.0, 10))


def _flat(s: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(arts=st.lists(_article(), max_size=3))
def test_round_trip(tmp_path, arts):
    paths = gdelt.write_gdelt(arts, tmp_path, stamp=STAMP)
    events_rows = gdelt.read_gdelt(paths[0])
    mentions = gdelt.read_gdelt(paths[1])
    gkg = gdelt.read_gdelt(paths[2])
    unique = list({ev.id: ev for art in arts for ev in art.events}.values())
    assert len(events_rows) == len({ev.id for ev in unique})
    assert len(mentions) == sum(len(a.events) for a in arts)
    assert len(gkg) == len(arts)
    first = {}
    for art in arts:
        for ev in art.events:
            first.setdefault(ev.id, (ev, art))
    for row, (ev, art) in zip(events_rows, first.values(), strict=True):
        assert row["GLOBALEVENTID"] == gdelt.global_event_id(ev.id)
        assert row["EventCode"] == ev.code
        assert row["QuadClass"] == gdelt.quad_class(ev)
        assert row["NumMentions"] == ev.mentions
        # computed, not copied: told in the lead paragraph of the event's first article
        assert row["IsRootEvent"] == int(is_root_event(ev, art))
        if ev.source:
            assert row["Actor1Code"] == (ev.source[0].code or "")
            assert row["Actor1Name"] == _flat((ev.source[0].name or ev.source[0].text).upper())
        if ev.goldstein is not None:
            assert row["GoldsteinScale"] == pytest.approx(ev.goldstein, abs=1e-4)
        if ev.place is not None and ev.place.country:
            assert row["ActionGeo_Lat"] == pytest.approx(ev.place.lat, abs=1e-4)
        if ev.date:
            assert row["SQLDATE"] == int(ev.date.replace("-", ""))
    for row, art in zip(gkg, arts, strict=True):
        assert row["Themes"] == "".join(t + ";" for t in art.themes)
        assert row["V2Tone"].split(",")[0] == gdelt._num(art.tone.score)


@settings(max_examples=100, deadline=None)
@given(table=st.sampled_from(gdelt.TABLES),
       fields=st.lists(st.text(alphabet=st.sampled_from(list("0123456789-.ab#;")), max_size=6), max_size=62))
def test_parse_line_parses_or_refuses(table, fields):
    try:
        row = gdelt.parse_line(table, "\t".join(fields))
    except TacitusError:
        return
    assert list(row) == [name for name, _ in gdelt.columns()[table]]
