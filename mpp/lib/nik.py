"""NIK (Nomor Induk Kependudukan): validation as domain.md describes, and how it is kept.

A NIK is 16 digits PPKKCCDDMMYYSSSS: province, regency/city, district of first registration,
day of birth (women +40: 41-71), month, two-digit year, serial (never 0000). There is no
checksum. Under UU PDP the full NIK is never stored, logged or put in an event: only a keyed
digest (HMAC-SHA256 with SECRET_KEY; to find and compare) and a masked form for display.
Bookings and applications (and every later app that takes a NIK) use this one module.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from mpp.errors import Invalid

PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77),
     81, 82, 91, 92, *range(93, 97)]
)
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass
class NikCheck:
    """The outcome of a check: the cleaned NIK, the first rule it breaks (None: valid) and
    warnings that do not reject it."""

    nik: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.error is None


def _real_birth_date(day: int, month: int, yy: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def nik_check(value) -> NikCheck:
    """Check `value` against every rule; the message names the rule it breaks."""
    text = _SEPARATORS.sub("", str(value if value is not None else ""))
    check = NikCheck(nik=text)
    if not text:
        check.error = _("Enter the NIK (16 digits, as on the KTP or KK).")
    elif not text.isascii() or not text.isdigit():
        check.error = _("The NIK has only digits (no letters or other signs).")
    elif len(text) != 16:
        check.error = _("The NIK has 16 digits; this one has %(count)s.") % {"count": len(text)}
    elif int(text[0:2]) not in PROVINCES:
        check.error = _("The NIK starts with an unknown province code %(code)s.") % {
            "code": text[0:2]}
    elif text[2:4] == "00":
        check.error = _("The regency/city code of the NIK (digits 3-4) cannot be 00.")
    elif text[4:6] == "00":
        check.error = _("The district code of the NIK (digits 5-6) cannot be 00.")
    else:
        day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
        if not (1 <= day <= 31 or 41 <= day <= 71):
            check.error = _("The day of birth in the NIK (digits 7-8) must be 01-31, or 41-71 "
                            "for women; it is %(day)s.") % {"day": text[6:8]}
        elif not 1 <= month <= 12:
            check.error = _("The month of birth in the NIK (digits 9-10) must be 01-12; it is "
                            "%(month)s.") % {"month": text[8:10]}
        elif not _real_birth_date(day - 40 if day > 40 else day, month, yy):
            check.error = _("The date of birth in the NIK (digits 7-12) is not a real date.")
        elif text[12:16] == "0000":
            check.error = _("The serial number of the NIK (the last 4 digits) cannot be 0000.")
    return check


def nik_clean(value, *, field_name: str = "nik") -> str:
    """The cleaned NIK, or Invalid naming `field_name` with the rule it breaks."""
    check = nik_check(value)
    if not check.valid:
        raise Invalid(f"{field_name}: {check.error}", fields={field_name: check.error})
    return check.nik


def nik_digest(nik: str) -> str:
    """A keyed digest of a cleaned NIK: equal NIKs give equal digests; it cannot be reversed
    without the SECRET_KEY (a plain hash of 16 digits could be brute-forced)."""
    # The key's label predates this module's move from the bookings app: changing it would
    # make every stored digest unmatchable.
    key = hashlib.sha256(b"mpp.bookings.nik:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()


def nik_matches(nik, digest: str) -> bool:
    check = nik_check(nik)
    return check.valid and hmac.compare_digest(nik_digest(check.nik), digest)


def nik_mask(nik: str) -> str:
    """3201********0001: the region and the serial, never the date of birth."""
    return f"{nik[:4]}{'*' * (len(nik) - 8)}{nik[-4:]}"
