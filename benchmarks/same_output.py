"""Equivalence harness: is `tacitus code --format jsonl` byte-identical to a saved reference?

    python benchmarks/same_output.py save [--ref DIR] [-n 300] [-j 1]   # on the unchanged branch
    python benchmarks/same_output.py check [--ref DIR] [-n 300] [-j 1]  # after a change

Codes a fixed set — the example article, the gold articles' input file and the first N
Reuters stories (the texts `tacitus bench --whole N` uses) — each in its own `tacitus code`
process with PYTHONHASHSEED=0, and writes or compares the outputs byte for byte. On a
difference it prints the first differing line of each file and exits 1. A speed change must
leave every file identical; a change that is meant to alter output must go through the
accuracy evaluations instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REF = Path(tempfile.gettempdir()) / "tacitus_same_output"


def _shared() -> Path:
    for base in (ROOT, *ROOT.parents):
        if (base / "shared").is_dir():
            return base / "shared"
    raise SystemExit("no shared/ folder above the repository")


def inputs(n: int, work: Path) -> dict[str, list[str]]:
    """Name → `tacitus code` arguments for each input of the fixed set."""
    from tacitus.scale.bench import load_articles

    shared = _shared()
    reuters = work / f"reuters{n}.jsonl"
    arts, _ = load_articles(str(shared / "corpus" / "reuters21578"), n)
    with reuters.open("w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({"id": a.id, "title": a.title, "published": a.published, "text": a.text},
                                ensure_ascii=False) + "\n")
    return {
        "example": [str(shared / "examples" / "military-times-afghanistan-ceasefire.txt"), "--date", "2019-07-19"],
        "gold_articles": [str(shared / "gold" / "articles" / "input.jsonl")],
        f"reuters{n}": [str(reuters)],
    }


def code(args: list[str], jobs: int) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    argv = [sys.executable, "-m", "tacitus", "code", *args, "--format", "jsonl", "-j", str(jobs)]
    return subprocess.run(argv, check=True, capture_output=True, env=env, cwd=ROOT).stdout


def first_diff(a: bytes, b: bytes) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False)):
        if x != y:
            k = next(j for j in range(min(len(x), len(y)) + 1) if j == min(len(x), len(y)) or x[j] != y[j])
            return f"line {i + 1}, byte {k}: ref …{x[max(0, k - 80):k + 120]!r}\n   now …{y[max(0, k - 80):k + 120]!r}"
    return f"line counts differ: ref {len(la)}, now {len(lb)}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("save", "check"))
    ap.add_argument("--ref", type=Path, default=DEFAULT_REF)
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("-j", type=int, default=1)
    args = ap.parse_args()
    args.ref.mkdir(parents=True, exist_ok=True)
    same = True
    # the Reuters input is written to a fixed place: its path is part of each record
    work = args.ref / "inputs"
    work.mkdir(exist_ok=True)
    for name, argv in inputs(args.n, work).items():
        t0 = time.perf_counter()
        out = code(argv, args.j)
        dt = time.perf_counter() - t0
        ref = args.ref / f"{name}.jsonl"
        if args.mode == "save":
            ref.write_bytes(out)
            print(f"{name}: saved {len(out)} bytes, {len(out.splitlines())} records ({dt:.1f} s)")
            continue
        old = ref.read_bytes()
        if old == out:
            print(f"{name}: identical ({len(out)} bytes, {dt:.1f} s)")
        else:
            same = False
            print(f"{name}: DIFFERENT\n  {first_diff(old, out)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
