"""MkDocs glue for Herald: each hook hands data to a plain module and stores the result."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from generator import manifest, networks, output, slugs, withhold
from generator.authors import Author, AuthorsError, twitter_creator
from generator.config import HeraldConfig
from generator.background import Derivation, use_worker
from generator.derive import Options, card_image, file_image, placeholder_entry
from generator.fonts import seed_card_fonts
from generator.links import unlinkable_domain
from generator.lint import RulesError, load_rules
from generator.manifest import Entry, Image
from generator.outbox import OUTBOX_PAGE, PAGE_SOURCE, drop_from_sitemap, render_outbox
from generator.schema import Checked, Problem, check_file
from generator.sitebuild import site_authors
from generator.seo import PageInfo, page_seo
from generator.symlinks import escaping_links
from generator.terminal import one_line

log = get_plugin_logger("herald")

CARDS_DIR = Path(__file__).parent / "cards"
THEME_DIR = Path(__file__).parent / "theme"


class Collected(Exception):
    """Raised in collect mode once every article is derived: `herald check` needs no templates."""

    def __init__(self, plugin: "HeraldPlugin") -> None:
        super().__init__("collected")
        self.plugin = plugin


def _label(config: Any, src_uri: str) -> str:
    """How a person finds the file: relative to mkdocs.yml, e.g. content/blog/posts/x.md."""
    root = os.path.dirname(config.config_file_path or ".")
    return Path(os.path.relpath(os.path.join(config.docs_dir, src_uri), root or ".")).as_posix()


def _card_path(cards_dir: str, page: Any, config: Any) -> str:
    """Where Material's social plugin writes a page's card, relative to the site."""
    suffix = "/index.html" if config.use_directory_urls and not page.is_index else ".html"
    return posixpath.join(cards_dir, page.file.dest_uri.replace(suffix, ".png"))


def _needs_escape(value: Any) -> bool:
    return isinstance(value, str) and not isinstance(value, Markup) and any(ch in value for ch in "<>&\"'")


def _plain(value: Any) -> Any:
    """The text before on_page_markdown escaped it: the SEO template escapes once itself."""
    return value.unescape() if isinstance(value, Markup) else value


def _slug(url: str) -> str:
    last = url.rstrip("/").rsplit("/", 1)[-1]
    return last[:-5] if last.endswith(".html") else last


class HeraldPlugin(BasePlugin[HeraldConfig]):
    supports_multiple_instances = False
    collect_only = False
    serving = False

    def on_startup(self, *, command, dirty):
        """Drafts and scheduled articles are shown only by `mkdocs serve`, which deploys nothing."""
        self.serving = command == "serve"

    def on_config(self, config):
        """Check what links back need, locate articles, and make social cards work offline."""
        social = config.plugins.get("material/social")
        # Disabled, Herald adds nothing to pages, but the site's cards still need its layout and fonts.
        if not self.config.enabled:
            if social is not None and social.config.enabled and social.config.cards:
                self._prepare_cards(social.config, config)
            return config
        self._add_theme_dir(config)
        if not config.site_url:
            raise PluginError("herald: 'site_url' is not set in mkdocs.yml; derived posts link back to it")
        blog = config.plugins.get("material/blog")
        self.blog = blog
        self.patterns = list(self.config.include)
        if not self.patterns and blog is not None:
            self.patterns = [posixpath.join(blog.config.post_dir.format(blog=blog.config.blog_dir), "*.md")]
        self.options = Options(
            thread_max=self.config.thread_max,
            numbering=self.config.numbering,
            hashtags=tuple(self.config.hashtags),
            utm=self.config.utm,
            linkedin_max=self.config.linkedin_max,
            mention_authors=self.config.mention_authors,
            networks=self._networks(),
        )
        self.root = Path(os.path.dirname(config.config_file_path or ".") or ".")
        if problem := unlinkable_domain(config.site_url):
            log.info(problem)
        try:
            self.rules = load_rules(self.root / self.config.rules if self.config.rules else None)
        except RulesError as exc:
            raise PluginError(f"herald: {exc}") from None
        self.now = dt.datetime.now(dt.timezone.utc)
        self.authors = self._load_authors(blog, config)
        self.checked: dict[str, Checked] = {}
        self.entries: dict[str, Entry] = {}
        self.images: dict[str, Image | None] = {}
        self.derivation: Derivation | None = None
        self.withheld: dict[str, str] = {}  # src -> the URL it would have
        self.slugs: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.cards: tuple[str, str] | None = None
        self.outbox_url: str | None = None
        if social is not None and social.config.enabled and social.config.cards:
            self._prepare_cards(social.config, config)
            if self.collect_only:
                # `herald check` needs each card's path for the hash, not the drawing.
                social.config.enabled = False
        return config

    def _networks(self) -> tuple[str, ...]:
        """The site's networks, in the registry's order; an unknown name stops the build with a did-you-mean."""
        chosen = [name.strip().lower() for name in self.config.networks]
        for name in chosen:
            if name not in networks.NETWORKS:
                raise PluginError(f"herald: option 'networks' in mkdocs.yml: {networks.unknown(name)}")
        return tuple(name for name in networks.NETWORKS if name in chosen)

    def _load_authors(self, blog: Any, config: Any) -> dict[str, Author]:
        """The blog's authors with their social handles; a malformed handle stops the build."""
        self.known: dict[str, Any] = {}
        if blog is None or not blog.config.authors:
            return {}
        src = blog.config.authors_file.format(blog=blog.config.blog_dir)
        try:
            authors = site_authors(Path(config.docs_dir), src, lambda path: _label(config, path))
        except AuthorsError as exc:
            raise PluginError(f"herald: {exc}") from None
        # An article naming an unknown id is reported against this file.
        self.known = {"authors": frozenset(authors), "authors_file": _label(config, src)}
        return authors

    def _add_theme_dir(self, config: Any) -> None:
        """Put Herald's templates just below the site's own custom_dir, so the site can still override them."""
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))

    def _prepare_cards(self, social: Any, config: Any) -> None:
        cache = social.cache_dir if os.path.isabs(social.cache_dir) else os.path.join(self.root, social.cache_dir)
        family = social.cards_layout_options.get("font_family", "Roboto")
        seed_card_fonts(cache, family)
        if social.cards_layout == "herald":
            social.cards_layout_dir = str(CARDS_DIR)
        self.cards = (social.cards_dir, social.cards_layout)

    @property
    def withholding(self) -> bool:
        """A real build leaves drafts and not-yet-due articles out; serve and `herald check` show them."""
        return not (self.serving or self.collect_only)

    def on_files(self, files: Files, *, config):
        """Validate every article before the blog reads it; leave out what cannot or must not be published."""
        if not self.config.enabled:
            return files
        docs = Path(config.docs_dir)
        for link in escaping_links(docs, [file.src_uri for file in files]):
            message = one_line(f"{_label(config, link.link)} is a symbolic link to {link.target}, outside {docs.name}/; not published")
            if config.strict:
                raise PluginError(f"herald: {message}")
            self.problems.append(Problem(_label(config, link.link), message))
            log.warning(message)
            for src_uri in link.src_uris:
                files.remove(files.get_file_from_path(src_uri))
        for file in list(files.documentation_pages()):
            if not any(fnmatch(file.src_uri, pattern) for pattern in self.patterns):
                continue
            label = _label(config, file.src_uri)
            checked = check_file(Path(file.abs_src_path), file.src_uri, docs, label, **self.known)
            self.checked[file.src_uri] = checked
            for problem in checked.problems:
                self.problems.append(problem)
                log.warning(str(problem))
            meta = checked.meta
            if not checked.readable:
                files.remove(file)
            elif meta is not None and self.withholding and withhold.reason(meta, self.now):
                # Excluded before the blog reads it: no page, index entry, feed item, card or search entry.
                file.inclusion = InclusionLevel.EXCLUDED
                self.withheld[file.src_uri] = file.url
        if self.config.outbox and (self.serving or self.config.review_page == "public"):
            outbox = File.generated(config, OUTBOX_PAGE, content=PAGE_SOURCE)
            outbox.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(outbox)
        articles = sum(1 for src, c in self.checked.items() if c.meta is not None and src not in self.withheld)
        self.derivation = Derivation(options=self.options, rules=self.rules, now=self.now,
                                     worker=use_worker(self.config.background, articles))
        if self.derivation.in_worker:
            log.debug(f"deriving {articles} articles in a worker process")
        return files

    def on_nav(self, nav, *, config, files):
        """Once the blog has given every article its URL: one slug and one URL per article, or stop."""
        if not self.config.enabled:
            return nav
        urls: dict[str, str] = {}
        for src in self.checked:
            file = files.get_file_from_path(src)
            if file is not None and src not in self.withheld:
                self.slugs[src] = _slug(file.url)
                urls[src] = file.url
        for problem in slugs.duplicates(self.slugs, urls, lambda src: _label(config, src)):
            raise PluginError(f"herald: {problem}")
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        """Material prints the title, description and tags unescaped, so give it escaped ones."""
        if not self.config.enabled:
            return markdown
        for key in ("title", "description"):
            if _needs_escape(page.meta.get(key)):
                page.meta[key] = Markup(escape(page.meta[key]))
        if isinstance(page.meta.get("title"), Markup):
            page.title = page.meta["title"]
        if isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = [Markup(escape(t)) if _needs_escape(t) else t for t in page.meta["tags"]]
        if "social" in page.meta and not isinstance(page.meta["social"], dict):
            # A `social:` block holding only comments is null; Material's social plugin expects a mapping.
            page.meta["social"] = {}
        return markdown

    # Run after every other plugin has changed the HTML, so we derive from what readers see.
    @event_priority(-100)
    def on_page_content(self, html, *, page, config, files):
        """Derive the article's posts from its rendered HTML."""
        if not self.config.enabled:
            return html
        html = withhold.unlink(html, page.url, self.withheld.values())
        checked = self.checked.get(page.file.src_uri)
        if checked is None or checked.meta is None:
            return html
        image = self._image(checked, page, config)
        self.images[page.file.src_uri] = image
        self.derivation.add(
            page.file.src_uri,
            checked,
            html,
            label=_label(config, page.file.src_uri),
            url=page.canonical_url,
            slug=_slug(page.url),
            image=image,
            authors=[self.authors[a] for a in checked.meta.authors if a in self.authors],
        )
        return html

    # Before any template is rendered: in collect mode the work `herald check` needs is done.
    @event_priority(100)
    def on_env(self, env, *, config, files):
        """Stop a collect-mode build here; templates and cards are not needed to check articles."""
        if self.collect_only and self.config.enabled:
            self._collect()
            raise Collected(self)
        return env

    def _collect(self) -> None:
        """Every derived article into `entries`, its warnings and notes logged in the order of the pages."""
        if self.derivation is None:
            return
        for src, derived in self.derivation.results().items():
            for level, message in derived.messages:
                (log.warning if level == "warning" else log.info)(message)
            self.entries[src] = derived.entry
        self.derivation = None

    def on_build_error(self, *, error):
        self._stop_worker()

    def on_shutdown(self):
        self._stop_worker()

    def _stop_worker(self) -> None:
        # Either event may come before on_config has created the derivation.
        if getattr(self, "derivation", None) is not None:
            self.derivation.close()

    def _image(self, checked: Checked, page: Any, config: Any) -> Image | None:
        meta = checked.meta
        if meta.social.image:
            path = meta.social.image
            data = (Path(config.docs_dir) / path).read_bytes()
            return file_image(path, posixpath.join(config.site_url, path), data, alt=meta.social.image_alt or meta.title)
        if self.cards:
            path = _card_path(self.cards[0], page, config)
            return card_image(path, posixpath.join(config.site_url, path), title=meta.title,
                              description=meta.description, site_name=config.site_name, layout=self.cards[1],
                              alt=meta.social.image_alt)
        return None

    def on_page_context(self, context, *, page, config, nav):
        """Give the theme its sharing metadata, and fill the review page once every article is derived."""
        if not self.config.enabled:
            return context
        if page.file.src_uri == OUTBOX_PAGE:
            self.outbox_url = page.canonical_url
            public = not self.serving
            page.content = render_outbox(self.manifest(config).entries, self._problems(), now=self.now,
                                         public=public, required=self.config.approval == "required")
            return context
        context["herald_seo"] = page_seo(self._page_info(page, config))
        return context

    def _problems(self) -> list[str]:
        return [str(p) for p in self.problems]

    def _page_info(self, page: Any, config: Any) -> PageInfo:
        checked = self.checked.get(page.file.src_uri)
        meta = checked.meta if checked else None
        own_image = self.images.get(page.file.src_uri)
        title = meta.title if meta else _plain(page.meta.get("title") or page.title or config.site_name)
        description = (meta.description if meta else _plain(page.meta.get("description"))) or config.site_description or ""
        image = own_image.url if own_image else None
        if image is None and self.cards and page.canonical_url:
            image = posixpath.join(config.site_url, _card_path(self.cards[0], page, config))
        authors = [a.name for a in getattr(page, "authors", None) or []] or list(meta.authors if meta else [])
        people = [self.authors[a] for a in (meta.authors if meta else ()) if a in self.authors]
        return PageInfo(
            title=title,
            description=str(description),
            url=page.canonical_url or config.site_url,
            site_name=config.site_name,
            site_url=config.site_url,
            publisher=config.site_author or config.site_name,
            image=image,
            published=meta.date if meta else None,
            authors=authors,
            article=meta is not None,
            creator=twitter_creator(people),
            profiles={a.name: a.profiles for a in people if a.profiles},
        )

    def manifest(self, config: Any) -> manifest.Manifest:
        """Every article the build saw: derived ones, and the rest as placeholders that say why."""
        self._collect()
        pending = [
            placeholder_entry(src, checked, slug=self.slugs.get(src) or slugs.guess(checked, src, self.blog),
                              now=self.now)
            for src, checked in self.checked.items()
            if src not in self.entries
        ]
        return manifest.build(
            config.site_url,
            [*self.entries.values(), *pending],
            approval_required=self.config.approval == "required",
            folder=self.root / self.config.build_dir,
        )

    # After the social plugin has copied every card into the site.
    @event_priority(-100)
    def on_post_build(self, *, config):
        """Write the manifest, the review page and the images publish uploads, outside the deployed site."""
        if not self.config.enabled:
            return
        if self.outbox_url:
            drop_from_sitemap(config.site_dir, self.outbox_url)
        if self.serving:
            return
        result = self.manifest(config)
        missing = output.write_build(result, Path(config.site_dir), self._problems(), now=self.now,
                                     site_name=config.site_name, review=self.config.outbox)
        for path in missing:
            log.warning(f"image {path} named in the manifest is not in the built site")
        log.info(f"manifest and review page written to {result.folder}")
