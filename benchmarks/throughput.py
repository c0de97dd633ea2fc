"""Throughput benchmark: `python benchmarks/throughput.py [INPUT] [-n N] [--jobs 1 2] [--json FILE]`.

Same as `tacitus bench`: bare spaCy nlp.pipe (the floor) vs tacitus code -j 1, ingest into
DuckDB, and code -j N, on the same texts; prints articles/s, tokens/s, ratios, peak RSS and
time per stage. Results for the project machine are kept in benchmarks/RESULTS.md.
"""

import sys

from tacitus.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
