"""Signed receipts and results that anyone can verify: valid, tampered (a byte changed, an
incremental update appended) or unknown (signed by another certificate, or not at all); the
remote signer in BSrE's shape, against a stand-in server that signs with a local key."""

from __future__ import annotations

import base64
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mpp.applications import selectors, services
from mpp.applications.models import SignedDocument
from mpp.lib import signing

from .conftest import AGUS, pdf_bytes, served_ticket, upload


@pytest.fixture
def application(mall, clock):
    return services.application_receive(ticket=served_ticket(mall), actor=mall.users["dewi"],
                                        applicant_name="Agus Salim", nik=AGUS)


def verify(api, data: bytes, name="dokumen.pdf"):
    return api().client.post("/api/v1/verify", data={"file": upload(name, data)})


def receipt(api, application) -> bytes:
    answer = api().get(f"/api/v1/receipts/{application.receipt_secret}.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    return answer.content


def test_the_receipt_is_signed_once_and_verifies_as_valid(api, application):
    data = receipt(api, application)
    assert data.startswith(b"%PDF-")
    assert receipt(api, application) == data  # the same signed bytes every time
    assert SignedDocument.objects.count() == 1
    answer = verify(api, data)
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "valid"
    assert body["document"]["kind"] == "receipt"
    assert body["document"]["tracking_code"] == application.tracking_code
    assert body["signed_by"] and body["signed_at"]


def test_one_byte_changed_is_tampered(api, application):
    data = bytearray(receipt(api, application))
    at = data.find(b"/Title")
    assert at > 0
    data[at + 8] = (data[at + 8] + 1) % 256 or 65
    assert verify(api, bytes(data)).json()["status"] == "tampered"


def test_an_incremental_update_appended_is_tampered(api, application):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data = receipt(api, application)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    body = verify(api, out.getvalue()).json()
    assert body["status"] == "tampered"
    assert body["document"]["tracking_code"] == application.tracking_code


def test_bytes_appended_after_the_signature_are_tampered(api, application):
    data = receipt(api, application) + b"\n% a line added later\n"
    assert verify(api, data).json()["status"] == "tampered"


def test_a_pdf_signed_by_another_certificate_is_unknown(api, application, tmp_path, settings):
    receipt(api, application)
    p12, passphrase, _ca = signing.keys_make(organization="Bukan MPP")
    other = signing.LocalSigner(_write(tmp_path / "other.p12", p12), passphrase)
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(field_name="X", subfilter=fields.SigSeedSubFilter.PADES)
    forged = other.sign(pdf_bytes("Tanda terima palsu"), meta=meta)
    assert verify(api, forged).json() == {"status": "unknown", "signed_by": None,
                                          "signed_at": None, "document": None}
    assert verify(api, pdf_bytes("unsigned")).json()["status"] == "unknown"


def test_a_file_that_is_not_a_pdf_is_422(api, application):
    answer = verify(api, b"\x89PNG\r\n\x1a\n not a pdf", name="x.pdf")
    assert answer.status_code == 422 and "file" in answer.json()["error"]["fields"]


def test_the_result_document_is_stamped_signed_and_verifies(api, mall, application):
    dewi = api(mall.users["dewi"])
    code = application.tracking_code
    early = dewi.client.post(f"/api/v1/applications/{code}/result",
                             data={"file": upload("kk.pdf", pdf_bytes("Kartu Keluarga"))},
                             **dewi.headers)
    assert early.status_code == 409
    for status in ("processing", "ready"):
        dewi.post(f"applications/{code}/status", {"status": status})
    attached = dewi.client.post(f"/api/v1/applications/{code}/result",
                                data={"file": upload("kk.pdf", pdf_bytes("Kartu Keluarga"))},
                                **dewi.headers)
    assert attached.status_code == 201, attached.content
    signed = dewi.get(f"applications/{code}/result.pdf").content
    body = verify(api, signed).json()
    assert body["status"] == "valid" and body["document"]["kind"] == "result"
    assert attached.json()["code"].encode() in signed  # the stamp's link, /v/<code>


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


class _StandInBsre(BaseHTTPRequestHandler):
    """A signing service that signs the digest it is sent with a local key and answers the
    CMS, as BSrE's would."""

    signer = None

    def do_POST(self):
        from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes  # noqa: F401

        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        digest = base64.b64decode(request["digest"])
        import asyncio

        cms = asyncio.run(self.signer.async_sign(digest, "sha256"))
        body = json.dumps({"cms": base64.b64encode(cms.dump()).decode()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_remote_signer_signs_the_digest_and_its_cms_is_embedded(api, application, tmp_path,
                                                                  settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    p12, passphrase, _ca = signing.keys_make(organization="BSrE Uji")
    local = signing.LocalSigner(_write(tmp_path / "bsre.p12", p12), passphrase)
    _key, cert, _chain = pkcs12.load_key_and_certificates(p12, passphrase)
    (tmp_path / "bsre.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _StandInBsre.signer = local.signer
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StandInBsre)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.MPP_SIGNING_BACKEND = "remote"
        settings.MPP_SIGNING_REMOTE_URL = f"http://127.0.0.1:{server.server_port}/sign"
        settings.MPP_SIGNING_REMOTE_CERT = str(tmp_path / "bsre.pem")
        signing.signer_reset()
        data = receipt(api, application)
    finally:
        server.shutdown()
    body = verify(api, data).json()
    assert body["status"] == "valid"
    assert "BSrE Uji" in body["signed_by"]
    assert SignedDocument.objects.get().signer_name == "BSrE Uji"


def test_a_remote_signer_that_does_not_answer_fails_cleanly(api, application, tmp_path,
                                                           settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    p12, passphrase, _ca = signing.keys_make(organization="BSrE Uji")
    _key, cert, _chain = pkcs12.load_key_and_certificates(p12, passphrase)
    (tmp_path / "bsre.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.MPP_SIGNING_BACKEND = "remote"
    settings.MPP_SIGNING_REMOTE_URL = "http://127.0.0.1:9/sign"
    settings.MPP_SIGNING_REMOTE_CERT = str(tmp_path / "bsre.pem")
    signing.signer_reset()
    with pytest.raises(signing.SigningError):
        services.receipt_ensure(application=application, base_url="http://mpp.test")
    assert not SignedDocument.objects.exists()


def test_the_verification_lookup_by_code(api, application):
    data = receipt(api, application)
    document = SignedDocument.objects.get()
    assert selectors.signed_document_by_code(code=document.code) == document
    assert selectors.document_verify(data=data).document == document


def test_the_demo_makes_its_own_ca_and_signing_certificate(db, settings, capsys):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", "pandeglang", no_serve=True, stdout=out)
    folder = settings.DATA_DIR / "signing"
    assert str(folder) in out.getvalue()
    assert (folder / "mpp-signing.p12").exists() and (folder / "ca.pem").exists()
    signer = signing.signer_get()
    assert "Pandeglang" in signer.info.name
    assert "/berkas/pandeglang/" in out.getvalue()


def test_the_applicant_downloads_the_result_with_the_nik(api, mall, application):
    from django.test import Client

    dewi = api(mall.users["dewi"])
    code = application.tracking_code
    assert api().post(f"applications/{code}/result.pdf", {"nik": AGUS}).status_code == 404
    for status in ("processing", "ready"):
        dewi.post(f"applications/{code}/status", {"status": status})
    dewi.client.post(f"/api/v1/applications/{code}/result",
                     data={"file": upload("kk.pdf", pdf_bytes("Kartu Keluarga"))},
                     **dewi.headers)
    wrong = api().post(f"applications/{code}/result.pdf", {"nik": "3201014107900001"})
    assert wrong.status_code == 403
    mine = api().post(f"applications/{code}/result.pdf", {"nik": AGUS})
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF-")
    assert verify(api, mine.content).json()["status"] == "valid"
    page = Client().get(f"/lacak/{code}/").content.decode()
    assert 'data-testid="result-download"' in page
    download = Client().post(f"/lacak/{code}/", {"hasil": "1", "nik": AGUS})
    assert download.status_code == 200 and download.content == mine.content
