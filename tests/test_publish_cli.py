"""`herald publish` as a user meets it: dry run, confirmation, credentials, secrets, link check, lock,
changed articles, and the promise that publishing never imports mkdocs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fakes.accounts import SECRETS, environment
from fakes.manifest import article, rewritten, write_site
from fakes.server import Fault

from generator.publish import lock
from generator.publish.littletext import escape

pytest_plugins = ["fakes.fixtures"]

ROOT = Path(__file__).resolve().parents[1]


def clear_credentials(monkeypatch, *names):
    for name in names or (*SECRETS, "LINKEDIN_AUTHOR"):
        monkeypatch.delenv(name, raising=False)


def test_dry_run_prints_what_would_be_sent_without_credentials(herald, two_articles, fake_x, fake_linkedin,
                                                               monkeypatch):
    clear_credentials(monkeypatch)

    result = herald("publish", "--dry-run")

    assert result.code == 0, result.text
    for tweet in two_articles[0].posts["x"].texts:
        assert "    " + tweet in result.out
    assert "    " + escape(two_articles[0].posts["linkedin"].texts[0]) in result.out
    first = two_articles[0].posts["x"]
    assert (f"tweet 1/3 ({first.weights[0]}/280) [image assets/images/social/peek.png, alt text: Peek for regulated "
            "teams — Fake]:") in result.out
    assert "lengths in weighted characters: URLs 23, CJK and emoji 2, limit 280" in result.out
    assert "note: a real run would skip this: X skipped: X_API_KEY, X_API_SECRET" in result.out
    assert result.rows[("peek", "x")] == "would post: 3 tweets"
    assert result.rows[("valve", "linkedin")] == "would post: 1 post with thumbnail"
    assert fake_x.log == [] and fake_linkedin.log == []
    assert not herald.ledger_path.exists() and not list(herald.ledger_path.parent.glob("*.lock"))


def test_dry_run_shows_where_an_interrupted_thread_continues(herald, two_articles, fake_x):
    fake_x.inject("POST /2/tweets", None, Fault.status_(401, {"title": "Unauthorized"}))
    herald("publish", "--yes", "--network", "x")
    before = herald.ledger_path.read_text()

    result = herald("publish", "--dry-run", "--network", "x")

    assert "X thread for peek (3 tweets, continuing after tweet 1, id " in result.out
    assert two_articles[0].posts["x"].texts[0] not in result.out
    assert result.rows[("peek", "x")] == "would post: 2 tweets (after 1 already posted)"
    assert herald.ledger_path.read_text() == before


def test_without_yes_and_without_a_terminal_nothing_is_posted(tmp_path, fake_x, fake_linkedin, fake_site):
    from fakes.manifest import write_site

    write_site(tmp_path / ".herald" / "build", [article("peek", fake_site.page("peek"))])
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())", "publish"],
        cwd=tmp_path, env={**os.environ, **environment(fake_x, fake_linkedin)}, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == ("herald: error: refusing to post without --yes because stdin is not a terminal "
                             "(preview with --dry-run)\n")
    assert fake_x.log == [] and fake_linkedin.log == []


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(("answer", "code", "tweets"), [("y\n", 0, 6), ("\n", 1, 0), ("no\n", 1, 0)])
def test_at_a_terminal_it_asks_once(herald, two_articles, fake_x, monkeypatch, answer, code, tweets):
    monkeypatch.setattr(sys, "stdin", Terminal(answer))
    result = herald("publish", "--network", "x")
    assert result.code == code
    assert result.out.count("Post these 2? [y/N] ") == 1
    assert len(fake_x.tweets) == tweets


def test_missing_credential_skips_that_network_before_sending_anything(herald, two_articles, fake_x, fake_linkedin,
                                                                        monkeypatch):
    clear_credentials(monkeypatch, "X_ACCESS_TOKEN_SECRET")

    result = herald("publish", "--yes")

    assert result.code == 1
    assert result.out.startswith("X skipped: X_ACCESS_TOKEN_SECRET is not set\n")
    assert fake_x.log == []
    assert len(fake_linkedin.posts) == 2
    assert result.rows[("peek", "x")] == "skipped: X skipped: X_ACCESS_TOKEN_SECRET is not set"


def test_no_network_can_run_is_a_config_error(herald, two_articles, fake_x, fake_linkedin, monkeypatch):
    clear_credentials(monkeypatch)
    result = herald("publish", "--yes")
    assert result.code == 2
    assert result.err == ("herald: error: no network can run: X skipped: X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, "
                          "X_ACCESS_TOKEN_SECRET are not set; LinkedIn skipped: LINKEDIN_ACCESS_TOKEN, "
                          "LINKEDIN_AUTHOR are not set\n")


def test_network_flag_needs_only_that_networks_credentials(herald, two_articles, fake_x, fake_linkedin,
                                                           monkeypatch):
    clear_credentials(monkeypatch, *[n for n in SECRETS if n.startswith("X_")])
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 0, result.text
    assert "X skipped" not in result.out
    assert fake_x.log == [] and len(fake_linkedin.posts) == 2


def test_bad_flag_values_are_usage_errors(herald, two_articles, monkeypatch):
    with pytest.raises(SystemExit) as info:
        herald("publish", "--network", "x,myspace")
    assert info.value.code == 2
    monkeypatch.setenv("HERALD_TWEET_PAUSE", "soon")
    result = herald("publish", "--yes")
    assert result.code == 2 and result.err == "herald: error: HERALD_TWEET_PAUSE must be a number, got 'soon'\n"


def test_secrets_never_leave_the_process(tmp_path, fake_x, fake_linkedin, fake_site):
    """Distinctive secret values, several failures, a subprocess: none of them in any output or file."""
    from fakes.manifest import write_site

    write_site(tmp_path / ".herald" / "build", [article("peek", fake_site.page("peek")), article("valve", fake_site.page("valve")),
                                   article("gone", fake_site.page("gone", 404))])
    fake_x.inject("POST /2/tweets", None, Fault.status_(500, {"title": "oops"}), Fault.drop_after(),
                  Fault.status_(401, {"title": "Unauthorized"}))
    fake_linkedin.inject("POST /rest/posts", Fault.drop_before(), Fault.status_(401, {"message": "expired"}))
    env = {**os.environ, **environment(fake_x, fake_linkedin)}
    command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]

    runs = [subprocess.run(command + argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
            for argv in (["publish", "--yes"], ["publish", "--dry-run"], ["ledger", "show"],
                         ["ledger", "show", "peek"], ["publish", "--yes", "--network", "x,linkedin"])]

    assert runs[0].returncode == 1
    texts = [r.stdout + r.stderr for r in runs]
    texts += [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    for name, secret in SECRETS.items():
        assert not any(secret in text for text in texts), name
    assert any(SECRETS["X_API_KEY"] in r.headers.get("Authorization", "") for r in fake_x.log)


def test_link_check_skips_articles_whose_page_does_not_answer_200(herald, fake_site, fake_x, fake_linkedin):
    herald.site([article("live", fake_site.page("live")), article("gone", fake_site.page("gone", 404))])

    result = herald("publish", "--yes")

    assert result.code == 1
    assert f"x gone: skipped: link check failed: {fake_site.url}/blog/gone/ answered 404 Not Found" in result.out
    assert result.rows[("gone", "linkedin")].startswith("skipped: link check failed")
    assert result.rows[("live", "x")].startswith("posted")
    assert not any("Gone" in t for t in fake_x.texts())
    assert len(fake_linkedin.posts) == 1


def test_link_check_falls_back_to_get_and_follows_redirects(herald, fake_site, fake_x):
    fake_site.head_refused = True
    fake_site.page("new-home")
    fake_site.redirects["/blog/moved/"] = "/blog/new-home/"
    herald.site([article("moved", f"{fake_site.url}/blog/moved/")])

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert [r.method for r in fake_site.log][:2] == ["HEAD", "GET"]


def test_no_link_check_posts_anyway(herald, fake_site, fake_x):
    herald.site([article("gone", fake_site.page("gone", 404))])
    result = herald("publish", "--yes", "--network", "x", "--no-link-check")
    assert result.code == 0 and len(fake_x.tweets) == 3
    assert fake_site.log == []


def test_missing_image_skips_the_article(herald, two_articles, fake_x):
    (herald.build_dir / "images" / two_articles[0].image.path).unlink()
    result = herald("publish", "--yes", "--network", "x")
    assert result.code == 1
    assert ("x peek: skipped: image .herald/build/images/assets/images/social/peek.png is missing; rebuild the "
            "site") in result.out
    assert len(fake_x.tweets) == 3


def test_a_second_run_waits_for_the_first_then_gives_up(herald, two_articles, fake_x):
    held, release = threading.Event(), threading.Event()

    def first_run():
        with lock.hold(herald.ledger_path, wait=1):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=first_run)
    thread.start()
    held.wait(5)
    try:
        result = herald("publish", "--yes", "--lock-wait", "0.3")
    finally:
        release.set()
        thread.join()

    assert result.code == 1
    assert result.err == (f"herald: error: another herald run (pid {os.getpid()}) holds .herald/ledger.json.lock; "
                          "gave up after waiting 0.3 s\n")
    assert fake_x.log == []
    assert herald("publish", "--yes").code == 0


def test_runs_in_two_processes_never_overlap(tmp_path, fake_x, fake_linkedin, fake_site):
    from fakes.manifest import write_site

    write_site(tmp_path / ".herald" / "build", [article(f"a{i}", fake_site.page(f"a{i}")) for i in range(3)])
    fake_x.latency = (0.02, 0.03)
    env = {**os.environ, **environment(fake_x, fake_linkedin), "HERALD_LOCK_WAIT": "30"}
    command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())", "publish", "--yes"]
    procs = [subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert len(fake_x.tweets) == 9 and fake_x.duplicates_rejected == 0
    assert len(fake_linkedin.posts) == 3


def test_an_article_changed_after_posting_is_reported_not_reposted(herald, fake_site, fake_x, fake_linkedin):
    herald.site([article("peek", fake_site.page("peek"))])
    assert herald("publish", "--yes").code == 0
    requests_before = len(fake_x.log) + len(fake_linkedin.log)
    herald.site([article("peek", fake_site.page("peek"), version=" (corrected)")])

    result = herald("publish", "--yes")

    assert result.code == 0, result.text
    assert result.rows[("peek", "x")].startswith("changed after posting: posted as ")
    assert result.rows[("peek", "x")].endswith("from an earlier version; not posted again")
    assert len(fake_x.log) + len(fake_linkedin.log) == requests_before


def test_a_thread_whose_text_changed_midway_is_left_to_a_person(herald, fake_site, fake_x):
    herald.site([article("peek", fake_site.page("peek"), tweets=4)])
    fake_x.inject("POST /2/tweets", None, None, Fault.status_(401, {"title": "Unauthorized"}))
    assert herald("publish", "--yes", "--network", "x").code == 1
    changed = rewritten(article("peek", fake_site.page("peek"), tweets=4), 1, "A rewritten second tweet 2/4")
    herald.site([changed])

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert result.rows[("peek", "x")].startswith("needs a person: the article changed after 2 of 4 tweets were "
                                                 "posted; not continued")
    assert len(fake_x.tweets) == 2


def test_a_change_to_tweets_not_yet_posted_continues(herald, fake_site, fake_x):
    herald.site([article("peek", fake_site.page("peek"), tweets=4)])
    fake_x.inject("POST /2/tweets", None, None, Fault.status_(401, {"title": "Unauthorized"}))
    herald("publish", "--yes", "--network", "x")
    changed = rewritten(article("peek", fake_site.page("peek"), tweets=4), 2, "A rewritten third tweet 3/4")
    herald.site([changed])

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert [t.text for t in fake_x.thread(changed.posts["x"].texts[0])] == list(changed.posts["x"].texts)
    assert herald.ledger()["entries"]["peek"]["x"]["content_hash"] == changed.posts["x"].hash


def test_publish_never_imports_mkdocs():
    code = ("import sys, generator.publish.runner, generator.publish.cli, generator.publish.handcheck; "
            "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material')));"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ledger_is_meant_to_be_committed(herald, two_articles):
    herald("publish", "--yes")
    data = json.loads(herald.ledger_path.read_text())
    assert herald.ledger_path.read_text() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_ctrl_c_finishes_the_request_in_flight_and_leaves_nothing_in_doubt(tmp_path, fake_x, fake_linkedin,
                                                                            fake_site):
    import signal
    import time

    from fakes.manifest import write_site

    write_site(tmp_path / ".herald" / "build", [article(f"a{i}", fake_site.page(f"a{i}"), tweets=4) for i in range(3)])
    fake_x.latency = fake_linkedin.latency = (0.1, 0.1)
    # A terminal's process gets SIGINT as KeyboardInterrupt even if this test runner ignores the signal.
    script = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
              "from generator.cli import main; sys.exit(main())")
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "publish", "--yes"],
        cwd=tmp_path, env={**os.environ, **environment(fake_x, fake_linkedin)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    ledger = tmp_path / ".herald" / "ledger.json"

    def some_tweet_recorded():
        entries = json.loads(ledger.read_text())["entries"] if ledger.exists() else {}
        return any(n.get("x", {}).get("tweets") for n in entries.values())

    deadline = time.monotonic() + 30
    while not some_tweet_recorded() and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)

    assert proc.returncode == 130, out + err
    assert "interrupted: finishing the requests in flight, then stopping" in out
    assert err.endswith("herald: interrupted\n")
    entries = json.loads(ledger.read_text())["entries"]
    assert all(e["attempt"] is None for networks in entries.values() for e in networks.values()), (entries, out)
    assert len(fake_x.tweets) < 12
    recorded = [t["id"] for networks in entries.values() for t in networks.get("x", {}).get("tweets", [])]
    assert sorted(recorded) == sorted(t.id for t in fake_x.tweets)


def test_a_ledger_that_cannot_be_written_stops_publishing_and_names_what_went_out(tmp_path, fake_x, fake_linkedin,
                                                                                fake_site):
    import resource

    write_site(tmp_path / ".herald" / "build", [article("peek", fake_site.page("peek"), tweets=4)])
    env = {**os.environ, **environment(fake_x, fake_linkedin)}

    def small_files() -> None:
        # A real write failure: files past 800 bytes cannot be written (Python ignores SIGXFSZ).
        resource.setrlimit(resource.RLIMIT_FSIZE, (800, 800))

    result = subprocess.run([sys.executable, "-m", "generator", "publish", "--yes", "--network", "x"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120, preexec_fn=small_files)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("x peek: needs a person"))
    posted = [t.id for t in fake_x.tweets]
    assert posted and f"posted so far: {', '.join(posted)}" in row, (row, posted)
    assert "cannot write the ledger (File too large)" in row
