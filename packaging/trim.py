"""What the bundle keeps of Qt: the rules the spec applies to PyInstaller's collected files.

PyInstaller's Qt hooks collect by link-time dependency, and QtWebEngine links Qt Quick, QML,
positioning and more, so a widgets app gets most of Qt. These rules keep what Article Editor
loads and drop the rest:

- Python bindings the app never imports (``EXCLUDED_MODULES``, given to ``Analysis``);
- Qt plugins outside ``KEEP_PLUGINS``;
- Qt translations (the app installs no QTranslator) and QtWebEngine locales outside
  ``keep_locales``; QtWebEngine's developer-tools resources;
- Qt libraries no kept binary links to, directly or not (a closure over the imports);
- on Linux, the distribution's own libraries (X11, xcb, NSS, fontconfig, ...): the .deb
  depends on their packages instead of carrying copies from the build machine.

Every file dropped is counted by reason, so the build can report what the trim saved.
This module is plain Python (no PyInstaller import) so tests can exercise the rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

# Imported by no module of the app, but pulled in as hidden imports by the hooks of the
# modules it does import (QtWebEngine links them). tests/test_packaging.py checks that the app
# imports none of them.
EXCLUDED_MODULES = [
    "PySide6.QtDBus",
    "PySide6.QtOpenGL",
    "PySide6.QtPositioning",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "tkinter",
]

# Plugin type -> plugin names kept ("lib" prefix and file suffix removed); "*" keeps all.
KEEP_PLUGINS: dict[str, frozenset[str]] = {
    # xcb for windows on X11 (and XWayland), offscreen for --self-test; windows/cocoa elsewhere.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa"}),
    "xcbglintegrations": frozenset({"*"}),  # GLX/EGL on xcb: QtWebEngine draws through it
    "platformthemes": frozenset({"qxdgdesktopportal"}),  # portal file dialogs; no GTK needed
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),  # dead keys, compose and input methods: writers type accents and other scripts
    "iconengines": frozenset({"qsvgicon"}),  # the window icon is an SVG
    "imageformats": frozenset({"qsvg", "qico", "qicns", "qjpeg", "qgif"}),
    "styles": frozenset({"*"}),  # the native Windows 11 and macOS styles
}

DEFAULT_LOCALES = frozenset({"en-US"})

# Unused by the app, which never opens the web inspector.
DROPPED_RESOURCES = frozenset({"qtwebengine_devtools_resources.pak"})

# Qt's own libraries (Linux .so, Windows .dll, macOS framework binary) and PySide's QML
# support library: the only libraries the import closure may drop.
_QT_LIBRARY = re.compile(
    r"(^(lib)?Qt6\w+\.(so\.6|dll)$)|(^(lib)?pyside6qml\.abi3\.(so\.[\d.]+|dll|[\d.]*dylib)$)"
)
_QT_FRAMEWORK = re.compile(r"(^|/)(Qt\w+)\.framework/Versions/[^/]+/\2$")
# PySide6 keeps Qt under PySide6/Qt/ (Linux, macOS) or directly under PySide6/ (Windows).
_PLUGIN = re.compile(r"^PySide6/(Qt/)?plugins/(?P<type>[^/]+)/(?P<file>[^/]+)$")
_TRANSLATION = re.compile(r"^PySide6/(Qt/)?translations/[^/]+\.qm$")
_LOCALE = re.compile(r"^PySide6/.*/qtwebengine_locales/(?P<locale>[^/]+)\.pak$")
_QML = re.compile(r"^PySide6/(Qt/)?qml/")

# Where a Linux distribution keeps its shared libraries.
SYSTEM_LIBRARY_DIRS = (
    "/lib",
    "/lib64",
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
)

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination, source, typecode)


@dataclass
class TrimReport:
    """What the trim kept and dropped, in files and bytes, by reason."""

    before_files: int = 0
    before_bytes: int = 0
    after_files: int = 0
    after_bytes: int = 0
    removed: dict[str, list[int]] = field(default_factory=dict)  # reason -> [files, bytes]
    system_libraries: list[str] = field(default_factory=list)  # left to the distribution

    def drop(self, reason: str, size: int) -> None:
        files_bytes = self.removed.setdefault(reason, [0, 0])
        files_bytes[0] += 1
        files_bytes[1] += size

    def to_json(self) -> dict[str, object]:
        return {
            "before": {"files": self.before_files, "bytes": self.before_bytes},
            "after": {"files": self.after_files, "bytes": self.after_bytes},
            "removed": {k: {"files": v[0], "bytes": v[1]} for k, v in sorted(self.removed.items())},
            "system_libraries": sorted(self.system_libraries),
        }


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def _plugin_name(file_name: str) -> str:
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def drop_reason(dest: str, keep_locales: Iterable[str] = DEFAULT_LOCALES) -> str | None:
    """Why a collected file is dropped by name alone, or None to keep it (for now)."""
    path = _posix(dest)
    plugin = _PLUGIN.match(path)
    if plugin:
        kept = KEEP_PLUGINS.get(plugin.group("type"), frozenset())
        if "*" in kept or _plugin_name(plugin.group("file")) in kept:
            return None
        return "qt-plugins"
    locale = _LOCALE.match(path)
    if locale:
        return None if locale.group("locale") in set(keep_locales) else "webengine-locales"
    if _TRANSLATION.match(path):
        return "qt-translations"
    if _QML.match(path):
        return "qml"
    if path.startswith("PySide6/") and PurePosixPath(path).name in DROPPED_RESOURCES:
        return "webengine-devtools"
    return None


def is_qt_library(dest: str) -> bool:
    path = _posix(dest)
    return bool(_QT_LIBRARY.match(PurePosixPath(path).name) or _QT_FRAMEWORK.search(path))


def is_system_library(source: str, system_dirs: Iterable[str] = SYSTEM_LIBRARY_DIRS) -> bool:
    """A shared library of the Linux distribution (libpython excepted: it is bundled)."""
    real = os.path.realpath(source)
    name = os.path.basename(real)
    if name.startswith("libpython"):
        return False
    folder = os.path.dirname(real)
    for root in system_dirs:
        # /usr/lib/x86_64-linux-gnu and /usr/lib/x86_64-linux-gnu/nss, not /usr/lib/python3.11
        if folder == root or (
            folder.startswith(root + "/") and "python" not in folder[len(root) :]
        ):
            return True
    return False


def trim(
    binaries: list[Entry],
    datas: list[Entry],
    imports_of: Callable[[str], Iterable[str]],
    size_of: Callable[[str], int] = os.path.getsize,
    *,
    keep_locales: Iterable[str] = DEFAULT_LOCALES,
    drop_system_libraries: bool = False,
) -> tuple[list[Entry], list[Entry], TrimReport]:
    """The kept binaries and datas, and a report of what went.

    ``imports_of(source)`` names the libraries a binary links to (base names or paths).
    """
    report = TrimReport()
    locales = frozenset(keep_locales)
    sizes: dict[str, int] = {}

    def size(entry: Entry) -> int:
        if entry[2] == "SYMLINK":
            return 0
        if entry[1] not in sizes:
            sizes[entry[1]] = size_of(entry[1])
        return sizes[entry[1]]

    every = [*binaries, *datas]
    report.before_files = len(every)
    report.before_bytes = sum(size(entry) for entry in every)
    dropped: set[str] = set()

    def drop(entry: Entry, reason: str) -> None:
        dropped.add(_posix(entry[0]))
        report.drop(reason, size(entry))

    # 1. By name: plugins, translations, locales, QML, devtools.
    kept_binaries: list[Entry] = []
    for entry in binaries:
        reason = drop_reason(entry[0], locales)
        if reason:
            drop(entry, reason)
        else:
            kept_binaries.append(entry)
    kept_datas: list[Entry] = []
    for entry in datas:
        reason = drop_reason(entry[0], locales) if entry[2] != "SYMLINK" else None
        if reason:
            drop(entry, reason)
        else:
            kept_datas.append(entry)

    # 2. Qt libraries that nothing kept links to, followed through their own imports.
    by_name = {PurePosixPath(_posix(e[0])).name: e for e in kept_binaries if is_qt_library(e[0])}
    needed: set[str] = set()
    pending = [e for e in kept_binaries if not is_qt_library(e[0])]
    while pending:
        entry = pending.pop()
        for name in imports_of(entry[1]):
            base = PurePosixPath(_posix(name)).name
            if base in by_name and base not in needed:
                needed.add(base)
                pending.append(by_name[base])
    unused_frameworks: list[str] = []
    remaining: list[Entry] = []
    for entry in kept_binaries:
        name = PurePosixPath(_posix(entry[0])).name
        if name in by_name and name not in needed:
            drop(entry, "qt-libraries")
            framework = _QT_FRAMEWORK.search(_posix(entry[0]))
            if framework:
                unused_frameworks.append(_posix(entry[0])[: framework.end(2)] + ".framework/")
        else:
            remaining.append(entry)
    kept_binaries = remaining

    # 3. The distribution's libraries (Linux .deb): depended on, not copied.
    if drop_system_libraries:
        remaining = []
        for entry in kept_binaries:
            if entry[2] == "BINARY" and is_system_library(entry[1]):
                drop(entry, "system-libraries")
                report.system_libraries.append(os.path.realpath(entry[1]))
            else:
                remaining.append(entry)
        kept_binaries = remaining

    # 4. Whatever lived inside a dropped framework, and symlinks to anything dropped.
    remaining = []
    for entry in kept_datas:
        dest = _posix(entry[0])
        if any(dest.startswith(prefix) for prefix in unused_frameworks):
            drop(entry, "qt-libraries")
        elif entry[2] == "SYMLINK" and _symlink_target(entry) in dropped:
            drop(entry, "symlinks")
        else:
            remaining.append(entry)
    kept_datas = remaining

    report.after_files = len(kept_binaries) + len(kept_datas)
    report.after_bytes = sum(size(entry) for entry in [*kept_binaries, *kept_datas])
    return kept_binaries, kept_datas, report


def _symlink_target(entry: Entry) -> str:
    """The bundle path a SYMLINK entry points to (its source is relative to its folder)."""
    dest = PurePosixPath(_posix(entry[0]))
    target = dest.parent / _posix(entry[1])
    return os.path.normpath(str(target)).replace("\\", "/")
