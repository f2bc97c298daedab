"""One registry of the window's actions: id -> text, shortcut, tip. The window wires them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: Shortcut = None
    tip: str = ""


ACTIONS: dict[str, ActionSpec] = {
    "new": ActionSpec("&New Article", QKeySequence.StandardKey.New, "Start a new article"),
    "open_folder": ActionSpec("Open &Library…", "Ctrl+Shift+O", "Open a folder of articles"),
    "open_file": ActionSpec("&Open Article…", QKeySequence.StandardKey.Open, "Open one article"),
    "save": ActionSpec(
        "&Save", QKeySequence.StandardKey.Save, "Save the article (only your changes)"
    ),
    "save_all": ActionSpec("Save A&ll", "Ctrl+Alt+S", "Save every article with unsaved changes"),
    "quit": ActionSpec("&Quit", QKeySequence.StandardKey.Quit, "Quit Article Editor"),
    "undo": ActionSpec("&Undo", QKeySequence.StandardKey.Undo, "Undo the last change"),
    "redo": ActionSpec("&Redo", QKeySequence.StandardKey.Redo, "Redo the change undone last"),
    "find": ActionSpec("&Find…", QKeySequence.StandardKey.Find, "Find in the body"),
    "replace": ActionSpec(
        "R&eplace…", QKeySequence.StandardKey.Replace, "Find and replace in the body"
    ),
    "go_to_line": ActionSpec("&Go to Line…", "Ctrl+L", "Jump to a line of the file"),
    "formatted_html": ActionSpec(
        "&Formatted HTML (read only)", "Ctrl+Shift+F", "Read the HTML laid out, without changing it"
    ),
    "show_library": ActionSpec("&Library", "Ctrl+1", "Show or hide the article list"),
    "show_preview": ActionSpec("&Preview", "Ctrl+2", "Show or hide the preview"),
    "refresh_preview": ActionSpec(
        "&Refresh Preview", "F5", "Render the preview again (a very large article's waits for this)"
    ),
    "check_library": ActionSpec(
        "Check &Library…", "Ctrl+Shift+L", "Every problem in every article of the library"
    ),
    "taxonomy": ActionSpec(
        "&Tags and Categories…", None, "Counts of every tag and category; rename or merge one"
    ),
    "rename_slug": ActionSpec(
        "Rename &Slug…", None, "Give the article a new slug and update every link to it"
    ),
    "repair": ActionSpec(
        "&Repair Encoding…", "Ctrl+Shift+R", "Review and fix characters damaged by a wrong encoding"
    ),
    "cleanup": ActionSpec(
        "&Clean Up Webflow Debris…", None, 'Remove empty id="" attributes and empty paragraphs'
    ),
    "about": ActionSpec("&About Article Editor", None, "Version and credits"),
}


def create_actions(parent: QWidget) -> dict[str, QAction]:
    """A QAction per registry entry, owned by ``parent`` (so its shortcuts work there)."""
    actions: dict[str, QAction] = {}
    for key, spec in ACTIONS.items():
        action = QAction(spec.text, parent)
        action.setObjectName(f"action_{key}")
        if isinstance(spec.shortcut, QKeySequence.StandardKey):
            action.setShortcuts(spec.shortcut)
        elif spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
        parent.addAction(action)
        actions[key] = action
    return actions
