from datetime import time

import pytest

from mpp.catalog import services as catalog
from mpp.notifications.tests import gateways


@pytest.fixture
def site(db):
    return catalog.site_create(slug="kota-uji", name="MPP Kota Uji", timezone="Asia/Jakarta",
                               open_days=[1, 2, 3, 4, 5], opens_at=time(8), closes_at=time(16))


@pytest.fixture
def recording_gateway(settings):
    settings.MPP_NOTIFY_GATEWAY = "mpp.notifications.tests.gateways.RecordingGateway"
    gateways.sent.clear()
    yield gateways.sent
    gateways.sent.clear()
