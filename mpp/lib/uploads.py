"""Files citizens and staff upload: judged by their content, limited in size, scanned, kept
outside the web root under names that say nothing.

- `upload_kind(head)`: PDF, JPEG or PNG from the file's first bytes (never its name or the
  browser's Content-Type); None for anything else (an executable renamed .pdf).
- Limits from settings: `MPP_UPLOAD_MAX_BYTES` per file (10 MB), `MPP_UPLOAD_MAX_REQUEST_BYTES`
  per request (the API answers 413 above it before reading the body).
- A scanner hook (`MPP_UPLOAD_SCANNER`): `none` (default) or `clamd`, ClamAV's daemon over its
  INSTREAM protocol at `MPP_CLAMD_ADDRESS` (`unix:/run/clamav/clamd.ctl` or `host:port`); a
  file the scanner flags, or a scan that fails (clamd down, a timeout), is refused.
- `FileStore`: files in `MPP_FILES_DIR` (default MPP_DATA_DIR/files) under random names, two
  levels of folders; the database keeps the name. `store.discard(names)` removes what a failed
  request wrote, so that nothing is kept when anything is refused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def upload_kind(head: bytes) -> str | None:
    """The type of a file from its first bytes: PDF, JPEG, PNG, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def check_upload_size(request) -> None:
    """413 before the body is read, for a request above MPP_UPLOAD_MAX_REQUEST_BYTES."""
    from django.utils.translation import gettext as _

    from mpp.errors import TooLarge

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.MPP_UPLOAD_MAX_REQUEST_BYTES:
        raise TooLarge(_("The upload is larger than %(mb)s MB in all.") % {
            "mb": settings.MPP_UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)},
            code="too_large")


def upload_refusal(upload) -> tuple[str | None, str | None]:
    """Judge one uploaded file: (its type, None) when it is a PDF, JPEG or PNG by content,
    within MPP_UPLOAD_MAX_BYTES and passed by the scanner; (None, why not, for the person who
    sent it) otherwise. The file is left at its start either way."""
    from django.utils.translation import gettext as _

    if upload.size > settings.MPP_UPLOAD_MAX_BYTES:
        return None, _("The file is larger than %(mb)s MB.") % {
            "mb": settings.MPP_UPLOAD_MAX_BYTES // (1024 * 1024)}
    upload.seek(0)
    kind = upload_kind(upload.read(16))
    upload.seek(0)
    if kind is None:
        return None, _("Only PDF, JPEG or PNG files are accepted (judged by the file's "
                       "content, not its name).")
    try:
        scanner_get().scan(upload.chunks())
    except ScanFailed as failure:
        log.warning("upload refused by the scanner: %s", failure.reason)
        return None, (_("The file did not pass the virus check.") if failure.infected
                      else _("The file could not be checked for viruses; try again later."))
    finally:
        upload.seek(0)
    return kind, None


class ScanFailed(Exception):
    """The scanner refused the file, or could not scan it."""

    def __init__(self, reason: str, *, infected: bool = False):
        self.reason, self.infected = reason, infected
        super().__init__(reason)


class NoScanner:
    def scan(self, chunks) -> None:
        return None


class ClamdScanner:
    """ClamAV's clamd: `zINSTREAM`, the file in chunks, answered `stream: OK` or
    `stream: <name> FOUND`. Anything else, or no answer, refuses the file."""

    def __init__(self, address: str, *, timeout: float = 30.0):
        self.address, self.timeout = address, timeout

    def _connect(self) -> socket.socket:
        if self.address.startswith("unix:"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(self.address[5:])
            return sock
        host, _, port = self.address.rpartition(":")
        return socket.create_connection((host or "127.0.0.1", int(port)), timeout=self.timeout)

    def scan(self, chunks) -> None:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for chunk in chunks:
                    for start in range(0, len(chunk), 1 << 16):
                        part = chunk[start:start + (1 << 16)]
                        sock.sendall(struct.pack("!I", len(part)) + part)
                sock.sendall(struct.pack("!I", 0))
                answer = b""
                while not answer.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    answer += data
        except (OSError, ValueError) as error:
            raise ScanFailed(f"clamd: {error}") from error
        text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
        if text.endswith("FOUND"):
            raise ScanFailed(text, infected=True)
        if not text.endswith("OK"):
            raise ScanFailed(f"clamd answered {text!r}")


def scanner_get():
    kind = settings.MPP_UPLOAD_SCANNER
    if kind == "clamd":
        return ClamdScanner(settings.MPP_CLAMD_ADDRESS)
    if kind in ("", "none"):
        return NoScanner()
    raise ValueError(f"unknown MPP_UPLOAD_SCANNER {kind!r}")


@dataclass
class Stored:
    name: str  # where FileStore keeps it
    size: int
    sha256: str


class FileStore:
    """Files under `root`, named by random tokens; never under the web root."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root or settings.MPP_FILES_DIR)

    def path(self, name: str) -> Path:
        if not name or "/" not in name or ".." in name or name.startswith("/"):
            raise ValueError("not a stored file's name")
        return self.root / name

    def save(self, chunks, *, extension: str) -> Stored:
        token = secrets.token_hex(16)
        name = f"{token[:2]}/{token}.{extension}"
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        digest, size = hashlib.sha256(), 0
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        return Stored(name=name, size=size, sha256=digest.hexdigest())

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def discard(self, names) -> None:
        for name in names:
            try:
                self.path(name).unlink()
            except (OSError, ValueError):
                pass
