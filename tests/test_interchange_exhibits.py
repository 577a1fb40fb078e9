"""`dossier exhibit add` as the guide shows it: run from another folder with
a relative `--dossier` and a relative file, it registers the exhibit with
values the project's JSON Schema accepts; a refusal copies nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT
from dossier.load.sections import split_front_matter
from dossier.tools import schemas
from test_interchange import NATIVE, SOURCES
from test_schemas import problems

# RFC 3339, which JSON Schema's "date-time" and "date" formats name.
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2: no timestamp
    type), so a date is checked as the text the file holds."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "dossier", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def front_as_editor_sees_it(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    split_front_matter(text, path)  # the loader reads it too
    data = yaml.load(text.split("---\n")[1], Loader=EditorLoader)  # a SafeLoader
    assert isinstance(data, dict)
    return data


def test_exhibit_add_with_relative_paths_from_another_folder(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(files={"evidence/T-001.md": NATIVE, "sources.yaml": SOURCES})
    work = tmp_path / "desk"
    work.mkdir()
    (work / "photo.txt").write_text("a statement", encoding="utf-8")
    dossier_arg = os.path.relpath(folder, work)
    added = run(
        work, "exhibit", "add", "photo.txt", "--to", "T-001", "--by", "Analyst",
        "--origin", "archive", "--captured", "2026-08-10", "--dossier", dossier_arg,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert (folder / "exhibits" / "photo.txt").read_text(encoding="utf-8") == "a statement"
    front = front_as_editor_sees_it(folder / "evidence" / "T-001.md")
    root = schemas.schema(schemas.MODELS[schemas.EVIDENCE_SCHEMA])
    assert problems(front, root, root) == []
    (exhibit,) = front["exhibits"]
    assert exhibit["file"] == "exhibits/photo.txt"
    assert exhibit["captured"] == "2026-08-10"  # a day stays a day
    assert DATE_TIME.match(exhibit["custody"][0]["date"]), exhibit["custody"][0]["date"]
    checked = run(folder.parent, "check", folder.name)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_time_is_written_as_the_schema_reads_it(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(files={"evidence/T-001.md": NATIVE, "sources.yaml": SOURCES})
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    added = run(
        tmp_path, "exhibit", "add", "a.txt", "--to", "T-001", "--by", "x", "--origin", "y",
        "--captured", "2026-08-10T07:30:00+02:00", "--dossier", "dossiers/sample",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    (exhibit,) = front_as_editor_sees_it(folder / "evidence" / "T-001.md")["exhibits"]
    assert exhibit["captured"] == "2026-08-10T07:30:00+02:00"
    assert DATE_TIME.match(exhibit["custody"][0]["date"])


def test_a_refusal_copies_nothing_and_a_retry_works(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    broken = NATIVE.replace("sources: [police-report]", "exhibits: [{file: x}]")
    folder = make_dossier(files={"evidence/T-001.md": broken, "sources.yaml": SOURCES})
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    args = ("exhibit", "add", "a.txt", "--to", "T-001", "--by", "x", "--origin", "y")
    refused = run(tmp_path, *args, "--dossier", "dossiers/sample")
    assert refused.returncode == 2
    assert "write 'exhibits:' as a list of '- file: ...' items" in refused.stdout + refused.stderr
    assert "internal error" not in refused.stdout + refused.stderr
    assert not (folder / "exhibits").exists()
    (folder / "evidence" / "T-001.md").write_text(NATIVE, encoding="utf-8")
    again = run(tmp_path, *args, "--dossier", "dossiers/sample")
    assert again.returncode == 0, again.stdout + again.stderr
    assert (folder / "exhibits" / "a.txt").is_file()


def test_a_bad_captured_value_is_a_clean_refusal(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(files={"evidence/T-001.md": NATIVE, "sources.yaml": SOURCES})
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    refused = run(
        tmp_path, "exhibit", "add", "a.txt", "--to", "T-001", "--by", "x", "--origin", "y",
        "--captured", "10 August", "--dossier", str(folder),
    )  # fmt: skip
    assert refused.returncode == 2
    assert "'10 August' is not a date (2026-08-10) or a time (2026-08-10T07:30)" in refused.stderr
    assert not (folder / "exhibits").exists()


def test_a_copy_left_by_an_earlier_attempt_is_used_once(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(files={"evidence/T-001.md": NATIVE, "sources.yaml": SOURCES})
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (folder / "exhibits").mkdir()
    (folder / "exhibits" / "a.txt").write_text("a", encoding="utf-8")  # the old crash's copy
    args = ("exhibit", "add", "a.txt", "--to", "T-001", "--by", "x", "--origin", "y")
    added = run(tmp_path, *args, "--dossier", "dossiers/sample")
    assert added.returncode == 0, added.stdout + added.stderr
    again = run(tmp_path, *args, "--dossier", "dossiers/sample")
    assert again.returncode == 2
    assert "exhibits/a.txt is an exhibit of this record already" in again.stderr
    (folder / "exhibits" / "b.txt").write_text("other", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    clash = run(tmp_path, *args[:2], "b.txt", *args[3:], "--dossier", "dossiers/sample")
    assert "an exhibit of that name exists already" in clash.stderr
