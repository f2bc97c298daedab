"""Where the bundled resources (stylesheet, sample library, icons) live at run time."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside a frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [Path(__file__).resolve().parent.parent.parent / "resources"]
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "resources")
    candidates.append(Path(sys.prefix) / "share" / "article-editor" / "resources")
    for candidate in candidates:
        if (candidate / "preview.css").is_file():
            return candidate
    return candidates[0]


def resource(name: str) -> Path:
    return resources_dir() / name
