"""The published site, as the link check sees it: some pages answer 200, others 404 or redirect."""

from __future__ import annotations

from .server import FakeServer, Reply, Request


class FakeSite(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.pages: dict[str, int] = {}
        self.redirects: dict[str, str] = {}
        self.head_refused = False
        self.route("GET", r"/.*", "GET page", self._page)

    def page(self, slug: str, status: int = 200) -> str:
        """Serve /blog/<slug>/ with `status`; returns its URL."""
        path = f"/blog/{slug}/"
        self.pages[path] = status
        return self.url + path

    def _page(self, request: Request) -> Reply:
        if request.method == "HEAD" and self.head_refused:
            return Reply(405, "HEAD not allowed")
        if request.path in self.redirects:
            return Reply(301, "", {"Location": self.redirects[request.path]})
        status = self.pages.get(request.path, 404)
        return Reply(status, "<html><body>article</body></html>" if status == 200 else "not found")
