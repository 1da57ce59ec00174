"""Credentials come only from the environment, are checked before anything is sent, and never printed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

X_VARS = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
LINKEDIN_VARS = ("LINKEDIN_ACCESS_TOKEN", "LINKEDIN_AUTHOR")
_AUTHOR = re.compile(r"urn:li:(organization|person):[A-Za-z0-9_-]+")


class MissingCredentials(Exception):
    """A network's credentials are absent or malformed; the message names the variables, not their values."""


@dataclass(frozen=True, repr=False)
class XCredentials:
    """OAuth 1.0a user context: the app's key pair and the posting account's token pair."""

    api_key: str
    api_secret: str
    access_token: str
    access_token_secret: str

    def __repr__(self) -> str:
        return "XCredentials(***)"


@dataclass(frozen=True, repr=False)
class LinkedInCredentials:
    """A member or organization access token and the URN posts are made as."""

    access_token: str
    author: str

    def __repr__(self) -> str:
        return f"LinkedInCredentials(author={self.author!r}, access_token=***)"


def x_from(env: Mapping[str, str]) -> XCredentials:
    """X credentials from `env`, or MissingCredentials naming every absent variable."""
    _require(env, X_VARS, "X")
    return XCredentials(*(env[name].strip() for name in X_VARS))


def linkedin_from(env: Mapping[str, str]) -> LinkedInCredentials:
    """LinkedIn credentials from `env`; the author must be an organization or person URN."""
    _require(env, LINKEDIN_VARS, "LinkedIn")
    author = env["LINKEDIN_AUTHOR"].strip()
    if not _AUTHOR.fullmatch(author):
        raise MissingCredentials("LinkedIn skipped: LINKEDIN_AUTHOR must be a URN like urn:li:organization:12345 "
                                 "or urn:li:person:AbC123")
    return LinkedInCredentials(access_token=env["LINKEDIN_ACCESS_TOKEN"].strip(), author=author)


def require(env: Mapping[str, str], names: tuple[str, ...], network: str) -> None:
    """MissingCredentials naming every variable of `names` that is absent or blank."""
    _require(env, names, network)


def _require(env: Mapping[str, str], names: tuple[str, ...], network: str) -> None:
    missing = [name for name in names if not env.get(name, "").strip()]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise MissingCredentials(f"{network} skipped: {', '.join(missing)} {verb} not set")


@dataclass(frozen=True, repr=False)
class Redactor:
    """Replaces any secret value that slipped into a text with ***, as a last line of defence."""

    secrets: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Redactor:
        from generator.networks import REGISTRY

        names = tuple(name for network in REGISTRY for name in network.secrets)
        values = {env.get(name, "").strip() for name in names}
        return cls(tuple(sorted((v for v in values if len(v) >= 4), key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text
