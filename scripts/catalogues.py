"""The gettext catalogues of the boilerplate strings, handled with Babel.

    python scripts/catalogues.py extract   write templates/locale/dossier.pot
    python scripts/catalogues.py update    merge the .pot into every <lang>/LC_MESSAGES/dossier.po
    python scripts/catalogues.py compile   write the .mo beside every .po
    python scripts/catalogues.py check     fail if a .po misses a message or has a fuzzy one

The messages are those the code registers with ``N_`` (dossier.core.localise.MESSAGES),
with their contexts (``female``, ``version``) and translator comments.
"""

from __future__ import annotations

import datetime
import importlib
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from dossier import __version__
from dossier.core.localise import DOMAIN, LANGUAGE_NAMES_EN, MESSAGES, catalogue_dir, po_path

# The modules that register their messages with N_, in the catalogues' order.
for _module in ("dossier.assemble.boilerplate", "dossier.assemble.annex_context"):
    importlib.import_module(_module)

FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
POT = catalogue_dir() / f"{DOMAIN}.pot"
HEADER = "Boilerplate of the UN documents built by dossier"


def template() -> Catalog:
    catalog = Catalog(
        project="dossier",
        version=__version__,
        header_comment=f"# {HEADER}.",
        fuzzy=False,
        creation_date=FIXED_DATE,
    )
    for message in MESSAGES:
        flags = ("python-brace-format",) if "{" in message.msgid else ()
        catalog.add(
            message.msgid,
            context=message.context,
            auto_comments=[message.comment] if message.comment else [],
            flags=flags,
        )
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=88, omit_header=False, no_location=True, sort_output=False)


def extract() -> None:
    _write(template(), POT)
    print(POT)


def languages() -> list[str]:
    return [lang for lang in LANGUAGE_NAMES_EN if lang != "en" and po_path(lang).is_file()]


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def update() -> None:
    pot = template()
    for lang in languages():
        catalog = _read(po_path(lang), lang)
        catalog.update(pot, no_fuzzy_matching=True)
        _write(catalog, po_path(lang))
        print(po_path(lang))


def compile_all() -> None:
    for lang in languages():
        catalog = _read(po_path(lang), lang)
        mo = po_path(lang).with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog)
        print(mo)


def check() -> int:
    wanted = {(m.msgid, m.context) for m in MESSAGES}
    problems = 0
    for lang in languages():
        catalog = _read(po_path(lang), lang)
        have = {(m.id, m.context) for m in catalog if m.id}
        for msgid, context in sorted(wanted - have, key=str):
            print(f"{po_path(lang)}: missing {context or ''} {msgid!r}")
            problems += 1
        for m in catalog:
            if m.id and m.fuzzy:
                print(f"{po_path(lang)}: fuzzy {m.id!r}")
                problems += 1
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "update": update, "compile": compile_all}
    if len(argv) != 1 or argv[0] not in {*commands, "check"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "check":
        return check()
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
