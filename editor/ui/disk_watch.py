"""Notices when an open article's file changes, moves or disappears behind the editor's back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.storage import differs_from
from editor.ui.article_document import ArticleDocument


class DocumentWatcher(QObject):
    """Watches the files of open documents; ``changed_on_disk(document, gone)`` says which."""

    changed_on_disk = Signal(object, bool)  # ArticleDocument, True when the file is gone

    SETTLE_MS = 300  # editors and git write in bursts (or delete then rename): look once

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._documents: dict[str, ArticleDocument] = {}
        self._pending: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=self.SETTLE_MS)
        self._timer.timeout.connect(self._look)
        self._watcher.fileChanged.connect(self._on_file_changed)

    def watch(self, document: ArticleDocument) -> None:
        if document.path is None:
            return
        key = str(document.path)
        self._documents[key] = document
        if key not in self._watcher.files() and document.path.exists():
            self._watcher.addPath(key)

    def unwatch(self, document: ArticleDocument) -> None:
        for key, value in list(self._documents.items()):
            if value is document:
                del self._documents[key]
                self._watcher.removePath(key)

    def _on_file_changed(self, path: str) -> None:
        self._pending.add(path)
        self._timer.start()

    def _look(self) -> None:
        for key in sorted(self._pending):
            document = self._documents.get(key)
            if document is None:
                continue
            path = Path(key)
            if path.exists() and key not in self._watcher.files():
                self._watcher.addPath(key)  # an atomic save replaced the file: watch the new one
            gone = not path.exists()
            if gone or differs_from(path, document.loaded_digest):
                self.changed_on_disk.emit(document, gone)
        self._pending.clear()
