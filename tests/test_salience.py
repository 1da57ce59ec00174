"""Which sentences stand alone in a post, and how they rank (generator.salience)."""

from __future__ import annotations

import pytest

from generator.models import ArticleText, Section
from generator.salience import best, candidates, describes_post, has_verb, is_claim, rejection, similar


@pytest.mark.parametrize(
    "sentence",
    [
        # Transitions, teasers, set-ups, asides, thanks and pointers real authors open sections with.
        "On to the next step in the process: tokenization.",
        "I've been asked this interesting question more than once.",
        "Congratulations, you have successfully set up the build server.",
        "Below are some examples of the grades we stock for catheters.",
        "The examples provided below assume the default configuration directory.",
        "Look at temperature_mc at offset 8 in the frame.",
        "This pilot was initially submitted on November 22, 2021.",
        "However, the process is sensitive to conditions a moulder may not expect.",
        "As shown in Fig. 2, the modulus falls with temperature and humidity.",
        "In this article we compare both materials and what it means for you.",
        "Next time we will turn these tokens into a tree of nodes.",
        "Stay tuned for part two, and happy hacking to all of you!",
        "Thanks to Priya and Jonas for reviewing this post before it went out.",
        "Supplier change control is audited closely, as discussed in our article on ISO 13485.",
        "If you place devices on the EU market under your own name, the answer is yes.",
        "Most equivalence claims we review fail on this point alone.",
        "We'll look at caching in the next post of the series.",
        "Let's dive into the details of the validation protocol now.",
        # Not claims.
        "How beastly are we talking about in this project?",
        "When you have done all of this, you should have:",
        "The tail was cut somewhere in the middle of the…",
        "Simple and sweet.",
        "A new standard out in 2018.",
        "Using #pragma pack(1) removes the padding from the struct.",
        'He said "the seal is fine and we ship.',
        "The fix was a thermocouple on each jaw and an interlock that stops the sealer.",
    ],
)
def test_sentences_that_cannot_stand_alone(sentence: str) -> None:
    assert rejection(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "A 510(k) is a premarket submission that demonstrates substantial equivalence to a predicate.",
        "ISO 14971:2019 defines a hazard as a potential source of harm.",
        "Uniform wall thickness prevents most sink, void and warpage problems in moulded parts.",
        "Grade A monitoring must be continuous for viable and non-viable particles during processing.",
        "Spinal fusion cages made of PEEK let surgeons see the healing bone on X-ray and CT.",
        "日本の医療機器はクラスIからクラスIVまでの四つに分類されます。",
        "Кейджи из PEEK позволяют хирургам видеть сращение кости на рентгене.",
        "The fix that lasted was a thermocouple on each jaw and an interlock that stops the sealer.",
    ],
)
def test_standalone_claims(sentence: str) -> None:
    assert rejection(sentence) is None


def test_a_consequence_drawn_in_the_first_words_leans_on_what_came_before() -> None:
    assert rejection("The moment is therefore before the next lot of catheter tubing.") is not None
    assert rejection("Requalifying the mould before the next lot therefore saves a full week.") is None


def test_a_following_sentence_may_lean_on_the_one_before() -> None:
    assert rejection("It contained a single application with 14 documents.", opener=False) is None
    assert rejection("It contained a single application with 14 documents.") is not None


@pytest.mark.parametrize(
    ("description", "claim"),
    [
        ("A short blog post about the basics of a 510(k) submission.", False),
        ("Just sharing notes and thoughts about our participation in the pilot.", False),
        ("Notes on the core terms of ISO 14971.", False),
        ("How a supplier can classify changes and what a notification contains.", False),
        ("Results of our Twitter survey on how developers search docs.", False),
        ("We rebuilt the docs search around a symbol index; see the talk on GitHub.", False),
        ("Legacy devices keep their place on the EU market only while five conditions hold.", True),
        ("A quality agreement that lists change categories turns every change into a routine decision.", True),
        ("We rebuilt the docs search around a symbol index.", True),
    ],
)
def test_descriptions_that_claim_and_those_that_describe(description: str, claim: bool) -> None:
    assert is_claim(description) is claim


@pytest.mark.parametrize(
    "description",
    [
        "Moulding tolerances, in this article, get a closer look.",
        "Our team shares THIS WRITE-UP on sterile barrier tests.",
        "Cleanroom gowning: we review the steps auditors check.",
        "Moulders can learn why gate position decides weld lines.",
        "Gate design for medical parts (see the talk from MedTech Days).",
        # Case-insensitive matching accepts the long s for "s": the quick word test must too.
        "Sterile barrier testing, juſt sharing some data.",
    ],
)
def test_phrases_about_the_post_count_anywhere_in_the_sentence_and_in_any_case(description: str) -> None:
    assert describes_post(description)
    assert not is_claim(description)


def test_a_word_of_those_phrases_alone_does_not_make_a_description() -> None:
    assert is_claim("Every post-market report goes to the notified body within 15 days.")
    assert not describes_post("Every post-market report goes to the notified body within 15 days.")


def test_verbs() -> None:
    assert has_verb("The grade matters more than the supplier.")
    assert not has_verb("Raw material certificate against ASTM F2026 for each lot.")
    assert not has_verb("Simple and sweet.")
    assert not has_verb("A test plan for any endpoints that remain open.", strict=True)


def test_similar_sentences() -> None:
    assert similar(
        "ISO 10993-1 treats biological evaluation as part of risk management, so plan first.",
        "ISO 10993-1 treats biological evaluation as part of the risk management process.",
    )
    assert not similar("PEEK is radiolucent on every scan.", "Machining PEEK is fast and clean.")


def test_ranking_prefers_specific_central_sentences_and_keeps_article_order() -> None:
    text = ArticleText(
        lead=("We have been thinking about materials for quite a while now in our team.",),
        sections=(
            Section("Stiffness", ("PEEK sits at about 3.6 GPa, close to cortical bone, unlike titanium at 110 GPa.",)),
            Section("Imaging", ("PEEK is radiolucent, so surgeons can judge spinal fusion on X-ray and CT.",)),
            Section("Misc", ("Things are very different these days in many ways for lots of people.",)),
        ),
    )
    chosen = best(candidates(text, description="PEEK spinal cages show fusion on imaging."), 2, avoid=[])
    assert [candidate.text[:12] for candidate in chosen] == ["PEEK sits at", "PEEK is radi"]


def test_a_label_heading_is_carried_and_a_long_one_is_not() -> None:
    text = ArticleText(
        sections=(
            Section("AAMI SW91:2018", ("A new standard provides a taxonomy of software defects for testing.",), level=3),
            Section("What we tell other sponsors", ("This was the lesson we learned in all three rounds.",)),
        )
    )
    texts = [candidate.text for candidate in candidates(text).in_order()]
    assert texts == ["AAMI SW91:2018 – A new standard provides a taxonomy of software defects for testing."]


def test_a_paragraph_pointing_at_a_left_out_listing_is_skipped() -> None:
    text = ArticleText(
        sections=(
            Section(
                "Frame",
                ("Look at the offset of the temperature field. The compiler put three bytes of padding there.",
                 "Never send a C struct over a wire as-is, because padding depends on the compiler."),
                after_listing=frozenset({"Look at the offset of the temperature field. The compiler put three "
                                         "bytes of padding there."}),
            ),
        )
    )
    texts = [candidate.text for candidate in candidates(text).in_order()]
    assert texts == ["Never send a C struct over a wire as-is, because padding depends on the compiler."]


@pytest.mark.parametrize(
    ("description", "claim"),
    [
        ("How we gown for an ISO class 7 cleanroom, and what auditors look for when they watch.", False),
        ("What changes when a part weighs less than a gram: tooling, gates and metrology.", False),
        ("Why device makers reconsider suppliers, and why revalidation makes moves slow.", False),
        ("How we gown matters more to an auditor than any particle count in the room.", True),
    ],
)
def test_a_wh_clause_is_descriptive_only_when_it_lists_topics(description: str, claim: bool) -> None:
    assert is_claim(description) is claim


@pytest.mark.parametrize(
    "sentence",
    [
        "The ISO 13485 page on the ISO website describes the standard itself.",
        "The conference confirmed several priorities for our own work over the coming year.",
    ],
)
def test_resources_and_teasers_are_not_points(sentence: str) -> None:
    assert rejection(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "A few of you asked why we did not simply use an existing library.",
        "You'll need a fresh Ubuntu 22.04 machine and about twenty minutes.",
        "You'll see colleagues switch between them depending on the file size.",
        "In January we counted 412 of them across 3,000 pages of documentation.",
        "Speeding up the search index is the next step, and we will write about it when it is done.",
        "The FDA may refuse to accept a submission that lacks one.",
    ],
)
def test_reader_asides_and_pronouns_that_need_the_paragraph_before(sentence: str) -> None:
    assert rejection(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "We shorten it immediately after any out-of-tolerance result is found.",
        "On the M0 that made the CRC routine about 40 % slower in our measurements.",
        "The PRRC must not be disadvantaged for performing these duties properly.",
        "Every few months someone on our team asks which standards are worth buying.",
        "We can do it, and we showed them the cross-sections to prove it.",
        "Skip that and every piece comes out short.",
        "Ours are back to six weeks for standard profiles.",
    ],
)
def test_sentences_whose_subject_or_object_is_in_the_sentence_before(sentence: str) -> None:
    assert rejection(sentence) is not None


def test_a_demonstrative_pronoun_needs_the_sentence_before() -> None:
    assert rejection("Auditors check this more often than the interval itself.") is not None
    assert rejection("A process that is validated keeps its window for years of production.") is None


def test_only_a_description_about_the_post_gets_the_advice() -> None:
    assert describes_post("A short blog post about the basics of a 510(k) submission.")
    assert describes_post("How we gown for a cleanroom, and what auditors look for.")
    # Not a claim, so not the hook, but not about the post either: no advice.
    assert not describes_post("A bold claim & an apostrophe in the description.")
    assert not is_claim("A bold claim & an apostrophe in the description.")
    assert not describes_post("Legacy devices keep their place only while five conditions hold.")


@pytest.mark.parametrize("opening", ["", '"', "“ ", "(", "' "])
def test_the_leading_connective_gate_agrees_with_the_full_pattern(opening: str) -> None:
    # The gate looks at the first word only (a lone opening quote defers to the next word); every word of the
    # pattern, and near misses, must get the verdict of the pattern itself.
    from generator.salience import _LEADING, _LEADING_WORDS, _TOKENS, _leans_back

    def leans_back(sentence: str) -> bool:
        return _leans_back(sentence, [_TOKENS[token] for token in sentence.split()])

    openers = ["This", "It’s", "In addition", "On the other hand", "As a result", "Let us", "Let's", "To sum up",
               "One of these", "The latter", "At this point", "By now", "So far", "Up next", "Even so", "That said",
               "Voilà", "Onto", "For example", "With that", "After this", "Same"]
    near_misses = ["Thistle", "Inside", "Ontology", "As-built", "Letters", "The mould", "Upstream", "Evenly"]
    for start in [*openers, *near_misses, *sorted(_LEADING_WORDS)]:
        for rest in ("", " the mould runs hot.", ", we cut the gate.", " is 3.5 mm."):
            sentence = f"{opening}{start}{rest}"
            assert leans_back(sentence) == bool(_LEADING.match(sentence)), sentence
    assert all(leans_back(f"{opening}{start} the mould runs hot.") for start in openers)
    assert not any(leans_back(f"{opening}{start} the mould runs hot.") for start in near_misses)
