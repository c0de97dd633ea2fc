"""The knowledge cache (``tacitus.cache``): built once, reused, rebuilt when the data hash
changes or the file is corrupt, and a cache directory that cannot be written falls back
to building in memory. The gazetteer and the actor lexicon read from it give the same
answers as parsed afresh."""

from __future__ import annotations

import importlib
import os

import pytest

from tacitus import cache

gazetteer_module = importlib.import_module("tacitus.geo.gazetteer")


class Builder:
    """A table builder that counts its calls."""

    def __init__(self, value: object = None) -> None:
        self.calls = 0
        self.value = value if value is not None else {"names": ["Kabul", "Kandahar"], "rows": (1, 2.5, None)}

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def _identity(value: object) -> object:
    return value


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(d))
    return d


def test_cache_dir_from_the_environment(cache_dir):
    assert cache.cache_dir() == cache_dir


def test_default_cache_dir_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.delenv("TACITUS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    d = cache.cache_dir()
    assert d.name == "tacitus" or d.parent.name == "tacitus"
    assert str(d).startswith(str(tmp_path))


def test_built_once_then_reused(cache_dir):
    build = Builder()
    first = cache.load("table", 1, build, _identity)
    second = cache.load("table", 1, build, _identity)
    assert build.calls == 1
    assert first == second == {"names": ["Kabul", "Kandahar"], "rows": (1, 2.5, None)}
    (path,) = cache_dir.iterdir()
    assert path == cache.cache_path("table", 1)
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]


def test_rebuilt_when_the_data_hash_changes(cache_dir, monkeypatch):
    build = Builder()
    cache.load("table", 1, build, _identity)
    monkeypatch.setattr("tacitus.fingerprint.data_hash", lambda: "0123456789ab")
    cache.load("table", 1, build, _identity)
    assert build.calls == 2
    assert len(list(cache_dir.iterdir())) == 2  # one file per data hash
    cache.load("table", 1, build, _identity)
    assert build.calls == 2


def test_rebuilt_when_the_format_changes(cache_dir):
    build = Builder()
    cache.load("table", 1, build, _identity)
    cache.load("table", 2, build, _identity)
    assert build.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-1] + bytes([b[-1] ^ 0xFF]),  # one byte flipped
        lambda b: b"",  # empty
        lambda b: b"not a cache file at all",
    ],
)
def test_corrupt_file_is_rebuilt_silently(cache_dir, damage):
    build = Builder()
    cache.load("table", 1, build, _identity)
    path = cache.cache_path("table", 1)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.load("table", 1, build, _identity) == build.value
    assert build.calls == 2
    # and the rebuilt file is whole again
    assert cache.load("table", 1, build, _identity) == build.value
    assert build.calls == 2


def test_value_the_decoder_rejects_is_rebuilt(cache_dir):
    cache.load("table", 1, Builder(["an old layout"]), _identity)

    def decode(value):
        if not isinstance(value, dict):
            raise TypeError("not this layout")
        return value

    build = Builder()
    assert cache.load("table", 1, build, decode) == build.value
    assert build.calls == 1


def test_unwritable_cache_dir_builds_in_memory(tmp_path, monkeypatch):
    # a path below a plain file can never be created, whoever runs the tests (root included)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    build = Builder()
    assert cache.load("table", 1, build, _identity) == build.value
    assert cache.load("table", 1, build, _identity) == build.value
    assert build.calls == 2


def test_write_refused_leaves_no_file(cache_dir, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    build = Builder()
    assert cache.load("table", 1, build, _identity) == build.value
    assert list(cache_dir.iterdir()) == []  # the temporary file is removed


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_cache_dir_builds_in_memory(cache_dir):
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        build = Builder()
        assert cache.load("table", 1, build, _identity) == build.value
        assert list(cache_dir.iterdir()) == []
    finally:
        cache_dir.chmod(0o700)


def test_gazetteer_from_cache_equals_parsed(cache_dir):
    import gc

    gazetteer_module.gazetteer.cache_clear()
    try:
        built = gazetteer_module.gazetteer()  # builds the cache file
        assert cache.cache_path("gazetteer", gazetteer_module.CACHE_FORMAT).exists()
        gazetteer_module.gazetteer.cache_clear()
        cached = gazetteer_module.gazetteer()  # reads it back
        gc.disable()
        try:
            parsed = gazetteer_module._load()
        finally:
            gc.enable()
        assert len(parsed.index) == len(cached.index) == len(built.index)
        for key, entries in parsed.index.items():
            assert cached.index.get(key) == entries, key
        for name in ("countries", "admin1", "continents", "cities"):
            assert dict(getattr(cached, name).items()) == getattr(parsed, name), name
        for name in ("iso3", "iso2", "fips", "capitals", "us_state_fips", "demonyms", "capital_ids",
                     "suffixes", "prefixes", "directions", "street_words", "plurals"):
            assert getattr(cached, name) == getattr(parsed, name), name
        assert cached.lookup("nowhere at all") == []
        # one object per place: the same entry through the index and through the tables
        us = cached.countries["US"]
        assert any(e is us for e in cached.lookup("United States"))
    finally:
        gazetteer_module.gazetteer.cache_clear()


def test_actor_lexicon_from_cache_equals_parsed(cache_dir):
    from tacitus.actors import coder
    from tacitus.actors.lexicon import Lexicon

    coder._shipped.cache_clear()
    try:
        cached = coder._shipped()
        assert cache.cache_path("actors", coder.CACHE_FORMAT).exists()
        coder._shipped.cache_clear()
        cached = coder._shipped()
        parsed = Lexicon()
        for name in coder.SHIPPED_FILES:
            parsed.add_all(coder.shipped_entries(name))
        assert cached.max_tokens == parsed.max_tokens
        assert set(cached.entries) == set(parsed.entries)
        for key in list(parsed.entries)[::97]:
            assert cached.get(key) == [tuple(e) for e in parsed.entries[key]], key
        for key in list(parsed.surnames)[::37]:
            assert cached.surname_entries(key) == list(parsed.surnames[key]), key
        assert sorted(cached.speller_keys["country"]) == sorted(coder.country_keys(parsed))
    finally:
        coder._shipped.cache_clear()


def test_user_actor_file_still_adds_to_the_cached_lexicon(cache_dir, tmp_path):
    from tacitus.actors import coder
    from tacitus.actors.lexicon import squash

    coder._shipped.cache_clear()
    try:
        base = coder.load_coder([])
        user = tmp_path / "mine.csv"
        user.write_text("phrase,kind,code,name\nZorgland Peace Council,org,ZGLGOV,Zorgland Peace Council\n"
                        "Fox News,org,USAMEDFOX,Fox News\n")
        mine = coder.load_coder([str(user)])
        assert [e.code for e in mine.lexicon.get(squash("Zorgland Peace Council"))] == ["ZGLGOV"]
        assert [e.code for e in mine.lexicon.get(squash("Fox News"))] == ["USAMEDFOX"]
        # the shipped (cached, read-only) lexicon is untouched
        assert not base.lexicon.get(squash("Zorgland Peace Council"))
        assert "USAMEDFOX" not in [e.code for e in base.lexicon.get(squash("Fox News"))]
        # the country speller of a lexicon with user rows is computed from its entries
        assert "country" not in mine.lexicon.speller_keys
    finally:
        coder._shipped.cache_clear()
