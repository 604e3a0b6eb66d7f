"""Personal data as it may be shown outside the task that needs it."""

from __future__ import annotations


def name_mask(name: str) -> str:
    """'Siti Rahmawati' -> 'S*** R********': enough for its owner to recognise, too little for
    a stranger who has the booking code (a code is printed, photographed, passed around)."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())
