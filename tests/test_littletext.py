"""LinkedIn little-text escaping: what cuts a post short is escaped, links stay whole, hashtags stay hashtags."""

from __future__ import annotations

import pytest
from fakes.linkedin import truncate_little
from hypothesis import given
from hypothesis import strategies as st

from generator.publish.littletext import RESERVED, escape, plain


@pytest.mark.parametrize("char", sorted("\\|{}@[]()<>#*~"))
def test_each_reserved_character_is_backslash_escaped(char):
    assert escape(f"a {char} b") == f"a \\{char} b"


def test_reserved_set_is_what_truncates_plus_mention_and_hashtag_marks():
    assert set("\\|{}[]()<>*~") | {"@", "#"} == RESERVED


def test_an_underscore_is_not_escaped():
    assert escape("design_controls and utm_source") == "design_controls and utm_source"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#MedTech", "{hashtag|\\#|MedTech}"),
        ("Read this #MedTech", "Read this {hashtag|\\#|MedTech}"),
        ("line one\n#MedTech and #ISO13485", "line one\n{hashtag|\\#|MedTech} and {hashtag|\\#|ISO13485}"),
        ("#Über #Ärzte", "{hashtag|\\#|Über} {hashtag|\\#|Ärzte}"),
        ("#Med_Tech", "{hashtag|\\#|Med_Tech}"),
        ("#MedTech.", "{hashtag|\\#|MedTech}."),
    ],
)
def test_intended_hashtags_become_hashtag_templates(text, expected):
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("issue #1", "issue \\#1"),
        ("C#", "C\\#"),
        ("a#b", "a\\#b"),
        ("(#MedTech)", "\\(\\#MedTech\\)"),
        ("# heading", "\\# heading"),
        ("##double", "\\#\\#double"),
    ],
)
def test_a_hash_that_is_not_a_hashtag_is_escaped(text, expected):
    assert escape(text) == expected


def test_the_documented_example_keeps_its_hashtag():
    text = "Excited to share my thoughts on the future of #Technology and how it's shaping the world we live in."
    assert escape(text) == ("Excited to share my thoughts on the future of {hashtag|\\#|Technology} and how it's "
                            "shaping the world we live in.")


def test_brackets_and_markup_characters():
    assert escape("[draft] {x} <b>*bold*</b> ~tilde~ a|b") == (
        "\\[draft\\] \\{x\\} \\<b\\>\\*bold\\*\\</b\\> \\~tilde\\~ a\\|b")


def test_backslash_is_escaped_first_so_it_cannot_swallow_the_next_escape():
    assert escape("C:\\path (x)") == "C:\\\\path \\(x\\)"
    assert plain(escape("C:\\path (x)")) == "C:\\path (x)"


def test_urls_stay_whole_and_unescaped():
    url = "https://en.wikipedia.org/wiki/Medical_device_(regulation)#History?utm_source=linkedin&a=b_c"
    little = escape(f"See {url} now")
    assert little == f"See {url} now"
    assert truncate_little(little) == little
    assert plain(little) == f"See {url} now"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(see https://x.example/a_b).", "\\(see https://x.example/a_b\\)."),
        ("Read: https://x.example/p?utm_source=linkedin&utm_campaign=a_b.", "Read: https://x.example/p?utm_source=linkedin&utm_campaign=a_b."),
        ("<https://x.example/a>", "\\<https://x.example/a\\>"),
    ],
)
def test_punctuation_around_a_link_is_not_part_of_it(text, expected):
    assert escape(text) == expected
    assert plain(escape(text)) == text


def test_emoji_and_other_unicode_pass_through():
    text = "🚀 Launch day 👩‍⚕️ — “quotes” & ümlauts #MedTech ✅"
    little = escape(text)
    assert little == "🚀 Launch day 👩‍⚕️ — “quotes” & ümlauts {hashtag|\\#|MedTech} ✅"
    assert plain(little) == text


def test_unescaped_text_would_be_truncated_by_linkedin():
    raw = "Our notes (part 1) on design_controls #MedTech"
    assert truncate_little(raw) == "Our notes "
    assert truncate_little(escape(raw)) == escape(raw)


def test_plain_reads_mentions_and_templates_back():
    assert plain("Hello @[Acme Corp](urn:li:organization:1234) {hashtag|#|Technology}") == "Hello Acme Corp #Technology"


@given(st.text())
def test_escaping_round_trips_for_any_text(text):
    assert plain(escape(text)) == text


@given(st.text(alphabet=st.sampled_from(list("ab #_()[]{}<>@*~|\\\n1Ü🚀")), max_size=40))
def test_escaped_text_is_never_truncated(text):
    little = escape(text)
    assert truncate_little(little) == little
