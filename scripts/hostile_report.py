"""Run the hostile corpus and print the counts of the README's table.

    .venv/bin/python scripts/hostile_report.py

Runs ``pytest -m "leak_vector or bad_input" tests/hostile`` once, reads its
JUnit report and counts, per marker: tried, passed, and for the failures
what they were (a leak, an internal error, a hang, another failure). The
markers of each test are read from pytest's own collection, so the counts
are those of the tests, not of a list kept beside them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ("leak_vector", "bad_input")


def collected(marker: str) -> set[str]:
    """The node ids pytest collects under ``-m marker``."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-m", marker, "tests/hostile"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return {line.strip() for line in proc.stdout.splitlines() if "::" in line}


def outcome(case: ET.Element) -> str:
    """passed, skipped, or what kind of failure ``case`` is."""
    if case.find("skipped") is not None:
        return "skipped"
    failed = case.find("failure")
    if failed is None:
        failed = case.find("error")
    if failed is None:
        return "passed"
    text = (failed.get("message") or "") + (failed.text or "")
    if "TimeoutExpired" in text:
        return "hang"
    if "internal error" in text or "Traceback" in text:
        return "internal error"
    if "found_in" in text or "CANARY" in text:
        return "leaked"
    return "other failure"


def node_id(case: ET.Element) -> str:
    module = case.get("classname", "").replace(".", "/")
    return f"{module}.py::{case.get('name')}"


def main() -> int:
    ids = {marker: collected(marker) for marker in MARKERS}
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                " or ".join(MARKERS),
                f"--junitxml={report}",
                "tests/hostile",
            ],
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        cases = ET.parse(report).getroot().iter("testcase")
        results = {node_id(case): outcome(case) for case in cases}
    for marker in MARKERS:
        counts = Counter(results.get(i, "not run") for i in ids[marker])
        shown = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        print(f"{marker}: {len(ids[marker])} tried: {shown}")
    return 0 if all(r in ("passed", "skipped") for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
