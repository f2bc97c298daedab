"""The main window: layout and wiring of the panels, nothing else.

Business rules live in editor.core; each panel shows one thing; this module connects them
to the open ArticleDocument and to the window's actions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QFileSystemWatcher,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor import __version__
from editor.core.article import Article, ArticleError
from editor.core.config import ConfigError, TeamConfig, config_for
from editor.core.library import ArticleSummary, Library, article_folders, read_summary
from editor.core.library_cache import LibraryCache
from editor.core.library_check import check_library
from editor.core.library_search import LibrarySearch, index_bodies
from editor.core.link_graph import LinkGraph
from editor.core.recovery import data_dir
from editor.core.render import stylesheet
from editor.core.resources import resource
from editor.core.storage import StorageError
from editor.core.text_stats import WordCounter, reading_minutes
from editor.core.validation import Problem, validate
from editor.ui.actions import create_actions
from editor.ui.article_document import ArticleDocument
from editor.ui.document_manager import DocumentManager
from editor.ui.find_bar import FindBar
from editor.ui.footer_panel import FooterPanel
from editor.ui.front_matter_form import FrontMatterForm
from editor.ui.latest_only import LatestOnly
from editor.ui.library_commands import LibraryCommands
from editor.ui.library_panel import (
    ArticleTableModel,
    FilterVocabulary,
    LibraryPanel,
    filter_vocabulary,
)
from editor.ui.library_worker import LibraryWorker, ProgressCallback
from editor.ui.notice_bar import NoticeBar
from editor.ui.preview import PreviewView
from editor.ui.repair_banner import RepairBanner
from editor.ui.safety_net import SafetyNet
from editor.ui.source_editor import SourceEditor
from editor.ui.theme import DARK_PREVIEW_CSS, is_dark

APP_NAME = "Article Editor"
ORGANIZATION = "ArticleEditor"
NEW_ARTICLE_TEMPLATE = (
    '---\ntitle: ""\nslug: ""\ndescription: ""\ncanonical: ""\ncategory: ""\n'
    "draft: true\narchived: false\ntags:\n  role:\n    - general\n  intent: []\n---\n"
)


MAX_WATCHED_FOLDERS = 1000


@dataclass(frozen=True)
class LoadedLibrary:
    """What the worker builds for the window after a scan or refresh (nothing left to do on
    the GUI thread but show it)."""

    library: Library
    graph: LinkGraph
    search: LibrarySearch
    categories: list[str]
    tag_values: dict[str, list[str]]
    filters: FilterVocabulary
    rows: list[ArticleSummary]  # the list's rows in its first order (by title)
    changed: bool = True


@dataclass(frozen=True)
class ProblemCounts:
    """(errors, warnings) of every article with problems, from a background check."""

    counts: dict[Path, tuple[int, int]]


@dataclass(frozen=True)
class ArticleProblems:
    """The problems of one text of an open article (checked on a thread when large)."""

    document: ArticleDocument
    article: Article
    problems: list[Problem]
    error: str | None = None  # the front matter cannot be read: the one-line reason
    words: int | None = None  # counted here too when the article is large


def load_library(library: Library, cache: LibraryCache | None) -> LoadedLibrary:
    """The link graph, search index and vocabulary of a scanned library (worker thread), so
    the window has nothing left to work out when it shows the library."""
    config = library.config
    counts = library.tag_counts()
    library.prepare()
    return LoadedLibrary(
        library,
        LinkGraph(library),
        LibrarySearch(library, cache),
        sorted({*config.categories, *library.categories()}),
        {
            group: sorted({*values, *counts.get(group, {})})
            for group, values in config.tag_groups.items()
        },
        filter_vocabulary(library.articles),
        ArticleTableModel.in_title_order(library.articles),
    )


def default_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, "article-editor"
    )


def sample_library_copy() -> Path:
    """A writable copy of the bundled sample library (made on first run)."""
    target = data_dir() / "Sample Library"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(resource("samples"), target)
    return target


class MainWindow(QMainWindow):
    """The editing window for one library; ``path`` is a folder or an article file."""

    def __init__(self, path: Path | str | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or default_settings()
        self.setWindowTitle(APP_NAME)
        self.resize(1480, 920)
        self.documents = DocumentManager(self)
        self.document: ArticleDocument | None = None
        self.library: Library | None = None
        self.graph: LinkGraph | None = None
        self.config: TeamConfig = config_for(Path.cwd())
        self.actions_by_id = create_actions(self)
        self.cache = LibraryCache()
        self.worker = LibraryWorker(self)
        self.library_commands = LibraryCommands(self)  # Tools: check, taxonomy, slug rename
        self.watcher = QFileSystemWatcher(self)
        self._select_after_scan = False
        self._word_counter = WordCounter()  # recounts only the lines typing changed
        self._article_check = LatestOnly(self)  # a very large article's check, off the GUI

        self.library_panel = LibraryPanel(self)
        self.form = FrontMatterForm(self)
        self.footer_panel = FooterPanel(self)
        self.editor = SourceEditor(parent=self)
        self.find_bar = FindBar(self.editor, self)
        self.repair_banner = RepairBanner(self)
        self.notice_bar = NoticeBar(self)
        self.safety = SafetyNet(self, self.notice_bar)
        self.preview = PreviewView(self)
        self._build_layout()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self._restore_state()

        self._validate_timer = QTimer(self, singleShot=True, interval=300)
        self._validate_timer.timeout.connect(self._validate)
        self._refresh_timer = QTimer(self, singleShot=True, interval=500)
        self._refresh_timer.timeout.connect(self.refresh_library)
        self._open_initial(Path(path) if path is not None else None)
        self.safety.offer_recovery()

    # --- building ------------------------------------------------------------------------

    def _build_layout(self) -> None:
        inspector = QWidget(self)
        column = QVBoxLayout(inspector)
        details = QLabel("<b>Details</b>", inspector)
        footer = QLabel("<b>Footer</b>", inspector)
        column.addWidget(details)
        column.addWidget(self.form)
        column.addSpacing(12)
        column.addWidget(footer)
        column.addWidget(self.footer_panel)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(inspector)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(340)
        scroll.setAccessibleName("Article details")

        body = QWidget(self)
        body_column = QVBoxLayout(body)
        body_column.setContentsMargins(0, 0, 0, 0)
        body_column.setSpacing(0)
        body_column.addWidget(self.notice_bar)
        body_column.addWidget(self.repair_banner)
        body_column.addWidget(self.editor, 1)
        body_column.addWidget(self.find_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        for widget in (self.library_panel, scroll, body, self.preview):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([290, 370, 470, 450])
        self.splitter.setChildrenCollapsible(True)
        self.setCentralWidget(self.splitter)

    def _build_menus(self) -> None:
        a = self.actions_by_id
        menus: dict[str, list[str | None]] = {
            "&File": ["new", "open_folder", "open_file", None, "save", "save_all", None, "quit"],
            "&Edit": ["undo", "redo", None, "find", "replace", "go_to_line"],
            "&View": ["show_library", "show_preview", "refresh_preview", None, "formatted_html"],
            "&Tools": [
                "repair",
                "cleanup",
                None,
                "check_library",
                "taxonomy",
                "rename_slug",
            ],
            "&Help": ["about"],
        }
        for title, keys in menus.items():
            menu = self.menuBar().addMenu(title)
            for key in keys:
                if key is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[key])
                if key == "open_file":
                    self.recent_menu = menu.addMenu("Open &Recent")
                    self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        for key in ("show_library", "show_preview", "formatted_html"):
            a[key].setCheckable(True)
        a["show_library"].setChecked(True)
        a["show_preview"].setChecked(True)

    def _build_status_bar(self) -> None:
        self.words_label = QLabel(self)
        self.words_label.setAccessibleName("Word count")
        self.file_label = QLabel(self)
        self.file_label.setAccessibleName("File format")
        self.library_progress = QProgressBar(self)
        self.library_progress.setAccessibleName("Library progress")
        self.library_progress.setMaximumWidth(160)
        self.library_progress.setVisible(False)
        self.library_status = QLabel(self)
        self.library_status.setAccessibleName("Library status")
        self.inbound = QToolButton(self)
        self.inbound.setAccessibleName("Linked from")
        self.inbound.setToolTip("The articles that link to this one")
        self.inbound.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.inbound.setAutoRaise(True)
        self.inbound.setMenu(QMenu(self.inbound))
        self.inbound.setVisible(False)
        self.statusBar().addPermanentWidget(self.library_status)
        self.statusBar().addPermanentWidget(self.library_progress)
        self.statusBar().addPermanentWidget(self.inbound)
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.words_label)

    def _connect(self) -> None:
        a = self.actions_by_id
        a["new"].triggered.connect(self.new_article)
        a["open_folder"].triggered.connect(self._choose_folder)
        a["open_file"].triggered.connect(self._choose_file)
        a["save"].triggered.connect(self.save)
        a["save_all"].triggered.connect(self.save_all)
        a["quit"].triggered.connect(self.close)
        a["undo"].triggered.connect(self.undo)
        a["redo"].triggered.connect(self.redo)
        a["find"].triggered.connect(self.find_bar.show_find)
        a["replace"].triggered.connect(self.find_bar.show_replace)
        a["go_to_line"].triggered.connect(self.editor.ask_go_to_line)
        a["formatted_html"].toggled.connect(self.editor.set_formatted_view)
        a["show_library"].toggled.connect(self.library_panel.setVisible)
        a["show_preview"].toggled.connect(self.preview.setVisible)
        a["refresh_preview"].triggered.connect(self.refresh_preview)
        self.form.line_requested.connect(self.show_line)
        a["repair"].triggered.connect(self.repair_banner.review)
        a["cleanup"].triggered.connect(self.repair_banner.review_cleanup)
        a["about"].triggered.connect(self._about)
        a["check_library"].triggered.connect(self.library_commands.check_library)
        a["taxonomy"].triggered.connect(self.library_commands.edit_taxonomy)
        a["rename_slug"].triggered.connect(self.library_commands.rename_slug)
        self.library_panel.article_activated.connect(self.open_article)
        self.documents.unsaved_changed.connect(
            lambda path, unsaved: self.library_panel.model.set_unsaved(
                self.library_path(path), unsaved
            )
        )
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_job_finished)
        self.worker.failed.connect(self._on_job_failed)
        self.worker.idle.connect(self._on_worker_idle)
        self._article_check.finished.connect(self._show_problems)
        self.watcher.directoryChanged.connect(lambda _: self._refresh_timer.start())
        self.preview.link_activated.connect(QDesktopServices.openUrl)
        self.editor.cursorPositionChanged.connect(self._sync_preview_scroll)

    # --- opening -----------------------------------------------------------------------

    def _open_initial(self, path: Path | None) -> None:
        if path is None:
            last = str(self.settings.value("last_library", "", str))
            path = Path(last) if last and Path(last).exists() else sample_library_copy()
        path = path.absolute()
        if path.is_dir():
            self.open_library(path)
        else:
            self.open_library(path, select=False)
            self.open_article(path)

    def open_library(self, path: Path, *, select: bool = True) -> None:
        """Show the library of ``path``: a folder, or the library an article belongs to.

        The scan runs on the library worker; the list fills in when it is done (a cached
        library within a fraction of a second) and the window stays usable meanwhile.
        """
        path = path.absolute()
        try:
            self.config = config_for(path)
        except ConfigError as error:
            self.warn(str(error))
            self.config = TeamConfig()
        recursive = path.is_dir() or self.config.root is not None
        root = path if path.is_dir() else (self.config.root or path.parent)
        self.worker.new_generation()
        self.library = Library(root, self.config, [], recursive)
        self.graph = None
        self.library_panel.set_articles([])
        self.footer_panel.set_library(self.library)
        css = stylesheet(self.config)
        if is_dark() and self.config.stylesheet is None:
            css += DARK_PREVIEW_CSS
        self.preview.set_stylesheet(css)
        self.settings.setValue("last_library", str(root))
        self._select_after_scan = select
        self._watch(root, recursive)
        config, cache = self.config, self.cache

        def scan(progress: ProgressCallback) -> LoadedLibrary:
            return load_library(Library.scan(path, config, cache=cache, progress=progress), cache)

        self.worker.submit("scan", "Reading the library", scan)

    def _watch(self, root: Path, recursive: bool) -> None:
        """Watch the library's folders: files added, removed or saved by other programs."""
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        folders = article_folders(root) if recursive else [root]
        self.watcher.addPaths([str(folder) for folder in folders[:MAX_WATCHED_FOLDERS]])

    def refresh_library(self, paths: list[Path] | None = None) -> None:
        """Bring the list up to date with the folder (on the worker): what changed on disk."""
        library = self.library
        if library is None:
            return
        copy, cache = library.copy(), self.cache

        def refresh(progress: ProgressCallback) -> LoadedLibrary:
            if paths is None:
                changes = copy.refresh(cache=cache, progress=progress)
            else:
                changes = copy.update_paths(paths, cache=cache)
            loaded = load_library(copy, cache)
            return LoadedLibrary(**{**loaded.__dict__, "changed": bool(changes)})

        self.worker.submit("refresh", "Updating the library", refresh)

    def _library_loaded(self, loaded: LoadedLibrary, *, first: bool) -> None:
        library = loaded.library
        document = self.document
        path = document.path if document is not None else None
        if path is not None and library.summary_for(path) is None and path.exists():
            library.add(read_summary(path, library.config))
        self.library = library
        self.graph = loaded.graph
        self.library_panel.set_articles(
            loaded.rows, loaded.search, loaded.filters, in_title_order=True
        )
        # the other panels in events of their own, so no one event holds the window long
        QTimer.singleShot(0, lambda: self._library_to_panels(loaded))
        self.library_status.setText(f"{len(library.articles):,} articles")
        if first and self._select_after_scan and library.articles and self.document is None:
            readable = [s.path for s in library.articles if not s.error]
            known = set(readable)
            recent = [p for p in self.recent_files() if p in known]
            if recent or readable:  # where the writer left off, once the list is shown
                first_article = (recent or readable)[0]
                QTimer.singleShot(0, lambda: self._open_if_none(first_article))
        if self.document is not None and self.document.path:
            self.library_panel.select(self.library_path(self.document.path))
        self._update_inbound()
        self._validate_timer.start()
        # after the list has been drawn: a job running Python while Qt paints slows the paint
        QTimer.singleShot(150, lambda: self._after_load(library))

    def _after_load(self, library: Library) -> None:
        if library is self.library:
            self._check_problems()
            self._index_bodies()

    def _library_to_panels(self, loaded: LoadedLibrary) -> None:
        if loaded.library is self.library:
            self.footer_panel.set_library(loaded.library)
            QTimer.singleShot(0, lambda: self._vocabulary_to_form(loaded))

    def _vocabulary_to_form(self, loaded: LoadedLibrary) -> None:
        if loaded.library is self.library:
            self.form.set_vocabulary(loaded.categories, loaded.tag_values)

    def _open_if_none(self, path: Path) -> None:
        if self.document is None:
            self.open_article(path)

    def _check_problems(self) -> None:
        """Problem counts for every article (own problems cached; library ones from the graph)."""
        library, graph, cache = self.library, self.graph, self.cache
        if library is None or graph is None:
            return

        def check(progress: ProgressCallback) -> ProblemCounts:
            report = check_library(library, cache=cache, progress=progress, graph=graph, workers=1)
            return ProblemCounts(report.counts())  # counted here, not on the GUI thread

        self.worker.submit("problems", "Checking articles", check)

    def _index_bodies(self) -> None:
        """Make the articles' text searchable (the titles are at once; text when indexed)."""
        library, cache = self.library, self.cache
        if library is None:
            return

        def index(progress: ProgressCallback) -> LibrarySearch | None:
            count = index_bodies(library, cache, progress)
            return LibrarySearch(library, cache) if count else None

        self.worker.submit("bodies", "Indexing article text", index)

    # --- library worker ------------------------------------------------------------------

    def _on_progress(self, label: str, done: int, total: int) -> None:
        self.library_progress.setVisible(True)
        self.library_progress.setRange(0, max(total, 1))
        self.library_progress.setValue(done)
        self.library_status.setText(f"{label}… {done:,} of {total:,}")

    def _on_worker_idle(self) -> None:
        self.library_progress.setVisible(False)
        if self.library is not None:
            self.library_status.setText(f"{len(self.library.articles):,} articles")

    def _on_job_finished(self, name: str, result: object) -> None:
        if name in ("scan", "refresh") and isinstance(result, LoadedLibrary):
            if name == "scan" or result.changed:
                self._library_loaded(result, first=name == "scan")
        elif name == "problems" and isinstance(result, ProblemCounts):
            self.show_problem_counts(result.counts)
        elif isinstance(result, LibrarySearch) and result.library is self.library:
            self.library_panel.set_search(result)  # the bodies indexed, for this library

    def _on_job_failed(self, name: str, message: str) -> None:
        if name not in LibraryCommands.JOBS:  # (those report in their dialogs)
            self.statusBar().showMessage(f"Library: {message}", 10000)

    def show_problem_counts(self, counts: dict[Path, tuple[int, int]]) -> None:
        if self.document is not None and self.document.path is not None:
            own = self.library_path(self.document.path)
            current = self.library_panel.model.problem_counts(own)
            counts[own] = current if any(current) else counts.get(own, (0, 0))
        self.library_panel.model.set_all_problem_counts(counts)
        if self.library_panel.problems_only.isChecked():
            self.library_panel.apply_filters()

    def library_path(self, path: Path) -> Path:
        """The library's own spelling of ``path`` (the list is keyed by it)."""
        if self.library is None:
            return path
        summary = self.library.summary_for(path)
        return summary.path if summary is not None else path

    def open_article(self, path: Path) -> None:
        """Show the article at ``path`` (loaded once; unsaved edits stay with it)."""
        if (
            self.document is not None
            and self.document.path
            and self.document.path.resolve() == path.resolve()
        ):
            return
        if not self._may_leave_current():
            if self.document and self.document.path:
                self.library_panel.select(self.document.path)
            return
        try:
            document = self.documents.open(path, self.config)
        except ArticleError as error:
            self.warn(str(error))
            return
        self._show_document(document)
        self._remember_recent(path)

    def _show_document(self, document: ArticleDocument, *, is_new: bool = False) -> None:
        if self.document is not None:
            self.document.changed.disconnect(self._on_changed)
            self.document.settled.disconnect(self._on_settled)
            self.document.modification_changed.disconnect(self._update_title)
            self.document.document.undoAvailable.disconnect(self.actions_by_id["undo"].setEnabled)
            self.document.document.redoAvailable.disconnect(self.actions_by_id["redo"].setEnabled)
        self.document = document
        document.changed.connect(self._on_changed)
        document.settled.connect(self._on_settled)
        document.modification_changed.connect(self._update_title)
        document.document.undoAvailable.connect(self.actions_by_id["undo"].setEnabled)
        document.document.redoAvailable.connect(self.actions_by_id["redo"].setEnabled)
        self.actions_by_id["undo"].setEnabled(document.document.isUndoAvailable())
        self.actions_by_id["redo"].setEnabled(document.document.isRedoAvailable())
        self.editor.set_article_document(document)
        self.form.set_document(document, is_new=is_new)
        self.footer_panel.set_document(document)
        self.repair_banner.set_document(document)
        self.safety.showing(document)
        if document.path:
            self.library_panel.select(self.library_path(document.path))
        self._update_preview(document)
        self._on_settled()
        self._update_title()
        self._update_inbound()

    def new_article(self) -> None:
        if not self._may_leave_current():
            return
        document = ArticleDocument(Article(NEW_ARTICLE_TEMPLATE), self.config, self.documents)
        self.documents.adopt(None, document)  # kept in recovery like any unsaved work
        document.document.setModified(True)
        self.show_new_document(document)
        self.form.title.setFocus()

    def show_new_document(self, document: ArticleDocument) -> None:
        """Show an article that has no file yet (its slug follows its title until saved)."""
        if self._may_leave_current():
            self._show_document(document, is_new=True)

    # --- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        document = self.document
        if document is None:
            return False
        saved = self._save_document(document)
        if saved:
            self.form.mark_saved()
        return saved

    def save_all(self) -> bool:
        return all(self._save_document(d) for d in self.documents.unsaved())

    def _save_document(self, document: ArticleDocument) -> bool:
        if document.path is None and not self._name_new_article(document):
            return False
        assert document.path is not None
        if not self.safety.may_save(document):
            return False
        try:
            document.save()
        except StorageError as error:
            self.warn(str(error))
            return False
        self.statusBar().showMessage(f"Saved {document.path.name}", 4000)
        self._refresh_summary(document)
        if document.is_large and document is self.document:
            self._update_preview(document)  # (not re-rendered while typing: see _on_changed)
        return True

    def _name_new_article(self, document: ArticleDocument) -> bool:
        """A new article is saved as <slug>.md in the library: no dialog to get wrong."""
        slug = str(document.article().meta.get("slug") or "").strip()
        folder = (self.library.root if self.library else None) or Path.cwd()
        if not slug:
            self.warn("Give the article a title (or slug) before saving it.")
            return False
        path = folder / f"{slug}.md"
        if path.exists():
            self.warn(f"{path.name} already exists: choose another slug.")
            return False
        document.path = path
        self.documents.adopt(path, document)
        if self.library is not None:
            self.library_panel.model.add_articles([ArticleSummary(path=path)])
        return True

    def _may_leave_current(self) -> bool:
        """Ask before leaving an article with unsaved changes. False means stay."""
        document = self.document
        if document is None or not document.is_modified:
            return True
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Save your changes to “{document.title}”?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._discard(document)
            return True
        return False

    def _discard(self, document: ArticleDocument) -> None:
        self.close_document(document)
        if document.path:
            self.library_panel.model.set_unsaved(self.library_path(document.path), False)

    def close_document(self, document: ArticleDocument) -> None:
        """Forget a document; the panels showing it let go first (their pending timers must
        not reach a document Qt is about to delete)."""
        self.safety.forget(document)
        if document is self.document:
            self.repair_banner.set_document(None)
            self.footer_panel.set_document(None)
            self.form.set_document(None)
            self.document = None
        self.documents.close(document)

    def closeEvent(self, event: QCloseEvent) -> None:
        for document in self.documents.unsaved():
            if document is not self.document:
                self._show_document(document)
            if not self._may_leave_current():
                event.ignore()
                return
        self._save_state()
        self.worker.shutdown()
        event.accept()

    # --- reacting to the document ------------------------------------------------------

    def _on_changed(self) -> None:
        # A very large article's preview is not re-rendered as the writer types: copying its
        # text out of Qt takes a third of a second, and handing the page 50 MB of HTML
        # stalls the window for a second. It renders on opening, on saving and on F5.
        if self.document is not None and not self.document.is_large:
            self._update_preview(self.document)

    def refresh_preview(self) -> None:
        if self.document is not None:
            self._update_preview(self.document)

    def _update_preview(self, document: ArticleDocument) -> None:
        # An unterminated front matter has no body to show: the form's banner says why.
        with contextlib.suppress(ArticleError):
            self.preview.show_article(document.article())

    def _on_settled(self) -> None:
        document = self.document
        if document is None:
            return
        article = document.article()
        # Front matter the form cannot read is shown in the source, where it can be fixed.
        self.editor.show_front_matter(not _readable(article))
        if not document.is_large:  # (a large one's words are counted with its check)
            self._show_words(self._count_words(article))
        newline = {"\r\n": "CRLF", "\n": "LF"}.get(document.line_endings.dominant, "CR")
        self.file_label.setText(f"{document.encoding.label} · {newline}")
        self._validate_timer.start()

    def _count_words(self, article: Article) -> int:
        return self._word_counter.count(article.text[_safe_body_start(article) :])

    def _show_words(self, words: int) -> None:
        self.words_label.setText(f"{words:,} words · {reading_minutes(words)} min read")

    def _validate(self) -> None:
        document = self.document
        if document is None:
            return
        article = document.article()
        if document.is_large:
            # Seconds of work on a 50 MB article: done on a thread, shown when done.
            self._article_check.request(partial(self._problems_of, document, article))
            return
        self._show_problems(self._problems_of(document, article))

    def _problems_of(self, document: ArticleDocument, article: Article) -> ArticleProblems:
        """The article's own problems and its links' (from the library's graph)."""
        try:
            problems = validate(article, self.config, None, encoding=not document.is_large)
            if self.graph is not None and document.path is not None:
                summary = ArticleSummary.of(article, self.config)
                problems = sorted(
                    [*problems, *self.graph.problems_for(summary)],
                    key=lambda p: (p.line, p.column),
                )
        except ArticleError as error:
            return ArticleProblems(document, article, [], str(error))
        words = self._count_words(article) if document.is_large else None
        return ArticleProblems(document, article, problems, words=words)

    def _show_problems(self, found: ArticleProblems) -> None:
        document = found.document
        if document is not self.document or not document.is_current(found.article):
            return  # the text changed meanwhile: a newer check is on its way
        if found.words is not None:
            self._show_words(found.words)
        if found.error is not None:
            self.statusBar().showMessage(found.error)
            return
        problems = found.problems
        self.form.show_problems(problems)
        if document.path:
            errors = sum(p.severity == "error" for p in problems)
            self.library_panel.model.set_problem_counts(
                self.library_path(document.path), errors, len(problems) - errors
            )
        self._update_inbound()

    def _refresh_summary(self, document: ArticleDocument) -> None:
        """After a save: the list shows the new title at once; links follow from a refresh."""
        if self.library is None or document.path is None:
            return
        if document.is_large:  # reading its links takes seconds: the worker's refresh does
            self.refresh_library([self.library_path(document.path)])
            return
        try:
            summary = ArticleSummary.of(document.article(), self.config)
        except ArticleError:
            return
        own = self.library_path(document.path)
        self.library_panel.model.update_article(dataclasses.replace(summary, path=own))
        self.refresh_library([own])

    def _update_inbound(self) -> None:
        """ "Linked from N articles" for the open article, with a menu to open each."""
        document, graph = self.document, self.graph
        slug = ""
        if document is not None:
            with contextlib.suppress(ArticleError):
                slug = str(document.article().meta.get("slug") or "")
        if graph is None or document is None or not slug:
            self.inbound.setVisible(False)
            return
        own = self.library_path(document.path) if document.path else None
        sources = [entry.source for entry in graph.inbound(slug, exclude=own)]
        count = len(sources)
        self.inbound.setText(
            f"Linked from {count:,} article{'s' if count != 1 else ''}"
            if count
            else "Not linked from any article"
        )
        menu = self.inbound.menu()
        menu.clear()
        for source in sources[:40]:
            item = menu.addAction(source.title or source.path.name)
            item.triggered.connect(lambda _=False, p=source.path: self.open_article(p))
        if count > 40:
            menu.addAction(f"… and {count - 40:,} more").setEnabled(False)
        self.inbound.setEnabled(bool(count))
        self.inbound.setVisible(True)

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window: pick up what other programs changed meanwhile."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.graph is not None
            and not self.worker.busy
        ):
            self._refresh_timer.start()

    def open_at(self, path: Path, line: int) -> None:
        """Open ``path`` with the cursor on ``line`` (a row of the check report)."""
        self.open_article(path)
        if self.document is not None and self.document.path == path:
            self.show_line(line)

    def show_line(self, line: int, column: int = 1) -> None:
        """Put the cursor on ``line`` of the open article (a problem's line was clicked)."""
        self.editor.go_to_line(line, column)
        self.editor.setFocus()

    def _update_title(self, *_: object) -> None:
        document = self.document
        name = document.title if document else "No article"
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(bool(document and document.is_modified))

    def _sync_preview_scroll(self) -> None:
        if self.editor.isVisible():
            self.preview.scroll_to_line(self.editor.textCursor().blockNumber() + 1)

    # --- undo --------------------------------------------------------------------------

    def undo(self) -> None:
        if self.document is not None:
            self.document.end_merge()
            self.document.document.undo()

    def redo(self) -> None:
        if self.document is not None:
            self.document.end_merge()
            self.document.document.redo()

    # --- dialogs and state -------------------------------------------------------------

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Library")
        if folder and self._may_leave_current():
            self.document = None
            self.open_library(Path(folder))

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open Article", "", "Articles (*.md *.markdown *.mdx *.txt);;All files (*)"
        )
        if name:
            self._open_initial(Path(name))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Edit Markdown articles with YAML front matter without damaging them.</p>"
            "<p>Built with Qt, PySide6 and markdown-it-py.</p>",
        )

    def warn(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        if self.isVisible():
            QMessageBox.warning(self, APP_NAME, message)

    def recent_files(self) -> list[Path]:
        stored = self.settings.value("recent_files", [], list)
        return [Path(str(p)) for p in stored or [] if Path(str(p)).exists()]  # type: ignore[attr-defined]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            item = self.recent_menu.addAction(path.name)
            item.setToolTip(str(path))
            item.triggered.connect(lambda _=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def _open_recent(self, path: Path) -> None:
        in_library = self.library is not None and self.library.summary_for(path) is not None
        if in_library:
            self.open_article(path)
        elif self._may_leave_current():
            self.document = None
            self._open_initial(path)

    def _remember_recent(self, path: Path) -> None:
        earlier = self.settings.value("recent_files", [], list)
        recent = [str(path)] + [p for p in earlier if p != str(path)]  # type: ignore[attr-defined]
        self.settings.setValue("recent_files", recent[:10])

    def _restore_state(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _save_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()


def _readable(article: Article) -> bool:
    try:
        _ = article.meta
    except ArticleError:
        return False
    return True


def _safe_body_start(article: Article) -> int:
    try:
        return article.body_start
    except ArticleError:
        return 0
