"""The cache of the parts of a long PDF (dossier.render.part_cache): a PDF
joined from cached parts has the bytes of one compiled without the cache,
and an edit compiles again only the part it touches."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dossier.assemble.compose import assemble
from dossier.pipeline.loading import Dossier
from dossier.render import part_cache, parts, pdf

# The example's annex six times over, in parts of about 4 pages (as in
# test_parts.py): 3 parts or more, and the numbers' document.
TIMES = 6
BUDGET = "4"


def render(doc: Any, out: Path, cache: Path | None) -> bytes:
    """``doc`` rendered in parts, with the cache in ``cache`` (None: off)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(parts.PAGES_VARIABLE, BUDGET)
        patch.setenv(part_cache.VARIABLE, str(cache) if cache else part_cache.OFF)
        pdf.render(doc, out)
    return out.read_bytes()


def entries(cache: Path) -> dict[str, float]:
    """The cache's entries and when each was last read."""
    return {p.stem: p.stat().st_mtime for p in cache.glob("*.json")}


def age(cache: Path, seconds: float) -> None:
    for found in cache.glob("*.json"):
        when = found.stat().st_mtime - seconds
        os.utime(found, (when, when))


@pytest.fixture(scope="module")
def long_doc(example_dossier: Dossier) -> Any:
    doc = assemble(example_dossier, "en")
    return replace(doc, annex=doc.annex * TIMES)


def test_a_pdf_from_cached_parts_has_the_bytes_of_one_compiled_without(
    long_doc: Any, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    uncached = render(long_doc, tmp_path / "uncached.pdf", None)
    assert not cache.exists()
    assert render(long_doc, tmp_path / "cold.pdf", cache) == uncached
    # the parts of an internal edition are the user's alone
    assert cache.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in cache.iterdir()} == {0o600}
    stored = entries(cache)
    assert len(stored) >= 4  # three parts or more, and the numbers
    age(cache, 3600)
    assert render(long_doc, tmp_path / "warm.pdf", cache) == uncached
    read = entries(cache)
    assert read.keys() == stored.keys()  # nothing compiled again
    assert all(read[k] > stored[k] - 60 for k in read)  # every entry read


def test_an_edit_compiles_again_only_the_part_it_touches(long_doc: Any, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    render(long_doc, tmp_path / "before.pdf", cache)
    before = entries(cache)
    # a word of the last block for another as long: the pages stay as they were
    last = json.loads(json.dumps(long_doc.annex[-1]).replace('"Condemns"', '"Deplores"', 1))
    assert last != long_doc.annex[-1]
    edited = replace(long_doc, annex=[*long_doc.annex[:-1], last])
    got = render(edited, tmp_path / "edited.pdf", cache)
    new = entries(cache).keys() - before.keys()
    assert len(new) == 1  # the last part; the others, and the numbers, from the cache
    assert got == render(edited, tmp_path / "uncached.pdf", None)


def test_the_key_follows_what_typst_reads(tmp_path: Path) -> None:
    """The part's text, an image it names and its inputs change the key;
    an image it does not name, the folder and the output's path do not."""
    root = tmp_path / "root"
    (root / "templates" / "sc-letter").mkdir(parents=True)
    (root / "templates" / "sc-letter" / "un.typ").write_text("#let x = 1\n")
    (root / "images").mkdir()
    (root / "images" / "1.svg").write_text("<svg/>")
    (root / "images" / "2.svg").write_text("<svg/>")
    main = root / "part-1.typ"
    main.write_text('#image("/images/1.svg")\n')
    args = {
        "main": str(main),
        "root": str(root),
        "out": str(tmp_path / "a.pdf"),
        "font_paths": [],
        "sys_inputs": {"page-offset": "0"},
        "timestamp": 0,
    }
    first = part_cache.key(args)
    assert part_cache.key({**args, "out": str(tmp_path / "b.pdf")}) == first
    (root / "images" / "2.svg").write_text("<svg><g/></svg>")
    assert part_cache.key(args) == first
    (root / "images" / "1.svg").write_text("<svg><g/></svg>")
    assert part_cache.key(args) != first
    second = part_cache.key(args)
    assert part_cache.key({**args, "sys_inputs": {"page-offset": "4"}}) != second
    (root / "templates" / "sc-letter" / "un.typ").write_text("#let x = 2\n")
    assert part_cache.key(args) != second


def test_the_cache_is_pruned_of_entries_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("old", "new"):
        (cache / f"{name}.pdf").write_bytes(b"%PDF")
        (cache / f"{name}.json").write_text("{}")
    age(cache, 0)
    old = (cache / "old.json").stat().st_mtime - 40 * part_cache.DAY
    os.utime(cache / "old.json", (old, old))
    assert part_cache.prune(cache) == 1
    assert sorted(p.name for p in cache.iterdir() if p.name != part_cache.PRUNED) == [
        "new.json",
        "new.pdf",
    ]
