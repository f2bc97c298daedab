"""The window's safety net: files changed behind its back, conflicts on save, crash recovery.

Kept out of main_window.py so the rules are in one place: never overwrite silently, never
lose unsaved work, never block the writer with a question nobody asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from editor.core.article import Article, ArticleError
from editor.core.recovery import RecoveryEntry
from editor.core.text_edit import minimal_edit
from editor.ui.article_document import ArticleDocument, LineEndings
from editor.ui.conflict_dialog import Choice, DiffDialog, ask_conflict, disk_diff
from editor.ui.disk_watch import DocumentWatcher
from editor.ui.notice_bar import NoticeBar
from editor.ui.recovery_dialog import RecoveryDialog

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class SafetyNet(QObject):
    def __init__(self, window: MainWindow, notices: NoticeBar) -> None:
        super().__init__(window)
        self.window = window
        self.notices = notices
        self.watcher = DocumentWatcher(self)
        self.watcher.changed_on_disk.connect(self._on_changed_on_disk)
        self._stale: set[int] = set()  # documents whose file changed while they had edits

    # --- files changing on disk --------------------------------------------------------

    def showing(self, document: ArticleDocument) -> None:
        """The window now shows ``document``: watch its file, repeat any pending notice."""
        self.watcher.watch(document)
        self.notices.clear("disk")
        if id(document) in self._stale:
            self._notice_conflict(document)

    def forget(self, document: ArticleDocument) -> None:
        self.watcher.unwatch(document)
        self._stale.discard(id(document))

    def _on_changed_on_disk(self, document: ArticleDocument, gone: bool) -> None:
        name = document.path.name if document.path else "The article"
        current = document is self.window.document
        if gone:
            if current:
                self.notices.show_notice(
                    "disk",
                    f"“{name}” was deleted or moved on disk. Saving writes it back here.",
                    [("OK", lambda: self.notices.clear("disk"))],
                )
            return
        if not document.is_modified:
            try:
                document.reload_from_disk()  # nothing of the writer's to lose; undo still works
            except ArticleError as error:
                self.window.statusBar().showMessage(str(error), 10000)
                return
            self.window.statusBar().showMessage(f"Reloaded {name}: it changed on disk.", 8000)
            return
        self._stale.add(id(document))
        if current:
            self._notice_conflict(document)

    def _notice_conflict(self, document: ArticleDocument) -> None:
        name = document.path.name if document.path else "The article"
        self.notices.show_notice(
            "disk",
            f"<b>“{name}” changed on disk</b> while you were editing it. Your edits are not "
            "saved yet.",
            [
                ("Reload from disk", lambda: self._reload(document)),
                ("Keep mine", lambda: self.notices.clear("disk")),
                ("Compare…", lambda: self._compare(document)),
            ],
        )

    def _reload(self, document: ArticleDocument) -> None:
        try:
            document.reload_from_disk()
        except ArticleError as error:
            self.window.statusBar().showMessage(str(error), 10000)
            return
        self._stale.discard(id(document))
        self.notices.clear("disk")

    def _compare(self, document: ArticleDocument) -> None:
        name = document.path.name if document.path else "The article"
        DiffDialog(f"{name}: on disk and yours", disk_diff(document), self.window).exec()

    def may_save(self, document: ArticleDocument) -> bool:
        """Before saving: if the file changed on disk since it was read, ask (never silently)."""
        if document.path is None or not document.path.exists() or not document.disk_changed():
            return True
        choice = ask_conflict(self.window, document)
        if choice is Choice.RELOAD:
            self._reload(document)
            return False
        if choice is Choice.OVERWRITE:
            self._stale.discard(id(document))
            self.notices.clear("disk")
            return True
        return False

    # --- crash recovery ----------------------------------------------------------------

    def offer_recovery(self) -> None:
        """After start-up, say (without a dialog) that unsaved work from a crash is waiting."""
        QTimer.singleShot(0, self._notice_recovery)

    def _entries(self) -> list[RecoveryEntry]:
        """Recovery files from another session (this session's own unsaved work excluded)."""
        open_documents = {
            str(d.path.resolve())
            for d in self.window.documents.documents()
            if d.path and d.is_modified
        }
        return [
            entry
            for entry in self.window.documents.recovery.entries()
            if entry.path is None or str(entry.path.resolve()) not in open_documents
        ]

    def _notice_recovery(self) -> None:
        entries = self._entries()
        if not entries:
            return
        count = len(entries)
        self.notices.show_notice(
            "recovery",
            f"<b>Unsaved work found</b> from an earlier session: {count} "
            f"article{'s' if count != 1 else ''}.",
            [("Review…", self.review_recovery), ("Discard", self._discard_recovery)],
        )

    def _discard_recovery(self) -> None:
        for entry in self._entries():
            self.window.documents.recovery.remove(entry)
        self.notices.clear("recovery")

    def review_recovery(self) -> None:
        entries = self._entries()
        dialog = RecoveryDialog(entries, self.window)
        if dialog.exec() != RecoveryDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if dialog.discard_all:
            self._discard_recovery()
            return
        for entry in chosen:
            if self.restore(entry):
                self.window.documents.recovery.remove(entry)
        self.notices.clear("recovery")
        self._notice_recovery()  # entries not chosen stay offered

    def restore(self, entry: RecoveryEntry) -> bool:
        """Open the entry's article with the recovered text, unsaved, as one undo step."""
        window = self.window
        if entry.path is not None and entry.path.exists():
            window.open_article(entry.path)
            document = window.document
            if document is None or document.path is None:
                return False
            if document.path.resolve() != entry.path.resolve():
                return False
            text = document.text()
            edit = minimal_edit(text, 0, len(text), entry.text)
            document.end_merge()
            if edit:
                document.apply([edit])
            document.end_merge()
            return True
        article = Article(entry.text, path=entry.path)
        document = ArticleDocument(article, window.config, window.documents)
        document.line_endings = LineEndings.split(entry.text)[1]
        window.documents.adopt(entry.path, document)
        document.document.setModified(True)
        window.show_new_document(document)
        return True
