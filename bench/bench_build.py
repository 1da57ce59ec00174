"""Measure what the herald plugin adds to a build, side by side in one run.

Generates a synthetic blog of N articles (default 1,000 of about 1,000 words with
the Markdown real authors use), then alternates `mkdocs build` without the plugin,
with it (large sites derive in a worker process) and with it deriving in the build's
own process (`background: false`), and times derivation alone. Prints medians, the
ratios and the CPU time each build used, its worker included.

    python bench/bench_build.py                 # 1,000 articles, 3 builds each
    python bench/bench_build.py --articles 200 --repeat 5

Build times on a shared machine drift by a fifth within minutes, so an overhead is only
comparable with one measured in the same run. Given git revisions, each revision's
plugin (exported with `git archive`) builds the same site in turn with the plain build,
and each overhead is also given paired: the median over rounds of a build's time over
the plain build's in the same round.

    python bench/bench_build.py --repeat 5 c5a4faa HEAD
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "polymer implant catheter moulding tooling cavity resin validation sterilisation biocompatibility cleanroom "
    "supplier audit tolerance shrinkage gate runner annealing crystallinity extractables leachables surgeon "
    "clinician device component batch lot traceability specification drawing inspection metrology process "
    "capability risk hazard design review verification tubing silicone elastomer hardness tensile elongation "
    "fatigue packaging labelling regulation notified body submission evidence protocol report deviation change"
).split()
ABBREVIATIONS = ("e.g.", "i.e.", "Dr.", "approx.", "Fig. 2", "ISO 13485:2016", "3.5 mm", "1,000 parts", "U.S.")
EXTENSIONS = """\
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(ABBREVIATIONS))
    if rng.random() < 0.2:
        words[rng.randrange(len(words))] = f"**{rng.choice(WORDS)}**"
    if rng.random() < 0.1:
        words[rng.randrange(len(words))] = f"[{rng.choice(WORDS)}](https://example.com/{rng.choice(WORDS)})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def article(rng: random.Random, index: int, start: dt.date) -> str:
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    parts = [
        "---",
        f'title: "{title} {index}"',
        f'description: "{paragraph(rng, 1)}"',
        f"date: {start + dt.timedelta(days=index % 3000)}",
        "authors: [bench]",
        "categories: [Bench]",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        "social:",
        "  hashtags: [MedTech]",
        "---",
        "",
        paragraph(rng, 3),
        "",
        "<!-- more -->",
        "",
    ]
    for s in range(5):
        parts += [f"## {rng.choice(WORDS).capitalize()} {s}", "", paragraph(rng, 4) + "[^1]" if s == 0 else paragraph(rng, 4), ""]
        parts += [f"### {rng.choice(WORDS).capitalize()} detail", "", paragraph(rng, 3), ""]
        if s == 1:
            parts += [f"- {sentence(rng)}" for _ in range(4)] + [""]
        if s == 2:
            parts += ["| Property | Value | Unit |", "| --- | --- | --- |"]
            parts += [f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | MPa |" for _ in range(4)] + [""]
        if s == 3:
            parts += ['!!! note "Practice"', "", "    " + paragraph(rng, 2), ""]
            parts += ["```yaml", "lot: 42", "samples: 125", "aql: 0.65", "```", ""]
    parts += ["## Key takeaways", ""] + [f"- {sentence(rng)}" for _ in range(4)] + [""]
    parts += ["[^1]: " + sentence(rng), "", "*[ISO]: International Organization for Standardization", ""]
    return "\n".join(parts)


def make_site(root: Path, n: int, with_plugin: bool, background: bool | None = None) -> Path:
    content = root / "content"
    posts = content / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text("# Bench\n", encoding="utf-8")
    (content / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (content / "blog" / ".authors.yml").write_text(
        "authors:\n  bench:\n    name: Bench Author\n    description: Bench\n    avatar: https://example.com/a.png\n",
        encoding="utf-8",
    )
    rng = random.Random(1234)
    start = dt.date(2018, 1, 1)
    for i in range(n):
        (posts / f"post-{i:05d}.md").write_text(article(rng, i, start), encoding="utf-8")
    herald = "  - herald:\n      hashtags: [MedTech]\n" + ("" if background is None else f"      background: {str(background).lower()}\n")
    plugins = "plugins:\n  - search\n  - blog\n" + (herald if with_plugin else "")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        "site_name: Bench\nsite_url: https://bench.example/\ndocs_dir: content\n"
        "theme:\n  name: material\n" + plugins + EXTENSIONS,
        encoding="utf-8",
    )
    return cfg


def export(revision: str, into: Path) -> Path:
    """The `generator` package as it was at ``revision``, in ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "generator"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def has_worker(tree: Path) -> bool:
    """Whether the exported revision has the `background` option (a worker process for derivation)."""
    return "background" in (tree / "generator" / "config.py").read_text(encoding="utf-8")


def _environment(tree: Path | None, cwd: Path) -> dict[str, str]:
    """The build's environment; with ``tree``, its `generator` comes before the installed one."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
        found = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], env=env,
                               cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()
        if not Path(found).resolve().is_relative_to(tree.resolve()):
            raise SystemExit(f"the build would import {found}, not the exported revision in {tree}")
    return env


def timed_build(cfg: Path, site: Path, tree: Path | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the build and any worker it started) of one build, with the
    plugin from ``tree`` if given."""
    shutil.rmtree(site, ignore_errors=True)
    env = _environment(tree, cfg.parent)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(site)],
        check=True,
        cwd=cfg.parent,
        env=env,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def built_articles(cfg: Path, site: Path) -> list[dict[str, str]]:
    """Each built article's source path, URL, slug and content HTML, as the plugin sees it."""
    import json

    from bs4 import BeautifulSoup

    manifest = json.loads((cfg.parent / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8"))
    articles = []
    for entry in manifest["articles"]:
        page = site / entry["url"].removeprefix("https://bench.example/") / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("article.md-content__inner")
        for tag in body.select("nav, aside, .md-source-file, h1"):
            tag.decompose()
        articles.append({"src": entry["src"], "url": entry["url"], "slug": entry["slug"], "html": str(body)})
    return articles


def time_derivation(docs: Path, articles: list[dict[str, str]], passes: int) -> list[float]:
    """CPU seconds of each pass deriving every article. The first pass starts with empty word tables, as a
    build does; later passes reuse them."""
    import gc

    from generator.derive import Options, derive_entry
    from generator.schema import check_file

    work = [(check_file(docs / article["src"], article["src"], docs).meta, article) for article in articles]
    # Garbage from loading (parsed pages) is collected now, not inside the timed passes.
    gc.collect()
    runs = []
    for _ in range(passes):
        start = time.process_time()
        for meta, article in work:
            derive_entry(meta, article["html"], url=article["url"], slug=article["slug"],
                         options=Options(hashtags=("MedTech",)))
        runs.append(time.process_time() - start)
    return runs


def working_tree(articles: int, repeat: int, base: Path) -> None:
    """The installed plugin: builds, derivation alone and `herald check`."""
    sites = {
        "without plugin": make_site(base / "plain", articles, with_plugin=False),
        "with plugin": make_site(base / "herald", articles, with_plugin=True),
        "with plugin, in process": make_site(base / "inprocess", articles, with_plugin=True, background=False),
    }
    herald = sites["with plugin"]
    times: dict[str, list[float]] = {name: [] for name in sites}
    cpu: dict[str, list[float]] = {name: [] for name in sites}
    for _ in range(repeat):
        for name, cfg in sites.items():
            wall, used = timed_build(cfg, cfg.parent / "site")
            times[name].append(wall)
            cpu[name].append(used)
    pages = built_articles(herald, base / "herald" / "site")
    count, derive_runs = len(pages), time_derivation(herald.parent / "content", pages, passes=max(repeat, 3))
    check_runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "check", "-f", str(herald)], cwd=herald.parent,
                       capture_output=True, check=False)
        check_runs.append(time.perf_counter() - start)
    without = statistics.median(times["without plugin"])
    without_cpu = statistics.median(cpu["without plugin"])
    print(f"articles: {articles}, builds per variant: {repeat} (alternated)")
    print("| variant | median build (s) | runs (s) | ms per article | overhead | median CPU (s) | CPU overhead |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, runs in times.items():
        med, med_cpu = statistics.median(runs), statistics.median(cpu[name])
        print(f"| {name} | {med:.2f} | {', '.join(f'{r:.2f}' for r in runs)} | {1000 * med / articles:.1f} "
              f"| {100 * (med / without - 1):+.1f} % | {med_cpu:.2f} | {100 * (med_cpu / without_cpu - 1):+.1f} % |")
    print(f"derivation alone ({count} articles, CPU): first pass {1000 * derive_runs[0] / count:.2f} ms per article, "
          f"median of {len(derive_runs)} passes {1000 * statistics.median(derive_runs) / count:.2f} ms "
          f"(passes {', '.join(f'{run:.2f}' for run in derive_runs)} s)")
    print(f"herald check on the same site: median {statistics.median(check_runs):.2f} s "
          f"(runs {', '.join(f'{r:.2f}' for r in check_runs)})")


def compare_revisions(revisions: list[str], articles: int, repeat: int, base: Path) -> None:
    """Each revision's plugin against the same plain build, alternated round by round."""
    plain = make_site(base / "plain", articles, with_plugin=False)
    herald = make_site(base / "herald", articles, with_plugin=True)
    inprocess = make_site(base / "inprocess", articles, with_plugin=True, background=False)
    variants: dict[str, tuple[Path, Path | None]] = {"without plugin": (plain, None)}
    for index, revision in enumerate(revisions):
        tree = export(revision, base / f"rev{index}")
        variants[revision] = (herald, tree)
        # Before the worker existed every build derived in process; then there is nothing more to compare.
        if has_worker(tree):
            variants[f"{revision}, in process"] = (inprocess, tree)
    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, (cfg, tree) in variants.items():
            wall, used = timed_build(cfg, cfg.parent / "site", tree)
            times[name].append(wall)
            cpu[name].append(used)
    print(f"articles: {articles}, builds per variant: {repeat} (alternated)")
    print("| variant | median build (s) | runs (s) | overhead (medians) | overhead (paired) | median CPU (s) "
          "| CPU overhead (paired) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    without, alone = times["without plugin"], cpu["without plugin"]
    for name, runs in times.items():
        paired = statistics.median(run / plain_run for run, plain_run in zip(runs, without))
        paired_cpu = statistics.median(used / plain_used for used, plain_used in zip(cpu[name], alone))
        print(f"| {name} | {statistics.median(runs):.2f} | {', '.join(f'{r:.2f}' for r in runs)} "
              f"| {100 * (statistics.median(runs) / statistics.median(without) - 1):+.1f} % "
              f"| {100 * (paired - 1):+.1f} % | {statistics.median(cpu[name]):.2f} | {100 * (paired_cpu - 1):+.1f} % |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*", help="git revisions whose plugins to compare (default: the working "
                        "tree, with derivation and `herald check` timed too)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="herald-bench-"))
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores")
    try:
        if args.revisions:
            compare_revisions(args.revisions, args.articles, args.repeat, base)
        else:
            working_tree(args.articles, args.repeat, base)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
