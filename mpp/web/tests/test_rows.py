"""mpp.rows: a model loaded from a plain-SQL row is the instance the ORM would have built."""

import pytest
from django.db import connection

from mpp.accounts.models import User
from mpp.catalog.models import Service, Site
from mpp.rows import Loader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model, pick", [
    (Site, lambda mall: mall.site),                # times, JSON list of open days
    (Service, lambda mall: mall.ktp),              # JSON requirements, decimals, booleans
    (User, lambda mall: mall.users["dewi"]),       # datetimes, booleans, foreign keys
])
def test_a_loaded_row_equals_the_orm_s_instance(mall, model, pick):
    expected = model.objects.get(pk=pick(mall).pk)
    loader = Loader(model)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1, {loader.columns('x')} FROM {model._meta.db_table} x "
                       f"WHERE x.id = %s", [expected.pk])
        row = cursor.fetchone()
    loaded = loader.load(row, 1)
    for field in model._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert not loaded._state.adding and loaded._state.db == "default"
    loaded.full_clean(validate_unique=False)  # a real instance: it validates and saves
    loaded.save()
