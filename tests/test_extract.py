"""Extraction from HTML rendered with the site's own Markdown extensions: prose in, markup out."""

from __future__ import annotations

import re

import markdown
import pytest
from material.extensions.emoji import to_svg, twemoji

from generator.extract import extract_article_text
from generator.models import ArticleText, Section

# The markdown_extensions of mkdocs.yml.
EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    "pymdownx.emoji",
]
EXTENSION_CONFIGS = {
    "toc": {"permalink": True},
    "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg},
}

ARTICLE = """\
# Why PEEK is replacing titanium in spinal cages

Spinal fusion cages made of **PEEK** let surgeons see the healing bone on X-ray and [CT](https://example.com/ct),
something titanium hides :white_check_mark:. We compare both materials &amp; explain what it means for you[^1].

<!-- more -->

## Radiolucency changes follow-up imaging { #imaging .wide }

Titanium blocks X-rays and creates artefacts on *CT* and MRI, so surgeons cannot judge fusion. PEEK is
radiolucent :material-check-circle:: only small tantalum markers show its position[^2].

!!! note "Markers still matter"
    Without radiopaque markers, a PEEK cage can be hard to locate during revision surgery.

??? tip "Details for radiologists"
    Use a bone window.

```python
def risk(modulus: float) -> float:
    return modulus / 2
```

| Material | Modulus (GPa) |
|---|---|
| PEEK | 3.6 |
| Ti-6Al-4V | 110 |

![A cage on CT](cage.png){ .center width=300 }

### What the data says

Finite-element studies agree on the trend, e.g. lower endplate stresses with PEEK.

> "PEEK changed how we follow up fusion," says a surgeon.

## Manufacturing and cost

Machining PEEK is fast and clean, so part cost is often lower despite the pricier resin.

- Raw material certificate against **ASTM F2026**
    - nested detail that should not leak
- Cleaning validated to `ISO 19227`

Validation
:   Proof that the process consistently gives the specified result.

## Key takeaways

1. PEEK cages let surgeons assess fusion on X-ray and CT.
2. Bone does not bond to bare PEEK; coatings close that gap.

*[MRI]: Magnetic Resonance Imaging
*[CT]: Computed Tomography

[^1]: Pooled data from three retrospective cohorts.
[^2]: Tantalum markers are about 1 mm in diameter.
"""


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def all_texts(text: ArticleText) -> list[str]:
    texts = [*text.lead, *text.takeaways]
    for section in text.sections:
        texts += [section.heading, *section.paragraphs, *section.items]
    return texts


REFERENCE_MARKERS = (
    "<h2>Editors</h2><p>There is not an emacs package for that.<sup>E</sup> You'll see more.</p>"
    "<p>We ran a [Twitter survey] with 1,240 developers [2].</p><p>Sup units stay: 10 mm<sup>2</sup>.</p>"
)


@pytest.fixture(scope="module")
def article() -> ArticleText:
    return extract_article_text(render(ARTICLE))


def test_render_uses_the_site_extensions() -> None:
    html = render(ARTICLE)
    # Guard the fixture: the markup we must remove is really in the input.
    for marker in (
        'class="headerlink"',
        'class="footnote-ref"',
        'class="footnote"',
        'class="admonition note"',
        "<details",
        'class="highlight"',
        "<table>",
        'class="twemoji"',
        "<abbr",
        "<dl>",
        "<svg",
    ):
        assert marker in html


@pytest.mark.parametrize(
    "residue",
    [
        "**",
        "](",
        "{ .",
        "{:",
        "!!!",
        "???",
        "¶",
        "<",
        ">",
        "&amp;",
        "&#",
        ":white_check_mark:",
        ":material",
        "[^",
        "↩",
        "```",
        "|",
    ],
)
def test_no_markup_residue(article: ArticleText, residue: str) -> None:
    for text in all_texts(article):
        assert residue not in text, text


def test_lead_is_the_prose_before_the_first_h2(article: ArticleText) -> None:
    assert article.lead == (
        "Spinal fusion cages made of PEEK let surgeons see the healing bone on X-ray and CT, something titanium "
        "hides. We compare both materials & explain what it means for you.",
    )


def test_h2_and_h3_headings_start_sections(article: ArticleText) -> None:
    assert [(section.heading, section.level) for section in article.sections] == [
        ("Radiolucency changes follow-up imaging", 2),
        ("What the data says", 3),
        ("Manufacturing and cost", 2),
    ]
    imaging, data, _ = article.sections
    assert imaging.paragraphs == (
        "Titanium blocks X-rays and creates artefacts on CT and MRI, so surgeons cannot judge fusion. PEEK is "
        "radiolucent: only small tantalum markers show its position.",
    )
    assert data.paragraphs == ("Finite-element studies agree on the trend, e.g. lower endplate stresses with PEEK.",)
    assert imaging.items == ()


def test_h1_sections_count_and_a_leading_h1_is_the_title() -> None:
    text = extract_article_text(
        render("# Title\n\nLead paragraph here.\n\n# Hazard\n\nA hazard is a source of harm.\n\n# Harm\n\nHarm is injury.\n")
    )
    assert text.lead == ("Lead paragraph here.",)
    assert [(section.heading, section.level) for section in text.sections] == [("Hazard", 1), ("Harm", 1)]


def test_list_items_before_any_heading_are_kept() -> None:
    # A checklist article: a lead, its points as a list, a closing line, and no heading at all.
    text = extract_article_text(render(
        "# Five checks\n\nNothing wastes a validation like a problem on day two.\n\n"
        "1. **Resin lot.** The lot on the floor must be the lot on the protocol.\n"
        "2. **Gauges.** The laser micrometer must be calibrated for the whole run.\n\n"
        "Drying\n:   Four hours at the supplier's temperature.\n\nThat's it.\n"
    ))
    assert text.lead == ("Nothing wastes a validation like a problem on day two.", "That's it.")
    assert text.lead_items == (
        "Resin lot. The lot on the floor must be the lot on the protocol.",
        "Gauges. The laser micrometer must be calibrated for the whole run.",
        "Drying: Four hours at the supplier's temperature.",
    )
    assert text.lead_item_places == (1, 1, 1)  # all three stand between the two paragraphs
    assert text.sections == ()


def test_items_keep_their_place_among_a_sections_paragraphs() -> None:
    text = extract_article_text(render(
        "## Drying\n\nTPU absorbs moisture from the air.\n\n- Dry every lot.\n- Log the dew point.\n\n"
        "Wet resin makes bubbles.\n\n## Tooling\n\nPin gauges measure the tip.\n\n- Record the tip size.\n"
    ))
    drying, tooling = text.sections
    assert drying.paragraphs == ("TPU absorbs moisture from the air.", "Wet resin makes bubbles.")
    assert drying.item_places == (1, 1)
    # Items after every paragraph need no places.
    assert tooling.items == ("Record the tip size.",) and tooling.item_places == ()


def test_prose_right_after_a_left_out_listing_is_marked() -> None:
    text = extract_article_text(
        render("## Frame\n\nThe frame has four fields.\n\n```c\nstruct frame { int a; };\n```\n\n"
               "Look at the offset of a.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- After the table.\n")
    )
    (frame,) = text.sections
    assert frame.after_listing == frozenset({"Look at the offset of a.", "After the table."})


def test_reference_markers_and_unresolved_links_are_cleaned() -> None:
    (section,) = extract_article_text(REFERENCE_MARKERS).sections
    assert section.paragraphs == (
        "There is not an emacs package for that. You'll see more.",
        "We ran a Twitter survey with 1,240 developers.",
        "Sup units stay: 10 mm2.",
    )


def test_left_out_blocks(article: ArticleText) -> None:
    joined = " ".join(all_texts(article))
    for left_out in (
        "Markers still matter",
        "radiopaque",
        "bone window",
        "def risk",
        "Ti-6Al-4V",
        "A cage on CT",
        "says a surgeon",
        "retrospective cohorts",
        "1 mm in diameter",
        "Magnetic Resonance",
        "Why PEEK is replacing",
    ):
        assert left_out not in joined


def test_footnote_markers_leave_no_numbers(article: ArticleText) -> None:
    assert article.lead[0].endswith("for you.")
    assert article.sections[0].paragraphs[0].endswith("show its position.")


def test_list_items_without_nested_lists_and_definitions(article: ArticleText) -> None:
    assert article.sections[2].items == (
        "Raw material certificate against ASTM F2026",
        "Cleaning validated to ISO 19227",
        "Validation: Proof that the process consistently gives the specified result.",
    )


def test_takeaways_become_their_own_field(article: ArticleText) -> None:
    assert article.takeaways == (
        "PEEK cages let surgeons assess fusion on X-ray and CT.",
        "Bone does not bond to bare PEEK; coatings close that gap.",
    )


@pytest.mark.parametrize("heading", ["Key takeaways", "TAKEAWAYS", "Key points:", "In short", "Summary", "TL;DR"])
def test_takeaway_headings(heading: str) -> None:
    text = extract_article_text(render(f"Lead.\n\n## Body\n\nProse here.\n\n## {heading}\n\n- One.\n- Two.\n"))
    assert text.takeaways == ("One.", "Two.")
    assert [section.heading for section in text.sections] == ["Body"]


def test_a_summary_without_a_list_stays_a_section() -> None:
    text = extract_article_text(render("## Summary\n\nJust a closing paragraph.\n"))
    assert text.takeaways == ()
    assert text.sections == (Section("Summary", ("Just a closing paragraph.",)),)


def test_loose_list_items_join_their_paragraphs() -> None:
    text = extract_article_text(render("## Steps\n\n- First step.\n\n    More on it.\n\n- Second step.\n"))
    assert text.sections[0].items == ("First step. More on it.", "Second step.")


@pytest.mark.parametrize(
    "html",
    [
        "<h2>Gates</h2><p>Moulds run<custom-tag>\n</custom-tag>hot.</p>",
        "<h2>Gates</h2><ul><li><p class='lead'>Moulds run</p>\n<p>hot.</p></li></ul>",
        "<h2>Gates</h2><ul><li><p>Moulds run</p>\n<p>hot.</p></li></ul>",
    ],
)
def test_white_space_after_a_tag_inside_a_block_separates_words(html: str) -> None:
    section = extract_article_text(html).sections[0]
    assert "Moulds run hot." in section.paragraphs + section.items


def test_entities_and_whitespace_are_normalized() -> None:
    html = "<h2>A &amp; B</h2><p>Caf&eacute;\n  &lt;code&gt;   costs&nbsp;5&#8239;€<br>today .</p>"
    text = extract_article_text(html)
    # Non-breaking spaces become plain ones: a post has no line layout to protect.
    assert text.sections == (Section("A & B", ("Café <code> costs 5 € today.",)),)


@pytest.mark.parametrize(
    "html",
    [
        render(ARTICLE),
        REFERENCE_MARKERS,
        '<p>Results vary by site <sup>a</sup> and by season.</p><script>var p = "<p>Not prose.</p>";</script>',
    ],
    ids=["article", "reference markers", "spaced marker and script"],
)
def test_upper_case_tags_read_like_lower_case_ones(html: str) -> None:
    # Raw HTML an author wrote may use upper-case tags; extraction then matches without case.
    upper = re.sub(r"<(/?)([a-z][a-z0-9]*)", lambda tag: f"<{tag[1]}{tag[2].upper()}", html)
    assert "<P>" in upper and "<SUP" in upper and "<p>" not in upper
    assert extract_article_text(upper) == extract_article_text(html)


def test_empty_and_text_free_html() -> None:
    assert extract_article_text("") == ArticleText()
    assert extract_article_text('<p><img alt="x" src="y.png"></p><pre>code</pre>') == ArticleText()
