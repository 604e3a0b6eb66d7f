"""Working days: national holidays and cuti bersama, the site's own closed days, open weekdays,
and the site's own timezone for "today"."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from mpp.catalog import services as catalog
from mpp.catalog.calendar import WorkingCalendar, national_holidays, site_today
from mpp.conftest import build_mall

pytestmark = pytest.mark.django_db


def test_2026_has_17_public_holidays_and_25_with_cuti_bersama():
    holidays_2026 = national_holidays(2026)
    assert len(holidays_2026) == 25
    assert date(2026, 8, 17) in holidays_2026  # Hari Kemerdekaan
    assert date(2026, 3, 20) in holidays_2026  # cuti bersama Idulfitri


def test_weekends_holidays_and_closed_days_are_not_working_days(mall):
    catalog.closed_day_add(site=mall.site, date=date(2026, 11, 24), reason="Hari Jadi Kota Uji")
    calendar = WorkingCalendar.for_site(mall.site)
    assert calendar.is_working_day(date(2026, 11, 23))  # a Monday
    assert calendar.closed_reason(date(2026, 11, 24)) == "Hari Jadi Kota Uji"
    assert not calendar.is_working_day(date(2026, 11, 28))  # Saturday
    assert not calendar.is_working_day(date(2026, 12, 25))  # Natal


def test_deadlines_count_working_days_over_holidays(mall):
    calendar = WorkingCalendar.for_site(mall.site)
    # Received Friday 14 Aug 2026; Mon 17 Aug is Independence Day: 3 working days -> Thu 20.
    assert calendar.add_working_days(date(2026, 8, 14), 3) == date(2026, 8, 20)
    # Received on a Saturday: counting starts from the next working day.
    assert calendar.add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 30)
    # Idulfitri 2026: 18-24 March closed (with cuti bersama and the weekend).
    assert calendar.add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    assert calendar.working_days_between(date(2026, 3, 17), date(2026, 3, 25)) == 1


def test_agency_open_days_narrow_the_site_s(mall):
    calendar = WorkingCalendar.for_site(mall.site)
    assert calendar.agency_open_on(mall.samsat, date(2026, 11, 24))  # Tuesday
    assert not calendar.agency_open_on(mall.samsat, date(2026, 11, 23))  # Monday
    assert calendar.agency_open_on(mall.disdukcapil, date(2026, 11, 23))


def test_closing_the_same_day_twice_names_the_field(mall):
    catalog.closed_day_add(site=mall.site, date=date(2026, 11, 24))
    with pytest.raises(Exception) as error:
        catalog.closed_day_add(site=mall.site, date=date(2026, 11, 24))
    assert "date" in error.value.fields


@pytest.mark.parametrize(
    "zone, expected",
    [("Asia/Jakarta", date(2026, 11, 23)), ("Asia/Makassar", date(2026, 11, 24)),
     ("Asia/Jayapura", date(2026, 11, 24))],
)
def test_today_is_the_site_s_local_date(db, monkeypatch, zone, expected):
    # 16:30 UTC is 23:30 WIB, 00:30 WITA and 01:30 WIT.
    instant = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    site = build_mall(slug=f"uji-{zone.split('/')[1].lower()}", timezone=zone).site
    assert site_today(site) == expected
