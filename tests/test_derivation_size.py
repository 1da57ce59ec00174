"""Derivation of huge inputs ends and stays correct: every text operation is linear in the article's size.

Timing belongs in bench/bench_derivation_size.py; here we check that a 16,000-word unbroken sentence and a
multi-megabyte article derive into valid posts.
"""

from __future__ import annotations

import random

from generator.counter import MAX_WEIGHT, weighted_length
from generator.extract import extract_article_text
from generator.linkedin import build_linkedin
from generator.sentences import ELLIPSIS, cut_sentence, split_sentences
from generator.thread import build_thread

LINK = "https://insights.polymedica.com/blog/2026/03/02/peek/?utm_source=x&utm_medium=social&utm_campaign=peek"
WORDS = "polymer implant catheter moulding tooling cavity resin validation sterilisation e.g. 3.5 mm ISO 13485".split()


def unbroken(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(count)) + "."


def assert_valid(tweets: tuple[str, ...], source_words: set[str]) -> None:
    for tweet in tweets:
        assert weighted_length(tweet) <= MAX_WEIGHT
    for tweet in tweets[:-1]:
        words = {word.rstrip(",;:") for word in source_words} | {word.rstrip(",;:.") for word in source_words}
        for word in tweet.replace(ELLIPSIS, " ").split():
            assert word.rstrip(",;:") in words or word.rstrip(",;:.") in words, word


def test_an_unbroken_16000_word_sentence_is_cut_into_whole_words() -> None:
    sentence = unbroken(16_000)
    parts = cut_sentence(sentence, 270, weighted_length)
    assert all(weighted_length(part) <= 270 for part in parts)
    rebuilt = " ".join(part.strip(ELLIPSIS) for part in parts).split()
    assert [word.rstrip(",;:") for word in rebuilt] == [word.rstrip(",;:") for word in sentence.split()]


def test_an_unbroken_16000_word_sentence_derives_valid_posts() -> None:
    sentence = unbroken(16_000)
    html = f"<p>{sentence}</p><h2>Cost</h2><p>Machining PEEK is fast and clean, so part cost is often lower.</p>"
    text = extract_article_text(html)
    thread = build_thread(text, link=LINK, hook=sentence, numbering=False, article="a.md")
    assert_valid(thread.tweets, set(WORDS) | {"Machining", "PEEK", "is", "fast", "and", "clean,", "so", "part"})
    assert LINK in thread.tweets[-1]
    post = build_linkedin(text, link=LINK, source=LINK, title="t", description="", article="a.md")
    assert len(post.commentary) <= 3000 and "…" not in post.commentary


def test_a_multi_megabyte_article_derives_valid_posts() -> None:
    rng = random.Random(7)
    paragraphs = []
    for index in range(2_500):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 30))]
        paragraphs.append(f"<h2>Part {index}</h2><p>{' '.join(words)} is validated.</p><pre>x = 1</pre>")
    paragraphs.append(f"<p>{unbroken(300_000, seed=3)}</p>")
    html = "".join(paragraphs)
    assert len(html) > 2_000_000
    text = extract_article_text(html)
    assert len(text.sections) == 2_500
    thread = build_thread(
        text, link=LINK, description="Polymer implants need validation.", numbering=False, article="a.md"
    )
    # Random word salads are near-repeats of each other, so not every slot is filled.
    assert 3 <= len(thread.tweets) <= 6
    assert_valid(thread.tweets, set(WORDS) | {"Polymer", "implants", "need", "validation.", "is", "validated."}
                 | {word[0].upper() + word[1:] for word in WORDS})
    post = build_linkedin(text, link=LINK, source=LINK, title="t", description="", article="a.md")
    # Word salads from a 15-word vocabulary repeat each other, so few (or no) points are left after the opening.
    assert post.commentary.count("→") <= 5 and len(post.commentary) <= 3000 and "…" not in post.commentary
    assert post.commentary.endswith(f"Read the full article: {LINK}")


def test_splitting_a_long_text_with_many_abbreviations() -> None:
    text = " ".join("Use a solvent, e.g. ethanol, then dry it." for _ in range(40_000))
    sentences = split_sentences(text)
    assert len(sentences) == 40_000
    assert set(sentences) == {"Use a solvent, e.g. ethanol, then dry it."}
