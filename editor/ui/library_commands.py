"""The Tools menu's commands over the whole library: Check Library, Tags and Categories,
Rename Slug. Each opens its dialog, has the library worker do the work (a check, a plan, the
writing) and shows the result; files that were rewritten are reopened in the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from editor.core.batch_change import BatchChange, apply_batch
from editor.core.library_check import CheckReport, check_library
from editor.ui.library_check import LibraryCheckDialog
from editor.ui.library_tools import SlugRenameDialog, TaxonomyDialog
from editor.ui.library_worker import ProgressCallback

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

BatchDialog = TaxonomyDialog | SlugRenameDialog


class LibraryCommands(QObject):
    """Runs the library-wide commands for one window; owns their dialogs."""

    JOBS = frozenset({"library-check", "plan", "apply"})  # worker jobs whose results are ours
    CHECK_LABEL = "Checking the library"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.check_dialog: LibraryCheckDialog | None = None
        self.batch_dialog: BatchDialog | None = None
        window.worker.progress.connect(self._on_progress)
        window.worker.finished.connect(self._on_finished)
        window.worker.failed.connect(self._on_failed)

    # --- Check Library -----------------------------------------------------------------

    def check_library(self) -> LibraryCheckDialog | None:
        """Tools → Check Library: the report of every article, in a dialog with progress."""
        window = self.window
        if window.library is None:
            return None
        if self.check_dialog is None:
            dialog = LibraryCheckDialog(window.library.root, window)
            dialog.open_requested.connect(window.open_at)
            dialog.check_requested.connect(self._run_check)
            dialog.finished.connect(lambda _: self._forget_check_dialog(dialog))
            self.check_dialog = dialog
        self.check_dialog.show()
        self.check_dialog.raise_()
        self._run_check()
        return self.check_dialog

    def _forget_check_dialog(self, dialog: LibraryCheckDialog) -> None:
        if self.check_dialog is dialog:
            self.check_dialog = None
        dialog.deleteLater()

    def _run_check(self) -> None:
        library, graph, cache = self.window.library, self.window.graph, self.window.cache
        if library is None:
            return

        def check(progress: ProgressCallback) -> CheckReport:
            return check_library(library, cache=cache, progress=progress, graph=graph)

        self.window.worker.submit("library-check", self.CHECK_LABEL, check)

    # --- Tags and Categories, Rename Slug ----------------------------------------------

    def edit_taxonomy(self) -> TaxonomyDialog | None:
        """Tools → Tags and Categories: counts, and rename or merge with a preview."""
        library = self.window.library
        if library is None or self.window.graph is None:
            return None
        from editor.core.taxonomy import plan_rename, vocabulary

        dialog = TaxonomyDialog(vocabulary(library), library.root, self.window)

        def preview(field: str, old: str, new: str) -> None:
            self.window.worker.submit(
                "plan", "Working out the changes", lambda _: plan_rename(library, field, old, new)
            )

        dialog.preview_requested.connect(preview)
        self._open_batch_dialog(dialog)
        return dialog

    def rename_slug(self) -> SlugRenameDialog | None:
        """Tools → Rename Slug: the open article's slug, file, canonical and inbound links."""
        window = self.window
        document, graph, library = window.document, window.graph, window.library
        if document is None or document.path is None or graph is None or library is None:
            return None
        from editor.core.slug_rename import plan_slug_rename

        slug = str(document.article().meta.get("slug") or "")
        if not slug or library.find(slug) is None:
            window.warn("Save the article with a slug before renaming it.")
            return None
        inbound = len(graph.inbound(slug, exclude=window.library_path(document.path)))
        dialog = SlugRenameDialog(slug, inbound, library.root, window)

        def preview(old: str, new: str) -> None:
            window.worker.submit(
                "plan", "Working out the changes", lambda _: plan_slug_rename(library, old, new)
            )

        dialog.preview_requested.connect(preview)
        self._open_batch_dialog(dialog)
        return dialog

    def _open_batch_dialog(self, dialog: BatchDialog) -> None:
        if self.batch_dialog is not None:
            self.batch_dialog.close()
        self.batch_dialog = dialog
        dialog.apply_requested.connect(lambda: self._apply_batch(dialog))
        dialog.finished.connect(lambda _: self._forget_batch_dialog(dialog))
        dialog.show()

    def _forget_batch_dialog(self, dialog: BatchDialog) -> None:
        if self.batch_dialog is dialog:
            self.batch_dialog = None
        dialog.deleteLater()

    def _apply_batch(self, dialog: BatchDialog) -> None:
        batch = dialog.batch
        if batch is None:
            return
        documents = self.window.documents.documents()
        open_documents = {d.path.resolve(): d for d in documents if d.path}
        for change in batch.changes:
            document = open_documents.get(change.path.resolve())
            if document is not None and document.is_modified:
                dialog.show_message(
                    f"“{change.path.name}” has unsaved changes: save or discard them first."
                )
                return

        def apply(_: ProgressCallback) -> tuple[BatchChange, list[Path]]:
            return batch, apply_batch(batch)

        self.window.worker.submit("apply", "Writing the changes", apply)

    def _after_batch(self, batch: BatchChange, written: list[Path]) -> None:
        """Files were rewritten: reopen the ones open here, and refresh the library."""
        if self.batch_dialog is not None:
            self.batch_dialog.show_applied(len(written))
        window = self.window
        moved = {change.path.resolve(): change.new_path or change.path for change in batch.changes}
        reopen: Path | None = None
        for document in window.documents.documents():
            if document.path is None or document.path.resolve() not in moved:
                continue
            if document is window.document:
                reopen = moved[document.path.resolve()]
            window.close_document(document)
        if reopen is not None:
            window.open_article(reopen)
        window.refresh_library()

    # --- the worker's answers ----------------------------------------------------------

    def _on_progress(self, label: str, done: int, total: int) -> None:
        if label == self.CHECK_LABEL and self.check_dialog is not None:
            self.check_dialog.set_progress(done, total)

    def _on_finished(self, name: str, result: object) -> None:
        if name == "library-check" and isinstance(result, CheckReport):
            self.window.show_problem_counts(result.counts())
            if self.check_dialog is not None:
                self.check_dialog.show_report(result)
        elif name == "plan" and isinstance(result, BatchChange):
            if self.batch_dialog is not None:
                self.batch_dialog.show_plan(result)
        elif name == "apply" and isinstance(result, tuple):
            self._after_batch(*result)

    def _on_failed(self, name: str, message: str) -> None:
        if name in ("plan", "apply") and self.batch_dialog is not None:
            self.batch_dialog.show_message(message)
        elif name == "library-check" and self.check_dialog is not None:
            self.check_dialog.show_failure(message)
        elif name in self.JOBS:
            self.window.statusBar().showMessage(f"Library: {message}", 10000)
