"""Time the project's own YAML reader and build lock against the libraries
that could replace them (ruamel.yaml, filelock), in one run.

    PYTHONPATH=src .venv/bin/python scripts/bench_libs.py DOSSIER [DOSSIER ...]

For each dossier: every YAML text it holds (dossier.yaml, sources.yaml, the
front matter of every evidence record) read with line numbers by
``dossier.core.yamlsource.parse_yaml`` and by ruamel.yaml's round-trip
loader (the one that keeps comments, with the same map of lines built from
its ``.lc``), and how many of those texts ruamel writes back unchanged
(quotes kept, lines not wrapped).
Then a shared and an exclusive hold of a build lock taken and released:
``flock`` as ``dossier.core.locks`` does, and ``filelock.ReadWriteLock``.
Ratios are to the project's code measured in the same run. The libraries are
not dependencies of the project: install them into the virtualenv to run this.
"""

from __future__ import annotations

import argparse
import fcntl
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import ReadWriteLock
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dossier.core.yamlsource import parse_yaml

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)


def texts(root: Path) -> list[str]:
    out = [(root / name).read_text("utf-8") for name in ("dossier.yaml", "sources.yaml")]
    for path in sorted((root / "evidence").rglob("*.md")):
        match = _FRONT.match(path.read_text("utf-8"))
        if match and match.group(1):
            out.append(match.group(1))
    return out


def ruamel_lines(node: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    if isinstance(node, CommentedMap):
        for key in node:
            lines[(*path, key)] = node.lc.key(key)[0] + 1
            ruamel_lines(node[key], (*path, key), lines)
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            lines[(*path, i)] = node.lc.item(i)[0] + 1
            ruamel_lines(item, (*path, i), lines)


def best(run: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_yaml(root: Path) -> None:
    items = texts(root)
    rt = YAML(typ="rt")

    def ours() -> None:
        for text in items:
            parse_yaml(text, root)

    def theirs() -> None:
        for text in items:
            ruamel_lines(rt.load(text), (), {})

    a, b = best(ours), best(theirs)
    print(f"{root}: {len(items)} YAML texts, {sum(map(len, items)) / 1e6:.2f} MB")
    print(f"  read with lines: yamlsource {a:.3f} s, ruamel.yaml rt {b:.3f} s ({b / a:.1f}x)")
    rt = YAML(typ="rt")
    rt.preserve_quotes, rt.width = True, 4096  # the closest to the text as written
    same = 0
    for text in items:
        buffer = io.StringIO()
        rt.dump(rt.load(text), buffer)
        same += buffer.getvalue() == text
    print(f"  written back unchanged by ruamel.yaml rt: {same} of {len(items)}")


def bench_locks(rounds: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def flock(mode: int) -> Callable[[], None]:
            def run() -> None:
                for _ in range(rounds):
                    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
                    fcntl.flock(fd, mode)
                    os.close(fd)

            return run

        lock = ReadWriteLock(folder / ".rwlock", is_singleton=False)

        def rw(write: bool) -> Callable[[], None]:
            def run() -> None:
                for _ in range(rounds):
                    with lock.write_lock() if write else lock.read_lock():
                        pass

            return run

        for name, mode, write in (
            ("shared", fcntl.LOCK_SH, False),
            ("exclusive", fcntl.LOCK_EX, True),
        ):
            a, b = best(flock(mode)), best(rw(write))
            print(
                f"  {name} hold, taken and released: flock {a / rounds * 1e6:.0f} µs, "
                f"filelock.ReadWriteLock {b / rounds * 1e6:.0f} µs ({b / a:.0f}x)"
            )


def import_time(module: str) -> float:
    code = (
        "import time, dossier.core.locks; t = time.perf_counter(); "
        f"import {module}; print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    ]
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dossiers", nargs="+", type=Path)
    args = parser.parse_args()
    for root in args.dossiers:
        bench_yaml(root)
    print("locks:")
    bench_locks()
    print("import, in a fresh process that has imported dossier.core.locks:")
    for module in ("yaml", "ruamel.yaml", "filelock", "platformdirs"):
        print(f"  {module}: {import_time(module) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
