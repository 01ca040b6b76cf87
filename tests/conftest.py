"""Fixtures shared by every test module (the only place fixtures are defined
for more than one module)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GEOEVENTS_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("GEOEVENTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder (seed article, GeoNames tables, eval corpora)."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir) -> Path:
    path = shared_dir / "seed" / "syria-2024-12-03.txt"
    if not path.exists():
        pytest.skip(f"seed article missing: {path}")
    return path


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def eval_dir(shared_dir) -> Path:
    path = shared_dir / "eval"
    if not path.is_dir():
        pytest.skip(f"eval corpora missing: {path}")
    return path


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; mandatory under CI=true, skipped with a reason elsewhere."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"chromium is required in CI but {CHROMIUM} does not exist (.ci/run installs it)")
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is required in CI")
        pytest.skip("playwright is not installed")
    return CHROMIUM


#: Launch flags measured to work here (see ../shared/MEASURED.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
