"""The library panel: every article with its title, status and problems; search; click opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from editor.core.library import ArticleSummary
from editor.ui.theme import problem_icon

_Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class ArticleTableModel(QAbstractTableModel):
    """Rows of article summaries; the window tells it which are unsaved and their problems."""

    COLUMNS = ("Title", "Status", "Problems")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleSummary] = []
        self._problems: dict[Path, tuple[int, int]] = {}
        self._unsaved: set[Path] = set()
        owner = parent or QWidget()
        self._icons = {severity: problem_icon(owner, severity) for severity in ("error", "warning")}

    def set_articles(self, articles: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = sorted(articles, key=lambda s: (s.title or s.path.name).lower())
        self.endResetModel()

    def update_article(self, summary: ArticleSummary) -> None:
        for row, existing in enumerate(self._rows):
            if existing.path == summary.path:
                self._rows[row] = summary
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                return

    def set_problem_counts(self, path: Path, errors: int, warnings: int) -> None:
        self._problems[path] = (errors, warnings)
        self._changed(path)

    def set_unsaved(self, path: Path, unsaved: bool) -> None:
        if unsaved:
            self._unsaved.add(path)
        else:
            self._unsaved.discard(path)
        self._changed(path)

    def _changed(self, path: Path) -> None:
        row = self.row_of(path)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def row_of(self, path: Path) -> int | None:
        return next((row for row, s in enumerate(self._rows) if s.path == path), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt override
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == PATH_ROLE:
            return str(summary.path)
        if role == SEARCH_ROLE:
            return f"{summary.title} {summary.slug} {summary.path.name}".lower()
        errors, warnings = self._problems.get(summary.path, (0, 0))
        if summary.error:
            errors = max(errors, 1)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                mark = "● " if summary.path in self._unsaved else ""
                return mark + (summary.title or summary.path.name)
            if column == 1:
                return "unreadable" if summary.error else summary.status
            if column == 2:
                return _problem_count(errors, warnings)
        if role == Qt.ItemDataRole.DecorationRole and column == 2 and (errors or warnings):
            return self._icons["error" if errors else "warning"]
        if role == Qt.ItemDataRole.ToolTipRole:
            if summary.error:
                return summary.error
            if column == 2 and (errors or warnings):
                return f"{errors} error(s), {warnings} warning(s)"
            unsaved = "\nUnsaved changes" if summary.path in self._unsaved else ""
            return f"{summary.title}\n{summary.path.name}{unsaved}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            state = ", unsaved" if summary.path in self._unsaved else ""
            return f"{summary.title or summary.path.name}, {summary.status}{state}"
        return None


def _problem_count(errors: int, warnings: int) -> str:
    total = errors + warnings
    return str(total) if total else ""


class LibraryPanel(QWidget):
    """Search box over the article list. ``article_activated`` carries the chosen file."""

    article_activated = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search articles")
        self.search.setAccessibleName("Search articles")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTreeView(self)
        self.view.setAccessibleName("Articles")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view)

    def _activate(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path:
            self.article_activated.emit(Path(path))

    def select(self, path: Path) -> None:
        row = self.model.row_of(path)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
