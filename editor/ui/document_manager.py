"""Open articles: load each once, track unsaved ones, save them safely (not the window's job)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from editor.core.article import Article
from editor.core.config import TeamConfig
from editor.ui.article_document import ArticleDocument


class DocumentManager(QObject):
    """Keeps the ArticleDocuments the user opened this session, keyed by file."""

    unsaved_changed = Signal(Path, bool)  # a document became modified, or was saved/reverted

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: dict[Path, ArticleDocument] = {}

    def open(self, path: Path, config: TeamConfig) -> ArticleDocument:
        """The open document for ``path``, loading it if needed (ArticleError if unusable)."""
        key = path.resolve()
        document = self._documents.get(key)
        if document is None:
            document = ArticleDocument(Article.load(path), config, self)
            document.modification_changed.connect(
                lambda modified, p=key: self.unsaved_changed.emit(p, modified)
            )
            self._documents[key] = document
        return document

    def adopt(self, path: Path, document: ArticleDocument) -> None:
        """Track a document created elsewhere (a new article given its file name)."""
        key = path.resolve()
        self._documents[key] = document
        document.modification_changed.connect(
            lambda modified, p=key: self.unsaved_changed.emit(p, modified)
        )

    def close(self, document: ArticleDocument) -> None:
        for key, value in list(self._documents.items()):
            if value is document:
                del self._documents[key]
        document.deleteLater()

    def unsaved(self) -> list[ArticleDocument]:
        return [d for d in self._documents.values() if d.is_modified]

    def documents(self) -> list[ArticleDocument]:
        return list(self._documents.values())
