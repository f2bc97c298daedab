"""Atomic saves: the file on disk is always wholly old or wholly new, whatever happens."""

from __future__ import annotations

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor.core.storage import atomic_write

WRITER = """
import sys
from pathlib import Path
from editor.core.storage import atomic_write
path, marker = Path(sys.argv[1]), sys.argv[2].encode()
data = marker * (int(sys.argv[3]) // len(marker))
print("ready", flush=True)
while True:
    atomic_write(path, data)
"""


def _run_writer(path: Path, marker: str, size: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), marker, str(size)], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"ready"
    return process


def test_kill_during_save_leaves_old_or_new_file(tmp_path: Path) -> None:
    """Ensure 200 SIGKILLs at random moments of saving a large article never tear it."""
    path = tmp_path / "article.md"
    size = 4 * 1024 * 1024
    old = b"OLD-" * (size // 4)
    path.write_bytes(old)
    new = b"NEW-" * (size // 4)
    seen = {"old": 0, "new": 0}
    rng = random.Random(20261126)
    for _ in range(200):
        process = _run_writer(path, "NEW-", size)
        time.sleep(rng.uniform(0, 0.04))  # a random moment inside (or between) saves
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = path.read_bytes()
        assert data in (old, new), f"torn file of {len(data)} bytes"
        seen["old" if data == old else "new"] += 1
        path.write_bytes(old)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "article.md"]
    assert seen["new"] > 0 and seen["old"] > 0, seen
    assert all(name.startswith(".article.md.") for name in leftovers)


def test_permissions_are_kept(tmp_path: Path) -> None:
    """Ensure a save keeps the file's mode (a group-writable file stays group-writable)."""
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o664)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


SAVE_AS_USER = """
import sys
from pathlib import Path
from editor.core.storage import StorageError, atomic_write
try:
    atomic_write(Path(sys.argv[1]), b"new")
    print("saved")
except StorageError as error:
    print(error)
"""


def _save_as_writer(path: Path) -> str:
    """Save as an ordinary user would: root runs without the power to ignore permissions."""
    command = [sys.executable, "-c", SAVE_AS_USER, str(path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop CAP_DAC_OVERRIDE")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    """Ensure a read-only file is not replaced and the error says so in one sentence."""
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o444)
    message = _save_as_writer(path)
    assert message == f"{path}: cannot save: the file is read-only"
    assert path.read_bytes() == b"old"


def test_read_only_folder_keeps_the_original(tmp_path: Path) -> None:
    """Ensure a folder that refuses the temporary file leaves the original untouched."""
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o666)
    folder.chmod(0o555)
    message = _save_as_writer(path)
    assert message.startswith(f"{path}: cannot save: ") and "\n" not in message
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]
    folder.chmod(0o755)


DISK_FULL = """
import resource, signal, sys
from pathlib import Path
from editor.core.storage import StorageError, atomic_write
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
try:
    atomic_write(Path(sys.argv[1]), b"x" * 100_000)
except StorageError as error:
    print(error)
"""


def test_disk_full_keeps_the_original(tmp_path: Path) -> None:
    """Ensure a write that runs out of room fails cleanly, original intact, no temp left."""
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "cannot save" in result.stdout and "\n" not in result.stdout.strip()
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
