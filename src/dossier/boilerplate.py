"""The fixed texts of a UN letter (masthead, title line, closing request,
signature, annex title), localised. The msgids are extracted by Babel into
``templates/locale/dossier.pot``; translators comments start with
``Translators:``.
"""

from __future__ import annotations

from dossier.localise import N_, Locale
from dossier.model import Manifest, local

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
UNTRANSLATED = N_(
    "Untranslated: the {language} original of this section follows.",
    comment="Printed in bold before source text that stands in for a missing translation.",
)


def title_in_line(m: Manifest, lang: str) -> str:
    """The sender's function as the title line needs it in ``lang``."""
    special = m.sender.title_of
    if isinstance(special, str) or (isinstance(special, dict) and lang in special):
        return local(special, lang, m.source_language)
    return local(m.sender.title, lang, m.source_language)


def boilerplate(m: Manifest, loc: Locale) -> dict[str, str]:
    lang, src = loc.lang, m.source_language
    organ = loc._(ORGANS[m.organ])
    parts = {
        "date": loc.date(m.date),
        "title": title_in_line(m, lang),
        "state": local(m.sender.state, lang, src),
        "addressee": loc._(ADDRESSEES[m.addressee]),
    }
    return {
        "united_nations": loc._(UNITED_NATIONS),
        "organ": organ,
        "symbol": m.symbol,
        "distribution": loc.masthead(DISTRIBUTION),
        "date": loc.masthead_date(m.date),
        "version": loc.version_name() if lang != src else "",
        "original": loc.original(src),
        "title_line": loc._(TITLE_LINE, **parts),
        "closing": loc._(CLOSINGS[(m.organ, bool(m.annex))]),
        "signed": loc._(SIGNED),
        # Between "(Signed)" and the name: none after Chinese full-width brackets.
        "signed_gap": "" if lang == "zh" else " ",
        "signer_name": local(m.sender.name, lang, src),
        "signer_title": local(m.sender.title, lang, src),
        "annex_title": loc._(ANNEX_TITLE, **parts) if m.annex else "",
        "notice": local(m.notice, lang, src) if m.notice else "",
        "job_suffix": loc.job_suffix(),
        "untranslated": loc._(UNTRANSLATED, language=loc.language_name(src)),
    }
