"""LinkedIn: one post of up to 3,000 characters with a link card, through the versioned REST Posts API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.authors import credit_linkedin, linkedin_byline, linkedin_mentions
from generator.linkedin import build_linkedin
from generator.networks.base import SINGLE, Draft, Network, Source


class LinkedIn(Network):
    name = "linkedin"
    label = "LinkedIn"
    limit = 3000
    measure = "characters"
    credentials = ("LINKEDIN_ACCESS_TOKEN", "LINKEDIN_AUTHOR")
    secrets = ("LINKEDIN_ACCESS_TOKEN",)
    shape = SINGLE
    id_pattern = re.compile(r"urn:li:(share|ugcPost):\d+")
    id_help = "a post URN like urn:li:share:123"

    def length(self, text: str) -> int:
        return len(text)

    def derive(self, source: Source) -> Draft:
        meta, options = source.meta, source.options
        limit = options.linkedin_max
        post = build_linkedin(source.text, link=source.link(self.name), source=source.url, title=meta.title,
                              description=meta.description, hook=meta.social.hook, hashtags=source.hashtags,
                              max_chars=limit, authored=meta.social.linkedin, article=meta.src)
        commentary, byline, mentions = post.commentary, "", {}
        if options.mention_authors and source.authors:
            line = linkedin_byline(source.authors)
            credited = credit_linkedin(commentary, line)
            if len(credited) <= limit:
                commentary, byline, mentions = credited, line, dict(linkedin_mentions(source.authors))
        return Draft(texts=(commentary,), weights=(len(commentary),), limit=limit, byline=byline,
                     mentions=mentions, warnings=post.warnings, advice=post.advice)

    def client(self, env: Mapping[str, str], options: Any) -> Any:
        from generator.publish import credentials
        from generator.publish.linkedin import LinkedInClient

        return LinkedInClient(credentials.linkedin_from(env), base=options.linkedin_api,
                              version=options.linkedin_version, timeout=options.http_timeout)

    def check_credentials(self, env: Mapping[str, str]) -> None:
        from generator.publish import credentials

        credentials.linkedin_from(env)

    def deliver(self, decision: Any, client: Any, ctx: Any) -> None:
        from generator.publish.deliver import deliver_post

        deliver_post(decision, client, ctx)

    def as_sent(self, decision: Any, index: int) -> str:
        from generator.publish.deliver import little_text

        return little_text(decision)

    def extras(self, decision: Any) -> list[str]:
        card, article = decision.article.card, decision.article
        lines = []
        if card is not None:
            lines += [f"  article: {card.url}", f"    title: {card.title}"]
            if card.description:
                lines.append(f"    description: {card.description}")
        if article.image:
            lines.append(f"    thumbnail: [image {article.image.path}, alt text: {article.image.alt}]")
        return lines
