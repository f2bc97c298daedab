"""The banner above the body that says what encoding damage the open article has."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from editor.core import cleanup, encoding
from editor.ui.article_document import ArticleDocument
from editor.ui.repair_dialog import ChangeReviewDialog


class RepairBanner(QFrame):
    """Shown when the open article is damaged; repairs apply to the document as one step."""

    repaired = Signal(int)  # number of changes applied

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: ArticleDocument | None = None
        self.repair: encoding.Repair | None = None
        self.debris: tuple[cleanup.CleanupChange, ...] = ()
        self.setObjectName("repair_banner")
        self.setAccessibleName("Encoding repair")
        self.setStyleSheet(
            "#repair_banner { background: palette(alternate-base);"
            " border-bottom: 1px solid #d9a400; }"
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.review_button = QPushButton("Review…", self)
        self.review_button.setToolTip("See every damaged character in context and choose")
        self.repair_all_button = QPushButton("Repair all", self)
        self.repair_all_button.setToolTip("Fix every damaged character (one undo step)")
        self.cleanup_button = QPushButton("Clean up Webflow…", self)
        self.cleanup_button.setToolTip('Remove empty id="" attributes and empty paragraphs')
        for button in (self.review_button, self.repair_all_button, self.cleanup_button):
            button.setAccessibleName(button.text())
        buttons = QHBoxLayout()
        self.check_button = QPushButton("Check for damaged characters", self)
        self.check_button.setAccessibleName(self.check_button.text())
        self.check_button.setVisible(False)
        self.check_button.clicked.connect(self.diagnose)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.repair_all_button)
        buttons.addWidget(self.cleanup_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.review_button.clicked.connect(self.review)
        self.repair_all_button.clicked.connect(self.repair_all)
        self.cleanup_button.clicked.connect(self.review_cleanup)
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.diagnose)
        self.setVisible(False)

    def set_document(self, document: ArticleDocument | None) -> None:
        if self.document is not None and not self.document.is_large:
            self.document.settled.disconnect(self._timer.start)
        self.document = document
        if document is not None and document.is_large:
            self._offer_check()  # a whole-text scan of a huge article waits to be asked for
            return
        if document is not None:
            document.settled.connect(self._timer.start)
        self.diagnose()

    def _offer_check(self) -> None:
        self.repair, self.debris = None, ()
        self.message.setText(
            "This article is very large: its preview is updated when you save or press F5, "
            "and damaged characters are looked for when you ask."
        )
        self.review_button.setVisible(False)
        self.repair_all_button.setVisible(False)
        self.cleanup_button.setVisible(False)
        self.check_button.setVisible(True)
        self.setVisible(True)

    def diagnose(self) -> None:
        """Look at the whole text again (after any change) and show or hide the banner."""
        document = self.document
        if document is None:
            self.repair, self.debris = None, ()
            self.setVisible(False)
            return
        text = document.text()
        self.repair = encoding.repair_text(text)
        self.debris = cleanup.find_webflow_debris(text)
        damaged = self.repair.damaged
        if damaged:
            self.message.setText(f"<b>Damaged characters found.</b> {self.repair.diagnosis}.")
        elif self.debris:
            self.message.setText(f"Webflow left {len(self.debris)} bits of debris in this article.")
        self.check_button.setVisible(False)
        self.review_button.setVisible(damaged)
        self.repair_all_button.setVisible(damaged)
        self.cleanup_button.setVisible(bool(self.debris))
        self.setVisible(damaged or bool(self.debris))

    def repair_all(self) -> None:
        if self.document is None or self.repair is None or not self.repair.damaged:
            return
        self._apply(encoding.repair_edits(self.repair), len(self.repair.changes))

    def review(self) -> None:
        self.diagnose()
        repair = self.repair
        if self.document is None or repair is None or not repair.damaged:
            return
        dialog = ChangeReviewDialog(
            "Review encoding repairs",
            f"{repair.diagnosis}. Untick any change you want to keep as it is.",
            self.document.text(),
            repair.changes,
            lambda accepted: encoding.repair_edits(repair, accepted),
            self.window(),
        )
        if dialog.exec() == ChangeReviewDialog.DialogCode.Accepted:
            self._apply(dialog.edits(), len(dialog.accepted_indices()))

    def review_cleanup(self) -> None:
        self.diagnose()
        debris = self.debris
        if self.document is None or not debris:
            return
        text = self.document.text()
        dialog = ChangeReviewDialog(
            "Clean up Webflow debris",
            'Empty id="" attributes and paragraphs that hold only an invisible character. '
            "Removing them changes nothing a reader sees.",
            text,
            debris,
            lambda accepted: cleanup.cleanup_edits(debris, accepted),
            self.window(),
        )
        if dialog.exec() == ChangeReviewDialog.DialogCode.Accepted:
            self._apply(dialog.edits(), len(dialog.accepted_indices()))

    def _apply(self, edits: list, count: int) -> None:  # type: ignore[type-arg]
        assert self.document is not None
        self.document.end_merge()
        self.document.apply(edits)
        self.document.end_merge()
        self.repaired.emit(count)
        self.diagnose()
