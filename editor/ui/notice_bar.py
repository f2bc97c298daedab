"""A bar above the body for things the writer should know now: a file changed on disk,
unsaved work found from an earlier session. It never blocks: the writer answers when ready."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self.setAccessibleName("Notice")
        self.setStyleSheet(
            "#notice_bar { background: palette(alternate-base); border-bottom: 1px solid #3d6fd9; }"
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons)
        self.kind = ""
        self.setVisible(False)

    def show_notice(
        self, kind: str, text: str, actions: Sequence[tuple[str, Callable[[], None]]]
    ) -> None:
        """Show ``text`` with one button per action; ``kind`` names the notice for callers."""
        self.clear()
        self.kind = kind
        self.message.setText(text)
        for label, callback in actions:
            button = QPushButton(label, self)
            button.setAccessibleName(label)
            button.clicked.connect(callback)
            self._buttons.insertWidget(self._buttons.count() - 1, button)
        self.setVisible(True)

    def buttons(self) -> list[QPushButton]:
        return [w for w in self.findChildren(QPushButton) if not w.isHidden()]

    def clear(self, kind: str | None = None) -> None:
        """Hide the notice (only if it is of ``kind``, when given)."""
        if kind is not None and kind != self.kind:
            return
        for button in self.findChildren(QPushButton):
            self._buttons.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.kind = ""
        self.setVisible(False)
