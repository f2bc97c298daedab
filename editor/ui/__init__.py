"""Qt widgets and the main window: the only package that imports PySide6."""
