"""Read the Security Council's Consolidated List (the published XML:
``CONSOLIDATED_LIST`` with ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``) into a :class:`~dossier.core.sanctions.Snapshot`.

The list has about a thousand records and grows: it is read streaming
(lxml's ``iterparse``), each record cleared once read. A file that is not
that XML (an HTML error page a browser saved, a truncated download) is
refused with its line; a record that cannot be read is named by its DATAID
(or its line), and nothing is kept of a file with any such problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import file_sha256
from dossier.core.sanctions import (
    SNAPSHOT_FILE,
    Listed,
    ListedKind,
    ListedName,
    Snapshot,
    from_json,
)

ROOT = "CONSOLIDATED_LIST"
RECORDS: dict[str, ListedKind] = {"INDIVIDUAL": "individual", "ENTITY": "entity"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
DOWNLOAD = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HTML = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                   re.IGNORECASE | re.DOTALL)  # fmt: skip


def read_list(path: Path) -> Snapshot:
    """The snapshot of the list file ``path``; a :class:`DossierError`
    naming every problem when it is not the list, or a record is unreadable."""
    head = _head(path)
    if not head.strip():
        raise _refused(path, None, "is empty")
    if _HTML.match(head):
        raise _refused(path, 1, "is a web page (HTML), not the Consolidated List's XML")
    problems: list[Diagnostic] = []
    records: list[Listed] = []
    generated = _parse(path, records, problems)
    if problems:
        raise DossierError(problems)
    return Snapshot(
        date_generated=generated, sha256=file_sha256(path), source=path.name, records=tuple(records)
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(4096)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DossierError([Diagnostic(path, None, f"cannot be read: {reason}", None)]) from None


def _refused(path: Path, line: int | None, what: str) -> DossierError:
    hint = f"download the list again as XML ({DOWNLOAD}); nothing was imported"
    return DossierError([Diagnostic(path, line, what, hint)])


def _parse(path: Path, records: list[Listed], problems: list[Diagnostic]) -> str:
    """Stream the file: the root's ``dateGenerated``, and every record into
    ``records`` (or its problem into ``problems``)."""
    events = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    generated: str | None = None
    try:
        for event, el in events:
            name = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if generated is None:
                generated = _root(path, el, name)
            elif event == "end" and name in RECORDS:
                _record(path, el, RECORDS[name], records, problems)
                _forget(el)
    except etree.XMLSyntaxError as exc:
        raise _syntax(path, exc) from None
    if generated is None:
        raise _refused(path, 1, "is empty")
    return generated


def _root(path: Path, el: Any, name: str) -> str:
    if name != ROOT:
        raise _refused(path, el.sourceline, f"starts with <{name}>, not <{ROOT}>")
    generated = (el.get("dateGenerated") or "").strip()
    if not generated:
        raise _refused(path, el.sourceline, f"<{ROOT}> has no dateGenerated")
    return generated


def _syntax(path: Path, exc: etree.XMLSyntaxError) -> DossierError:
    """A file that breaks off on its last line was cut short (a download
    that stopped); anything else is malformed where it says."""
    line = exc.lineno or None
    message = str(exc.msg or exc)
    if line is not None and line >= _line_count(path):
        return _refused(path, line, f"ends before the list does (a truncated download?): {message}")
    return _refused(path, line, f"is not well-formed XML: {message}")


def _line_count(path: Path) -> int:
    with path.open("rb") as f:
        return 1 + sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def _forget(el: Any) -> None:
    """Free what was read: the record, and the records before it."""
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def _text(el: Any, tag: str) -> str:
    found = el.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _texts(el: Any, path: str) -> tuple[str, ...]:
    return tuple(t for t in (" ".join((x.text or "").split()) for x in el.iterfind(path)) if t)


def _record(
    path: Path, el: Any, kind: ListedKind, records: list[Listed], problems: list[Diagnostic]
) -> None:
    dataid = _text(el, "DATAID")
    where = f"record DATAID {dataid}" if dataid else f"<{el.tag}>"
    missing = [tag for tag in ("DATAID", "REFERENCE_NUMBER", "UN_LIST_TYPE") if not _text(el, tag)]
    own = " ".join(p for p in (_text(el, tag) for tag in NAME_PARTS) if p)
    if not own:
        missing.append("FIRST_NAME")
    listed_on = _text(el, "LISTED_ON")
    if missing or not _DATE.match(listed_on):
        what = f"has no {', '.join(missing)}" if missing else f"LISTED_ON '{listed_on}' is no date"
        hint = "the file does not follow the published layout: download it again"
        problems.append(Diagnostic(path, el.sourceline, f"{where} {what}", hint))
        return
    records.append(
        Listed(
            dataid=dataid,
            kind=kind,
            reference=_text(el, "REFERENCE_NUMBER"),
            list_type=_text(el, "UN_LIST_TYPE"),
            listed_on=listed_on[:10],
            names=_names(el, own),
            nationalities=_texts(el, "NATIONALITY/VALUE"),
            births=tuple(b for b in map(_birth, el.iterfind("INDIVIDUAL_DATE_OF_BIRTH")) if b),
            places_of_birth=_joined(el, "INDIVIDUAL_PLACE_OF_BIRTH", _PLACE),
            documents=tuple(d for d in map(_document, el.iterfind("INDIVIDUAL_DOCUMENT")) if d),
            addresses=_joined(el, "INDIVIDUAL_ADDRESS", _PLACE)
            + _joined(el, "ENTITY_ADDRESS", _PLACE),
            comments=_text(el, "COMMENTS1"),
        )
    )


_PLACE = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")


def _names(el: Any, own: str) -> tuple[ListedName, ...]:
    names = [ListedName(own)]
    original = _text(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(ListedName(original, original_script=True))
    for alias in [*el.iterfind("INDIVIDUAL_ALIAS"), *el.iterfind("ENTITY_ALIAS")]:
        name = _text(alias, "ALIAS_NAME")
        if name:  # a self-closing alias, or one with an empty ALIAS_NAME, names nothing
            names.append(ListedName(name, _text(alias, "QUALITY")))
    return tuple(names)


def _birth(el: Any) -> str:
    date, year = _text(el, "DATE"), _text(el, "YEAR")
    start, end = _text(el, "FROM_YEAR"), _text(el, "TO_YEAR")
    return date[:10] or year or (f"{start}-{end}" if start and end else start or end)


def _document(el: Any) -> str:
    kind, number, country = (
        _text(el, t) for t in ("TYPE_OF_DOCUMENT", "NUMBER", "ISSUING_COUNTRY")
    )
    if not number:
        return ""
    return f"{kind} {number}".strip() + (f" ({country})" if country else "")


def _joined(el: Any, tag: str, parts: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for item in el.iterfind(tag):
        text = ", ".join(p for p in (_text(item, part) for part in parts) if p)
        if text:
            out.append(text)
    return tuple(out)


def read_snapshot(folder: Path) -> Snapshot | None:
    """The snapshot kept in ``folder``, None when none was imported; a
    :class:`DossierError` when the file is there but is not one."""
    path = folder / SNAPSHOT_FILE
    if not path.is_file():
        return None
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        hint = "import the list again: dossier sanctions import consolidated.xml"
        raise DossierError(
            [Diagnostic(path, None, f"is not a snapshot of the list ({exc})", hint)]
        ) from None
