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
    # 'İ' lower-cases to two characters: the lines after it must still be searched where they are.
    texts += ["İzmir İİİİ clinic.\nOur tubing is completely safe.\nIt is risk-free.\n"]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "content/blog/posts").glob("*.md")]
    for text in texts:
        assert lint_markdown(text, "t", RULES) == lint_markdown(text, "t", bare)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("The tubing is completely s\u00adafe.", "absolute-safety"),
        ("Our tubing is FDA\u2011approved.", "fda-approved"),
        ("This coating cur\u0435s infections.", "cure"),
        ("This coating \u0441ures infections.", "cure"),
        ("A ri\u200bsk-free upgrade.", "risk-free"),
        ("The \uff26\uff24\uff21 approved hub.", "fda-approved"),
        ("Results are guar\u0430nt\u0435\u0435d.", "guarantee"),
        ("Clinic\u0430lly proven to last.", "clinically-proven"),
        ("It is \u03bfur best implant.", "superlative"),
        ("A \U0001d42b\U0001d422\U0001d42c\U0001d424-free valve.", "risk-free"),
    ],
)
def test_lint_sees_what_a_reader_sees(text, rule):
    body = f"A first line that is fine.\n\n{text}\n"
    findings = lint_markdown(body, "a.md", RULES, first_line=7)
    assert (rule, "a.md:9") in by_rule(findings)
    assert [(f.rule, f.where) for f in lint_posts([text], text, "a.md", RULES) if f.rule == rule] == [
        (rule, "a.md (X tweet 1)"), (rule, "a.md (LinkedIn post)")]


def test_normalised_findings_point_at_the_original_line_and_skip_code():
    body = "\u00ad\u200b\ufeff" * 500 + "Fine.\n```\nFDA\u2011approved in code.\n```\n" + "\u00ad" * 300 + "It is risk\u2011free.\n"
    findings = lint_markdown(body, "a.md", RULES)
    assert by_rule(findings) == {("risk-free", "a.md:5")}
    assert findings[0].excerpt == "risk-free"


def test_normalising_keeps_every_offset():
    from generator.lint import normalise

    text = "ﬁx s\u00adafe cur\u0435s\n\u00a0FDA\u2011ok"
    seen = normalise(text)
    assert seen.text == "fix safe cures\n FDA-ok"
    assert text[seen.origin(seen.text.index("cures"))] == "c"
    assert text[seen.origin(seen.text.index("\n"))] == "\n"
    assert text[seen.origin(seen.text.index("FDA"))] == "F"
    plain = "nothing to fold here\n"
    assert normalise(plain).text == plain and normalise(plain).origin(5) == 5


def test_lint_leaves_genuine_non_latin_text_alone():
    assert lint_markdown("Полимер отверждается при 180 °C. Ελληνικό κείμενο.\n", "a.md", RULES) == []


def test_a_rules_file_extends_herald_and_may_replace_one_of_its_rules(tmp_path):
    herald_ids = [r.id for r in load_rules()]
    rules = tmp_path / "rules.yml"
    rules.write_text("extends: herald\nrules:\n  - id: superlative\n    severity: error\n    phrases: [best]\n"
                     "    advice: Say what was measured.\n", encoding="utf-8")
    loaded = load_rules(rules)
    assert [r.id for r in loaded] == ["superlative", *[i for i in herald_ids if i != "superlative"]]
    assert loaded[0].severity == "error"
    rules.write_text("extends: other\nrules: []\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"'extends' must be 'herald'"):
        load_rules(rules)
