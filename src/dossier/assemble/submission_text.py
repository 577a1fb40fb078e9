"""The fixed texts of what a mission signs and sends (the submission
package): salutation, complimentary close, the addressee block, the
circulation request of a note verbale; localised, and
the letterhead's lines from ``mission:``.

The msgids are extracted into ``templates/locale/dossier.pot`` with the
others (:mod:`dossier.assemble.boilerplate`).
"""

from __future__ import annotations

import unicodedata

from dossier.assemble.boilerplate import ADDRESSEES, NEW_YORK, PLACE_DATE, UNITED_NATIONS
from dossier.core.localise import N_, RTL, Locale
from dossier.core.mission import Mission
from dossier.core.model import Manifest, local

SALUTATION = N_(
    "Excellency,",
    comment="Opens a letter to the President of the Security Council or the "
    "Secretary-General, on a line of its own, in the usage of the UN's letters in "
    "this language (Spanish 'Excelencia:', Russian 'Ваше Превосходительство!').",
)
COURTESY = N_(
    "Please accept, Excellency, the assurances of my highest consideration.",
    comment="The complimentary close of a signed letter, after the circulation request "
    "and before the signature.",
)
JOINT_COURTESY = N_(
    "Please accept, Excellency, the assurances of our highest consideration.",
    comment="The complimentary close of a joint letter (several signatories), after the "
    "circulation request and before the signatures.",
)
HONOURS = {
    "male": N_(
        "His Excellency {name}",
        comment="First line of the addressee block at the foot of a letter: the "
        "addressee's title of courtesy and name. {name}: the name, possibly empty "
        "(the line then holds the title alone).",
    ),
    "female": N_(
        "Her Excellency {name}",
        comment="As 'His Excellency {name}', for a woman addressee.",
    ),
}
# The addressee's office as the address block gives it: a form of its own
# where the title line's form is inflected (Russian dative, not genitive).
ADDRESS = "address"
for _office in ADDRESSEES.values():
    N_(
        _office,
        contexts=(ADDRESS,),
        comment="With context 'address': the office in the addressee block at the foot "
        "of a letter or note ('President of the Security Council / United Nations / New "
        "York'), Russian dative 'Председателю Совета Безопасности'.",
    )
_NV_CIRCULATE = (
    "The circulation request of a note verbale, in the third person. {state}: the "
    "State as dossier.yaml gives it for this language (sender.state), as the note's "
    "opening has it."
)
# (organ, with an annex?) -> the circulation request of a note verbale.
NV_CIRCULATE = {
    ("security-council", True): N_(
        "The Permanent Mission of {state} would be grateful if the present note and its "
        "annex could be circulated as a document of the Security Council.",
        comment=_NV_CIRCULATE,
    ),
    ("security-council", False): N_(
        "The Permanent Mission of {state} would be grateful if the present note could be "
        "circulated as a document of the Security Council.",
        comment=_NV_CIRCULATE,
    ),
    ("general-assembly", True): N_(
        "The Permanent Mission of {state} would be grateful if the present note and its "
        "annex could be circulated as a document of the General Assembly.",
        comment=_NV_CIRCULATE,
    ),
    ("general-assembly", False): N_(
        "The Permanent Mission of {state} would be grateful if the present note could be "
        "circulated as a document of the General Assembly.",
        comment=_NV_CIRCULATE,
    ),
}
COURTESY_TRANSLATION = N_(
    "Courtesy translation",
    comment="At the top of every page of the signed letter in a language other than the "
    "one submitted: the mission's own translation, not the text the Secretariat takes in.",
)
# Between the parts of the letterhead's contact line.
SEPARATOR = " · "
LRM = "\u200e"


def letterhead(mission: Mission | None, lang: str, src: str) -> dict[str, str]:
    """The letterhead's name and its line of address and contacts."""
    if mission is None:
        return {"mission_name": "", "mission_contact": ""}
    lines = mission.address
    by_lang: dict[str, list[str]] = (
        {} if isinstance(lines, list) else {str(k): v for k, v in lines.items()}
    )
    address = lines if isinstance(lines, list) else by_lang.get(lang) or by_lang.get(src) or []
    contact = [*address, *(x for x in (mission.telephone, mission.email) if x)]
    return {
        "mission_name": local(mission.name, lang, src),
        "mission_contact": latin_in(SEPARATOR.join(contact), lang),
    }


def latin_in(value: str, lang: str) -> str:
    """``value`` between left-to-right marks when it is Latin text in a
    right-to-left document: '1 Example Plaza' keeps its number in front.

    >>> latin_in("1 Example Plaza", "ar") == "\u200e1 Example Plaza\u200e"
    True
    >>> latin_in("1 Example Plaza", "en")
    '1 Example Plaza'
    """
    rtl = any(unicodedata.bidirectional(c) in {"R", "AL"} for c in value)
    return f"{LRM}{value}{LRM}" if value and lang in RTL and not rtl else value


def addressee_block(m: Manifest, loc: Locale) -> dict[str, str]:
    """The addressee at the foot of the letter: 'His Excellency [name]' (when
    the addressee's gender is known), the office, 'United Nations', 'New York'.
    Several addressees: each office on its line, in the order written (the
    check holds it to the Editorial Manual's), and no name (``recipient:``
    is one person)."""
    offices = [loc.translations.pgettext(ADDRESS, ADDRESSEES[a]) for a in m.addressees]
    recipient, honour = m.recipient, ""
    if recipient is not None and recipient.gender is not None and len(offices) == 1:
        name = local(recipient.name, loc.lang, m.source_language) if recipient.name else ""
        honour = loc._(HONOURS[recipient.gender], name=name).strip()
    more = {f"addressee_office_{i}": "" for i in range(2, len(ADDRESSEES) + 1)}
    more |= {f"addressee_office_{i}": o for i, o in enumerate(offices[1:], start=2)}
    return {
        "addressee_honour": honour,
        "addressee_office": offices[0],
        **more,
        "addressee_org": loc._(UNITED_NATIONS),
        "addressee_city": loc._(NEW_YORK),
    }


def submission_strings(m: Manifest, loc: Locale, strings: dict[str, str]) -> dict[str, str]:
    """The strings of the signed letter or note verbale, from those of the
    document as issued (``strings``: closing request, signer, annex title)."""
    lang, src = loc.lang, m.source_language
    place = local(m.place, lang, src) if m.place else loc._(NEW_YORK)
    out = {
        **strings,
        "symbol": "",
        "place_date": loc._(PLACE_DATE, place=place, date=loc.date(m.date)),
        "reference": m.reference or "",
        **letterhead(m.mission, lang, src),
        **addressee_block(m, loc),
    }
    if m.kind == "note-verbale":
        state = local(m.signer.state, lang, src)
        request = loc._(NV_CIRCULATE[(m.organ, bool(m.annex))], state=state)
        return out | {
            "salutation": "",
            "courtesy": strings["closing"],
            "closing": request if m.circulate else "",
            "signer_name": "",
            "signer_title": "",
        }
    return out | {
        "salutation": loc._(SALUTATION),
        "courtesy": loc._(JOINT_COURTESY if m.signatories else COURTESY),
        "closing": strings["closing"] if m.circulate else "",
    }


def courtesy_marking(loc: Locale, marking: str) -> str:
    """The marking of every page of a courtesy translation: 'Courtesy
    translation', after the page's own ('DRAFT', 'CONFIDENTIAL')."""
    return SEPARATOR.join(p for p in (marking, loc._(COURTESY_TRANSLATION)) if p)
