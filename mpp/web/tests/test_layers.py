"""The layers hold: no import circles, no upward arrows, and every router imports on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import mpp
from mpp.lib import layers

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


# --- the layers checker (mpp/lib/layers.py) ------------------------------------------------------

def test_the_project_keeps_its_layers():
    """No module circle, no app circle, no upward arrow, routers mounted in mpp/api.py only,
    no private name used across modules."""
    report = layers.check(ROOT)
    assert report.modules > 100
    assert report.problems() == []


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for folder in {(root / name).parent for name in files}:
        while folder != root.parent:
            (folder / "__init__.py").touch()
            folder = folder.parent
    return root


def test_the_checker_finds_each_kind_of_problem(tmp_path):
    """A made-up project with one of each: the checker names every one (the real one has none,
    so without this a checker that finds nothing would pass)."""
    root = write_package(tmp_path / "proj", {
        # a module circle inside one app, with a late import (hidden from Python, not from us)
        "shop/services.py": "from proj.shop import tasks\n",
        "shop/tasks.py": "def run():\n    from .services import go\n",
        # an app circle between domains: shop -> stock -> shop
        "shop/selectors.py": "from proj.stock.models import Item\n",
        "stock/models.py": "class Item: ...\n",
        "stock/services.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from proj.shop.selectors import x\n"),
        # an upward arrow: a domain module imports its app's views
        "stock/selectors.py": "from . import views\n",
        "stock/views.py": "from . import selectors\n",
        # a router imported by another app's router, and a private name reached into
        "shop/api.py": "from proj.stock.api import router\nfrom proj.stock import services\n"
                       "services._secret()\n",
        "stock/api.py": "router = None\n",
        "api.py": "from proj.shop.api import router\nfrom proj.stock.api import router as r\n",
        "shop/tests/test_x.py": "from proj.shop.services import anything\n",  # left out
    })
    report = layers.check(root)
    assert ["proj.shop.services", "proj.shop.tasks"] in report.module_circles
    assert ["proj.stock.selectors", "proj.stock.views"] in report.module_circles
    assert report.app_circles == [["proj.shop", "proj.stock"]]
    assert report.upward == ["proj.stock.selectors -> proj.stock.views"]
    assert report.router_imports == ["proj.shop.api -> proj.stock.api"]
    assert report.private_uses == ["proj.shop.api uses proj.stock.services._secret"]
    assert len(report.problems()) == 6
    assert layers.main([str(root)]) == 1


def test_the_checker_passes_a_clean_package(tmp_path):
    root = write_package(tmp_path / "clean", {
        "shop/models.py": "class Order: ...\n",
        "shop/services.py": "from .models import Order\nfrom clean.stock.models import Item\n",
        "shop/api.py": "from . import services\nfrom clean.stock import schemas\n",
        "stock/models.py": "class Item: ...\n",
        "stock/schemas.py": "from .models import Item\n",
        "api.py": "from clean.shop.api import router\n",
    })
    report = layers.check(root)
    assert report.problems() == []
    assert layers.main([str(root)]) == 0


def test_old_task_paths_still_name_the_tasks():
    """Task rows queued before the tasks moved beside their services name the old module."""
    from django.utils.module_loading import import_string

    from mpp.notifications import periodic, services

    assert import_string("mpp.notifications.tasks.notification_send_task") \
        is services.notification_send_task
    assert import_string("mpp.notifications.tasks.periodic_run_task") is periodic.periodic_run_task
