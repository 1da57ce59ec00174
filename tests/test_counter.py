"""Weighted length: facts from the twitter-text v3 rules and conformance suite, and agreement with parse_tweet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from generator.counter import MAX_WEIGHT, weighted_length

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
CJK_160 = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)


def test_max_weight_is_280() -> None:
    assert MAX_WEIGHT == 280


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("This is a test.", 15),
        ("Polymedica", 10),
        ("Привет мир", 10),  # Cyrillic is in the 0-4351 range
        ("مرحبا بالعالم", 13),  # so is Arabic
        ("a\r\nb", 3),  # line endings count once
    ],
)
def test_latin_cyrillic_arabic_weigh_one(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日本語", 6),
        ("저찀쯿쿿", 8),
        (CJK_160, 320),  # conformance: "160 CJK char"
        ("the" + CJK_160, 323),
    ],
)
def test_cjk_weighs_two(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FAMILY, 2),  # ZWJ family of four
        ("\U0001f1e9\U0001f1ea", 2),  # flag DE
        ("1\ufe0f\u20e3", 2),  # keycap one
        ("\U0001f44d\U0001f3fd", 2),  # thumbs up, medium skin tone
        ("😷👾😡🔥💩", 10),  # conformance
        ("🙋🏽👨\u200d🎤", 4),  # conformance, v3
        ("Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29),  # conformance
        (f"Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; {ENGLAND}", 34),  # conformance, tag sequence flag
        (FAMILY * 140, 280),  # conformance: "140 family emoji"
        ("©", 2),  # text-style emoji still weigh 2
        ("#", 1),
        ("1", 1),
    ],
)
def test_emoji_sequences_weigh_two(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://test.com", 23),
        ("https://test.com", 23),
        ("test.com", 23),
        ("Hi http://test.co", 26),
        ("Test https://test.com test https://test.com test.com test", 86),
        ("example.com/x", 23),
        ("a.co", 23),  # a short URL weighs more than its characters
        ("README.md", 23),  # .md is Moldova's TLD
        ("https://www.twitter.com/aloha " * 10, 240),  # conformance: "10 url string"
        ("https://example.com/" + "very-long-path/" * 20, 23),
        ("randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68),  # label over 63 chars
        ("3.5 mm and 1,000 units", 22),  # numbers are not URLs
        ("https://insights.polymedica.example/peek/", 41),  # .example is no TLD, so no URL
    ],
)
def test_urls_weigh_twenty_three(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "see example.com\tand a.co\x0bor 3.5\x0cmm\rthen https://a.co/x?y=1",
        "x.co",
        "\nx.co and 2.5.",
        "e.g. and U.S.\r\nhttps://insights.polymedica.example/peek/ a.co",
        "word\x1cx.co",  # \x1c is white space to Python, not to twitter-text
        "see x.xn--p1ai and a.XN--P1AI/x",  # punycode top-level domains
        "a.CO5 a.com+ README.MD https://bench.example/a.b?c=d.e",  # a TLD only counts before a boundary
    ],
)
def test_ascii_text_with_dotted_tokens_agrees_with_parse_tweet(text: str) -> None:
    # ASCII text is weighed token by token only where a dot may start a URL, with what precedes the token.
    assert weighted_length(text) == parse_tweet(text).weightedLength


_URL_PIECES = ["a", "x", "co", "CO", "com", "Com", "de", "example", "xn--p1ai", "XN--", "md", "museum", ".", "..", "/",
               "-", "_", "5", "@", "+", "#", "?", "=", "&", "https://", "http://", "www", "t.co/", "(", ")"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_URL_PIECES), st.sampled_from(["", "", "", " ", "\n"])), max_size=25))
def test_agrees_with_parse_tweet_on_dotted_ascii(pieces: list[tuple[str, str]]) -> None:
    # Dotted ASCII tokens skip the URL extractor unless a dot is followed by a top-level domain.
    text = "".join(piece + gap for piece, gap in pieces)
    assert weighted_length(text) == parse_tweet(text).weightedLength


def test_combining_characters_are_normalized() -> None:
    assert weighted_length("e\u0301") == weighted_length("\u00e9") == 1
    assert weighted_length("A\u0301B") == 2  # conformance
    assert weighted_length("A\u05e9\u05bc\u05c1") == 4  # conformance: no precomposed form, three code points


def test_the_280_boundary() -> None:
    assert weighted_length("x" * 280) == 280
    assert weighted_length("x" * 281) == 281
    assert weighted_length("285 chars-" + "xxxxxxxxxx-" * 25) == 285  # conformance
    assert weighted_length("a" * 256 + " https://example.com/" + "p" * 100) == 280
    assert weighted_length("日" * 140) == 280
    assert weighted_length("日" * 139 + "ab") == 280
    assert weighted_length("日" * 140 + "a") == 281


_SNIPPETS = [
    "word",
    "The",
    "3.5",
    "mm",
    "e.g.",
    "U.S.",
    "example.com",
    "https://a.co/x?y=1",
    "t.co/abc)",
    "README.md",
    "foo.co.jp",
    "☃.net",
    "www.",
    "http://",
    "日本語",
    "。",
    "，",
    "Привет",
    "مرحبا",
    "😀",
    "👍🏽",
    "🇩🇪",
    "1️⃣",
    "#️⃣",
    "#",
    "©",
    "☺",
    "‼️",
    FAMILY,
    ENGLAND,
    "\u0301",
    "é",
    "\u200d",
    "\ufe0f",
    "@user",
    "(",
    ")",
    ".",
    ",",
    "—",
    "…",
    "-",
    ":",
    "/",
    "?",
    "&",
    "'",
    '"',
    "\u3000",
    "\u00a0",
    "\n",
    "\r\n",
    "\u2028",
    "\u202a",
    "\ufeff",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SNIPPETS), st.sampled_from(["", "", " ", "  ", "\n"])), max_size=30))
def test_agrees_with_parse_tweet(pieces: list[tuple[str, str]]) -> None:
    text = "".join(snippet + gap for snippet, gap in pieces)
    assert weighted_length(text) == parse_tweet(text).weightedLength


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_agrees_with_parse_tweet_on_any_text(text: str) -> None:
    assert weighted_length(text) == parse_tweet(text).weightedLength
