"""The footer panel: call to action, career hub and the related-articles list.

Like the form, it keeps no copy of the article: each change asks the core for the edits that
re-render one block and hands them to the document as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, QSize, QStringListModel, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.article import ArticleError
from editor.core.footer_blocks import (
    Footer,
    FooterError,
    RelatedLink,
    find_footer,
    related_link,
    set_cta,
    set_hub,
    set_related,
)
from editor.core.library import ArticleSummary, Library
from editor.core.suggestions import suggest_related
from editor.ui.article_document import ArticleDocument
from editor.ui.theme import problem_icon

_LINK_ROLE = Qt.ItemDataRole.UserRole
_CUSTOM = "__custom__"  # a block whose text matches no template


class RelatedList(QListWidget):
    """The related links: drag to reorder, Alt+Up/Down to move, Delete to remove."""

    def __init__(self, panel: FooterPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.setAccessibleName("Related articles")
        self.setToolTip("Drag or press Alt+Up/Alt+Down to reorder; Delete removes")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setIconSize(QSize(16, 16))
        self.model().rowsMoved.connect(lambda *_: panel.apply_list_order())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() == Qt.Key.Key_Up:
            self.panel.move_selected(-1)
        elif alt and event.key() == Qt.Key.Key_Down:
            self.panel.move_selected(1)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.panel.remove_selected()
        else:
            super().keyPressEvent(event)


class FooterPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: ArticleDocument | None = None
        self.library: Library | None = None
        self._links: tuple[RelatedLink, ...] = ()

        self.cta = QComboBox(self)
        self.cta.setAccessibleName("Call to action")
        self.cta.setToolTip("The call-to-action block at the end of the article")
        self.hub = QComboBox(self)
        self.hub.setAccessibleName("Career hub")
        self.hub.setToolTip("The career hub this article belongs to")
        self.related = RelatedList(self)
        self.related.setMinimumHeight(150)
        self.add_input = QLineEdit(self)
        self.add_input.setPlaceholderText("Add a related article: type a title or slug…")
        self.add_input.setAccessibleName("Add related article")
        self._add_model = QStringListModel(self)
        completer = QCompleter(self._add_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._add_from_text)
        self.add_input.setCompleter(completer)
        self.add_input.returnPressed.connect(lambda: self._add_from_text(self.add_input.text()))
        self.up = QPushButton("Up", self)
        self.down = QPushButton("Down", self)
        self.remove = QPushButton("Remove", self)
        self.refresh_titles = QPushButton("Refresh titles", self)
        self.suggest = QPushButton("Suggest", self)
        for button, tip in (
            (self.up, "Move the selected article up (Alt+Up)"),
            (self.down, "Move the selected article down (Alt+Down)"),
            (self.remove, "Remove the selected article (Delete)"),
            (self.refresh_titles, "Use each linked article's current title"),
            (self.suggest, "Fill the list with articles that share tags and category"),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(button.text())
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Call to action", self.cta)
        form.addRow("Career hub", self.hub)
        buttons = QHBoxLayout()
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        more = QHBoxLayout()
        more.addWidget(self.suggest)
        more.addWidget(self.refresh_titles)
        more.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        title = QLabel("Related articles", self)
        title.setBuddy(self.related)
        layout.addWidget(title)
        layout.addWidget(self.related)
        layout.addLayout(buttons)
        layout.addWidget(self.add_input)
        layout.addLayout(more)
        layout.addWidget(self.status)

        self.cta.activated.connect(lambda _: self._change_template("cta"))
        self.hub.activated.connect(lambda _: self._change_template("hub"))
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        self.remove.clicked.connect(self.remove_selected)
        self.refresh_titles.clicked.connect(self.refresh_stale_titles)
        self.suggest.clicked.connect(self.fill_with_suggestions)

    # --- connecting ----------------------------------------------------------------------

    def set_document(self, document: ArticleDocument | None) -> None:
        if self.document is not None:
            self.document.settled.disconnect(self.refresh)
        self.document = document
        if document is not None:
            document.settled.connect(self.refresh)
            self._fill_templates()
        self.refresh()

    def set_library(self, library: Library | None) -> None:
        self.library = library
        names = [f"{s.title} — {s.slug}" for s in library.articles if s.slug] if library else []
        self._add_model.setStringList(sorted(names, key=str.lower))
        self.refresh()

    def _fill_templates(self) -> None:
        assert self.document is not None
        config = self.document.config
        for combo, templates in (
            (self.cta, [(key, t.heading) for key, t in config.ctas.items()]),
            (self.hub, [(key, t.name) for key, t in config.hubs.items()]),
        ):
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem("None", None)
                for key, label in templates:
                    combo.addItem(label, key)

    # --- showing -----------------------------------------------------------------------

    def footer(self) -> Footer | None:
        if self.document is None:
            return None
        try:
            return find_footer(self.document.article(), self.document.config)
        except ArticleError:
            return None

    def refresh(self) -> None:
        footer = self.footer()
        self.setEnabled(footer is not None)
        if footer is None:
            return
        _select(self.cta, footer.cta, bool(footer.block("cta")))
        _select(self.hub, footer.hub, bool(footer.block("hub")))
        if footer.related != self._links or self.related.count() != len(footer.related):
            self._links = footer.related
            self._fill_list()
        else:
            self._update_flags()

    def _fill_list(self) -> None:
        selected = self.related.currentRow()
        with QSignalBlocker(self.related.model()):
            self.related.clear()
            for link in self._links:
                item = QListWidgetItem(link.title)
                item.setData(_LINK_ROLE, link)
                self.related.addItem(item)
        self.related.setCurrentRow(min(selected, self.related.count() - 1))
        self._update_flags()

    def _target(self, link: RelatedLink) -> ArticleSummary | None:
        return self.library.find(link.slug) if self.library and link.slug else None

    def _update_flags(self) -> None:
        missing = stale = 0
        for row in range(self.related.count()):
            item = self.related.item(row)
            link: RelatedLink = item.data(_LINK_ROLE)
            target = self._target(link)
            if self.library is not None and target is None:
                missing += 1
                item.setText(link.title)
                item.setIcon(problem_icon(self, "error"))
                item.setToolTip(f"No article “{link.slug}” in the library\n{link.url}")
            elif target is not None and target.title != link.title:
                stale += 1
                item.setText(link.title)
                item.setIcon(problem_icon(self, "warning"))
                item.setToolTip(f"The article's title is now “{target.title}”: Refresh titles")
            else:
                item.setText(link.title)
                item.setIcon(QIcon())
                item.setToolTip(link.url)
        notes = []
        if missing:
            notes.append(f"{missing} link(s) to articles that do not exist")
        if stale:
            notes.append(f"{stale} title(s) out of date")
        self.status.setText("; ".join(notes))
        self.refresh_titles.setEnabled(stale > 0)

    # --- changing ----------------------------------------------------------------------

    def _apply_links(self, links: Sequence[RelatedLink]) -> None:
        document = self.document
        if document is None:
            return
        try:
            edits = set_related(document.article(), document.config, links)
        except (ArticleError, FooterError) as error:
            self.status.setText(str(error))
            return
        document.end_merge()
        document.apply(edits)
        self._links = tuple(links)
        self._fill_list()

    def _change_template(self, kind: str) -> None:
        document = self.document
        if document is None:
            return
        combo = self.cta if kind == "cta" else self.hub
        key = combo.currentData()
        if key == _CUSTOM:
            return  # the block as the writer left it: nothing to re-render
        try:
            article = document.article()
            if kind == "cta":
                edits = set_cta(article, document.config, key)
            else:
                edits = set_hub(article, document.config, key)
        except (ArticleError, FooterError) as error:
            self.status.setText(str(error))
            return
        document.end_merge()
        document.apply(edits)

    def current_links(self) -> list[RelatedLink]:
        return [self.related.item(row).data(_LINK_ROLE) for row in range(self.related.count())]

    def apply_list_order(self) -> None:
        """After a drag and drop: the list's order becomes the article's."""
        self._apply_links(self.current_links())

    def move_selected(self, step: int) -> None:
        row = self.related.currentRow()
        links = self.current_links()
        target = row + step
        if row < 0 or not 0 <= target < len(links):
            return
        links[row], links[target] = links[target], links[row]
        self._apply_links(links)
        self.related.setCurrentRow(target)

    def remove_selected(self) -> None:
        row = self.related.currentRow()
        if row < 0:
            return
        links = self.current_links()
        del links[row]
        self._apply_links(links)
        self.related.setCurrentRow(min(row, len(links) - 1))

    def _add_from_text(self, text: str) -> None:
        if self.library is None or self.document is None:
            return
        slug = text.rsplit(" — ", 1)[-1].strip()
        target = self.library.find(slug) or next(
            (s for s in self.library.articles if s.title.lower() == text.strip().lower()), None
        )
        if target is None:
            self.status.setText(f"No article “{text.strip()}” in the library")
            return
        self.add_input.clear()
        links = self.current_links()
        if any(link.slug == target.slug for link in links):
            return
        links.append(related_link(self.document.config, target.slug, target.title))
        self._apply_links(links)

    def refresh_stale_titles(self) -> None:
        if self.document is None:
            return
        links = []
        for link in self.current_links():
            target = self._target(link)
            links.append(RelatedLink(target.title, link.url, link.slug) if target else link)
        self._apply_links(links)

    def fill_with_suggestions(self) -> None:
        document = self.document
        if document is None or self.library is None:
            return
        config = document.config
        suggestions = suggest_related(document.article(), self.library, config.related_count)
        if not suggestions:
            self.status.setText("No published article shares this one's tags or category")
            return
        links = self.current_links()
        have = {link.slug for link in links}
        for suggestion in suggestions:
            if len(links) >= config.related_count:
                break
            if suggestion.slug not in have:
                links.append(related_link(config, suggestion.slug, suggestion.title))
        self._apply_links(links)


def _select(combo: QComboBox, key: str | None, present: bool) -> None:
    """Show the block's template; a block we cannot match shows as "Custom"."""
    with QSignalBlocker(combo):
        index = combo.findData(key) if present and key else (0 if not present else -1)
        if index < 0:
            if combo.findData(_CUSTOM) < 0:
                combo.addItem("Custom", _CUSTOM)
            index = combo.findData(_CUSTOM)
        combo.setCurrentIndex(index)
