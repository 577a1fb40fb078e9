"""The package stands alone: `pip install .` into a fresh environment, then
`dossier new` and `dossier build`, without the Makefile or the checkout
(the templates, catalogues and schemas are in the wheel); the declared
dependencies are exactly the distributions the code imports."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, missing


def imported_distributions() -> set[str]:
    """The distributions whose modules src/dossier imports (normalised)."""
    names: set[str] = set()
    for path in (ROOT / "src" / "dossier").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    outside = {n for n in names if n not in sys.stdlib_module_names and n != "dossier"}
    owners = importlib.metadata.packages_distributions()
    missing = sorted(n for n in outside if n not in owners)
    assert not missing, f"imported but installed by no distribution: {missing}"
    return {normalise(d) for n in outside for d in owners[n]}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {normalise(re.split(r"[<>=!~ \[;]", d, maxsplit=1)[0]) for d in project["dependencies"]}


def test_the_declared_dependencies_are_those_imported() -> None:
    assert declared() == imported_distributions()


def _can_build_offline() -> bool:
    """A wheel is built without the network by this environment's setuptools
    (70.1 and later have bdist_wheel) or with the `wheel` package."""
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _copy_checkout(into: Path) -> Path:
    """The committed files of the repository, links kept as links."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_symlink() or source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    return into


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_pip_install_then_new_and_build(tmp_path: Path) -> None:
    if not _can_build_offline():
        missing("setuptools>=70.1 is missing: install the dev extra to build the wheel offline")
    checkout = _copy_checkout(tmp_path / "checkout")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    # The dependencies (and pip, setuptools) from this environment, not the network.
    site = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    (site / "dev-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    kept = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    kept = [p for p in kept if not Path(p).resolve().is_relative_to(ROOT)]
    build_env = {**env, "PYTHONPATH": os.pathsep.join(kept)} if kept else env
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index"]
    _run([*pip, str(checkout)], tmp_path, build_env)
    shutil.rmtree(checkout)  # nothing of the checkout is needed from now on
    work = tmp_path / "work"
    work.mkdir()
    where = _run([python, "-c", "import dossier; print(dossier.__file__)"], work, env)
    assert Path(where.strip()).is_relative_to(venv)
    dossier = str(venv / "bin" / "dossier")
    _run([dossier, "new", "x", "--kind", "sc-letter", "--languages", "en,fr"], work, env)
    _run([dossier, "build", "dossiers/x", "--out", "out"], work, env)
    public = work / "out" / "x" / "public"
    assert {p.name for p in public.glob("x.*")} == {
        f"x.{lang}.{fmt}" for lang in ("en", "fr") for fmt in ("docx", "pdf", "html")
    }
    french = (public / "x.fr.html").read_text(encoding="utf-8")
    assert "adressée au Président du Conseil de sécurité" in french  # the catalogue
    schema = site / "dossier" / "schemas" / "evidence.schema.json"
    assert schema.is_file()
