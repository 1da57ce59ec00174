"""Reading the manifest: malformed input is one clear line (exit 2); every article state has its own row."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from fakes.manifest import approved, article, write_site

from generator.derive import file_image
from generator.manifest import Finding, Image, Manifest, with_posts

pytest_plugins = ["fakes.fixtures"]

MANIFEST = ".herald/build/manifest.json"


def test_missing_manifest(herald):
    result = herald("publish", "--yes")
    assert result.code == 2
    assert result.err == (f"herald: error: no manifest at {MANIFEST}: run `mkdocs build` first "
                          "(or pass --build-dir)\n")


def test_build_dir_option(herald, fake_site, fake_x):
    write_site(herald.root / "public", [article("peek", fake_site.page("peek"))])
    assert herald("publish", "--yes", "--build-dir", "public", "--network", "x").code == 0
    assert len(fake_x.tweets) == 3


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", f"manifest {MANIFEST} is not valid JSON (line 1 column 2"),
        (b"[]", f"manifest {MANIFEST} must be a JSON object"),
        (b'{"articles": []}', f"manifest {MANIFEST} has schema None; this herald reads schema 2"),
        (b'{"schema": 1, "articles": []}', "has schema 1; this herald reads schema 2"),
        (b'{"schema": 2, "site_url": "https://x/", "articles": {}}', "'articles' must be a list, got dict"),
        (b'{"schema": 2, "site_url": "\xff"}', f"manifest {MANIFEST} is not UTF-8"),
    ],
)
def test_malformed_manifests_are_one_line_errors(herald, raw, message):
    path = herald.root / MANIFEST
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    result = herald("publish", "--yes")
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.pop("slug"), "articles[0]: 'slug' must be a string, got nothing"),
        (lambda a: a.update(date="next tuesday"), "articles[0] (peek): 'date' is not an ISO 8601 date"),
        (lambda a: a.update(status="live"), "'status' is 'live', expected one of due, scheduled"),
        (lambda a: a["posts"]["x"].update(texts=["ok", ""]), "posts.x: 'texts' must be a non-empty list"),
        (lambda a: a["posts"]["x"].update(weights=[1]), "posts.x: 'weights' must be one integer per text"),
        (lambda a: a["card"].pop("url"), "card: 'url' must be a string, got nothing"),
        (lambda a: a["approval"].update(hashes=[]), "approval: 'hashes' must be an object, got list"),
        (lambda a: a["image"].update(kind="gif"), "image: 'kind' is 'gif', expected file or card"),
    ],
)
def test_malformed_articles_name_the_entry_and_field(herald, fake_site, change, message):
    herald.site([article("peek", fake_site.page("peek"))])
    path = herald.root / MANIFEST
    data = json.loads(path.read_text())
    change(data["articles"][0])
    path.write_text(json.dumps(data))
    result = herald("publish", "--yes")
    assert result.code == 2
    assert message in result.err, result.err


def test_duplicate_slugs_name_both_files(herald, fake_site):
    other = replace(article("peek", fake_site.page("peek")), src="blog/posts/peek-2.md")
    herald.site([article("peek", fake_site.page("peek")), other])
    result = herald("publish", "--yes")
    assert result.code == 2
    assert "blog/posts/peek-2.md and blog/posts/peek.md have the same slug 'peek'" in result.err


def test_every_state_gets_its_own_row_and_only_due_articles_are_posted(herald, fake_site, fake_x, fake_linkedin):
    lint = (Finding("cures", "error", "blog/posts/blocked.md:12", "cures infection", "say what was shown"),)
    herald.site([
        article("due", fake_site.page("due")),
        article("future", fake_site.page("future"), date="2999-01-01T09:00:00+00:00", status="scheduled"),
        # Built before its date, which has passed since: its page is not on the site, so it is not posted.
        replace(article("late", fake_site.page("late"), status="scheduled"), posts={}),
        replace(article("draft", fake_site.page("draft"), status="draft"), posts={}),
        article("quiet", fake_site.page("quiet"), status="opted-out"),
        replace(article("broken", fake_site.page("broken"), status="invalid"), posts={},
                problems=("blog/posts/broken.md: field 'date': not a date",)),
        article("blocked", fake_site.page("blocked"), lint=lint),
        article("ignored", fake_site.page("ignored"), lint=(replace(lint[0], ignored="quoted from the FDA"),)),
        article("skeleton", fake_site.page("skeleton"), unfinished=("the description",)),
    ])

    result = herald("publish", "--yes")

    assert result.code == 1, result.text
    rows = result.rows
    assert rows[("future", "-")] == "not due: scheduled for 2999-01-01 09:00 UTC"
    assert rows[("late", "-")].startswith("needs a rebuild: its date has passed since the site was built")
    assert rows[("draft", "-")] == "draft: not posted: draft"
    assert rows[("quiet", "-")] == "opted out: social.publish is false"
    assert rows[("broken", "-")] == "invalid: invalid front matter: blog/posts/broken.md: field 'date': not a date"
    assert rows[("blocked", "-")].startswith("blocked: claims lint error (cures)")
    assert rows[("skeleton", "-")].startswith("blocked: not ready: the description")
    for slug in ("due", "ignored"):
        assert rows[(slug, "x")].startswith("posted") and rows[(slug, "linkedin")].startswith("posted")
    posted = {t.text.split(" insight")[0] for t in fake_x.tweets if " insight" in t.text}
    assert posted == {"Due", "Ignored"}
    assert len(fake_linkedin.posts) == 2


def test_approval_must_match_each_networks_posts(herald, fake_site, fake_x):
    ok = approved(article("ok", fake_site.page("ok")))
    old = approved(article("old", fake_site.page("old"), version=" v1"))
    old = replace(article("old", fake_site.page("old"), version=" v2"), approval=old.approval)
    only_linkedin = approved(article("half", fake_site.page("half")), networks=("linkedin",))
    herald.site([article("wait", fake_site.page("wait")), ok, old, only_linkedin], approval_required=True)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert result.rows[("wait", "x")].startswith("needs approval: approval is unapproved")
    assert result.rows[("old", "x")].startswith("needs approval: approval is stale (approved by Dr. Reviewer")
    assert result.rows[("half", "x")].startswith("needs approval: approval is unapproved")
    assert result.rows[("ok", "x")].startswith("posted")
    assert len(fake_x.tweets) == 3


def test_an_entry_edited_after_the_build_is_refused(herald, fake_site, fake_x):
    herald.site([article("peek", fake_site.page("peek"))])
    path = herald.root / MANIFEST
    data = json.loads(path.read_text())
    data["articles"][0]["posts"]["x"]["texts"][0] = "Something nobody approved 1/3"
    path.write_text(json.dumps(data))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert result.rows[("peek", "x")] == ("skipped: the manifest's posts do not match their hash (edited after the "
                                          "build?); rebuild the site")
    assert fake_x.tweets == []


def test_a_swapped_image_file_is_refused(herald, fake_site, fake_x):
    image = file_image("assets/peek.png", "https://x/assets/peek.png", b"the approved bytes", alt="Peek")
    item = _with_image(article("peek", fake_site.page("peek")), image)
    herald.site([item])
    (herald.build_dir / "images" / "assets" / "peek.png").write_bytes(b"other bytes")

    result = herald("publish", "--yes", "--network", "x")

    assert result.rows[("peek", "x")].startswith("skipped: image .herald/build/images/assets/peek.png is not the one")
    assert fake_x.tweets == []


def _with_image(item, image):
    """`item` carrying `image`, its hashes recomputed as the build would."""
    item = replace(item, image=image)
    return with_posts(item, {n: p.texts for n, p in item.posts.items()},
                      {n: p.weights for n, p in item.posts.items()}, {n: p.limit for n, p in item.posts.items()})


@pytest.mark.parametrize("path", ["../../../etc/hostname", "/etc/hostname"])
def test_images_outside_the_build_folder_are_never_uploaded(herald, fake_site, fake_x, path):
    image = Image(path=path, url="https://x/p.png", alt="x", kind="card", digest="sha256:0")
    item = _with_image(article("peek", fake_site.page("peek")), image)
    Manifest(site_url=fake_site.url + "/", entries=(item,), folder=herald.build_dir).write()

    result = herald("publish", "--yes", "--network", "x")

    assert result.rows[("peek", "x")] == f"skipped: image {path} lies outside .herald/build; rebuild the site"
    assert fake_x.media == {} and fake_x.tweets == []


def test_links_must_point_at_the_site(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"))
    write_site(herald.build_dir, [item], site_url="https://elsewhere.example/")
    result = herald("publish", "--yes", "--network", "x")
    assert "which is not on the site https://elsewhere.example/" in result.rows[("peek", "x")]
    assert fake_x.tweets == []


def test_only_selects_one_article_and_rejects_unknown_slugs(herald, two_articles, fake_x):
    result = herald("publish", "--yes", "--only", "valve", "--network", "x")
    assert result.code == 0
    assert set(result.rows) == {("valve", "x")}
    assert len(fake_x.tweets) == 3

    unknown = herald("publish", "--yes", "--only", "nope")
    assert unknown.code == 2
    assert unknown.err == f"herald: error: no article with slug 'nope' in {MANIFEST}\n"


def test_manifest_is_read_not_written(herald, two_articles):
    path = herald.root / MANIFEST
    before = path.read_bytes()
    herald("publish", "--yes")
    assert path.read_bytes() == before
    assert json.loads(before)["schema"] == 2
