"""The ledger file: atomic replacement, strict validation, the lock, and the `herald ledger` commands."""

from __future__ import annotations

import json
import os
import threading

import pytest

from generator.publish import lock
from generator.publish.ledger import Attempt, Ledger, LedgerEntry, LedgerError

pytest_plugins = ["fakes.fixtures"]

NOW = "2026-03-02T10:00:00Z"


def x_entry(tweets: int = 0, *, pending: bool = False, length: int = 3) -> LedgerEntry:
    entry = LedgerEntry.new("peek", "x", "sha256:aa", NOW, thread_length=length)
    for i in range(tweets):
        entry = entry.begin(Attempt(i, f"tweet {i + 1}", entry.tweets[-1].id if entry.tweets else None, NOW), NOW)
        entry = entry.add_tweet(str(100 + i), NOW)
    if pending:
        entry = entry.begin(Attempt(tweets, f"tweet {tweets + 1}", entry.tweets[-1].id if entry.tweets else None,
                                    NOW), NOW)
    return entry


def test_missing_file_is_an_empty_ledger(tmp_path):
    assert Ledger.load(tmp_path / "nope.json").entries() == []


def test_put_writes_sorted_json_that_reads_back(tmp_path):
    path = tmp_path / ".herald" / "ledger.json"
    ledger = Ledger.load(path)
    ledger.put(x_entry(2, pending=True))
    ledger.put(LedgerEntry.new("alpha", "linkedin", "sha256:bb", NOW).begin(Attempt(0, "hi", None, NOW), NOW)
               .add_post("urn:li:share:1", NOW))

    data = json.loads(path.read_text())
    assert list(data["entries"]) == ["alpha", "peek"]
    assert data["entries"]["peek"]["x"]["tweets"] == [{"id": "100", "text": "tweet 1"},
                                                     {"id": "101", "text": "tweet 2"}]
    assert data["entries"]["peek"]["x"]["attempt"] == {"index": 2, "text": "tweet 3", "reply_to": "101", "since": NOW}
    assert data["entries"]["alpha"]["linkedin"]["urn"] == "urn:li:share:1"
    assert Ledger.load(path).entries() == ledger.entries()
    assert sorted(p.name for p in path.parent.iterdir()) == ["ledger.json"]


def test_a_failed_write_leaves_the_previous_ledger_intact(tmp_path, monkeypatch):
    path = tmp_path / "ledger.json"
    ledger = Ledger.load(path)
    ledger.put(x_entry(1))
    before = path.read_text()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        ledger.put(x_entry(2))
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.json"]


def test_read_only_ledger_never_writes(tmp_path):
    path = tmp_path / "ledger.json"
    Ledger.load(path, writable=False).put(x_entry(1))
    assert not path.exists()


def test_stale_temp_files_from_a_killed_writer_are_removed(tmp_path):
    path = tmp_path / "ledger.json"
    (tmp_path / ".ledger.json.abc123.tmp").write_text("{half")
    (tmp_path / "other.tmp").write_text("keep")
    Ledger.load(path).remove_stale_temp_files()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.tmp"]


def _broken(tmp_path, text):
    path = tmp_path / "ledger.json"
    path.write_text(text)
    with pytest.raises(LedgerError) as info:
        Ledger.load(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    assert "never resets" in message
    return message


def test_invalid_json_names_file_and_position(tmp_path):
    assert "not valid JSON (line 2 column 1" in _broken(tmp_path, '{"schema": 1,\n')


def valid() -> dict:
    return {"schema": 1, "entries": {"peek": {"x": x_entry(2, pending=True).to_json()}}}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(schema=2), "'schema' is 2, expected 1"),
        (lambda d: d.pop("entries"), "'entries' must be an object"),
        (lambda d: d["entries"]["peek"].update(myspace={}), "entries.peek.myspace: unknown network"),
        (lambda d: d["entries"]["peek"]["x"].update(state="postd"), "entries.peek.x.state is 'postd'"),
        (lambda d: d["entries"]["peek"]["x"].update(attempt=None), "is 'pending' but has no attempt"),
        (lambda d: d["entries"]["peek"]["x"]["tweets"][0].update(id="12a"), "entries.peek.x.tweets[0] must be"),
        (lambda d: d["entries"]["peek"]["x"]["attempt"].update(index=0), "attempt.index is 0 but 2 tweets"),
        (lambda d: d["entries"]["peek"]["x"]["attempt"].update(since="yesterday"), "attempt.since must look like"),
        (lambda d: d["entries"]["peek"]["x"].update(content_hash=None), "content_hash must be a string"),
        (lambda d: d["entries"]["peek"]["x"].update(state="posted"), "is 'posted' but still has an attempt"),
    ],
)
def test_hand_broken_ledgers_are_clear_errors(tmp_path, mutate, expected):
    data = valid()
    mutate(data)
    assert expected in _broken(tmp_path, json.dumps(data))


def test_lock_waits_then_gives_up_naming_the_holder(tmp_path):
    path = tmp_path / "ledger.json"
    held, release = threading.Event(), threading.Event()

    def holder():
        with lock.hold(path, wait=1):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    with pytest.raises(lock.LockBusy) as info, lock.hold(path, wait=0.2):
        pass
    assert f"(pid {os.getpid()}) holds {tmp_path / 'ledger.json.lock'}" in str(info.value)
    assert info.value.code == 1
    release.set()
    thread.join()
    with lock.hold(path, wait=0.2):
        pass


def test_corrupt_ledger_stops_publish_with_exit_2_and_is_not_touched(herald, two_articles, fake_x):
    herald.ledger_path.parent.mkdir(exist_ok=True)
    herald.ledger_path.write_text('{"schema": 1, "entries": {"peek": {"x": {"state": "posted"}}}}')
    before = herald.ledger_path.read_text()

    result = herald("publish", "--yes")

    assert result.code == 2
    assert result.err.startswith(f"herald: error: ledger {herald.ledger_path.relative_to(herald.root)} is broken: "
                                 "entries.peek.x is 'posted' but lists no tweets")
    assert herald.ledger_path.read_text() == before
    assert fake_x.tweets == []


def _write(herald, *entries):
    ledger = Ledger.load(herald.ledger_path)
    for entry in entries:
        ledger.put(entry)


def test_ledger_show_lists_entries_and_details(herald):
    _write(herald, x_entry(2, pending=True))
    table = herald("ledger", "show")
    assert table.code == 0
    assert "peek     x        pending  2/3: 100, 101" in table.out
    detail = herald("ledger", "show", "peek")
    assert "in doubt since 2026-03-02T10:00:00Z: tweet 3, replying to 101:" in detail.out
    assert "    tweet 3" in detail.out


def test_resolve_posted_records_the_tweet_in_doubt(herald):
    _write(herald, x_entry(2, pending=True))
    result = herald("ledger", "resolve", "peek", "--network", "x", "--posted", "555")
    assert result.code == 0, result.text
    assert result.out.strip() == "peek on x: posted (100, 101, 555)"
    entry = herald.ledger()["entries"]["peek"]["x"]
    assert entry["attempt"] is None and entry["tweets"][-1] == {"id": "555", "text": "tweet 3"}


def test_resolve_not_posted_clears_the_doubt(herald):
    _write(herald, x_entry(1, pending=True))
    assert herald("ledger", "resolve", "peek", "--network", "x", "--not-posted").code == 0
    entry = herald.ledger()["entries"]["peek"]["x"]
    assert entry["state"] == "partial" and entry["attempt"] is None and len(entry["tweets"]) == 1


def test_resolve_done_finishes_a_thread_as_it_stands(herald):
    _write(herald, x_entry(2))
    assert herald("ledger", "resolve", "peek", "--network", "x", "--done").code == 0
    assert herald.ledger()["entries"]["peek"]["x"]["state"] == "posted"


def test_resolve_linkedin_posted_takes_a_urn(herald):
    _write(herald, LedgerEntry.new("peek", "linkedin", "sha256:aa", NOW).begin(Attempt(0, "hi", None, NOW), NOW))
    bad = herald("ledger", "resolve", "peek", "--network", "linkedin", "--posted", "123")
    assert bad.code == 2 and "takes a post URN like urn:li:share:123" in bad.err
    good = herald("ledger", "resolve", "peek", "--network", "linkedin", "--posted", "urn:li:share:77")
    assert good.code == 0 and herald.ledger()["entries"]["peek"]["linkedin"]["urn"] == "urn:li:share:77"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ghost", "--network", "x", "--not-posted"], "has no entry for ghost on x"),
        (["peek", "--network", "x", "--not-posted"], "nothing is in doubt for peek on x (state partial)"),
        (["peek", "--network", "x", "--posted", "abc"], "takes a tweet id (digits)"),
    ],
)
def test_resolve_refuses_what_makes_no_sense(herald, argv, message):
    _write(herald, x_entry(1))
    result = herald("ledger", "resolve", *argv)
    assert result.code == 2
    assert message in result.err


def test_rebasing_onto_a_longer_thread_reopens_it():
    posted = x_entry(3, length=3)
    assert posted.state == "posted"
    longer = posted.rebase("sha256:bb", 5)
    assert (longer.state, longer.posted_at, longer.content_hash) == ("partial", None, "sha256:bb")
    assert posted.rebase("sha256:bb", 3).state == "posted"


def test_merge_keeps_every_record_and_the_newest_of_each(herald, tmp_path):
    from dataclasses import replace

    later = "2026-03-02T11:00:00Z"
    ours = x_entry(3)  # this run finished the thread
    theirs_x = replace(x_entry(1), updated_at=NOW)  # the branch still had the older state
    theirs_li = replace(LedgerEntry.new("valve", "linkedin", "sha256:bb", NOW).begin(Attempt(0, "hi", None, NOW), NOW)
                        .add_post("urn:li:share:9", later), updated_at=later)
    _write(herald, replace(ours, updated_at=later))
    other = Ledger(path=tmp_path / "theirs.json")
    other.put(theirs_x)
    other.put(theirs_li)

    result = herald("ledger", "merge", str(other.path))

    assert result.code == 0, result.text
    assert result.out.strip().endswith("1 entry taken from " + str(other.path))
    entries = herald.ledger()["entries"]
    assert [t["id"] for t in entries["peek"]["x"]["tweets"]] == ["100", "101", "102"]
    assert entries["valve"]["linkedin"]["urn"] == "urn:li:share:9"
