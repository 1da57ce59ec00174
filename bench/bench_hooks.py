"""Where a plugin's build time goes: CPU per hook, side by side for several git revisions.

Each revision's `generator` builds the same synthetic site in process (`background: false` where the revision
has that option), in a fresh interpreter per build, revisions alternated round by round. The child process
wraps every `on_*` method of the plugin class to sum its CPU time, and times the garbage collector through
`gc.callbacks` (a collection that starts inside a hook counts as the collector's, not the hook's); a build
without the plugin gives the collector's and the whole build's baseline.

    python bench/bench_hooks.py c5a4faa HEAD
    python bench/bench_hooks.py --articles 1000 --rounds 5 c5a4faa HEAD
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(cfg: Path, site: Path) -> None:
    """Build once with every hook timed; print the CPU seconds as JSON."""
    import functools
    import gc

    start = time.process_time()
    import generator.plugin as plugin

    tree = os.environ.get("PYTHONPATH", "").split(os.pathsep)[0]
    if tree and not Path(plugin.__file__).resolve().is_relative_to(Path(tree).resolve()):
        raise SystemExit(f"imported {plugin.__file__}, not the revision in {tree}")
    spent: dict[str, float] = {"import": time.process_time() - start}

    collecting = [0.0, 0.0]  # collector's CPU so far, start of the current collection

    def collector(phase: str, info: dict) -> None:
        if phase == "start":
            collecting[1] = time.process_time()
        else:
            collecting[0] += time.process_time() - collecting[1]

    def timed(name: str, method):
        """The hook's own CPU: a collection that happens to start inside it is counted under gc."""
        @functools.wraps(method)  # keeps `mkdocs_priority` from @event_priority
        def hook(*args, **kwargs):
            began, collected = time.process_time(), collecting[0]
            try:
                return method(*args, **kwargs)
            finally:
                own = time.process_time() - began - (collecting[0] - collected)
                spent[name] = spent.get(name, 0.0) + own
        return hook

    for name, method in list(vars(plugin.HeraldPlugin).items()):
        if name.startswith("on_") and callable(method):
            setattr(plugin.HeraldPlugin, name, timed(name, method))
    gc.callbacks.append(collector)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(cfg), site_dir=str(site))
    began = time.process_time()
    build(config)
    spent["build"] = time.process_time() - began
    spent["gc"] = collecting[0]
    print(json.dumps(spent))


def run(cfg: Path, tree: Path | None) -> dict[str, float]:
    from bench_build import _environment

    result = subprocess.run([sys.executable, __file__, "--child", str(cfg), str(cfg.parent / "site")],
                            env=_environment(tree, cfg.parent), cwd=cfg.parent, check=True, capture_output=True,
                            text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*", default=["HEAD"])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    # Only now: bench_build puts this checkout first on the path, which the child must not inherit.
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_build import export, has_worker, make_site

    base = Path(tempfile.mkdtemp(prefix="herald-hooks-"))
    plain = make_site(base / "plain", args.articles, with_plugin=False)
    variants: dict[str, tuple[Path, Path | None]] = {"without plugin": (plain, None)}
    for index, revision in enumerate(args.revisions):
        tree = export(revision, base / f"rev{index}")
        site = make_site(base / f"site{index}", args.articles, with_plugin=True,
                         background=False if has_worker(tree) else None)
        variants[revision] = (site, tree)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, (cfg, tree) in variants.items():
            runs[name].append(run(cfg, tree))
    hooks = sorted({key for results in runs.values() for result in results for key in result}
                   - {"import", "build", "gc"})
    columns = ["build", "gc", "import", *hooks, "hooks total"]
    print(f"articles: {args.articles}, rounds: {args.rounds}; medians of CPU time, ms per article "
          "(import: ms once)")
    print("| variant | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name, results in runs.items():
        for result in results:
            result["hooks total"] = sum(result.get(hook, 0.0) for hook in hooks)
        cells = []
        for column in columns:
            value = statistics.median(result.get(column, 0.0) for result in results)
            cells.append(f"{1000 * value:.0f}" if column == "import" else f"{1000 * value / args.articles:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
