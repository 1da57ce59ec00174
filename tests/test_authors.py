"""Author handles: reading and checking `.authors.yml`, crediting authors on pages and in posts."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from conftest import AUTHORS, GOOD_POST
from generator.authors import (
    Author,
    AuthorsError,
    apply_linkedin_mentions,
    linkedin_byline,
    linkedin_mentions,
    load_authors,
    parse_authors,
    twitter_creator,
    x_byline,
)
from generator.publish.littletext import escape, plain

LABEL = "content/blog/.authors.yml"

FILE = """\
authors:
  akoch:
    name: Dr. Anna Koch
    description: Head of Regulatory Affairs
    avatar: a.svg
    x: "@AnnaKoch_RA"
    linkedin: urn:li:person:pmA7kQ2xR9
    bluesky: "@AKoch.bsky.social"
    mastodon: "@akoch@Mastodon.Social"
  lschmidt:
    name: Lena Schmidt
    description: Manufacturing
    avatar: l.svg
    linkedin: in/lena-schmidt
  jmiller:
    name: Jordan Miller
    description: Marketing
    avatar: j.svg
"""


def authors() -> dict[str, Author]:
    return parse_authors(yaml.safe_load(FILE), LABEL)


def test_handles_are_read_and_normalised():
    got = authors()
    assert got["akoch"] == Author(
        id="akoch",
        name="Dr. Anna Koch",
        x="AnnaKoch_RA",
        linkedin="urn:li:person:pmA7kQ2xR9",
        bluesky="akoch.bsky.social",
        mastodon="akoch@mastodon.social",
    )
    assert got["akoch"].linkedin_urn == "urn:li:person:pmA7kQ2xR9"
    assert got["akoch"].profiles == (
        "https://x.com/AnnaKoch_RA",
        "https://bsky.app/profile/akoch.bsky.social",
        "https://mastodon.social/@akoch",
    )
    assert got["lschmidt"].linkedin == "lena-schmidt" and got["lschmidt"].linkedin_urn is None
    assert got["lschmidt"].profiles == ("https://www.linkedin.com/in/lena-schmidt/",)
    assert got["jmiller"] == Author(id="jmiller", name="Jordan Miller")


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("x", "@anna koch", "an X handle"),
        ("x", "@a_handle_far_too_long", "an X handle"),
        ("x", 12345, "an X handle"),
        ("linkedin", "urn:li:organization:1", "a LinkedIn profile name"),
        ("linkedin", "https://linkedin.com/in/x", "a LinkedIn profile name"),
        ("bluesky", "akoch", "a Bluesky handle"),
        ("mastodon", "akoch.social", "a Mastodon address"),
        ("mastodon", "@akoch@", "a Mastodon address"),
    ],
)
def test_malformed_handle_is_one_error_naming_file_and_author(key, value, expected):
    data = yaml.safe_load(FILE)
    data["authors"]["lschmidt"][key] = value
    with pytest.raises(AuthorsError) as info:
        parse_authors(data, LABEL)
    message = str(info.value)
    assert message.startswith(f"{LABEL}: author 'lschmidt': '{key}' is {value!r}; expected {expected}")
    assert "\n" not in message


def test_broken_files_are_clear(tmp_path):
    path = tmp_path / ".authors.yml"
    assert load_authors(path) == {}
    path.write_text("authors: [a, b]\n", encoding="utf-8")
    with pytest.raises(AuthorsError, match=r"\.authors\.yml: expected a mapping 'authors:'"):
        load_authors(path)
    path.write_text("authors:\n  a: {description: x}\n", encoding="utf-8")
    with pytest.raises(AuthorsError, match=r"author 'a': 'name' must be a non-empty string"):
        load_authors(path)
    path.write_text("authors:\n  a: [\n", encoding="utf-8")
    with pytest.raises(AuthorsError, match=r"not readable YAML"):
        load_authors(path)


def test_twitter_creator_is_the_first_author_on_x():
    a = authors()
    assert twitter_creator([a["jmiller"], a["akoch"]]) == "@AnnaKoch_RA"
    assert twitter_creator([a["jmiller"], a["lschmidt"]]) is None
    assert twitter_creator([]) is None


def test_bylines_name_handles_on_x_and_names_on_linkedin():
    a = authors()
    assert x_byline([a["akoch"]]) == "by @AnnaKoch_RA"
    assert x_byline([a["akoch"], a["jmiller"]]) == "by @AnnaKoch_RA and Jordan Miller"
    assert x_byline([a["jmiller"], a["lschmidt"], a["akoch"]]) == "by Jordan Miller, Lena Schmidt and @AnnaKoch_RA"
    assert x_byline([]) == ""
    assert linkedin_byline([a["akoch"], a["lschmidt"]]) == "by Dr. Anna Koch and Lena Schmidt"
    assert linkedin_byline([]) == ""


def test_linkedin_mentions_only_with_a_urn_in_the_documented_form():
    a = authors()
    people = [a["akoch"], a["lschmidt"]]
    assert linkedin_mentions(people) == (("Dr. Anna Koch", "urn:li:person:pmA7kQ2xR9"),)
    byline = linkedin_byline(people)
    commentary = f"Dr. Anna Koch explains the new rules.\n\n{byline}\n\nhttps://x.example/a?utm_source=linkedin #MedTech"
    little = apply_linkedin_mentions(escape(commentary), byline, linkedin_mentions(people))
    assert little.count("@[Dr. Anna Koch](urn:li:person:pmA7kQ2xR9)") == 1
    assert little.startswith("Dr. Anna Koch explains")
    assert "\n\nby @[Dr. Anna Koch](urn:li:person:pmA7kQ2xR9) and Lena Schmidt\n\n" in little
    # What a reader sees is the plain byline again.
    assert plain(little) == commentary
    # No URN, no mention: the text is left exactly as escaped.
    assert apply_linkedin_mentions(escape(commentary), byline, linkedin_mentions([a["lschmidt"]])) == escape(commentary)


def test_a_name_that_cannot_sit_in_a_mention_is_left_plain():
    odd = Author(id="o", name="Kim (QA) Lee", linkedin="urn:li:person:abc")
    assert linkedin_mentions([odd]) == ()


def test_malformed_handle_fails_the_build_with_one_line(mini_site):
    broken = AUTHORS + "    x: not a handle\n"
    built = mini_site({"good.md": GOOD_POST}, files={"blog/.authors.yml": broken.encode()})
    assert built.result.returncode == 1
    expected = "content/blog/.authors.yml: author 'tester': 'x' is 'not a handle'; expected an X handle"
    errors = [line for line in built.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and expected in errors[0], built.log
    assert "Traceback" not in built.log
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=built.root, capture_output=True, text=True, timeout=300)
    assert check.returncode == 2 and "Traceback" not in check.stderr


def test_first_tweet_credits_the_author_before_its_counter():
    from generator.authors import credit_first_tweet
    from generator.counter import weighted_length

    thread = ("Machining or moulding PEEK? Here is how we weigh the two routes. 1/3", "Second point. 2/3", "Link 3/3")
    credited = credit_first_tweet(thread, "by @mweber_polymers")
    assert credited[0] == "Machining or moulding PEEK? Here is how we weigh the two routes.\nby @mweber_polymers 1/3"
    assert credited[1:] == thread[1:]
    assert credit_first_tweet(("No counter here.",), "by @a") == ("No counter here.\nby @a",)
    assert credit_first_tweet(thread, "") == thread
    full = ("word " * 54).strip() + " 1/2"
    assert weighted_length(full) <= 280 < weighted_length(full + "\nby @mweber_polymers")
    assert credit_first_tweet((full, "x 2/2"), "by @mweber_polymers") == (full, "x 2/2")


def test_linkedin_post_credits_the_author_after_the_hook():
    from generator.authors import credit_linkedin

    post = "The hook line.\n\nKey point one.\nKey point two.\n\nhttps://x.example/a #MedTech"
    assert credit_linkedin(post, "by Dr. Anna Koch") == (
        "The hook line.\n\nby Dr. Anna Koch\n\nKey point one.\nKey point two.\n\nhttps://x.example/a #MedTech"
    )
    assert credit_linkedin("Only a hook.", "by A") == "Only a hook.\n\nby A"
    assert credit_linkedin(post, "") == post
