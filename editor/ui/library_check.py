"""Tools → Check Library: every problem in every article, with a progress bar; double-click a
row to open the article at that line. The check itself runs on the library worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor.core.library_check import CheckReport
from editor.ui.rows_model import Index, RowsModel
from editor.ui.theme import problem_icon

Row = tuple[Path, int, int, str, str]  # file, line, column, severity, message


class ProblemTableModel(RowsModel[Row]):
    """The report's problems as rows: file, line, severity, message."""

    COLUMNS = ("File", "Line", "Severity", "Message")

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        owner = parent if isinstance(parent, QWidget) else QWidget()
        self._icons = {severity: problem_icon(owner, severity) for severity in ("error", "warning")}

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> Row:
        return self._rows[index]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        path, line, column, severity, message = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (_relative(path, self.root), line, severity, message)[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return self._icons.get(severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{path}:{line}:{column}\n{message}"
        return None


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


class LibraryCheckDialog(QDialog):
    """Shows a library check as it runs and its report when done."""

    open_requested = Signal(Path, int)  # file, line
    check_requested = Signal()  # "Check again"

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Check Library — {root.name}")
        self.resize(900, 560)
        self._report: CheckReport | None = None
        self.summary = QLabel("Checking…", self)
        self.summary.setAccessibleName("Check summary")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Check progress")
        self.errors_only = QCheckBox("Errors only", self)
        self.errors_only.setAccessibleName("Errors only")
        self.errors_only.toggled.connect(lambda _: self._fill())
        self.model = ProblemTableModel(root, self)
        self.table = QTableView(self)  # a table asks only about the rows on screen
        self.table.setAccessibleName("Problems")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.resizeSection(0, 300)
        header.resizeSection(1, 56)
        header.resizeSection(2, 90)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.again = QPushButton("Check Again", self)
        self.again.setAccessibleName("Check Again")
        self.again.setEnabled(False)
        self.again.clicked.connect(self._check_again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.errors_only)
        bottom = QHBoxLayout()
        bottom.addWidget(self.again)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.summary.setText(f"Checking {done:,} of {total:,} articles…")

    def show_report(self, report: CheckReport) -> None:
        self._report = report
        self.progress.setVisible(False)
        self.again.setEnabled(True)
        self._fill()

    def show_failure(self, message: str) -> None:
        self.progress.setVisible(False)
        self.again.setEnabled(True)
        self.summary.setText(f"The check stopped: {message}")

    def _fill(self) -> None:
        report = self._report
        if report is None:
            return
        errors_only = self.errors_only.isChecked()
        rows: list[Row] = [(path, 1, 1, "error", message) for path, message in report.unusable]
        rows += [
            (path, p.line, p.column, p.severity, p.message)
            for path, p in report.problems
            if not errors_only or p.severity == "error"
        ]
        self.model.set_rows(rows)
        files = len({row[0] for row in rows})
        errors = report.errors
        warnings = len(report.problems) + len(report.unusable) - errors
        if not rows and not errors_only:
            self.summary.setText(f"No problems in {report.checked:,} articles")
        else:
            self.summary.setText(
                f"{errors:,} error(s) and {warnings:,} warning(s) in {files:,} of "
                f"{report.checked:,} articles"
            )

    def _check_again(self) -> None:
        self.again.setEnabled(False)
        self.summary.setText("Checking…")
        self.check_requested.emit()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            path, line, *_ = self.model.row(index.row())
            self.open_requested.emit(path, line)
