"""Front matter of an article: read it, check it, and say exactly what is wrong.

Runs inside the build (from the plugin) and outside it (`herald check`), so it
reads the source file itself and never depends on mkdocs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.terminal import has_controls, one_line

FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)", re.S)

SOCIAL_KEYS = (
    "publish",
    "hashtags",
    "hook",
    "thread",
    "linkedin",
    "image",
    "image_alt",
    "networks",
    "approved_by",
    "approved_at",
    "approved_hash",
    "lint_ignore",
    # Material's social plugin reads these per page; Herald leaves them to it.
    "cards",
    "cards_layout",
    "cards_layout_options",
)
# Fields MkDocs or Material's blog and tags plugins read themselves; they fail on a value of another type.
MATERIAL_FIELDS = ("title", "authors", "categories", "tags", "draft", "slug")
ARTICLE_KEYS = ("title", "description", "date", "authors", "categories", "tags", "draft", "slug", "social")
# Front matter that MkDocs, Material and its blog understand: fine on an article, unused by Herald.
OTHER_KEYS = ("template", "icon", "status", "subtitle", "hide", "search", "comments", "links", "pin", "readtime",
              "robots")


class _StringDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A loader that leaves timestamps as text, so a bad date is reported as a field, not a crash."""


_StringDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Real front matter nests three levels deep (social.lint_ignore[].rule); libyaml recurses per level and
# crashes the interpreter somewhere past 10,000, and its scanner is quadratic in the depth.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one article: where, which field, what was expected."""

    src: str
    message: str
    field: str = ""
    fatal: bool = False
    warning: bool = False

    def __str__(self) -> str:
        where = f"field '{self.field}': " if self.field else ""
        return one_line(f"{self.src}: {where}{self.message}")


@dataclass(frozen=True)
class Social:
    """The `social:` block, with defaults filled in."""

    publish: bool = True
    hashtags: tuple[str, ...] = ()
    hook: str | None = None
    thread: tuple[str, ...] | None = None
    linkedin: str | None = None
    image: str | None = None
    image_alt: str | None = None
    networks: tuple[str, ...] | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    approved_hash: tuple[tuple[str, str], ...] = ()
    lint_ignore: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ArticleMeta:
    """Validated front matter of one article."""

    src: str
    title: str
    description: str
    date: dt.datetime
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    slug: str | None = None
    social: Social = Social()


@dataclass(frozen=True)
class Checked:
    """The outcome of reading one article: its meta when valid, and every problem found."""

    meta: ArticleMeta | None
    problems: tuple[Problem, ...]
    raw: dict[str, Any] | None = None
    body: str = ""
    body_line: int = 1

    @property
    def readable(self) -> bool:
        """False when the file cannot be rendered at all (encoding, YAML, date)."""
        return not any(p.fatal for p in self.problems)


def _kind(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing (empty value)"
    text = repr(value) if isinstance(value, (str, int, float, bool)) else ""
    return f"{names.get(type(value), type(value).__name__)}{' ' + text if text and len(text) < 60 else ''}"


def _did_you_mean(key: str, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(options)}"


def parse_date(value: Any) -> dt.datetime | None:
    """Accept what YAML authors write for a date; None when it is not one."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def read_article(path: Path, src: str) -> tuple[dict[str, Any] | None, Problem | None, str, int]:
    """Front matter, problem, body text and the body's first line number."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return None, Problem(src, f"cannot read the file: {exc.strerror or exc}", fatal=True), "", 1
    except UnicodeDecodeError as exc:
        return None, Problem(
            src,
            f"file is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "save it with UTF-8 encoding",
            fatal=True,
        ), "", 1
    match = FRONT_MATTER.match(text)
    if not match:
        return None, Problem(src, "no front matter: expected a YAML block between '---' lines at the top", fatal=True), text, 1
    try:
        refused = _refused_structure(match.group(1) or "")
        data = None if refused else yaml.load(match.group(1) or "", Loader=_StringDates)
    except yaml.reader.ReaderError as exc:
        return None, Problem(
            src, f"front matter holds the control character U+{exc.character:04X}; remove it", fatal=True
        ), "", 1
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, Problem(src, f"malformed YAML front matter{where}: {problem}", fatal=True), "", 1
    if refused:
        return None, Problem(src, refused, fatal=True), "", 1
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, Problem(src, f"front matter must be a mapping of fields, got {_kind(data)}", fatal=True), "", 1
    return data, None, text[match.end():], text.count("\n", 0, match.end()) + 1


def _refused_structure(block: str) -> str | None:
    """Why the YAML must not be loaded (an alias, or nesting past MAX_DEPTH), read from its events.

    Aliases are refused outright: front matter never needs them, and a few hundred bytes of nested
    aliases expand to gigabytes in whatever walks the values (MkDocs, Material, Jinja).
    """
    depth = 0
    for event in yaml.parse(block, Loader=_StringDates):
        if isinstance(event, yaml.AliasEvent):
            return (
                f"YAML alias '*{one_line(str(event.anchor))}' at line {event.start_mark.line + 2}: "
                "aliases are not allowed in front matter; write the value out"
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return (
                    f"front matter nests deeper than {MAX_DEPTH} levels at line {event.start_mark.line + 2}: "
                    "expected plain fields, lists and the social block"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _controls(data: dict[str, Any], src: str) -> list[Problem]:
    """One problem per field whose name or text holds a C0 or C1 control character."""
    problems: list[Problem] = []
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:
        field, value = todo.pop()
        if isinstance(value, str) and has_controls(value):
            problems.append(
                Problem(src, "holds a control character (such as ESC or CR); remove it: expected plain text", field)
            )
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{field}.{one_line(str(key))}" if field else one_line(str(key))
                if has_controls(str(key)):
                    problems.append(Problem(src, "the field name holds a control character", name))
                else:
                    todo.append((name, item))
        elif isinstance(value, list):
            todo.extend((f"{field}[{i}]", item) for i, item in enumerate(value))
    return sorted(problems, key=lambda p: p.field)


def _text(data: dict, key: str, src: str, problems: list[Problem], *, field: str = "", required: bool = False) -> str | None:
    name = field or key
    if key not in data or data[key] is None:
        if required:
            problems.append(Problem(src, "is required: expected a non-empty string", name))
        return None
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(src, f"expected a non-empty string, got {_kind(value)}", name))
        return None
    return value.strip()


def _strings(data: dict, key: str, src: str, problems: list[Problem], *, field: str = "") -> tuple[str, ...] | None:
    name = field or key
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(src, f"expected a list of strings, got {_kind(value)}", name))
        return None
    return tuple(v.strip() for v in value)


def _flag(data: dict, key: str, src: str, problems: list[Problem], *, field: str = "") -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        problems.append(Problem(src, f"expected true or false, got {_kind(value)}", field or key))
        return None
    return value


def _image(value: Any, src: str, content_dir: Path, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(src, f"expected a path relative to content/, got {_kind(value)}", "social.image"))
        return None
    rel = PurePosixPath(value.strip())
    root = content_dir.resolve()
    target = (root / rel).resolve()
    if rel.is_absolute() or not target.is_relative_to(root):
        problems.append(Problem(src, f"'{value}' escapes content/: expected a path inside content/", "social.image"))
        return None
    if not target.is_file():
        problems.append(Problem(src, f"'{value}' does not exist: expected an image file under content/", "social.image"))
        return None
    return rel.as_posix()


# X takes the longest alt text of the four networks only up to this.
ALT_MAX = 1000


def _image_alt(value: Any, src: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(src, f"expected the image's description as a non-empty string, got {_kind(value)}",
                                "social.image_alt"))
        return None
    text = " ".join(value.split())
    if len(text) > ALT_MAX:
        problems.append(Problem(src, f"is {len(text)} characters: expected at most {ALT_MAX} (X's limit for alt "
                                     "text)", "social.image_alt"))
        return None
    return text


def _networks(value: Any, src: str, problems: list[Problem]) -> tuple[str, ...] | None:
    from generator.networks import NETWORKS, unknown

    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(src, f"expected a list of network names ({', '.join(NETWORKS)}), got {_kind(value)}",
                                "social.networks"))
        return None
    names = tuple(dict.fromkeys(v.strip().lower() for v in value))
    for name in names:
        if name not in NETWORKS:
            problems.append(Problem(src, unknown(name), "social.networks"))
            return None
    return names


def _lint_ignore(value: Any, src: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    ok = isinstance(value, list) and all(
        isinstance(v, dict) and isinstance(v.get("rule"), str) and isinstance(v.get("reason"), str) and v["reason"].strip()
        for v in value
    )
    if not ok:
        problems.append(
            Problem(src, f"expected a list of {{rule: ID, reason: why}} entries, got {_kind(value)}", "social.lint_ignore")
        )
        return ()
    return tuple((v["rule"], v["reason"].strip()) for v in value)


def _hashes(value: Any, src: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        problems.append(Problem(src, f"expected a mapping of network: hash as `herald approve` writes it, got "
                                     f"{_kind(value)}; run `herald approve` again", "social.approved_hash"))
        return ()
    return tuple(sorted(value.items()))


def _authors(value: tuple[str, ...], known: frozenset[str] | None, authors_file: str, src: str,
             problems: list[Problem]) -> None:
    """An unknown id stops Material's blog mid-build, so it is fatal: the file waits until it is fixed."""
    if known is None:
        return
    for author in value:
        if author not in known:
            close = difflib.get_close_matches(author, sorted(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known ids: {', '.join(sorted(known)) or 'none'}"
            problems.append(Problem(src, f"unknown author id '{author}' (not in {authors_file}){hint}", "authors",
                                    fatal=True))


def _unknown_keys(data: dict[str, Any], src: str, problems: list[Problem]) -> None:
    known = ARTICLE_KEYS + OTHER_KEYS
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "Herald, MkDocs and Material do not read it"
            problems.append(Problem(src, f"unknown front matter key; {hint}", str(key), warning=True))


def _social(value: Any, src: str, content_dir: Path, problems: list[Problem]) -> Social:
    if value is None:
        return Social()
    if not isinstance(value, dict):
        problems.append(Problem(src, f"expected a mapping of social fields, got {_kind(value)}", "social"))
        return Social()
    for key in value:
        if key not in SOCIAL_KEYS:
            problems.append(Problem(src, f"unknown key{_did_you_mean(str(key), SOCIAL_KEYS)}", f"social.{key}"))
    publish = _flag(value, "publish", src, problems, field="social.publish")
    hashtags = _strings(value, "hashtags", src, problems, field="social.hashtags") or ()
    for tag in hashtags:
        if not re.fullmatch(r"#?\w+", tag):
            problems.append(Problem(src, f"'{tag}' is not a hashtag: expected letters, digits or _ only", "social.hashtags"))
    approved_at = value.get("approved_at")
    return Social(
        publish=True if publish is None else publish,
        hashtags=tuple(t.lstrip("#") for t in hashtags),
        hook=_text(value, "hook", src, problems, field="social.hook"),
        thread=_strings(value, "thread", src, problems, field="social.thread"),
        linkedin=_text(value, "linkedin", src, problems, field="social.linkedin"),
        image=_image(value.get("image"), src, content_dir, problems),
        image_alt=_image_alt(value.get("image_alt"), src, problems),
        networks=_networks(value.get("networks"), src, problems),
        approved_by=_text(value, "approved_by", src, problems, field="social.approved_by"),
        approved_at=str(approved_at) if approved_at is not None else None,
        approved_hash=_hashes(value.get("approved_hash"), src, problems),
        lint_ignore=_lint_ignore(value.get("lint_ignore"), src, problems),
    )


def _material_only(data: dict[str, Any], src: str) -> list[Problem]:
    """Fields Herald does not use but Material's blog reads, and stops the whole build on when malformed."""
    problems = []
    for key, kind, expected in (("pin", bool, "true or false"), ("readtime", int, "a whole number of minutes")):
        value = data.get(key)
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            problems.append(Problem(src, f"expected {expected}, got {_kind(value)}", key, fatal=True))
    if data.get("links") is not None and not isinstance(data["links"], list):
        problems.append(Problem(src, f"expected a list of links, got {_kind(data['links'])}", "links", fatal=True))
    for key in ("authors", "categories"):
        names = data.get(key)
        if isinstance(names, list) and all(isinstance(n, str) for n in names) and len(set(names)) < len(names):
            problems.append(Problem(src, "names the same entry twice: expected each once", key, fatal=True))
    return problems


def _fatal_for_material(problem: Problem, data: dict[str, Any]) -> Problem:
    """A value of the wrong type in a field MkDocs or Material reads stops their build: leave the file out."""
    value = data.get(problem.field)
    if problem.field in MATERIAL_FIELDS and value is not None and not (isinstance(value, str) and problem.field in ("title", "slug")):
        return replace(problem, fatal=True)
    return problem


def validate(
    data: dict[str, Any],
    src: str,
    content_dir: Path,
    label: str | None = None,
    *,
    authors: frozenset[str] | None = None,
    authors_file: str = ".authors.yml",
) -> tuple[ArticleMeta | None, list[Problem]]:
    """Check an article's front matter; the meta is None when a required field is unusable.

    `src` is the path relative to content/ that the manifest records; `label` is
    how messages name the file for a person (defaults to `src`).
    """
    problems: list[Problem] = []
    meta_src, src = src, label or src
    problems += _controls(data, src)
    title = _text(data, "title", src, problems, required=True)
    if data.get("title") is not None and not isinstance(data["title"], str):
        problems[-1] = Problem(src, f"expected a string, got {_kind(data['title'])}; quote it: title: \"...\"", "title")
    description = _text(data, "description", src, problems, required=True)
    explained: set[str] = set()
    if description is None and "description" not in data:
        unknown = [str(k) for k in data if k not in ARTICLE_KEYS + OTHER_KEYS]
        typo = difflib.get_close_matches("description", unknown, n=1, cutoff=0.75) or unknown[:1]
        if typo:
            explained.add(typo[0])
            problems[-1] = Problem(src, f"is required: expected a non-empty string; did you mean to write 'description' instead of '{typo[0]}'?", "description")
    raw_date = data.get("date")
    if isinstance(raw_date, dict):
        raw_date = raw_date.get("created")
    date = parse_date(raw_date)
    if raw_date is None:
        problems.append(Problem(src, "is required: expected a date such as 2026-03-02", "date", fatal=True))
    elif date is None:
        problems.append(Problem(src, f"{_kind(raw_date)} is not a date: expected YYYY-MM-DD (or an ISO 8601 date-time)", "date", fatal=True))
    ids = _strings(data, "authors", src, problems) or ()
    _authors(ids, authors, authors_file, src, problems)
    categories = _strings(data, "categories", src, problems) or ()
    for name in categories:
        if any(ch in name for ch in '<>"'):
            # Material's blog writes category names into its pages as they are.
            problems.append(Problem(src, f"{name!r} holds <, > or \": expected a plain category name", "categories"))
    tags = _strings(data, "tags", src, problems) or ()
    draft = _flag(data, "draft", src, problems)
    slug = _text(data, "slug", src, problems)
    social = _social(data.get("social"), src, content_dir, problems)
    problems += _material_only(data, src)
    problems = [_fatal_for_material(p, data) for p in problems]
    _unknown_keys({k: v for k, v in data.items() if k not in explained}, src, problems)
    if title is None or description is None or date is None or any(not p.warning for p in problems):
        return None, problems
    return (
        ArticleMeta(
            src=meta_src,
            title=title,
            description=description,
            date=date,
            authors=ids,
            categories=categories,
            tags=tags,
            draft=bool(draft),
            slug=slug,
            social=social,
        ),
        problems,
    )


def check_file(path: Path, src: str, content_dir: Path, label: str | None = None, **known: Any) -> Checked:
    """Read and validate one article file; `known` passes the author ids on to `validate`."""
    data, problem, body, body_line = read_article(path, label or src)
    if problem:
        return Checked(None, (problem,))
    meta, problems = validate(data, src, content_dir, label, **known)
    return Checked(meta, tuple(problems), data, body, body_line)

