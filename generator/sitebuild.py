"""Herald on a site some other engine built (Zensical, or MkDocs without the plugin): `herald derive`.

MkDocs 2 drops plugins and Zensical does not load them, so this reads what any build leaves behind: the
configuration in mkdocs.yml, each article's source front matter and its built page. From there it takes the
same path as the plugin (`generator.article.derive_article`, `generator.output.write_build`), so the manifest
and review page are the plugin's. It neither runs nor imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin

import yaml

from generator import manifest, networks, output, slugs, withhold
from generator.article import derive_article
from generator.authors import HANDLE_KEYS, Author, AuthorsError, load_authors, parse_authors
from generator.derive import Options, card_image, file_image, placeholder_entry
from generator.links import unlinkable_domain
from generator.lint import RulesError, load_rules
from generator.manifest import Entry, Image
from generator.schema import Checked, Problem, check_file
from generator.symlinks import escaping_links
from generator.terminal import one_line

_GENERATOR = re.compile(r'<meta\s+name="generator"\s+content="([A-Za-z]+)', re.I)
_ARTICLE = re.compile(r'<article\b[^>]*class="[^"]*\bmd-content__inner\b[^"]*"[^>]*>(.*)</article>', re.S | re.I)
# What the theme puts into the article element around the page's own content.
_AROUND_CONTENT = re.compile(
    r'<a id="__skip"[^>]*></a>|<nav class="md-tags"[^>]*>.*?</nav>|<aside class="md-source-file"[^>]*>.*?</aside>'
    r"|<!-- herald:begin -->.*?<!-- herald:end -->",
    re.S | re.I,
)


HANDLES_FILE = ".herald-authors.yml"
LAYOUTS = "layouts"
CARD_LAYOUT = Path(__file__).parent / "cards" / "herald.yml"


class SiteError(Exception):
    """The configuration or the built site cannot be read; one line naming the file and what was expected."""


class _Tolerant(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """mkdocs.yml may name Python objects (`!!python/name:...`) or environment values (`!ENV`); we need neither."""


_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class HeraldOptions:
    """The `herald` plugin options in mkdocs.yml, with the plugin's defaults (generator/config.py)."""

    thread_max: int = 6
    numbering: bool = True
    hashtags: tuple[str, ...] = ()
    utm: bool = True
    linkedin_max: int = 3000
    outbox: bool = True
    review_page: str = "private"
    build_dir: str = ".herald/build"
    include: tuple[str, ...] = ()
    approval: str = "none"
    rules: str | None = None
    enabled: bool = True
    mention_authors: bool = False
    networks: tuple[str, ...] = networks.DEFAULT
    # Read for the plugin's sake; `herald derive` reads built pages and derives in its own process.
    background: bool | str = "auto"

    @property
    def derivation(self) -> Options:
        chosen = tuple(name for name in networks.NETWORKS if name in self.networks)
        return Options(thread_max=self.thread_max, numbering=self.numbering, hashtags=self.hashtags, utm=self.utm,
                       linkedin_max=self.linkedin_max, mention_authors=self.mention_authors, networks=chosen)


@dataclass(frozen=True)
class Blog:
    """What the blog plugin's options say about where posts live and which URL each gets."""

    blog_dir: str = "blog"
    post_dir: str = "{blog}/posts"
    post_url_format: str = "{date}/{slug}"
    post_url_date_format: str = "yyyy/MM/dd"
    post_url_max_categories: int = 1
    post_slugify_separator: str = "-"
    authors: bool = True
    authors_file: str = "{blog}/.authors.yml"

    @property
    def posts(self) -> str:
        return self.post_dir.format(blog=self.blog_dir)

    @property
    def config(self) -> SimpleNamespace:
        """Shaped like the blog plugin's config, for `slugs.guess`."""
        return SimpleNamespace(post_slugify=slugify, post_slugify_separator=self.post_slugify_separator)


@dataclass(frozen=True)
class Cards:
    cards_dir: str = "assets/images/social"
    layout: str = "default"
    layout_dir: str | None = None
    cache_dir: str = ".cache/plugin/social"
    font_family: str = "Roboto"


@dataclass(frozen=True)
class SiteConfig:
    """The parts of mkdocs.yml Herald needs, read without MkDocs."""

    path: Path
    site_url: str
    site_name: str
    site_description: str
    site_author: str
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool
    herald: HeraldOptions
    blog: Blog | None
    cards: Cards | None

    @property
    def root(self) -> Path:
        return self.path.parent

    def label(self, src: str) -> str:
        """How a person finds the file: relative to mkdocs.yml, e.g. content/blog/posts/x.md."""
        return Path(os.path.relpath(self.docs_dir / src, self.root)).as_posix()


def card_layout() -> str:
    """Herald's card layout as Zensical reads it from the site's `cards_layout_dir`.

    MiniJinja has no `striptags`; under MkDocs it undoes the escaping the plugin gives titles, while Zensical
    hands the layout the title as written, so the filter is dropped and the card shows the same text.
    """
    return CARD_LAYOUT.read_text(encoding="utf-8").replace(" | striptags", "")


def slugify(text: str, separator: str) -> str:
    """The blog's default post slug: pymdownx's `slugify(case="lower")`, as Material and Zensical use it."""
    from pymdownx.slugs import slugify as make

    return make(case="lower")(text, separator)


def _plugins(raw: Any) -> dict[str, dict[str, Any]]:
    """Plugin entries by name (a `material/` prefix dropped); a plugin listed without options gets {}."""
    found: dict[str, dict[str, Any]] = {}
    items = raw.items() if isinstance(raw, dict) else [(i, None) if isinstance(i, str) else next(iter(i.items()))
                                                      for i in raw or [] if isinstance(i, (str, dict)) and i]
    for name, options in items:
        found[str(name).removeprefix("material/")] = options if isinstance(options, dict) else {}
    return found


def _typed(options: Mapping[str, Any], defaults: Any, where: str) -> dict[str, Any]:
    """The options `defaults` (a dataclass instance) knows, each checked against its default's type."""
    values: dict[str, Any] = {}
    for name, default in vars(defaults).items():
        if name not in options:
            continue
        value = options[name]
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SiteError(f"{where}: '{name}' must be a list of strings, not {value!r}")
            value = tuple(value)
        elif default is None:
            if value is not None and not isinstance(value, str):
                raise SiteError(f"{where}: '{name}' must be a string, not {value!r}")
        elif type(value) is not type(default):
            raise SiteError(f"{where}: '{name}' must be {type(default).__name__}, not {value!r}")
        values[name] = value
    return values


def read_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml (or a Zensical configuration in the same YAML form)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Tolerant)
    except FileNotFoundError:
        raise SiteError(f"no configuration at {path}: pass the folder holding mkdocs.yml, or --config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteError(f"cannot read {path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise SiteError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(data, dict):
        raise SiteError(f"{path}: expected a mapping of settings")
    site_url = data.get("site_url")
    if not isinstance(site_url, str) or not site_url:
        raise SiteError(f"{path}: 'site_url' is not set; derived posts link back to it")
    plugins = _plugins(data.get("plugins"))
    where = f"{path}: plugin 'herald'"
    herald = HeraldOptions(**_typed(plugins.get("herald", {}), HeraldOptions(), where))
    for name, choices in (("approval", ("none", "required")), ("review_page", ("private", "public"))):
        if getattr(herald, name) not in choices:
            raise SiteError(f"{where}: '{name}' must be one of {', '.join(choices)}, not {getattr(herald, name)!r}")
    for name in herald.networks:
        if name not in networks.NETWORKS:
            raise SiteError(f"{where}: 'networks': {networks.unknown(name)}")
    blog = None
    if "blog" in plugins:
        blog = Blog(**_typed(plugins["blog"], Blog(), f"{path}: plugin 'blog'"))
    cards = None
    social = plugins.get("social")
    if social is not None and social.get("enabled", True) and social.get("cards", True):
        layout_options = social.get("cards_layout_options") or {}
        cards = Cards(
            cards_dir=str(social.get("cards_dir") or Cards.cards_dir),
            layout=str(social.get("cards_layout") or Cards.layout),
            layout_dir=social.get("cards_layout_dir"),
            cache_dir=str(social.get("cache_dir") or Cards.cache_dir),
            font_family=str(layout_options.get("font_family") or "Roboto"),
        )
    root = path.parent
    return SiteConfig(
        path=path,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        site_author=str(data.get("site_author") or ""),
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        site_dir=root / str(data.get("site_dir") or "site"),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        herald=herald,
        blog=blog,
        cards=cards,
    )


def _date_path(date: dt.datetime, pattern: str) -> str:
    """A date in a Babel/LDML pattern as post URLs use it (years, months, days; quoted text kept)."""
    fields = {"yyyy": f"{date.year:04d}", "yy": f"{date.year % 100:02d}", "y": str(date.year),
              "MM": f"{date.month:02d}", "M": str(date.month), "dd": f"{date.day:02d}", "d": str(date.day)}
    return re.sub(r"'([^']*)'|yyyy|yy|y|MM|M|dd|d", lambda m: m.group(1) if m.group(1) is not None
                  else fields[m.group(0)], pattern)


def page_url(config: SiteConfig, src: str, checked: Checked) -> str:
    """The site-relative URL the engine gives an article: the blog's post URL format, or its file's path."""
    blog, meta = config.blog, checked.meta
    if blog is not None and meta is not None and src.startswith(blog.posts.rstrip("/") + "/"):
        slug = meta.slug or slugify(meta.title, blog.post_slugify_separator)
        categories = [slugify(c, blog.post_slugify_separator) for c in meta.categories[:blog.post_url_max_categories]]
        path = blog.post_url_format.format(categories="/".join(categories), slug=slug, file=Path(src).stem,
                                           date=_date_path(meta.date, blog.post_url_date_format))
        stem = posixpath.join(blog.blog_dir, posixpath.normpath(path.strip("/")))
    else:
        stem = src[:-3]
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        return posixpath.dirname(stem) + "/" if posixpath.dirname(stem) else ""
    return stem + "/" if config.use_directory_urls else stem + ".html"


def page_file(config: SiteConfig, url: str) -> Path:
    return config.site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)


def article_content(html: str) -> str | None:
    """The article's own content in a built Material or Zensical page, without what the theme adds around it."""
    match = _ARTICLE.search(html)
    if match is None:
        return None
    return _AROUND_CONTENT.sub("", match.group(1))


def _slug(url: str) -> str:
    last = url.rstrip("/").rsplit("/", 1)[-1]
    return last[:-5] if last.endswith(".html") else last


@dataclass
class Derivation:
    """One run over a built site: what was found, derived and said."""

    config: SiteConfig
    now: dt.datetime
    checked: dict[str, Checked] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    withheld: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)
    authors: dict[str, Author] = field(default_factory=dict)
    engine: str = "unknown"

    def warn(self, message: str) -> None:
        self.messages.append(("warning", message))

    @property
    def warnings(self) -> list[str]:
        return [m for level, m in self.messages if level == "warning"]

    def manifest(self) -> manifest.Manifest:
        herald = self.config.herald
        pending = [
            placeholder_entry(src, checked, slug=slugs.guess(checked, src, self.config.blog), now=self.now)
            for src, checked in self.checked.items()
            if src not in self.entries
        ]
        return manifest.build(self.config.site_url, [*self.entries.values(), *pending],
                              approval_required=herald.approval == "required",
                              folder=self.config.root / herald.build_dir, engine=self.engine)


def site_authors(docs: Path, src: str, label: Callable[[str], str]) -> dict[str, Author]:
    """The blog's authors, with handles from the authors file or from `.herald-authors.yml` beside it.

    Zensical rejects keys it does not know in `.authors.yml`, so a site built with it keeps the handles
    (x, linkedin, bluesky, mastodon by author id) in the second file, which both engines leave unpublished.
    """
    authors = load_authors(docs / src, label(src))
    extra = posixpath.join(posixpath.dirname(src), HANDLES_FILE)
    if not (docs / extra).is_file():
        return authors
    try:
        data = yaml.safe_load((docs / extra).read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AuthorsError(f"{label(extra)}: not readable YAML ({str(exc).splitlines()[0]})") from None
    entries = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise AuthorsError(f"{label(extra)}: expected a mapping 'authors:' of author ids to their handles")
    for author_id, fields in entries.items():
        if str(author_id) not in authors:
            raise AuthorsError(f"{label(extra)}: author '{author_id}' is not in {label(src)}")
        if not isinstance(fields, dict) or set(map(str, fields)) - set(HANDLE_KEYS):
            raise AuthorsError(f"{label(extra)}: author '{author_id}': expected only the handles "
                               f"{', '.join(HANDLE_KEYS)}")
        known = authors[str(author_id)]
        parsed = parse_authors({"authors": {author_id: {**fields, "name": known.name}}}, label(extra))
        handles = {k: v for k, v in vars(parsed[str(author_id)]).items() if k in HANDLE_KEYS and v is not None}
        authors[str(author_id)] = replace(known, **handles)
    return authors


def _articles(config: SiteConfig, patterns: list[str], run: Derivation) -> Iterator[str]:
    """Article sources; one reached through a symbolic link that leaves the docs folder is never read."""
    sources = [path.relative_to(config.docs_dir).as_posix() for path in sorted(config.docs_dir.rglob("*.md"))]
    outside: set[str] = set()
    for link in escaping_links(config.docs_dir, sources):
        run.warn(one_line(f"{config.label(link.link)} is a symbolic link to {link.target}, outside "
                          f"{config.docs_dir.name}/; not published"))
        outside.update(link.src_uris)
    for src in sources:
        if src not in outside and any(fnmatch(src, pattern) for pattern in patterns):
            yield src


def _image(config: SiteConfig, checked: Checked, url: str) -> Image | None:
    meta = checked.meta
    if meta.social.image:
        path = meta.social.image
        data = (config.docs_dir / path).read_bytes()
        return file_image(path, posixpath.join(config.site_url, path), data, alt=meta.social.image_alt or meta.title)
    if config.cards:
        path = card_path(config, url)
        return card_image(path, posixpath.join(config.site_url, path), title=meta.title,
                          description=meta.description, site_name=config.site_name, layout=config.cards.layout,
                          alt=meta.social.image_alt)
    return None


def card_path(config: SiteConfig, url: str, *, index: bool = False) -> str:
    """Where the social plugin writes a page's card, relative to the site (as the plugin's `_card_path`)."""
    dest = url + "index.html" if url == "" or url.endswith("/") else url
    suffix = "/index.html" if config.use_directory_urls and not index else ".html"
    return posixpath.join(config.cards.cards_dir, dest.replace(suffix, ".png"))


def derive_site(config: SiteConfig, *, now: dt.datetime | None = None) -> Derivation:
    """Validate and derive every article of the built site, as the plugin does during a build."""
    run = Derivation(config, now or dt.datetime.now(dt.timezone.utc))
    herald = config.herald
    patterns = list(herald.include)
    if not patterns and config.blog is not None:
        patterns = [posixpath.join(config.blog.posts, "*.md")]
    try:
        rules = load_rules(config.root / herald.rules if herald.rules else None)
    except RulesError as exc:
        raise SiteError(str(exc)) from None
    known: dict[str, Any] = {}
    if config.blog is not None and config.blog.authors:
        src = config.blog.authors_file.format(blog=config.blog.blog_dir)
        try:
            run.authors = site_authors(config.docs_dir, src, config.label)
        except AuthorsError as exc:
            raise SiteError(str(exc)) from None
        known = {"authors": frozenset(run.authors), "authors_file": config.label(src)}
    if problem := unlinkable_domain(config.site_url):
        run.messages.append(("info", problem))
    for src in _articles(config, patterns, run):
        checked = check_file(config.docs_dir / src, src, config.docs_dir, config.label(src), **known)
        run.checked[src] = checked
        for problem in checked.problems:
            run.problems.append(problem)
            run.warn(str(problem))
        if checked.readable and checked.meta is not None:
            url = page_url(config, src, checked)
            if withhold.reason(checked.meta, run.now):
                run.withheld[src] = url
                if page_file(config, url).is_file():
                    run.warn(f"{config.label(src)}: is {withhold.reason(checked.meta, run.now)} but the built site "
                             f"holds its page {url}; set `draft_if_future_date: true` in the blog plugin and rebuild")
            else:
                run.urls[src] = url
    for problem in slugs.duplicates({s: _slug(u) for s, u in run.urls.items()}, run.urls, config.label):
        raise SiteError(problem)
    for src, url in run.urls.items():
        _derive_one(run, src, url, rules)
    return run


def _derive_one(run: Derivation, src: str, url: str, rules: Any) -> None:
    config, checked = run.config, run.checked[src]
    page = page_file(config, url)
    try:
        html = page.read_text(encoding="utf-8")
    except FileNotFoundError:
        run.warn(f"{config.label(src)}: its page {url} is not in the built site {config.site_dir}; "
                 "build the site first (zensical build, or mkdocs build)")
        return
    if run.engine == "unknown":
        found = _GENERATOR.search(html)
        run.engine = found.group(1).lower() if found else "unknown"
    content = article_content(html)
    if content is None:
        run.warn(f"{config.label(src)}: {page} has no article element (<article class=\"md-content__inner\">); "
                 "is the site built with Material or Zensical?")
        return
    content = withhold.unlink(content, url, run.withheld.values())
    derived = derive_article(
        checked, content, label=config.label(src), url=urljoin(config.site_url, url), slug=_slug(url),
        options=config.herald.derivation, rules=rules, image=_image(config, checked, url), now=run.now,
        authors=[run.authors[a] for a in checked.meta.authors if a in run.authors],
    )
    run.messages.extend(derived.messages)
    run.entries[src] = derived.entry


def write(run: Derivation) -> manifest.Manifest:
    """The manifest, review page and image copies, where the plugin writes them."""
    result = run.manifest()
    missing = output.write_build(result, run.config.site_dir, [str(p) for p in run.problems], now=run.now,
                                 site_name=run.config.site_name, review=run.config.herald.outbox)
    for path in missing:
        run.warn(f"herald: image {path} named in the manifest is not in the built site")
    return result


def report(messages: list[tuple[str, str]], out: Callable[[str], None]) -> None:
    for level, message in messages:
        out(f"{'WARNING' if level == 'warning' else 'INFO'}    -  herald: {message}")


def annotate(run: Derivation) -> int:
    """Write Herald's page additions into every built page; returns how many pages were written."""
    from generator.additions import annotate_page, article_info, copy_assets, other_info, root_from
    from generator.additions import page_url as built_url

    config = run.config
    by_url = {entry.url: (src, entry) for src, entry in run.entries.items() if entry.url}
    # Longest first, so a title holding another title is escaped whole.
    verbatim = sorted({text for c in run.checked.values() if c.meta for text in (c.meta.title, c.meta.description)},
                      key=len, reverse=True)
    common = {"site_name": config.site_name, "site_url": config.site_url,
              "publisher": config.site_author or config.site_name, "site_description": config.site_description}
    # Links to a draft or scheduled article lose their link, as the plugin does; Zensical links an article it
    # left out to the URL of its source path, so that URL goes too.
    withheld = [*run.withheld.values(), *(page_url(config, src, Checked(None, ())) for src in run.withheld)]
    written = 0
    for page in sorted(config.site_dir.rglob("*.html")):
        url = built_url(config.site_dir, page)
        if url == "404.html":
            continue
        text = page.read_text(encoding="utf-8")
        found = by_url.get(urljoin(config.site_url, url))
        if found is not None:
            src, entry = found
            info = article_info(entry, authors=run.authors, ids=run.checked[src].meta.authors, **common)
        else:
            info = other_info(text, url, image=_page_card(config, url), **common)
        changed = annotate_page(withhold.unlink(text, url, withheld), info, root_from(url), verbatim=verbatim)
        if changed != text:
            page.write_text(changed, encoding="utf-8")
            written += 1
    copy_assets(config.site_dir)
    return written


def _page_card(config: SiteConfig, url: str) -> str | None:
    if config.cards is None:
        return None
    for index in (False, True):
        path = card_path(config, url, index=index)
        if (config.site_dir / path).is_file():
            return posixpath.join(config.site_url, path)
    return None


def prepare(config: SiteConfig) -> None:
    """Before the engine builds: the card fonts in the social plugin's cache, so cards draw offline."""
    from generator.fonts import seed_card_fonts

    if config.cards is None:
        return
    if config.cards.layout == "herald":
        folder = config.root / (config.cards.layout_dir or LAYOUTS)
        if config.cards.layout_dir is None or not (folder / "herald.yml").is_file():
            raise SiteError(f"{config.path}: Zensical finds the herald card layout only in the site's folder: set "
                            f"`cards_layout_dir: {LAYOUTS}` in the social plugin and keep {LAYOUTS}/herald.yml "
                            "(as `herald init` writes it)")
    cache = Path(config.cards.cache_dir)
    seed_card_fonts(cache if cache.is_absolute() else config.root / cache, config.cards.font_family)


def run_command(args: Any) -> int:
    from generator.cli import CLIError

    try:
        config = read_config(Path(args.config))
        if args.site_dir:
            config = replace(config, site_dir=Path(args.site_dir))
        if args.prepare:
            prepare(config)
            print(f"herald: card fonts ready in {config.cards.cache_dir if config.cards else '(no social cards)'}")
            return 0
        if not config.site_dir.is_dir():
            raise SiteError(f"no built site at {config.site_dir}: run `zensical build` (or `mkdocs build`) first")
        run = derive_site(config)
        result = write(run)
        pages = annotate(run) if args.pages else 0
    except SiteError as exc:
        raise CLIError(str(exc)) from None
    report(run.messages, lambda line: print(line, file=sys.stderr))
    derived = len(run.entries)
    print(f"herald: {derived} of {len(run.checked)} articles derived from the {run.engine} build in "
          f"{config.site_dir}; {pages} pages given Herald's tags; manifest and review page in {result.folder}")
    warnings = run.warnings
    if warnings and args.strict:
        print(f"herald: aborted with {len(warnings)} warnings in strict mode", file=sys.stderr)
        return 1
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "derive",
        help="derive posts, manifest and review page from a site another engine built (Zensical)",
        description="Read a built site (Zensical, or MkDocs without the herald plugin) with its articles' "
                    "front matter; write the manifest and review page the plugin would, and Herald's tags into "
                    "the pages. Never runs MkDocs.",
    )
    parser.add_argument("site_dir", nargs="?", metavar="SITE_DIR",
                        help="the built site (default: site_dir of the configuration)")
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="configuration file (default: mkdocs.yml)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 on any warning, as `mkdocs build --strict` does with the plugin")
    parser.add_argument("--no-pages", dest="pages", action="store_false",
                        help="leave the built pages as they are (manifest and review page only)")
    parser.add_argument("--prepare", action="store_true",
                        help="before `zensical build`: put the card fonts into the social cache, then exit")
    parser.set_defaults(handler=run_command)
