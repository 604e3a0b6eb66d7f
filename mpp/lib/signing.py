"""PDF signatures of the MPP (PAdES, pyHanko) and their verification.

The MPP signs with one certificate (PP 71/2019: a certified one comes from an Indonesian CA,
BSrE for government). Where the key lives is a backend (`MPP_SIGNING_BACKEND`):

- `local` (default): a PKCS#12 file (`MPP_SIGNING_P12`) and its passphrase
  (`MPP_SIGNING_PASSPHRASE`), both from the environment, never from the database. Without
  them, a CA and a signing certificate of the MPP's own are made on first use in
  `MPP_DATA_DIR/signing/` (as the secret key is made), so that a fresh deployment signs at
  once; a certified key replaces them by setting the two variables.
- `remote`: a signing service in the shape of BSrE's: the document's digest goes out, a CMS
  comes back, and it is embedded (pyHanko's interrupted signing). `MPP_SIGNING_REMOTE_URL`
  answers `POST {"digest": base64, "digest_algorithm": "sha256"}` with
  `{"cms": base64}`; `MPP_SIGNING_REMOTE_CERT` is the PEM of the certificate it signs with
  (needed before the call, to size and describe the signature).

`pdf_sign` gives the signed bytes and the signature's id (a digest of its signature value,
kept by the caller to find the document again); `pdf_verify` answers valid, tampered or
unknown as the contract's `POST /api/v1/verify` does. An optional timestamp authority
(`MPP_SIGNING_TSA_URL`) makes the signatures PAdES B-T.
"""

from __future__ import annotations

import base64
import datetime
import fcntl
import hashlib
import io
import json
import logging
import os
import re
import secrets
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from django.conf import settings

log = logging.getLogger(__name__)

VALID, TAMPERED, UNKNOWN = "valid", "tampered", "unknown"
FIELD_NAME = "MPP"


class SigningError(Exception):
    """The key cannot be loaded or the remote signer did not sign."""


class NotPdf(Exception):
    """What was given to verify is not a PDF."""


# --- keys -------------------------------------------------------------------------------------

def _name(common_name: str, organization: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])])


def _key_usage(*, ca: bool):
    from cryptography import x509

    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                         decipher_only=False)


def keys_make(*, organization: str, years: int = 5) -> tuple[bytes, bytes, bytes]:
    """A CA and a signing certificate under it (ECDSA P-256) for `organization`: the
    PKCS#12 of the signing key (with the CA in its chain), its passphrase, the CA's PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{organization} CA", organization)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=365 * (years + 5)))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(_key_usage(ca=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(organization, organization))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(ca=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    passphrase = secrets.token_urlsafe(24).encode()
    p12 = pkcs12.serialize_key_and_certificates(
        b"mpp-signing", key, cert, [ca], serialization.BestAvailableEncryption(passphrase))
    return p12, passphrase, ca.public_bytes(serialization.Encoding.PEM)


def _own_keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "signing"


def own_keys_ensure(*, organization: str = "Mal Pelayanan Publik") -> tuple[Path, bytes]:
    """The self-made PKCS#12 in MPP_DATA_DIR/signing/ and its passphrase, made on first use
    (once, even when several processes start together: under a file lock)."""
    folder = _own_keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    p12_path, secret_path = folder / "mpp-signing.p12", folder / "passphrase"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not p12_path.exists():
            p12, passphrase, ca_pem = keys_make(organization=organization)
            for path, data in ((secret_path, passphrase), (folder / "ca.pem", ca_pem),
                               (p12_path, p12)):
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
            log.warning("signing: no MPP_SIGNING_P12 configured; made a self-signed CA and "
                        "signing certificate in %s", folder)
    return p12_path, secret_path.read_bytes().strip()


@dataclass(frozen=True)
class SignerInfo:
    """Who signs: the certificate (asn1crypto) and the certificates of its chain."""

    cert: asn1_x509.Certificate
    chain: tuple[asn1_x509.Certificate, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.cert.dump()).hexdigest()

    @property
    def name(self) -> str:
        return cert_name(self.cert)


def cert_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    return subject.get("common_name") or subject.get("organization_name") or "?"


class LocalSigner:
    """A PKCS#12 on this machine."""

    def __init__(self, p12_path: str | Path, passphrase: bytes):
        from pyhanko.sign import signers

        try:
            self.signer = signers.SimpleSigner.load_pkcs12(str(p12_path), passphrase=passphrase)
        except Exception as error:  # a wrong passphrase, a damaged file
            raise SigningError(f"cannot load the PKCS#12 {p12_path}: {error}") from error
        if self.signer is None:
            raise SigningError(f"cannot load the PKCS#12 {p12_path} (wrong passphrase?)")
        chain = tuple(self.signer.cert_registry)
        self.info = SignerInfo(cert=self.signer.signing_cert, chain=chain)

    def sign(self, data: bytes, *, meta) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers

        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        return signers.sign_pdf(writer, meta, signer=self.signer,
                                timestamper=_timestamper()).getvalue()


class RemoteSigner:
    """A signing service that signs a digest and answers a CMS (BSrE's shape)."""

    def __init__(self, url: str, cert_pem: bytes, *, timeout: float = 20.0):
        self.url, self.timeout = url, timeout
        cert = asn1_x509.Certificate.load(_pem_to_der(cert_pem))
        self.info = SignerInfo(cert=cert, chain=())

    def sign(self, data: bytes, *, meta) -> bytes:
        import asyncio

        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

        # A stand-in signature value sizes the placeholder; the real CMS comes back later.
        stand_in = signers.ExternalSigner(signing_cert=self.info.cert, cert_registry=None,
                                          signature_value=bytes(512))
        pdf_signer = signers.PdfSigner(meta, signer=stand_in)
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        prepared, _tbs, output = asyncio.run(pdf_signer.async_digest_doc_for_signing(
            writer, bytes_reserved=16384))
        cms_bytes = self._call(prepared.document_digest)
        PdfTBSDocument.finish_signing(output, prepared, cms_bytes)
        return output.getvalue()

    def _call(self, digest: bytes) -> bytes:
        body = json.dumps({"digest": base64.b64encode(digest).decode(),
                           "digest_algorithm": "sha256"}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                reply = json.loads(answer.read())
            return base64.b64decode(reply["cms"])
        except Exception as error:
            raise SigningError(f"the remote signer did not sign: {error}") from error


def _pem_to_der(data: bytes) -> bytes:
    if b"-----BEGIN" not in data:
        return data
    body = re.search(rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", data, re.S)
    if body is None:
        raise SigningError("no certificate in the PEM")
    return base64.b64decode(b"".join(body.group(1).split()))


def _timestamper():
    url = getattr(settings, "MPP_SIGNING_TSA_URL", "")
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url)


@lru_cache(maxsize=1)
def _signer_for(backend: str, p12: str, passphrase: str, remote_url: str, remote_cert: str):
    if backend == "remote":
        if not remote_url or not remote_cert:
            raise SigningError("MPP_SIGNING_BACKEND=remote needs MPP_SIGNING_REMOTE_URL and "
                               "MPP_SIGNING_REMOTE_CERT")
        return RemoteSigner(remote_url, Path(remote_cert).read_bytes())
    if backend != "local":
        raise SigningError(f"unknown MPP_SIGNING_BACKEND {backend!r}")
    if p12:
        return LocalSigner(p12, passphrase.encode())
    path, own_passphrase = own_keys_ensure()
    return LocalSigner(path, own_passphrase)


def signer_get():
    """The configured signer, loaded once per process."""
    return _signer_for(settings.MPP_SIGNING_BACKEND, settings.MPP_SIGNING_P12,
                       settings.MPP_SIGNING_PASSPHRASE, settings.MPP_SIGNING_REMOTE_URL,
                       settings.MPP_SIGNING_REMOTE_CERT)


def signer_reset() -> None:
    """Forget the loaded signer (after the settings changed: tests, key rotation)."""
    _signer_for.cache_clear()


# --- signing and verifying ---------------------------------------------------------------------

@dataclass(frozen=True)
class Signed:
    data: bytes
    signature_id: str  # sha256 of the signature value: finds the document again
    signer_fingerprint: str
    signer_name: str


def signature_id_of(signer_info: asn1_cms.SignerInfo) -> str:
    return hashlib.sha256(signer_info["signature"].native).hexdigest()


def pdf_sign(data: bytes, *, reason: str, location: str) -> Signed:
    """`data` (a PDF) signed by the MPP (PAdES baseline)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    signer = signer_get()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason[:200], location=location[:200])
    signed = signer.sign(data, meta=meta)
    embedded = PdfFileReader(io.BytesIO(signed), strict=False).embedded_signatures[-1]
    return Signed(data=signed, signature_id=signature_id_of(embedded.signer_info),
                  signer_fingerprint=signer.info.fingerprint, signer_name=signer.info.name)


@dataclass(frozen=True)
class Verification:
    status: str  # VALID, TAMPERED or UNKNOWN
    signature_id: str | None = None  # of the signature of ours found, valid or not
    signed_by: str | None = None
    signed_at: datetime.datetime | None = None


_CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f\s]+)>")


def _ids_in_raw(data: bytes) -> list[str]:
    """Signature ids of every CMS in the file's bytes, read without parsing the PDF (for a
    file damaged past reading: its signatures can still be recognised)."""
    found = []
    for match in _CONTENTS.finditer(data):
        try:
            raw = bytes.fromhex(match.group(1).decode().replace(" ", "").replace("\n", ""))
            info = asn1_cms.ContentInfo.load(raw.rstrip(b"\x00"))
            for signer_info in info["content"]["signer_infos"]:
                found.append(signature_id_of(signer_info))
        except Exception:  # not a CMS: not a signature of anyone's
            continue
    return found


def pdf_verify(data: bytes, *, is_ours) -> Verification:
    """What `data` is, as the contract's verify endpoint says: VALID when a signature of ours
    covers the whole file and matches its bytes; TAMPERED when a signature of ours no longer
    matches them or bytes were added after it; UNKNOWN when no signature is ours. `is_ours`
    answers for a (signature id, certificate fingerprint) whether the MPP made it. NotPdf
    when the bytes are not a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if not data.lstrip()[:5] == b"%PDF-":
        raise NotPdf()
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:
        ours = [sid for sid in _ids_in_raw(data) if is_ours(sid, None)]
        return Verification(status=TAMPERED, signature_id=ours[0]) if ours else Verification(
            status=UNKNOWN)
    found: Verification | None = None
    for signature in signatures:
        try:
            signature_id = signature_id_of(signature.signer_info)
            cert = signature.signer_cert
            fingerprint = hashlib.sha256(cert.dump()).hexdigest()
        except Exception:
            continue
        if not is_ours(signature_id, fingerprint):
            continue
        try:
            context = ValidationContext(trust_roots=[cert], allow_fetching=False)
            status = validate_pdf_signature(signature, context)
            whole = (status.intact and status.valid
                     and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
            signed_at = status.signer_reported_dt
        except Exception:  # a signature damaged past checking
            whole, signed_at = False, None
        verdict = Verification(status=VALID if whole else TAMPERED, signature_id=signature_id,
                               signed_by=cert_name(cert), signed_at=signed_at)
        if whole:
            return verdict
        found = found or verdict
    if found is None:
        ours = [sid for sid in _ids_in_raw(data) if is_ours(sid, None)]
        if ours:
            return Verification(status=TAMPERED, signature_id=ours[0])
    return found or Verification(status=UNKNOWN)
