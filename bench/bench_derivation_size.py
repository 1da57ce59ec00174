"""Derivation time against article size: it must grow linearly (issue 12).

For each size from 10 KB to 10 MB, builds two rendered articles and times extraction, the X thread and the
LinkedIn post on them, best of ``--repeat`` runs:

* ``prose``: H2 sections of ordinary paragraphs with code blocks and lists, the usual shape;
* ``unbroken``: one sentence without a full stop, the worst case for splitting and cutting (used as the
  author's hook too, so the thread has to cut it).

    python bench/bench_derivation_size.py
    python bench/bench_derivation_size.py --sizes 10000 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.extract import extract_article_text  # noqa: E402
from generator.linkedin import build_linkedin  # noqa: E402
from generator.salience import candidates  # noqa: E402
from generator.thread import build_thread  # noqa: E402

LINK = "https://insights.polymedica.com/blog/2026/03/02/peek/?utm_source=x&utm_medium=social&utm_campaign=peek"
WORDS = (
    "polymer implant catheter moulding tooling cavity resin validation sterilisation biocompatibility cleanroom "
    "supplier audit tolerance shrinkage gate runner annealing crystallinity e.g. 3.5 mm ISO 13485:2016 Dr. U.S."
).split()


def prose(size: int, rng: random.Random) -> str:
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
            sentences.append(" ".join(words).capitalize() + ".")
        block = f"<h2>Section {index}</h2><p>{' '.join(sentences)}</p>"
        if index % 3 == 0:
            block += "<pre><code>x = compute(1, 2)\n</code></pre><ul><li>A listed item that is a sentence.</li></ul>"
        parts.append(block)
        total += len(block)
        index += 1
    return "".join(parts)


def unbroken(size: int, rng: random.Random) -> str:
    words: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(WORDS)
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def derive(html: str, hook: str | None) -> tuple[float, float, float]:
    # Each run starts cold: derivation caches the scored sentences of the article it saw last.
    candidates.cache_clear()
    start = time.perf_counter()
    text = extract_article_text(html)
    extracted = time.perf_counter()
    build_thread(text, link=LINK, hook=hook, description="", hashtags=["MedTech"], article="bench.md")
    threaded = time.perf_counter()
    build_linkedin(text, link=LINK, source=LINK, title="Bench", description="", hashtags=["MedTech"], article="bench.md")
    done = time.perf_counter()
    return extracted - start, threaded - extracted, done - threaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    print("| shape | size | extract (s) | thread (s) | LinkedIn (s) | total (s) | µs per KB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for shape in ("prose", "unbroken"):
        for size in args.sizes:
            rng = random.Random(size)
            if shape == "prose":
                html, hook = prose(size, rng), None
            else:
                sentence = unbroken(size, rng)
                html, hook = f"<p>{sentence}</p>", sentence
            runs = [derive(html, hook) for _ in range(args.repeat)]
            best = min(runs, key=sum)
            total = sum(best)
            kb = len(html) / 1000
            print(
                f"| {shape} | {kb:,.0f} KB | {best[0]:.3f} | {best[1]:.3f} | {best[2]:.3f} | {total:.3f} "
                f"| {total / kb * 1e6:,.0f} |"
            )


if __name__ == "__main__":
    main()
