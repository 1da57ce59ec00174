"""X thread: properties over arbitrary articles, and the editorial rules on concrete ones."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.counter import MAX_WEIGHT, weighted_length
from generator.models import ArticleText, Section
from generator.sentences import split_sentences
from generator.hygiene import WORD_JOINER
from generator.thread import build_thread

LINK = "https://insights.polymedica.com/blog/2026/03/02/peek/?utm_source=x&utm_medium=social&utm_campaign=peek"
EXAMPLE_LINK = (
    "https://insights.polymedica.example/blog/2026/03/02/peek/?utm_source=x&utm_medium=social&utm_campaign=peek"
)
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
NUMBER_SUFFIX = re.compile(r" (\d+)/(\d+)$")
WIDE = re.compile(r"([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])")

ARTICLE = ArticleText(
    lead=(
        "Spinal fusion cages made of PEEK let surgeons see the healing bone on X-ray and CT, something titanium "
        "hides. In this article we compare both materials and explain what it means for your next design.",
    ),
    sections=(
        Section(
            "Radiolucency changes follow-up imaging",
            (
                "Titanium blocks X-rays and creates artefacts on CT and MRI, so surgeons cannot judge fusion. "
                "PEEK is radiolucent: only small tantalum markers show its position. A 2019 review confirms it.",
            ),
        ),
        Section(
            "Stiffness close to bone",
            ("PEEK sits at about 3.6 GPa, close to cortical bone, while titanium alloy is around 110 GPa.",),
        ),
        Section("Checklist", (), ("Raw material certificate against ASTM F2026", "Cleaning validated to ISO 19227")),
        Section("Cost", ("Machining PEEK is fast and clean, so part cost is often lower than you would expect.",)),
        Section("Regulatory path", ("Switching material is a significant change under the EU MDR, so plan for it.",)),
    ),
)
TAKEAWAYS = ("PEEK shows fusion on X-ray and CT.", "PEEK is about as stiff as bone.", "Coatings add testing.")


def body(tweet: str) -> str:
    return NUMBER_SUFFIX.sub("", tweet)


# ---------------------------------------------------------------------------------------------------------
# Properties over generated articles
# ---------------------------------------------------------------------------------------------------------

_LATIN_WORDS = (
    "PEEK cage bone fusion titanium surgeon imaging stiffness modulus resin coating validation implant device "
    "notified body risk file testing machining cost the a of and to in is that for with as on by"
).split()
_LATIN = st.sampled_from(_LATIN_WORDS)
_WORD = st.one_of(
    _LATIN,
    _LATIN,
    _LATIN,
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=14),
    _LATIN.map(lambda word: word + ","),
    st.sampled_from(["3.5", "mm", "1,000", "13485:2016", "0.31", "—", "e.g.", "Dr.", "U.S.", "vs.", "Fig."]),
    st.sampled_from(["кейдж", "кость", "рентген", "хирург", "сращение", "титан"]),
    st.sampled_from(["العظام", "الجراح", "الأشعة", "قفص", "التئام"]),
    st.sampled_from(
        ["人工椎间融合器由聚醚醚酮制成", "外科医生", "骨骼愈合", "日本語です，", "故人西辞黄鹤楼烟花三月下扬州"]
    ),
    st.sampled_from(["🚀", "👍🏽", FAMILY, "🇩🇪", "1️⃣", "✅", "🚀🚀🚀"]),
    st.sampled_from(["example.com", "https://polymedica.com/peek", "README.md"]),
)
# Long sentences repeat a drawn run of words: as long as needed for cutting, at a fraction of the draws.
_SENTENCE = st.builds(
    lambda words, times, end: " ".join(words * times) + end,
    st.lists(_WORD, min_size=1, max_size=15),
    st.sampled_from([1, 1, 1, 2, 4, 6]),
    st.sampled_from([".", ".", "?", "!", "。", ""]),
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join)


@st.composite
def _blocks(draw) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """Paragraphs, items, and where each item stands among the paragraphs."""
    paragraphs = draw(st.lists(_PARAGRAPH, max_size=2))
    items = draw(st.lists(_SENTENCE, max_size=3))
    places = draw(st.lists(st.integers(0, len(paragraphs)), min_size=len(items), max_size=len(items)))
    return tuple(paragraphs), tuple(items), tuple(sorted(places))


_SECTION = st.builds(lambda heading, blocks: Section(heading, blocks[0], blocks[1], item_places=blocks[2]),
                     _LATIN, _blocks())
_ARTICLE = st.builds(
    lambda lead, sections, takeaways: ArticleText(lead=lead[0], sections=sections, takeaways=takeaways,
                                                  lead_items=lead[1], lead_item_places=lead[2]),
    _blocks(),
    st.lists(_SECTION, max_size=6).map(tuple),
    st.one_of(st.just(()), st.lists(_SENTENCE, min_size=1, max_size=5).map(tuple)),
)
_OPTIONS = st.fixed_dictionaries(
    {
        "link": st.sampled_from([LINK, EXAMPLE_LINK]),
        "hashtags": st.lists(st.sampled_from(["MedTech", "MedicalDevices", "PEEK", "Spine", "QA"]), max_size=5),
        "thread_max": st.integers(min_value=2, max_value=12),
        "numbering": st.booleans(),
    }
)


def tokens(text: str) -> list[str]:
    """Words for comparison: CJK characters count as words; ellipses, dashes and clause marks are ignored."""
    text = WIDE.sub(r" \1 ", text.replace("…", " "))
    words = (word.rstrip(",;:，、；：") for word in text.split())
    return [word for word in words if word and word not in {"—", "–", "-"}]


def source_tokens(text: ArticleText) -> list[str]:
    parts = [*text.takeaways, *in_article_order(text.lead, text.lead_items, text.lead_item_places)]
    for section in text.sections:
        parts += in_article_order(section.paragraphs, section.items, section.item_places)
    return tokens(" ".join(parts))


def in_article_order(paragraphs: tuple[str, ...], items: tuple[str, ...], places: tuple[int, ...]) -> list[str]:
    places = places or (len(paragraphs),) * len(items)
    ordered = []
    for index in range(len(paragraphs) + 1):
        ordered += [item for item, place in zip(items, places) if place == index]
        ordered += paragraphs[index : index + 1]
    return ordered


def without_heading(tweet: str, text: ArticleText) -> str:
    """A tweet without the heading label a point may carry ("Pilot 2: …")."""
    for section in text.sections:
        for joiner in (": ", " – "):
            if tweet.startswith(section.heading + joiner):
                return tweet[len(section.heading + joiner) :]
    return tweet


def find_run(haystack: list[str], needle: list[str], start: int) -> int:
    for index in range(start, len(haystack) - len(needle) + 1):
        if haystack[index : index + len(needle)] == needle:
            return index
    return -1


@settings(max_examples=150, deadline=None)
@given(_ARTICLE, _OPTIONS)
def test_generated_threads_keep_every_rule(text: ArticleText, options: dict) -> None:
    thread = build_thread(text, article="post.md", **options)
    tweets = thread.tweets

    assert thread == build_thread(text, article="post.md", **options)
    assert 1 <= len(tweets) <= options["thread_max"]
    assert all(tweet.strip() for tweet in tweets)
    assert all(weighted_length(tweet) <= MAX_WEIGHT for tweet in tweets)
    assert options["link"] in tweets[-1]
    assert thread.warnings == ()

    if options["numbering"] and len(tweets) > 1:
        assert [NUMBER_SUFFIX.search(tweet).groups() for tweet in tweets] == [
            (str(index), str(len(tweets))) for index in range(1, len(tweets) + 1)
        ]
    else:
        assert not any(NUMBER_SUFFIX.search(tweet) for tweet in tweets)

    # Each tweet is a run of whole source words. The hook (with its continuations) may come from anywhere;
    # the key points after it follow the article's order.
    source = source_tokens(text)
    hook_parts = 1
    while hook_parts < len(tweets) - 1 and body(tweets[hook_parts - 1]).endswith("…"):
        hook_parts += 1
    position = 0
    for index, tweet in enumerate(tweets[:-1]):
        words = tokens(without_heading(body(tweet), text))
        assert words, tweet
        found = find_run(source, words, position if index >= hook_parts else 0)
        assert found >= 0, f"{tweet!r} is not a run of whole source words in article order"
        if index >= hook_parts:
            position = found

    whole = [split_sentences(body(tweet)) for tweet in tweets[:-1] if "…" not in tweet]
    keys = [re.sub(r"\W+", "", sentence.casefold()) for sentences in whole for sentence in sentences]
    keys = [key for key in keys if key]
    assert len(keys) == len(set(keys)), "a sentence is repeated"


# ---------------------------------------------------------------------------------------------------------
# Editorial rules on concrete articles
# ---------------------------------------------------------------------------------------------------------


def test_hook_is_the_authors_then_a_claiming_description_then_the_strongest_opening_claim() -> None:
    hooked = build_thread(ARTICLE, link=LINK, hook="See the **bone** heal.", description="A material comparison.")
    claimed = build_thread(ARTICLE, link=LINK, description="PEEK shows [fusion](https://x.com/f) on every scan.")
    described = build_thread(ARTICLE, link=LINK, description="A short post comparing PEEK and titanium.", article="a.md")
    noun_phrase = build_thread(ARTICLE, link=LINK, description="A material comparison of PEEK and titanium.")
    assert hooked.tweets[0] == "See the bone heal. 1/6" and hooked.advice == ()
    assert claimed.tweets[0] == "PEEK shows fusion on every scan. 1/6" and claimed.advice == ()
    assert described.tweets[0].startswith("Spinal fusion cages made of PEEK let surgeons see the healing bone")
    assert "In this article" not in " ".join(described.tweets)
    assert len(described.advice) == 1 and "social.hook" in described.advice[0]
    # Not a claim, so not the hook; but it does not talk about the post, so no advice either.
    assert noun_phrase.tweets[0] == described.tweets[0] and noun_phrase.advice == ()


def test_points_are_standalone_sentences_in_article_order() -> None:
    thread = build_thread(ARTICLE, link=LINK, hashtags=["MedTech", "MedicalDevices"])
    bodies = [body(tweet) for tweet in thread.tweets]
    assert bodies[-1] == f"Read the full article: {LINK}\n\n#MedTech #MedicalDevices"
    assert len(bodies) == 6
    source = " ".join([*ARTICLE.lead, *(p for s in ARTICLE.sections for p in s.paragraphs)])
    positions = [source.find(split_sentences(text)[0]) for text in bodies[1:-1]]
    assert all(position >= 0 for position in positions) and positions == sorted(positions)
    assert not any("In this article" in text or "Checklist" in text for text in bodies)


def test_thread_max_keeps_the_most_salient_points() -> None:
    thread = build_thread(ARTICLE, link=LINK, thread_max=4)
    assert len(thread.tweets) == 4
    assert "3.6 GPa" in " ".join(thread.tweets)
    assert thread.tweets[3].startswith("Read the full article")


@pytest.mark.parametrize(
    "opener",
    [
        "On to the next step in the process: tokenization.",
        "Below are some examples of the grades we stock for catheters.",
        "The examples provided below use the default configuration directory.",
        "I've been asked this interesting question more than once by engineers.",
        "Congratulations, you have successfully set up the build server today!",
        "How beastly are we talking about here in this project?",
        "Thank you to everyone who wrote in after the first part!",
        "These three come up every time someone asks our team.",
        "However, the process is sensitive to conditions a moulder may not expect.",
        "As shown in the table, the modulus falls with temperature and humidity.",
        "When you have done all of this, you should have:",
    ],
)
def test_openers_that_are_not_points_are_never_tweets(opener: str) -> None:
    text = ArticleText(
        sections=(
            Section("Grades", (f"{opener} PEEK sits at about 3.6 GPa, close to cortical bone.",)),
            Section("Cost", ("Machining PEEK is fast and clean, so part cost is often lower than expected.",)),
        )
    )
    thread = build_thread(text, link=LINK, description="PEEK is about as stiff as bone.")
    assert opener not in " ".join(thread.tweets)
    assert "Machining PEEK is fast" in " ".join(thread.tweets)


def test_a_heading_label_is_carried_when_the_sentence_needs_it() -> None:
    text = ArticleText(
        lead=("Our team took part in three rounds of the FDA pilot for eCTD version 4.0 last year.",),
        sections=(
            Section("Pilot 1", ("This pilot was initially submitted on November 22, 2021.",)),
            Section("Pilot 2", ("This pilot was successfully submitted to the FDA on Aug 28, 2023.",)),
            Section("Lessons", ("They taught us that controlled vocabularies cause most validation errors.",)),
        )
    )
    joined = " ".join(build_thread(text, link=LINK).tweets)
    assert "Pilot 2: This pilot was successfully submitted to the FDA on Aug 28, 2023." in joined
    assert "They taught us" not in joined  # a heading without a label cannot carry the sentence


def test_a_checklist_without_headings_gets_its_points_from_the_list() -> None:
    items = (
        "Resin lot. The lot on the floor must be the lot on the protocol, and the dryer must have run four hours.",
        "Tooling. A tip worn by 0.02 mm moves the wall thickness more than any setting on the line.",
        "Gauges. The laser micrometer must stay inside its calibration date for the whole validation run.",
    )
    text = ArticleText(lead=("Nothing wastes an extrusion validation like a problem found on day two.",),
                       lead_items=items)
    points = [body(tweet) for tweet in build_thread(text, link=LINK).tweets[1:-1]]
    assert len(points) >= 2
    assert all(any(point in item for item in items) for point in points)
    assert not any(point in {"Resin lot.", "Tooling.", "Gauges."} for point in points)


def test_points_from_a_list_come_before_the_paragraph_after_it() -> None:
    closing = "Teams that run all five checks have passed 23 of their last 24 extrusion validations at Medtubing."
    items = (
        "Resin lot. The lot on the floor must match the protocol, and the dryer must have run for four hours.",
        "Tooling. A tip worn by 0.02 mm moves the wall thickness more than any setting on the line.",
    )
    text = ArticleText(lead=("Nothing wastes an extrusion validation like a problem found on day two.", closing),
                       lead_items=items, lead_item_places=(1, 1))
    tweets = [body(tweet) for tweet in build_thread(text, link=LINK, thread_max=6).tweets]
    joined = " ".join(tweets)
    assert closing in joined and items[1].split(". ", 1)[1] in joined
    assert joined.index(items[1].split(". ", 1)[1]) < joined.index(closing)


def test_takeaways_rank_first() -> None:
    text = ArticleText(lead=ARTICLE.lead, sections=ARTICLE.sections, takeaways=TAKEAWAYS[:2])
    thread = build_thread(text, link=LINK, description="PEEK changes spinal fusion follow-up.", thread_max=4)
    assert [body(tweet) for tweet in thread.tweets[1:3]] == list(TAKEAWAYS[:2])


def test_a_point_repeating_the_hook_is_skipped() -> None:
    text = ArticleText(
        sections=(
            Section("One", ("PEEK is radiolucent, so surgeons can see the fusion on every single scan.",)),
            Section("Two", ("Machining PEEK is fast and clean, so part cost is often lower than expected.",)),
        )
    )
    thread = build_thread(
        text, link=LINK, description="PEEK is radiolucent, so surgeons can see the fusion on every scan!"
    )
    assert [body(tweet) for tweet in thread.tweets] == [
        "PEEK is radiolucent, so surgeons can see the fusion on every scan!",
        "Machining PEEK is fast and clean, so part cost is often lower than expected.",
        f"Read the full article: {LINK}",
    ]


def test_link_tweet_has_at_most_three_hashtags() -> None:
    thread = build_thread(ARTICLE, link=LINK, hashtags=["MedTech", "#PEEK", "medtech", "Spine", "QA"])
    assert thread.tweets[-1] == f"Read the full article: {LINK}\n\n#MedTech #PEEK #Spine 6/6"


def test_without_numbering() -> None:
    thread = build_thread(ARTICLE, link=LINK, numbering=False)
    assert thread.tweets[-1] == f"Read the full article: {LINK}"
    assert not any(NUMBER_SUFFIX.search(tweet) for tweet in thread.tweets)


def test_single_tweet_thread_carries_hook_and_link() -> None:
    thread = build_thread(ARTICLE, link=LINK, description="PEEK shows the fusion.", thread_max=1)
    assert thread.tweets == (f"PEEK shows the fusion.\n\nRead the full article: {LINK}",)


def test_empty_article_still_links() -> None:
    assert build_thread(ArticleText(), link=LINK).tweets == (f"Read the full article: {LINK}",)


def test_an_over_long_author_hook_is_cut_at_a_clause_with_an_ellipsis() -> None:
    sentence = (
        "Our team tested twelve medical-grade resins over six months in three climate chambers, measuring "
        "tensile strength, elongation at break and colour change after gamma sterilisation at 25 kGy; the "
        "polycarbonate blends lost up to 18 % of their impact strength, while the copolyesters kept their "
        "properties within 3.5 % of the baseline values measured before sterilisation."
    )
    thread = build_thread(ArticleText(), link=LINK, hook=sentence, article="a.md")
    assert [body(tweet) for tweet in thread.tweets] == [
        "Our team tested twelve medical-grade resins over six months in three climate chambers, measuring tensile "
        "strength, elongation at break and colour change after gamma sterilisation at 25 kGy; the polycarbonate "
        "blends lost up to 18 % of their impact strength…",
        "…while the copolyesters kept their properties within 3.5 % of the baseline values measured before "
        "sterilisation.",
        f"Read the full article: {LINK}",
    ]


def test_a_point_too_long_for_a_tweet_is_passed_over_not_cut() -> None:
    long_point = "PEEK cages " + "and titanium cages " * 20 + "differ in stiffness by a factor of 30."
    text = ArticleText(
        sections=(
            Section("Long", (long_point,)),
            Section("Cost", ("Machining PEEK is fast and clean, so part cost is often lower than expected.",)),
        )
    )
    thread = build_thread(text, link=LINK, description="PEEK is about as stiff as bone.")
    assert not any("…" in tweet for tweet in thread.tweets)
    assert "Machining PEEK" in " ".join(thread.tweets)


@pytest.mark.parametrize("padding", range(40, 62, 3))
def test_no_cut_after_an_abbreviation_or_inside_a_quantity(padding: int) -> None:
    sentence = "word " * padding + "with fillers, e.g. PEEK at 3.5 mm to ISO 13485:2016 as in Fig. 2 " + "tail " * 40
    thread = build_thread(ArticleText(), hook=sentence.strip() + ".", link=LINK, thread_max=8, article="a.md")
    for tweet in thread.tweets[:-1]:
        text = body(tweet)
        assert weighted_length(tweet) <= MAX_WEIGHT
        assert not text.endswith(("e.g.…", "3.5…", "ISO…", "Fig.…"))
        assert not text.startswith(("…mm", "…13485", "…2 "))


@pytest.mark.parametrize(
    "paragraph",
    [
        "人工椎间融合器由聚醚醚酮制成，外科医生可以在X光片上看到骨骼愈合。" * 6,
        "Кейджи из PEEK позволяют хирургам видеть сращение кости на рентгене и КТ. " * 5,
        "تسمح أقفاص PEEK للجراحين برؤية التئام العظام على الأشعة السينية. " * 5,
        "Launch day 🚀🚀🚀 for our new cage 👍🏽 " + "✅ " * 150 + "done.",
    ],
)
def test_non_latin_and_emoji_heavy_text(paragraph: str) -> None:
    thread = build_thread(ArticleText(lead=(paragraph,)), link=LINK)
    assert all(weighted_length(tweet) <= MAX_WEIGHT for tweet in thread.tweets)
    assert LINK in thread.tweets[-1]
    if "Launch" not in paragraph:
        assert len(thread.tweets) >= 2


def test_accidental_hashtags_mentions_and_cashtags_are_neutralised() -> None:
    thread = build_thread(
        ArticleText(), link=LINK, description="Never trust #pragma pack, @param docs or $HOME for wire formats.",
        hashtags=["Embedded"],
    )
    first = thread.tweets[0]
    assert f"#{WORD_JOINER}pragma" in first and f"@{WORD_JOINER}param" in first and f"${WORD_JOINER}HOME" in first
    assert thread.tweets[-1].endswith("#Embedded 2/2")


def test_a_link_too_long_for_a_useful_last_tweet_is_reported_with_advice() -> None:
    link = "https://insights.polymedica.example/blog/2026/03/02/" + "a-very-long-slug-" * 12 + "/?utm_source=x"
    thread = build_thread(ARTICLE, link=link, hashtags=["MedTech", "PEEK"], article="a.md")
    assert thread.advice and "shorter slug" in thread.advice[-1]
    assert "not a domain X shortens" in thread.advice[-1]


def test_authored_tweets_are_numbered_and_get_the_link() -> None:
    thread = build_thread(
        ARTICLE, link=LINK, hashtags=["MedTech"], authored=["  First, by hand.  ", "Second.\n", "   "], article="a.md"
    )
    assert thread.tweets == (
        "First, by hand. 1/3",
        "Second. 2/3",
        f"Read the full article: {LINK}\n\n#MedTech 3/3",
    )
    assert thread.warnings == ()


def test_authored_tweets_with_the_link_get_no_extra_tweet() -> None:
    thread = build_thread(ARTICLE, link=LINK, authored=["Intro.", f"More here: {LINK}"], numbering=False)
    assert thread.tweets == ("Intro.", f"More here: {LINK}")


def test_authored_tweet_over_the_limit_is_kept_and_warned() -> None:
    long_tweet = "x" * 300
    thread = build_thread(ARTICLE, link=LINK, authored=["Short.", long_tweet], article="blog/posts/peek.md")
    assert thread.tweets[1] == f"{long_tweet} 2/3"
    assert thread.warnings == ("blog/posts/peek.md: tweet 2 is 24 characters too long (weighted 304/280)",)


def test_an_over_long_author_hook_is_reported() -> None:
    hook = "A sentence that is short. " + "Another sentence with many words in it. " * 8
    thread = build_thread(ARTICLE, link=LINK, hook=hook, article="a.md")
    assert weighted_length(thread.tweets[0]) <= MAX_WEIGHT
    assert thread.advice == ("a.md: the hook does not fit in one tweet; only its first sentences were used",)




def test_a_cjk_sentence_is_not_repeated_when_only_its_end_mark_differs() -> None:
    # Found by test_generated_threads_keep_every_rule: "扬州。" and "扬州." were two different terms.
    sentence = " ".join(["故人西辞黄鹤楼烟花三月下扬州"] * 4)
    text = ArticleText(lead=(f"PEEK. {sentence}。",), takeaways=(f"{sentence}.",))
    tweets = build_thread(text, link=LINK, thread_max=3, numbering=False).tweets
    assert tweets == (f"{sentence}。", f"Read the full article: {LINK}")
