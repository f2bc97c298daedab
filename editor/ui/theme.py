"""Light and dark: follow the system's colour scheme (a dark palette where the style has none)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QWidget

# Overrides the preview stylesheet's colours when the window is dark (the bundled
# stylesheet's variables; a team stylesheet keeps its own colours, like the site).
DARK_PREVIEW_CSS = """
:root { --text: #e6e8ee; --muted: #a3abbb; --accent: #8fb0ff; --rule: #3a3f4b;
        --code-bg: #2a2e37; --page: #1b1e24; color-scheme: dark; }
"""


def is_dark() -> bool:
    """Whether the window should be dark: the system's scheme (or ARTICLE_EDITOR_THEME)."""
    forced = os.environ.get("ARTICLE_EDITOR_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#24272e",
        QPalette.ColorRole.WindowText: "#e6e8ee",
        QPalette.ColorRole.Base: "#1b1e24",
        QPalette.ColorRole.AlternateBase: "#2a2e37",
        QPalette.ColorRole.ToolTipBase: "#2a2e37",
        QPalette.ColorRole.ToolTipText: "#e6e8ee",
        QPalette.ColorRole.Text: "#e6e8ee",
        QPalette.ColorRole.PlaceholderText: "#8a92a3",
        QPalette.ColorRole.Button: "#2f333c",
        QPalette.ColorRole.ButtonText: "#e6e8ee",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#8fb0ff",
        QPalette.ColorRole.Highlight: "#3d6fd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    )
    for role in disabled:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6c7380"))
    return palette


def apply_theme(app: QApplication) -> None:
    """Give the app a dark palette when the system is dark and the style stayed light."""
    window_is_light = app.palette().color(QPalette.ColorRole.Window).lightness() >= 128
    if is_dark() and window_is_light:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif not is_dark() and not window_is_light:
        app.setPalette(app.style().standardPalette())


def problem_icon(widget: QWidget, severity: str) -> QIcon:
    """The platform's error or warning icon (emoji fonts are not everywhere)."""
    pixmap = (
        QStyle.StandardPixmap.SP_MessageBoxCritical
        if severity == "error"
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    )
    return widget.style().standardIcon(pixmap)
