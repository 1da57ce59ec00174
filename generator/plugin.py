"""MkDocs glue for Herald: each hook hands data to a plain module and stores the result."""

from __future__ import annotations

import os
import posixpath
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.config import HeraldConfig
from generator.derive import Options, derive_entry, placeholder_entry
from generator.fonts import seed_card_fonts
from generator.lint import Finding, RulesError, apply_ignores, lint_markdown, lint_posts, load_rules
from generator.manifest import build_manifest, write_manifest
from generator.outbox import OUTBOX_PAGE, PAGE_SOURCE, drop_from_sitemap, render_outbox
from generator.schema import Checked, Problem, check_file
from generator.seo import PageInfo, page_seo
from generator.symlinks import escaping_links
from generator.terminal import one_line

log = get_plugin_logger("herald")

CARDS_DIR = Path(__file__).parent / "cards"


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

    def on_config(self, config):
        """Check what links back need, locate articles, and make social cards work offline."""
        if not config.site_url:
            raise PluginError("herald: 'site_url' is not set in mkdocs.yml; derived posts link back to it")
        blog = config.plugins.get("material/blog")
        self.patterns = list(self.config.include)
        if not self.patterns and blog is not None:
            self.patterns = [posixpath.join(blog.config.post_dir.format(blog=blog.config.blog_dir), "*.md")]
        self.options = Options(
            thread_max=self.config.thread_max,
            numbering=self.config.numbering,
            hashtags=tuple(self.config.hashtags),
            utm=self.config.utm,
            linkedin_max=self.config.linkedin_max,
            approval=self.config.approval,
        )
        root = os.path.dirname(config.config_file_path or ".")
        try:
            self.rules = load_rules(os.path.join(root, self.config.rules) if self.config.rules else None)
        except RulesError as exc:
            raise PluginError(f"herald: {exc}") from None
        self.findings: dict[str, list[Finding]] = {}
        self.checked: dict[str, Checked] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        self.problems: list[Problem] = []
        self.cards_dir: str | None = None
        self.outbox_url: str | None = None
        social = config.plugins.get("material/social")
        if social is not None and social.config.enabled and social.config.cards:
            self._prepare_cards(social.config, config)
        return config

    def _prepare_cards(self, social: Any, config: Any) -> None:
        root = os.path.dirname(config.config_file_path or ".")
        cache = social.cache_dir if os.path.isabs(social.cache_dir) else os.path.join(root, social.cache_dir)
        family = social.cards_layout_options.get("font_family", "Roboto")
        seed_card_fonts(cache, family)
        if social.cards_layout == "herald":
            social.cards_layout_dir = str(CARDS_DIR)
        self.cards_dir = social.cards_dir

    def on_files(self, files: Files, *, config):
        """Validate every article before the blog reads it; drop files that cannot be rendered."""
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
            checked = check_file(Path(file.abs_src_path), file.src_uri, docs, label)
            self.checked[file.src_uri] = checked
            for problem in checked.problems:
                self.problems.append(problem)
                log.warning(str(problem))
            if not checked.readable:
                files.remove(file)
            elif checked.meta is not None:
                self.findings[file.src_uri] = lint_markdown(checked.body, label, self.rules, first_line=checked.body_line)
        if self.config.outbox:
            outbox = File.generated(config, OUTBOX_PAGE, content=PAGE_SOURCE)
            outbox.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(outbox)
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        """Material prints the title, description and tags unescaped, so give it escaped ones."""
        for key in ("title", "description"):
            if _needs_escape(page.meta.get(key)):
                page.meta[key] = Markup(escape(page.meta[key]))
        if isinstance(page.meta.get("title"), Markup):
            page.title = page.meta["title"]
        if isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = [Markup(escape(t)) if _needs_escape(t) else t for t in page.meta["tags"]]
        return markdown

    # Run after every other plugin has changed the HTML, so we derive from what readers see.
    @event_priority(-100)
    def on_page_content(self, html, *, page, config, files):
        """Derive the article's thread and LinkedIn post from its rendered HTML."""
        checked = self.checked.get(page.file.src_uri)
        if checked is None or checked.meta is None or checked.problems:
            return html
        slug = _slug(page.url)
        image, image_url = self._image(checked, page, config)
        entry = derive_entry(
            checked.meta, html, url=page.canonical_url, slug=slug, options=self.options, image=image, image_url=image_url
        )
        for warning in entry["warnings"]:
            log.warning(warning)
        findings = self.findings.get(page.file.src_uri, []) + lint_posts(
            entry["x"]["thread"], entry["linkedin"]["commentary"], _label(config, page.file.src_uri), self.rules
        )
        findings = apply_ignores(findings, checked.meta.social.lint_ignore)
        for finding in findings:
            if finding.ignored is None:
                (log.warning if finding.severity == "error" else log.info)(str(finding))
        entry["lint"] = [vars(f) for f in findings]
        self.entries[page.file.src_uri] = entry
        return html

    # Before any template is rendered: in collect mode the work `herald check` needs is done.
    @event_priority(100)
    def on_env(self, env, *, config, files):
        """Stop a collect-mode build here; templates and cards are not needed to check articles."""
        if self.collect_only:
            raise Collected(self)
        return env

    def _image(self, checked: Checked, page: Any, config: Any) -> tuple[str | None, str | None]:
        if checked.meta.social.image:
            path = checked.meta.social.image
        elif self.cards_dir:
            path = _card_path(self.cards_dir, page, config)
        else:
            return None, None
        return path, posixpath.join(config.site_url, path)

    def on_page_context(self, context, *, page, config, nav):
        """Give the theme its sharing metadata, and fill the outbox once every article is derived."""
        if page.file.src_uri == OUTBOX_PAGE:
            self.outbox_url = page.canonical_url
            page.content = render_outbox(
                list(self.entries.values()), [str(p) for p in self.problems], linkedin_max=self.config.linkedin_max
            )
            return context
        context["herald_seo"] = page_seo(self._page_info(page, config))
        return context

    def _page_info(self, page: Any, config: Any) -> PageInfo:
        checked = self.checked.get(page.file.src_uri)
        meta = checked.meta if checked else None
        entry = self.entries.get(page.file.src_uri)
        title = meta.title if meta else _plain(page.meta.get("title") or page.title or config.site_name)
        description = (meta.description if meta else _plain(page.meta.get("description"))) or config.site_description or ""
        image = entry["image_url"] if entry else None
        if image is None and self.cards_dir and page.canonical_url:
            image = posixpath.join(config.site_url, _card_path(self.cards_dir, page, config))
        authors = [a.name for a in getattr(page, "authors", None) or []] or list(meta.authors if meta else [])
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
        )

    def on_post_build(self, *, config):
        """Write the manifest: the only thing `herald publish` reads."""
        pending = [
            placeholder_entry(src, checked)
            for src, checked in self.checked.items()
            if src not in self.entries
        ]
        manifest = build_manifest(config.site_url, [*self.entries.values(), *pending])
        write_manifest(config.site_dir, manifest)
        if self.outbox_url:
            drop_from_sitemap(config.site_dir, self.outbox_url)

