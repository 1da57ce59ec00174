"""Build the LinkedIn commentary for an article: an opening claim, key points, link and hashtags.

LinkedIn shows about 210 characters before "see more", so the opening is whole sentences that make their
point there: the author's hook, else the description when it reads as a claim, else the article's strongest
opening claim. Then three to five key-point lines, each one whole, self-contained sentence of the article
chosen by salience (``generator.salience``) and shown in article order: never a line ending in ':' or '…',
never filler, never a repeat of the opening. A sentence is never cut for LinkedIn; a shorter one is chosen.
LinkedIn counts plain characters, so lengths here are ``len``; escaping for LinkedIn's "little text" format
is left to publishing.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.hygiene import neutralise_entities, plain_text
from generator.models import ArticleText, LinkedInPost
from generator.salience import best, candidates
from generator.sentences import join_sentences
from generator.thread import CALL_TO_READ, choose_hook, hashtag_line

HOOK_CHARS = 210
POINT_CHARS = 200
MIN_POINTS = 3
MAX_POINTS = 5
BULLET = "→"


def build_linkedin(
    text: ArticleText,
    *,
    link: str,
    source: str,
    title: str,
    description: str,
    hook: str | None = None,
    hashtags: Sequence[str] = (),
    max_chars: int = 3000,
    authored: str | None = None,
    article: str = "",
) -> LinkedInPost:
    """Return the post for one article; ``authored`` commentary, if given, replaces the derived one."""
    call = f"{CALL_TO_READ} {link}"
    warnings: list[str] = []
    advice: tuple[str, ...] = ()
    if authored is not None and authored.strip():
        commentary = authored.strip()
        if link not in commentary and source not in commentary:
            commentary = f"{commentary}\n\n{call}"
    else:
        commentary, notes = _derive(
            text,
            call=call,
            hook=hook,
            title=title,
            description=description,
            tags=hashtag_line(hashtags),
            max_chars=max_chars,
        )
        advice = tuple(f"{article}: {note}" for note in notes)
    if len(commentary) > max_chars:
        warnings.append(
            f"{article}: LinkedIn post is {len(commentary) - max_chars} characters too long "
            f"({len(commentary)}/{max_chars})"
        )
    return LinkedInPost(
        commentary=commentary, source=source, title=title, description=description, warnings=tuple(warnings),
        advice=advice,
    )


def _derive(
    text: ArticleText, *, call: str, hook: str | None, title: str, description: str, tags: str, max_chars: int
) -> tuple[str, list[str]]:
    """The commentary and notes for the author (a hook too long to open the post)."""
    # The same pool as the thread's (same arguments), so the article is scored once for both posts.
    found = candidates(text, description=plain_text(description) if description else "")
    notes: list[str] = []

    def fits(sentence: str) -> bool:
        return len(sentence) <= HOOK_CHARS

    sentences, source = choose_hook(found, hook=hook, description=description, fits=fits)
    if source == "hook" and not fits(sentences[0]):
        notes.append(
            f"the hook's first sentence is longer than the {HOOK_CHARS} characters LinkedIn shows before "
            '"see more", so the LinkedIn post opens with a sentence from the article instead'
        )
        sentences, source = choose_hook(found, hook=None, description=description, fits=fits)
    taken: list[str] = []
    for sentence in sentences:
        if not fits(join_sentences([*taken, sentence])):
            break
        taken.append(sentence)
    opening = join_sentences(taken)
    if source != "hook":
        opening = neutralise_entities(opening)
    chosen = best(found, MAX_POINTS, avoid=taken, fits=lambda sentence: len(sentence) <= POINT_CHARS)
    points = [neutralise_entities(candidate.text) for candidate in chosen]
    while True:
        blocks = [opening, "\n".join(f"{BULLET} {point}" for point in points), call, tags]
        commentary = "\n\n".join(block for block in blocks if block)
        if len(commentary) <= max_chars or not points:
            return commentary, notes
        points = points[:-1]
