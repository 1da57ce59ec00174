"""Control characters from articles are shown, never obeyed, in a terminal; and never sent in a post."""

from __future__ import annotations

from generator.terminal import has_controls, one_line, shown, strip_controls


def test_shown_escapes_every_control_but_keeps_lines():
    text = "ok\x1b[8mhidden\x1b[0m\r\x1b[2Kall good\n\ttab\x07\x9b31m\u202eevil\x00"
    out = shown(text)
    assert out == "ok\\x1b[8mhidden\\x1b[0m\\r\\x1b[2Kall good\n\ttab\\x07\\x9b31m\\u202eevil\\x00"
    assert not has_controls(out) and "\u202e" not in out


def test_one_line_escapes_line_breaks_too():
    assert one_line("a\nb\tc\u2028d") == "a\\nb\\tc\\u2028d"
    assert "\n" not in one_line("row\nfake row")


def test_has_controls_is_about_c0_and_c1_only():
    assert has_controls("a\x1bb") and has_controls("a\x85b") and has_controls("a\x7f") and has_controls("\r")
    assert not has_controls("Tab\tand\nnewline, é, — and \u202e")


def test_strip_controls_removes_whole_sequences():
    text = "Read\x1b[8m this\x1b[0m\x1b]8;;https://evil.example\x07 link\x1b]8;;\x07 now\r\x1b[2K.\n\tok\x9b1m"
    assert strip_controls(text) == "Read this link now.\n\tok"
