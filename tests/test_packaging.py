"""The packaging rules that need no build: trim, icons, desktop entry, .deb layout, workflow.

Building the bundle and the .deb takes about a minute and is proven by packaging/ci.sh, which
.ci/run calls after the tests; these tests cover the parts that decide what ships.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from editor import __version__
from tests.conftest import REPO

PACKAGING = REPO / "packaging"
sys.path.insert(0, str(PACKAGING))

import deb  # noqa: E402
import icons  # noqa: E402
import trim  # noqa: E402

QT = "PySide6/Qt"


# --- trim rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dest", "reason"),
    [
        (f"{QT}/plugins/platforms/libqxcb.so", None),
        (f"{QT}/plugins/platforms/libqoffscreen.so", None),
        (f"{QT}/plugins/platforms/libqwayland.so", "qt-plugins"),
        (f"{QT}/plugins/platforms/libqeglfs.so", "qt-plugins"),
        (f"{QT}/plugins/platformthemes/libqgtk3.so", "qt-plugins"),
        (f"{QT}/plugins/xcbglintegrations/libqxcb-glx-integration.so", None),
        (f"{QT}/plugins/iconengines/libqsvgicon.so", None),
        (f"{QT}/plugins/imageformats/libqpdf.so", "qt-plugins"),
        (f"{QT}/plugins/position/libqtposition_geoclue2.so", "qt-plugins"),
        ("PySide6/plugins/platforms/qwindows.dll", None),  # Windows keeps Qt in PySide6/
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", None),
        (f"{QT}/plugins/platforms/libqcocoa.dylib", None),
        (f"{QT}/translations/qtbase_de.qm", "qt-translations"),
        (f"{QT}/translations/qtwebengine_locales/en-US.pak", None),
        (f"{QT}/translations/qtwebengine_locales/de.pak", "webengine-locales"),
        (f"{QT}/resources/qtwebengine_devtools_resources.pak", "webengine-devtools"),
        (f"{QT}/resources/qtwebengine_resources.pak", None),
        (f"{QT}/resources/icudtl.dat", None),
        (f"{QT}/qml/QtQuick/Controls/qmldir", "qml"),
        ("resources/preview.css", None),  # the app's own resources are never trimmed
        ("resources/samples/.article-editor.yaml", None),
    ],
)
def test_drop_reason(dest: str, reason: str | None) -> None:
    """Ensure each Qt file is kept or dropped for the documented reason."""
    assert trim.drop_reason(dest) == reason


def test_locales_to_keep_are_chosen_by_the_build() -> None:
    dest = f"{QT}/translations/qtwebengine_locales/de.pak"
    assert trim.drop_reason(dest, keep_locales={"en-US", "de"}) is None


@pytest.mark.parametrize(
    ("source", "system"),
    [
        ("/usr/lib/x86_64-linux-gnu/libnss3.so", True),
        ("/lib/x86_64-linux-gnu/libxcb-cursor.so.0", True),
        ("/usr/lib/x86_64-linux-gnu/nss/libsoftokn3.so", True),
        ("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", False),  # bundled: 24.04 has none
        ("/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", False),
        ("/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0", False),
        ("/work/.venv/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6Core.so.6", False),
    ],
)
def test_system_libraries(source: str, system: bool) -> None:
    """Ensure the distribution's libraries are left to the .deb's Depends, Python is not."""
    assert trim.is_system_library(source) is system


def _toc() -> tuple[list[trim.Entry], list[trim.Entry], dict[str, list[str]]]:
    site = "/venv/site-packages"

    def collected(dest: str, kind: str = "BINARY") -> trim.Entry:
        return (dest, f"{site}/{dest}", kind)

    binaries = [
        collected("PySide6/QtWebEngineWidgets.abi3.so", "EXTENSION"),
        collected(f"{QT}/lib/libQt6WebEngineWidgets.so.6"),
        collected(f"{QT}/lib/libQt6Quick.so.6"),
        collected(f"{QT}/lib/libQt6Core.so.6"),
        collected(f"{QT}/lib/libQt6Quick3D.so.6"),
        collected(f"{QT}/lib/libQt6WaylandClient.so.6"),
        collected(f"{QT}/plugins/platforms/libqxcb.so"),
        collected(f"{QT}/plugins/platforms/libqwayland.so"),
        collected(f"{QT}/libexec/QtWebEngineProcess"),
        ("libnss3.so", "/usr/lib/x86_64-linux-gnu/libnss3.so", "BINARY"),
        ("libpython3.11.so.1.0", "/opt/python/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    datas = [
        ("libQt6Core.so.6", f"{QT}/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Quick3D.so.6", f"{QT}/lib/libQt6Quick3D.so.6", "SYMLINK"),
        (f"{QT}/translations/qtbase_fr.qm", f"{site}/{QT}/translations/qtbase_fr.qm", "DATA"),
        ("resources/preview.css", "/repo/resources/preview.css", "DATA"),
    ]
    imports = {
        f"{site}/PySide6/QtWebEngineWidgets.abi3.so": ["libQt6WebEngineWidgets.so.6"],
        f"{site}/{QT}/lib/libQt6WebEngineWidgets.so.6": ["libQt6Quick.so.6", "libnss3.so"],
        f"{site}/{QT}/lib/libQt6Quick.so.6": ["libQt6Core.so.6", "libc.so.6"],
        f"{site}/{QT}/plugins/platforms/libqxcb.so": ["libQt6Core.so.6"],
        f"{site}/{QT}/plugins/platforms/libqwayland.so": ["libQt6WaylandClient.so.6"],
        f"{site}/{QT}/lib/libQt6Quick3D.so.6": ["libQt6Quick.so.6"],
    }
    return binaries, datas, imports


def test_trim_keeps_the_import_closure_and_drops_the_rest() -> None:
    """Ensure Qt libraries reached from kept binaries stay, unreachable ones and their
    symlinks go, dropped plugins do not keep their libraries alive, and sizes add up."""
    binaries, datas, imports = _toc()
    kept_binaries, kept_datas, report = trim.trim(
        binaries,
        datas,
        lambda source: imports.get(source, []),
        size_of=lambda _source: 10,
        drop_system_libraries=True,
    )
    kept = {dest for dest, _source, _kind in [*kept_binaries, *kept_datas]}
    assert kept == {
        "PySide6/QtWebEngineWidgets.abi3.so",
        f"{QT}/lib/libQt6WebEngineWidgets.so.6",
        f"{QT}/lib/libQt6Quick.so.6",  # linked by QtWebEngine, so kept though unused
        f"{QT}/lib/libQt6Core.so.6",
        f"{QT}/plugins/platforms/libqxcb.so",
        f"{QT}/libexec/QtWebEngineProcess",
        "libpython3.11.so.1.0",
        "libQt6Core.so.6",
        "resources/preview.css",
    }
    assert report.system_libraries == ["/usr/lib/x86_64-linux-gnu/libnss3.so"]
    assert report.removed == {
        "qt-plugins": [1, 10],
        "qt-libraries": [2, 20],  # Quick3D (nothing links it), WaylandClient (dropped plugin)
        "system-libraries": [1, 10],
        "qt-translations": [1, 10],
        "symlinks": [1, 0],
    }
    assert report.before_bytes - report.after_bytes == 50
    assert report.after_files == len(kept)


def test_trim_keeps_system_libraries_unless_asked() -> None:
    binaries, datas, imports = _toc()
    kept_binaries, _datas, report = trim.trim(
        binaries, datas, lambda source: imports.get(source, []), size_of=lambda _s: 1
    )
    assert "libnss3.so" in {dest for dest, _source, _kind in kept_binaries}
    assert report.system_libraries == []


def test_trim_drops_a_whole_unused_macos_framework() -> None:
    lib = "PySide6/Qt/lib"
    binaries = [
        ("PySide6/QtCore.abi3.so", "/s/PySide6/QtCore.abi3.so", "EXTENSION"),
        (f"{lib}/QtCore.framework/Versions/A/QtCore", "/s/QtCore", "BINARY"),
        (f"{lib}/QtQuick3D.framework/Versions/A/QtQuick3D", "/s/QtQuick3D", "BINARY"),
    ]
    datas = [
        (f"{lib}/QtQuick3D.framework/Versions/A/Resources/Info.plist", "/s/Info.plist", "DATA"),
        (f"{lib}/QtCore.framework/Versions/A/Resources/Info.plist", "/s/Core.plist", "DATA"),
    ]
    imports = {"/s/PySide6/QtCore.abi3.so": ["@rpath/QtCore.framework/Versions/A/QtCore"]}
    kept_binaries, kept_datas, _report = trim.trim(
        binaries, datas, lambda s: imports.get(s, []), size_of=lambda _s: 1
    )
    kept = {dest for dest, _source, _kind in [*kept_binaries, *kept_datas]}
    assert not any("QtQuick3D" in dest for dest in kept)
    assert f"{lib}/QtCore.framework/Versions/A/Resources/Info.plist" in kept


def test_app_imports_no_excluded_module_and_loads_only_kept_plugins(tmp_path: Path) -> None:
    """Ensure what the spec excludes or trims is really unused: run the self-test (window,
    preview, saving) and look at the Python modules and Qt plugins the process loaded."""
    code = (
        "import sys\n"
        "from editor.self_test import run\n"
        "code = run()\n"
        "print('MODULES', *sorted(m for m in sys.modules if m.startswith('PySide6.')))\n"
        "maps = open('/proc/self/maps').read() if sys.platform.startswith('linux') else ''\n"
        "plugins = {l.split()[-1] for l in maps.splitlines() if '/plugins/' in l}\n"
        "print('PLUGINS', *sorted(plugins))\n"
        "sys.exit(code)\n"
    )
    environment = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line}
    assert set(lines["MODULES"]) & set(trim.EXCLUDED_MODULES) == set()
    for plugin in lines["PLUGINS"]:
        dest = "PySide6/" + plugin.split("/PySide6/", 1)[1]
        assert trim.drop_reason(dest) is None, f"the app loaded {dest}, which the trim drops"


# --- version, icons, desktop entry -------------------------------------------------------


def test_package_version_is_the_apps() -> None:
    """Ensure the installers (versioned from pyproject.toml) say what the app says."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_icons_are_drawn_from_the_svg(tmp_path: Path, qapp: object) -> None:
    """Ensure the .ico and .icns hold the sizes Windows and macOS look for, readable by Qt."""
    from PySide6.QtGui import QImageReader

    written = icons.make_icons(REPO / "resources" / "icons" / "article-editor.svg", tmp_path, "x")
    assert [path.name for path in written] == ["x.ico", "x.icns", "x.png"]
    reader = QImageReader(str(tmp_path / "x.ico"))
    sizes = set()
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        sizes.add(reader.read().width())
    assert sizes == set(icons.ICO_SIZES)
    data = (tmp_path / "x.icns").read_bytes()
    assert data[:4] == b"icns" and int.from_bytes(data[4:8], "big") == len(data)
    assert b"ic10" in data  # 1024 px, for Retina


def test_desktop_entry() -> None:
    """Ensure the .desktop entry starts the installed command on a Markdown file, with icon."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(REPO / "resources" / "article-editor.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Article Editor"
    assert entry["Exec"] == "article-editor %f"  # the app opens one path
    assert entry["MimeType"] == "text/markdown;"
    assert (REPO / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()
    assert entry["Categories"].endswith(";") and entry["Terminal"] == "false"


# --- the .deb layout (dpkg itself runs in packaging/ci.sh) -----------------------------


def test_deb_stage_layout(tmp_path: Path) -> None:
    """Ensure the package tree puts the bundle in /opt with the command, entry and icon."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "article-editor").write_bytes(b"\x7fELF")
    (bundle / "article-editor").chmod(0o700)
    root = deb.stage(bundle, tmp_path / "work")
    assert os.readlink(root / "usr/bin/article-editor") == "/opt/article-editor/article-editor"
    assert (root / "opt/article-editor/article-editor").stat().st_mode & 0o777 == 0o755
    assert (root / "opt/article-editor/apparmor-profile").is_file()
    assert (root / "usr/share/applications/article-editor.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/scalable/apps/article-editor.svg").is_file()
    assert (root / "usr/share/doc/article-editor/copyright").is_file()
    for script in ("postinst", "postrm"):
        assert (root / "DEBIAN" / script).stat().st_mode & 0o777 == 0o755
    deb.write_control(root, "1.2.3", "amd64", "libc6 (>= 2.35)")
    control = (root / "DEBIAN/control").read_text(encoding="utf-8")
    assert "Version: 1.2.3\n" in control and "Depends: libc6 (>= 2.35)\n" in control
    assert "\nDescription: " in control and "\n .\n" in control


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
@pytest.mark.parametrize("script", ["linux/postinst", "linux/postrm", "ci.sh", "macos/make_dmg.sh"])
def test_shell_scripts_parse(script: str) -> None:
    shell = "bash" if script.endswith(".sh") else "sh"
    subprocess.run([shell, "-n", str(PACKAGING / script)], check=True)


def test_workflow_builds_and_self_tests_every_platform() -> None:
    """Ensure the release workflow is valid YAML that runs --self-test on each platform."""
    workflow = yaml.safe_load((REPO / ".github/workflows/installers.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    for job in ("linux", "windows", "macos"):
        runs = " ".join(step.get("run", "") for step in jobs[job]["steps"])
        assert "python packaging/build.py" in runs
    for job in ("linux-install", "windows", "macos"):
        runs = " ".join(step.get("run", "") for step in jobs[job]["steps"])
        assert "--self-test" in runs
