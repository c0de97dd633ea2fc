"""Leak guard: no run of ``RUN`` consecutive words of a gold event or article file stands in the
package or the tests (case and punctuation folded).

Gold sentences are what the coder is judged on: a rule, comment or test built on one measures
nothing. Write rules for a class of sentences and test them on sentences of your own.
Actor, gazetteer and lexicon dictionaries are not scanned: institution, place and country names
are not leaks.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

RUN = 7
ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(os.environ.get("TACITUS_GOLD") or ROOT / ".." / "shared" / "gold")
JUDGED_SETS = ("events", "articles")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SCANNED_SUFFIXES = (".py", ".tsv", ".csv", ".txt", ".yaml", ".yml", ".md", ".json", ".toml")
# dictionaries of names and words, not sentences (the lexicon holds country names)
NAME_DICTIONARIES = ("actors", "geo", "lexicon")


def runs(text: str) -> Iterator[tuple[str, ...]]:
    words = WORD.findall(text.lower().replace("’", "'"))
    for i in range(len(words) - RUN + 1):
        yield tuple(words[i : i + RUN])


def gold_texts(gold: Path) -> Iterator[tuple[str, str]]:
    for d in JUDGED_SETS:
        for f in sorted((gold / d).rglob("*")):
            if not f.is_file() or f.suffix in (".md", ".gz") or f.name in ("LICENSE", "SOURCES.md"):
                continue
            if f.suffix == ".zip":
                with zipfile.ZipFile(f) as z:
                    yield str(f), " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
                continue
            text = f.read_text("utf-8", errors="replace")
            if f.suffix == ".xml":
                # PETRARCH records: the sentences, not the parse trees
                text = " ".join(re.findall(r"<Text>(.*?)</Text>", text, flags=re.S))
            yield str(f), text


def project_files(root: Path) -> Iterator[Path]:
    for sub in ("tacitus", "tests"):
        for f in sorted((root / sub).rglob("*")):
            if not f.is_file() or f.suffix not in SCANNED_SUFFIXES:
                continue
            if f.suffix != ".py" and any(p in f.relative_to(root).parts for p in NAME_DICTIONARIES):
                continue
            yield f


def leaks(root: Path, gold: Path) -> list[str]:
    seen: dict[tuple[str, ...], str] = {}
    for name, text in gold_texts(gold):
        for r in runs(text):
            seen.setdefault(r, name)
    hits = []
    for f in project_files(root):
        for n, line in enumerate(f.read_text("utf-8", errors="replace").splitlines(), 1):
            hit = next((r for r in runs(line) if r in seen), None)
            if hit:
                hits.append(f"{f.relative_to(root)}:{n}: \"{' '.join(hit)}\" from {Path(seen[hit]).name}")
    return hits


def test_no_gold_text_in_package_or_tests() -> None:
    if not (GOLD / "events").is_dir():
        if os.environ.get("TACITUS_REQUIRE_GOLD") == "1":
            pytest.fail(f"gold sets not found at {GOLD} (TACITUS_REQUIRE_GOLD=1)")
        pytest.skip(f"gold sets not found at {GOLD}")
    found = leaks(ROOT, GOLD)
    assert not found, "gold text in the project:\n" + "\n".join(found[:30])


def test_the_guard_finds_a_planted_run(tmp_path: Path) -> None:
    """The guard itself: a folded run of seven words is found, six are not."""
    gold = tmp_path / "gold"
    (gold / "events").mkdir(parents=True)
    (gold / "events" / "set.tsv").write_text("The harbour council, on Tuesday, voted to close the old ferry pier.\n")
    project = tmp_path / "project"
    (project / "tacitus").mkdir(parents=True)
    (project / "tests").mkdir()
    (project / "tacitus" / "rule.py").write_text("# six only: council on tuesday voted to close\n")
    assert leaks(project, gold) == []
    (project / "tests" / "test_x.py").write_text('S = "HARBOUR Council on tuesday -- voted to close the pier"\n')
    assert leaks(project, gold) == ['tests/test_x.py:1: "harbour council on tuesday voted to close" from set.tsv']
