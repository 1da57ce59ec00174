"""The quality harness (bench/quality/) stays true: its golden posts are what derivation produces today,
and its scorer finds no defect in them or in the shipped site's posts."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_harness_golden_posts_match_and_score_clean():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality" / "run.py"), "--shipped"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    totals = result.stdout.strip().splitlines()[-1]
    assert totals.startswith("totals:") and all(part.strip().endswith(" 0") for part in totals[7:].split(",")), totals
