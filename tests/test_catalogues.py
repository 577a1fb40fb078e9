"""The boilerplate catalogues: the template matches the code, and every
language translates what its UN version translates."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import dossier.assemble.annex  # noqa: F401 - registers its messages
from conftest import ROOT
from dossier.core.localise import ENGLISH_MASTHEAD, MESSAGES, po_path

_spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts/catalogues.py")
assert _spec and _spec.loader
catalogues = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogues)

LANGS = ["fr", "es", "ru", "zh", "ar", "ur"]
# Kept in English by the versions whose masthead block is in English.
ENGLISH_IN = {"Distr.: General", "Original: {language}"}


def read(path: Path, lang: str | None = None):  # type: ignore[no-untyped-def]
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def test_template_is_up_to_date() -> None:
    committed = read(catalogues.POT)
    want = {(m.msgid, m.context) for m in MESSAGES}
    have = {(m.id, m.context) for m in committed if m.id}
    assert have == want, "run `make catalogues` and translate the new messages"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_translated(lang: str) -> None:
    catalog = read(po_path(lang), lang)
    for message in catalog:
        if not message.id or message.context in {"female", "version"}:
            continue
        if lang in ENGLISH_MASTHEAD and message.id in ENGLISH_IN:
            assert not message.string, f"{lang} keeps {message.id!r} in English"
            continue
        assert message.string, f"{lang}: {message.id!r} is not translated"
        assert not message.fuzzy
        for placeholder in ("{date}", "{title}", "{state}", "{addressee}", "{language}"):
            if placeholder in message.id:
                assert placeholder in message.string, (lang, message.id, placeholder)


def test_check_command_passes() -> None:
    assert catalogues.check() == 0
