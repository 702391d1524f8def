"""The benchmark runs end to end at a tiny size: every endpoint measured, no errors, every quick log saved.

Nothing here asserts a timing: figures from a small run on a shared machine mean nothing. It starts
gunicorn and Locust in processes of their own, on a scratch database (PostgreSQL beside DATABASE_URL's
when that is set), and takes about half a minute.
"""

import json
import subprocess
import sys

import pytest

from bench.run import ENDPOINTS, ROOT

TINY = ["--coaches", "1", "--athletes", "3", "--episodes", "5", "--users", "2", "--seconds", "1.5", "--settle", "0.5"]


@pytest.mark.bench
def test_the_benchmark_measures_every_endpoint_without_errors(tmp_path):
    command = [sys.executable, str(ROOT / "bench" / "run.py"), *TINY, "--out", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    (results,) = tmp_path.glob("*.json")
    report = json.loads(results.read_text())
    assert list(report["endpoints"]) == list(ENDPOINTS)
    for name, row in report["endpoints"].items():
        assert row["requests"] > 0, name
        assert row["failures"] == 0, (name, row["errors"])
        assert row["queries"] > 0 or name == "floor", name  # counted in process for each page
    assert report["check"] == {"posted": report["check"]["posted"], "saved": report["check"]["posted"], "ok": True}
    assert report["check"]["posted"] > 0
    (table,) = tmp_path.glob("*.md")
    assert all(f"| {name} |" in table.read_text() for name in ENDPOINTS)
