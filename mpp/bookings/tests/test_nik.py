"""NIK validation as domain.md describes it; pure functions, no database."""

import pytest
from django.utils import translation

from mpp.errors import Invalid
from mpp.lib.nik import nik_check, nik_clean, nik_mask


@pytest.mark.parametrize("nik", ["3201014107900001", "3201011203850002", "9601010101000001",
                                 "3201 0141 0790 0001", "3201-0141-0790-0001",
                                 "1101012902000001"])  # 29 Feb 2000 is real
def test_valid(nik):
    check = nik_check(nik)
    assert check.valid, check.error
    assert len(check.nik) == 16


@pytest.mark.parametrize("nik, words", [
    ("", "Enter the NIK"),
    ("32010141079OOOO1", "only digits"),          # letters
    ("3201ABCD07900001", "only digits"),
    ("320101410790001", "16 digits; this one has 15"),
    ("32010141079000011", "this one has 17"),
    ("9901014107900001", "province code 99"),
    ("2001014107900001", "province code 20"),
    ("3200014107900001", "regency/city"),
    ("3201004107900001", "district"),
    ("3201017207900001", "day of birth"),          # day 72
    ("3201013207900001", "day of birth"),          # 32
    ("3201010007900001", "day of birth"),          # 00
    ("3201010113900001", "month of birth"),        # month 13
    ("3201010100900001", "month of birth"),
    ("3201013002900001", "not a real date"),       # 30 February
    ("3201017102900001", "not a real date"),       # a woman born 31 February
    ("3201014107900000", "serial"),
])
def test_each_rule_has_its_message(nik, words):
    with translation.override("en"):  # the rule's words, in the source language
        check = nik_check(nik)
    assert not check.valid
    assert words in check.error


def test_nik_clean_names_the_field():
    with pytest.raises(Invalid) as error:
        nik_clean("123", field_name="nik")
    assert set(error.value.fields) == {"nik"}
    assert "123" not in error.value.fields["nik"]


def test_mask_shows_region_and_serial_only():
    assert nik_mask("3201014107900001") == "3201********0001"


def test_the_rule_is_explained_in_indonesian_by_default():
    check = nik_check("9901014107900001")
    assert not check.valid and "provinsi" in check.error.lower()
