"""Derive the posts of the quality corpus, compare them with their golden files and count defects.

    python bench/quality/run.py              # score, and list posts that differ from their golden files
    python bench/quality/run.py --update     # rewrite the golden files (read every changed one!)
    python bench/quality/run.py --out DIR    # write the posts to DIR instead (e.g. with another checkout)
    python bench/quality/run.py --shipped    # also score the shipped site's golden posts (tests/golden/)

Each article in ``articles/`` is rendered with the site's Markdown extensions and derived exactly as the
build derives it (extraction, thread, LinkedIn post, link with UTM parameters). Exit status 1 when the
scorer finds a defect or a golden file differs.
"""

from __future__ import annotations

import argparse
import re
import datetime as dt
import sys
from pathlib import Path

import markdown
import yaml
from material.extensions.emoji import to_svg, twemoji

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from score import CATEGORIES, count, score_linkedin, score_thread  # noqa: E402

from generator.derive import link_back  # noqa: E402
from generator.extract import extract_article_text  # noqa: E402
from generator.linkedin import build_linkedin  # noqa: E402
from generator.thread import build_thread  # noqa: E402

SITE_URL = "https://insights.polymedica.com/"
SITE_HASHTAGS = ("MedTech",)
EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences", "pymdownx.emoji",
]
EXTENSION_CONFIGS = {"toc": {"permalink": True}, "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg}}


def read_article(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def derive(path: Path) -> dict:
    meta, body = read_article(path)
    html = markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    text = extract_article_text(html)
    social = meta.get("social") or {}
    slug = meta.get("slug") or path.stem
    date = meta["date"] if isinstance(meta["date"], dt.date) else dt.date.fromisoformat(str(meta["date"]))
    url = f"{SITE_URL}blog/{date:%Y/%m/%d}/{slug}/"
    tags: list[str] = []
    for tag in (*(social.get("hashtags") or ()), *SITE_HASHTAGS):
        if tag.casefold() not in {known.casefold() for known in tags}:
            tags.append(tag)
    tags = tags[:3]
    description = str(meta.get("description") or "")
    thread = build_thread(
        text, link=link_back(url, slug, "x", True), hook=social.get("hook"), description=description,
        hashtags=tags, article=path.name,
    )
    post = build_linkedin(
        text, link=link_back(url, slug, "linkedin", True), source=url, title=str(meta["title"]),
        description=description, hook=social.get("hook"), hashtags=tags, article=path.name,
    )
    return {
        "title": str(meta["title"]), "src": path.name, "tweets": list(thread.tweets),
        "commentary": post.commentary, "warnings": [*thread.warnings, *post.warnings],
        "advice": list(dict.fromkeys([*thread.advice, *post.advice])), "hashtags": tags,
    }


def render(entry: dict) -> str:
    from twitter_text import parse_tweet

    lines = [f"# {entry['title']}", f"# {entry['src']}", "", "## X thread", ""]
    for index, tweet in enumerate(entry["tweets"], 1):
        lines += [f"--- tweet {index} ({parse_tweet(tweet).weightedLength}/280)", tweet, ""]
    lines += ["## LinkedIn", "", entry["commentary"], ""]
    if entry["warnings"]:
        lines += ["## Warnings", "", *entry["warnings"], ""]
    if entry["advice"]:
        lines += ["## Advice", "", *entry["advice"], ""]
    return "\n".join(lines)


def parse_golden(text: str) -> tuple[list[str], str]:
    """Tweets and commentary back from a golden file (ours or the shipped site's)."""
    thread_part, _, rest = text.partition("## LinkedIn\n\n")
    commentary = re.split(r"\n## (?:Warnings|Advice)\n", rest, maxsplit=1)[0].rstrip("\n")
    tweets = [chunk.split("\n", 1)[1].rstrip("\n") for chunk in thread_part.split("--- tweet ")[1:]]
    return tweets, commentary


def score(tweets: list[str], commentary: str, hashtags: set[str]) -> list:
    return [*score_thread(tweets, hashtags), *score_linkedin(commentary, hashtags)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--shipped", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    golden = args.out or HERE / "golden"
    golden.mkdir(parents=True, exist_ok=True)
    totals = {category: 0 for category in CATEGORIES}
    failed = False
    print(f"{'article':52} defects")
    for path in sorted((HERE / "articles").glob("*.md")):
        entry = derive(path)
        text = render(entry)
        target = golden / f"{path.stem}.txt"
        if args.update or args.out:
            target.write_text(text, encoding="utf-8")
        elif not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"  {target.name} differs from the derived posts (review, then --update)")
            failed = True
        defects = score(entry["tweets"], entry["commentary"], {f"#{tag}".casefold() for tag in entry["hashtags"]})
        counts = count(defects)
        for category, number in counts.items():
            totals[category] += number
        print(f"{path.stem:52} {sum(counts.values())}" + (f"  {dict(counts)}" if counts else ""))
        if args.verbose:
            for defect in defects:
                print(f"    {defect.category:9} {defect.where}: {defect.text[:110]!r}")
        failed |= bool(defects)
    if args.shipped:
        for path in sorted((ROOT / "tests" / "golden").glob("*.txt")):
            tweets, commentary = parse_golden(path.read_text(encoding="utf-8"))
            hashtags = {word.casefold() for word in tweets[-1].split() if word.startswith("#")} if tweets else set()
            defects = score(tweets, commentary, hashtags)
            counts = count(defects)
            for category, number in counts.items():
                totals[category] += number
            print(f"shipped/{path.stem:44} {sum(counts.values())}" + (f"  {dict(counts)}" if counts else ""))
            if args.verbose:
                for defect in defects:
                    print(f"    {defect.category:9} {defect.where}: {defect.text[:110]!r}")
            failed |= bool(defects)
    print("totals: " + ", ".join(f"{category} {number}" for category, number in totals.items()))
    return 1 if failed and not args.update and not args.out else 0


if __name__ == "__main__":
    sys.exit(main())
