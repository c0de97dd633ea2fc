"""Loaded into the ``forkserver`` process of a ``WorkerPool`` before it forks any worker
(``multiprocessing``'s ``set_forkserver_preload``): the spaCy model and the shipped knowledge
are loaded there once, and every worker forked from it starts with them already in memory,
shared copy-on-write, instead of loading its own.

Importing this module never fails: the forkserver would die with it. A pipeline that
cannot be loaded here is loaded (and its error reported) by each worker, as without it.
"""

from __future__ import annotations

import gc

# Coded once in the fork server, so that what the stages build on first use (compiled
# rules, spelling indexes, memos of the shipped tables) is built once, not in every worker.
WARM_UP_TEXT = (
    "KABUL, July 19 (Reuters) - Afghan President Ashraf Ghani met U.S. envoy Zalmay Khalilzad "
    "in Kabul on Monday, a day after Taliban fighters attacked a police checkpoint in northern "
    'Kunduz province, killing 12 officers. "We want a ceasefire," Ghani told reporters. Pakistan\'s '
    "prime minister said on Tuesday his government would host talks next week."
)


def _preload() -> None:
    try:
        from tacitus.pipeline import code_text, get_pipeline

        get_pipeline()
        code_text(WARM_UP_TEXT, "2019-07-19")
    except Exception:  # noqa: BLE001 - the workers load it themselves and report the error
        return
    # what was loaded lives as long as the process: move it out of the collector's sight, so
    # that collections in the workers neither walk it nor write to its (shared) pages
    gc.collect()
    gc.freeze()


_preload()
