"""Project override of PyInstaller's hook for PySide6.QtQml: the library without QML modules.

The stock hook also collects every QML module Qt ships (Qt Quick Controls, Quick 3D,
multimedia, charts, ...: about 170 MB with their libraries) because a QML application may
load any of them at run time. Article Editor is a widgets application and loads none.

The spec excludes PySide6.QtQml, which the app never imports, so this hook runs only if
something starts importing it (a QQuickWidget, a dependency). Hooks in the spec's
``hookspath`` take precedence over PyInstaller's own.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# The module's own libraries, plugins and translations, as for any other Qt module; none of
# pyside6_library_info.collect_qtqml_files().
hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
