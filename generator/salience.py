"""Choose the sentences of an article that make standalone posts: by salience, not by position.

Every sentence of the article is a candidate: the lead and any list before the first heading, every paragraph
and list item of every section (H1 to H4), and the author's takeaways. A list item's first sentence needs a
common verb (items are often labels: "Resin lot and dryer log."). A sentence is left out when it cannot
stand alone in a post:

* it leans on what came before: a leading connective or reference ("This", "These", "It", "So",
  "However", "On to", "Below", "As shown", "The following"), a pronoun whose antecedent is elsewhere
  ("all of this", "between them", "Auditors check this more often", "We can do it", "Skip that and",
  "Ours are"), "therefore" early in the sentence;
* it points at something the post leaves out: a listing, table or figure ("shown below", "the table",
  "Fig. 2", "look at"), or it opens the paragraph right after a left-out code block with a pointer;
* it is meta-text: about the post itself ("In this article"), the reader's journey ("Congratulations,
  you have successfully…", "You'll need…", "Next time"), thanks, asides, outros, calls to subscribe, a
  resource rather than the subject ("The ISO page describes…"), a teaser for a list ("confirmed several
  priorities");
* it is not a claim: a question the next paragraph answers, a line ending in ':' or '…', a fragment without
  a verb ("Simple and sweet."), fewer than six words, an unbalanced quotation or bracket, or code.

The sentences left are scored, and the best make the posts, shown in article order (one per section before
a second from the same section, none that shares most of its words with one already chosen):

* specific: +1 per number (up to 2.5), +0.8 per acronym or code such as "ISO", "SW91:2018", "510(k)" (up
  to 2), +0.3 per capitalised name inside the sentence (up to 1.2), +0.15 per long word (up to 0.9);
* central: +0.5 per word that also occurs in the description or the headings (up to 2.5);
* the author's emphasis: takeaways come first; +0.4 for a paragraph's first sentence, +0.3 for a section's
  first paragraph;
* readable: +0.5 for 10 to 35 words, -1 under 8, -0.5 over 40; -0.3 per vague word ("very", "things",
  "basically"), -0.7 for a sentence that opens with "I", -1.5 per code identifier ("temperature_mc"),
  -1.2 for a connective early on ("The moment is therefore…").

A sentence that needs its heading for its subject ("This pilot was submitted on …" under "Pilot 2", "It
provides a taxonomy of defects." under "AAMI SW91:2018") carries a heading that is a short label with a
number or code ("Pilot 2: This pilot …"); under any other heading such a sentence is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from generator.models import ArticleText, Section
from generator.sentences import split_sentences

MIN_WORDS = 6
# A CJK sentence has no spaces: this many characters stand in for the minimum number of words.
MIN_CJK_CHARS = 12
# Longer than this is not one post's point, whatever the network.
MAX_CHARS = 400
# A heading longer than this is not a label a sentence can carry.
_LABEL_WORDS = 6

_LEADING = re.compile(
    r"^(?:[\"'“‘(]\s*)?(?:"
    r"(?:This|That|These|Those|It|Its|It's|They|Their|Them|He|She|His|Her|Ours|Theirs|Hers|Mine|Yours|Such|So|But"
    r"|And|Or|Yet|Still|Plus"
    r"|However|Therefore|Thus|Hence|Also|Then|Now|Next|Finally|First|Firstly|Second|Secondly|Third|Lastly"
    r"|Moreover|Furthermore|Additionally|Besides|Similarly|Likewise|Instead|Otherwise|Meanwhile|Again"
    r"|Anyway|Anyhow|Well|OK|Okay|Oh|Ah|Phew|Alright|Here|Here's|There's|Below|Above|Congratulations|Thanks"
    r"|Thank|Sure|Yes|No|Indeed|Nope|Yep|Hopefully|Luckily|Unfortunately|Fortunately|Interestingly"
    r"|Which|Both|Either|Neither|Another|Other|Whereas|Although|Though|Because|Since|Afterwards|Later"
    r"|Voilà|Voila|Done|Great|Cool|Wow|Note|Remember|Recall)\b"
    r"|In (?:addition|other words|short|summary|this|that|these|those|the (?:meantime|end|following))\b"
    r"|On (?:to|the other hand|top of (?:that|this))\b|Onto\b|As (?:such|a result|shown|mentioned|discussed|noted"
    r"|we|you|I|seen|described|explained|promised|always|usual|before|above|below|expected)\b"
    r"|For (?:this|that|these|those|example|instance)\b|After (?:that|this)\b|With (?:that|this)\b"
    r"|That said\b|To (?:summari[sz]e|recap|conclude|wrap|sum|do (?:this|that|so))\b|Let's\b|Let us\b"
    r"|One of (?:these|those|them|the (?:above|following))\b"
    r"|The (?:latter|former|same|other|above|below|following|next|previous|last|rest|result|answer)\b"
    r"|Same\b|Even so\b|At (?:this|that|the same) (?:point|stage|time)\b|By now\b|So far\b|Up next\b)",
)
# Every alternative of _LEADING starts with a word written out in its pattern, so a sentence whose first word
# (after an opening quote) is none of the pattern's words cannot match: the long match runs only for the few
# that open with one. Each token knows whether it can open such a sentence (``_may_lead``).
_LEADING_WORDS = frozenset(re.findall(r"\w+", _LEADING.pattern))
_LEADING_START = re.compile(r"(?:[\"'“‘(]\s*)?(\w+)")
_OPENING_QUOTES = frozenset("\"'“‘(")


def _may_lead(token: str) -> bool | None:
    """Whether a sentence whose first token is ``token`` may match ``_LEADING``; None for a lone opening quote,
    where the next word decides."""
    if token in _OPENING_QUOTES:
        return None
    start = _LEADING_START.match(token)
    return start is not None and start[1] in _LEADING_WORDS


def _leans_back(sentence: str, infos: list[_Token]) -> bool:
    """Whether the sentence opens with a connective or reference (``_LEADING``); ``infos`` are its words
    looked up in ``_TOKENS``."""
    may = _MAY_LEAD(infos[0]) if infos else False
    if may is None:
        may = _may_lead(sentence)
    return bool(may) and _LEADING.match(sentence) is not None


_POINTER = re.compile(
    r"\b(?:(?:shown|see|listed|described|mentioned|discussed|given|outlined|noted|provided|examples?|code|table"
    r"|figure|list|steps?|snippet|command|output)s? (?:below|above)|(?:below|above)\s*[.:]$|the (?:above|below)"
    r"|(?:below|above) (?:are|is)\b|as follows|the following|following (?:\w+ )?(?:example|table|figure|list|steps?|code|"
    r"snippet|command|output|diagram|section|screenshot|image)s?"
    r"|(?:this|the|that|these|our|my) (?:code|snippet|listing|table|figure|chart|diagram|graph|screenshot|image"
    r"|photo|picture|video|example|output|command|query|script|excerpt|checklist|list)s?\b(?! (?:of|for|in|from|to|"
    r"that|which|is|are|was|were|can|could|should|must|may|will|would|has|have|gives?|shows?)\b)"
    r"|(?:shown|listed|described|summari[sz]ed|illustrated|depicted|pictured|given) (?:in|on|here|at)\b"
    r"|look at|take a look|^see\b|\bsee (?:the )?(?:figure|fig|table|listing|section|chapter|part|below|above|here)\b"
    r"|click (?:here|on (?:the|this)|the (?:\w+ )?(?:button|link|icon|tab))|screenshot|(?:fig(?:ure)?|table|listing|chart)\.? ?\d|in (?:at least )?(?:two|three|four|five|six"
    r"|several|a few|these|those) (?:ways|steps|areas|points|respects)\s*[.:]$)",
    re.IGNORECASE,
)
_META = re.compile(
    r"\b(?:(?:I|we)(?:'ve| have) been asked|you(?:'ve| have) (?:now |just )?(?:successfully|finished|completed|"
    r"made it|learned|seen)|congratulations|thank(?:s| you)|stay tuned|subscribe|follow (?:me|us)|let me know"
    r"|(?:leave|drop|post) (?:a |your )?(?:comment|question|note)|comments? (?:below|section)|feel free"
    r"|happy (?:coding|hacking|reading|building|holidays)|(?:I|we) hope (?:this|you|that)|enjoy(?:ed)? (?:the|this|it|reading)"
    r"|in (?:this|today's|the next|the previous|the last|my last|my next|a future|a later|an earlier|a previous)"
    r" (?:post|article|blog|blog post|series|tutorial|guide|piece|episode|installment|part|chapter|section|write-up)"
    r"|this (?:post|article|blog|blog post|series|tutorial|guide|piece|write-up|newsletter)\b"
    r"|(?:we|I)(?:'ll| will| are going to|'m going to| am going to) (?:now |first |then |briefly )?"
    r"(?:look|see|explore|cover|discuss|dive|walk|go|start|take|show|explain|talk|focus|describe|share|try|get"
    r"|write|publish|post|follow up|return|come back|report back)"
    r"|(?:a few|some|many|several|most|all) of you\b|you(?:'ll| will)? need\b"
    r"|\b(?:someone|somebody|people|readers|customers|colleagues|clients|engineers)\b[^.,]{0,20}\bask(?:s|ed)? "
    r"(?:us |me )?(?:which|what|how|why|whether|if)\b"
    r"|let(?:'s| us)|next (?:time|week|post|article|episode)|(?:last|previous) (?:time|post|article|episode)|the answer is|part (?:one|two|three|four|\d)\b"
    r"|(?:read|see) (?:more|also)\b|for more (?:information|details|on)|more on (?:this|that) later"
    r"|as (?:always|promised|usual)|disclaimer|spoiler|shout-?out|kudos|cheers|(?:I|we) (?:was|were) asked"
    r"|as discussed in|(?:in|see) our (?:\w+ )?(?:article|post|guide)s?|our (?:earlier|previous|other|recent|last) (?:\w+ )?(?:article|post)s?|reach out|get in touch|contact us|sign up|newsletter|my (?:name|colleague|friend)|(?:I|we) (?:also )?"
    r"(?:want(?:ed)?|would like|'d like) to (?:share|thank|say|start|mention|point out|talk|write|explain|show)"
    r"|that's (?:it|all)\b|(?:interesting|good|great) question|out of curiosity|bear with|tl;?dr|fun fact|long story short"
    r"|you (?:might|may) (?:be )?(?:wonder|ask)|have you ever|ever wondered|without further ado)\b",
    re.IGNORECASE,
)
_BACK_REFERENCE = re.compile(
    r"\b(?:this|that|these|those|such) (?:point|one|ones|case|cases|issue|problem|approach|reason|question|answer"
    r"|idea|list|fix|step|trick|setup|set-up|tool|option)s?\b|\b(?:that|this) (?:long|much|many|far)\b"
    r"|\b(?:between|among|of|with|without|for|about) (?:them|these|those)\b|\b(?:package|tool|option|fix) for (?:that|this)\b"
    r"|\b(?:all|each|both|none|any|some|most|many) of (?:this|that|these|those|them|it)\b"
    # A demonstrative standing alone as a pronoun ("Auditors check this more often …").
    r"|\b(?:this|these|those) (?:more|less|often|again|too|also|well|first|later|now|is|was|will|can|should|means"
    r"|shows|matters|happens|works)\b|\bthat (?:more|less|often|again|too|also|well|first|later|now)\b"
    r"|\b(?:this|that|these|those)[.,;:]|\b(?:this|that|these|those) (?:and|or|but)\b"
    r"|\b(?:lacks|without|needs|requires) one\b|\b(?:these|those) (?:duties|obligations|tasks|responsibilities)\b",
    re.IGNORECASE,
)
# The same at the start of a sentence (matched, not searched: cheap enough to run on every sentence).
_BACK_REFERENCE_START = re.compile(
    # "The fix" refers back; "The fix that lasted …" and "The fix for X …" say which one themselves.
    r"The (?:changes?|results?|difference|problem|issue|fix|solution|outcome|effect)\b"
    r"(?! (?:of|to|in|from|for|that|which)\b)"
    r"|(?:We|I|You|They)\s+(?:(?:can|could|will|would|should|must|may|might|do|did|then|also|always|never|just|"
    r"still|often)\s+)?\w+\s+(?:it|them)\b|(?:On|In|For|At|With) (?:the )?[\w-]+ (?:that|this|it)\b"
)
# A consequence drawn in the first words ("The moment is therefore …"): matched only when the word occurs.
_CONSEQUENCE_START = re.compile(r"(?:\S+\s+){1,5}(?:therefore|thus|hence)\b")
_CODE = re.compile(
    r"[{}]|==|->|=>|\(\)|;\s*\w+\s*=|\b\w+_\w+\b|\b[a-z]+[A-Z]\w*\(|::|</?\w+>|\b\w+\.\w+\(|#(?:include|define"
    r"|pragma|if|ifdef|endif)\b|\$[A-Z_]{2,}"
)
_IDENTIFIER = re.compile(r"\b[A-Za-z]+_\w+\b|\b[a-z]+[A-Z][a-z]\w*\b")
_AUXILIARIES = frozenset(
    (
        "is are was were be been being am isn't aren't wasn't weren't has have had hasn't haven't hadn't do does "
        "did don't doesn't didn't can can't cannot could couldn't should shouldn't must mustn't may might will "
        "won't would wouldn't shall need needs needed get gets got make makes made take takes took give gives "
        "gave go goes went keep keeps kept let lets put puts set sets run runs cut cuts show shows showed shown "
        "mean means meant become becomes became seem seems come comes came hold holds held allow allows require "
        "requires lead leads led found find finds pay pays paid build builds built begin begins began say says "
        "said tell tells told know knows knew think thinks thought feel feels felt leave leaves left bring brings "
        "brought buy buys bought sell sells sold meet meets met fail fails fit fits sit sits stand stands stood "
        "lose loses lost win wins won grow grows grew draw draws drew fall falls fell send sends sent read reads "
        "write writes wrote spend spends spent break breaks broke choose chooses chose apply applies use uses "
        "matter matters work works stay stays remain remains differ differs depend depends exist exists help helps "
        "serve serves turn turns cost costs rebuilt rewrote ran wrote start starts stop stops prefer prefers expect "
        "expects tend tends try tries include includes contain contains provide provides follow follows cause causes "
        "reduce reduces increase increases improve improves pass passes affect affects decide decides protect protects "
        "prevent prevents produce produces receive receives remove removes replace replaces ship ships "
        "it's that's there's here's what's they're we're you're i'm"
    ).split()
)
_VERB_SUFFIX = re.compile(r"^[a-z][a-z'-]{2,}(?:ed|es|s|en)$")
_NOT_VERBS = frozenset(
    "is us as was has this its his thus yes less loss process series species class glass mass gas bus news "
    "basis analysis always perhaps sometimes towards besides across various previous serious numerous famous "
    "obvious ones parts items grades results units tests values data details steps materials devices".split()
)
# A word ending in -s after one of these is a plural noun, not a verb.
_BEFORE_NOUN = frozenset(
    "a an the any all many some these those their our your its his her my of for in on with by to from and or "
    "two three four five six several few more most other such both each no".split()
)
_TERMINATED = re.compile(r"[.!。！][\"'”’»)\]」』）]*$")
_DANGLING_END = re.compile(r"(?:[:;,…]|\.\.\.)[\"'”’»)\]]*$")
_QUESTION_END = re.compile(r"[?？؟][\"'”’»)\]]*$")
_NUMBER = re.compile(r"\d")
_CODE_TERM = re.compile(r"\b(?:[A-Z][A-Za-z]*\d[\w:.()/-]*|\d+\([a-z]\)|[A-Z]{2,}[\w-]*)")
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]{2,}")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_VAGUE = frozenset("very really things stuff pretty quite basically simply just somewhat kind sort lots".split())
_STOP = frozenset(
    (
        "a an the and or but of to in on at for from by with without about into over under than then this that "
        "these those it its is are was were be been being as so such not no can could should would will may "
        "might must do does did have has had what how why which when where who whom whose your our their my his "
        "her we you they he she them us i me more most less least very much many some any all each every both "
        "also only just other another new good best well way ways use used using make makes made one two three "
        "part parts post article blog guide notes"
    ).split()
)


class Candidate(NamedTuple):
    """A sentence that can stand alone in a post, with where it came from and how salient it is (a tuple:
    every article makes dozens)."""

    order: int
    # Index of the section; -1 for the lead, -2 and below for the takeaways.
    section: int
    text: str
    score: float
    # ``terms(text)``, for the repeat filter; worked out from the words scoring looked up.
    terms: frozenset[str]
    # The next sentence of its paragraph, unchecked (``Pool.follow`` says whether it may go along).
    following: str = ""
    carried: bool = False
    block: int = 0


_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")


def is_cjk(text: str) -> bool:
    """Whether most of ``text`` is wide (CJK) characters, which are written without spaces."""
    if text.isascii():
        return False
    return len(_WIDE.findall(text)) * 3 > len(text)


def size(text: str) -> int:
    """Words in Latin or Cyrillic text; CJK characters count as half a word each."""
    if is_cjk(text):
        return len(text) // 2
    return len(text.split())


def has_verb(sentence: str, *, strict: bool = False) -> bool:
    """A rough test for a finite verb, enough to tell a claim from a label or an exclamation.

    ``strict`` (for list items, which are often labels) looks only for common verbs outside relative clauses.
    """
    words = _strip_relative(sentence) if strict else sentence
    return _has_verb(sentence, map(_TOKENS.__getitem__, words.split()), strict)


def _has_verb(sentence: str, infos: Iterable[_Token], strict: bool = False) -> bool:
    """``has_verb`` for a sentence whose words are already looked up in ``_TOKENS``."""
    if is_cjk(sentence) or _mostly_non_latin(sentence):
        return True
    # Each word becomes one letter naming its classes, and a pattern over the letters finds the verb.
    letters = "".join(map(_VERB_LETTER, infos))
    return (_STRICT_VERB if strict else _VERB).search(letters) is not None


# What ``has_verb`` needs to know about a word, as bits of one letter.
_NOT_BEFORE_NOUN, _PLURAL, _VERB_FORM, _BASE_FORM, _AUXILIARY = 1, 2, 4, 8, 16


def _letters(*required: int) -> str:
    """A character class of every letter whose bits include all of ``required``."""
    need = sum(required)
    return "[" + "".join(re.escape(chr(_LETTER_BASE + bits)) for bits in range(32) if bits & need == need) + "]"


_LETTER_BASE = 0xC0
_STRICT_VERB = re.compile(_letters(_AUXILIARY))
# An auxiliary anywhere; a verb-like word after anything but a determiner or preposition; or a plural
# subject and a verb in its base form ("Auditors watch …", "respondents start …").
_VERB = re.compile(
    f"{_letters(_AUXILIARY)}|{_letters(_NOT_BEFORE_NOUN)}{_letters(_VERB_FORM)}"
    f"|{_letters(_NOT_BEFORE_NOUN, _PLURAL)}{_letters(_BASE_FORM)}"
)


def _verb_letter(token: str) -> str:
    """The letter ``has_verb`` reads for one word."""
    word = token.strip(".,;:!?\"'“”‘’()[]").lower()
    bits = (
        (word not in _BEFORE_NOUN) * _NOT_BEFORE_NOUN
        | (word.endswith("s") and len(word) > 3 and word not in _NOT_VERBS) * _PLURAL
        | (word not in _NOT_VERBS and bool(_VERB_SUFFIX.match(word))) * _VERB_FORM
        | (word.isalpha() and len(word) > 2 and word not in _FUNCTION_WORDS and not word.endswith("ly")) * _BASE_FORM
        | (word in _AUXILIARIES) * _AUXILIARY
    )
    return chr(_LETTER_BASE + bits)


_FUNCTION_WORDS = frozenset(
    (
        "the and or but nor for from with without into onto upon over under than then that this these those which "
        "who whom whose what when where while per via about above below after before between among across through "
        "during against within along around near off out not all any each every some such other more most less "
        "least very our your their its his her one two three four five six ten new old own same"
    ).split()
)


# Every alternative of _META and _POINTER contains one of these words (lower case): the costly patterns only
# run on sentences that hold one, which keeps checking a sentence to a few microseconds.
_META_TRIGGERS = frozenset(
    (
        "asked successfully finished completed made learned seen congratulations congrats thank thanks tuned "
        "subscribe follow let let's know comment comments question note free happy hope enjoy enjoyed post posts "
        "article articles blog series tutorial guide guides piece episode installment part chapter section write "
        "newsletter we'll i'll will going next last previous answer also more later always promised usual "
        "disclaimer spoiler shout shoutout kudos cheers discussed reach touch contact sign name colleague friend "
        "want wanted like i'd we'd that's curiosity bear tl tldr fact story wonder wondering ask ever ado "
        "page website site paper document video talk webinar book slides repository repo you you'll need write asks "
        "asked"
    ).split()
)
_POINTER_TRIGGERS = frozenset(
    (
        "below above follows following code codes snippet snippets listing listings table tables figure figures "
        "chart charts diagram diagrams graph graphs screenshot screenshots image images photo photos picture "
        "pictures video videos example examples output outputs command commands query queries script scripts "
        "excerpt excerpts checklist checklists list lists shown listed described summarised summarized "
        "illustrated depicted pictured given look see click fig figs ways steps areas points respects"
    ).split()
)
# A sentence about a resource rather than the subject ("The ISO 13485 page on the ISO website describes …").
_RESOURCE = re.compile(
    r"^(?:The|Our|A|An)\b[^,.;]{0,60}\b(?:page|article|post|website|site|paper|guide|document|video|talk|webinar"
    r"|book|slides|repository|repo)s?\b[^,.;]{0,40}\b(?:describes|explains|covers|lists|summari[sz]es|gives|provides"
    r"|has|contains|shows)\b"
)
# A count of things the next paragraph or list delivers ("The conference confirmed several priorities …").
_TEASER_NOUNS = frozenset(
    (
        "priorities points things lessons themes topics reasons ways steps ideas areas questions takeaways insights "
        "tips trends observations conclusions mistakes rules options"
    ).split()
)
_TEASER = re.compile(
    r"\b(?:confirmed|identified|found|learned|learnt|saw|see|share|shares|shared|cover|covers|covered|list|lists"
    r"|highlight|highlights|highlighted|outline|outlines|brought|are|were|has|have|had|took|offers?|gives?)\s+"
    r"(?:the\s+|our\s+|us\s+)?(?:several|some|a few|a number of|various|many|two|three|four|five|six|seven|eight"
    r"|nine|ten) (?:\w+ )?(?:priorities|points|things|lessons|themes|topics|reasons|ways|steps|ideas|areas"
    r"|questions|takeaways|insights|tips|trends|observations|conclusions|mistakes|rules|options)\b",
    re.IGNORECASE,
)
_DEMONSTRATIVES = frozenset("this that these those such them one it".split())
_CONSEQUENCES = frozenset({"therefore", "thus", "hence"})
_TRIGGER_WORD = re.compile(r"[a-z']+")
# Which trigger lists a token's words fall in, one 10-bit count per list (a sentence checked has at most
# MAX_CHARS characters, so a sum over its tokens never carries into the next field).
_TRIGGER_LISTS = (_DEMONSTRATIVES, _POINTER_TRIGGERS, _META_TRIGGERS, _TEASER_NOUNS, _AUXILIARIES, _CONSEQUENCES)
_HAS_DEMONSTRATIVE, _HAS_POINTER, _HAS_META, _HAS_TEASER, _HAS_AUXILIARY, _HAS_CONSEQUENCE = (
    1023 << 10 * index for index in range(len(_TRIGGER_LISTS))
)


def _trigger_bits(token: str) -> int:
    words = _TRIGGER_WORD.findall(token.lower().replace("’", "'"))
    return sum((not group.isdisjoint(words)) << 10 * index for index, group in enumerate(_TRIGGER_LISTS))


_CODE_CHARACTERS = "{}=<#$_"
_CALL = re.compile(r"\w\(")


def _may_be_code(sentence: str) -> bool:
    """The cheap test for ``_CODE``: a character or pair that every code match holds."""
    return (
        any(map(sentence.__contains__, _CODE_CHARACTERS)) or "::" in sentence or "->" in sentence
        or ("(" in sentence and ("()" in sentence or _CALL.search(sentence) is not None))
    )


_CAMEL = re.compile(r"[a-z][A-Z]")


def _mostly_non_latin(text: str) -> bool:
    """Cyrillic, Arabic and other scripts the English verb list cannot judge."""
    if text.isascii():
        return False
    return len(_LATIN_LETTER.findall(text)) * 2 < len(_LETTER.findall(text))


def rejection(sentence: str, *, opener: bool = True) -> str | None:
    """Why ``sentence`` cannot stand alone in a post, or None. ``opener=False`` allows a leading reference
    (for a sentence that follows another of the same paragraph in one tweet)."""
    return _rejection(sentence, None, opener)


def _rejection(sentence: str, infos: list[_Token] | None, opener: bool = True) -> str | None:
    """``rejection`` for a sentence whose words may be looked up in ``_TOKENS`` already (``infos``)."""
    if len(sentence) > MAX_CHARS:
        return "too long"
    end = sentence.rstrip(_CLOSERS)
    if end[-1:] in ("?", "？", "؟"):
        return "question"
    if not end or end[-1] not in ".!。！" or end.endswith("..."):
        return "not a whole sentence"
    if infos is None:
        infos = list(map(_TOKENS.__getitem__, sentence.split()))
    if is_cjk(sentence):
        if len(sentence) < MIN_CJK_CHARS:
            return "too short"
    elif len(infos) < MIN_WORDS:
        return "too short"
    # The trigger lists the sentence's words fall in (tested with the ``_HAS_*`` masks).
    triggers = sum(map(_TRIGGER_BITS, infos))
    if opener and (
        _leans_back(sentence, infos)
        or _BACK_REFERENCE_START.match(sentence)
        or triggers & _HAS_CONSEQUENCE and _CONSEQUENCE_START.match(sentence)
        or triggers & _HAS_DEMONSTRATIVE and _BACK_REFERENCE.search(sentence)
    ):
        return "leans on what came before"
    if triggers & _HAS_POINTER and _POINTER.search(sentence):
        return "points at something left out"
    if triggers & _HAS_META and (_META.search(sentence) or _RESOURCE.search(sentence)):
        return "about the post, not its subject"
    if triggers & _HAS_TEASER and _TEASER.search(sentence):
        return "a teaser for what follows"
    if not triggers & _HAS_AUXILIARY and not _has_verb(sentence, infos):
        return "no verb"
    if not _balanced(sentence):
        return "unbalanced quote or bracket"
    if _may_be_code(sentence) and _CODE.search(sentence):
        return "code"
    return None


@lru_cache(maxsize=256)
def describes_post(text: str) -> bool:
    """Whether a description talks about the post ("A short post about…", "How X, and what Y") instead of
    saying something; such a description is never the hook, and the author is advised to write one."""
    sentences = split_sentences(text)
    if not sentences or is_claim(text):
        return False
    return _describes(sentences[0]) or bool(_WH_START.match(sentences[0]))


@lru_cache(maxsize=256)
def is_claim(text: str) -> bool:
    """Whether a description (or any short text) says something rather than describing the post."""
    sentences = split_sentences(text)
    if not sentences:
        return False
    first = sentences[0]
    if _describes(first) or _QUESTION_END.search(first):
        return False
    if is_cjk(first) or _FIRST_PERSON.match(first):
        return True
    if _WH_START.match(first):
        # "How we gown matters …" is a claim; "How we set and justify intervals" only names a topic.
        return bool(_WH_MAIN_VERB.search(first))
    return has_verb(first)


@lru_cache(maxsize=256)
def _describes(sentence: str) -> bool:
    """Whether the sentence is about the post rather than its subject. The patterns that may match anywhere
    run only when the sentence holds one of their words: searched unconditionally, they cost more than the
    rest of judging a description."""
    if _DESCRIBES_START.match(sentence):
        return True
    words = _ASCII_WORD.findall(sentence.casefold())
    return not _DESCRIBES_WORDS.isdisjoint(words) and _DESCRIBES_ANYWHERE.search(sentence) is not None


# Matched at the start of the sentence.
_DESCRIBES_START = re.compile(
    r"(?:results|notes|thoughts|tips|lessons|highlights|takeaways|practical (?:\w+ )?(?:guidance|advice|tips)"
    r"|a few (?:notes|thoughts|words)|some (?:notes|thoughts)|an? (?:\w+ )?(?:look|overview|introduction|guide|primer"
    r"|summary|recap|tour|walk-?through|case|view|roundup|round-up|deep dive|explainer|step-by-step \w+)|our (?:\w+ )?"
    r"(?:recap|roundup|summary|notes|take|thoughts|report))\b"
    # A wh-clause opening a list of topics ("How X, what Y and why Z"; "What changes: A, B and C").
    r"|(?:how|what|why|which|when|where|whether)\b(?=[^.]*(?:,\s*(?:and\s+|or\s+|plus\s+)?|\s(?:and|or|plus)\s)"
    r"(?:how|what|why|which|when|where|whether)\b|[^.]*:\s)"
    r"|see\b",
    re.IGNORECASE,
)
# Searched anywhere; each alternative holds one of _DESCRIBES_WORDS.
_DESCRIBES_ANYWHERE = re.compile(
    r"\b(?:this|the|our|my|a short|a brief|a quick|a long) (?:blog )?(?:post|article|write-?up|piece|series|tutorial)\b"
    r"|\b(?:in this|this) (?:post|article|piece|guide)\b|\bjust (?:share|sharing|some|a few)\b"
    r"|\b(?:we|I) (?:look|discuss|explain|explore|cover|share|describe|walk|summari[sz]e|review)\b"
    r"|\b(?:learn|find out|discover|read on|read about)\b|[;(]\s*see\b"
    r"|\bsee (?:the|our|my) (?:talk|video|slides|post|article|paper|docs|repo|repository|website|page|link)\b",
    re.IGNORECASE,
)
_DESCRIBES_WORDS = frozenset(
    "post article write writeup piece series tutorial guide just we i learn find discover read see".split()
)
# Case-folded first, so every letter the case-insensitive patterns accept ("ſ" for "s") is found.
_ASCII_WORD = re.compile(r"[a-z]+")


def _strip_relative(sentence: str) -> str:
    """A sentence without its relative clauses, so a list item "Endpoints that remain open" shows no verb."""
    return _RELATIVE.sub("", sentence)


_FIRST_PERSON = re.compile(r"(?:We|I|Our \w+)\s+\w+")
_WH_START = re.compile(r"(?:How|What|Why|Which|When|Where|Whether)\b")
_WH_MAIN_VERB = re.compile(r"^\S+\s+\S+.*?\b(?:matters|is|are|was|were|decides|depends|determines|shapes|counts)\b")
_RELATIVE = re.compile(r"\b(?:that|which|who|whose|where)\b[^,]*", re.IGNORECASE)


def _balanced(sentence: str) -> bool:
    if sentence.count('"') % 2 or sentence.count("“") != sentence.count("”"):
        return False
    return sentence.count("(") == sentence.count(")") and sentence.count("[") == sentence.count("]")


@lru_cache(maxsize=4096)
def terms(text: str) -> frozenset[str]:
    """Content words of ``text``, lower-cased and without a plural 's', for comparing topics."""
    return frozenset(map(_TERM, map(_TOKENS.__getitem__, text.split()))) - _NO_TERM


def similar(one: str, other: str) -> bool:
    """Whether two sentences say nearly the same thing (most content words shared)."""
    first, second = terms(one), terms(other)
    if not first or not second:
        return one.casefold() == other.casefold()
    return _overlap(first, second)


def _overlap(first: frozenset[str], second: frozenset[str]) -> bool:
    shared = len(first & second)
    # Two shared words are a shared topic, not a repeat, unless they are all the words of both.
    if shared < 3:
        return first == second
    smaller = min(len(first), len(second))
    return shared >= 0.6 * smaller or (shared >= 4 and shared >= 0.5 * smaller)


class _Sentence(NamedTuple):
    """One scored sentence before the standalone checks (a tuple: there is one per sentence of the article)."""

    order: int
    section_index: int
    section: Section | None
    text: str
    following: str
    score: float
    block: int
    first_in_paragraph: bool
    after_listing: bool
    is_item: bool
    # The sentence's words looked up in ``_TOKENS``, shared by scoring and the checks.
    words: list[_Token]


class Pool:
    """The scored sentences of one article. Whether a sentence can stand alone (the costly part) is decided
    the first time a caller walks past it, so a 1,000-sentence article checks only the few it needs."""

    def __init__(self, sentences: list[_Sentence]) -> None:
        self._sentences = sentences
        self._ranked = sorted(sentences, key=lambda entry: (entry.section_index > -2, -entry.score, entry.order))
        self._checked: dict[int, Candidate | None] = {}

    def ranked(
        self, *, skip: Callable[[int, int], bool] | None = None, limit: int | None = None
    ) -> Iterator[Candidate]:
        """Standalone candidates, the author's takeaways first, then by score.

        Sentences ``skip`` (given order and section) turns down are passed over unchecked; ``limit`` bounds how
        many sentences are walked, so a huge article is not checked in full.
        """
        for entry in self._ranked[:limit]:
            if skip is not None and skip(entry.order, entry.section_index):
                continue
            candidate = self._check(entry)
            if candidate is not None:
                yield candidate

    def in_order(self) -> Iterator[Candidate]:
        """Standalone candidates in article order."""
        for entry in self._sentences:
            candidate = self._check(entry)
            if candidate is not None:
                yield candidate

    def follow(self, candidate: Candidate) -> str:
        """The next sentence of the candidate's paragraph if it can go along in the same post, else ''.
        Checked only for the few candidates a post takes."""
        following = candidate.following
        return following if following and rejection(following, opener=False) is None else ""

    def _check(self, entry: _Sentence) -> Candidate | None:
        if entry.order not in self._checked:
            self._checked[entry.order] = _standalone(entry)
        return self._checked[entry.order]


def _standalone(entry: _Sentence) -> Candidate | None:
    sentence = entry.text
    if entry.after_listing and entry.first_in_paragraph and _points_back(sentence):
        return None
    shown, carried = _with_heading(sentence, entry.section)
    if shown is None or _rejection(shown, None if carried else entry.words) is not None:
        return None
    if carried and _rejection(sentence, entry.words, opener=False) is not None:
        return None
    # An item's first sentence is often a label ("Resin lot and dryer log."); what follows it is prose.
    if entry.is_item and entry.first_in_paragraph and not has_verb(sentence, strict=True):
        return None
    own_terms = terms(shown) if carried else frozenset(map(_TERM, entry.words)) - _NO_TERM
    return Candidate(
        entry.order, entry.section_index, shown, entry.score, own_terms, entry.following, carried, entry.block
    )


@lru_cache(maxsize=4)
def candidates(text: ArticleText, *, title: str = "", description: str = "") -> Pool:
    """Every sentence of the article that may stand alone, scored; the thread and the post share one pool."""
    headings = " ".join(section.heading for section in text.sections)
    title_terms = terms(title)
    weights: dict[str | None, int] = dict.fromkeys(terms(description) | terms(headings), 1)
    weights.update(dict.fromkeys(title_terms, 2))
    units: list[tuple[int, Section | None, str, bool, bool, bool, bool]] = []
    # Each takeaway counts as its own section: the author chose every one of them.
    for index, item in enumerate(text.takeaways):
        units.append((-2 - index, None, item, True, False, True, False))
    lead = Section("", text.lead, text.lead_items, item_places=text.lead_item_places)
    for number, section in [(-1, lead), *enumerate(text.sections)]:
        owner = section if number >= 0 else None
        for index, block, is_item in _blocks(section):
            units.append((number, owner, block, index == 0 and not is_item, block in section.after_listing, False,
                          is_item))
    found: list[_Sentence] = []
    order = 0
    for block, (section_index, section, unit, first_block, after_listing, takeaway, is_item) in enumerate(units):
        sentences = split_sentences(unit)
        if after_listing and sentences and _points_back(sentences[0]):
            order += len(sentences)
            continue
        carries = section is not None and bool(_label(section.heading))
        takeaway_bonus, block_bonus = (5 if takeaway else 0), (0.3 if first_block else 0)
        for position, (sentence, following) in enumerate(zip(sentences, [*sentences[1:], ""])):
            order += 1
            if not _plausible(sentence):
                continue
            words = list(map(_TOKENS.__getitem__, sentence.split()))
            if not carries and _leans_back(sentence, words):
                continue
            score = _score(sentence, words, weights) + takeaway_bonus + (0.4 if position == 0 else 0) + block_bonus
            # Rounded to thousandths so that sums of the same weights in another order tie; for these weights
            # (multiples of 0.05) this is ``round(score, 3)`` at half the cost.
            found.append(
                _new_sentence((
                    order, section_index, section, sentence, following, round(score * 1000) / 1000, block,
                    position == 0, after_listing, is_item, words,
                ))
            )
    return Pool(found)


def _blocks(section: Section) -> Iterator[tuple[int, str, bool]]:
    """The section's paragraphs and items in article order: (index among its kind, text, is an item)."""
    places = section.item_places or (len(section.paragraphs),) * len(section.items)
    items = 0
    for index, paragraph in enumerate(section.paragraphs):
        while items < len(section.items) and places[items] <= index:
            yield items, section.items[items], True
            items += 1
        yield index, paragraph, False
    for rest in range(items, len(section.items)):
        yield rest, section.items[rest], True


# ``_Sentence`` built from a tuple, without the argument handling of its ``__new__``: there is one per sentence.
_new_sentence = partial(tuple.__new__, _Sentence)


def _plausible(sentence: str) -> bool:
    """The cheap part of ``rejection``: length, a final full stop, enough words."""
    if len(sentence) > MAX_CHARS:
        return False
    end = sentence.rstrip(_CLOSERS)
    if not end or end[-1] not in ".!。！" or end.endswith("..."):
        return False
    if sentence.isascii():
        return sentence.count(" ") + 1 >= MIN_WORDS
    return size(sentence) >= (MIN_WORDS if not is_cjk(sentence) else MIN_CJK_CHARS // 2)


_CLOSERS = "\"'”’»)]」』）"


_BACK_POINTER = re.compile(
    r"^(?:Look|Note|Notice|See|Here|This|These|That|Those|The (?:code|output|result|table|listing|snippet|figure|"
    r"example|first|second|last)|In (?:this|the) (?:example|code|listing|table|snippet|output)|As you can see)\b",
    re.IGNORECASE,
)


def _points_back(sentence: str) -> bool:
    return bool(_BACK_POINTER.match(sentence)) or "offset" in sentence.lower()


_ANAPHOR = re.compile(r"^(?:This|That|These|Those|It|Its|They|Their|The|A|An|Our)\b")


def _with_heading(sentence: str, section: Section | None) -> tuple[str | None, bool]:
    """The sentence as posted, carrying its heading's label when its subject lives in the heading.

    Only a heading that is a label ("Pilot 2", "AAMI SW91:2018": a code or number, a few words) is carried.
    A sentence that opens with "This", "It" or "They" under any other heading is left out (None).
    """
    if section is None:
        return sentence, False
    anaphoric = bool(_SUBJECT_PRONOUN.match(sentence))
    heading = section.heading.rstrip(":.")
    label = _label(heading)
    if not label:
        return (None, False) if anaphoric else (sentence, False)
    generic = bool(_ANAPHOR.match(sentence)) and len(heading.split()) <= 3
    if not anaphoric and not generic or _mention(label).search(sentence):
        return sentence, False
    joiner = " – " if ":" in heading else ": "
    return f"{heading}{joiner}{sentence}", True


_SUBJECT_PRONOUN = re.compile(r"(?:This|That|These|Those|It|Its|They|Their)\b")
_ACRONYM = re.compile(r"[A-Z]{2,}\w*")


@lru_cache(maxsize=1024)
def _label(heading: str) -> tuple[str, ...]:
    """The distinctive tokens of a short heading: codes, numbers, acronyms ("Pilot 2", "AAMI SW91:2018")."""
    if len(heading.split()) > _LABEL_WORDS:
        return ()
    return tuple(token for token in heading.split() if _NUMBER.search(token) or _ACRONYM.fullmatch(token))


@lru_cache(maxsize=1024)
def _mention(label: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the label's tokens as a word of its own."""
    return re.compile("(?<!\\w)(?:" + "|".join(map(re.escape, label)) + ")(?!\\w)")


def _score(sentence: str, infos: list[_Token], weights: dict[str | None, int]) -> float:
    """``infos`` are the sentence's words looked up in ``_TOKENS``; ``weights`` holds the article's topic
    terms: 2 for a title term, 1 for any other."""
    # Scoring covers every sentence of the article, so each distinct token is classified once (``_TOKENS``)
    # and its counts are packed into one integer: one sum in C adds them all up for a sentence.
    if not infos:
        return -1.0
    packed = sum(map(_PACKED, infos))
    central = sum(map(weights.get, map(_STEM, infos), _ZEROS))
    # The first word of a sentence is capitalised anyway: it is not a name.
    first = infos[0] if not infos[0][0] else next((info for info in infos if not info[0]), infos[0])
    names = (packed >> 30 & _FIELD) - (first[1] >> 30 & _FIELD)
    # Each count's weight and cap; the caps stop one kind of detail from outweighing the rest.
    numbers, codes, long_words = packed >> 40 & _FIELD, packed >> 20 & _FIELD, packed & _FIELD
    score = (numbers if numbers < 2.5 else 2.5) + (0.8 * codes if codes < 2.5 else 2.0)
    score += 0.3 * names if names < 4 else 1.2
    score += (0.15 * long_words if long_words <= 6 else 0.9) + (0.5 * central if central < 5 else 2.5)
    count = len(infos) if sentence.isascii() else size(sentence)
    if 10 <= count <= 35:
        score += 0.5
    elif count < 8:
        score -= 1
    elif count > 40:
        score -= 0.5
    score -= 0.3 * (packed >> 10 & _FIELD)
    if sentence.startswith("I "):
        score -= 0.7
    if packed >> 50 & _FIELD:
        score -= 1.5 * len(_IDENTIFIER.findall(sentence))
    # The connective field only gates the pattern, which decides whether one stands early in the sentence.
    if packed >> 60 and _INNER_CONNECTIVE.search(sentence):
        score -= 1.2
    return score


# A token's counts, ten bits each (a sentence has at most MAX_CHARS characters, so no count overflows):
# long words, vague words, codes, names, numbers, identifier-like, connectives (from the lowest bits up).
_FIELD = 1023
_Token = tuple[bool, int, "str | None", "str | None", int, str, "bool | None"]


def _token_info(token: str) -> _Token:
    """What one token adds to a sentence's score: (empty, packed counts, stem for centrality, term for
    ``terms``, trigger lists for ``rejection``, letter for ``has_verb``, whether a sentence it opens may match
    ``_LEADING``)."""
    return (*_classify(token.strip(_PUNCTUATION)), _term(token.lower().strip(_TERM_PUNCTUATION)), _trigger_bits(token),
            _verb_letter(token), _may_lead(token))


def _classify(core: str) -> tuple[bool, int, str | None]:
    if not core:
        return (True, 0, None)
    if core.isalpha():
        long_word = int(len(core) >= 9)
        if core.islower():
            vague = core in _VAGUE
            stem = None
            if not vague and len(core) > 2:
                stem = core[:-1] if core[-1] == "s" and len(core) > 4 else core
            return (False, long_word | vague << 10 | (core in _CONNECTIVES) << 60, stem)
        if core.isupper():
            return (False, long_word | (len(core) > 1) << 20, None)
        if core[1:].islower():
            return (False, long_word | (len(core) > 2) << 30, None)
        return (False, long_word | 1 << 50, None)
    if any(char.isdigit() for char in core):
        return (False, (core[0].isupper() or "(" in core) << 20 | 1 << 40, None)
    if core.isascii() and "_" in core:
        return (False, 1 << 50, None)
    return (False, 0, None)


def _term(word: str) -> str | None:
    if len(word) < 3 or word in _STOP or not word[0].isalpha():
        return None
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


_PACKED = itemgetter(1)
_STEM = itemgetter(2)
_TERM = itemgetter(3)
_TRIGGER_BITS = itemgetter(4)
_VERB_LETTER = itemgetter(5)
_MAY_LEAD = itemgetter(6)
_ZEROS = repeat(0)
_NO_TERM = frozenset({None})


class _TokenTable(dict[str, _Token]):
    """Each token's ``_token_info``, worked out the first time the token is seen: the same words recur in
    every sentence of a site. Emptied when it grows large, so a huge site cannot exhaust memory."""

    _LIMIT = 200_000

    def __missing__(self, token: str) -> _Token:
        if len(self) >= self._LIMIT:
            self.clear()
        self[token] = info = _token_info(token)
        return info


_TOKENS = _TokenTable()


_PUNCTUATION = ".,;:!?\"'“”‘’()[]«»…—–-"
# Terms compare sentences for repeats, so CJK punctuation goes too: "扬州。" and "扬州." are one term.
_TERM_PUNCTUATION = _PUNCTUATION + "。！？、，；：「」『』（）【】《》〈〉"
_NUMBERS = re.compile(r"\d+(?:[.,:]\d+)*")
_CODE_HINT = re.compile(r"[A-Z][A-Z0-9]|\d\(")
_CONNECTIVES = frozenset("therefore thus hence however also too again then instead".split())
_INNER_CONNECTIVE = re.compile(r"^(?:\S+\s+){1,6}(?:therefore|thus|hence|however|also|too|again|then|instead)\b")


_MAX_EXAMINED = 400


def best(pool: Pool, count: int, *, avoid: list[str], fits: Callable[[str], bool] | None = None) -> list[Candidate]:
    """Up to ``count`` of the best candidates, one per section first, none like ``avoid``; in article order.

    ``fits`` filters out sentences too long for the network.
    """
    chosen: list[Candidate] = []
    orders: set[int] = set()
    taken = [terms(text) for text in avoid]
    for spread in (True, False):
        if len(chosen) == count:
            break
        sections: set[int] = {candidate.section for candidate in chosen} if spread else set()
        # The rest rank lower, and a huge article must not be checked in full.
        for candidate in pool.ranked(skip=partial(_passed_over, orders, sections), limit=_MAX_EXAMINED):
            if fits is not None and not fits(candidate.text):
                continue
            own = candidate.terms
            if any(_overlap(own, other) for other in taken):
                continue
            chosen.append(candidate)
            orders.add(candidate.order)
            taken.append(own)
            if spread:
                sections.add(candidate.section)
            if len(chosen) == count:
                break
    return sorted(chosen, key=lambda candidate: candidate.order)


def _passed_over(orders: set[int], sections: set[int], order: int, section: int) -> bool:
    """Whether ``best`` has the sentence already or, spreading its points, has one from its section."""
    return order in orders or section in sections
