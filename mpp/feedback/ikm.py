"""The satisfaction survey's index (SKM/IKM, PermenPANRB 14/2017), pure arithmetic.

Nine elements (unsur) keyed U1-U9, each answered 1 to 4, stored by key, never by the
question's position. NRR_i is the mean answer of element i; IKM = sum(NRR_i x 1/9) with the
exact weight 1/9 (the regulation prints 0.111, which can flip a grade at a boundary); the
converted score is IKM x 25; only the final figures are rounded, to two decimals. The
minimum sample for a population N is Krejcie-Morgan's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ELEMENTS: tuple[tuple[str, object], ...] = (
    ("U1", _("Requirements")),
    ("U2", _("System, mechanism and procedure")),
    ("U3", _("Completion time")),
    ("U4", _("Fee")),
    ("U5", _("Product specification")),
    ("U6", _("Officers' competence")),
    ("U7", _("Officers' conduct")),
    ("U8", _("Handling of complaints, suggestions and input")),
    ("U9", _("Facilities")),
)
KEYS = tuple(key for key, _label in ELEMENTS)
LOWEST, HIGHEST = 1, 4

# The regulation's sample questionnaire (PermenPANRB 14/2017, annex), by element key: the
# question and its four answers, worth 1 to 4. The sample asks about the facilities 8th and
# complaints handling 9th; here each question sits under its own element (U8 complaints,
# U9 facilities), whatever order a printed form uses.
QUESTIONS: dict[str, object] = {
    "U1": _("What do you think of how well the service's requirements fit the kind of "
            "service?"),
    "U2": _("How easy do you find the service's procedure at this unit?"),
    "U3": _("What do you think of the speed of the service?"),
    "U4": _("What do you think of the fairness of the service's fee?"),
    "U5": _("What do you think of how well the product you received matches the one in the "
            "service standard?"),
    "U6": _("What do you think of the officers' competence in serving you?"),
    "U7": _("What do you think of the officers' conduct: their politeness and friendliness?"),
    "U8": _("What do you think of the handling of the service users' complaints?"),
    "U9": _("What do you think of the quality of the facilities?"),
}


# The four answers of each element, worth 1, 2, 3 and 4 (their position + 1); literal calls
# so that makemessages finds them, in the context "survey answer" ("Good" or "Free" mean
# other things elsewhere).
ANSWERS: dict[str, tuple[object, object, object, object]] = {
    "U1": (
        pgettext_lazy("survey answer", "Not fitting"),
        pgettext_lazy("survey answer", "Less fitting"),
        pgettext_lazy("survey answer", "Fitting"),
        pgettext_lazy("survey answer", "Very fitting"),
    ),
    "U2": (
        pgettext_lazy("survey answer", "Not easy"),
        pgettext_lazy("survey answer", "Less easy"),
        pgettext_lazy("survey answer", "Easy"),
        pgettext_lazy("survey answer", "Very easy"),
    ),
    "U3": (
        pgettext_lazy("survey answer", "Not fast"),
        pgettext_lazy("survey answer", "Less fast"),
        pgettext_lazy("survey answer", "Fast"),
        pgettext_lazy("survey answer", "Very fast"),
    ),
    "U4": (
        pgettext_lazy("survey answer", "Very expensive"),
        pgettext_lazy("survey answer", "Fairly expensive"),
        pgettext_lazy("survey answer", "Cheap"),
        pgettext_lazy("survey answer", "Free"),
    ),
    "U5": (
        pgettext_lazy("survey answer", "Not matching"),
        pgettext_lazy("survey answer", "Less matching"),
        pgettext_lazy("survey answer", "Matching"),
        pgettext_lazy("survey answer", "Very matching"),
    ),
    "U6": (
        pgettext_lazy("survey answer", "Not competent"),
        pgettext_lazy("survey answer", "Less competent"),
        pgettext_lazy("survey answer", "Competent"),
        pgettext_lazy("survey answer", "Very competent"),
    ),
    "U7": (
        pgettext_lazy("survey answer", "Not polite and friendly"),
        pgettext_lazy("survey answer", "Less polite and friendly"),
        pgettext_lazy("survey answer", "Polite and friendly"),
        pgettext_lazy("survey answer", "Very polite and friendly"),
    ),
    "U8": (
        pgettext_lazy("survey answer", "There is none"),
        pgettext_lazy("survey answer", "There is, but it does not work"),
        pgettext_lazy("survey answer", "It works, not at its best"),
        pgettext_lazy("survey answer", "Well managed"),
    ),
    "U9": (
        pgettext_lazy("survey answer", "Poor"),
        pgettext_lazy("survey answer", "Adequate"),
        pgettext_lazy("survey answer", "Good"),
        pgettext_lazy("survey answer", "Very good"),
    ),
}

# (lowest converted score of the grade, grade, performance), best first
GRADES: tuple[tuple[Decimal, str, object], ...] = (
    (Decimal("88.31"), "A", _("Very good")),
    (Decimal("76.61"), "B", _("Good")),
    (Decimal("65.00"), "C", _("Less than good")),
    (Decimal("25.00"), "D", _("Not good")),
)


def _two_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade_of(score: Decimal) -> tuple[str, object]:
    """The grade and performance of a converted score (already rounded to two decimals)."""
    for lowest, grade, performance in GRADES:
        if score >= lowest:
            return grade, performance
    return GRADES[-1][1], GRADES[-1][2]


def minimum_sample(population: int) -> int:
    """Krejcie-Morgan: n = round(3.841 N 0.25 / (0.0025 (N - 1) + 0.96025))."""
    if population <= 0:
        return 0
    return round(3.841 * population * 0.25 / (0.0025 * (population - 1) + 0.96025))


@dataclass(frozen=True)
class Index:
    respondents: int
    nrr: dict[str, float]  # per element, rounded to two decimals for display
    ikm: float  # rounded to two decimals
    score: float
    grade: str | None
    performance: str | None
    minimum_sample: int
    sample_sufficient: bool


def index_of(*, sums: dict[str, int], respondents: int, population: int) -> Index:
    """The index from the sum of the answers of each element over `respondents` responses,
    exactly (fractions) until the final rounding; `population` sizes the minimum sample."""
    needed = minimum_sample(population)
    if respondents == 0:
        return Index(respondents=0, nrr={key: 0.0 for key in KEYS}, ikm=0.0, score=0.0,
                     grade=None, performance=None, minimum_sample=needed,
                     sample_sufficient=False)
    nrr = {key: Fraction(sums[key], respondents) for key in KEYS}
    ikm = sum((value * Fraction(1, len(KEYS)) for value in nrr.values()), Fraction(0))
    score = _two_places(ikm * 25)
    grade, performance = grade_of(score)
    return Index(respondents=respondents,
                 nrr={key: float(_two_places(value)) for key, value in nrr.items()},
                 ikm=float(_two_places(ikm)), score=float(score), grade=grade,
                 performance=str(performance), minimum_sample=needed,
                 sample_sufficient=respondents >= needed)
