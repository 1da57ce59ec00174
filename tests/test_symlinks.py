"""Symbolic links under content/ that lead out of it are found, one per link."""

from __future__ import annotations

from generator.symlinks import EscapingLink, escaping_links


def test_links_out_of_the_folder_are_found_once_per_link(tmp_path):
    docs = tmp_path / "content"
    (docs / "blog").mkdir(parents=True)
    (docs / "page.md").write_text("# Page\n", encoding="utf-8")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("token\n", encoding="utf-8")
    (outside / "deep" / "more.txt").write_text("token\n", encoding="utf-8")
    (docs / "secret.txt").symlink_to(outside / "secret.txt")
    (docs / "blog" / "linked").symlink_to(outside, target_is_directory=True)
    (docs / "alias.md").symlink_to(docs / "page.md")
    (docs / "up.md").symlink_to("../outside/secret.txt")
    listed = ["page.md", "alias.md", "secret.txt", "up.md", "blog/linked/secret.txt", "blog/linked/deep/more.txt"]
    assert escaping_links(docs, listed) == [
        EscapingLink("blog/linked", str(outside), ("blog/linked/deep/more.txt", "blog/linked/secret.txt")),
        EscapingLink("secret.txt", str(outside / "secret.txt"), ("secret.txt",)),
        EscapingLink("up.md", str(outside / "secret.txt"), ("up.md",)),
    ]


def test_a_docs_folder_that_is_itself_a_link_is_fine(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "content").symlink_to(real, target_is_directory=True)
    assert escaping_links(tmp_path / "content", ["index.md"]) == []
