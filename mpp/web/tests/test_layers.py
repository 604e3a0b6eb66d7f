"""The layers hold: no import circles, no upward arrows, and every router imports on its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import mpp

ROOT = Path(mpp.__file__).resolve().parent
API_MODULES = sorted(f"mpp.{path.parent.name}.api" for path in ROOT.glob("*/api.py"))


def test_every_app_has_its_router_found():
    assert {"mpp.accounts.api", "mpp.bookings.api", "mpp.catalog.api", "mpp.queueing.api",
            "mpp.realtime.api"} <= set(API_MODULES)


@pytest.mark.parametrize("module", API_MODULES)
def test_an_apps_api_module_imports_first(module):
    """A router never needs the module that mounts it: importing any app's api.py first, in
    a fresh interpreter, works (it raised ImportError while every api.py imported mpp.api)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mpp.settings"}
    code = f"import django; django.setup(); import {module}; import mpp.api"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT.parent, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
