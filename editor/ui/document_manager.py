"""Open articles: load each once, track unsaved ones, keep recovery files (not the window's job)."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.article import Article
from editor.core.config import TeamConfig
from editor.core.recovery import RecoveryStore
from editor.ui.article_document import ArticleDocument

_NEW_ARTICLES = itertools.count(1)


class DocumentManager(QObject):
    """Keeps the ArticleDocuments opened this session, keyed by file, and their recovery."""

    unsaved_changed = Signal(Path, bool)  # a document became modified, or was saved/reverted

    AUTOSAVE_MS = 2000  # recovery is written this long after typing stops

    def __init__(
        self, parent: QObject | None = None, recovery: RecoveryStore | None = None
    ) -> None:
        super().__init__(parent)
        self.recovery = recovery or RecoveryStore()
        self._documents: dict[Path, ArticleDocument] = {}  # by file
        self._tracked: dict[int, ArticleDocument] = {}  # every document, new ones included
        self._keys: dict[int, str] = {}  # id(document) -> recovery key
        self._autosave = QTimer(self, singleShot=True, interval=self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_recovery)

    def open(self, path: Path, config: TeamConfig) -> ArticleDocument:
        """The open document for ``path``, loading it if needed (ArticleError if unusable)."""
        key = path.resolve()
        document = self._documents.get(key)
        if document is None:
            document = ArticleDocument(Article.load(path), config, self)
            self.adopt(path, document)
        return document

    def adopt(self, path: Path | None, document: ArticleDocument) -> None:
        """Track a document (a new article is tracked before it has a file name)."""
        old_key = self._keys.get(id(document))
        if path is not None:
            self._documents[path.resolve()] = document
        self._tracked[id(document)] = document
        self._keys[id(document)] = RecoveryStore.key(path, str(next(_NEW_ARTICLES)))
        if old_key is not None:
            self.recovery.discard(old_key)  # a new article got its name: one file, new key
            return
        document.changed.connect(self._autosave.start)
        document.saved.connect(lambda d=document: self.recovery.discard(self._keys[id(d)]))
        document.modification_changed.connect(
            lambda modified, d=document: self._on_modification(d, modified)
        )

    def _on_modification(self, document: ArticleDocument, modified: bool) -> None:
        if document.path is not None:
            self.unsaved_changed.emit(document.path.resolve(), modified)
        if not modified:
            self.recovery.discard(self._keys[id(document)])  # undone back to the saved text

    def write_recovery(self) -> None:
        """Write every unsaved document's text to its recovery file now."""
        for document in self.documents():
            if document.is_modified:
                key = self._keys[id(document)]
                self.recovery.save(key, document.path, document.text(), document.loaded_digest)

    def close(self, document: ArticleDocument) -> None:
        """Forget a document and its unsaved edits (the user chose to discard them)."""
        for key, value in list(self._documents.items()):
            if value is document:
                del self._documents[key]
        self._tracked.pop(id(document), None)
        recovery_key = self._keys.pop(id(document), None)
        if recovery_key is not None:
            self.recovery.discard(recovery_key)
        document.deleteLater()

    def unsaved(self) -> list[ArticleDocument]:
        return [d for d in self.documents() if d.is_modified]

    def documents(self) -> list[ArticleDocument]:
        return list(self._tracked.values())
