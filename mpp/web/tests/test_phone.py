"""One rule for phone numbers (mpp/lib/phone.py), as citizens write them, used by bookings and
notifications alike."""

import pytest

from mpp.bookings.services import phone_clean
from mpp.errors import Invalid
from mpp.lib.phone import phone_mask, phone_parse
from mpp.notifications.services import phone_normalize

SITI = "+6281234567890"


@pytest.mark.parametrize("written", ["0812-3456-7890", "0812 3456 7890", "+62 812 3456 7890",
                                     "6281234567890", "(0812) 3456-7890", "0062 812 3456 7890"])
def test_siti_writes_her_mobile_number_her_way(written):
    assert phone_parse(written, mobile_only=True) == SITI
    assert phone_clean(value=written) == SITI
    assert phone_normalize(value=written) == SITI


@pytest.mark.parametrize("landline", ["(021) 555-1234", "021-5551234", "0274 512345"])
def test_a_landline_is_a_contact_number_but_not_for_whatsapp_or_sms(landline):
    assert phone_parse(landline, mobile_only=False).startswith("+62")
    assert phone_parse(landline, mobile_only=True) is None
    assert phone_clean(value=landline) is None
    with pytest.raises(Invalid) as error:
        phone_normalize(value=landline)  # before: kept, then sent to a landline by WhatsApp
    assert error.value.fields == {"phone": "Masukkan nomor ponsel seperti 0812 3456 7890."}


@pytest.mark.parametrize("wrong", ["0812", "12345", "0812abc", "+1 202 555 0143", "", None,
                                   "0812345678901234567890", "08123456789012"])
def test_what_is_no_indonesian_number_is_refused_by_both(wrong):
    assert phone_parse(wrong, mobile_only=False) is None
    assert phone_clean(value=wrong) is None
    with pytest.raises(Invalid):
        phone_normalize(value=wrong or "")


def test_the_mask_shows_enough_to_recognise_ones_own_number():
    assert phone_mask(SITI) == "+62812*****890"
    assert phone_mask("") == ""
