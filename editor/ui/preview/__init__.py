"""The live preview: a sandboxed web view fed by a background renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.ui.preview.view import PreviewView

__all__ = ["PreviewView"]


def __getattr__(name: str) -> Any:
    # Imported on first use so that a render process, which imports only
    # editor.ui.preview.rendering, never loads Qt or QtWebEngine.
    if name == "PreviewView":
        from editor.ui.preview.view import PreviewView

        return PreviewView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
