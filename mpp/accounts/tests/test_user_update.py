"""accounts.services.user_update: a staff account changes in one piece or not at all."""

import pytest

from mpp.accounts.models import Role, User
from mpp.accounts.services import user_update
from mpp.errors import Invalid

pytestmark = pytest.mark.django_db


def test_dewi_moves_from_officer_to_disdukcapil_admin(mall):
    dewi = user_update(user=mall.users["dewi"], role=Role.AGENCY_ADMIN, first_name=" Dewi ",
                       email="dewi@kota-uji.go.id")
    assert (dewi.role, dewi.agency, dewi.is_staff, dewi.first_name, dewi.email) == (
        Role.AGENCY_ADMIN, mall.disdukcapil, True, "Dewi", "dewi@kota-uji.go.id")
    dewi = user_update(user=dewi, role=Role.FRONT_DESK, agency=None)  # a site-wide role
    assert (dewi.role, dewi.agency, dewi.is_staff) == (Role.FRONT_DESK, None, False)


@pytest.mark.parametrize("changes, field", [
    ({"role": Role.OFFICER, "agency": None}, "agency"),          # an officer needs an agency
    ({"role": Role.MALL_ADMIN}, "agency"),                       # a site-wide role has none
    ({"role": "kepala"}, "role"),
    ({"email": "not an address"}, "email"),
    ({"first_name": "x" * 151}, "first_name"),
    ({"last_name": 42}, "last_name"),
    ({"is_active": "yes"}, "is_active"),
])
def test_bad_changes_name_the_field_and_change_nothing(mall, changes, field):
    before = User.objects.values().get(pk=mall.users["dewi"].pk)
    with pytest.raises(Invalid) as error:
        user_update(user=mall.users["dewi"], **{"email": "changed@kota-uji.go.id", **changes})
    assert field in error.value.fields
    assert User.objects.values().get(pk=mall.users["dewi"].pk) == before


def test_an_agency_of_another_site_is_refused(mall):
    from mpp.conftest import build_mall
    other = build_mall(slug="kota-lain")
    with pytest.raises(Invalid) as error:
        user_update(user=mall.users["dewi"], agency=other.disdukcapil)
    assert "agency" in error.value.fields


def test_a_new_password_follows_the_rules_or_changes_nothing(mall):
    from mpp.accounts.services import user_set_password

    dewi = mall.users["dewi"]
    with pytest.raises(Invalid) as error:
        user_set_password(user=dewi, password="123")
    assert "password" in error.value.fields
    assert not User.objects.get(pk=dewi.pk).check_password("123")
    user_set_password(user=dewi, password="loket-satu-2026!")
    assert User.objects.get(pk=dewi.pk).check_password("loket-satu-2026!")
