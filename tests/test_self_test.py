"""``article-editor --self-test`` from source, run as CI and a writer would: a real subprocess."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor import __version__
from editor.self_test import Report
from tests.conftest import REPO

RESOURCES = REPO / "resources"


def _run(code: str | None, home: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the self-test (or ``code`` that calls it) in a fresh interpreter with its own home."""
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    # As a writer would start it: whatever the desktop, the self-test goes offscreen itself.
    environment.pop("QT_QPA_PLATFORM", None)
    command = (
        [sys.executable, "-m", "editor", "--self-test"]
        if code is None
        else [
            sys.executable,
            "-c",
            code,
        ]
    )
    return subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=timeout
    )


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


Run = tuple[subprocess.CompletedProcess[str], Path, dict[str, str]]


@pytest.fixture(scope="module")
def passing_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    home = tmp_path_factory.mktemp("self-test-home")
    before = _snapshot(RESOURCES)
    result = _run(None, home)
    assert _snapshot(RESOURCES) == before, "the self-test changed the bundled resources"
    return result, home, before


def test_self_test_passes_from_source(
    passing_run: Run,
) -> None:
    """Ensure every check passes from a checkout and the exit code says so."""
    result, _home, _before = passing_run
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"article-editor {__version__} self-test (source in ")
    assert lines[-1] == "self-test passed: 8 ok, 0 failed"
    checks = lines[1:-1]
    assert len(checks) == 8 and all(line.startswith("ok   ") for line in checks), checks


@pytest.mark.parametrize(
    "expected",
    [
        "ok   resources found in",
        'ok   opened seed article "Turning Setbacks into Opportunities: Interview Rejections"',
        "ok   repair finds 48 damaged characters (UTF-8 read as Mac Roman, 48 characters)",
        "ok   open and save without edits gives the same 24283 bytes",
        "ok   Qt ",
        'ok   window opened "Turning Setbacks into Opportunities: Interview Rejections"',
        'ok   preview rendered "Key Takeaways"',
        "ok   window saved a title edit on line 2 only, and its undo byte for byte",
    ],
)
def test_self_test_reports_each_check(passing_run: Run, expected: str) -> None:
    """Ensure each check has its own line, in the words the release notes quote."""
    result, _home, _before = passing_run
    assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.stdout


def test_self_test_is_headless_and_sandbox_follows_root(
    passing_run: Run,
) -> None:
    """Ensure it runs offscreen and turns Chromium's sandbox off only for root."""
    result, _home, _before = passing_run
    qt_line = next(line for line in result.stdout.splitlines() if line.startswith("ok   Qt "))
    assert "offscreen platform" in qt_line
    expected = "web sandbox off" if os.geteuid() == 0 else "web sandbox on"
    assert expected in qt_line


def test_self_test_writes_nothing_to_the_users_folders(
    passing_run: Run,
) -> None:
    """Ensure settings, caches and the article copies stay in the self-test's own folder."""
    _result, home, _before = passing_run
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_failed_check_is_reported_and_exits_1(tmp_path: Path) -> None:
    """Ensure a check that does not hold prints FAIL, the others still run, and exit is 1."""
    code = (
        "import sys, editor.self_test as t\n"
        "t.SEED_DAMAGED_CHARACTERS = 47\n"  # the seed has 48: this check must fail
        "sys.exit(t.run())\n"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("FAIL repair finds 48 damaged characters") for line in lines)
    assert any(line.startswith("ok   preview rendered") for line in lines)
    assert lines[-1] == "self-test FAILED: 7 ok, 1 failed"


def test_preview_wait_is_time_boxed(tmp_path: Path) -> None:
    """Ensure a preview that never shows the expected text fails in time instead of hanging."""
    code = (
        "import sys, editor.self_test as t\n"
        "t.RENDERED_HEADING = 'A heading the seed does not have'\n"
        "t.WAIT_SECONDS = 3\n"
        "sys.exit(t.run())\n"
    )
    result = _run(code, tmp_path, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(
        line.startswith('FAIL preview rendered "A heading the seed does not have"')
        for line in result.stdout.splitlines()
    ), result.stdout


def test_report_needs_a_passed_check_to_succeed(capsys: pytest.CaptureFixture[str]) -> None:
    """Ensure an empty run is not a pass, and each verdict prints one line."""
    report = Report()
    assert report.exit_code == 1
    report.ok("first")
    assert report.exit_code == 0
    assert not report.check(False, "second", "why")
    assert report.exit_code == 1
    assert capsys.readouterr().out == "ok   first\nFAIL second: why\n"
