"""Before an article is announced, its canonical URL must answer 200: never post a link that 404s."""

from __future__ import annotations

import requests

from generator.publish import transport


class LinkChecker:
    """HEAD first, GET when HEAD is not answered with 200; redirects followed; one answer per URL per run."""

    def __init__(self, timeout: float) -> None:
        self._session = transport.session(timeout)
        self._seen: dict[str, str | None] = {}

    def problem(self, url: str) -> str | None:
        """None when `url` answers 200, else why not, in a few words."""
        if url not in self._seen:
            self._seen[url] = self._check(url)
        return self._seen[url]

    def _check(self, url: str) -> str | None:
        try:
            response = self._session.head(url, allow_redirects=True)
            if response.status_code == 200:
                return None
            with self._session.get(url, allow_redirects=True, stream=True) as response:
                if response.status_code == 200:
                    return None
                return f"{url} answered {response.status_code} {response.reason}"
        except requests.TooManyRedirects:
            return f"{url} redirects in a loop"
        except requests.RequestException as exc:
            return f"{url} did not answer ({type(exc).__name__})"
