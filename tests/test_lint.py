"""Claims lint: default medical-device rules, locations, silencing, and the build's reaction."""

from __future__ import annotations


import pytest
from bs4 import BeautifulSoup

from conftest import GOOD_POST
from generator.lint import RulesError, apply_ignores, lint_markdown, lint_posts, load_rules

RULES = load_rules()

BREAKS_RULES = """\
Our catheter is 100% safe for every patient.
This coating cures infections.
The silicone cures at 180 °C in the mould.
Results are guaranteed, and the procedure is risk-free.
Our tubing is FDA approved.
The valve is clinically proven to last.
A study showed fewer failures.[^1] The hub is clinically proven in that trial.[^1]
We are the world-leading maker of the best implants.
One patient said it changed my life.
```text
FDA approved inside a code block is not prose.
```
"""


def by_rule(findings):
    return {(f.rule, f.where) for f in findings}


def test_default_rules_fire_with_line_numbers():
    found = by_rule(lint_markdown(BREAKS_RULES, "content/blog/posts/bad.md", RULES, first_line=10))
    assert ("absolute-safety", "content/blog/posts/bad.md:10") in found
    assert ("cure", "content/blog/posts/bad.md:11") in found
    assert ("guarantee", "content/blog/posts/bad.md:13") in found
    assert ("risk-free", "content/blog/posts/bad.md:13") in found
    assert ("fda-approved", "content/blog/posts/bad.md:14") in found
    assert ("clinically-proven", "content/blog/posts/bad.md:15") in found
    assert ("superlative", "content/blog/posts/bad.md:17") in found
    assert ("testimonial", "content/blog/posts/bad.md:18") in found
    # A polymer curing, a cited clinical claim and code blocks are not claims.
    assert not any(where.endswith(":12") for _, where in found)
    assert not any(where.endswith(":16") for _, where in found)
    assert not any(where.endswith(":20") for _, where in found)


def test_posts_are_linted_per_tweet():
    findings = lint_posts(["Fine first tweet.", "Now FDA approved!"], "Nothing to see.", "a.md", RULES)
    assert [(f.rule, f.where) for f in findings] == [("fda-approved", "a.md (X tweet 2)")]
    findings = lint_posts([], "A risk-free upgrade.", "a.md", RULES)
    assert [(f.rule, f.where) for f in findings] == [("risk-free", "a.md (LinkedIn post)")]


def test_ignores_keep_the_finding_with_its_reason():
    findings = lint_markdown("We are the best partner.", "a.md", RULES)
    (silenced,) = apply_ignores(findings, [("superlative", "quoted from an award citation")])
    assert silenced.ignored == "quoted from an award citation"


def test_bad_rules_file_is_a_clear_error(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("rules:\n  - id: x\n    severity: fatal\n    phrases: [a]\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rule 1 \('x'\): field 'severity': expected 'error' or 'warning'"):
        load_rules(rules)
    rules.write_text("rules:\n  - id: y\n    patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(RulesError, match="invalid regular expression"):
        load_rules(rules)


def test_shipped_articles_are_clean_or_justified(shipped_site):
    for entry in shipped_site.manifest()["articles"]:
        for finding in entry["lint"]:
            assert finding["ignored"], (entry["src"], finding)


CLAIMS_POST = GOOD_POST.replace(
    "People are the largest source", "Our gowns make the room 100% safe. People are the largest source"
)


def test_error_rule_fails_strict_build_with_location(mini_site):
    built = mini_site({"claims.md": CLAIMS_POST}, strict=True)
    assert built.result.returncode == 1
    lines = [l for l in built.log.splitlines() if "claims lint" in l]
    assert any(
        l.startswith("WARNING") and "content/blog/posts/claims.md:18: claims lint 'absolute-safety' (error)" in l
        for l in lines
    ), built.log
    assert any("claims.md (X tweet" in l or "claims.md (LinkedIn post)" in l for l in lines), built.log
    lenient = mini_site({"claims.md": CLAIMS_POST}, strict=False)
    outbox = BeautifulSoup((lenient.build_dir / "review.html").read_text(encoding="utf-8"), "html.parser")
    claims = [li.get_text() for li in outbox.select("li.herald-claim--error")]
    assert any("content/blog/posts/claims.md:18" in c and "100% safe" in c for c in claims), claims


def test_warning_rule_does_not_fail_strict_build(mini_site):
    post = GOOD_POST.replace("People are the largest source", "We are the best partner. People are the largest source")
    built = mini_site({"claims.md": post}, strict=True)
    assert built.result.returncode == 0, built.log
    assert "claims lint 'superlative' (warning)" in built.log


def test_silenced_finding_passes_strict(mini_site):
    post = CLAIMS_POST.replace(
        "  hashtags: [Cleanroom]",
        "  hashtags: [Cleanroom]\n  lint_ignore:\n    - rule: absolute-safety\n      reason: Quoting an auditor's question",
    )
    built = mini_site({"claims.md": post}, strict=True)
    assert built.result.returncode == 0, built.log
    entry = built.entries()["blog/posts/claims.md"]
    assert {f["ignored"] for f in entry["lint"]} == {"Quoting an auditor's question"}


def test_triggers_never_hide_a_finding():
    import dataclasses

    from conftest import ROOT

    bare = [dataclasses.replace(rule, triggers=()) for rule in RULES]
    texts = [BREAKS_RULES, "Zero side effects. Number one. #1 choice. It can also be used to treat pain."]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "content/blog/posts").glob("*.md")]
    for text in texts:
        assert lint_markdown(text, "t", RULES) == lint_markdown(text, "t", bare)
