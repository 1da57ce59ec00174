"""Does the time to build and check one article grow linearly with its size?

Writes a one-article site for each size (10 KB to 10 MB by default) and shape, then times a real
`mkdocs build` and a real `herald check` on it, each in its own process and with a time limit. Shapes:
`prose` (paragraphs of ordinary sentences under H2 sections) and `run-on` (one paragraph that is a single
sentence without a full stop, the case that derivation must cut into tweets).

    python bench/bench_linear.py                          # 10 KB, 100 KB, 1 MB, 10 MB; both shapes
    python bench/bench_linear.py --sizes 10000,100000 --shapes prose --timeout 120

Prints a Markdown table for BENCHMARKS.md: seconds per run, and the time each KB added since the previous
size cost (µs/KB). Linear growth shows as a roughly constant µs/KB column; quadratic growth multiplies it by
about ten with every tenfold size.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "polymer implant catheter moulding tooling cavity resin validation sterilisation biocompatibility cleanroom "
    "supplier audit tolerance shrinkage gate runner annealing crystallinity extractables leachables surgeon "
    "device component batch lot traceability specification drawing inspection metrology process capability"
).split()
CONFIG = """\
site_name: Linear bench
site_url: https://bench.example/
docs_dir: content
theme:
  name: material
plugins:
  - blog
  - herald
markdown_extensions:
  - toc
"""
FRONT = """\
---
title: A long article
description: An article of {size} bytes to see whether build and check time grow linearly.
date: 2026-01-05
---

"""


def prose(size: int, rng: random.Random) -> str:
    parts: list[str] = []
    total = 0
    section = 0
    while total < size:
        if section % 8 == 0:
            parts.append(f"## Section {section // 8 + 1}\n\n")
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
            for _ in range(rng.randint(3, 6))
        ]
        parts.append(" ".join(sentences) + "\n\n")
        total += len(parts[-1])
        section += 1
    return "".join(parts)


def run_on(size: int, rng: random.Random) -> str:
    words: list[str] = []
    total = 0
    while total < size:
        words.append(rng.choice(WORDS))
        total += len(words[-1]) + 1
    return "Run on " + " ".join(words) + "\n"


SHAPES = {"prose": prose, "run-on": run_on}


def timed(cmd: list[str], cwd: Path, timeout: float) -> tuple[float | None, int | None]:
    started = time.perf_counter()
    try:
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None
    return time.perf_counter() - started, result.returncode


def site(folder: Path, size: int, shape: str) -> None:
    posts = folder / "content" / "blog" / "posts"
    posts.mkdir(parents=True)
    (folder / "content" / "index.md").write_text("# Bench\n", encoding="utf-8")
    (folder / "content" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    body = SHAPES[shape](size, random.Random(size))
    (posts / "long.md").write_text(FRONT.format(size=size) + body, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,10000000", help="article sizes in bytes")
    parser.add_argument("--shapes", default="prose,run-on", help=f"comma-separated: {', '.join(SHAPES)}")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run counts as too slow")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    os.environ.update(env)
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
          f"limit {args.timeout:g} s per run\n")
    print("| shape | size | build (s) | build µs/KB added | check (s) | check µs/KB added |")
    print("| --- | --- | --- | --- | --- | --- |")
    for shape in args.shapes.split(","):
        previous: tuple[int, float | None, float | None] | None = None
        for size in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="herald-linear-") as tmp:
                folder = Path(tmp)
                site(folder, size, shape)
                build, build_rc = timed([sys.executable, "-m", "mkdocs", "build", "-q"], folder, args.timeout)
                check, check_rc = timed([sys.executable, "-m", "generator", "check"], folder, args.timeout)
            cells = [shape, f"{size / 1000:g} KB" if size < 1_000_000 else f"{size / 1_000_000:g} MB"]
            for i, (seconds, code) in enumerate(((build, build_rc), (check, check_rc)), 1):
                if seconds is None:
                    cells += [f"> {args.timeout:g} (stopped)", "-"]
                    continue
                note = "" if code in (0, 1) else f" (exit {code})"
                before = previous[i] if previous else None
                # Time added per KB since the previous size: constant when growth is linear.
                added = "-" if before is None else f"{(seconds - before) * 1e6 / ((size - previous[0]) / 1000):.0f}"
                cells += [f"{seconds:.2f}{note}", added]
            previous = (size, build, check)
            print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
