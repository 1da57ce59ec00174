"""Sentence splitting and clean cutting of over-long sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.counter import weighted_length
from generator.sentences import ELLIPSIS, collapse_white_space, cut_sentence, join_sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("First one. Second one.", ["First one.", "Second one."]),
        ("Dr. Smith met Prof. Jones. They agreed.", ["Dr. Smith met Prof. Jones.", "They agreed."]),
        ("Use a solvent, e.g. ethanol. Then dry.", ["Use a solvent, e.g. ethanol.", "Then dry."]),
        ("It is inert, i.e. It does not react. Good.", ["It is inert, i.e. It does not react.", "Good."]),
        ("Sold in the U.S. market since 2019. Next.", ["Sold in the U.S. market since 2019.", "Next."]),
        ("See Fig. 2 for the set-up. Then read on.", ["See Fig. 2 for the set-up.", "Then read on."]),
        (
            "PEEK vs. Titanium is the question. Answer follows.",
            ["PEEK vs. Titanium is the question.", "Answer follows."],
        ),
        ("It weighs approx. 5 g in total. Light.", ["It weighs approx. 5 g in total.", "Light."]),
        ("Part No. 5 failed. No. It did not.", ["Part No. 5 failed.", "No.", "It did not."]),
        ("Acme Inc. Ships it. Acme Ltd. Too.", ["Acme Inc. Ships it.", "Acme Ltd. Too."]),
        ("Meet us on St. Mary Street. Bye.", ["Meet us on St. Mary Street.", "Bye."]),
        ("Smith et al. Showed it. Fine.", ["Smith et al. Showed it.", "Fine."]),
        ("Written by J. R. Smith in 2020. Done.", ["Written by J. R. Smith in 2020.", "Done."]),
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It measures 3.5 mm. The next is 1,000 units.", ["It measures 3.5 mm.", "The next is 1,000 units."]),
        ("Certified to ISO 13485:2016. Audited yearly.", ["Certified to ISO 13485:2016.", "Audited yearly."]),
        ("Version 2.0.1 is out. Pi is 3.14159. Done.", ["Version 2.0.1 is out.", "Pi is 3.14159.", "Done."]),
        ("Prices rose 3.5%. 30 units sold.", ["Prices rose 3.5%.", "30 units sold."]),
        ("Visit example.com. Or read README.md first.", ["Visit example.com.", "Or read README.md first."]),
    ],
)
def test_numbers_decimals_and_urls_stay_whole(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Is it safe? Yes! It is.", ["Is it safe?", "Yes!", "It is."]),
        ("We waited... and waited. Nothing.", ["We waited... and waited.", "Nothing."]),
        ("We waited… Nothing happened.", ["We waited…", "Nothing happened."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ('"Why?" she asked. Fine.', ['"Why?" she asked.', "Fine."]),
        ("(See the annex.) Next point.", ["(See the annex.)", "Next point."]),
        ("It said “done.” Next.", ["It said “done.”", "Next."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
    ],
)
def test_ellipses_quotes_and_brackets(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今日は晴れです。明日は雨です！本当？はい。", ["今日は晴れです。", "明日は雨です！", "本当？", "はい。"]),
        ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
        ("Привет. Как дела? Хорошо.", ["Привет.", "Как дела?", "Хорошо."]),
        ("مرحبا. كيف حالك؟ بخير.", ["مرحبا.", "كيف حالك؟", "بخير."]),
        ("Launch day 🚀. Everyone came 🎉!", ["Launch day 🚀.", "Everyone came 🎉!"]),
    ],
)
def test_non_latin_scripts(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_white_space_is_collapsed_and_empty_text_has_no_sentence() -> None:
    assert split_sentences("  One\n  two.\tThree  ") == ["One two.", "Three"]
    assert split_sentences("   ") == []


def test_join_sentences_respects_cjk() -> None:
    assert join_sentences(["One.", "Two."]) == "One. Two."
    assert join_sentences(["今日は晴れです。", "明日は雨です。"]) == "今日は晴れです。明日は雨です。"


LONG = (
    "Our team tested twelve medical-grade resins over six months in three climate chambers, measuring tensile "
    "strength, elongation at break and colour change after gamma sterilisation at 25 kGy; the polycarbonate blends "
    "lost up to 18 % of their impact strength, while the copolyesters kept their properties within 3.5 % of the "
    "baseline values measured before sterilisation."
)


def test_cut_prefers_the_last_clause_that_fits() -> None:
    parts = cut_sentence(LONG, 276, weighted_length)
    assert parts == [
        "Our team tested twelve medical-grade resins over six months in three climate chambers, measuring tensile "
        "strength, elongation at break and colour change after gamma sterilisation at 25 kGy; the polycarbonate "
        "blends lost up to 18 % of their impact strength…",
        "…while the copolyesters kept their properties within 3.5 % of the baseline values measured before "
        "sterilisation.",
    ]


def test_cut_ignores_a_clause_that_leaves_a_stub() -> None:
    sentence = "However, " + "the resin " * 40 + "held."
    parts = cut_sentence(sentence, 100)
    assert not parts[0].startswith("However…")
    assert all(len(part) <= 100 for part in parts)


def test_cut_at_a_spaced_dash_drops_the_dash() -> None:
    sentence = "alpha " * 12 + "— " + "beta " * 12 + "end."
    parts = cut_sentence(sentence.strip(), 90)
    assert parts[0] == ("alpha " * 12).strip() + ELLIPSIS
    assert parts[1].startswith(ELLIPSIS + "beta")


@pytest.mark.parametrize("padding", range(30))
def test_cut_never_after_an_abbreviation_or_inside_a_quantity(padding: int) -> None:
    sentence = "word " * padding + "materials e.g. PEEK at 3.5 mm and ISO 13485:2016 and Fig. 2 " + "tail " * 30
    for budget in (60, 61, 62, 63, 64, 65, 66, 67):
        parts = cut_sentence(sentence.strip(), budget)
        assert all(len(part) <= budget for part in parts)
        for part in parts:
            assert not part.endswith(("e.g.…", "3.5…", "ISO…", "Fig.…"))
            assert not part.startswith(("…mm", "…13485", "…2 "))


def test_cut_cjk_between_characters_preferring_punctuation() -> None:
    sentence = "故人西辞黄鹤楼，烟花三月下扬州" * 12 + "。"
    parts = cut_sentence(sentence, 276, weighted_length)
    assert len(parts) == 2
    assert parts[0].endswith("黄鹤楼…")  # cut after a full-width comma, which gives way to the ellipsis
    assert all(weighted_length(part) <= 276 for part in parts)


def test_cut_never_splits_an_emoji_sequence() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    sentence = (family + "\U0001f1e9\U0001f1ea\U0001f44d\U0001f3fd") * 40
    parts = cut_sentence(sentence, 51, weighted_length)
    assert all(weighted_length(part) <= 51 for part in parts)
    assert "".join(part.strip(ELLIPSIS) for part in parts) == sentence


_WORDS = st.sampled_from(
    [
        "resin",
        "PEEK",
        "3.5",
        "mm",
        "e.g.",
        "Dr.",
        "1,000",
        "and,",
        "but;",
        "so:",
        "—",
        "日本語",
        "Привет",
        "مرحبا",
        "🚀",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=120), st.integers(min_value=20, max_value=280))
def test_cut_parts_fit_and_keep_every_word_in_order(words: list[str], budget: int) -> None:
    sentence = " ".join(words)
    parts = cut_sentence(sentence, budget, weighted_length)
    assert all(weighted_length(part) <= budget for part in parts)
    kept = [word for part in parts for word in part.replace(ELLIPSIS, " ").split() if word != "—"]
    original = [word for word in sentence.split() if word != "—"]
    assert [word.rstrip(",;:") for word in kept] == [word.rstrip(",;:") for word in original]
    assert re.search(r"\S…\S", " ".join(parts)) is None


# Every kind of white space str.split() knows, and characters that are not printable but are not white space.
_SPACES_AND_INVISIBLES = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2009\u2028\u2029\u3000\u200b\u00ad\u200d"


@given(st.text(alphabet=st.sampled_from(list(_SPACES_AND_INVISIBLES) + list("ab.é中")), max_size=30))
@settings(max_examples=500)
def test_collapsing_white_space_equals_splitting_and_joining(text: str) -> None:
    assert collapse_white_space(text) == " ".join(text.split())


_PROSE_PIECES = ["Word", "word", "U.S", "e.g", "Dr", "3.5", ".", "..", "!", "?", "…", "。", "？", '"', "”", "’", ")",
                 " ", " ", "  ", "\n", "\u00a0"]


@given(st.lists(st.sampled_from(_PROSE_PIECES), max_size=40))
@settings(max_examples=400, deadline=None)
def test_full_stop_only_text_splits_as_the_general_pattern_splits_it(pieces: list[str]) -> None:
    # Text whose only end mark is "." is split with a quicker pattern; it must find the same boundaries.
    from generator import sentences

    text = "".join(pieces)
    quick = split_sentences(text)
    fast_path = sentences._STOP_BOUNDARY
    sentences._STOP_BOUNDARY = sentences._BOUNDARY
    try:
        assert split_sentences(text) == quick
    finally:
        sentences._STOP_BOUNDARY = fast_path
