"""Split plain prose into sentences without breaking at abbreviations, initials or numbers.

Tweets and post lines are built from whole sentences, so a wrong split shows up as a dangling "e.g." or a
"Fig." cut from its number. When a period is ambiguous ("U.S.", "Inc." before a capital) we keep the
sentence together: a sentence that is too long is still cut cleanly later, a bad split is not repairable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Lower-case forms without the final period.
_ABBREVIATIONS = frozenset(
    (
        "al approx art ave blvd bzw ca capt cf ch co col corp dept dr eq eqs fig figs gen ggf gov hon inc incl jr "
        "lt ltd mr mrs ms mt p pp prof rd ref refs rep resp rev sec sen sgt sr st supt tab univ vgl viz vol vols vs "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)
# "no." also ends sentences ("The answer is no."), so it is an abbreviation only before a number.
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "nr"})
_DOTTED = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}")
_INITIAL = re.compile(r"[A-Z]")
_OPENERS = "([{\"'“‘«"

# A sentence end: a CJK end mark (spaces after it optional), or Latin end marks and closing quotes or
# brackets, then white space. Every match starts with an end mark, so the regular-expression engine skips
# straight to the next one; groups: further end marks, closers (Latin only).
_CJK_MARKS = "。！？"
_BOUNDARY = re.compile(
    r"""
    [.!?…؟。！？](?:
    (?<=[。！？])[。！？]*[」』）】〕》〉”’"']*\s*
    | ([.!?…؟]*)(["'”’»)\]]*)\s+
    )""",
    re.VERBOSE,
)
# _BOUNDARY for text whose only end mark is the full stop (most prose): a pattern that starts with one
# character is found far faster than one that starts with a class.
_STOP_BOUNDARY = re.compile(r"\.([.!?…؟]*)([\"'”’»)\]]*)\s+")
_OTHER_END_MARKS = "…؟。！？"
_CJK_END = re.compile(r"[。！？」』）】〕》〉]$")

ELLIPSIS = "…"
# Where a long sentence may be cut, and what must stay together across a cut ("3.5 mm", "ISO 13485").
_CLAUSE_END = (",", ";", ":", "，", "、", "；", "：")
_CJK_CLAUSE_END = "，、；：。！？"
_DASHES = frozenset({"—", "–", "-"})
_NUMBER = re.compile(r"[(\[]?[-+±~≈<>≤≥]?\d[\d.,:/–-]*[%‰]?")
_UNIT = re.compile(r"[^\W\d_]{1,3}\.?|[%‰°µ][^\s]*|[A-Za-zµ°]{1,3}[²³/][^\s]*")
_LABEL = re.compile(r"[A-Z]{2,5}|[§#№]")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text``, white space collapsed; text without an end mark is one sentence.

    A split inside a quotation ('He said "Stop. Go." Then left.') is undone, so no sentence carries half a
    quote. Linear in the length of ``text``: each boundary looks only at its own word and the next one.
    """
    text = collapse_white_space(text)
    sentences: list[str] = []
    start = 0
    pending = ""
    # Without quotation marks every piece is balanced; counting them per piece is then wasted work.
    quoted = '"' in text or "“" in text or "«" in text
    size = len(text)
    only_stops = "!" not in text and "?" not in text and (
        text.isascii() or not any(map(text.__contains__, _OTHER_END_MARKS))
    )
    for boundary in (_STOP_BOUNDARY if only_stops else _BOUNDARY).finditer(text):
        end = boundary.end()
        if end >= size or not _ends_sentence(text, start, boundary):
            continue
        piece = text[start:end].rstrip()
        start = end
        pending = f"{pending} {piece}" if pending else piece
        if not quoted or _quotes_balanced(pending):
            sentences.append(pending)
            pending = ""
    rest = text[start:].strip()
    if pending or rest:
        sentences.append(f"{pending} {rest}".strip())
    return sentences


def collapse_white_space(text: str) -> str:
    """``text`` with each run of white space made one space and none at either end.

    Most text reaching here has been collapsed once already (extracted prose, plain text from front matter),
    and telling that is cheaper than rebuilding it: white space other than the space is never printable.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _quotes_balanced(text: str) -> bool:
    """Whether every quotation opened in ``text`` is closed (straight double quotes pair up)."""
    return text.count('"') % 2 == 0 and text.count("“") <= text.count("”") and text.count("«") <= text.count("»")


def join_sentences(sentences: list[str] | tuple[str, ...]) -> str:
    """Join sentences back into prose: a space after Latin punctuation, none after CJK punctuation."""
    joined = ""
    for sentence in sentences:
        if joined and not _CJK_END.search(joined):
            joined += " "
        joined += sentence
    return joined


def _is_abbreviation(word: str, following: str = "") -> bool:
    """Whether ``word`` (ending in a period) is an abbreviation, not a sentence end; ``following`` is the next word."""
    if not word.endswith("."):
        return False
    core = word[:-1].lstrip(_OPENERS)
    lower = core.lower()
    if lower in _ABBREVIATIONS or _DOTTED.fullmatch(lower) or _INITIAL.fullmatch(core):
        return True
    return lower in _NUMBER_ABBREVIATIONS and following[:1].isdigit()


@lru_cache(maxsize=4096)
def _is_abbreviation_before(word: str, number_follows: bool) -> bool:
    return _is_abbreviation(word, "1" if number_follows else "")


def _ends_sentence(text: str, start: int, boundary: re.Match[str]) -> bool:
    end = boundary.start()
    mark = text[end]
    if mark in _CJK_MARKS:
        return True
    # Only the next word matters; looking further made splitting quadratic.
    following = text[boundary.end()]
    if following.islower():
        return False
    more, close = boundary.groups()
    if mark != "." or more or close:
        return True
    space = text.rfind(" ", start, end)
    return not _is_abbreviation_before(text[max(space + 1, start) : end] + ".", following.isdigit())


def cut_sentence(
    sentence: str, budget: int, measure: Callable[[str], int] = len, max_parts: int | None = None
) -> list[str]:
    """Cut a sentence that does not fit ``budget`` into parts that do, each cut marked with an ellipsis.

    A cut goes after a clause mark (, ; : or a spaced dash) when that keeps the parts reasonably full, else
    between words, avoiding a cut right after an abbreviation or between a number and its unit or label.
    Only CJK text (which has no spaces) or a single word longer than ``budget`` is cut inside a word, and
    never inside a grapheme. ``measure`` is the length function of the target network.

    Linear in the sentence's length: every word and every space weighs at least 1, so no part can hold more
    than ``budget + 1`` words, and each part is chosen from a window of that many words (or, inside one huge
    word, of ``4 * budget`` characters) instead of from the whole rest of the sentence.
    """
    words = sentence.split()
    parts: list[str] = []
    opening = ""
    index = 0
    offset = 0
    reach = budget + 2
    span = 4 * max(budget, 1)
    while index < len(words) and (max_parts is None or len(parts) < max_parts):
        word = words[index]
        if len(word) - offset > span:
            piece, taken = _cut_word(word[offset : offset + span], opening, budget, measure)
            parts.append(opening + piece + ELLIPSIS)
            offset += taken
            opening = ELLIPSIS
            continue
        window = [word[offset:], *words[index + 1 : index + reach]]
        last = index + reach >= len(words)
        if last:
            whole = opening + " ".join(window)
            if measure(whole) <= budget:
                parts.append(whole)
                break
        fitting = _longest_fit(window, opening, budget, measure)
        if fitting == 0:
            piece, taken = _cut_word(window[0], opening, budget, measure)
            parts.append(opening + piece + ELLIPSIS)
            offset += taken
            if offset >= len(word):
                index, offset = index + 1, 0
        else:
            count = _choose_cut(window, fitting, opening, budget, measure, last)
            head = [*window[: count - 1], window[count - 1].rstrip("".join(_CLAUSE_END))]
            parts.append(opening + " ".join(piece for piece in head if piece) + ELLIPSIS)
            index, offset = index + count, 0
            if index < len(words) and words[index] in _DASHES:
                index += 1
        opening = ELLIPSIS
    return parts


def _longest_fit(words: list[str], opening: str, budget: int, measure: Callable[[str], int]) -> int:
    """Largest number of leading words that fit together with the ellipses (binary search; length grows with words)."""
    return _last_fitting(
        list(range(1, len(words))), lambda count: measure(opening + " ".join(words[:count]) + ELLIPSIS) <= budget
    )


def _choose_cut(
    words: list[str], fitting: int, opening: str, budget: int, measure: Callable[[str], int], last: bool
) -> int:
    """Where to cut ``words``; ``last`` says the rest of the sentence is all in ``words`` (else it cannot fit)."""
    for count in range(fitting, 0, -1):
        if not _is_clause_cut(words, count):
            continue
        head = opening + " ".join(words[:count])
        if measure(head) * 2 >= budget or (last and measure(ELLIPSIS + " ".join(words[count:])) <= budget):
            return count
        break
    for count in range(fitting, 0, -1):
        if _is_good_cut(words[count - 1], words[count]):
            return count
    return fitting


def _is_clause_cut(words: list[str], count: int) -> bool:
    return words[count - 1].endswith(_CLAUSE_END) or words[count] in _DASHES


def _is_good_cut(before: str, after: str) -> bool:
    """Whether a cut between two words leaves both sides readable."""
    if _is_abbreviation(before, after):
        return False
    if _NUMBER.fullmatch(before) and _UNIT.fullmatch(after.rstrip(".,;:)")):
        return False
    return not (_LABEL.fullmatch(before) and after[:1].isdigit())


def _cut_word(word: str, opening: str, budget: int, measure: Callable[[str], int]) -> tuple[str, int]:
    """Cut one over-long word: between CJK characters if possible, else at the last fitting grapheme boundary.

    Returns the piece to show and how many characters of ``word`` it used up.
    """
    boundaries = [index for index in range(1, len(word)) if _is_grapheme_boundary(word, index)]
    wide = [index for index in boundaries if _is_wide(word[index - 1]) or _is_wide(word[index])]
    clauses = [index for index in wide if word[index - 1] in _CJK_CLAUSE_END]
    for candidates in (clauses, wide, boundaries):
        index = _last_fitting(candidates, lambda index: measure(opening + word[:index] + ELLIPSIS) <= budget)
        if index and (candidates is not clauses or measure(opening + word[:index]) * 2 >= budget):
            return word[:index].rstrip("".join(_CLAUSE_END)), index
    # Not even one grapheme fits: emit it anyway rather than loop forever.
    index = boundaries[0] if boundaries else len(word)
    return word[:index], index


def _last_fitting(candidates: list[int], fits: Callable[[int], bool]) -> int:
    """Largest candidate that fits, 0 if none (binary search: candidates ascend and length grows with them)."""
    low, high = -1, len(candidates) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(candidates[middle]):
            low = middle
        else:
            high = middle - 1
    return candidates[low] if low >= 0 else 0


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _is_grapheme_boundary(word: str, index: int) -> bool:
    before, char = word[index - 1], word[index]
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200d\ufe0e\ufe0f\u20e3":
        return False
    if before == "\u200d" or "\U0001f3fb" <= char <= "\U0001f3ff" or "\U000e0020" <= char <= "\U000e007f":
        return False
    if _is_regional(before) and _is_regional(char):
        run = 0
        while index - run - 1 >= 0 and _is_regional(word[index - run - 1]):
            run += 1
        return run % 2 == 0
    return True


def _is_regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"
