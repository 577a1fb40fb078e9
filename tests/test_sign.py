"""Signing a PDF with a PKCS#12 key: a certificate made here, a signature
checked with pyhanko's own validation, with that certificate as trust root."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
import typst
from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from dossier.assemble.compose import assemble
from dossier.core.diagnostics import DossierError
from dossier.pipeline.loading import Dossier
from dossier.render import parts
from dossier.render.pdf import render as render_pdf
from dossier.seal.sign import password_from_env, sign_pdf

PASSWORD = b"correct horse"


def make_key(folder: Path) -> tuple[Path, x509.Certificate]:
    """A self-signed certificate and its key, in a PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Mission Signer")])
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(PASSWORD)
    data = pkcs12.serialize_key_and_certificates(b"signer", key, cert, None, encryption)
    path = folder / "signer.p12"
    path.write_bytes(data)
    return path, cert


def make_pdf(folder: Path) -> Path:
    source = folder / "letter.typ"
    source.write_text("I have the honour to transmit the attached report.\n", encoding="utf-8")
    path = folder / "letter.pdf"
    path.write_bytes(typst.compile(str(source)))
    return path


def test_signature_is_valid_and_covers_the_file(tmp_path: Path) -> None:
    p12, cert = make_key(tmp_path)
    pdf = make_pdf(tmp_path)
    sign_pdf(pdf, p12, PASSWORD, reason="Issued as S/2026/1043", location="New York")
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    with pdf.open("rb") as f:
        signatures = PdfFileReader(f).embedded_signatures
        assert len(signatures) == 1
        status = validate_pdf_signature(signatures[0], context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert signatures[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signatures[0].sig_object["/Reason"] == "Issued as S/2026/1043"
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file is left behind"


def test_wrong_password_is_a_user_error(tmp_path: Path) -> None:
    p12, _ = make_key(tmp_path)
    pdf = make_pdf(tmp_path)
    before = pdf.read_bytes()
    with pytest.raises(DossierError, match="wrong password"):
        sign_pdf(pdf, p12, b"wrong", reason="", location="")
    assert pdf.read_bytes() == before


def test_unreadable_key_file_is_a_user_error(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path)
    with pytest.raises(DossierError, match="cannot read the key file"):
        sign_pdf(pdf, tmp_path / "missing.p12", PASSWORD, reason="", location="")
    (tmp_path / "garbage.p12").write_bytes(b"not a key")
    with pytest.raises(DossierError, match="not PKCS#12"):
        sign_pdf(pdf, tmp_path / "garbage.p12", PASSWORD, reason="", location="")


def test_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_TEST_KEY_PASSWORD", "s3cret")
    assert password_from_env("DOSSIER_TEST_KEY_PASSWORD") == b"s3cret"
    assert password_from_env(None) is None
    monkeypatch.delenv("DOSSIER_TEST_KEY_PASSWORD")
    with pytest.raises(DossierError, match="DOSSIER_TEST_KEY_PASSWORD is not set"):
        password_from_env("DOSSIER_TEST_KEY_PASSWORD")


def test_a_build_without_a_key_does_not_import_pyhanko(tmp_path: Path) -> None:
    """pyhanko takes 0.3 s to import, in each of the 28 processes of a
    build: only signing loads it."""
    import subprocess
    import sys

    from conftest import MINIMAL_MANIFEST, MINIMAL_SECTIONS, write_tree

    root = write_tree(tmp_path / "d", {"dossier.yaml": MINIMAL_MANIFEST, **MINIMAL_SECTIONS})
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('pyhanko loaded:', 'pyhanko' in sys.modules))\n"
        "from dossier.cli import run\n"
        f"sys.argv = ['dossier', 'build', {str(root)!r}, '--format', 'html',"
        f" '--out', {str(tmp_path / 'out')!r}]\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "pyhanko loaded: False" in proc.stdout


def test_a_pdf_compiled_in_parts_is_signed(
    example_dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A joined PDF (pikepdf's object and cross-reference streams) takes an
    incremental signature like Typst's own."""
    doc = assemble(example_dossier, "en")
    monkeypatch.setenv(parts.PAGES_VARIABLE, "4")
    joined = tmp_path / "joined.pdf"
    render_pdf(replace(doc, annex=doc.annex * 6), joined)
    with pikepdf.open(joined) as made:  # the page numbers drawn over the parts
        assert "/DossierNumber" in made.pages[1].Resources.XObject
    p12, cert = make_key(tmp_path)
    sign_pdf(joined, p12, PASSWORD, reason="Issued as S/2026/1043", location="New York")
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    with joined.open("rb") as f:
        (signature,) = PdfFileReader(f).embedded_signatures
        status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE


def test_the_submission_letter_pdf_is_signed_with_the_build_key(tmp_path: Path) -> None:
    """`--sign-key` signs the letter the mission sends as it signs the
    documents as issued; its record holds the signed file's hash."""
    import json

    from dossier.core.files import file_sha256
    from dossier.pipeline.stages import Signing
    from submission_fixtures import build_signed, draft

    p12, cert = make_key(tmp_path)
    root = draft(tmp_path / "d")
    written = build_signed(root, tmp_path / "out", Signing(p12, PASSWORD).sign)
    (pdf,) = [p for p in written if p.suffix == ".pdf"]
    trust = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[trust], allow_fetching=False)
    with pdf.open("rb") as f:
        (signature,) = PdfFileReader(f).embedded_signatures
        status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert signature.sig_object["/Reason"] == "Submitted as ALD/UN/2026/417 (public edition)"
    record = json.loads((pdf.parent / "submission.json").read_text(encoding="utf-8"))
    hashes = {f["name"]: f["sha256"] for f in record["files"]}
    assert hashes[pdf.name] == file_sha256(pdf)
    assert not [p for p in written if p.suffix == ".docx" and b"/ByteRange" in p.read_bytes()]


def test_the_submission_step_signs_with_the_key_it_is_given(tmp_path: Path) -> None:
    """Make's step for the package (`dossier submission`) takes the build's
    --sign-key and --sign-password-env, as `dossier render` does."""
    from click.testing import CliRunner

    from dossier.cli import main
    from submission_fixtures import draft

    p12, _ = make_key(tmp_path)
    root = draft(tmp_path / "d")
    out = tmp_path / "out"
    args = ["submission", str(root), "--out", str(out), "--edition", "public"]
    args += ["--sign-key", str(p12), "--sign-password-env", "DOSSIER_TEST_KEY"]
    result = CliRunner().invoke(main, args, env={"DOSSIER_TEST_KEY": PASSWORD.decode()})
    assert result.exit_code == 0, result.output
    (pdf,) = (out / "d" / "public" / "submission").glob("*.pdf")
    with pdf.open("rb") as f:
        assert len(PdfFileReader(f).embedded_signatures) == 1
    wrong = CliRunner().invoke(main, args, env={"DOSSIER_TEST_KEY": "wrong"})
    assert wrong.exit_code == 2 and "wrong password" in wrong.output
