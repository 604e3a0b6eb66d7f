"""Booking codes: readable alphabet, forgiving input, a QR."""

from mpp.lib.codes import ALPHABET, code_display, code_new, code_normalize, code_qr_svg


def test_alphabet_leaves_out_look_alikes():
    for char in "0O1IL":
        assert char not in ALPHABET
    codes = {code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 8 and set(c) <= set(ALPHABET) for c in codes)


def test_typed_codes_are_normalized():
    assert code_normalize(" k7qx-3mza ") == "K7QX3MZA"
    assert code_normalize("K7QX 3MZA") == "K7QX3MZA"
    assert code_display("K7QX3MZA") == "K7QX-3MZA"


def test_impossible_codes_are_refused():
    for typed in ("K7QX3MZ", "K7QX3MZAA", "K7QX3MZ0", "K7QX3MZO", "K7QX3MZ1", "", None, 123):
        assert code_normalize(typed) is None


def test_qr_is_svg():
    assert code_qr_svg("K7QX3MZA").startswith("<svg")
