"""Plain text from front matter, reference markers, and accidental hashtags, mentions and cashtags."""

from __future__ import annotations

import re

import pytest

from generator.hygiene import WORD_JOINER, clean_text, has_entity, neutralise_entities, plain_text

# X's entity rules, as twitter-text applies them: a sign, then a word character, not after one.
X_ENTITY = re.compile(r"(?<![\w&])[#＃@＠]\w|(?<![\w$])\$[A-Za-z]{1,6}(?!\w)")


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("See [a talk](https://example.com/talk) on **search**.", "See a talk on search."),
        ("Use `docs-search` and *typed* __options__.", "Use docs-search and typed options."),
        ("An <em>HTML</em> &amp; entity [^1] mix.", "An HTML & entity mix."),
        ("A [reference][ref] and an [unresolved] link.", "A reference and an unresolved link."),
        ("Auto <https://example.com> link.", "Auto https://example.com link."),
        ("![logo](logo.png) Logo first.", "logo Logo first."),
    ],
)
def test_plain_text(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("There is not an emacs package for that.E You'll see.", "There is not an emacs package for that. You'll see."),
        ("It came from a hand edit [2]. Always validate [3, 4].", "It came from a hand edit. Always validate."),
        ("We ran a [Twitter survey] in January.", "We ran a Twitter survey in January."),
        ("Proven in trials.¹ More follow.", "Proven in trials. More follow."),
        ("The U.S. FDA and Inc. A stay.", "The U.S. FDA and Inc. A stay."),
        ("It passed every lot!2 The line ran on.", "It passed every lot! The line ran on."),
        ("Did it pass the audit?† Nobody asked.", "Did it pass the audit? Nobody asked."),
    ],
)
def test_clean_text(text: str, cleaned: str) -> None:
    assert clean_text(text) == cleaned


@pytest.mark.parametrize("text", ["Use #pragma pack(1).", "See @param docs.", "Set $HOME first.", "＃include it"])
def test_accidental_entities_are_neutralised(text: str) -> None:
    assert X_ENTITY.search(text) and has_entity(text)
    neutral = neutralise_entities(text)
    assert not X_ENTITY.search(neutral) and not has_entity(neutral)
    assert neutral.replace(WORD_JOINER, "") == text


def test_intended_hashtags_stay() -> None:
    assert neutralise_entities("Read more #MedTech #pragma", keep=frozenset({"#medtech"})) == (
        f"Read more #MedTech #{WORD_JOINER}pragma"
    )
    assert neutralise_entities("Price $5 and a#b and e-mail a@b.com") == "Price $5 and a#b and e-mail a@b.com"
