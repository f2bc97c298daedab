"""Send Undo/Redo keys from form inputs to the article's one undo history.

A QLineEdit keeps a private undo stack; pressing Ctrl+Z in the Title field would undo
inside the field and leave the article text behind. Refusing the shortcut override lets
the window's Undo action (bound to the same keys) undo the document instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget


class _UndoRouter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.ignore()
            return True
        return False


_ROUTER: _UndoRouter | None = None


def route_undo_to_document(*widgets: QWidget) -> None:
    """Let the window's Undo/Redo actions take these widgets' undo keys."""
    global _ROUTER
    if _ROUTER is None:
        _ROUTER = _UndoRouter()
    for widget in widgets:
        widget.installEventFilter(_ROUTER)
