"""The settings object: defaults, TOML overrides with one-line errors, the fingerprint, the
effect of one weight on the record, and the docs listing every key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tacitus.errors import TacitusError
from tacitus.fingerprint import coder_fingerprint
from tacitus.settings import DEFAULTS, Settings, keys, settings, use_settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "SETTINGS.md"
# invented for these tests
STORY = "Norway condemned the raid on Tuesday."


def write(tmp_path: Path, text: str, name: str = "weights.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_calibrated_values() -> None:
    s = Settings()
    assert s == DEFAULTS == settings()
    assert (s.actors.org, s.actors.unknown_person_context, s.actors.pronoun_window_sentences) == (0.9, 0.35, 2)
    assert (s.events.base_noun, s.events.subordinate, s.events.maximum) == (0.82, -0.40, 0.98)
    assert (s.geo.feature_bonus.of("admin2"), s.geo.context_country_bonus, s.geo.name_votes_once) == (-2.0, 4.0, True)
    assert [s.dedupe.date_window_days.of(p) for p in ("day", "published", "month", "year", "inferred", None)] \
        == [0, 3, 31, 366, 31, 2]
    assert s.changed() == {} and s.fingerprint() is None


def test_toml_overrides_only_what_it_names(tmp_path: Path) -> None:
    path = write(tmp_path, "[actors]\norg = 0.7\n\n[geo.feature_bonus]\nadmin2 = -1\n\n"
                           "[dedupe.date_window_days]\npublished = 4\n")
    s = Settings.from_toml(path)
    assert s.changed() == {"actors.org": 0.7, "geo.feature_bonus.admin2": -1.0, "dedupe.date_window_days.published": 4}
    # a whole number where a weight belongs is the same weight
    assert isinstance(s.geo.feature_bonus.admin2, float)
    assert s.actors.country == DEFAULTS.actors.country


@pytest.mark.parametrize(("text", "message"), [
    ("[actors]\norgs = 0.7\n", "[E072] {path}: unknown setting 'actors.orgs' (known: person_dated, "),
    ("[weights]\norg = 0.7\n", "[E072] {path}: unknown setting 'weights' (known: actors, events, geo, dates, dedupe, learned)"),
    ("[geo.feature_bonus]\ntown = 1.0\n", "[E072] {path}: unknown setting 'geo.feature_bonus.town' (known: country, "),
    ("[actors]\norg = \"high\"\n", "[E073] {path}: setting 'actors.org' must be a finite number, not 'high'"),
    ("[actors]\norg = true\n", "[E073] {path}: setting 'actors.org' must be a finite number, not True"),
    ("[actors]\norg = nan\n", "[E073] {path}: setting 'actors.org' must be a finite number, not nan"),
    ("[geo]\nseat_bonus = 1" + "0" * 400 + "\n", "[E073] {path}: setting 'geo.seat_bonus' must be a finite number, not 1000"),
    ("[actors]\npronoun_window_sentences = 1.5\n",
     "[E073] {path}: setting 'actors.pronoun_window_sentences' must be a whole number, not 1.5"),
    ("[geo]\nname_votes_once = 1\n", "[E073] {path}: setting 'geo.name_votes_once' must be true or false, not 1"),
    ("actors = 0.5\n", "[E073] {path}: setting 'actors' must be a table [actors], not 0.5"),
    ("[actors\n", "[E071] {path}: not valid TOML ("),
])
def test_a_bad_file_is_one_line_naming_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TacitusError) as caught:
        Settings.from_toml(path)
    assert str(caught.value).startswith(message.format(path=path))
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TacitusError, match=r"^\[E070\] .*absent\.toml: cannot read settings file \("):
        Settings.from_toml(tmp_path / "absent.toml")


def test_use_settings_is_restored() -> None:
    mine = Settings.from_dict({"actors": {"org": 0.5}})
    with use_settings(mine):
        assert settings() is mine
    assert settings() is DEFAULTS


def test_fingerprint_follows_the_weights_not_the_defaults(tmp_path: Path) -> None:
    base = coder_fingerprint()
    assert "settings=" not in base
    assert coder_fingerprint(settings=Settings()) == base
    assert coder_fingerprint(settings=Settings.from_toml(write(tmp_path, "[geo]\nseat_bonus = 2.0\n"))) == base
    changed = coder_fingerprint(settings=Settings.from_dict({"geo": {"seat_bonus": 2.5}}))
    assert re.fullmatch(re.escape(base) + r";settings=[0-9a-f]{12}", changed)
    assert coder_fingerprint(settings=Settings.from_dict({"geo": {"seat_bonus": 3.0}})) not in (base, changed)
    with use_settings(Settings.from_dict({"geo": {"seat_bonus": 2.5}})):
        assert coder_fingerprint() == changed


def test_one_weight_changes_the_actor_confidence() -> None:
    from tacitus.pipeline import code_text

    def norway(article) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        entity = next(e for e in article.entities if e.text == "Norway")
        event = next(e for e in article.events if e.source and e.source[0].text == "Norway")
        return entity.actor.confidence, event.source[0].confidence

    default = code_text(STORY, "2024-03-01")
    tuned = code_text(STORY, "2024-03-01", settings=Settings.from_dict({"actors": {"country": 0.42}}))
    assert norway(default) == (0.9, 0.9)
    assert norway(tuned) == (0.42, 0.42)
    assert tuned.coder == coder_fingerprint(settings=Settings.from_dict({"actors": {"country": 0.42}}))
    assert default.coder == coder_fingerprint()


def test_cli_settings_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tacitus.cli import main

    story = write(tmp_path, STORY, "story.txt")
    weights = write(tmp_path, "[actors]\ncountry = 0.33\n")
    assert main(["code", str(story), "--date", "2024-03-01", "--format", "json", "--settings", str(weights)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [e["actor"]["confidence"] for e in record["entities"] if e["text"] == "Norway"] == [0.33]
    assert settings() is DEFAULTS
    assert main(["code", str(story), "--settings", str(tmp_path / "none.toml")]) == 2
    assert capsys.readouterr().err.startswith("error: [E070] ")


def test_docs_list_every_key_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `([a-z0-9_.]+)` \| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), flags=re.M))
    expected = {k: json.dumps(v) for k, v in keys().items()}
    assert rows == expected


_VALUES = st.one_of(st.booleans(), st.integers(), st.floats(), st.integers(min_value=10**300, max_value=10**400), st.text(max_size=5))
_KEYS = st.sampled_from([*{k.split(".")[0] for k in keys()}, "org", "admin2", "seat_bonus", "day", "x"])
_TABLES = st.recursive(_VALUES, lambda inner: st.dictionaries(_KEYS, inner, max_size=4), max_leaves=12)


# a cold interpreter can take over a second for the first draws of these nested tables
@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _TABLES, max_size=4))
def test_any_table_gives_settings_or_one_line_error(data: dict) -> None:
    try:
        s = Settings.from_dict(data, source="mine.toml")
    except TacitusError as exc:
        assert exc.code in ("E072", "E073") and "\n" not in str(exc) and "mine.toml" in str(exc)
        return
    for key, value in s.changed().items():
        assert type(value) is type(keys()[key])
