"""The Indonesian sentence a display board speaks for a call.

Built here, on the server, in words, so that any browser's `id-ID` speech synthesis says it
the same way and no online speech service is needed: "Nomor antrean A nol satu dua, silakan
menuju loket tiga."
"""

from __future__ import annotations

import re

from num2words import num2words

DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def number_words(prefix: str, number: int) -> str:
    """A ticket number digit by digit, as MPP callers say it: "A nol satu dua"."""
    spoken = " ".join(DIGITS[int(d)] for d in f"{number:03d}")
    letters = " ".join(prefix.upper())
    return f"{letters} {spoken}".strip()


def counter_words(code: str, name: str) -> str:
    """ "L03" or "Loket 3" -> "loket tiga"; a counter without a number keeps its name."""
    digits = re.findall(r"\d+", code) or re.findall(r"\d+", name)
    if digits:
        return f"loket {num2words(int(digits[-1]), lang='id')}"
    return name.lower() if name.lower().startswith("loket") else f"loket {name}"


def call_sentence(*, prefix: str, number: int, counter_code: str, counter_name: str) -> str:
    return (f"Nomor antrean {number_words(prefix, number)}, silakan menuju "
            f"{counter_words(counter_code, counter_name)}.")
