"""The one rule for phone numbers, with Google's libphonenumber data (the `phonenumbers`
package): Indonesian numbers in any form people write them (0812-3456-7890, +62 812 3456
7890, 62812..., (021) 555-1234), kept in international form (+6281234567890).

Where a number is used decides what it may be:
- a citizen's number for booking messages and notifications is sent WhatsApp or SMS, so it
  must be a mobile number (`mobile_only=True`): a landline is refused, not silently kept;
- a contact number shown to people (an agency's desk) may be a landline too.
Numbers of other countries are refused: the MPP's gateways send to Indonesian numbers.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

REGION = "ID"
_NOISE = re.compile(r"[\s\-().]")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_ANY_TYPES = (*_MOBILE_TYPES, PhoneNumberType.FIXED_LINE)


def phone_parse(value: object, *, mobile_only: bool) -> str | None:
    """The number in E.164 form ('+6281234567890'), or None when it is not a valid Indonesian
    number of the kind asked for."""
    if not isinstance(value, str):
        return None
    text = _NOISE.sub("", value)
    if not text or len(text) > 20:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("62"):
        text = "+" + text  # written without the plus, as many do
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in (_MOBILE_TYPES if mobile_only else _ANY_TYPES):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_mask(phone: str) -> str:
    """'+6281234567890' -> '+62812*****890': enough to recognise one's own number."""
    return f"{phone[:6]}{'*' * max(0, len(phone) - 9)}{phone[-3:]}" if phone else ""
