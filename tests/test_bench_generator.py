"""The benchmark's dossier generator (scripts/make_bench_dossier.py): a small
dossier loads without errors, and the same seed writes the same files.
Nothing here is timed: the benchmark itself is run by hand (make bench)."""

from __future__ import annotations

import hashlib
import importlib
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT
from dossier.pipeline.loading import load


def _generator() -> ModuleType:
    """The generator, loaded as the benchmark loads it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    bench = importlib.import_module("bench")
    generator: ModuleType = bench.gen
    return generator


gen = _generator()
SMALL = gen.Options(seed=1, languages=("en", "zh"), sections=3, incidents=10)
HAN = r"[\u4e00-\u9fff]"


def digest(root: Path) -> str:
    """One hash of every file's relative path and bytes."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "dossier"
    gen.generate(out, SMALL)
    return out


def test_small_dossier_loads_without_errors_or_warnings(small: Path) -> None:
    dossier = load(small)
    assert dossier.evidence is not None
    assert len(dossier.evidence.records) == 10
    assert len(dossier.sections) == 2 * 4  # the letter and 3 sections, in en and zh
    assert dossier.warnings == ()  # every translation current


def test_same_seed_same_files(small: Path, tmp_path: Path) -> None:
    gen.generate(tmp_path / "again", SMALL)
    assert digest(tmp_path / "again") == digest(small)


def test_other_seed_other_files(small: Path, tmp_path: Path) -> None:
    other = gen.Options(seed=2, languages=SMALL.languages, sections=3, incidents=10)
    gen.generate(tmp_path / "other", other)
    assert digest(tmp_path / "other") != digest(small)


def test_chinese_has_no_spaces_between_characters(small: Path) -> None:
    files = [*small.glob("sections/zh/*.md"), *small.glob("evidence/zh/*.md")]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert re.search(HAN, text), path
        assert not re.search(rf"{HAN}[ \t\u3000]+{HAN}", text), path


def test_each_language_is_written_in_its_script() -> None:
    scripts = {
        "en": r"^[\x00-\x7f]*$",
        "ru": r"[\u0400-\u04ff]",
        "zh": HAN,
        "ar": r"[\u0600-\u06ff]",
        "ur": r"[ٹڈڑںےہک]",
    }
    opts = gen.Options(seed=3, languages=tuple(scripts), sections=1, incidents=2)
    files = gen.dossier_files(opts)
    for lang, pattern in scripts.items():
        text = files[f"sections/{lang}/01-section.md"]
        assert re.search(pattern, text), lang


def test_headings_never_skip_a_level() -> None:
    """PDF/UA refuses a level-3 heading right under a level-1 one."""
    opts = gen.Options(seed=4, languages=("en",), sections=12, incidents=2, paragraphs=15)
    for name, text in gen.dossier_files(opts).items():
        if not name.startswith("sections/"):
            continue
        previous = 0
        for hashes in re.findall(r"^(#+) ", text, re.M):
            assert len(hashes) <= previous + 1, name
            previous = len(hashes)
