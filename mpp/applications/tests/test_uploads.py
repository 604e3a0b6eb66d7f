"""The upload checks on their own: the type from the content, the ClamAV hook against a
stand-in clamd speaking its INSTREAM protocol (refusing on a finding and when the scan
fails), the file store's names."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from mpp.applications.models import Application
from mpp.lib import uploads

from .conftest import SITI, pdf_bytes, stored_files, upload


@pytest.mark.parametrize("head, kind", [
    (b"%PDF-1.7\n", uploads.PDF), (b"\xff\xd8\xff\xe0\x00\x10JFIF", uploads.JPEG),
    (b"\x89PNG\r\n\x1a\n\x00", uploads.PNG), (b"MZ\x90\x00", None), (b"<html>", None),
    (b"", None),
])
def test_the_type_comes_from_the_first_bytes(head, kind):
    assert uploads.upload_kind(head) == kind


class StandInClamd:
    """Answers INSTREAM like clamd: FOUND when the stream holds the EICAR marker."""

    def __init__(self, *, answer_nothing: bool = False):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.answer_nothing = answer_nothing
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                assert conn.recv(10) == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!I", self._exact(conn, 4))[0]
                    if size == 0:
                        break
                    data += self._exact(conn, size)
                if self.answer_nothing:
                    continue
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data
                conn.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    @staticmethod
    def _exact(conn, n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data

    def close(self):
        self.sock.close()


def apply_online(api, data):
    return api().client.post("/api/v1/sites/kota-uji/applications", data={
        "service": "pasang-baru", "applicant_name": "Siti", "nik": SITI,
        "phone": "0812-3456-7890", "req_1": upload("ktp.pdf", data)})


def test_clamd_passes_a_clean_file_and_refuses_a_flagged_one(api, mall, clock, settings,
                                                            mpp_files):
    clamd = StandInClamd()
    settings.MPP_UPLOAD_SCANNER, settings.MPP_CLAMD_ADDRESS = "clamd", clamd.address
    try:
        assert apply_online(api, pdf_bytes()).status_code == 201
        flagged = apply_online(api, b"%PDF-1.4\nX5O!P%@AP[4\\PZX54(P^)7CC)7}$"
                               b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
    finally:
        clamd.close()
    assert flagged.status_code == 422 and "req_1" in flagged.json()["error"]["fields"]
    assert Application.objects.count() == 1 and len(stored_files(mpp_files)) == 1


def test_a_scan_that_fails_refuses_the_file(api, mall, clock, settings, mpp_files):
    settings.MPP_UPLOAD_SCANNER, settings.MPP_CLAMD_ADDRESS = "clamd", "127.0.0.1:9"
    answer = apply_online(api, pdf_bytes())
    assert answer.status_code == 422 and "req_1" in answer.json()["error"]["fields"]
    silent = StandInClamd(answer_nothing=True)
    settings.MPP_CLAMD_ADDRESS = silent.address
    try:
        assert apply_online(api, pdf_bytes()).status_code == 422
    finally:
        silent.close()
    assert not Application.objects.exists() and stored_files(mpp_files) == []


def test_stored_names_say_nothing_and_stay_inside_the_store(tmp_path):
    store = uploads.FileStore(tmp_path)
    stored = store.save([b"%PDF-1.4 x"], extension="pdf")
    assert stored.name.endswith(".pdf") and len(stored.name.split("/")[1]) == 36
    assert store.read(stored.name) == b"%PDF-1.4 x"
    for bad in ("../secret_key", "/etc/passwd", "noslash"):
        with pytest.raises(ValueError):
            store.path(bad)
