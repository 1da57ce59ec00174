"""Reading the manifest: malformed input is one clear line (exit 2); due, scheduled and approval rules."""

from __future__ import annotations

import json

import pytest
from fakes.manifest import article

pytest_plugins = ["fakes.fixtures"]


def test_missing_manifest(herald):
    result = herald("publish", "--yes")
    assert result.code == 2
    assert result.err == ("herald: error: no manifest at site/social/manifest.json; run `mkdocs build` first "
                          "(or pass --site-dir)\n")


def test_site_dir_option(herald, fake_site, fake_x):
    from fakes.manifest import write_site

    write_site(herald.root / "public", [article("peek", fake_site.page("peek"))])
    assert herald("publish", "--yes", "--site-dir", "public", "--network", "x").code == 0
    assert len(fake_x.tweets) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "manifest site/social/manifest.json is not valid JSON (line 1 column 2"),
        ("[]", "manifest site/social/manifest.json must be a JSON object"),
        ('{"articles": []}', "manifest site/social/manifest.json has no 'schema'; rebuild the site"),
        ('{"schema": 2, "articles": []}', "has schema 2; this herald reads schema 1"),
        ('{"schema": 1, "site_url": "https://x/", "articles": {}}', "'articles' must be a list, got dict"),
    ],
)
def test_malformed_manifests_are_one_line_errors(herald, text, message):
    path = herald.root / "site" / "social" / "manifest.json"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    result = herald("publish", "--yes")
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.pop("slug"), "articles[0]: 'slug' is missing"),
        (lambda a: a.update(date="next tuesday"), "articles[0] (peek): 'date' is not an ISO 8601 date"),
        (lambda a: a.update(status="live"), "'status' is 'live', expected one of due, draft"),
        (lambda a: a.update(publish="yes"), "'publish' must be true or false, got str"),
        (lambda a: a["x"].update(thread=["ok", ""]), "'x.thread' must be a list of non-empty strings"),
        (lambda a: a["linkedin"]["article"].pop("source"), "linkedin.article: 'source' is missing"),
        (lambda a: a["approval"].update(state="maybe"), "approval 'state' is 'maybe'"),
    ],
)
def test_malformed_articles_name_the_entry_and_field(herald, fake_site, change, message):
    item = article("peek", fake_site.page("peek"))
    change(item)
    herald.site([item])
    result = herald("publish", "--yes")
    assert result.code == 2
    assert message in result.err


def test_duplicate_slugs(herald, fake_site):
    herald.site([article("peek", fake_site.page("peek")), article("peek", fake_site.page("peek"))])
    result = herald("publish", "--yes")
    assert result.code == 2 and "slug 'peek' appears twice" in result.err


def test_only_due_articles_are_posted(herald, fake_site, fake_x, fake_linkedin):
    herald.site([
        article("due", fake_site.page("due")),
        article("future", fake_site.page("future"), date="2999-01-01T09:00:00+00:00", status="scheduled"),
        article("late", fake_site.page("late"), status="scheduled"),
        article("draft", fake_site.page("draft"), status="draft"),
        article("quiet", fake_site.page("quiet"), publish=False, status="opted-out"),
        article("broken", fake_site.page("broken"), status="invalid", warnings=["thread tweet 2 is 301 chars"]),
    ])

    result = herald("publish", "--yes")

    assert result.code == 1
    assert {slug for slug, _ in result.rows} == {"due", "future", "late", "broken"}
    assert result.rows[("future", "x")] == "not due: scheduled for 2999-01-01 09:00 UTC"
    assert result.rows[("broken", "linkedin")] == ("skipped: the build marked it invalid: thread tweet 2 is "
                                                    "301 chars")
    assert result.rows[("late", "x")].startswith("posted")
    posted = {t.text.split(" insight")[0] for t in fake_x.tweets if " insight" in t.text}
    assert posted == {"Due", "Late"}
    assert len(fake_linkedin.posts) == 2


def test_articles_waiting_for_approval_are_skipped_not_failed(herald, fake_site, fake_x):
    waiting = {"required": True, "approved_by": None, "approved_at": None, "approved_hash": None,
               "state": "unapproved"}
    approved = {"required": True, "approved_by": "qa@polymedica.example", "approved_at": "2026-01-04T10:00:00Z",
                "approved_hash": "sha256:ab", "state": "approved"}
    stale = {**approved, "state": "stale"}
    herald.site([article("wait", fake_site.page("wait"), approval=waiting),
                 article("ok", fake_site.page("ok"), approval=approved),
                 article("old", fake_site.page("old"), approval=stale)])

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert "x wait: needs approval: approval is unapproved" in result.out
    assert result.rows[("old", "x")] == "needs approval: approval is stale (approved_by qa@polymedica.example)"
    assert result.rows[("ok", "x")].startswith("posted")
    assert len(fake_x.tweets) == 3


def test_only_selects_one_article_and_rejects_unknown_slugs(herald, two_articles, fake_x):
    result = herald("publish", "--yes", "--only", "valve", "--network", "x")
    assert result.code == 0
    assert set(result.rows) == {("valve", "x")}
    assert len(fake_x.tweets) == 3

    unknown = herald("publish", "--yes", "--only", "nope")
    assert unknown.code == 2
    assert unknown.err == "herald: error: no article with slug 'nope' in site/social/manifest.json\n"


def test_manifest_is_read_not_written(herald, two_articles):
    path = herald.root / "site" / "social" / "manifest.json"
    before = path.read_bytes()
    herald("publish", "--yes")
    assert path.read_bytes() == before
    assert json.loads(before)["schema"] == 1
