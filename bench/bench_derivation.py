"""Derivation alone, side by side for several revisions of Herald, on the same built pages.

Builds bench_build.py's synthetic site once with the working tree, then derives every article with each
revision (exported with `git archive`, imported in a fresh process), alternating revisions round by round.
Prints, per revision, the median CPU time per article of the first pass (empty word tables, as in a build)
and of later passes, and its ratio to the first revision: ratios hold on a busy machine, absolute times do not.

    python bench/bench_derivation.py c378774 HEAD            # 1,000 articles, 3 rounds
    python bench/bench_derivation.py --articles 200 --rounds 5 c5a4faa HEAD

On a noisy machine CPU times scatter by a fifth from run to run. `--instructions` counts the instructions each
revision executes instead (under valgrind's callgrind, about 50 times slower, so use a hundred articles or so):
the count is the same on every run, so a change of a few per cent shows.

    python bench/bench_derivation.py --instructions --articles 100 59040c8 HEAD
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import built_articles, export, make_site, timed_build  # noqa: E402

# Runs in a fresh interpreter inside the exported revision, so that revision's generator is the one imported.
_RUN = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench_build import time_derivation
sys.path.insert(0, ".")  # after bench_build, which puts the working tree first
import generator
assert Path(generator.__file__).resolve().is_relative_to(Path.cwd().resolve()), generator.__file__
articles = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
print(json.dumps(time_derivation(Path(sys.argv[3]), articles, passes=int(sys.argv[4]))))
"""


def instructions(tree: Path, pages: Path, content: Path, passes: int) -> int:
    """Instructions the derivation script executes for ``passes`` passes, loading included."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", _RUN,
         str(ROOT / "bench"), str(pages), str(content), str(passes)],
        cwd=tree, check=True, capture_output=True, text=True)
    return int(re.search(r"Collected : (\d+)", result.stderr)[1])


def count_instructions(trees: dict[str, Path], pages: Path, content: Path, articles: int) -> None:
    """Per article: the first pass (no passes subtracted from one) and a later one (one from two)."""
    counts = {revision: [instructions(tree, pages, content, passes) for passes in (0, 1, 2)]
              for revision, tree in trees.items()}
    reference = next(iter(trees))
    print(f"articles: {articles}, instructions per article (valgrind callgrind)")
    print(f"| revision | first pass | later pass | ratio to {reference} |")
    print("| --- | --- | --- | --- |")
    for revision, (none, one, two) in counts.items():
        first, later = (one - none) / articles, (two - one) / articles
        ratio = (one - none) / (counts[reference][1] - counts[reference][0])
        print(f"| {revision} | {first / 1e6:.2f} M | {later / 1e6:.2f} M | {ratio:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+", help="git revisions; the first is the reference")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3, help="passes per round (the first is cold)")
    parser.add_argument("--instructions", action="store_true", help="count instructions instead of timing")
    args = parser.parse_args()
    if args.instructions and not shutil.which("valgrind"):
        parser.error("--instructions needs valgrind (Debian: apt-get install valgrind)")
    base = Path(tempfile.mkdtemp(prefix="herald-bench-derivation-"))
    try:
        cfg = make_site(base / "site", args.articles, with_plugin=True)
        timed_build(cfg, base / "site" / "site")
        pages = base / "articles.json"
        pages.write_text(json.dumps(built_articles(cfg, base / "site" / "site")), encoding="utf-8")
        trees = {revision: export(revision, base / f"rev{index}") for index, revision in enumerate(args.revisions)}
        if args.instructions:
            count_instructions(trees, pages, cfg.parent / "content", args.articles)
            return 0
        cold: dict[str, list[float]] = {revision: [] for revision in trees}
        warm: dict[str, list[float]] = {revision: [] for revision in trees}
        for _ in range(args.rounds):
            for revision, tree in trees.items():
                out = subprocess.run(
                    [sys.executable, "-c", _RUN, str(ROOT / "bench"), str(pages), str(cfg.parent / "content"),
                     str(args.passes)], cwd=tree, check=True, capture_output=True, text=True).stdout
                runs = [1000 * run / args.articles for run in json.loads(out)]
                cold[revision].append(runs[0])
                warm[revision].extend(runs[1:])
    finally:
        shutil.rmtree(base, ignore_errors=True)
    reference = args.revisions[0]
    print(f"articles: {args.articles}, rounds: {args.rounds}, passes per round: {args.passes} (revisions alternated)")
    print("| revision | first pass (ms per article) | later passes (ms per article) | ratio to " f"{reference} |")
    print("| --- | --- | --- | --- |")
    for revision in trees:
        first, later = statistics.median(cold[revision]), statistics.median(warm[revision] or cold[revision])
        ratio = first / statistics.median(cold[reference])
        print(f"| {revision} | {first:.2f} | {later:.2f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
