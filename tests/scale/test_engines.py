"""The engines give the same records as the in-process run, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.model import Article, article_id

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "military-times-afghanistan-ceasefire.txt"

TEXTS = [
    "Russian troops shelled the Ukrainian city of Kharkiv on Tuesday, officials said.",
    "The European Union imposed new sanctions on Iran over its nuclear programme.",
    "Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Beijing.",
]


def _articles() -> list[Article]:
    arts = [Article(id=article_id(t), text=t, published="2023-05-02") for t in TEXTS]
    text = EXAMPLE.read_text(encoding="utf-8")
    arts.append(Article(id="example", text=text, published="2019-07-19"))
    return arts


def _local() -> list[dict]:
    from tacitus.scale import code_stream

    return [a.to_dict() for chunk in code_stream(_articles(), jobs=1) for a in chunk]


def test_two_processes_equal_one() -> None:
    from tacitus.scale import code_stream

    multi = [a.to_dict() for chunk in code_stream(_articles(), jobs=2, chunk_size=1) for a in chunk]
    assert multi == _local()


def test_ray_equals_local() -> None:
    pytest.importorskip("ray")
    from tacitus.scale import ray_engine

    try:
        out = [a.to_dict() for chunk in ray_engine.code_stream(_articles(), workers=1) for a in chunk]
    finally:
        import ray

        ray.shutdown()
    assert out == _local()
