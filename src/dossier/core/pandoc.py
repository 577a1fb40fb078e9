"""The edge to pandoc: the binary that ships inside ``pypandoc-binary``.

Markdown is parsed to pandoc's JSON AST once per file; every output format
is written from that AST.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import subprocess
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import platformdirs
import pypandoc

READER = "markdown+smart-auto_identifiers"


@functools.cache
def binary() -> str:
    return str(pypandoc.get_pandoc_path())


@functools.cache
def version() -> str:
    return str(pypandoc.get_pandoc_version())


@functools.cache
def api_version() -> list[int]:
    out = run(["-f", "markdown", "-t", "json"], "")
    return list(json.loads(out)["pandoc-api-version"])


class PandocFailed(RuntimeError):
    def __init__(self, args: list[str], stderr: str) -> None:
        super().__init__(f"pandoc {' '.join(args)} failed:\n{stderr}")
        self.stderr = stderr


def run(args: list[str], stdin: str, cwd: Path | None = None) -> str:
    proc = subprocess.run(
        [binary(), *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        check=False,
    )
    if proc.returncode != 0:
        raise PandocFailed(args, proc.stderr.decode("utf-8", "replace"))
    return proc.stdout.decode("utf-8")


def run_with_warnings(args: list[str], stdin: str) -> tuple[str, list[str]]:
    proc = subprocess.run([binary(), *args], input=stdin.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise PandocFailed(args, proc.stderr.decode("utf-8", "replace"))
    warnings = [w for w in proc.stderr.decode("utf-8", "replace").splitlines() if w.strip()]
    return proc.stdout.decode("utf-8"), warnings


_cache: Path | None = None

# The cache keeps what builds read in the last CACHE_DAYS days (reading an
# entry refreshes its time) and at most CACHE_BYTES, the least recently read
# going first: every edit of a file leaves its old parse behind. It is pruned
# at most once a day, by the first build of the day.
DAY = 24 * 3600
CACHE_DAYS = 30
CACHE_BYTES = 1 << 30
PRUNED = ".pruned"


def use_cache(folder: Path | None) -> None:
    """Keep parsed Markdown in ``folder``, keyed by the text, the reader and
    pandoc's version: a file is parsed once, whatever the number of builds
    and processes that read it."""
    global _cache
    _cache = folder
    if folder is not None:
        marker = folder / "ast" / PRUNED
        try:
            due = marker.stat().st_mtime < time.time() - DAY
        except FileNotFoundError:
            due = (folder / "ast").is_dir()
        if due:
            prune_cache(folder)


def cache_folder() -> Path | None:
    """The folder given to :func:`use_cache` (None: nothing is kept)."""
    return _cache


def prune_cache(
    folder: Path, max_age: float = CACHE_DAYS * DAY, max_bytes: int = CACHE_BYTES
) -> int:
    """Delete the entries of the cache in ``folder`` not read for
    ``max_age`` seconds, then the least recently read ones until the rest
    holds ``max_bytes``; returns how many were deleted. Builds running at the
    same time lose at most an entry they then parse again."""
    ast = folder / "ast"
    ast.mkdir(parents=True, exist_ok=True)
    (ast / PRUNED).touch()
    entries = []
    for entry in os.scandir(ast):
        try:
            st = entry.stat()
        except FileNotFoundError:
            continue
        if entry.name.endswith(".json"):
            entries.append((st.st_mtime, st.st_size, entry.path))
        elif entry.name.endswith(".tmp") and st.st_mtime < time.time() - DAY:
            Path(entry.path).unlink(missing_ok=True)  # left by a build that was killed
    entries.sort(reverse=True)  # most recently read first
    oldest = time.time() - max_age
    kept = removed = 0
    for mtime, size, path in entries:
        if mtime >= oldest and kept + size <= max_bytes:
            kept += size
            continue
        oldest = math.inf  # the rest is older still: it all goes
        Path(path).unlink(missing_ok=True)
        removed += 1
    return removed


def user_cache() -> Path:
    """The per-user cache folder (``$XDG_CACHE_HOME/dossier`` on Linux, the
    system's own place elsewhere): outside the build folder, which holds
    outputs only."""
    return platformdirs.user_cache_path("dossier", appauthor=False)


def _key(text: str, reader: str) -> str:
    return hashlib.sha256(f"{_readers()}\0{reader}\0{text}".encode()).hexdigest()


@functools.cache
def _readers() -> str:
    """What a parse depends on besides its text and reader: pandoc's version
    and the batch reader's code (a text parsed alone or in a batch gives the
    same blocks, so both share one cache entry)."""
    return f"{version()}\0{hashlib.sha256(BATCH_READER.read_bytes()).hexdigest()}"


def _cached(key: str) -> Path | None:
    return _cache / "ast" / f"{key}.json" if _cache else None


def _hit(path: Path | None) -> bool:
    """Whether ``path`` (a cache entry) exists; its time, when a day old, is
    refreshed: the entry was read (see prune_cache)."""
    if path is None:
        return False
    try:
        if path.stat().st_mtime < time.time() - DAY:
            os.utime(path)
    except FileNotFoundError:
        return False
    return True


# Texts parsed ahead by parse_all, waiting for their parse_markdown.
_parsed: dict[str, tuple[list[Any], list[str]]] = {}
BATCH_READER = Path(__file__).with_name("batch_reader.lua")
EAST_ASIAN = "+east_asian_line_breaks"


def parse_markdown(text: str, reader: str = READER) -> tuple[list[Any], list[str]]:
    """Markdown to a list of pandoc blocks, and pandoc's warnings."""
    key = _key(text, reader)
    if key in _parsed:
        return _parsed.pop(key)  # popped: the caller may change the blocks
    cached = _cached(key)
    if cached is not None and _hit(cached):
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
        except FileNotFoundError:  # pruned by another build in between
            pass
        else:
            return list(data["blocks"]), list(data["warnings"])
    out, warnings = run_with_warnings(["-f", reader, "-t", "json"], text)
    blocks = list(json.loads(out)["blocks"])
    if cached is not None:
        _store(cached, json.dumps({"blocks": blocks, "warnings": warnings}, ensure_ascii=False))
    return blocks, warnings


def parse_meta(text: str, reader: str = READER) -> dict[str, Any]:
    """The metadata pandoc reads from YAML blocks in Markdown ``text``
    (which :func:`parse_markdown` drops)."""
    out, _ = run_with_warnings(["-f", reader, "-t", "json"], text)
    meta: dict[str, Any] = json.loads(out)["meta"]
    return meta


def parse_all(items: Iterable[tuple[str, str]]) -> None:
    """Parse many (text, reader) pairs in one pandoc run, for the
    :func:`parse_markdown` calls that follow: starting pandoc once per file
    is what a large dossier spent its load on (docs/performance.md).

    Only an optimisation: a text this misses, or a run that fails, leaves
    parse_markdown to parse the text on its own (and report its error)."""
    todo: dict[str, tuple[str, str]] = {}
    for text, reader in items:
        key = _key(text, reader)
        if key in _parsed or key in todo or _hit(_cached(key)):
            continue
        todo[key] = (text, reader)
    if not todo:
        return
    # One run per core, on an equal share of the texts; texts whose reader
    # has the pass pandoc runs after reading, apart.
    groups: dict[str, list[str]] = {}
    for key, (_, reader) in todo.items():
        groups.setdefault(EAST_ASIAN if EAST_ASIAN in reader else "", []).append(key)
    shares: list[tuple[str, list[str]]] = []
    for after, keys in groups.items():
        n = max(1, min(os.cpu_count() or 1, len(keys) // 100))
        shares += [(after, keys[i::n]) for i in range(n)]

    def parse(share: tuple[str, list[str]]) -> list[Any]:
        after, keys = share
        items = [{"text": todo[k][0], "reader": todo[k][1]} for k in keys]
        args = ["-f", f"{BATCH_READER}{after}", "-t", "json"]
        return list(json.loads(run(args, json.dumps(items, ensure_ascii=False)))["blocks"])

    try:
        with ThreadPoolExecutor(min(os.cpu_count() or 1, len(shares))) as pool:
            divs = [d for blocks in pool.map(parse, shares) for d in blocks]
    except PandocFailed:
        return
    for key, div in zip([k for _, keys in shares for k in keys], divs, strict=True):
        (_, _, attrs), blocks = div["c"]
        log = json.loads(dict(attrs)["log"])
        # As the command line prints them: "[WARNING] <message>".
        warnings = [f"[{m['verbosity']}] {m['pretty']}" for m in log if m["verbosity"] != "INFO"]
        _parsed[key] = (blocks, warnings)
        cached = _cached(key)
        if cached is not None:
            _store(cached, json.dumps({"blocks": blocks, "warnings": warnings}, ensure_ascii=False))


def _store(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def document(blocks: list[Any], meta: dict[str, Any] | None = None) -> str:
    """A pandoc JSON document around ``blocks``."""
    return json.dumps(
        {"pandoc-api-version": api_version(), "meta": meta or {}, "blocks": blocks},
        ensure_ascii=False,
    )
