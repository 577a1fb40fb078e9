"""Signing: a PAdES baseline B signature on a finished PDF, with a key the
user supplies as a PKCS#12 file (.p12, .pfx).

No time-stamp server and no revocation information are fetched: signing
never touches the network. The PDF is signed in place, atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError

from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.files import atomic_output

FIELD = "Signature"


def _fail(file: Path | None, message: str, hint: str | None = None) -> DossierError:
    return DossierError([Diagnostic(file, None, message, hint)])


def password_from_env(var: str | None) -> bytes | None:
    """The key's password from the environment variable ``var`` (never from
    the command line, where other users could read it)."""
    if var is None:
        return None
    value = os.environ.get(var)
    if value is None:
        raise _fail(None, f"environment variable {var} is not set", "export it, then build")
    return value.encode("utf-8")


def load_signer(p12: Path, password: bytes | None) -> signers.SimpleSigner:
    """The key and certificate of ``p12``; a DossierError for a file that
    cannot be read, a wrong password, or an archive without a key."""
    try:
        data = p12.read_bytes()
    except OSError as exc:
        raise _fail(p12, f"cannot read the key file: {exc.strerror}") from None
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        hint = "check --sign-password-env, or that the file is a PKCS#12 (.p12) archive"
        raise _fail(p12, "cannot open the key file: wrong password or not PKCS#12", hint) from None
    if key is None or cert is None:
        raise _fail(p12, "the key file holds no private key and certificate")
    signer: signers.SimpleSigner = signers.SimpleSigner.load_pkcs12_data(
        data, other_certs=(), passphrase=password
    )
    return signer


def sign_pdf(path: Path, p12: Path, password: bytes | None, reason: str, location: str) -> None:
    """Sign the PDF ``path`` in place (PAdES B-B, SHA-256)."""
    signer = load_signer(p12, password)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        reason=reason or None,
        location=location or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    try:
        with atomic_output(path) as tmp, path.open("rb") as src, tmp.open("wb") as out:
            writer = IncrementalPdfFileWriter(src, strict=False)
            signers.PdfSigner(meta, signer).sign_pdf(writer, output=out)
    except (PdfError, SigningError) as exc:
        raise _fail(path, f"cannot sign the PDF: {exc}") from None
