"""Shared test set-up: paths to fixtures, headless Qt, and a private home for every test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Chromium (QtWebEngine) refuses to run as root unless its sandbox is off.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SEED = FIXTURES / "seed.md"
REPO = TESTS.parent
SAMPLES = REPO / "resources" / "samples"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ensure no test reads or writes the developer's own settings, cache or recovery files."""
    home = tmp_path_factory.mktemp("home")
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    return home


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed article in a folder of its own."""
    target = tmp_path / "library" / "turning-setbacks-into-opportunities-interview-rejections.md"
    target.parent.mkdir()
    shutil.copyfile(SEED, target)
    return target


@pytest.fixture
def sample_library(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample library."""
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target
