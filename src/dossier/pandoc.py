"""The edge to pandoc: the binary that ships inside ``pypandoc-binary``.

Markdown is parsed to pandoc's JSON AST once per file; every output format
is written from that AST.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

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


def use_cache(folder: Path | None) -> None:
    """Keep parsed Markdown in ``folder``, keyed by the text, the reader and
    pandoc's version: a file is parsed once, whatever the number of builds
    and processes that read it."""
    global _cache
    _cache = folder


def user_cache() -> Path:
    """The per-user cache folder (``$XDG_CACHE_HOME/dossier``): outside the
    build folder, which holds outputs only."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dossier"


def parse_markdown(text: str, reader: str = READER) -> tuple[list[Any], list[str]]:
    """Markdown to a list of pandoc blocks, and pandoc's warnings."""
    key = hashlib.sha256(f"{version()}\0{reader}\0{text}".encode()).hexdigest()
    cached = _cache / "ast" / f"{key}.json" if _cache else None
    if cached is not None and cached.is_file():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return list(data["blocks"]), list(data["warnings"])
    out, warnings = run_with_warnings(["-f", reader, "-t", "json"], text)
    blocks = list(json.loads(out)["blocks"])
    if cached is not None:
        _store(cached, json.dumps({"blocks": blocks, "warnings": warnings}, ensure_ascii=False))
    return blocks, warnings


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
