"""The index as PermenPANRB 14/2017 computes it (domain.md): NRR per element, the exact
weight 1/9, rounding only at the end, the grade table, Krejcie-Morgan's minimum sample."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mpp.feedback import ikm


def sums(per_element: dict[str, int] | int, respondents: int = 1) -> dict[str, int]:
    if isinstance(per_element, int):
        return {key: per_element * respondents for key in ikm.KEYS}
    return per_element


def test_all_fours_is_a_hundred_and_an_a():
    index = ikm.index_of(sums=sums(4), respondents=1, population=1)
    assert (index.ikm, index.score, index.grade) == (4.0, 100.0, "A")
    assert index.nrr == {key: 4.0 for key in ikm.KEYS}


def test_all_ones_is_twenty_five_and_a_d():
    index = ikm.index_of(sums=sums(1), respondents=1, population=1)
    assert (index.score, index.grade) == (25.0, "D")


@pytest.mark.parametrize("score, grade", [
    ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"), ("88.30", "B"),
    ("88.31", "A"), ("100.00", "A")])
def test_grade_boundaries(score, grade):
    assert ikm.grade_of(Decimal(score))[0] == grade


def test_the_exact_weight_keeps_a_grade_the_printed_0_111_would_flip():
    # 10 respondents, 276 points in all: with 1/9 exactly the score is 76.67 (B); with the
    # regulation's printed weight 0.111 it would be 76.59 (C)
    element_sums = {"U1": 31, "U2": 31, "U3": 31, "U4": 31, "U5": 31, "U6": 31, "U7": 30,
                    "U8": 30, "U9": 30}
    index = ikm.index_of(sums=element_sums, respondents=10, population=10)
    assert (index.score, index.grade) == (76.67, "B")
    printed = Decimal(str(round(sum(v / 10 * 0.111 for v in element_sums.values()) * 25, 2)))
    assert printed == Decimal("76.59") and ikm.grade_of(printed)[0] == "C"


@pytest.mark.parametrize("population, needed", [(600, 234), (1000, 278), (10000, 370),
                                                (0, 0), (1, 1)])
def test_minimum_sample(population, needed):
    assert ikm.minimum_sample(population) == needed


def test_no_respondents_has_no_grade():
    index = ikm.index_of(sums=sums(0), respondents=0, population=100)
    assert index.grade is None and index.respondents == 0 and not index.sample_sufficient
    assert index.minimum_sample == 80
