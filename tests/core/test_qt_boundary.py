"""The core never imports Qt: checked by importing every core module with PySide6 blocked."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import editor.core

BLOCK_QT = """
import importlib, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "editor"):
            if name.startswith("editor.ui") or not name.startswith("editor"):
                raise ImportError(f"{name} imported from the core")
        return None
sys.meta_path.insert(0, BlockQt())
for name in sys.argv[1:]:
    importlib.import_module(name)
import editor.cli
print("ok")
"""


def test_core_and_cli_import_without_qt() -> None:
    """Ensure every editor.core module (and the CLI) imports with Qt unavailable."""
    modules = [f"editor.core.{info.name}" for info in pkgutil.iter_modules(editor.core.__path__)]
    assert "editor.core.front_matter" in modules
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *modules], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
