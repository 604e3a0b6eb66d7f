"""The display board's Indonesian call sentence, built on the server."""

from mpp.queueing.voice import call_sentence, counter_words, number_words


def test_the_sentence_of_the_issue():
    assert call_sentence(prefix="A", number=12, counter_code="L03", counter_name="Loket 3") == (
        "Nomor antrean A nol satu dua, silakan menuju loket tiga.")


def test_numbers_are_said_digit_by_digit():
    assert number_words("B", 7) == "B nol nol tujuh"
    assert number_words("B", 120) == "B satu dua nol"
    assert number_words("PA", 1) == "P A nol nol satu"


def test_counters_are_said_in_words():
    assert counter_words("L21", "Loket 21") == "loket dua puluh satu"
    assert counter_words("samsat-1", "Loket Samsat 1") == "loket satu"
    assert counter_words("cs", "Loket Prioritas") == "loket prioritas"
    assert counter_words("cs", "Meja Layanan") == "loket Meja Layanan"
