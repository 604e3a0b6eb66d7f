"""Words and figures of the public catalog: open days, hours, fees, completion time."""

from __future__ import annotations

from datetime import time

from django import template
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext, ngettext

from mpp.catalog.models import Channel

register = template.Library()


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Consecutive ISO weekdays grouped: [1,2,3,5] -> [(1, 3), (5, 5)]."""
    runs: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


@register.filter
def open_days(days) -> str:
    """ISO weekdays in words: "Senin–Jumat", "Selasa, Kamis" (Django's own day names)."""
    days = [d for d in (days or []) if isinstance(d, int) and 1 <= d <= 7]
    if not days:
        return gettext("Closed")
    if len(set(days)) == 7:
        return gettext("Every day")
    parts = []
    for first, last in _runs(days):
        if first == last:
            parts.append(str(WEEKDAYS[first - 1]))
        elif last == first + 1:
            parts.append(f"{WEEKDAYS[first - 1]}, {WEEKDAYS[last - 1]}")
        else:
            parts.append(f"{WEEKDAYS[first - 1]}–{WEEKDAYS[last - 1]}")
    return ", ".join(parts)


def _clock(value: time) -> str:
    # Indonesian writes 08.00, English 08:00.
    separator = "." if (get_language() or "id").startswith("id") else ":"
    return value.strftime(f"%H{separator}%M")


@register.filter
def hours(item) -> str:
    """Opening hours of a site or agency: "08.00–15.00"."""
    return f"{_clock(item.opens_at)}–{_clock(item.closes_at)}"


@register.filter
def schedule(item) -> str:
    """Open days and hours: "Senin–Jumat 08.00–15.00"."""
    return f"{open_days(item.open_days)} {hours(item)}"


@register.filter
def rupiah(amount) -> str:
    """A fee in rupiah, "Free" when zero: Rp50.000 (Indonesian), Rp50,000 (English)."""
    amount = int(amount or 0)
    if amount == 0:
        return gettext("Free")
    grouped = f"{amount:,}"
    if (get_language() or "id").startswith("id"):
        grouped = grouped.replace(",", ".")
    return f"Rp{grouped}"


@register.filter
def completion(days) -> str:
    """Completion time in working days; 0 is the same day."""
    days = int(days or 0)
    if days == 0:
        return gettext("Finished on the same day")
    return ngettext("%(days)d working day", "%(days)d working days", days) % {"days": days}


@register.filter
def channel_labels(channels) -> list[str]:
    labels = dict(Channel.choices)
    return [str(labels[c]) for c in (channels or []) if c in labels]


@register.filter
def fee_text(service) -> str:
    """The fee in one line: "Gratis"; "Rp50.000 (per lembar)"; a zero fee with a note (e.g.
    "Sesuai tagihan PKB") shows the note, since the amount depends on the case."""
    if service.fee == 0:
        return service.fee_note or rupiah(0)
    if service.fee_note:
        return f"{rupiah(service.fee)} ({service.fee_note})"
    return rupiah(service.fee)
