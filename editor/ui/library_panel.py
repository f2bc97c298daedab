"""The library panel: every article with its category, status, date and problems; filters and
search that answer while typing, even with 10,000 articles.

A table model holds the summaries; a proxy shows the rows that pass the filters. The proxy does
not compare rows itself (10,000 Python comparisons per keystroke would stall the window): the
panel works out which rows pass, with the core's search, and the proxy only looks that up.
Sorting is done by the model in one Python sort, for the same reason.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor.core.library import ArticleSummary
from editor.core.library_search import LibrarySearch
from editor.ui.rows_model import Index, RowsModel
from editor.ui.theme import problem_icon

PATH_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUSES = ("published", "draft", "archived")
ALL = ""


FilterVocabulary = tuple[Counter[str], Counter[tuple[str, str]]]


def filter_vocabulary(articles: Iterable[ArticleSummary]) -> FilterVocabulary:
    """Categories and (group, tag) pairs with their article counts, for the filter menus."""
    categories: Counter[str] = Counter()
    tags: Counter[tuple[str, str]] = Counter()
    for summary in articles:
        if summary.category:
            categories[summary.category] += 1
        for group, values in summary.tags.items():
            tags.update((group, tag) for tag in dict.fromkeys(values))
    return categories, tags


class ArticleTableModel(RowsModel[ArticleSummary]):
    """Rows of article summaries; the window tells it which are unsaved and their problems."""

    COLUMNS = ("Title", "Category", "Status", "Modified", "Problems")
    TITLE, CATEGORY, STATUS, MODIFIED, PROBLEMS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._row_of: dict[Path, int] = {}
        self._problems: dict[Path, tuple[int, int]] = {}
        self._unsaved: set[Path] = set()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        owner = parent if isinstance(parent, QWidget) else QWidget()
        self._icons = {severity: problem_icon(owner, severity) for severity in ("error", "warning")}

    # --- contents ------------------------------------------------------------------------

    def set_articles(
        self, articles: Iterable[ArticleSummary], *, in_title_order: bool = False
    ) -> None:
        """Show ``articles``; ``in_title_order`` when they are already sorted by title (on a
        worker), which is the list's order until the writer sorts by a column."""
        self.beginResetModel()
        self._rows = list(articles)
        if in_title_order and self._sort is None:
            self._reindex()
        else:
            self._sort_rows()
        self.endResetModel()

    def articles(self) -> list[ArticleSummary]:
        return list(self._rows)

    def summary(self, row: int) -> ArticleSummary:
        return self._rows[row]

    def update_article(self, summary: ArticleSummary) -> None:
        row = self.row_of(summary.path)
        if row is None:
            self.add_articles([summary])
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def add_articles(self, summaries: Iterable[ArticleSummary]) -> None:
        new = [s for s in summaries if s.path not in self._row_of]
        if not new:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(new) - 1)
        for summary in new:
            self._row_of[summary.path] = len(self._rows)
            self._rows.append(summary)
        self.endInsertRows()

    def remove_articles(self, paths: Iterable[Path]) -> None:
        for path in paths:
            row = self.row_of(path)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._reindex()
            self.endRemoveRows()

    def _reindex(self) -> None:
        self._row_of = {summary.path: row for row, summary in enumerate(self._rows)}

    def set_problem_counts(self, path: Path, errors: int, warnings: int) -> None:
        self._problems[path] = (errors, warnings)
        self._changed(path)

    def set_all_problem_counts(self, counts: dict[Path, tuple[int, int]]) -> None:
        """Replace every row's problem counts at once (a library check finished)."""
        self._problems = dict(counts)
        if self._rows:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, last), self.index(len(self._rows) - 1, last))

    def problem_counts(self, path: Path) -> tuple[int, int]:
        errors, warnings = self._problems.get(path, (0, 0))
        row = self.row_of(path)
        if row is not None and self._rows[row].error:
            errors = max(errors, 1)
        return errors, warnings

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
        return self._row_of.get(path)

    # --- sorting ----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in one Python sort (the proxy leaves sorting to the model)."""
        self.layoutAboutToBeChanged.emit()
        before = {id(summary): row for row, summary in enumerate(self._rows)}
        old_indexes = self.persistentIndexList()
        self._sort = (column, order) if column >= 0 else None
        self._sort_rows()
        moved = {before[id(summary)]: row for row, summary in enumerate(self._rows)}
        self.changePersistentIndexList(
            old_indexes,
            [self.index(moved.get(i.row(), i.row()), i.column()) for i in old_indexes],
        )
        self.layoutChanged.emit()

    @staticmethod
    def in_title_order(articles: Iterable[ArticleSummary]) -> list[ArticleSummary]:
        """The rows in the list's first order (sorted on a worker, a sorted list sorts fast)."""
        return sorted(articles, key=_title_key)

    def _sort_rows(self) -> None:
        if self._sort is None:
            self._rows.sort(key=_title_key)
        else:
            column, order = self._sort
            key = self._sort_key(column)
            self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()

    def _sort_key(self, column: int) -> Callable[[ArticleSummary], Any]:
        if column == self.CATEGORY:
            return lambda s: (s.category.lower(), (s.title or s.path.name).lower())
        if column == self.STATUS:
            return lambda s: (self._status(s), (s.title or s.path.name).lower())
        if column == self.MODIFIED:
            return lambda s: s.mtime_ns
        if column == self.PROBLEMS:
            return lambda s: self.problem_counts(s.path)
        return lambda s: (s.title or s.path.name).lower()

    # --- Qt model interface -----------------------------------------------------------------

    @staticmethod
    def _status(summary: ArticleSummary) -> str:
        return "unreadable" if summary.error else summary.status

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == PATH_ROLE:
            return str(summary.path)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                mark = "● " if summary.path in self._unsaved else ""
                return mark + (summary.title or summary.path.name)
            if column == self.CATEGORY:
                return summary.category
            if column == self.STATUS:
                return self._status(summary)
            if column == self.MODIFIED:
                return _date(summary.modified)
            if column == self.PROBLEMS:
                return _problem_count(*self.problem_counts(summary.path))
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == self.PROBLEMS:
            errors, warnings = self.problem_counts(summary.path)
            if errors or warnings:
                return self._icons["error" if errors else "warning"]
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.TITLE:
            state = ", unsaved" if summary.path in self._unsaved else ""
            return f"{summary.title or summary.path.name}, {self._status(summary)}{state}"
        return None

    def _tooltip(self, summary: ArticleSummary, column: int) -> str:
        if summary.error:
            return summary.error
        if column == self.PROBLEMS:
            errors, warnings = self.problem_counts(summary.path)
            return f"{errors} error(s), {warnings} warning(s)" if errors or warnings else ""
        if column == self.MODIFIED and summary.modified:
            return time.strftime("%Y-%m-%d %H:%M", time.localtime(summary.modified))
        unsaved = "\nUnsaved changes" if summary.path in self._unsaved else ""
        return f"{summary.title}\n{summary.path.name}{unsaved}"


def _title_key(summary: ArticleSummary) -> str:
    return (summary.title or summary.path.name).lower()


def _date(seconds: float) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(seconds)) if seconds else ""


def _problem_count(errors: int, warnings: int) -> str:
    total = errors + warnings
    return str(total) if total else ""


class ArticleFilterProxy(QSortFilterProxyModel):
    """Shows the rows the panel decided pass; sorting is the model's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._passing: set[int] | None = None  # ids of the passing summaries; None: all
        self.setDynamicSortFilter(False)

    def set_passing(self, passing: set[int] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._passing = passing
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._passing = passing
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._passing is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, ArticleTableModel)
        return id(model.summary(source_row)) in self._passing

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        assert isinstance(model, ArticleTableModel)
        model.sort(column, order)


class LibraryPanel(QWidget):
    """Filters and search over the article list. ``article_activated`` carries the chosen file."""

    article_activated = Signal(Path)
    filtered = Signal(int)  # the number of articles shown, after every filter or search

    SEARCH_DELAY_MS = 40  # a burst of typing costs one search

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleTableModel(self)
        self.proxy = ArticleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._search: LibrarySearch | None = None
        self._search_timer = QTimer(self, singleShot=True, interval=self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search articles")
        self.search.setAccessibleName("Search articles")
        self.search.setToolTip("Titles, slugs, descriptions and the text of the articles")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.category = self._combo("Filter by category", "All categories")
        self.tag = self._combo("Filter by tag", "All tags")
        self.status = self._combo("Filter by status", "Any status")
        for status in STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.problems_only = QCheckBox("Only articles with problems", self)
        self.problems_only.setAccessibleName("Only articles with problems")
        self.problems_only.toggled.connect(lambda _: self.apply_filters())
        self.count = QLabel(self)
        self.count.setAccessibleName("Articles shown")

        # A table, not a tree: a tree lays out every row (asking Python about each) when the
        # model resets; a table asks only about the rows on screen.
        self.view = QTableView(self)
        self.view.setAccessibleName("Articles")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._size_columns()
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.category, 0, 0)
        filters.addWidget(self.tag, 0, 1)
        filters.addWidget(self.status, 1, 0)
        filters.addWidget(self.problems_only, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        layout.addWidget(self.count)

    def _size_columns(self) -> None:
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(ArticleTableModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ArticleTableModel.CATEGORY, 96)
        header.resizeSection(ArticleTableModel.STATUS, 76)
        header.resizeSection(ArticleTableModel.MODIFIED, 84)
        header.resizeSection(ArticleTableModel.PROBLEMS, 64)

    def current_path(self) -> Path | None:
        path = self.view.currentIndex().data(PATH_ROLE)
        return Path(path) if path else None

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.addItem(everything, ALL)
        combo.currentIndexChanged.connect(lambda _: self.apply_filters())
        return combo

    # --- contents ------------------------------------------------------------------------

    def set_articles(
        self,
        articles: list[ArticleSummary],
        search: LibrarySearch | None = None,
        vocabulary: FilterVocabulary | None = None,
        *,
        in_title_order: bool = False,
    ) -> None:
        """Show ``articles`` (searched with ``search``, built for the same list; the filter
        menus from ``vocabulary`` when the caller counted it already)."""
        self._search = search
        self.model.set_articles(articles, in_title_order=in_title_order)
        self._fill_vocabulary(vocabulary or filter_vocabulary(articles))
        self.apply_filters()

    def set_search(self, search: LibrarySearch | None) -> None:
        """A new search index (body text indexed): search again with it."""
        self._search = search
        if self.search.text().strip():
            self.apply_filters()

    def _fill_vocabulary(self, vocabulary: FilterVocabulary) -> None:
        categories, tags = vocabulary
        self._refill(
            self.category,
            [(f"{value} ({n})", value) for value, n in sorted(categories.items())],
        )
        self._refill(
            self.tag,
            [
                (f"{group + ': ' if group else ''}{tag} ({n})", f"{group}\x1f{tag}")
                for (group, tag), n in sorted(tags.items())
            ],
        )

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- filtering -----------------------------------------------------------------------

    def apply_filters(self) -> None:
        """Work out which articles pass the search and every filter, and show only those."""
        self._search_timer.stop()
        category = self.category.currentData() or ALL
        tag = self.tag.currentData() or ALL
        status = self.status.currentData() or ALL
        problems_only = self.problems_only.isChecked()
        query = self.search.text().strip()
        rows = self.model.articles()
        matched = self._search.matching(query) if self._search and query else None
        if query and self._search is None:
            words = query.lower().split()
            matched_ids = {
                id(s)
                for s in rows
                if all(w in f"{s.title} {s.slug} {s.description}".lower() for w in words)
            }
        elif matched is not None and self._search is not None:
            ordered = self._search.library.articles
            matched_ids = {id(ordered[i]) for i in matched}
        else:
            matched_ids = None
        if not (category or tag or status or problems_only) and matched_ids is None:
            self.proxy.set_passing(None)
            self._use_model(self.model)
            self._show_count(len(rows), len(rows))
            return
        group, _, tag_value = tag.partition("\x1f")
        passing = set()
        for summary in rows:
            if matched_ids is not None and id(summary) not in matched_ids:
                continue
            if category and summary.category != category:
                continue
            if tag and tag_value not in summary.tags.get(group, ()):
                continue
            if status and (summary.error or summary.status != status):
                continue
            if problems_only and not any(self.model.problem_counts(summary.path)):
                continue
            passing.add(id(summary))
        self.proxy.set_passing(passing)
        self._use_model(self.proxy)
        self._show_count(len(passing), len(rows))

    def _use_model(self, model: ArticleTableModel | ArticleFilterProxy) -> None:
        """Show the model itself when nothing is filtered: the proxy would ask Python about
        every one of 10,000 rows, each time Qt rebuilds its mapping."""
        if self.view.model() is model:
            return
        current = self.current_path()
        header = self.view.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        self.view.setModel(model)
        header = self.view.horizontalHeader()
        header.setSortIndicator(column, order)
        self._size_columns()
        if current is not None:
            self.select(current)

    def _show_count(self, shown: int, total: int) -> None:
        text = f"{total:,} articles" if shown == total else f"{shown:,} of {total:,} articles"
        self.count.setText(text)
        self.filtered.emit(shown)

    # --- selection -----------------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path:
            self.article_activated.emit(Path(path))

    def select(self, path: Path) -> None:
        row = self.model.row_of(path)
        if row is None:
            return
        index = self.model.index(row, 0)
        if self.view.model() is self.proxy:
            index = self.proxy.mapFromSource(index)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def visible_paths(self) -> list[Path]:
        """The files of the rows shown, top to bottom (what a writer sees)."""
        model = self.view.model()
        return [Path(model.index(row, 0).data(PATH_ROLE)) for row in range(model.rowCount())]
