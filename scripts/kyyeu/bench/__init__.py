"""`kyyeu bench --papers N [--seed S]`: build a synthetic corpus of N bilingual papers with the real
pipeline and print one table of what it cost, against the budgets.

    corpus.py    the synthetic records (deterministic for a seed)
    measure.py   the run: make the corpus, build it, measure the site (sizes, transfers, search, serve)
    table.py     the budgets, the verdicts and the table (or JSON)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import PAPERS_PER_VOLUME, SECTIONS, make_corpus, paper_id, volume_id

__all__ = ["PAPERS_PER_VOLUME", "SECTIONS", "make_corpus", "paper_id", "register", "volume_id"]


def cmd_bench(args: argparse.Namespace) -> int:
    """Build a synthetic corpus and print the cost table."""
    from ..errors import KyyeuError
    from .measure import run
    from .table import as_json, table, verdicts

    if args.papers < 1:
        raise KyyeuError("--papers must be at least 1")
    profile = Path(args.profile) if args.profile else None
    r = run(args.papers, args.seed, Path(args.keep) if args.keep else None, args.browser, args.tracemalloc, profile,
            args.serve)
    r.budgets = verdicts(r)
    print(as_json(r) if args.json else table(r))
    if profile:
        import pstats

        print(f"\nprofile of the build written to {profile}; the 25 costliest calls (cumulative):", file=sys.stderr)
        pstats.Stats(str(profile), stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return 0


def register(subparsers) -> None:
    """Add `kyyeu bench` to the command line."""
    b = subparsers.add_parser("bench", help="build a synthetic corpus of N papers and print what it costs")
    b.add_argument("--papers", type=int, default=1000, metavar="N", help="number of synthetic papers (default 1000)")
    b.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the synthetic corpus (default 1)")
    b.add_argument("--keep", metavar="DIR", help="generate and build in DIR and keep it (default: a temporary folder, removed)")
    b.add_argument("--json", action="store_true", help="print the measures as JSON instead of the table")
    b.add_argument("--browser", action="store_true", help="measure the first search query in headless Chromium")
    b.add_argument("--serve", action="store_true",
                   help="also time what `kyyeu serve` rebuilds after one paper.yml is saved (kyyeu.serve.session)")
    b.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap's peak (slows the build)")
    b.add_argument("--profile", metavar="FILE", help="profile the build with cProfile into FILE (pstats) and list the costliest calls")
    b.set_defaults(func=cmd_bench)
