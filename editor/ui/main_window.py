"""The main window: layout and wiring of the panels, nothing else.

Business rules live in editor.core; each panel shows one thing; this module connects them
to the open ArticleDocument and to the window's actions.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor import __version__
from editor.core.article import Article, ArticleError
from editor.core.config import ConfigError, TeamConfig, config_for
from editor.core.library import ArticleSummary, Library
from editor.core.render import stylesheet
from editor.core.resources import resource
from editor.core.storage import StorageError
from editor.core.text_stats import reading_minutes, word_count
from editor.core.validation import validate
from editor.ui.actions import create_actions
from editor.ui.article_document import ArticleDocument
from editor.ui.document_manager import DocumentManager
from editor.ui.find_bar import FindBar
from editor.ui.footer_panel import FooterPanel
from editor.ui.front_matter_form import FrontMatterForm
from editor.ui.library_panel import LibraryPanel
from editor.ui.preview import PreviewView
from editor.ui.repair_banner import RepairBanner
from editor.ui.source_editor import SourceEditor
from editor.ui.theme import DARK_PREVIEW_CSS, is_dark

APP_NAME = "Article Editor"
ORGANIZATION = "ArticleEditor"
NEW_ARTICLE_TEMPLATE = (
    '---\ntitle: ""\nslug: ""\ndescription: ""\ncanonical: ""\ncategory: ""\n'
    "draft: true\narchived: false\ntags:\n  role:\n    - general\n  intent: []\n---\n"
)


def default_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, "article-editor"
    )


def sample_library_copy() -> Path:
    """A writable copy of the bundled sample library (made on first run)."""
    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    target = base / "Sample Library"
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
        self.config: TeamConfig = config_for(Path.cwd())
        self.actions_by_id = create_actions(self)

        self.library_panel = LibraryPanel(self)
        self.form = FrontMatterForm(self)
        self.footer_panel = FooterPanel(self)
        self.editor = SourceEditor(parent=self)
        self.find_bar = FindBar(self.editor, self)
        self.repair_banner = RepairBanner(self)
        self.preview = PreviewView(self)
        self._build_layout()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self._restore_state()

        self._validate_timer = QTimer(self, singleShot=True, interval=300)
        self._validate_timer.timeout.connect(self._validate)
        self._open_initial(Path(path) if path is not None else None)

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
            "&View": ["show_library", "show_preview", None, "formatted_html"],
            "&Tools": ["repair", "cleanup"],
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
        a["repair"].triggered.connect(self.repair_banner.review)
        a["cleanup"].triggered.connect(self.repair_banner.review_cleanup)
        a["about"].triggered.connect(self._about)
        self.library_panel.article_activated.connect(self.open_article)
        self.documents.unsaved_changed.connect(self.library_panel.model.set_unsaved)
        self.preview.link_activated.connect(QDesktopServices.openUrl)
        self.editor.cursorPositionChanged.connect(self._sync_preview_scroll)

    # --- opening -----------------------------------------------------------------------

    def _open_initial(self, path: Path | None) -> None:
        if path is None:
            last = str(self.settings.value("last_library", "", str))
            path = Path(last) if last and Path(last).exists() else sample_library_copy()
        if path.is_dir():
            self.open_library(path)
        else:
            self.open_library(path, select=False)
            self.open_article(path)
            if self.library and not any(s.path == path for s in self.library.articles):
                self.library.articles.append(ArticleSummary(path=path))

    def open_library(self, path: Path, *, select: bool = True) -> None:
        """Show the library of ``path``: a folder, or the library an article belongs to."""
        try:
            self.config = config_for(path)
        except ConfigError as error:
            self._warn(str(error))
            self.config = TeamConfig()
        self.library = Library.scan(path, self.config)
        root = self.library.root
        self.library_panel.model.set_articles(self.library.articles)
        self.footer_panel.set_library(self.library)
        self.form.set_vocabulary(
            [*self.config.categories, *self.library.categories()],
            {
                group: sorted({*values, *self.library.tag_values(group)})
                for group, values in self.config.tag_groups.items()
            },
        )
        css = stylesheet(self.config)
        if is_dark() and self.config.stylesheet is None:
            css += DARK_PREVIEW_CSS
        self.preview.set_stylesheet(css)
        self.settings.setValue("last_library", str(root))
        self._validate_library()
        if select and self.library.articles and self.document is None:
            readable = [s.path for s in self.library.articles if not s.error]
            resolved = {path.resolve() for path in readable}
            recent = [p for p in self.recent_files() if p.resolve() in resolved]
            if recent or readable:
                self.open_article((recent or readable)[0])  # where the writer left off

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
            self._warn(str(error))
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
        if document.path:
            self.library_panel.select(document.path)
        self._on_changed()
        self._on_settled()
        self._update_title()

    def new_article(self) -> None:
        if not self._may_leave_current():
            return
        article = Article(NEW_ARTICLE_TEMPLATE.replace("\n", "\n"))
        document = ArticleDocument(article, self.config, self.documents)
        document.document.setModified(True)
        self._show_document(document, is_new=True)
        self.form.title.setFocus()

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
        if document.disk_changed() and document.path.exists():
            answer = QMessageBox.question(
                self,
                APP_NAME,
                f"“{document.path.name}” changed on disk since you opened it.\n"
                "Overwrite it with your version?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Save:
                return False
        try:
            document.save()
        except StorageError as error:
            self._warn(str(error))
            return False
        self.statusBar().showMessage(f"Saved {document.path.name}", 4000)
        self._refresh_summary(document)
        return True

    def _name_new_article(self, document: ArticleDocument) -> bool:
        """A new article is saved as <slug>.md in the library: no dialog to get wrong."""
        slug = str(document.article().meta.get("slug") or "").strip()
        folder = (self.library.root if self.library else None) or Path.cwd()
        if not slug:
            self._warn("Give the article a title (or slug) before saving it.")
            return False
        path = folder / f"{slug}.md"
        if path.exists():
            self._warn(f"{path.name} already exists: choose another slug.")
            return False
        document.path = path
        self.documents.adopt(path, document)
        if self.library is not None:
            self.library.articles.append(ArticleSummary(path=path))
            self.library_panel.model.set_articles(self.library.articles)
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
        self.documents.close(document)
        if document.path:
            self.library_panel.model.set_unsaved(document.path.resolve(), False)
        if document is self.document:
            self.document = None

    def closeEvent(self, event: QCloseEvent) -> None:
        for document in self.documents.unsaved():
            if document is not self.document:
                self._show_document(document)
            if not self._may_leave_current():
                event.ignore()
                return
        self._save_state()
        event.accept()

    # --- reacting to the document ------------------------------------------------------

    def _on_changed(self) -> None:
        if self.document is None:
            return
        # An unterminated front matter has no body to show: the form's banner says why.
        with contextlib.suppress(ArticleError):
            self.preview.show_article(self.document.article())

    def _on_settled(self) -> None:
        document = self.document
        if document is None:
            return
        article = document.article()
        words = word_count(article.text[_safe_body_start(article) :])
        self.words_label.setText(f"{words:,} words · {reading_minutes(words)} min read")
        newline = {"\r\n": "CRLF", "\n": "LF"}.get(document.line_endings.dominant, "CR")
        self.file_label.setText(f"{document.encoding.label} · {newline}")
        self._validate_timer.start()

    def _validate(self) -> None:
        document = self.document
        if document is None:
            return
        try:
            problems = validate(document.article(), self.config, self.library)
        except ArticleError as error:
            self.statusBar().showMessage(str(error))
            return
        self.form.show_problems(problems)
        if document.path:
            errors = sum(p.severity == "error" for p in problems)
            self.library_panel.model.set_problem_counts(
                document.path.resolve(), errors, len(problems) - errors
            )

    def _validate_library(self) -> None:
        if self.library is None:
            return
        for summary in self.library.articles:
            if summary.error:
                continue
            try:
                problems = validate(Article.load(summary.path), self.config, self.library)
            except ArticleError:
                continue
            errors = sum(p.severity == "error" for p in problems)
            self.library_panel.model.set_problem_counts(
                summary.path.resolve(), errors, len(problems) - errors
            )

    def _refresh_summary(self, document: ArticleDocument) -> None:
        if self.library is None or document.path is None:
            return
        try:
            summary = ArticleSummary.of(document.article())
        except ArticleError:
            return
        for index, existing in enumerate(self.library.articles):
            if existing.path.resolve() == summary.path.resolve():
                self.library.articles[index] = ArticleSummary(
                    **{**summary.__dict__, "path": existing.path}
                )
                self.library_panel.model.update_article(self.library.articles[index])

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

    def _warn(self, message: str) -> None:
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
        in_library = self.library is not None and any(
            s.path.resolve() == path.resolve() for s in self.library.articles
        )
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

    def open_url(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)


def _safe_body_start(article: Article) -> int:
    try:
        return article.body_start
    except ArticleError:
        return 0
