"""The same 1,000-article bench site built both ways: MkDocs with the herald plugin, Zensical then `herald derive`.

Uses bench_build.py's synthetic site (about 1,000 words an article, the Markdown real authors use) and the
same herald options for both. Builds alternate, MkDocs first, each from a clean site folder (Zensical with
`--clean`, so its cache does not carry over). Both must give the same manifest, except the `engine` field;
the script stops if they do not. Prints medians and the time per article.

    python bench/bench_engines.py                # 1,000 articles, 3 runs each
    python bench/bench_engines.py --articles 200 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_site  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def mkdocs_run(cfg: Path) -> float:
    shutil.rmtree(cfg.parent / "site", ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], cfg.parent)


def zensical_run(cfg: Path) -> tuple[float, float]:
    shutil.rmtree(cfg.parent / "site", ignore_errors=True)
    build = timed([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(cfg)], cfg.parent)
    derive = timed([sys.executable, "-m", "generator", "derive", "-f", str(cfg)], cfg.parent)
    return build, derive


def manifest(cfg: Path) -> dict:
    data = json.loads((cfg.parent / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8"))
    data.pop("engine")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="herald-engines-"))
    with_mkdocs = make_site(base / "mkdocs", args.articles, with_plugin=True)
    with_zensical = make_site(base / "zensical", args.articles, with_plugin=True)
    mkdocs_times: list[float] = []
    zensical_times: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        mkdocs_times.append(mkdocs_run(with_mkdocs))
        zensical_times.append(zensical_run(with_zensical))
    ours, theirs = manifest(with_mkdocs), manifest(with_zensical)
    if ours != theirs:
        print("the two engines' manifests differ; no comparison is meaningful", file=sys.stderr)
        return 1
    derived = sum(1 for e in ours["articles"] if e["posts"])
    n = args.articles
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores; zensical {_version('zensical')}, mkdocs {_version('mkdocs')}")
    print(f"articles: {n} ({derived} derived, manifests equal but for `engine`), runs per engine: {args.repeat} "
          "(alternated)")
    print("| engine | median (s) | runs (s) | ms per article |")
    print("| --- | --- | --- | --- |")
    rows = {
        "MkDocs + herald plugin": mkdocs_times,
        "Zensical build": [b for b, _ in zensical_times],
        "herald derive": [d for _, d in zensical_times],
        "Zensical + herald derive": [b + d for b, d in zensical_times],
    }
    for name, runs in rows.items():
        med = statistics.median(runs)
        print(f"| {name} | {med:.2f} | {', '.join(f'{r:.2f}' for r in runs)} | {1000 * med / n:.1f} |")
    return 0


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    raise SystemExit(main())
