"""tacitus.ingest_paths: what `tacitus ingest` does, called from Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tacitus
from tacitus.errors import InputError
from tacitus.runs import IngestProgress, RunResult

FIRST = "Rebels shelled an army base near Goma on Sunday, the provincial governor said."
SECOND = "The foreign minister of Ghana met his Togolese counterpart in Lome on Thursday."


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST + "\n", encoding="utf-8")
    (folder / "b.txt").write_text(SECOND + "\n", encoding="utf-8")
    (folder / "c.jsonl").write_text('{"text": "unfinished\n', encoding="utf-8")
    return folder


def _bad(folder: Path) -> InputError:
    return InputError(str(folder / "c.jsonl"),
                      "malformed JSON at line 1: Unterminated string starting at: line 1 column 10 (char 9)", 1)


def test_ingest_paths_reports_the_run_and_a_rerun_changes_nothing(tmp_path: Path, inputs: Path) -> None:
    db = tmp_path / "s.duckdb"
    seen: list[InputError] = []
    progress: list[IngestProgress] = []
    first = tacitus.ingest_paths([inputs], db, default_date="2024-03-10",
                                 on_error=seen.append, progress=progress.append)
    with tacitus.Store(db, read_only=True) as store:
        mentions = store.counts()["event_mentions"]
        runs = store.con.execute("SELECT id, articles_new, articles_unchanged, errors, status, command "
                                 "FROM runs ORDER BY started_at").fetchall()
        stored_errors = store.con.execute("SELECT run_id, path, line FROM errors").fetchall()
    assert mentions > 0
    assert first == RunResult(
        run_id=runs[0][0], new=2, replaced=0, unchanged=0, coded=2, events=mentions,
        errors=[_bad(inputs)], store_counts=first.store_counts)
    assert (first.store_counts["articles"], first.store_counts["event_mentions"]) == (2, mentions)
    assert not first.ok
    assert seen == [_bad(inputs)]
    assert progress[-1] == IngestProgress(articles=2, errors=1)
    assert runs == [(first.run_id, 2, 0, 1, "finished", f"ingest {inputs}")]
    assert stored_errors == [(first.run_id, str(inputs / "c.jsonl"), 1)]

    with tacitus.Store(db) as store:
        again = tacitus.ingest_paths([inputs], store, default_date="2024-03-10")
    assert (again.new, again.replaced, again.unchanged, again.coded, again.events) == (0, 0, 2, 0, 0)
    assert again.errors == [_bad(inputs)]
    assert again.run_id != first.run_id

    recoded = tacitus.ingest_paths([inputs / "a.txt"], db, default_date="2024-03-10", recode=True)
    assert (recoded.new, recoded.replaced, recoded.unchanged, recoded.coded) == (0, 1, 0, 1)
    assert recoded.errors == [] and recoded.ok
    assert recoded.store_counts["articles"] == 2


def test_an_id_read_twice_with_other_content_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "twice.jsonl"
    src.write_text(f'{{"id": "k1", "text": "{FIRST}"}}\n{{"id": "k1", "text": "{SECOND}"}}\n',
                   encoding="utf-8")
    result = tacitus.ingest_paths([src], tmp_path / "t.duckdb", default_date="2024-03-10")
    assert (result.new, result.coded) == (1, 1)
    assert result.errors == [InputError(
        str(src), f"duplicate id 'k1' with different content; the first, at {src}:1, is kept", 2)]


def test_bad_options_are_refused_before_anything_is_read(tmp_path: Path, inputs: Path) -> None:
    with pytest.raises(ValueError, match="engine must be one of local, ray, not 'spark'"):
        tacitus.ingest_paths([inputs], tmp_path / "e.duckdb", engine="spark")
    with pytest.raises(ValueError, match="jobs must be 1 or more, not 0"):
        tacitus.ingest_paths([inputs], tmp_path / "e.duckdb", jobs=0)
    assert not (tmp_path / "e.duckdb").exists()


def test_import_tacitus_stays_cheap() -> None:
    code = ("import sys, tacitus; print(sorted(m for m in ('duckdb', 'spacy', 'tacitus.store', "
            "'tacitus.runs') if m in sys.modules)); tacitus.EventFilter; print('tacitus.store' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "True"]


def test_readme_use_from_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Use from Python", 1)[1]
    snippet = next(block.split("\n", 1)[1] for block in section.split("```python")[1:]
                   if "ingest_paths" in block).split("```", 1)[0]
    (tmp_path / "examples").symlink_to(Path(__file__).resolve().parents[1] / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 0 0 []"
    assert len(lines) > 1 and all(line.startswith("2019-07-") for line in lines[1:])
