"""The front-matter form: one control per known field, tag chips, other keys as raw YAML.

The form keeps no copy of the article. Each user edit asks the core for the TextEdits that
set one key and hands them to the document; when the document settles the form re-reads
its values, so undo, footer changes and repairs all show up here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.article import Article, ArticleError
from editor.core.front_matter import KeyPath
from editor.core.library import tag_groups
from editor.core.raw_yaml import RawYamlError, other_keys_text, other_keys_values
from editor.core.schema import FIELDS_BY_KEY, KNOWN_KEYS, slugify
from editor.core.text_edit import TextEdit, minimal_edit
from editor.core.validation import Problem
from editor.ui.article_document import ArticleDocument
from editor.ui.tag_editor import TagGroupEditor
from editor.ui.undo_routing import route_undo_to_document


class SingleLineTextEdit(QPlainTextEdit):
    """A wrapping text box for one long line (a description): Enter does not add a line."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return
        super().keyPressEvent(event)


class ProblemLabel(QLabel):
    """Problems the core found in one field, shown right under it: the first few, then a
    count (an article with thousands of broken links would otherwise grow a label so tall
    that laying it out takes Qt seconds). With ``with_lines``, each starts with its line
    in the file as a link: a click asks to go there (``line_requested(line, column)``)."""

    SHOWN = 6
    line_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, *, with_lines: bool = False) -> None:
        super().__init__(parent)
        self.with_lines = with_lines
        self.setWordWrap(True)
        self.setVisible(False)
        self.setProperty("role", "problem")
        self.setTextFormat(Qt.TextFormat.RichText if with_lines else Qt.TextFormat.PlainText)
        if with_lines:  # the line links reachable by mouse and by keyboard (Tab, Enter)
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.linkActivated.connect(self._on_link)

    def show_problems(self, problems: list[Problem]) -> None:
        if not problems:
            self.clear()
            self.setVisible(False)
            return
        worst = "error" if any(p.severity == "error" for p in problems) else "warning"
        icon = "✖" if worst == "error" else "⚠"
        lines = [f"{icon} {self._place(p)}{self._text(p.message)}" for p in problems[: self.SHOWN]]
        if len(problems) > self.SHOWN:
            lines.append(f"… and {len(problems) - self.SHOWN:,} more like these")
        self.setText(("<br>" if self.with_lines else "\n").join(lines))
        self.setProperty("severity", worst)
        self.setStyleSheet("color: #c62828;" if worst == "error" else "color: #b26a00;")
        self.setVisible(True)

    def _on_link(self, target: str) -> None:
        line, _, column = target.partition(":")
        self.line_requested.emit(int(line), int(column or 1))

    def _place(self, problem: Problem) -> str:
        if not self.with_lines or problem.line < 1:
            return ""
        return f'<a href="{problem.line}:{problem.column}">line {problem.line}</a>: '

    def _text(self, message: str) -> str:
        return html.escape(message) if self.with_lines else message


class FrontMatterForm(QWidget):
    """Shows and edits the known fields of the open article's front matter."""

    problems_shown = Signal()
    line_requested = Signal(int, int)  # a problem's place was clicked: show it in the source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: ArticleDocument | None = None
        self._is_new_article = False
        self._slug_edited_by_hand = False
        self._problem_labels: dict[str, ProblemLabel] = {}
        self._tag_editors: dict[str, TagGroupEditor] = {}
        self._tag_vocabulary: dict[str, list[str]] = {}
        self._session_base: Article | None = None  # the article before this field edit began
        self._session_result = ""  # the text the last edit of this session produced

        self.error_banner = QLabel(self)
        self.error_banner.setWordWrap(True)
        self.error_banner.setVisible(False)
        self.error_banner.setStyleSheet("color: #c62828; font-weight: 600;")

        self.title = QLineEdit(self)
        self.slug = QLineEdit(self)
        self.description = SingleLineTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.description_count = QLabel(self)
        self.canonical = QLineEdit(self)
        self.canonical_fix = QPushButton("Use slug URL", self)
        self.canonical_fix.setToolTip("Set the canonical URL to the article's own address")
        self.canonical_fix.setVisible(False)
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.draft = QCheckBox("Draft", self)
        self.archived = QCheckBox("Archived", self)
        self.other_keys = QPlainTextEdit(self)
        self.other_keys.setTabChangesFocus(True)
        self.other_keys.setPlaceholderText("other_key: value")
        self.other_keys.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self._other_keys_timer = QTimer(self, singleShot=True, interval=600)
        self._other_keys_timer.timeout.connect(self._apply_other_keys)

        for key, widget in (
            ("title", self.title),
            ("slug", self.slug),
            ("description", self.description),
            ("canonical", self.canonical),
            ("category", self.category),
        ):
            label = FIELDS_BY_KEY[key].label
            widget.setAccessibleName(label)
            widget.setToolTip(_TIPS[key])
        self.draft.setAccessibleName("Draft")
        self.archived.setAccessibleName("Archived")
        self.draft.setToolTip(_TIPS["draft"])
        self.archived.setToolTip(_TIPS["archived"])
        self.other_keys.setAccessibleName("Other keys")
        self.other_keys.setToolTip("Every other front-matter key, as YAML. Checked as you type.")
        route_undo_to_document(
            self.title, self.slug, self.description, self.canonical, self.category, self.other_keys
        )

        self._layout = QFormLayout()
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._add_row("title", "Title", self.title)
        self._add_row("slug", "Slug", self.slug)
        count_row = QVBoxLayout()
        count_row.setSpacing(2)
        count_row.addWidget(self.description)
        count_row.addWidget(self.description_count)
        self._add_row("description", "Description", count_row)
        canonical_row = QHBoxLayout()
        canonical_row.addWidget(self.canonical, 1)
        canonical_row.addWidget(self.canonical_fix)
        self._add_row("canonical", "Canonical URL", canonical_row)
        self._add_row("category", "Category", self.category)
        switches = QHBoxLayout()
        switches.addWidget(self.draft)
        switches.addWidget(self.archived)
        switches.addStretch(1)
        self._add_row("draft", "Status", switches, extra_keys=("archived",))
        self._tags_at = self._layout.rowCount()
        self._add_row("", "Other keys", self.other_keys, problem_key="other")
        # Links in the body (broken, to drafts, orphan): no field, so the row shows only
        # while there are problems; each names its line, a click goes there.
        self.link_problems = ProblemLabel(self, with_lines=True)
        self.link_problems.setAccessibleName("Link problems")
        self.link_problems.line_requested.connect(self.line_requested)
        self._layout.addRow("Links", self.link_problems)
        self._layout.setRowVisible(self.link_problems, False)
        self._problem_labels["links"] = self.link_problems
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.error_banner)
        outer.addLayout(self._layout)

        self.title.textEdited.connect(self._on_title_edited)
        self.slug.textEdited.connect(self._on_slug_edited)
        self.description.textChanged.connect(self._on_description_changed)
        self.canonical.textEdited.connect(lambda text: self._set(("canonical",), text))
        self.canonical_fix.clicked.connect(self._fix_canonical)
        category_input = self.category.lineEdit()
        assert category_input is not None
        category_input.textEdited.connect(lambda text: self._set(("category",), text))
        self.category.activated.connect(
            lambda index: self._set(("category",), self.category.itemText(index))
        )
        self.draft.clicked.connect(lambda on: self._set(("draft",), bool(on)))
        self.archived.clicked.connect(lambda on: self._set(("archived",), bool(on)))
        self.other_keys.textChanged.connect(self._on_other_keys_changed)

    def _add_row(
        self,
        key: str,
        label: str,
        field: Any,
        extra_keys: Iterable[str] = (),
        problem_key: str | None = None,
    ) -> None:
        box = QVBoxLayout()
        box.setSpacing(2)
        if isinstance(field, QWidget):
            box.addWidget(field)
        else:
            box.addLayout(field)
        problems = ProblemLabel(self)
        box.addWidget(problems)
        self._layout.addRow(label, box)
        name = problem_key or key
        self._problem_labels[name] = problems
        for extra in extra_keys:
            self._problem_labels[extra] = problems

    # --- connecting to a document ------------------------------------------------------

    def set_document(self, document: ArticleDocument | None, *, is_new: bool = False) -> None:
        if self.document is not None:
            self.document.settled.disconnect(self.refresh)
        self.document = document
        self._is_new_article = is_new
        self._slug_edited_by_hand = False
        if document is not None:
            document.settled.connect(self.refresh)
        self.refresh()

    def set_vocabulary(self, categories: Iterable[str], tags: dict[str, list[str]]) -> None:
        with QSignalBlocker(self.category):
            current = self.category.currentText()
            self.category.clear()
            self.category.addItems(sorted(set(categories)))
            self.category.setEditText(current)
        self._tag_vocabulary = tags
        for group, editor in self._tag_editors.items():
            editor.set_vocabulary(tags.get(group, []))

    def mark_saved(self) -> None:
        """After the first save a new article's slug is a published URL: it stops following."""
        self._is_new_article = False

    # --- showing values ----------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read every field from the document (after any change, undo included)."""
        document = self.document
        self.setEnabled(document is not None)
        if document is None:
            return
        try:
            meta = document.article().meta
        except ArticleError as error:
            self.error_banner.setText(
                f"The front matter cannot be read ({error.message}, line {error.line}). "
                "Fix it in the source, or undo."
            )
            self.error_banner.setVisible(True)
            self._set_fields_enabled(False)
            return
        self.error_banner.setVisible(False)
        self._set_fields_enabled(True)
        _show_text(self.title, meta.get("title"))
        _show_text(self.slug, meta.get("slug"))
        _show_text(self.canonical, meta.get("canonical"))
        description = _as_text(meta.get("description"))
        if self.description.toPlainText() != description:
            with QSignalBlocker(self.description):
                self.description.setPlainText(description)
        self._update_description_count()
        category = _as_text(meta.get("category"))
        if self.category.currentText() != category:
            with QSignalBlocker(self.category):
                self.category.setEditText(category)
        with QSignalBlocker(self.draft):
            self.draft.setChecked(meta.get("draft") is True)
        with QSignalBlocker(self.archived):
            self.archived.setChecked(meta.get("archived") is True)
        self._show_tags(meta.get("tags"))
        if not self.other_keys.hasFocus():
            text = other_keys_text(document.article().front_matter)
            if self.other_keys.toPlainText() != text:
                with QSignalBlocker(self.other_keys):
                    self.other_keys.setPlainText(text)
        self._update_canonical_fix()

    def _set_fields_enabled(self, enabled: bool) -> None:
        for child in self.findChildren(QWidget):
            if child is not self.error_banner:
                child.setEnabled(enabled)

    def _show_tags(self, value: Any) -> None:
        assert self.document is not None
        groups = tag_groups(value) if isinstance(value, dict) else {}
        configured = list(self.document.config.tag_groups)
        wanted = configured + [group for group in groups if group not in configured]
        if list(self._tag_editors) != wanted:
            self._rebuild_tag_editors(wanted)
        for group, editor in self._tag_editors.items():
            editor.set_tags(groups.get(group, ()))

    def _rebuild_tag_editors(self, groups: list[str]) -> None:
        for group, editor in self._tag_editors.items():
            self._layout.removeRow(editor)
            self._problem_labels.pop(f"tags.{group}", None)
        self._tag_editors = {}
        for offset, group in enumerate(groups):
            editor = TagGroupEditor(group, self)
            editor.set_vocabulary(self._tag_vocabulary.get(group, []))
            editor.tags_changed.connect(lambda tags, g=group: self._set(("tags", g), tags))
            route_undo_to_document(editor.input)
            problems = ProblemLabel(self)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(problems)
            self._layout.insertRow(self._tags_at + offset, f"Tags: {group}", box)
            self._tag_editors[group] = editor
            self._problem_labels[f"tags.{group}"] = problems

    def tag_editor(self, group: str) -> TagGroupEditor:
        return self._tag_editors[group]

    def show_problems(self, problems: Iterable[Problem]) -> None:
        """Put each front-matter problem under its field (the banner and footer panel show
        encoding and footer problems)."""
        by_label: dict[str, list[Problem]] = {}
        for problem in problems:
            if problem.field in ("encoding", "footer"):
                continue
            by_label.setdefault(self._label_for(problem.field or ""), []).append(problem)
        for key, label in self._problem_labels.items():
            label.show_problems(by_label.get(key, []))
        self._layout.setRowVisible(self.link_problems, "links" in by_label)
        self.problems_shown.emit()

    def _label_for(self, field: str) -> str:
        if field in self._problem_labels:
            return field
        if field == "tags" and self._tag_editors:
            return f"tags.{next(iter(self._tag_editors))}"
        return "other"

    # --- user edits --------------------------------------------------------------------

    def _set(
        self,
        path: KeyPath,
        value: Any,
        also: Callable[[], list[tuple[KeyPath, Any]]] | None = None,
    ) -> None:
        """Apply one field change (and any that follow from it) as one undo step.

        While the writer types in one field, every keystroke is applied to the article as it
        was before the first one: the value is written once, in the file's style, rather
        than in the style a passing state needed (a trailing space must not leave a title
        quoted for good).
        """
        document = self.document
        if document is None:
            return
        key = ".".join(path)
        current = document.text()
        if (
            self._session_base is None
            or document.merge_key != key
            or current != self._session_result  # something else edited since: start afresh
        ):
            self._session_base = document.article()
        try:
            article = self._session_base.with_edits(self._session_base.set_field(path, value))
            for extra_path, extra_value in also() if also else []:
                article = article.with_edits(article.set_field(extra_path, extra_value))
        except (ArticleError, TypeError, ValueError) as error:
            self.error_banner.setText(str(error))
            self.error_banner.setVisible(True)
            return
        document.apply(_whole_front_matter_edit(current, article.text), merge_key=key)
        self._session_result = article.text
        self._update_canonical_fix()

    def _on_title_edited(self, text: str) -> None:
        if self._is_new_article and not self._slug_edited_by_hand:
            # A new article's slug follows its title until saved: then it is a published URL.
            self._set(("title",), text, also=lambda: self._derived_from_slug(slugify(text)))
        else:
            self._set(("title",), text)

    def _derived_from_slug(self, slug: str) -> list[tuple[KeyPath, Any]]:
        assert self.document is not None
        return [(("slug",), slug), (("canonical",), self.document.config.article_url(slug))]

    def _on_slug_edited(self, text: str) -> None:
        self._slug_edited_by_hand = True
        if self._is_new_article and self._canonical_matches_slug():
            self._set(("slug",), text, also=lambda: self._derived_from_slug(text)[1:])
        else:
            self._set(("slug",), text)

    def _canonical_matches_slug(self) -> bool:
        if self.document is None:
            return False
        meta = self.document.article().meta
        canonical, slug = meta.get("canonical"), meta.get("slug")
        if not isinstance(canonical, str) or not isinstance(slug, str):
            return False
        return self.document.config.is_canonical(canonical, slug)

    def _on_description_changed(self) -> None:
        self._update_description_count()
        if self.document is None:
            return
        text = self.description.toPlainText()
        if text != _as_text(self.document.article().meta.get("description")):
            self._set(("description",), text)

    def _update_description_count(self) -> None:
        length = len(self.description.toPlainText())
        limits = self.document.config.description_length if self.document else None
        if limits is None:
            self.description_count.clear()
            return
        inside = limits.contains(length)
        self.description_count.setText(
            f"{length} characters · recommended {limits.min}–{limits.max}"
        )
        self.description_count.setStyleSheet("" if inside else "color: #b26a00;")
        self.description_count.setAccessibleName("Description length")

    def _update_canonical_fix(self) -> None:
        document = self.document
        if document is None:
            return
        slug = self.slug.text()
        self.canonical_fix.setVisible(bool(slug) and not self._canonical_matches_slug())

    def _fix_canonical(self) -> None:
        assert self.document is not None
        slug = self.slug.text()
        self.document.end_merge()
        self._set(("canonical",), self.document.config.article_url(slug))
        self.document.end_merge()

    def _on_other_keys_changed(self) -> None:
        self._other_keys_timer.start()

    def _apply_other_keys(self) -> None:
        document = self.document
        if document is None:
            return
        label = self._problem_labels["other"]
        article = document.article()
        try:
            wanted = other_keys_values(self.other_keys.toPlainText())
        except RawYamlError as error:
            label.setText(f"✖ {error}")
            label.setStyleSheet("color: #c62828;")
            label.setVisible(True)
            return
        label.setVisible(False)
        current = {k: v for k, v in article.meta.items() if k not in KNOWN_KEYS}
        new_article = article
        try:
            for key in current:
                if key not in wanted:
                    new_article = new_article.with_edits(new_article.remove_field((key,)))
            for key, value in wanted.items():
                new_article = new_article.with_edits(new_article.set_field((key,), value))
        except (ArticleError, TypeError) as error:
            label.setText(f"✖ {error}")
            label.setVisible(True)
            return
        if new_article.text != article.text:
            document.apply(
                _whole_front_matter_edit(article.text, new_article.text), merge_key="other"
            )


def _whole_front_matter_edit(old: str, new: str) -> list[TextEdit]:
    """One minimal edit turning ``old`` into ``new`` (several field edits as one step)."""
    edit = minimal_edit(old, 0, len(old), new)
    return [edit] if edit else []


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


def _show_text(widget: QLineEdit, value: Any) -> None:
    text = _as_text(value)
    if widget.text() != text:
        position = widget.cursorPosition()
        widget.setText(text)
        widget.setCursorPosition(min(position, len(text)))


_TIPS = {
    "title": "The headline readers see",
    "slug": "The article's address: lower-case words joined by hyphens. Changing it breaks links.",
    "description": "The summary search engines show",
    "canonical": "The one address search engines should index",
    "category": "Pick from the team's list or type a new one",
    "draft": "Drafts are not published",
    "archived": "Archived articles are kept but hidden from the site",
}
