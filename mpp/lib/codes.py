"""Codes citizens read aloud and type: booking codes and applications' tracking codes.
Short, unguessable, easy to read aloud and type.

8 characters from 31 (no 0/O, 1/I/L): 31**8 is about 8.5e11 codes (~40 bits), so a guessed
code hits one of even 100,000 live bookings or applications once in 8.5 million tries, and
the public API is rate limited. Shown as "ABCD-EFGH"; typed in any case, with or without spaces and dashes.
"""

from __future__ import annotations

import re
import secrets

import segno

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_NOISE = re.compile(r"[\s\-_.]")
# Characters people type for ones the alphabet leaves out: O and 0 look alike, so do I, L and 1
# -- they are never in a code, so a typed one is simply not found (no guessing which was meant).
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalize(text) -> str | None:
    """'abcd-efgh', ' ABCD EFGH ' -> 'ABCDEFGH'; None when it cannot be a code."""
    if not isinstance(text, str):
        return None
    cleaned = _NOISE.sub("", text).upper()
    return cleaned if _VALID.match(cleaned) else None


def code_display(code: str) -> str:
    """ABCDEFGH -> ABCD-EFGH, the way it is printed and read aloud."""
    return f"{code[:4]}-{code[4:]}"


def code_qr_svg(code: str, *, scale: int = 8) -> str:
    """The code as a QR (SVG markup) for the portal and the kiosk scanner."""
    qr = segno.make(code, error="m", micro=False)
    return qr.svg_inline(scale=scale, border=2)
