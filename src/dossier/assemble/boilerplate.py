"""The fixed texts of a UN document (masthead, title line, closing request,
signature, annex title), localised, for each document kind. The msgids are extracted by Babel into
``templates/locale/dossier.pot``; translators comments start with
``Translators:``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from dossier.assemble.ordinals import ordinal
from dossier.core import tree
from dossier.core.localise import N_, Locale
from dossier.core.model import Edition, Manifest, local

UNITED_NATIONS = N_("United Nations", comment="Masthead, top left.")
DISTRIBUTION = N_(
    "Distr.: General",
    comment="Masthead. Arabic, Chinese, Russian (and Urdu) keep it in English: leave empty.",
)
SIGNED = N_("(Signed)", comment="Before the signer's name: '(Signed) Mira Castellan'.")
ORGANS = {
    "security-council": N_("Security Council"),
    "general-assembly": N_("General Assembly"),
}
ADDRESSEES = {
    "president-of-the-security-council": N_("President of the Security Council"),
    "secretary-general": N_("Secretary-General"),
    "president-of-the-general-assembly": N_("President of the General Assembly"),
}
_SENDER = (
    "{date}: the date in this language's UN form. {title}: the sender's function as "
    "dossier.yaml gives it for this language (sender.title_of, else sender.title). "
    "{state}: the State as dossier.yaml gives it for this language (sender.state), in the "
    "form this pattern needs: English 'the Republic of Aldoria', French \"de la République "
    "d'Aldorie\", Russian genitive. {addressee}: the addressee message of this catalogue. "
    "Context 'female': the variant for a woman signer."
)
TITLE_LINE = N_(
    "Letter dated {date} from the {title} of {state} to the United Nations "
    "addressed to the {addressee}",
    contexts=("female",),
    comment=_SENDER,
)
ANNEX_TITLE = N_(
    "Annex to the letter dated {date} from the {title} of {state} to the United Nations "
    "addressed to the {addressee}",
    contexts=("female",),
    comment=_SENDER,
)
# ---- joint letters: several signatories (signatories:) ------------------------

_JOINT = (
    "A joint letter, signed by the Permanent Representatives of several States. {date}: "
    "the date in this language's UN form. {states}: the States as dossier.yaml gives them "
    "for this language (signatories[].state, in the form the one-signer title line "
    "needs), joined by the message '{first} and {last}'. {addressee}: the addressee "
    "message of this catalogue."
)
JOINT_TITLE_LINE = N_(
    "Letter dated {date} from the Permanent Representatives of {states} to the United "
    "Nations addressed to the {addressee}",
    comment=_JOINT,
)
JOINT_ANNEX_TITLE = N_(
    "Annex to the letter dated {date} from the Permanent Representatives of {states} to "
    "the United Nations addressed to the {addressee}",
    comment=_JOINT,
)
AND = N_(
    "{first} and {last}",
    comment="Joins the last two States of a joint letter's title line ('the Republic of "
    "Aldoria and the Kingdom of Veskaria'); those before are joined by ', '.",
)
SIGNER_OF = N_(
    "{title} of {state}",
    comment="Under each signatory's name in a joint letter: the function (sender.title) and "
    'the State (signatories[].state, in the form of the title line: French "de la '
    "République d'Aldorie\", Russian genitive).",
)
JOINT_CLOSINGS = {
    True: N_(
        "We should be grateful if you would have the present letter and its annex "
        "circulated as a document of the Security Council.",
        comment="The closing request of a joint letter: the signatories speak together.",
    ),
    False: N_(
        "We should be grateful if you would have the present letter circulated as a "
        "document of the Security Council.",
        comment="The closing request of a joint letter: the signatories speak together.",
    ),
}
_CLOSING = "The closing request of the letter. Context 'female': a woman signs."
# (organ, with an annex?) -> the closing request.
CLOSINGS = {
    ("security-council", True): N_(
        "I should be grateful if you would have the present letter and its annex circulated "
        "as a document of the Security Council.",
        contexts=("female",),
        comment=_CLOSING,
    ),
    ("security-council", False): N_(
        "I should be grateful if you would have the present letter circulated as a document "
        "of the Security Council.",
        contexts=("female",),
        comment=_CLOSING,
    ),
    ("general-assembly", True): N_(
        "I should be grateful if you would have the present letter and its annex circulated "
        "as a document of the General Assembly.",
        contexts=("female",),
        comment=_CLOSING,
    ),
    ("general-assembly", False): N_(
        "I should be grateful if you would have the present letter circulated as a document "
        "of the General Assembly.",
        contexts=("female",),
        comment=_CLOSING,
    ),
}
DRAFT = N_(
    "DRAFT",
    comment="In the header of every page of a draft (status: draft), before the "
    "edition's own marking when it has one: 'DRAFT · CONFIDENTIAL'. Capitals where the "
    "script has them.",
)
UNTRANSLATED = N_(
    "Untranslated: the {language} original of this section follows.",
    comment="Printed in bold before source text that stands in for a missing translation.",
)


# ---- General Assembly documents (ga-letter, identical-letters) ----------------

_ORDINAL = (
    "{ordinal}: the number in this language's UN form: English 'eighty-first', French "
    "'quatre-vingt-unième', Spanish '81er', Russian 'восемьдесят первая' (a session) or "
    "'восемьдесят первый' (a year), Chinese '八十一', Arabic 'الحادية والثمانون', Urdu "
    "'81واں'. The line's first letter is capitalised."
)
SESSION = N_(
    "{ordinal} session",
    comment="Under the masthead of a General Assembly document: 'Eighty-first session'. "
    + _ORDINAL,
)
SC_YEAR = N_(
    "{ordinal} year",
    comment="Under the masthead of identical letters, below 'Security Council': the "
    "Council's year, 'Eighty-first year' (2026). " + _ORDINAL,
)
AGENDA_ITEM = N_(
    "Agenda item {number}",
    comment="Under the session line: 'Agenda item 109'; the item's title follows in bold.",
)
_ITEM_CLOSING = _CLOSING + " {item}: the agenda item's number, '109'."
GA_CLOSINGS = {
    True: N_(
        "I should be grateful if you would have the present letter and its annex circulated "
        "as a document of the General Assembly, under agenda item {item}.",
        contexts=("female",),
        comment=_ITEM_CLOSING,
    ),
    False: N_(
        "I should be grateful if you would have the present letter circulated as a document "
        "of the General Assembly, under agenda item {item}.",
        contexts=("female",),
        comment=_ITEM_CLOSING,
    ),
}
IDENTICAL_TITLE = N_(
    "Identical letters dated {date} from the {title} of {state} to the United Nations "
    "addressed to the Secretary-General and the President of the Security Council",
    contexts=("female",),
    comment=_SENDER,
)
IDENTICAL_ANNEX_TITLE = N_(
    "Annex to the identical letters dated {date} from the {title} of {state} to the United "
    "Nations addressed to the Secretary-General and the President of the Security Council",
    contexts=("female",),
    comment=_SENDER,
)
IDENTICAL_CLOSINGS = {
    True: N_(
        "I should be grateful if you would have the present letter and its annex circulated "
        "as a document of the General Assembly, under agenda item {item}, and of the "
        "Security Council.",
        contexts=("female",),
        comment=_ITEM_CLOSING,
    ),
    False: N_(
        "I should be grateful if you would have the present letter circulated as a document "
        "of the General Assembly, under agenda item {item}, and of the Security Council.",
        contexts=("female",),
        comment=_ITEM_CLOSING,
    ),
}

# ---- notes verbales and position papers ---------------------------------------

_MISSION = (
    "{state}: the State as dossier.yaml gives it for this language (sender.state), in the "
    "form the title line needs: English 'the Republic of Aldoria', French \"de la "
    "République d'Aldorie\", Russian genitive."
)
NV_TITLE = N_(
    "Note verbale dated {date} from the Permanent Mission of {state} to the United Nations "
    "addressed to the Secretary-General",
    comment="{date}: the date in this language's UN form. " + _MISSION,
)
NV_ANNEX_TITLE = N_(
    "Annex to the note verbale dated {date} from the Permanent Mission of {state} to the "
    "United Nations addressed to the Secretary-General",
    comment="{date}: the date in this language's UN form. " + _MISSION,
)
NV_OPENING = N_(
    "The Permanent Mission of {state} to the United Nations presents its compliments to the "
    "Secretary-General of the United Nations and has the honour to",
    comment="Opens the first paragraph of a note verbale; the drafter's text follows it "
    "('transmit herewith ...'): end where that text starts. " + _MISSION,
)
NV_CLOSING = N_(
    "The Permanent Mission of {state} to the United Nations avails itself of this "
    "opportunity to renew to the Secretary-General the assurances of its highest "
    "consideration.",
    comment="The courtesy closing of a note verbale. " + _MISSION,
)
PLACE_DATE = N_(
    "{place}, {date}",
    comment="Where and when a note verbale (at its end) or a position paper (under its "
    "title) is dated: 'New York, 27 November 2026'. {place}: the place message or "
    "dossier.yaml's place; {date}: the date in this language's UN form.",
)
NEW_YORK = N_("New York", comment="The place of a note verbale or position paper by default.")
GOVERNMENT = N_(
    "Government of {state}",
    comment="Issuer of a position paper, at the top of its first page, when dossier.yaml "
    "names none. " + _MISSION,
)
ANNEX = N_("Annex", comment="The title of a position paper's annex.")

# Strings only some kinds fill: every kind has them, empty where unused.
EXTRAS: tuple[str, ...] = (
    "organ_2",
    "session",
    "agenda_item",
    "agenda_title",
    "sc_year",
    "opening",
)
EXTRAS += ("place_date", "issuer", "dateline")
UNSIGNED = {"signed": "", "signed_gap": "", "signer_name": "", "signer_title": ""}


def page_marking(m: Manifest, edition: Edition | None, loc: Locale) -> str:
    """What the header of every page says: the edition's marking, after
    'DRAFT' while the document is a draft."""
    own = edition.marking_text if edition else None
    marking = local(own, loc.lang, m.source_language) if own else ""
    if m.status != "draft":
        return marking
    draft = loc._(DRAFT)
    return f"{draft} · {marking}" if marking else draft


def title_in_line(m: Manifest, lang: str) -> str:
    """The sender's function as the title line needs it in ``lang``."""
    special = m.signer.title_of
    if isinstance(special, str) or (isinstance(special, dict) and lang in special):
        return local(special, lang, m.source_language)
    return local(m.signer.title, lang, m.source_language)


def boilerplate(m: Manifest, loc: Locale) -> dict[str, str]:
    lang, src = loc.lang, m.source_language
    organ = loc._(ORGANS[m.organ])
    parts = {
        "date": loc.date(m.date),
        "title": title_in_line(m, lang),
        "state": local(m.signer.state, lang, src),
        "addressee": loc._(ADDRESSEES[m.addressees[0]]),
    }
    strings = {
        "united_nations": loc._(UNITED_NATIONS),
        "organ": organ,
        "symbol": m.symbol or "",
        "distribution": loc.masthead(DISTRIBUTION),
        "date": loc.masthead_date(m.issued_date or m.date),
        "version": loc.version_name() if lang != src else "",
        "original": loc.original(src),
        "title_line": loc._(TITLE_LINE, **parts),
        "closing": loc._(CLOSINGS[(m.organ, bool(m.annex))]),
        "signed": loc._(SIGNED),
        # Between "(Signed)" and the name: none after Chinese full-width brackets.
        "signed_gap": "" if lang == "zh" else " ",
        "signer_name": local(m.signer.name, lang, src),
        "signer_title": local(m.signer.title, lang, src),
        "annex_title": loc._(ANNEX_TITLE, **parts) if m.annex else "",
        "notice": local(m.notice, lang, src) if m.notice else "",
        "job_suffix": loc.job_suffix(),
        "untranslated": loc._(UNTRANSLATED, language=loc.language_name(src)),
    }
    return strings | joint_strings(m, loc, parts) | kind_strings(m, loc, parts)


def joint_strings(m: Manifest, loc: Locale, parts: dict[str, str]) -> dict[str, str]:
    """What a joint letter (``signatories:``) replaces: the title lines in
    the plural, the closing request in the first person plural."""
    if not m.signatories:
        return {}
    lang, src = loc.lang, m.source_language
    states = [local(s.state, lang, src) for s in m.signatories]
    joined = loc._(AND, first=", ".join(states[:-1]), last=states[-1])
    plural = {**parts, "states": joined}
    out = {
        "title_line": loc._(JOINT_TITLE_LINE, **plural),
        "annex_title": loc._(JOINT_ANNEX_TITLE, **plural) if m.annex else "",
    }
    if m.organ == "security-council":  # the plural request exists for the Council only
        out["closing"] = loc._(JOINT_CLOSINGS[bool(m.annex)])
    return out


def signers(m: Manifest, loc: Locale) -> list[dict[str, str]]:
    """Each signature block of a joint letter, in the order written (the
    check holds it to the States' English alphabetical order): the name,
    and the function of the State ('Permanent Representative of ...'). None
    for one signatory: the strings 'signer_name' and 'signer_title' hold it."""
    lang, src = loc.lang, m.source_language
    return [
        {
            "name": local(s.name, lang, src),
            "function": loc._(
                SIGNER_OF, title=local(s.title, lang, src), state=local(s.state, lang, src)
            ),
        }
        for s in m.signatories or []
    ]


def kind_strings(m: Manifest, loc: Locale, parts: dict[str, str]) -> dict[str, str]:
    """What a document kind adds to the strings of a letter, or replaces in them."""
    lang, src, annex = loc.lang, m.source_language, bool(m.annex)
    out = dict.fromkeys(EXTRAS, "") | session_lines(m, loc)
    item = str(m.agenda_item.number) if m.agenda_item else ""
    place = local(m.place, lang, src) if m.place else loc._(NEW_YORK)
    dated = loc._(PLACE_DATE, place=place, date=parts["date"])
    if m.kind == "ga-letter":
        out["closing"] = loc._(GA_CLOSINGS[annex], item=item)
    elif m.kind == "identical-letters":
        year = ordinal(m.date.year - 1945, lang, feminine=False)
        out |= {
            "organ": loc._(ORGANS["general-assembly"]),
            "organ_2": loc._(ORGANS["security-council"]),
            "sc_year": capitalised(loc._(SC_YEAR, ordinal=year)),
            "title_line": loc._(IDENTICAL_TITLE, **parts),
            "annex_title": loc._(IDENTICAL_ANNEX_TITLE, **parts) if annex else "",
            "closing": loc._(IDENTICAL_CLOSINGS[annex], item=item),
        }
    elif m.kind == "note-verbale":
        out |= UNSIGNED | {
            "title_line": loc._(NV_TITLE, **parts),
            "annex_title": loc._(NV_ANNEX_TITLE, **parts) if annex else "",
            "opening": loc._(NV_OPENING, **parts),
            "closing": loc._(NV_CLOSING, **parts),
            "place_date": dated,
        }
    elif m.kind in {"position-paper", "listing-request"}:
        issuer = local(m.issuer, lang, src) if m.issuer else loc._(GOVERNMENT, **parts)
        out |= UNSIGNED | {
            "title_line": local(m.title or "", lang, src),
            "annex_title": loc._(ANNEX) if annex else "",
            "closing": "",
            "issuer": issuer,
            "dateline": dated,
        }
    return out


def session_lines(m: Manifest, loc: Locale) -> dict[str, str]:
    """The General Assembly session and agenda item lines under the masthead."""
    if m.session is None:
        return {}
    out = {"session": capitalised(loc._(SESSION, ordinal=ordinal(m.session, loc.lang)))}
    if m.agenda_item:
        out["agenda_item"] = loc._(AGENDA_ITEM, number=str(m.agenda_item.number))
        out["agenda_title"] = local(m.agenda_item.title, loc.lang, m.source_language)
    return out


def open_body(body: list[Any], opening: str) -> list[Any]:
    """A note verbale's opening ('... and has the honour to') run into the first
    paragraph the drafter wrote ('transmit herewith ...'); its own paragraph when
    the body does not start with one.

    >>> open_body([tree.para(tree.text("transmit"))], "has the honour to")[0]["c"][-1]
    {'t': 'Str', 'c': 'transmit'}
    """
    if not opening:
        return body
    lead = tree.text(opening)
    # Comments (raw HTML blocks) before the first paragraph do not count.
    first = next((i for i, b in enumerate(body) if b.get("t") != "RawBlock"), len(body))
    if first < len(body) and body[first].get("t") == "Para":
        # no space after Chinese ('并谨转递'): a full-width end
        wide = unicodedata.east_asian_width(opening[-1]) in {"W", "F"}
        gap = [] if wide else [{"t": "Space"}]
        joined = tree.para([*lead, *gap, *body[first]["c"]])
        return [*body[:first], joined, *body[first + 1 :]]
    return [tree.para(lead), *body]


def capitalised(line: str) -> str:
    return line[:1].upper() + line[1:]
