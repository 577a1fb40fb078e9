"""Provenance: manifest.json per edition, and `dossier verify`.

The English outputs of a copy of the example are built once; each test
verifies (and damages) a copy of that build.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.core.diagnostics import errors
from dossier.core.paths import EDITION_MANIFEST
from dossier.pipeline.inputs import template_inputs
from dossier.pipeline.stages import BuildResult, build
from dossier.seal import leaks, provenance
from dossier.seal.manifest import (
    FORMAT,
    LEAKS,
    from_plain,
    load_prints,
    prints_path,
    render,
    sha256,
    to_plain,
)
from dossier.seal.verify import unlisted, verify
from dossier.select.edition import select

EXAMPLE = Path(__file__).resolve().parents[1] / "dossiers" / "example"
EDITIONS = ("public", "internal")


@dataclass
class Built:
    dossier: Path  # the copy of the example that was built
    out: Path  # the --out folder
    result: BuildResult

    @property
    def folder(self) -> Path:
        return self.out / "example"


def write_manifests(result: BuildResult, out: Path, *, force: bool = False) -> None:
    """What the build does; done here while the build does not do it yet."""
    d = result.dossier
    for edition in d.manifest.editions:
        folder = out / d.name / edition.name
        outputs = [p for p in result.outputs if p.parent == folder]
        if not outputs or ((folder / EDITION_MANIFEST).exists() and not force):
            continue
        inputs = [*d.inputs, *template_inputs(d)]
        _, withheld = select(d, edition)
        prints = leaks.fingerprints(withheld)
        provenance.write_manifest(
            folder, provenance.Origin.of(d, edition), edition, inputs, outputs, prints, withheld
        )


def run_build(dossier: Path, out: Path) -> BuildResult:
    result = build(dossier, out, langs=["en"])
    write_manifests(result, out)
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("provenance")
    dossier = base / "dossiers" / "example"
    shutil.copytree(EXAMPLE, dossier)
    out = base / "build"
    return Built(dossier, out, run_build(dossier, out))


@pytest.fixture
def copy(built: Built, tmp_path: Path) -> Path:
    """A copy of the built dossier folder (build/example), to damage."""
    target = tmp_path / "example"
    shutil.copytree(built.folder, target)
    return target


def cli_verify(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", str(folder)])
    return result.exit_code, result.output


def manifest(folder: Path, edition: str = "public") -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / edition / EDITION_MANIFEST).read_text("utf-8"))
    return data


def test_verify_passes_on_an_intact_build(copy: Path) -> None:
    assert not errors(verify(copy))
    code, output = cli_verify(copy)
    assert code == 0, output
    assert "14 outputs verified" in output  # with the submission packages


def test_verify_takes_one_edition_folder(copy: Path) -> None:
    code, output = cli_verify(copy / "public")
    assert code == 0, output
    assert "7 outputs verified" in output


def test_manifest_records_inputs_outputs_and_tools(built: Built) -> None:
    data = manifest(built.folder)
    assert data["format"] == FORMAT
    assert data["edition"] == {"name": "public", "max": "public"}
    outputs = data["outputs"]
    builds = data["builds"]
    assert isinstance(outputs, list) and isinstance(builds, dict)
    assert [(o["file"], o["lang"], o["format"]) for o in outputs] == [
        ("example.en.docx", "en", "docx"),
        ("example.en.html", "en", "html"),
        ("example.en.pdf", "en", "pdf"),
        ("submission/example.letter.en.docx", "en", "docx"),
        ("submission/example.letter.en.pdf", "en", "pdf"),
        ("submission/example.secretariat.en.docx", "en", "docx"),
        ("submission/submission.json", "", "json"),
    ]
    assert all(o["sha256"] == sha256(built.folder / "public" / o["file"]) for o in outputs)
    assert {o["build"] for o in outputs} == set(builds)  # one run: one record
    (record,) = builds.values()
    paths = [i["path"] for i in record["inputs"]]
    assert paths == sorted(paths)
    assert any(p.endswith("example/dossier.yaml") for p in paths)
    assert any(p.endswith("dossier/seal/provenance.py") for p in paths)
    assert all(len(i["sha256"]) == 64 for i in record["inputs"])
    assert set(record["tools"]) >= {"dossier", "pandoc", "typst", "python"}
    assert record["git"] is None  # the copy of the example is no git work tree


def test_a_changed_output_fails(copy: Path) -> None:
    pdf = copy / "public" / "example.en.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    code, output = cli_verify(copy / "public")
    assert code == 2
    assert str(pdf) in output and "changed" in output


def test_a_deleted_output_fails(copy: Path) -> None:
    docx = copy / "internal" / "example.en.docx"
    docx.unlink()
    code, output = cli_verify(copy / "internal")
    assert code == 2
    assert str(docx) in output and "missing" in output


def test_an_extra_file_fails(copy: Path) -> None:
    extra = copy / "public" / "notes.txt"
    extra.write_text("draft remarks\n", encoding="utf-8")
    code, output = cli_verify(copy / "public")
    assert code == 2
    assert str(extra) in output and "did not write" in output


def test_an_edited_input_is_a_warning(built: Built, copy: Path) -> None:
    source = built.dossier / "sections" / "en" / "01-overview.md"
    text = source.read_text(encoding="utf-8")
    try:
        source.write_text(text + "\nA late addition.\n", encoding="utf-8")
        code, output = cli_verify(copy / "public")
    finally:
        source.write_text(text, encoding="utf-8")
    assert code == 0, output
    assert f"{source.as_posix()}: warning: input changed" in output


def test_an_edition_without_manifest_fails(copy: Path) -> None:
    (copy / "internal" / EDITION_MANIFEST).unlink()
    found = [d for d in unlisted(copy) if d.file == copy / "internal"]
    assert len(found) == 1 and "without a manifest.json" in found[0].message


def test_stored_fingerprints_are_those_of_the_build(built: Built) -> None:
    d = built.result.dossier
    for edition in d.manifest.editions:
        _, withheld = select(d, edition)
        prints = leaks.fingerprints(withheld)
        builds = manifest(built.folder, edition.name)["builds"]
        assert isinstance(builds, dict)
        (record,) = builds.values()
        digest = record["leak_fingerprints_sha256"]
        kept = built.folder / LEAKS / edition.name / f"{digest}.json"
        assert load_prints(json.loads(kept.read_text("utf-8"))) == prints
        assert sha256(kept) == digest


def test_a_public_manifest_confirms_no_guess(built: Built) -> None:
    """The fingerprints are beside the edition folders, not in them: a
    public manifest holds no hash that a guessed withheld ID, or a guessed
    sentence of a withheld record, would match, nor how many were withheld."""
    d = built.result.dossier
    public = next(e for e in d.manifest.editions if e.name == "public")
    _, withheld = select(d, public)
    assert withheld
    prints = leaks.fingerprints(withheld)
    text = (built.folder / "public" / EDITION_MANIFEST).read_text(encoding="utf-8")
    shingles = [s[0] for item in prints.items for x in item.sentences for s in x.shingles]
    hashes = {h for item in prints.items for h in (item.ident, *item.names, *shingles)}
    assert hashes and not [h for h in hashes if h in text]
    assert 'leak_fingerprints"' not in text
    edition_files = {p.name for p in (built.folder / "public").iterdir()}
    assert not [n for n in edition_files if n.endswith(".json") and n != EDITION_MANIFEST]


def test_verify_elsewhere_checks_hashes_and_says_it_could_not_scan(
    copy: Path, tmp_path: Path
) -> None:
    """The public folder sent on its own (no .leaks beside it)."""
    sent = tmp_path / "sent" / "public"
    shutil.copytree(copy / "public", sent)
    found = verify(sent)
    assert not errors(found)
    assert [d.severity.value for d in found] == ["warning"]
    assert "leak fingerprints of this build are not here" in found[0].message
    (sent / "example.en.html").write_text("changed", encoding="utf-8")
    assert [d.file for d in errors(verify(sent))] == [sent / "example.en.html"]


def test_changed_fingerprints_fail(copy: Path) -> None:
    for path in (copy / LEAKS).glob("*/*.json"):
        path.write_text(path.read_text("utf-8").replace("[", "[ ", 1), "utf-8")
    found = errors(verify(copy))
    assert found and all("fingerprints changed" in d.message for d in found)


def test_a_build_of_another_language_adds_to_the_manifest(built: Built, tmp_path: Path) -> None:
    """make -j builds each language apart: the manifest gathers them."""
    shutil.copytree(built.folder, tmp_path / "example")
    result = build(built.dossier, tmp_path, editions=["public"], langs=["fr"], formats=["html"])
    write_manifests(result, tmp_path, force=True)
    data = manifest(tmp_path / "example")
    outputs = data["outputs"]
    builds = data["builds"]
    assert isinstance(outputs, list) and isinstance(builds, dict)
    assert [o["file"] for o in outputs] == [
        "example.en.docx",
        "example.en.html",
        "example.en.pdf",
        "example.fr.html",
        "submission/example.letter.en.docx",
        "submission/example.letter.en.pdf",
        "submission/example.secretariat.en.docx",
        "submission/submission.json",
    ]
    assert len(builds) == 2  # the English run's record and the French one's
    assert not errors(verify(tmp_path / "example" / "public"))


def test_parallel_writers_lose_no_output(built: Built, tmp_path: Path) -> None:
    d = built.result.dossier
    edition = d.manifest.editions[0]
    langs = d.manifest.edition_languages(edition)
    folder = tmp_path / "public"
    folder.mkdir()

    def write(lang: str) -> None:
        output = folder / f"example.{lang}.html"
        output.write_text(f"<html><body>{lang}</body></html>", encoding="utf-8")
        inputs = [d.root / "dossier.yaml"]
        prints = leaks.Fingerprints(())
        origin = provenance.Origin.of(d, edition)
        provenance.write_manifest(folder, origin, edition, inputs, [output], prints, [])

    with ThreadPoolExecutor(max_workers=len(langs)) as pool:
        list(pool.map(write, langs))
    outputs = manifest(tmp_path)["outputs"]
    assert isinstance(outputs, list)
    assert sorted(o["lang"] for o in outputs) == sorted(langs)


def test_no_manifest_is_an_error(tmp_path: Path) -> None:
    code, output = cli_verify(tmp_path)
    assert code == 2 and "no manifest.json" in output


def test_manifest_holds_no_clear_text_of_withheld_items(built: Built) -> None:
    public = (built.folder / "public" / EDITION_MANIFEST).read_text(encoding="utf-8")
    for secret in ("GRANITE", "ALD-2026-006", "05-assessment", "Halden Ford", "Dravik"):
        assert secret not in public
    internal = (built.folder / "internal" / EDITION_MANIFEST).read_text(encoding="utf-8")
    assert "GRANITE" not in internal and "Directorate" not in internal


def rebuild(built: Built) -> dict[str, bytes]:
    for e in EDITIONS:
        (built.folder / e / EDITION_MANIFEST).unlink()
    run_build(built.dossier, built.out)
    return {e: (built.folder / e / EDITION_MANIFEST).read_bytes() for e in EDITIONS}


def test_two_builds_give_the_same_manifests(built: Built) -> None:
    # Two builds in a row (the package's own source is an input: an edit
    # made to it since the session's build would count).
    before = rebuild(built)
    rebuild(built)
    for e in EDITIONS:
        after = (built.folder / e / EDITION_MANIFEST).read_bytes()
        diff = difflib.unified_diff(before[e].decode().splitlines(), after.decode().splitlines())
        assert after == before[e], "\n".join(diff)


def test_a_planted_leak_fails_the_scan(copy: Path) -> None:
    html = copy / "public" / "example.en.html"
    data = manifest(copy)
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("</body>", "<p>See ALD-2026-006.</p></body>"), "utf-8")
    # The manifest agrees with the damaged file: only the scan can catch it.
    outputs = data["outputs"]
    assert isinstance(outputs, list)
    for entry in outputs:
        if entry["file"] == html.name:
            entry["sha256"] = sha256(html)
            entry["size"] = html.stat().st_size
    (copy / "public" / EDITION_MANIFEST).write_text(render(data), encoding="utf-8")
    found = verify(copy / "public")
    assert [d.file for d in errors(found)] == [html]
    assert "leak: a record withheld from the 'public' edition" in errors(found)[0].message


def test_git_state_without_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("shutil.which", lambda _: None)
    assert provenance.git_state(tmp_path) is None


@dataclass(frozen=True)
class Sample:
    items: tuple[tuple[str, str, frozenset[str]], ...]
    names: tuple[str, ...]
    count: int | None = None


def test_fingerprints_round_trip_through_json() -> None:
    sample = Sample((("record", "ab12", frozenset({"f0", "e1"})),), ("x", "y"), 3)
    text = json.dumps(to_plain(sample), sort_keys=True)
    assert from_plain(Sample, json.loads(text)) == sample
    assert '["e1", "f0"]' in text  # sets are sorted: the text is deterministic


def test_fingerprints_no_record_names_are_deleted(built: Built, copy: Path) -> None:
    """A rebuild with other fingerprints (the edition's text changed) keeps
    only those its manifest names."""
    d = built.result.dossier
    public = next(e for e in d.manifest.editions if e.name == "public")
    folder = copy / "public"
    before = set((copy / LEAKS / "public").glob("*.json"))
    outputs = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != EDITION_MANIFEST)
    origin = provenance.Origin.of(d, public)
    provenance.write_manifest(folder, origin, public, d.inputs, outputs, leaks.fingerprints([]), [])
    after = set((copy / LEAKS / "public").glob("*.json"))
    assert len(before) == len(after) == 1 and before != after
    assert not errors(verify(copy))


def test_fingerprints_of_an_older_scan_ask_for_a_rebuild(copy: Path) -> None:
    """Fingerprints kept by a version whose items held 5-word shingles (no
    sentences) cannot be read by this scan: verify says so, no traceback."""
    for edition in ("public", "internal"):
        path = copy / edition / EDITION_MANIFEST
        data = json.loads(path.read_text("utf-8"))
        for record in data["builds"].values():
            kept = prints_path(copy / edition, record["leak_fingerprints_sha256"])
            prints = json.loads(kept.read_text("utf-8"))
            for item in prints["items"]:
                item["shingles"], item["need"] = ["0123456789abcdef"], 1
                del item["sentences"]
            text = json.dumps(prints)
            digest = hashlib.sha256(text.encode()).hexdigest()
            prints_path(copy / edition, digest).write_text(text, "utf-8")
            record["leak_fingerprints_sha256"] = digest
        path.write_text(json.dumps(data), "utf-8")
    found = errors(verify(copy))
    assert found and all("of an older version of dossier" in d.message for d in found)
